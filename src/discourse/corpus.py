"""From files to a research corpus, and from a corpus to its utterances.

``read_corpus`` reads a folder of ``.txt`` files, a CSV/TSV, JSONL or Parquet file, or a
DataFrame into one tidy table: ``doc_id``, ``text``, then metadata columns.
``attribute_corpus`` runs the per-document function, ``document_utterances`` (``attribute``
for articles, ``parse_transcript`` for transcripts), over every document, serially, in
processes or on a Dask cluster (``client=``), concatenates the utterance tables and
gives each person one label across the corpus. The per-document function is the same
whether documents are streamed, run in processes, or on a cluster.

Problems are reported, never swallowed: files that cannot be read and documents that
fail are listed, with the reason, in a warning and in ``.attrs`` of the result
(``attrs["skipped"]``, ``attrs["errors"]``) as a list of records (dicts);
``pandas.DataFrame(result.attrs["skipped"])`` makes it a table. Records rather than
DataFrames, because pandas compares ``attrs`` when frames are concatenated or merged,
and a DataFrame there makes ``pd.concat`` raise.
"""

from __future__ import annotations

import csv
import functools
import importlib
import json
import math
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .schema import UTTERANCE_COLUMNS, empty_utterances
from .spans import cover_rows, utterance_frame
from .transcripts import (
    bom_encoding,
    looks_like_transcript,
    parse_transcript,
    read_text_file,
    read_transcript,
    transcript_rows,
    turns_region,
)

__all__ = [
    "CorpusAnalysis",
    "analyse_corpus",
    "attribute_corpus",
    "document_utterances",
    "iter_utterances",
    "parse_transcript",
    "read_corpus",
    "read_transcript",
]

_TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_PARQUET_SUFFIXES = {".parquet", ".pq"}
_METADATA_KEYS = ("doc_id", "path", "file", "filename")
_KINDS = ("auto", "article", "transcript")
#: ``attribute_corpus`` shows a progress bar by default from this many documents.
PROGRESS_FROM = 200

#: attribute_corpus turns gathered rows into a table every so many rows
_ROWS_PER_FRAME = 200_000


def _listing(items: Iterable[Any], *, limit: int = 10) -> str:
    items = [str(i) for i in items]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


# --- reading -------------------------------------------------------------------------------


def read_corpus(
    source: str | os.PathLike[str] | pd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    metadata: str | os.PathLike[str] | pd.DataFrame | None = None,
    pattern: str = "*.txt",
    encoding: str = "utf-8",
    errors: Literal["skip", "raise"] = "skip",
) -> pd.DataFrame:
    """Read documents into one corpus table: ``doc_id``, ``text``, then metadata.

    Parameters
    ----------
    source : path or DataFrame
        - a folder: every file matching ``pattern`` in it and its subfolders (files and
          folders whose name starts with "." are left out); ``doc_id`` is the path
          relative to the folder, with "/" separators ("2025/speech.txt");
        - a single text file (``.txt``, or any suffix not listed below): one document,
          ``doc_id`` its file name;
        - a ``.csv``/``.tsv``, ``.jsonl``/``.ndjson`` or ``.parquet`` file, or a
          DataFrame: one document per row, the text in ``text_column``.
    text_column : str, default "text"
        The column holding the texts (tables only).
    id_column : str, optional
        The column holding document ids (tables only). By default a column named
        ``doc_id`` if there is one, else the row number from 0. Ids are read as
        strings from CSV files, so "007" stays "007".
    metadata : path or DataFrame, optional
        A table (CSV path or DataFrame) with one row per document, joined on its first
        column named ``doc_id``, ``path``, ``file`` or ``filename``. For a folder, a key
        may be the relative path ("2025/a.txt"), the path without its suffix, the file
        name ("a.txt") or the bare name ("a"); a key that matches several files is an
        error. Documents without a row and rows without a document are named in a
        warning.
    pattern : str, default "*.txt"
        Glob pattern of the files to read from a folder, matched without regard to case
        ("*.txt" reads "NOTES.TXT" too). Links to files are followed; links to folders
        are not (they are listed in ``attrs["skipped"]``), nor are broken or looping
        links, pipes and other things that are not files (listed too).
    encoding : str, default "utf-8"
        The files' encoding. A leading byte-order mark is dropped, so that offsets
        count from the first character of text; with a Unicode encoding (the default)
        it also decides between UTF-8, UTF-16 and UTF-32. Line endings are kept as
        written. A file that is not valid in this encoding is never read as garbled
        text: it is skipped, or raises, with its name and the offending byte.
    errors : {"skip", "raise"}, default "skip"
        What to do with a file of a folder that cannot be read (not valid in
        ``encoding``, binary, a broken link): leave it out and list it in a warning and in
        ``attrs["skipped"]``, or raise. A table file that cannot be read always raises.

    Returns
    -------
    DataFrame
        ``doc_id``, ``text`` and the metadata columns. Folders are sorted by
        ``doc_id``; tables keep their row order. ``attrs["skipped"]`` lists the files
        left out, as records with keys doc_id, path and reason (empty if none). Empty
        documents are kept (a document with no words is data) and named in a warning.
        A DataFrame given as ``source`` or ``metadata`` is not modified.

    Raises
    ------
    FileNotFoundError
        ``source`` does not exist, or a folder holds no file matching ``pattern``.
    ValueError
        A row of a CSV/TSV file has more or fewer fields than its header (the message
        names the line), a line of a JSONL file is not a JSON object (named too),
        the text or id column is missing (the message lists the columns present),
        document ids are duplicated (the message lists them), every file of a folder
        was unreadable, or, with ``errors="raise"``, a file is unreadable.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"body": ["Q: Why?", "He said no."], "year": [2024, 2025]})
    >>> read_corpus(table, text_column="body").values.tolist()
    [[0, 'Q: Why?', 2024], [1, 'He said no.', 2025]]
    """
    if errors not in ("skip", "raise"):
        raise ValueError(f"errors must be 'skip' or 'raise', not {errors!r}")
    skipped: list[dict[str, Any]] = []
    if isinstance(source, pd.DataFrame):
        corpus = _from_table(source, text_column=text_column, id_column=id_column, what="the DataFrame")
        folder = None
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {path}")
        if path.is_dir():
            corpus, skipped = _read_folder(path, pattern=pattern, encoding=encoding, errors=errors)
            folder = path
        else:
            corpus = _read_file(path, text_column=text_column, id_column=id_column, encoding=encoding)
            folder = None
    if metadata is not None:
        corpus = _join_metadata(corpus, metadata, folder=folder, encoding=encoding)
    empty = corpus.loc[corpus["text"].str.strip().eq(""), "doc_id"].tolist()
    _warn_read(empty, skipped, len(corpus))
    corpus = corpus.reset_index(drop=True)
    corpus.attrs = {"skipped": skipped}
    return corpus


