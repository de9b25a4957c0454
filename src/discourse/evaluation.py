"""Checking attribution against people: gold annotation in, scores and disagreements out.

Attribution is a measurement, and a paper that reports speaker shares should report how
good the attribution was on its own texts. This module reads a hand annotation, scores
``attribute``'s output against it, and lists every disagreement to read by eye.

Annotations it reads (``read_annotation``):

- **BRAT standoff**: a folder of ``NAME.txt`` with ``NAME.ann`` beside it, or PolNeAR's
  layout (``text/NAME.txt`` with ``attributions/NAME_<annotator>.ann``). Attributions
  are events ``E… Attribution:T… Source:T… Cue:T… Content:T…`` (discontinuous spans
  ``start end;start end``), or relations ``R… Label Arg1:T… Arg2:T…`` between a
  source and a content span, or plain labelled spans (``Quote``, ``Direct``,
  ``Indirect``, ``Reported`` …) with the speaker as a note (``#… AnnotatorNotes T…
  Jane Roe``) or an attribute (``A… Speaker T… Jane_Roe``).
- **The project's CSV** (``data/*.speech.csv``): ``start, end, speaker, mode, text``
  (and optionally ``doc_id``) beside ``NAME.txt``; mode ``ignore`` marks words to leave
  out of scoring.

The scores (``score``):

- words are ``\\w+`` runs, as everywhere in the package;
- a gold *quotation* is an attribution whose content holds a quote mark (``"``, ``“``,
  ``”``, ``«``, ``»``, ``„`` or two apostrophes ``''``); the CSV's ``direct`` spans;
- **quote words**: recall is the share of the words of gold quotations inside
  predicted speech of any mode, with or without a speaker; precision is the share of
  the words predicted ``direct`` that fall inside some gold content;
- **speech words**: the same over every gold attribution and every predicted speech
  mode (paraphrase included);
- **speaker accuracy**: among gold quotations whose source holds a capitalised word
  that is not a pronoun (a *named* source), the share whose majority predicted
  speaker, over the quotation's words, shares a name word with the source; no speaker
  counts as wrong (a tie between a speaker and no speaker goes to the speaker);
- every figure has a 95 % percentile bootstrap interval: over documents when there are
  several (their words and quotations are not independent), over quotations and
  predicted spans within a single document.

Several annotators of one document: the first (in name order) is the gold; the others
are kept in ``Annotation.spans`` (column ``annotator``) for agreement between people.

>>> import discourse
>>> gold = read_annotation(discourse.sample.data_dir())
>>> s = discourse.load_sample()
>>> result = score(gold, discourse.attribute(s.text, doc_id=s.doc_id))
>>> round(result.value("speaker_accuracy"), 2), round(result.value("quote_f1"), 2)
(1.0, 1.0)
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from .text import WORD_RE

Label = tuple[Any, str]  # (speaker or None, mode)

#: The marks that make a gold attribution a quotation (two apostrophes stand for ").
QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", "''")
#: Words that never make a source named, nor count as a name word when matching.
_NOT_NAMES = frozenset(
    """i me my we us our you your he him his she her hers they them their it its one who
    whom this that these those the a an and or of for to in on at by with from another other
    some several many each every both all most mr mrs ms
    miss mx dr sir dame lord lady sen rep gov gen prof rev hon st jr sr""".split()
)
#: Heads of sources that are not people: organisations, documents, outlets.
_DOCUMENT_HEADS = frozenset(
    """statement report reports study studies poll polls survey surveys email emails memo
    memos letter letters document documents documents filing filings record records
    transcript data analysis figures numbers disclosures release ad ads advertisement
    website site tweet tweets post posts video footage book article editorial column
    story investigation review audit complaint lawsuit suit indictment ruling order
    decision bill law resolution platform plan proposal guidance message note notes
    account accounts page briefing interview speech remarks testimony""".split()
)
_ORGANISATION_HEADS = frozenset(
    """campaign committee party government administration department ministry agency
    office council board commission court union group organisation organization company
    firm corporation bank foundation institute association network channel newspaper
    paper magazine times post journal news press team staff house senate congress
    parliament police army military embassy university school center centre coalition
    alliance movement caucus delegation""".split()
)

GOLD_COLUMNS = (
    "doc_id",        # document id (the text file's stem)
    "annotator",     # who annotated (the .ann file's suffix, or "" where there is one)
    "attribution",   # the attribution's id in its file ("E3", "T7", or the CSV row)
    "start",         # content span, character offsets (one row per contiguous piece)
    "end",
    "mode",          # "direct" (a quotation), "reported" (other attribution) or "ignore"
    "speaker",       # the source as written ("Sen. Jane Roe"), or the CSV's speaker; missing if none
    "source_start",  # the source's first offset, or -1
    "source_end",
    "cue",           # the cue as written, or missing
    "named",         # the source holds a capitalised word that is not a pronoun
    "source_kind",   # person, organisation, document or unknown (from the source's head word)
    "text",          # the content piece's text
)


class AnnotationError(ValueError):
    """A hand annotation that cannot be read; the message names the file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Annotation:
    """A hand annotation: the documents, their gold spans, and the files it could not read.

    Attributes
    ----------
    documents : DataFrame
        doc_id, text, path (one row per document).
    spans : DataFrame
        One row per contiguous piece of gold content; columns ``GOLD_COLUMNS``.
    skipped : DataFrame
        path, line, reason: files left out, each with why (empty if none).
    """

    documents: pd.DataFrame
    spans: pd.DataFrame
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["path", "line", "reason"]))

    def gold(self) -> pd.DataFrame:
        """The spans of one annotator per document (the first in name order)."""
        if self.spans.empty:
            return self.spans
        first = self.spans.groupby("doc_id", sort=False)["annotator"].transform("min")
        return self.spans[self.spans["annotator"] == first].reset_index(drop=True)