def _warn_read(empty: list[Any], skipped: list[dict[str, Any]], n_read: int) -> None:
    """The warnings of ``read_corpus`` about empty documents and files left out."""
    if empty:
        warnings.warn(
            f"{len(empty)} empty document(s), kept with no words: {_listing(empty)}",
            UserWarning,
            stacklevel=3,
        )
    if skipped:
        warnings.warn(
            f"skipped {len(skipped)} unreadable file(s) of {len(skipped) + n_read}: "
            + _listing(f"{s['doc_id']} ({s['reason']})" for s in skipped)
            + "; they are listed in .attrs['skipped']",
            UserWarning,
            stacklevel=3,
        )


def folder_documents(
    folder: str | os.PathLike[str], *, pattern: str = "*.txt", encoding: str = "utf-8"
) -> list[tuple[str, Path]]:
    """The documents of a folder as (doc_id, path) pairs, for ``analyse_corpus`` to read
    one batch at a time: the files ``read_corpus(folder)`` reads, with the same ids,
    order, warnings and errors. Each file is read here to check it, and not kept."""
    corpus, skipped = _read_folder(Path(folder), pattern=pattern, encoding=encoding, errors="skip", keep_text=False)
    _warn_read(corpus.loc[corpus["empty"], "doc_id"].tolist(), skipped, len(corpus))
    return list(zip(corpus["doc_id"], corpus["text"]))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _read_folder(
    folder: Path, *, pattern: str, encoding: str, errors: str, keep_text: bool = True
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The readable files' doc_id and text (or, without ``keep_text``, their path, and
    whether they are empty), and the files left out."""
    files = sorted(_walk_files(folder, pattern))
    if not files:
        raise FileNotFoundError(f"no files matching {pattern!r} in folder {folder}")
    ids: list[str] = []
    texts: list[Any] = []
    empty: list[bool] = []
    skipped: list[dict[str, Any]] = []
    for doc_id, path in files:
        try:
            text = read_text_file(path, encoding=encoding)
        except (ValueError, OSError) as e:
            if errors == "raise":
                raise
            reason = str(e)
            prefix = f"{path}: "
            skipped.append({"doc_id": doc_id, "path": str(path), "reason": reason.removeprefix(prefix)})
            continue
        ids.append(doc_id)
        texts.append(text if keep_text else path)
        empty.append(not text.strip())
    if not ids:
        raise ValueError(
            f"none of the {len(files)} file(s) matching {pattern!r} in {folder} could be read: "
            + _listing(f"{s['doc_id']} ({s['reason']})" for s in skipped)
        )
    corpus = pd.DataFrame({"doc_id": pd.Series(ids, dtype=object), "text": pd.Series(texts, dtype=object)})
    if not keep_text:
        corpus["empty"] = empty
    return corpus, skipped


def _read_file(path: Path, *, text_column: str, id_column: str | None, encoding: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        table = _read_csv(path, sep=_TABLE_SUFFIXES[suffix], encoding=encoding,
                          as_text=[text_column, id_column or "doc_id"])
    elif suffix in _JSONL_SUFFIXES:
        table = _read_jsonl(path, encoding=encoding)
    elif suffix in _PARQUET_SUFFIXES:
        try:
            table = pd.read_parquet(path)
        except ImportError as e:
            raise ImportError(
                f"reading {path} needs pyarrow: pip install 'discourse[parquet]' ({e})"
            ) from None
    else:  # one text file, one document
        text = read_text_file(path, encoding=encoding)
        return pd.DataFrame({"doc_id": pd.Series([path.name], dtype=object), "text": pd.Series([text], dtype=object)})
    return _from_table(table, text_column=text_column, id_column=id_column, what=str(path))


def _csv_encoding(encoding: str) -> str:
    return "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _read_csv(path: Path, *, sep: str, encoding: str, as_text: list[str]) -> pd.DataFrame:
    with open(path, "rb") as f:
        head = f.read(65536)
    bom = bom_encoding(head, encoding)
    if b"\x00" in head and bom not in ("utf-16", "utf-32"):
        raise ValueError(f"{path}: binary file (it holds NUL bytes), not a text table")
    encoding = bom or _csv_encoding(encoding)
    try:
        _check_fields(path, sep=sep, encoding=encoding)
        return pd.read_csv(path, sep=sep, encoding=encoding, dtype={c: str for c in as_text})
    except UnicodeDecodeError as e:
        raise ValueError(f"{path}: not valid {encoding} ({e.reason} at byte {e.start}); re-save it as UTF-8 or pass encoding=") from None
    except pd.errors.ParserError as e:
        raise ValueError(f"{path}: not a readable table: {e}") from None


def _check_fields(path: Path, *, sep: str, encoding: str) -> None:
    """Raise, naming the line, where a row has more or fewer fields than the header.

    pandas reads such a row without a word: one field too many in the first row makes
    the first column the index, so every column shifts ("doc_id" gets the text and
    "text" the extra field); a short row is filled with missing values.
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 2**31 - 1))  # a text field may be a whole article
    try:
        with open(path, encoding=encoding, newline="") as f:
            reader = csv.reader(f, delimiter=sep)
            width, line = None, 1
            for row in reader:
                first, line = line, reader.line_num + 1  # the line this row started on
                if not row:
                    continue  # a blank line, which pandas skips too
                if width is None:
                    width = len(row)
                elif len(row) != width:
                    raise ValueError(
                        f"{path}, line {first}: {len(row)} field{'s' if len(row) != 1 else ''} where "
                        f"the header has {width} (a separator or quote out of place?); nothing was read")
    except csv.Error as e:
        raise ValueError(f"{path}, line {reader.line_num}: not a readable table: {e}") from None
    finally:
        csv.field_size_limit(limit)


def _read_jsonl(path: Path, *, encoding: str) -> pd.DataFrame:
    text = read_text_file(path, encoding=encoding)
    records = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}, line {n}: not valid JSON ({e.msg})") from None
        except RecursionError:
            raise ValueError(f"{path}, line {n}: JSON nested too deeply to read") from None
        if not isinstance(record, dict):
            raise ValueError(f"{path}, line {n}: a JSON object was expected, not {type(record).__name__}")
        records.append(record)
    return pd.DataFrame.from_records(records)


def _from_table(table: pd.DataFrame, *, text_column: str, id_column: str | None, what: str) -> pd.DataFrame:
    columns = [str(c) for c in table.columns]
    present = ", ".join(map(repr, columns)) or "none"
    if text_column not in table.columns:
        raise ValueError(f"{what} has no text column {text_column!r}; its columns are {present} (pass text_column=)")
    if id_column is not None and id_column not in table.columns:
        raise ValueError(f"{what} has no id column {id_column!r}; its columns are {present}")
    if id_column is None and "doc_id" in table.columns and text_column != "doc_id":
        id_column = "doc_id"
    if id_column == text_column:
        raise ValueError(f"id_column and text_column are the same column, {text_column!r}")
    if text_column != "text" and "text" in table.columns and id_column != "text":
        raise ValueError(
            f"{what} has a column 'text' besides the text column {text_column!r}: rename it, "
            "since the corpus's text goes in 'text'"
        )

    texts = table[text_column]
    bad = [(i, type(v).__name__) for i, v in enumerate(texts) if not (isinstance(v, str) or _missing(v))]
    if bad:
        raise TypeError(
            f"{what}: column {text_column!r} must hold text; rows "
            + _listing(f"{i} ({t})" for i, t in bad)
            + " do not"
        )
    text = pd.Series([v if isinstance(v, str) else "" for v in texts], dtype=object)
    text = pd.Series([v[1:] if v.startswith("\ufeff") else v for v in text], dtype=object)

    if id_column is None:
        ids = pd.Series(range(len(table)), dtype=object)
    else:
        ids = pd.Series(list(table[id_column]), dtype=object)
        missing = [i for i, v in enumerate(ids) if _missing(v)]
        if missing:
            raise ValueError(f"{what}: column {id_column!r} has no id in rows {_listing(missing)}")
        dup = ids[ids.duplicated(keep=False)]
        if len(dup):
            raise ValueError(
                f"{what}: duplicate document ids in column {id_column!r}: "
                + _listing(sorted(set(map(str, dup))))
            )
    rest = table.drop(columns=[c for c in (text_column, id_column) if c is not None]).reset_index(drop=True)
    out = pd.concat([pd.DataFrame({"doc_id": ids, "text": text}), rest], axis=1)
    out.attrs = {}
    return out


def _join_metadata(corpus: pd.DataFrame, metadata: Any, *, folder: Path | None, encoding: str) -> pd.DataFrame:
    if isinstance(metadata, pd.DataFrame):
        meta, what = metadata, "the metadata table"
    else:
        mpath = Path(metadata)
        if not mpath.is_file():
            raise FileNotFoundError(f"no such metadata file: {mpath}")
        header = pd.read_csv(mpath, nrows=0, encoding=_csv_encoding(encoding)).columns
        keys = [c for c in _METADATA_KEYS if c in header]
        meta = _read_csv(mpath, sep=",", encoding=encoding, as_text=keys[:1])
        what = str(mpath)
    key = next((c for c in _METADATA_KEYS if c in meta.columns), None)
    if key is None:
        raise ValueError(
            f"{what} needs a column naming the documents ({', '.join(_METADATA_KEYS)}); "
            f"its columns are {', '.join(map(repr, map(str, meta.columns)))}"
        )
    clash = [c for c in meta.columns if c != key and c in corpus.columns]
    if clash:
        raise ValueError(f"{what} repeats the corpus's column(s) {_listing(map(repr, clash))}")
    keys = meta[key].astype(str).str.replace("\\", "/", regex=False)
    dup = keys[keys.duplicated(keep=False)]
    if len(dup):
        raise ValueError(f"{what}: duplicate keys in column {key!r}: {_listing(sorted(set(dup)))}")

    # every name a document can be known by -> the documents known by it
    names: dict[str, list[str]] = {}
    for doc_id in corpus["doc_id"]:
        sid = str(doc_id)
        forms = [sid]
        if folder is not None:
            p = Path(sid)
            forms += [p.with_suffix("").as_posix(), p.name, p.stem]
        for form in dict.fromkeys(forms):
            names.setdefault(form, []).append(sid)
    row_of: dict[str, int] = {}
    unmatched_rows = []
    for i, k in enumerate(keys):
        docs = names.get(k, [])
        if len(docs) > 1 and k not in corpus["doc_id"].astype(str).values:
            raise ValueError(
                f"{what}: key {k!r} matches several documents ({_listing(docs)}); "
                "use their paths relative to the folder"
            )
        if not docs:
            unmatched_rows.append(k)
            continue
        target = k if k in corpus["doc_id"].astype(str).values else docs[0]
        if target in row_of:
            raise ValueError(f"{what}: document {target!r} has two metadata rows")
        row_of[target] = i
    columns = [c for c in meta.columns if c != key]
    picked = [row_of.get(str(d)) for d in corpus["doc_id"]]
    no_row = [d for d, r in zip(corpus["doc_id"], picked) if r is None]
    take = meta[columns].reset_index(drop=True)
    joined = take.reindex([-1 if r is None else r for r in picked]).reset_index(drop=True)
    out = pd.concat([corpus.reset_index(drop=True), joined], axis=1)
    if no_row:
        warnings.warn(f"{len(no_row)} document(s) have no metadata row: {_listing(no_row)}", UserWarning, stacklevel=3)
    if unmatched_rows:
        warnings.warn(
            f"{len(unmatched_rows)} metadata row(s) match no document: {_listing(unmatched_rows)}",
            UserWarning,
            stacklevel=3,
        )
    return out


# --- attributing -----------------------------------------------------------------------------


def document_utterances(
    doc_id: Any,
    text: str,
    *,
    kind: Literal["auto", "article", "transcript"] = "auto",
    speakers: Any = None,
) -> pd.DataFrame:
    """The utterance table of one document: ``attribute`` for an article,
    ``parse_transcript`` for a transcript.

    This is the per-document function that ``attribute_corpus`` runs, serially, in
    processes, or on a Dask cluster; its ``attrs`` are cleared. Mapped over documents on
    its own, it lacks ``attribute_corpus``'s corpus-level step (one label per person
    across the corpus): for a corpus on Dask use ``attribute_corpus(..., client=)``.

    Parameters
    ----------
    doc_id : hashable
    text : str
    kind : {"auto", "article", "transcript"}, default "auto"
        "auto" parses a text as a transcript when two or more of its lines, and at least
        a tenth of them, open with a speaker label ("NAME:", "Q."), and as an article
        otherwise; what lies before its first label, and after its turns in an article
        quoting a transcript excerpt, is read as an article (``turns_region``).
    speakers : dict, list or DataFrame, optional
        Known speakers and their aliases.

    Examples
    --------
    >>> u = document_utterances("t1", "Q: Why?\\nTHE PRESIDENT: Because.\\n")
    >>> u.loc[u["mode"] == "direct", "speaker"].tolist()
    ['(question)', 'The President']
    """
    return utterance_frame(_document_rows(doc_id, text, kind, speakers))