# --- reading ----------------------------------------------------------------------------------


def read_annotation(path: str | Path, *, errors: Literal["skip", "raise"] = "skip") -> Annotation:
    """Read a hand annotation: a BRAT folder or file, or the project's CSV.

    ``path`` is a folder (BRAT ``.ann`` files, PolNeAR's ``text/`` + ``attributions/``
    layout, or ``*.speech.csv`` files), one ``.ann`` file, or one ``.speech.csv`` file;
    each annotation is read with the ``.txt`` of the same name. A file that cannot be
    read is listed in ``skipped`` with its line and reason, and every other file is
    read (``errors="raise"`` raises an ``AnnotationError`` naming file and line instead).

    >>> import discourse
    >>> a = read_annotation(discourse.sample.data_dir())
    >>> a.gold()[["speaker", "mode"]].value_counts().to_dict()[("Keir Starmer", "direct")]
    5
    """
    if errors not in ("skip", "raise"):
        raise ValueError(f"errors must be 'skip' or 'raise', not {errors!r}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"annotation {path} does not exist")
    if path.is_file():
        files = [path]
    else:
        files = sorted(p for p in path.rglob("*") if p.is_file() and (
            p.suffix == ".ann" or p.name.endswith(".speech.csv")))
        if not files:
            raise AnnotationError(path, None, "no .ann or .speech.csv files in this folder")
    documents: dict[str, tuple[str, str]] = {}
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for file in files:
        try:
            text_path = _text_for(file)
            doc_id, annotator = _ids_for(file, text_path)
            text = _read_text(text_path)
            if file.suffix == ".ann":
                found = _read_brat(file, text)
            elif file.name.endswith(".csv"):
                found = _read_speech_csv(file, text)
            else:
                raise AnnotationError(file, None, "not an annotation (expected .ann or .speech.csv)")
        except AnnotationError as exc:
            if errors == "raise":
                raise
            skipped.append({"path": exc.path, "line": exc.line, "reason": str(exc)})
            continue
        documents.setdefault(doc_id, (text, str(text_path)))
        for r in found:
            r.update(doc_id=doc_id, annotator=annotator)
        rows.extend(found)
    if skipped:
        warnings.warn(f"{len(skipped)} annotation file(s) could not be read and are left out: "
                      + "; ".join(s["reason"] for s in skipped[:5]), stacklevel=2)
    docs = pd.DataFrame([{"doc_id": d, "text": t, "path": p} for d, (t, p) in documents.items()],
                        columns=["doc_id", "text", "path"])
    spans = pd.DataFrame(rows, columns=list(GOLD_COLUMNS))
    spans = spans.sort_values(["doc_id", "annotator", "start", "end"], kind="stable").reset_index(drop=True)
    return Annotation(docs, spans, pd.DataFrame(skipped, columns=["path", "line", "reason"]))


def _text_for(file: Path) -> Path:
    stem = file.name[: -len(".speech.csv")] if file.name.endswith(".speech.csv") else file.stem
    candidates = [file.with_name(stem + ".txt")]
    annotator = re.match(r"(.+)_([^_]+)$", stem)
    for base in ([stem, annotator.group(1)] if annotator else [stem]):
        candidates += [file.with_name(base + ".txt"), file.parent.parent / "text" / (base + ".txt")]
    for c in candidates:
        if c.is_file():
            return c
    raise AnnotationError(file, None, f"no text file for this annotation (looked for {candidates[0].name}"
                          + (f" and text/{annotator.group(1)}.txt" if annotator else "") + ")")


def _ids_for(file: Path, text_path: Path) -> tuple[str, str]:
    doc_id = text_path.stem
    stem = file.name[: -len(".speech.csv")] if file.name.endswith(".speech.csv") else file.stem
    annotator = stem[len(doc_id) + 1:] if stem.startswith(doc_id + "_") else ""
    return doc_id, annotator


def _read_text(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:  # keep "\r\n": offsets count it
            return f.read()
    except UnicodeDecodeError as exc:
        raise AnnotationError(path, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise AnnotationError(path, None, f"cannot be read ({exc.strerror})") from None


_BRAT_ID_RE = re.compile(r"^([TERAMN#*][0-9]*)\t")
_CONTENT_ROLES = ("content", "quote", "quotation", "speech", "message")
_SOURCE_ROLES = ("source", "speaker", "agent", "holder")
_DIRECT_LABELS = {"quote", "quotation", "direct", "directspeech", "direct_speech", "direct-speech", "directquote"}
_REPORTED_LABELS = {"indirect", "reported", "indirectspeech", "indirect_speech", "reportedspeech",
                    "reported_speech", "paraphrase", "mixed", "speech"}


def _brat_lines(file: Path) -> list[tuple[int, str]]:
    """The entries of a BRAT file with their line numbers; a span's text may run over
    several lines (PolNeAR's multi-paragraph contents), which join the entry before."""
    try:
        raw = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise AnnotationError(file, None, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    entries: list[tuple[int, str]] = []
    for n, line in enumerate(raw.split("\n"), start=1):
        line = line.rstrip("\r")
        if _BRAT_ID_RE.match(line):
            entries.append((n, line))
        elif not line.strip():
            continue
        elif entries and entries[-1][1].startswith("T"):
            entries[-1] = (entries[-1][0], entries[-1][1] + "\n" + line)
        else:
            raise AnnotationError(file, n, f"not a BRAT entry (an id such as T1 or E1, then a tab): {line[:40]!r}")
    return entries


def _read_brat(file: Path, text: str) -> list[dict[str, Any]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    links: list[tuple[str, list[tuple[str, str]], int]] = []  # events and relations
    notes: dict[str, str] = {}
    for n, line in _brat_lines(file):
        fields = line.split("\t")
        ident = fields[0]
        body = fields[1].split() if len(fields) > 1 else []
        if ident.startswith("T"):
            if len(fields) < 2 or len(body) < 3:
                raise AnnotationError(file, n, "a text-bound entry needs 'T1<tab>Label start end<tab>text'")
            label, _, offsets = fields[1].partition(" ")
            pieces = []
            for piece in offsets.split(";"):
                try:
                    a, b = (int(x) for x in piece.split())
                except ValueError:
                    raise AnnotationError(file, n, f"offsets {offsets!r} are not 'start end' pairs") from None
                if not 0 <= a <= b <= len(text):
                    raise AnnotationError(file, n, f"span {a}-{b} lies outside the text ({len(text)} characters)")
                pieces.append((a, b))
            spans[ident] = (label, pieces)
        elif ident.startswith(("E", "R")):
            # E1<tab>Attribution:T4 Content:T3 Cue:T2 Source:T1   R1<tab>Said Arg1:T1 Arg2:T2
            args = body[1:] if ident.startswith("R") else body
            parsed = []
            for arg in args:
                role, sep, target = arg.partition(":")
                if not sep or not target:
                    raise AnnotationError(file, n, f"argument {arg!r} is not Role:Id")
                parsed.append((role, target))
            if ident.startswith("E") and parsed:
                parsed[0] = ("", parsed[0][1])  # the trigger
            links.append((ident, parsed, n))
        elif ident.startswith("#") and len(fields) >= 3 and len(body) >= 2:
            notes[body[-1]] = fields[2].strip()
        elif ident.startswith(("A", "M")) and len(body) >= 3 and body[0].lower() in _SOURCE_ROLES:
            notes[body[1]] = " ".join(body[2:]).replace("_", " ")

    def role_of(role: str) -> str:
        return role.rstrip("0123456789").lower()

    def text_of(ids: list[str]) -> str:
        return " ".join(text[a:b] for t in ids for a, b in spans[t][1])

    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    for ident, args, n in links:
        for _role, target in args:
            if target not in spans and not target.startswith("E"):
                raise AnnotationError(file, n, f"refers to {target}, which is not an entry of this file")
        args = [(r, t) for r, t in args if t in spans]
        content = [t for r, t in args if role_of(r) in _CONTENT_ROLES]
        source = [t for r, t in args if role_of(r) in _SOURCE_ROLES]
        cue = [t for r, t in args if role_of(r) == "cue"]
        if ident.startswith("R"):  # Arg1/Arg2: which is which by their spans' labels
            content = content or [t for _, t in args if spans[t][0].lower() in
                                  _CONTENT_ROLES + tuple(_DIRECT_LABELS | _REPORTED_LABELS)]
            source = source or [t for _, t in args if spans[t][0].lower() in _SOURCE_ROLES]
        if not content:
            continue
        used.update(content)
        label = spans[content[0]][0].lower()
        rows.extend(_gold_rows(
            text, [p for t in content for p in spans[t][1]], ident,
            speaker=text_of(source) if source else notes.get(content[0]),
            source=[p for t in source for p in spans[t][1]], cue=text_of(cue) or None,
            mode=_label_mode(label)))
    for ident, (label, pieces) in spans.items():
        low = label.lower()
        if ident in used or low not in _DIRECT_LABELS | _REPORTED_LABELS:
            continue
        rows.extend(_gold_rows(text, pieces, ident, speaker=notes.get(ident), source=[], cue=None,
                               mode=_label_mode(low)))
    return rows


def _label_mode(label: str) -> str | None:
    """A span's mode from its label where the label says it; None: from its quote marks."""
    if label in _DIRECT_LABELS:
        return "direct"
    if label in _REPORTED_LABELS - {"speech", "mixed"}:
        return "reported"
    return None


def _gold_rows(text: str, pieces: Sequence[tuple[int, int]], ident: str, *, speaker: str | None,
               source: Sequence[tuple[int, int]], cue: str | None,
               mode: str | None = None) -> list[dict[str, Any]]:
    content = " ".join(text[a:b] for a, b in pieces)
    if mode is None:
        mode = "direct" if is_quotation(content) else "reported"
    speaker = " ".join(speaker.split()) if speaker else None
    kind = source_kind(speaker)
    return [{
        "attribution": ident, "start": a, "end": b, "mode": mode, "speaker": speaker,
        "source_start": source[0][0] if source else -1, "source_end": source[-1][1] if source else -1,
        "cue": cue, "named": is_named(speaker), "source_kind": kind, "text": text[a:b],
    } for a, b in pieces if b > a]


def _read_speech_csv(file: Path, text: str) -> list[dict[str, Any]]:
    try:
        table = pd.read_csv(file, keep_default_na=False, dtype=str)
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise AnnotationError(file, int(line.group(1)) if line else None, f"not a readable CSV ({exc})") from None
    missing = [c for c in ("start", "end", "mode") if c not in table.columns]
    if missing:
        raise AnnotationError(file, 1, f"lacks column(s) {', '.join(missing)}; it has {', '.join(table.columns)}")
    rows = []
    for k, r in enumerate(table.to_dict("records"), start=2):
        try:
            a, b = int(r["start"]), int(r["end"])
        except ValueError:
            raise AnnotationError(file, k, f"start/end {r['start']!r}, {r['end']!r} are not whole numbers") from None
        if not 0 <= a <= b <= len(text):
            raise AnnotationError(file, k, f"span {a}-{b} lies outside the text ({len(text)} characters)")
        mode = r["mode"].strip().lower()
        if mode not in ("direct", "reported", "ignore"):
            raise AnnotationError(file, k, f"mode {r['mode']!r} is not direct, reported or ignore")
        if "text" in r and r["text"] and " ".join(r["text"].split()) != " ".join(text[a:b].split()):
            raise AnnotationError(file, k, f"the text at {a}-{b} is {text[a:b][:30]!r}, not {r['text'][:30]!r}")
        speaker = r.get("speaker") or None
        rows.append({
            "attribution": f"row{k}", "start": a, "end": b, "mode": mode, "speaker": speaker,
            "source_start": -1, "source_end": -1, "cue": None,
            # the CSV names speakers canonically: every speaker given is named
            "named": speaker is not None, "source_kind": "person" if speaker else "unknown",
            "text": text[a:b],
        })
    return rows


# --- what a gold span is ------------------------------------------------------------------------


def is_quotation(content: str) -> bool:
    """Whether an attribution's content holds a quote mark (``''`` counts as one)."""
    return any(mark in content for mark in QUOTE_MARKS)


def name_words(source: Any) -> set[str]:
    """The capitalised words of a source that can name it (pronouns, articles and
    honorifics left out), lower-cased: "Sen. Jane Roe" -> {"jane", "roe"}."""
    if not isinstance(source, str):
        return set()
    return {w.lower() for w in WORD_RE.findall(source) if w[:1].isupper() and w.lower() not in _NOT_NAMES}


def is_named(source: Any) -> bool:
    """Whether a source holds a capitalised word that is not a pronoun or an article."""
    return bool(name_words(source))


def source_kind(source: Any) -> str:
    """person, organisation, document or unknown, from the source's head word (the last
    word before "of", "for", "from" or a comma)."""
    if not isinstance(source, str) or not source.strip():
        return "unknown"
    head_phrase = re.split(r"\b(?:of|for|from|at|in|by|with|who|that|which)\b|,", source, maxsplit=1)[0]
    words = [w.lower() for w in WORD_RE.findall(head_phrase)]
    if not words:
        return "unknown"
    head = words[-1]
    if head in _DOCUMENT_HEADS:
        return "document"
    if head in _ORGANISATION_HEADS:
        return "organisation"
    if words[0] in {"the"} and len(words) >= 2 and not source.split()[-1][:1].islower() and head not in _NOT_NAMES:
        return "organisation" if len(words) >= 2 and head.endswith(("s", "ion", "ment")) else "person"
    return "person"


def speaker_matches(source: Any, predicted: Any) -> bool:
    """Whether a predicted speaker label shares a name word with the gold source.

    >>> speaker_matches("Sen. Jane Roe, R-S.D.", "Jane Roe")
    True
    >>> speaker_matches("Jane Roe", None), speaker_matches("Jane Roe", "John Doe")
    (False, False)
    """
    if not isinstance(predicted, str) or not predicted:
        return False
    return bool(name_words(source) & {w.lower() for w in WORD_RE.findall(predicted)})


# --- scoring --------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """What ``score`` finds.

    Attributes
    ----------
    summary : DataFrame
        metric, value, ci_low, ci_high, n, unit: ``quote_precision``, ``quote_recall``,
        ``quote_f1``, ``speech_precision``, ``speech_recall``, ``speech_f1``,
        ``speaker_accuracy`` (named quotations), and their counts.
    documents : DataFrame
        Per document: quotations, named, correct, speaker_accuracy, quote words, their
        recall, precision and F1.
    quotations : DataFrame
        Every gold quotation: doc_id, attribution, start, end, gold_speaker,
        predicted_speaker, found (share of its words in predicted speech), named,
        correct, kind (``correct``, ``no speech found``, ``speech found, no speaker``,
        ``wrong person``, ``a person for an organisation or document``, ``wrong span``),
        text.
    disagreements : DataFrame
        The quotations that are not correct, then the predicted direct speech no gold
        content holds (kind ``speech not in the annotation``): doc_id, start, end, kind,
        gold_speaker, predicted_speaker, text. The table to read by eye.
    """

    summary: pd.DataFrame
    documents: pd.DataFrame
    quotations: pd.DataFrame
    disagreements: pd.DataFrame

    def value(self, metric: str) -> float:
        """One figure of ``summary``."""
        row = self.summary.loc[self.summary["metric"] == metric]
        if row.empty:
            raise KeyError(f"no metric {metric!r}; there are {', '.join(self.summary['metric'])}")
        return float(row["value"].iloc[0])

    def errors_by_kind(self) -> pd.DataFrame:
        """kind, count, share of the named quotations (and the spurious speech), most first."""
        named = self.quotations[self.quotations["named"]]
        counts = Counter(named["kind"])
        counts.update(self.disagreements.loc[self.disagreements["kind"] == "speech not in the annotation", "kind"])
        total = max(len(named), 1)
        out = pd.DataFrame([{"kind": k, "count": c, "share": c / total} for k, c in counts.items()],
                           columns=["kind", "count", "share"])
        return out.sort_values(["count", "kind"], ascending=[False, True], kind="stable").reset_index(drop=True)


def score(gold: Annotation | pd.DataFrame, predicted: pd.DataFrame, *,
          documents: pd.DataFrame | Mapping[Any, str] | None = None,
          n_boot: int = 1000, seed: int = 0) -> Evaluation:
    """Score predicted utterances against a hand annotation.

    Parameters
    ----------
    gold : Annotation or DataFrame
        From ``read_annotation`` (its first annotator per document), or a gold span table
        with ``GOLD_COLUMNS`` (then give ``documents``).
    predicted : DataFrame
        Utterances (``attribute``, ``attribute_corpus``) whose ``doc_id`` match the gold's.
    documents : DataFrame or mapping, optional
        doc_id -> text, where ``gold`` is a table.
    n_boot, seed : int
        Bootstrap resamples for the 95 % intervals, and the seed (the same input gives
        the same intervals).

    Returns
    -------
    Evaluation
        ``summary``, ``documents``, ``quotations``, ``disagreements`` (see there).
        The frames given are not changed.
    """
    if isinstance(gold, Annotation):
        texts = dict(zip(gold.documents["doc_id"], gold.documents["text"]))
        spans = gold.gold()
    else:
        if documents is None:
            raise ValueError("give documents= (doc_id -> text) with a gold span table")
        texts = dict(zip(documents["doc_id"], documents["text"])) if isinstance(documents, pd.DataFrame) \
            else dict(documents)
        spans = gold
    missing = [c for c in ("doc_id", "start", "end", "mode", "speaker") if c not in predicted.columns]
    if missing:
        raise ValueError(f"predicted utterances lack column(s) {', '.join(missing)}")
    pred_by_doc = {d: g for d, g in predicted.groupby("doc_id", sort=False)}
    gold_by_doc = {d: g for d, g in spans.groupby("doc_id", sort=False)}
    quotations: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    for doc_id, text in texts.items():
        g = gold_by_doc.get(doc_id, spans.iloc[0:0])
        p = pred_by_doc.get(doc_id, predicted.iloc[0:0])
        q, sp, u = _score_document(doc_id, text, g, p)
        quotations.extend(q)
        spurious.extend(sp)
        units.extend({"doc_id": doc_id, **x} for x in u)
        if not u:  # a document with nothing to score still has its row
            units.append({"doc_id": doc_id, **dict.fromkeys(COUNTS, 0)})
    qt = pd.DataFrame(quotations, columns=["doc_id", "attribution", "start", "end", "gold_speaker",
                                           "predicted_speaker", "found", "named", "correct", "kind", "text"])
    unit_table = pd.DataFrame(units, columns=["doc_id", *COUNTS])
    summary = _summary(unit_table, len(texts), len(qt), n_boot=n_boot, seed=seed)
    docs_out = unit_table.groupby("doc_id", sort=False)[list(COUNTS)].sum().reset_index()
    docs_out.insert(1, "quotations", qt.groupby("doc_id").size().reindex(docs_out["doc_id"]).fillna(0).astype(int).to_numpy())
    per_doc = _metrics({c: docs_out[c].to_numpy(dtype=float) for c in COUNTS})
    for name in ("speaker_accuracy", "quote_recall", "quote_precision", "quote_f1", "speech_f1"):
        docs_out[name] = per_doc[name]
    wrong = qt[~qt["correct"] & qt["named"]]
    dis = pd.concat([
        wrong[["doc_id", "start", "end", "kind", "gold_speaker", "predicted_speaker", "text"]],
        pd.DataFrame(spurious, columns=["doc_id", "start", "end", "kind", "gold_speaker", "predicted_speaker", "text"]),
    ], ignore_index=True)
    return Evaluation(summary, docs_out, qt, dis)


def _word_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in WORD_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _label_words(starts: Sequence[int], rows: Iterable[tuple[int, int, Any]], n: int) -> list[Any]:
    """For each word, the value of the span holding its first character, else None."""
    out: list[Any] = [None] * n
    for a, b, value in rows:
        i = bisect.bisect_left(starts, a)
        while i < n and starts[i] < b:
            out[i] = value
            i += 1
    return out


_MISSING = object()

#: The counts every score is a ratio of; each gold attribution and each predicted speech
#: span is a unit carrying its share of them, so a document's counts are its units' sums.
COUNTS = ("quote_found", "quote_words", "direct_inside", "direct_words", "speech_found", "speech_words",
          "speech_pred_inside", "speech_pred_words", "correct", "named")


def _score_document(doc_id: Any, text: str, gold: pd.DataFrame, pred: pd.DataFrame):
    """The document's gold quotations (with their outcome), its spurious direct speech,
    and its units: one row of ``COUNTS`` per gold attribution and per predicted span."""
    starts, _ends = _word_spans(text)
    n = len(starts)
    speech = pred[pred["mode"].isin(["direct", "reported"])]
    speakers = [None if not isinstance(s, str) else s for s in speech["speaker"]]
    pred_label = _label_words(starts, zip(speech["start"], speech["end"], speakers), n)
    in_speech = _label_words(starts, zip(speech["start"], speech["end"], [True] * len(speech)), n)
    scored = gold[gold["mode"] != "ignore"]
    inside_gold = _label_words(starts, zip(scored["start"], scored["end"], [True] * len(scored)), n)
    ignore = gold[gold["mode"] == "ignore"]
    ignored = _label_words(starts, zip(ignore["start"], ignore["end"], [True] * len(ignore)), n)

    def words_of(a: int, b: int) -> range:
        return range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b))

    quotations, units = [], []
    for ident, g in scored.groupby("attribution", sort=False):
        words = [i for a, b in zip(g["start"], g["end"]) for i in words_of(a, b)]
        if not words:
            continue
        found = sum(1 for i in words if in_speech[i])
        first = g.iloc[0]
        unit = dict.fromkeys(COUNTS, 0)
        unit.update(speech_found=found, speech_words=len(words))
        units.append(unit)
        if first["mode"] != "direct":
            continue
        labels = Counter(pred_label[i] if in_speech[i] else _MISSING for i in words)
        named = bool(first["named"])
        majority = _majority(labels)
        correct = named and speaker_matches(first["speaker"], majority)
        unit.update(quote_found=found, quote_words=len(words), correct=int(correct), named=int(named))
        if correct:
            kind = "correct"
        elif found * 2 < len(words):
            kind = "no speech found"
        elif majority is None:
            kind = "speech found, no speaker"
        elif any(speaker_matches(first["speaker"], lab) for lab in labels if isinstance(lab, str)):
            kind = "wrong span"
        elif first["source_kind"] in ("organisation", "document"):
            kind = "a person for an organisation or document"
        else:
            kind = "wrong person"
        quotations.append({
            "doc_id": doc_id, "attribution": ident, "start": int(g["start"].min()), "end": int(g["end"].max()),
            "gold_speaker": first["speaker"], "predicted_speaker": majority, "found": found / len(words),
            "named": named, "correct": correct, "kind": kind,
            "text": " … ".join(text[a:b] for a, b in zip(g["start"], g["end"])),
        })
    spurious = []
    for r in speech.itertuples(index=False):
        ws = [i for i in words_of(r.start, r.end) if not ignored[i]]
        inside = sum(1 for i in ws if inside_gold[i])
        unit = dict.fromkeys(COUNTS, 0)
        unit.update(speech_pred_inside=inside, speech_pred_words=len(ws))
        if r.mode == "direct":
            unit.update(direct_inside=inside, direct_words=len(ws))
            if ws and inside * 2 < len(ws):
                spurious.append({"doc_id": doc_id, "start": int(r.start), "end": int(r.end),
                                 "kind": "speech not in the annotation", "gold_speaker": None,
                                 "predicted_speaker": r.speaker if isinstance(r.speaker, str) else None,
                                 "text": text[r.start:r.end]})
        units.append(unit)
    return quotations, spurious, units


def _majority(labels: Counter) -> Any:
    """The most frequent label (``_MISSING`` for words outside speech, None for speech
    without a speaker); a tie goes to a speaker, then to speech, then to first seen."""
    if not labels:
        return None
    rank = sorted(labels.items(), key=lambda kv: (-kv[1], not isinstance(kv[0], str), kv[0] is _MISSING))
    best = rank[0][0]
    return None if best is _MISSING else best


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)


_METRIC_OF = {  # metric: (what n counts, the COUNTS behind n)
    "quote_precision": ("predicted direct words", ("direct_words",)),
    "quote_recall": ("gold quotation words", ("quote_words",)),
    "quote_f1": ("words", ("quote_words", "direct_words")),
    "speech_precision": ("predicted speech words", ("speech_pred_words",)),
    "speech_recall": ("gold content words", ("speech_words",)),
    "speech_f1": ("words", ("speech_words", "speech_pred_words")),
    "speaker_accuracy": ("named quotations", ("named",)),
}


def _metrics(c: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    qp, qr = _ratio(c["direct_inside"], c["direct_words"]), _ratio(c["quote_found"], c["quote_words"])
    sp, sr = _ratio(c["speech_pred_inside"], c["speech_pred_words"]), _ratio(c["speech_found"], c["speech_words"])
    return {"quote_precision": qp, "quote_recall": qr, "quote_f1": _f1(qp, qr),
            "speech_precision": sp, "speech_recall": sr, "speech_f1": _f1(sp, sr),
            "speaker_accuracy": _ratio(c["correct"], c["named"])}


def _summary(units: pd.DataFrame, n_docs: int, n_quotations: int, *, n_boot: int, seed: int) -> pd.DataFrame:
    """Each metric with a 95 % percentile bootstrap interval: documents are resampled
    when there are several; within one document, its units (gold attributions and
    predicted spans) are."""
    rng = np.random.default_rng(seed)
    unit = "document" if n_docs >= 2 else "unit"
    table = units.groupby("doc_id", sort=False)[list(COUNTS)].sum() if unit == "document" else units[list(COUNTS)]
    values = table.to_numpy(dtype=float)
    total = dict(zip(COUNTS, values.sum(axis=0))) if len(values) else dict.fromkeys(COUNTS, 0.0)
    point = _metrics(total)
    if len(values):
        idx = rng.integers(0, len(values), size=(n_boot, len(values)))
        sums = values[idx].sum(axis=1)
        dist = _metrics({c: sums[:, k] for k, c in enumerate(COUNTS)})
    else:
        dist = {m: np.array([]) for m in point}
    rows = []
    for name, value in point.items():
        d = dist[name][~np.isnan(dist[name])]
        lo, hi = np.percentile(d, [2.5, 97.5]) if d.size else (np.nan, np.nan)
        of, counts = _METRIC_OF[name]
        rows.append({"metric": name, "value": float(value), "ci_low": float(lo), "ci_high": float(hi),
                     "n": int(sum(total[c] for c in counts)), "of": of,
                     "resampled": "documents" if unit == "document" else "quotations and predicted spans"})
    rows.append({"metric": "documents", "value": float(n_docs), "ci_low": np.nan, "ci_high": np.nan,
                 "n": n_docs, "of": "documents", "resampled": rows[0]["resampled"]})
    rows.append({"metric": "quotations", "value": float(n_quotations), "ci_low": np.nan, "ci_high": np.nan,
                 "n": int(total["named"]), "of": "gold quotations (n: with a named source)",
                 "resampled": rows[0]["resampled"]})
    return pd.DataFrame(rows)


def evaluate(annotation: str | Path | Annotation, *, speakers: Any = None, n_jobs: int = 1,
             n_boot: int = 1000, seed: int = 0) -> Evaluation:
    """Attribute the annotated documents and score the result: ``read_annotation``,
    ``attribute_corpus`` and ``score`` in one call.

    >>> import discourse
    >>> result = evaluate(discourse.sample.data_dir())
    >>> result.value("quotations")
    8.0
    """
    from .corpus import attribute_corpus

    gold = annotation if isinstance(annotation, Annotation) else read_annotation(annotation)
    corpus = gold.documents[["doc_id", "text"]]
    predicted = attribute_corpus(corpus, speakers=speakers, n_jobs=n_jobs, progress=False)
    return score(gold, predicted, n_boot=n_boot, seed=seed)


# --- word-level agreement with a full annotation (the sample's) -----------------------------


def word_labels(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[Label | None]:
    """The (speaker, mode) of every word of ``text``; None for a word in an ``ignore`` span."""
    rows = spans.to_dict("records") if isinstance(spans, pd.DataFrame) else list(spans)
    rows = sorted((r for r in rows if r["mode"] != "narration"), key=lambda r: r["start"])
    starts = [int(r["start"]) for r in rows]
    labels: list[Label | None] = []
    for m in WORD_RE.finditer(text):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < int(rows[i]["end"]):
            r = rows[i]
            speaker = r.get("speaker")
            speaker = None if speaker is None or (isinstance(speaker, float) and pd.isna(speaker)) else speaker
            labels.append(None if r["mode"] == "ignore" else (speaker, r["mode"]))
        else:
            labels.append((None, "narration"))
    return labels


def agreement(text: str, predicted: pd.DataFrame, reference: pd.DataFrame | Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Word-level agreement of ``predicted`` utterances with a ``reference`` annotation.

    Returns a dict: ``agreement`` (fraction of scored words with the same speaker and
    mode), ``speech_precision``/``speech_recall``/``speech_f1`` (words inside any
    speech, direct or reported), ``direct_f1`` (words inside direct quotes) and
    ``speaker_accuracy`` (reference speech words whose predicted speaker is right),
    and ``words`` (scored words).

    >>> import discourse
    >>> s = discourse.load_sample()
    >>> agreement(s.text, s.reference_utterances(), s.reference)["agreement"]
    1.0
    """
    pred = word_labels(text, predicted)
    ref = word_labels(text, reference)
    pairs = [(p, r) for p, r in zip(pred, ref) if r is not None and p is not None]
    n = len(pairs)

    def f1(is_speech) -> tuple[float, float, float]:
        tp = sum(1 for p, r in pairs if is_speech(p) and is_speech(r))
        fp = sum(1 for p, r in pairs if is_speech(p) and not is_speech(r))
        fn = sum(1 for p, r in pairs if not is_speech(p) and is_speech(r))
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)

    speech = lambda lab: lab[1] in ("direct", "reported")  # noqa: E731
    direct = lambda lab: lab[1] == "direct"  # noqa: E731
    sp, sr, sf = f1(speech)
    ref_speech = [(p, r) for p, r in pairs if speech(r)]
    return {
        "words": float(n),
        "agreement": sum(p == r for p, r in pairs) / n if n else 1.0,
        "speech_precision": sp,
        "speech_recall": sr,
        "speech_f1": sf,
        "direct_f1": f1(direct)[2],
        "speaker_accuracy": (sum(p[0] == r[0] for p, r in ref_speech) / len(ref_speech)) if ref_speech else 1.0,
    }