def _document_rows(doc_id: Any, text: Any, kind: str, speakers: Any) -> list[tuple]:
    """``document_utterances`` as row tuples (``spans.cover_rows``): corpus runs build one
    table from the rows of many documents, which is faster than a table per document."""
    if not isinstance(text, str):
        raise TypeError(f"the text is {type(text).__name__}, not a str")
    attribution = importlib.import_module(".attribution", __package__)
    if kind == "transcript":
        return transcript_rows(text, doc_id=doc_id, speakers=speakers)[0]
    if kind == "auto" and looks_like_transcript(text):
        # the turns from the transcript parser, the article around them from the article
        # engine: an interview's introduction, or an article quoting a transcript excerpt
        # and going on after it
        turns = transcript_rows(text, doc_id=doc_id, speakers=speakers)[0]
        region = turns_region(text, speakers=speakers)
        if region is None:
            return turns
        start, end = region
        article = attribution.attribute_rows(text, speakers=speakers, doc_id=doc_id)[0]
        speech = [r for r in article if r[5] != "narration" and (r[2] <= start or r[1] >= end)]
        speech += [r for r in turns if r[5] != "narration" and start <= r[1] < end]
        return cover_rows(text, [
            {"start": r[1], "end": min(r[2], end) if r[1] < end else r[2], "speaker": r[3], "speaker_type": r[4],
             "mode": r[5], "cue": r[6], "joint": r[9]} for r in speech], doc_id=doc_id)
    return attribution.attribute_rows(text, speakers=speakers, doc_id=doc_id)[0]


def _run_one(doc_id: Any, text: Any, kind: str, speakers: Any) -> tuple[list[tuple] | None, str | None, list[str]]:
    """(utterance rows or None, failure reason or None, warning messages)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rows = _document_rows(doc_id, text, kind, speakers)
            reason = None
        except Exception as e:  # noqa: BLE001 - every failure is reported with its document
            rows, reason = None, f"{type(e).__name__}: {e}"
    return rows, reason, [str(w.message) for w in caught]


def _run_chunk(chunk: list[tuple[Any, Any, str]], speakers: Any) -> list[tuple[list[tuple] | None, str | None, list[str]]]:
    return [_run_one(doc_id, text, kind, speakers) for doc_id, text, kind in chunk]


def _documents(corpus: pd.DataFrame | Mapping[Any, str], kind: str) -> list[tuple[Any, Any, str]]:
    if isinstance(corpus, Mapping):
        return [(d, t, kind) for d, t in corpus.items()]
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"corpus must be a DataFrame (from read_corpus) or a mapping doc_id -> text, not {type(corpus).__name__}")
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise ValueError(
            f"the corpus lacks column(s) {', '.join(map(repr, missing))}; it has "
            f"{', '.join(map(repr, map(str, corpus.columns)))} (read it with read_corpus)"
        )
    dup = corpus.loc[corpus["doc_id"].duplicated(keep=False), "doc_id"]
    if len(dup):
        raise ValueError(f"duplicate document ids in the corpus: {_listing(sorted(set(map(str, dup))))}")
    if kind == "auto" and "kind" in corpus.columns:
        kinds = [k if k in ("article", "transcript") else "auto" for k in corpus["kind"]]
    else:
        kinds = [kind] * len(corpus)
    return list(zip(corpus["doc_id"], corpus["text"], kinds))


def _walk_files(folder: Path, pattern: str) -> Iterator[tuple[str, Path]]:
    """(relative path, path) of what ``read_corpus`` and ``analyse_corpus`` read below
    ``folder``, folder by folder in sorted order, without listing the whole tree in memory.

    That is every visible name matching ``pattern``, compared without regard to case
    ("*.txt" takes "NOTES.TXT"; a pattern with "/" matches the path's last parts, as in
    ``Path.rglob``); plus every link to a folder, which is not followed
    (a link may lead back up the tree) but reported when read. Links to files, broken
    and looping links, pipes and the like are all given: reading them says what they are,
    so that none is dropped silently.
    """
    import fnmatch

    parts = [p.lower() for p in pattern.split("/")]

    def matches(rel: str) -> bool:
        tail = rel.lower().split("/")[-len(parts):]
        return len(tail) == len(parts) and all(map(fnmatch.fnmatchcase, tail, parts))

    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        links = [d for d in dirs if (base / d).is_symlink()]  # os.walk does not descend into them
        for name in sorted(names + links):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if not name.startswith(".") and (name in links or matches(rel)):
                yield rel, path


def _stream_documents(
    corpus: Any, kind: str, *, pattern: str = "*.txt"
) -> tuple[Iterable[tuple[Any, Any, str]], int | None]:
    """The documents of ``corpus`` as (doc_id, text or path, kind), read lazily where they
    can be, and how many there are (None when unknown).

    A DataFrame or mapping is in memory already; a folder yields its files one at a time
    (each read when its batch is analysed); any other iterable of (doc_id, text) pairs is
    consumed as it goes, so a generator over a database or a huge file streams too.
    """
    if isinstance(corpus, (pd.DataFrame, Mapping)):
        docs = _documents(corpus, kind)
        return docs, len(docs)
    if isinstance(corpus, (str, os.PathLike)):
        folder = Path(corpus)
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: not a folder; read a file with read_corpus first")
        n_files = sum(1 for _ in _walk_files(folder, pattern))  # counted, not kept
        if not n_files:
            raise FileNotFoundError(f"no files matching {pattern!r} in folder {folder}")
        return ((doc_id, path, kind) for doc_id, path in _walk_files(folder, pattern)), n_files
    if isinstance(corpus, Iterable):
        def pairs() -> Iterator[tuple[Any, Any, str]]:
            seen: set[Any] = set()
            for item in corpus:
                try:
                    doc_id, text = item
                except (TypeError, ValueError):
                    raise TypeError(f"a corpus iterable must yield (doc_id, text) pairs, not {item!r:.80}") from None
                if doc_id in seen:
                    raise ValueError(f"duplicate document id {doc_id!r} in the corpus")
                seen.add(doc_id)
                yield doc_id, text, kind
        return pairs(), (len(corpus) if hasattr(corpus, "__len__") else None)
    raise TypeError(
        "corpus must be a DataFrame (from read_corpus), a mapping doc_id -> text, a folder, "
        f"or an iterable of (doc_id, text) pairs, not {type(corpus).__name__}"
    )


def attribute_corpus(
    corpus: pd.DataFrame | Mapping[Any, str],
    *,
    speakers: Any = None,
    kind: Literal["auto", "article", "transcript"] = "auto",
    n_jobs: int = 1,
    progress: bool | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """Who said what in every document of a corpus, as one utterance table.

    Parameters
    ----------
    corpus : DataFrame or mapping
        A table with ``doc_id`` and ``text`` columns (as from ``read_corpus``; other
        columns are ignored, except ``kind``, below), or a mapping doc_id -> text. Not
        modified.
    speakers : dict, list or DataFrame, optional
        Known speakers and their aliases, used for every document.
    kind : {"auto", "article", "transcript"}, default "auto"
        How to read each document: ``attribute`` for an article, ``parse_transcript``
        for a transcript. With "auto", a ``kind`` column of the corpus decides where it
        says "article" or "transcript"; otherwise a document is a transcript when two or
        more of its lines, and at least a tenth of them, open with a speaker label (and
        the text around its turns is read as an article: ``document_utterances``).
    n_jobs : int, default 1
        Processes to use; -1 for one per CPU. Documents are sent in chunks; the result
        is identical to the serial one.
    progress : bool, optional
        Show a tqdm progress bar. By default, only from 200 documents on.
    client : distributed.Client, optional
        Run the documents on a Dask cluster instead (``pip install "discourse[dask]"``):
        chunks of documents go to its workers, and the corpus-level step (one label per
        person across the corpus: "Hill" in one article becomes the "Hugh Hill" of
        another) is applied to what comes back, so the result is identical to the
        serial one. Not with ``n_jobs``.

    Returns
    -------
    DataFrame
        The utterance tables of the documents (``discourse.schema.UTTERANCE_COLUMNS``),
        in corpus order, with a fresh index. Join metadata on ``doc_id``. A document
        that fails leaves no rows; it is named with the reason in a warning and in
        ``attrs["errors"]``, records with keys doc_id and reason (empty if none). Every
        other document completes. Warnings raised for a document (such as a
        transcript without speaker labels) are passed on.

    Examples
    --------
    >>> corpus = {"a": "Q: Ready?\\nMS. LEAVITT: Yes.\\n", "b": "Q: Now?\\nMS. LEAVITT: No.\\n"}
    >>> u = attribute_corpus(corpus)
    >>> u.loc[u["mode"] == "direct", ["doc_id", "speaker", "text"]].values.tolist()
    [['a', '(question)', 'Ready?\\n'], ['a', 'Leavitt', 'Yes.\\n'], ['b', '(question)', 'Now?\\n'], ['b', 'Leavitt', 'No.\\n']]
    >>> u.attrs["errors"]
    []
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, _KINDS))}, not {kind!r}")
    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive number of processes or -1, not {n_jobs!r}")
    if client is not None and n_jobs != 1:
        raise ValueError("give n_jobs (processes on this machine) or client (a Dask cluster), not both")
    docs = _documents(corpus, kind)
    if kind == "article":
        importlib.import_module(".attribution", __package__)  # fail once, not per document
    jobs = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    show = len(docs) >= PROGRESS_FROM if progress is None else bool(progress)

    results: list[tuple[list[tuple] | None, str | None, list[str]]]
    from tqdm import tqdm  # the plain bar: tqdm.auto needs ipywidgets in notebooks

    with tqdm(total=len(docs), disable=not show, desc="documents", unit="doc") as bar:
        if client is not None:
            results = _on_cluster(client, docs, speakers, bar)
        elif jobs <= 1 or len(docs) <= 1:
            results = []
            for doc_id, text, k in docs:
                results.append(_run_one(doc_id, text, k, speakers))
                bar.update(1)
        else:
            size = max(1, math.ceil(len(docs) / (jobs * 4)))
            chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
            _warm_up()
            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
                futures = [pool.submit(_run_chunk, chunk, speakers) for chunk in chunks]
                done: list[list[Any]] = []
                for future, chunk in zip(futures, chunks):
                    done.append(future.result())
                    bar.update(len(chunk))
            results = [r for part in done for r in part]

    return _assemble(docs, results, speakers)


def _on_cluster(client: Any, docs: list[tuple[Any, Any, str]], speakers: Any, bar: Any) -> list[Any]:
    """``_run_chunk`` over chunks of ``docs`` on a Dask cluster, results in corpus order."""
    if not hasattr(client, "map") or not hasattr(client, "gather"):
        raise TypeError(f"client must be a distributed.Client, not {type(client).__name__}")
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    size = max(1, math.ceil(len(docs) / (threads * 4)))
    chunks = [docs[i:i + size] for i in range(0, len(docs), size)]
    if not chunks:
        return []
    futures = client.map(_run_chunk, chunks, speakers=speakers, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    done: list[Any] = [None] * len(chunks)
    for future in as_completed(futures):
        i = index[future.key]
        done[i] = future.result()
        bar.update(len(chunks[i]))
    return [r for part in done for r in part]


def _warm_up(*lexicons: Any) -> None:
    """Import the engine and build the lexicons before starting processes: forked
    processes inherit them (half a second each otherwise, a third of a run of a few MB)."""
    importlib.import_module(".attribution", __package__)
    importlib.import_module(".measures", __package__)
    for spec in lexicons:
        if spec is not None:
            _lexicon(spec)


def _given_names(speakers: Any) -> list[str]:
    attribution = importlib.import_module(".attribution", __package__)
    return list((attribution._speaker_map(speakers) or {}).keys())


def _surname_map(labels: Iterable[Any], speakers: Any) -> dict[str, str]:
    """Bare surnames to the one full name of the corpus ("Macron" -> "Emmanuel Macron")."""
    attribution = importlib.import_module(".attribution", __package__)
    return attribution.merge_surnames(labels, keep=_given_names(speakers))


def _assemble(
    docs: list[tuple[Any, Any, str]], results: list[tuple[list[tuple] | None, str | None, list[str]]],
    speakers: Any = None,
) -> pd.DataFrame:
    frames, errors = [], []
    pending: list[tuple] = []
    for (doc_id, _, _), (rows, reason, messages) in zip(docs, results):
        for message in messages:
            warnings.warn(message, UserWarning, stacklevel=3)
        if reason is not None:
            errors.append({"doc_id": doc_id, "reason": reason})
        elif rows:
            pending.extend(rows)
            if len(pending) >= _ROWS_PER_FRAME:  # bounded: rows as tuples weigh more than a table
                frames.append(utterance_frame(pending))
                pending = []
    if pending:
        frames.append(utterance_frame(pending))
    if errors:
        warnings.warn(
            f"{len(errors)} of {len(docs)} document(s) failed and have no utterances: "
            + _listing(f"{e['doc_id']} ({e['reason']})" for e in errors)
            + "; they are listed in .attrs['errors']",
            UserWarning,
            stacklevel=3,
        )
    out = pd.concat(frames, ignore_index=True) if frames else empty_utterances()
    out = out[list(UTTERANCE_COLUMNS)]
    out["doc_id"] = out["doc_id"].astype(object)
    # one article may say only "Macron" where the others say "Emmanuel Macron": one label
    names = _surname_map(out["speaker"].dropna().unique(), speakers)
    if names:
        out["speaker"] = out["speaker"].map(lambda x: names.get(x, x) if isinstance(x, str) else x)
    if speakers is not None:
        attribution = importlib.import_module(".attribution", __package__)
        attribution.warn_silent_speakers(out, speakers, stacklevel=4)
    out.attrs = {"errors": errors}
    return out


def iter_utterances(
    corpus: pd.DataFrame | Mapping[Any, str],
    *,
    speakers: Any = None,
    kind: Literal["auto", "article", "transcript"] = "auto",
) -> Iterator[tuple[Any, pd.DataFrame | None, str | None]]:
    """Stream ``(doc_id, utterances, failure reason)`` one document at a time.

    Holds one document's utterances at a time, for corpora too large to attribute in
    one table. ``utterances`` is None, and ``reason`` says why, for a document that
    failed.

    >>> [(d, len(u)) for d, u, _ in iter_utterances({"a": "Q: Why?\\nMR. LEE: Why not?"})]
    [('a', 4)]
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, _KINDS))}, not {kind!r}")
    for doc_id, text, k in _documents(corpus, kind):
        rows, reason, messages = _run_one(doc_id, text, k, speakers)
        for message in messages:
            warnings.warn(message, UserWarning, stacklevel=2)
        yield doc_id, (None if rows is None else utterance_frame(rows)), reason


# --- streaming analysis ------------------------------------------------------------------------

_SHARE_COUNTS = ("words", "direct_words", "reported_words", "quotes", "reported", "sentences")
_LEXICONS: dict[str, Any] = {}


@dataclass(frozen=True)
class CorpusAnalysis:
    """What ``analyse_corpus`` returns: per-speaker tables over the whole corpus.

    Attributes
    ----------
    share : DataFrame
        As ``speaker_share`` of all the corpus's utterances.
    topics, frames : DataFrame or None
        As ``topic_frequency`` and ``framing_terms`` of all the corpus's utterances
        (None when not asked for).
    errors : list of dict
        The documents that failed: doc_id and reason.
    documents : int
        The documents analysed (failed ones excluded).
    """

    share: pd.DataFrame
    topics: pd.DataFrame | None
    frames: pd.DataFrame | None
    errors: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0


def _portable_lexicon(spec: Any) -> Any:
    """The lexicon in a form that can be sent to a process: a name or path, or the Lexicon
    (pickled without its compiled automaton, keeping its case and hyphen options)."""
    from .lexicon import load_lexicon

    lex = load_lexicon(spec)  # fail early, in the caller's process
    if isinstance(spec, (str, os.PathLike)):
        return str(spec)
    return lex


def _lexicon(spec: Any) -> Any:
    from .lexicon import load_lexicon

    if isinstance(spec, str):
        if spec not in _LEXICONS:
            _LEXICONS[spec] = load_lexicon(spec)
        return _LEXICONS[spec]
    return load_lexicon(spec)


#: Documents are measured in batches of about this many characters (or BATCH_DOCUMENTS
#: documents): measuring each small document alone costs more in pandas overhead than
#: attributing it, and a batch is still small enough to keep memory flat.
BATCH_CHARACTERS = 2_000_000
BATCH_DOCUMENTS = 500


def _batches(
    docs: Iterable[tuple[Any, Any, str]], *, max_documents: int = BATCH_DOCUMENTS
) -> Iterator[list[tuple[Any, Any, str]]]:
    batch: list[tuple[Any, Any, str]] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += len(doc[1]) if isinstance(doc[1], str) else _file_size(doc[1])
        if size >= BATCH_CHARACTERS or len(batch) >= max_documents:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _file_size(path: Any) -> int:
    """A file's size in bytes, to fill batches before it is read (50 kB if unknown)."""
    try:
        return os.stat(path).st_size
    except (OSError, TypeError, ValueError):
        return 50_000  # the error itself is reported when the file is read


def _lexicon_tables(topics: Any, frames: Any, frame_categories: bool = False) -> list[tuple[str, Any, Any, dict[str, Any]]]:
    """(name, lexicon, measure, options) of each lexicon table to count: the topics per
    category, the frames per entry and, if asked, per frame."""
    from .measures import framing_terms, topic_frequency

    tables = [("topics", topics, topic_frequency, {}), ("frames", frames, framing_terms, {})]
    if frame_categories:
        tables.append(("frame_categories", frames, framing_terms, {"level": "category"}))
    return [t for t in tables if t[1] is not None]


def _measure(u: pd.DataFrame, topics: Any, frames: Any, include_joint: bool,
             frame_categories: bool = False) -> dict[str, Any]:
    """Additive counts of some documents' utterances (sums over batches are exact)."""
    from .measures import _WORDS, _lexicon_counts, _speech, speaker_share, word_counts

    words = word_counts(u["text"].tolist())
    u = u.assign(**{_WORDS: words})  # counted once for the three measures
    counts: dict[str, Any] = {"total_words": int(words.sum())}
    share = speaker_share(u, include_joint=include_joint, ci=None)  # batches cannot bootstrap documents
    counts["share"] = share[["speaker", "joint", *_SHARE_COUNTS]]
    # topic_frequency and framing_terms with their own defaults, from one selection of
    # speech; sparse: only the cells with counts above zero. The grid of every speaker by
    # every entry, mostly zeros, is built once at the end, with each speaker's words from
    # the share (the same spans, counted alike)
    speech = _speech(u, include_joint=include_joint)
    for name, spec, measure, given in _lexicon_tables(topics, frames, frame_categories):
        options = {**_keyword_defaults(measure), **given}
        counts[name] = _lexicon_counts(speech, _lexicon(spec), level=options["level"], overlap=options["overlap"])
    return counts


@functools.cache
def _keyword_defaults(function: Any) -> dict[str, Any]:
    """The defaults of a function's keyword-only parameters (read once)."""
    import inspect

    return {k: p.default for k, p in inspect.signature(function).parameters.items() if p.kind is p.KEYWORD_ONLY}


def _analyse_batch(
    batch: list[tuple[Any, Any, str]], speakers: Any, topics: Any, frames: Any, include_joint: bool,
    frame_categories: bool = False, keep_rows: bool = False,
) -> tuple[list[dict[str, Any]], list[tuple[Any, str | None, list[str]]], list[tuple] | None]:
    """Attribute each document of a batch, then measure the batch at once.

    Returns the batch's counts (a list, empty when nothing could be measured), per
    document (doc_id, failure reason or None, warning messages), and, with
    ``keep_rows``, the utterance rows of the documents that succeeded (else None).
    """
    doc_rows: list[list[tuple]] = []  # the utterance rows of each document
    outcomes: list[tuple[Any, str | None, list[str]]] = []
    for doc_id, text, kind in batch:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if isinstance(text, Path):
                    text = read_text_file(text)
                doc_rows.append(_document_rows(doc_id, text, kind, speakers))
                reason = None
            except Exception as e:  # noqa: BLE001 - every failure is reported with its document
                reason = f"{type(e).__name__}: {e}"
        outcomes.append((doc_id, reason, [str(w.message) for w in caught]))
    if not doc_rows:
        return [], outcomes, [] if keep_rows else None
    options = (topics, frames, include_joint, frame_categories)
    try:
        table = utterance_frame([r for one in doc_rows for r in one], strings=object)
        counts = [_measure(table, *options)]
    except Exception:  # noqa: BLE001 - find the document the measures fail on
        counts, reasons = [], {}
        for one in doc_rows:
            u = utterance_frame(one, strings=object)
            try:
                counts.append(_measure(u, *options))
            except Exception as e:  # noqa: BLE001
                reasons[u["doc_id"].iloc[0] if len(u) else None] = f"{type(e).__name__}: {e}"
        doc_rows = [one for one in doc_rows if not one or one[0][0] not in reasons]
        outcomes = [(d, reasons.get(d, r), m) for d, r, m in outcomes]
    return counts, outcomes, [r for one in doc_rows for r in one] if keep_rows else None


class _Totals:
    """Running per-speaker sums: the only state kept across documents.

    Batches' counts wait in a short list and are summed every ``fold_every`` batches
    and at the end: summing after every batch took the main process a third of a core,
    which it then took from the worker processes.
    """

    def __init__(self, fold_every: int = 32) -> None:
        self.total_words = 0
        self.parts: dict[str, pd.DataFrame | None] = dict.fromkeys(("share", "topics", "frames", "frame_categories"))
        self._waiting: dict[str, list[pd.DataFrame]] = {name: [] for name in self.parts}
        self._fold_every = fold_every

    def add(self, counts: dict[str, Any]) -> None:
        self.total_words += counts["total_words"]
        for name, part in counts.items():
            if name != "total_words":
                self._waiting[name].append(part)
        if len(self._waiting["share"]) >= self._fold_every:
            self.fold()

    def fold(self) -> None:
        """Sum the waiting counts into ``parts``."""
        for name, waiting in self._waiting.items():
            if waiting:
                old = self.parts[name]
                if old is None and len(waiting) == 1 and _summed(waiting[0]):
                    self.parts[name] = waiting[0].reset_index(drop=True)
                else:
                    self.parts[name] = _sum_by_keys(pd.concat(([] if old is None else [old]) + waiting, ignore_index=True))
                waiting.clear()

    def rename_speakers(self, names: Mapping[str, str]) -> None:
        """Relabel speakers (and add up the rows that now share a label)."""
        for name, part in self.parts.items():
            if part is not None and names and any(x in names for x in part["speaker"].tolist()):
                part = part.assign(speaker=part["speaker"].map(lambda x: names.get(x, x)))
                self.parts[name] = _sum_by_keys(part)


def _summed(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` (one batch's counts) is already what ``_sum_by_keys`` makes of it:
    each key once (as a batch's counts are), and no key column of Python objects, whose
    dtype the grouping would infer anew."""
    keys = [c for c in frame.columns if c in ("speaker", "category", "term")]
    return all(frame[k].dtype != object for k in keys) and not frame.duplicated(keys).any()


def _sum_by_keys(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in frame.columns if c in ("speaker", "category", "term")]
    agg = {c: ("any" if c == "joint" else "sum") for c in frame.columns if c not in keys}
    return frame.groupby(keys, sort=False, dropna=False).agg(agg).reset_index()


def _finish_share(part: pd.DataFrame | None, total_words: int) -> pd.DataFrame:
    from .measures import NARRATION, speaker_share

    if part is None:
        return speaker_share(empty_utterances())
    agg = part.copy()
    is_narr = agg["speaker"].eq(NARRATION)

    def share(col: str) -> pd.Series:
        values = agg[col].where(~is_narr)
        total = values.sum()
        return values / pd.Series(total, index=agg.index).where(lambda t: t > 0)

    agg["share"] = share("words")
    # the interval resamples documents, which a stream does not keep: speaker_share of
    # attribute_corpus's utterances gives it
    agg["share_ci_low"], agg["share_ci_high"] = float("nan"), float("nan")
    agg["direct_share"] = share("direct_words")
    agg["reported_share"] = share("reported_words")
    agg["document_share"] = agg["words"] / total_words if total_words else float("nan")
    agg["_narr"] = is_narr
    agg = agg.sort_values(["_narr", "words", "speaker"], ascending=[True, False, True], kind="mergesort")
    columns = ["speaker", "joint", *_SHARE_COUNTS[:3], "quotes", "reported", "sentences",
               "share", "share_ci_low", "share_ci_high", "direct_share", "reported_share", "document_share"]
    out = agg[columns].reset_index(drop=True)
    for col in _SHARE_COUNTS:
        out[col] = out[col].astype("int64")
    out["joint"] = out["joint"].astype(bool)
    return out


def _finish_lexicon(part: pd.DataFrame | None, words_part: pd.DataFrame | None, spec: Any, *, level: str) -> pd.DataFrame:
    """The lexicon table of the whole corpus from the summed matches (``part``: speaker,
    entry, count; only counts above zero) and each speaker's words (``words_part``), as
    ``topic_frequency`` or ``framing_terms`` makes it."""
    from .lexicon import load_lexicon
    from .measures import _count_table, _lexicon_items, _speaker_order

    cols = ["category"] if level == "category" else ["category", "term"]
    if words_part is None:
        words_part = pd.DataFrame({"speaker": pd.Series([], dtype=object), "words": pd.Series([], dtype="int64")})
    found: dict[tuple, int] = {}
    if part is not None:
        found = dict(zip(zip(*(part[k].tolist() for k in ["speaker", *cols])), part["count"].tolist()))
    return _count_table(_speaker_order(words_part, ["speaker"]), _lexicon_items(load_lexicon(spec), level), found,
                        ["speaker"], confidence=0.95)


def analyse_corpus(
    corpus: pd.DataFrame | Mapping[Any, str] | str | os.PathLike[str] | Iterable[tuple[Any, str]],
    *,
    speakers: Any = None,
    kind: Literal["auto", "article", "transcript"] = "auto",
    topics: Any = "topics",
    frames: Any = "frames",
    include_joint: bool = False,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> CorpusAnalysis:
    """Speaker share, topics and framing terms of a whole corpus, one document at a time.

    Documents are attributed one by one (``document_utterances``) and measured in
    batches of a few megabytes, then dropped: only per-speaker counts are kept, so memory
    does not grow with the corpus when the documents come from a folder or an iterable. The tables are
    those that ``speaker_share``, ``topic_frequency`` and ``framing_terms`` give for the
    utterances of all documents together (with their defaults and the exact interval).

    Parameters
    ----------
    corpus : DataFrame, mapping, folder or iterable
        As for ``attribute_corpus`` (not modified); or a folder of ``.txt`` files, read
        one at a time (a file that cannot be read is listed in ``errors``); or any
        iterable of (doc_id, text) pairs, such as a generator over a database.
    speakers : dict, list or DataFrame, optional
        Known speakers and their aliases.
    kind : {"auto", "article", "transcript"}, default "auto"
        As for ``attribute_corpus``.
    topics, frames : lexicon, optional
        The topic lexicon (counted per category) and the frame lexicon (counted per
        entry): a shipped name, a file, a mapping or a Lexicon; None to skip.
    include_joint : bool, default False
        Count speech credited to several people together, as in ``speaker_share``.
    n_jobs : int, default 1
        Processes; -1 for one per CPU. The result is identical to the serial one.
    progress : bool, optional
        Show a tqdm progress bar; by default only from 200 documents on.

    Returns
    -------
    CorpusAnalysis
        ``share``, ``topics``, ``frames``, ``errors`` (documents that failed, each named
        in a warning too) and ``documents``.

    Examples
    --------
    >>> corpus = {"a": "Q: Jobs?\\nMR. LEE: The economy is growing.\\n"}
    >>> result = analyse_corpus(corpus, frames=None)
    >>> result.share[["speaker", "words"]].values.tolist()
    [['Lee', 4], ['(question)', 1], ['(narration)', 3]]
    """
    return _analyse(corpus, speakers=speakers, kind=kind, topics=topics, frames=frames,
                    include_joint=include_joint, n_jobs=n_jobs, progress=progress)[0]


def _analyse(
    corpus: Any, *, speakers: Any, kind: str, topics: Any, frames: Any, include_joint: bool = False,
    n_jobs: int = 1, progress: bool | None = None, frame_categories: bool = False,
    spool: Callable[[list[tuple]], None] | None = None,
) -> tuple[CorpusAnalysis, pd.DataFrame | None, dict[str, str]]:
    """``analyse_corpus``, also counting the frames per frame (``frame_categories``)
    and handing each batch's utterance rows to ``spool``, in corpus order. Returns the
    analysis, the frame table per frame (or None), and the labels renamed across the
    corpus (``_surname_map``: "Hill" -> "Hugh Hill"), which the rows still carry."""
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(map(repr, _KINDS))}, not {kind!r}")
    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive number of processes or -1, not {n_jobs!r}")
    docs, n_docs = _stream_documents(corpus, kind)
    topic_spec = None if topics is None else _portable_lexicon(topics)
    frame_spec = None if frames is None else _portable_lexicon(frames)
    args = (speakers, topic_spec, frame_spec, include_joint, frame_categories and frames is not None,
            spool is not None)
    jobs = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    show = (n_docs is None or n_docs >= PROGRESS_FROM) if progress is None else bool(progress)
    totals = _Totals()
    errors: list[dict[str, Any]] = []
    seen = 0

    from tqdm import tqdm  # the plain bar: tqdm.auto needs ipywidgets in notebooks

    with tqdm(total=n_docs, disable=not show, desc="documents", unit="doc") as bar:

        def take(result: tuple[list[dict[str, Any]], list[tuple[Any, str | None, list[str]]], list[tuple] | None]) -> None:
            nonlocal seen
            counts, outcomes, rows = result
            for part in counts:
                totals.add(part)
            if spool is not None and rows:
                spool(rows)
            for doc_id, reason, messages in outcomes:
                for message in messages:
                    warnings.warn(message, UserWarning, stacklevel=5)
                if reason is not None:
                    errors.append({"doc_id": doc_id, "reason": reason})
            seen += len(outcomes)
            bar.update(len(outcomes))

        if jobs <= 1:
            for batch in _batches(docs):
                take(_analyse_batch(batch, *args))
        else:
            # smaller batches so every process has work (two each at least: each batch's
            # measures cost a fixed 25 ms, so four each made a small corpus 10 % slower);
            # at most two per process in flight, so a streamed corpus is never all in
            # memory at once
            per_batch = BATCH_DOCUMENTS if n_docs is None else max(1, min(BATCH_DOCUMENTS, math.ceil(n_docs / (jobs * 2))))
            _warm_up(topic_spec, frame_spec)
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                pending: deque[Any] = deque()
                for batch in _batches(docs, max_documents=per_batch):
                    pending.append(pool.submit(_analyse_batch, batch, *args))
                    if len(pending) >= 2 * jobs:
                        take(pending.popleft().result())
                while pending:
                    take(pending.popleft().result())
    if errors:
        warnings.warn(
            f"{len(errors)} of {seen} document(s) failed and are not counted: "
            + _listing(f"{e['doc_id']} ({e['reason']})" for e in errors),
            UserWarning,
            stacklevel=3,
        )
    from .measures import NARRATION

    totals.fold()
    share = totals.parts["share"]
    words = None  # each speaker's words, the denominators of the lexicon rates
    names: dict[str, str] = {}
    if share is not None:
        names = _surname_map(share["speaker"], speakers)
        totals.rename_speakers(names)
        share = totals.parts["share"]
        words = share.loc[share["speaker"] != NARRATION, ["speaker", "words"]]
    analysis = CorpusAnalysis(
        share=_finish_share(share, totals.total_words),
        topics=None if topics is None else _finish_lexicon(totals.parts["topics"], words, topic_spec, level="category"),
        frames=None if frames is None else _finish_lexicon(totals.parts["frames"], words, frame_spec, level="term"),
        errors=errors,
        documents=seen - len(errors),
    )
    per_frame = None
    if frame_categories and frames is not None:
        per_frame = _finish_lexicon(totals.parts["frame_categories"], words, frame_spec, level="category")
    return analysis, per_frame, names
