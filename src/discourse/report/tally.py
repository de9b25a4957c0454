"""The report's pass over an utterance table, one batch of documents at a time.

Besides the counts ``analyse_corpus`` keeps (share, topics, frames), a report needs what
only the whole table seemed to give: who is compared (each speaker's words, and where it
first speaks), each speaker's kind, the share's bootstrap over documents (each
document's words per speaker), the lexicon matches and concordance lines, every
document's text for the page, and the first documents for the dispersion figure.
:class:`Tally` takes all of them from one batch at a time, with the numbers of the whole
table. What grows with the corpus goes to files as it comes: ``tables/utterances.csv``,
and unnamed temporary files for the concordance lines and the page's documents, read
back, a batch at a time, when ``concordance.csv`` and ``report.html`` are written.
"""

from __future__ import annotations

import inspect
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from ..measures import NARRATION
from ..schema import UTTERANCE_COLUMNS

#: The dispersion figure lays out at most this many documents end to end (the first
#: ones): beyond that its dotted document starts and its markers cannot be read.
DISPERSION_DOCUMENTS = 50

#: The columns of ``tables/concordance.csv``.
CONCORDANCE_COLUMNS = ["lexicon", "doc_id", "speaker", "mode", "category", "start", "end", "left", "keyword",
                       "right"]


def document_texts(utterances: pd.DataFrame) -> dict[Any, str]:
    """Each document's text, joined from its spans (they cover it without gap or overlap)."""
    out: dict[Any, list[str]] = {}
    for doc, text in zip(utterances["doc_id"], utterances["text"]):
        out.setdefault(doc, []).append("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text))
    return {d: "".join(parts) for d, parts in out.items()}


def first_overlap(hits: pd.DataFrame) -> tuple[Any, str] | None:
    """The first phrase (in order of doc_id, start, end) counted under two categories, as
    (doc_id, "“phrase” counts under both A and B"), if the hits have one."""
    from ..plots import category_label

    h = hits.sort_values(["doc_id", "start", "end"], kind="mergesort")
    rows = list(h.itertuples(index=False))
    for a, b in zip(rows, rows[1:]):
        if a.doc_id == b.doc_id and b.start < a.end and a.category != b.category:
            return a.doc_id, (f"“{a.match if len(a.match) >= len(b.match) else b.match}” counts under both "
                              f"{category_label(a.category, width=None)} and {category_label(b.category, width=None)}")
    return None


class _Frames:
    """Tables appended to an unnamed temporary file and read back in order."""

    def __init__(self, directory: Path | None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - closed by close()

    def append(self, frame: pd.DataFrame) -> None:
        pickle.dump(frame, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[pd.DataFrame]:
        self._file.flush()
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)
            except EOFError:
                self._file.seek(0, 2)
                return

    def close(self) -> None:
        self._file.close()


class Tally:
    """What a report needs of an utterance table, gathered by :meth:`add` from its
    batches (whole documents each, in the table's order) and completed by
    :meth:`finish`; ``tables/utterances.csv`` is written as the batches come.

    ``lexicons`` are (id, Lexicon) pairs, ``("topic", …)`` then ``("frame", …)``: their
    matches (``match_terms``) and concordance lines (``kwic``, 6 words each side) are
    kept for the page and ``concordance.csv``. Use it as a context manager, or call
    :meth:`close`.
    """

    def __init__(self, tables: Path, lexicons: list[tuple[str, Any]], *, directory: Path | None = None) -> None:
        from .html import PageData

        self.lexicons = lexicons
        self.documents = 0
        self.words = 0  # every word of every document, narration included
        self.has_speaker_type = False
        self._csv = open(tables / "utterances.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._csv_header = True
        self.page = PageData(directory)
        self.concordance = {lexicon: _Frames(directory) for lexicon, _ in lexicons}
        self.overlaps: dict[str, tuple[Any, str]] = {}  # per lexicon, the example of the first document
        # the first documents and their frame matches (narration too), for the dispersion figure
        self.dispersion_rows: list[pd.DataFrame] = []
        self.dispersion_hits: list[pd.DataFrame] = []
        self._dispersion_documents = 0
        # for speaker_kinds: whether a label's speech is ever joint, and the kinds given to it
        self._joint: dict[str, bool] = {}
        self._typed: dict[str, Counter[str]] = {}
        # for compared_speakers: each speaker's words and (document rank, start) where it first speaks
        self._spoken: dict[str, list[Any]] = {}
        # for the share's bootstrap: words per (document, speaker), and the spans of the only
        # document with speech while there is one
        self._speakers: dict[str, int] = {}
        self._cells: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._speech_documents = 0
        self._spans: tuple[np.ndarray, np.ndarray] | None = None

    # --- one batch ---------------------------------------------------------------------

    def add(self, batch: pd.DataFrame) -> None:
        """Count one batch of whole documents."""
        from ..concordance import kwic
        from ..lexicon import match_terms
        from ..measures import _select_speech
        from ..text import count_words

        columns = [c for c in UTTERANCE_COLUMNS if c in batch.columns]
        batch[columns].to_csv(self._csv, index=False, header=self._csv_header, lineterminator="\n")
        self._csv_header = False
        self.has_speaker_type = self.has_speaker_type or "speaker_type" in batch.columns
        texts = document_texts(batch)
        first = self.documents
        rank = {d: first + i for i, d in enumerate(texts)}
        self.documents += len(texts)
        self.words += sum(count_words(t) for t in texts.values())

        speech = _select_speech(batch, include_narration=True, include_joint=True)
        self._kinds_of(batch, speech)
        spoken = speech[speech["mode"].ne("narration")]
        self._first_spoken(spoken, rank)
        self._share_counts(spoken[~spoken["joint"]])

        hits = []
        for lexicon, lex in self.lexicons:
            found = match_terms(batch, lex)
            hits.append((lexicon, found))
            example = first_overlap(found)
            if example is not None and (lexicon not in self.overlaps or _before(example[0], self.overlaps[lexicon][0])):
                self.overlaps[lexicon] = example
            lines = kwic(batch, lexicon=lex, window=6).assign(lexicon=lexicon)
            self.concordance[lexicon].append(lines.assign(doc_index=lines["doc_id"].map(rank)))
        self.page.add(batch, texts, hits, first)

        room = DISPERSION_DOCUMENTS - self._dispersion_documents
        if room > 0:
            keep = list(texts)[:room]
            rows = batch if len(keep) == len(texts) else batch[batch["doc_id"].isin(keep)]
            self.dispersion_rows.append(rows)
            self.dispersion_hits.append(match_terms(rows, dict(self.lexicons)["frame"], include_narration=True))
            self._dispersion_documents += len(keep)

    def _kinds_of(self, batch: pd.DataFrame, speech: pd.DataFrame) -> None:
        for sp, joint in speech.groupby("speaker", sort=False)["joint"].any().items():
            self._joint[sp] = self._joint.get(sp, False) or bool(joint)
        if "speaker_type" in batch.columns:
            given = batch.loc[batch["speaker"].notna() & batch["speaker_type"].notna(), ["speaker", "speaker_type"]]
            for (sp, kind), n in given.groupby(["speaker", "speaker_type"], sort=False).size().items():
                self._typed.setdefault(str(sp), Counter())[str(kind)] += int(n)

    def _first_spoken(self, spoken: pd.DataFrame, rank: dict[Any, int]) -> None:
        per = spoken.groupby("speaker", sort=False).agg(words=("words", "sum"), doc=("doc_id", "first"),
                                                         start=("start", "first"))
        for sp, words, doc, start in zip(per.index, per["words"], per["doc"], per["start"]):
            if sp in self._spoken:
                self._spoken[sp][0] += int(words)
            else:
                self._spoken[sp] = [int(words), (rank[doc], int(start))]

    def _share_counts(self, speech: pd.DataFrame) -> None:
        if not len(speech):
            return
        codes = np.array([self._speakers.setdefault(s, len(self._speakers)) for s in speech["speaker"]], dtype=np.int64)
        words = speech["words"].to_numpy(dtype=np.int64)
        doc_codes, docs = pd.factorize(speech["doc_id"], sort=False)  # in order of first speech
        cells = pd.DataFrame({"doc": doc_codes + self._speech_documents, "speaker": codes, "words": words})
        cells = cells.groupby(["doc", "speaker"], sort=False)["words"].sum().reset_index()
        self._cells.append((cells["doc"].to_numpy(), cells["speaker"].to_numpy(), cells["words"].to_numpy()))
        # one document with speech is resampled by its spans: kept while it is the only one
        self._spans = (codes, words) if self._speech_documents == 0 and len(docs) == 1 else None
        self._speech_documents += len(docs)

    # --- the whole table -----------------------------------------------------------------

    def finish(self, share: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], dict[str, tuple[int, tuple[int, int]]]]:
        """``share`` (``speaker_share(..., ci=None)`` of the whole table) with its
        bootstrap interval, as ``speaker_share`` gives it; each speaker's kind (as
        ``speaker_kinds``); and each speaker's words and first place of speech (for
        ``comparison._choose``)."""
        from ..comparison import _kinds

        share = self._share_interval(share)
        typed = {sp: min(c, key=lambda t: (-c[t], t)) for sp, c in self._typed.items()}  # Series.mode: ties by value
        kinds = _kinds(self._joint.items(), typed)
        spoken = {sp: (w, first) for sp, (w, first) in self._spoken.items()}
        return share, kinds, spoken

    def _share_interval(self, share: pd.DataFrame) -> pd.DataFrame:
        """The share's 95 % percentile bootstrap interval, as ``speaker_share`` draws it:
        over documents where several have speech, over the spans of the one that has."""
        import scipy.sparse

        from ..measures import _bootstrap_shares, speaker_share

        share = share.copy()
        share.attrs = {**share.attrs, "share_ci": None}
        if not self._speech_documents:
            return share
        defaults = {k: p.default for k, p in inspect.signature(speaker_share).parameters.items()}
        rows = share.index[share["speaker"].ne(NARRATION)]
        column = {sp: i for i, sp in enumerate(share.loc[rows, "speaker"])}
        # the tally's speakers in the share's order (speech with no speaker is "(unattributed)" in both)
        to_column = np.array([column[sp] for sp in self._speakers], dtype=np.int64)
        if self._speech_documents == 1:
            codes, words = self._spans  # type: ignore[misc]
            cells = (np.arange(len(codes)), to_column[codes], words)
            unit = "spans"
        else:
            doc, speaker, words = (np.concatenate(parts) for parts in zip(*self._cells))
            cells = (doc, to_column[speaker], words)
            unit = "documents"
        n = int(cells[0].max()) + 1
        matrix = scipy.sparse.csr_array((cells[2].astype(float), (cells[0], cells[1])), shape=(n, len(column)))
        low, high = _bootstrap_shares(matrix, np.random.default_rng(defaults["seed"]), n_boot=defaults["n_boot"],
                                      confidence=defaults["confidence"])
        share.loc[rows, "share_ci_low"], share.loc[rows, "share_ci_high"] = low, high
        share.attrs["share_ci"] = unit
        return share

    def concordance_lines(self) -> Iterator[pd.DataFrame]:
        """The concordance lines of every lexicon in turn, a batch at a time."""
        for lexicon, _ in self.lexicons:
            yield from self.concordance[lexicon]

    def overlap_example(self) -> str | None:
        """A phrase counted under two categories: of the frames if they have one, else
        of the topics (the first by doc_id)."""
        for lexicon in ("frame", "topic"):
            if lexicon in self.overlaps:
                return self.overlaps[lexicon][1]
        return None

    def dispersion(self, speakers: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The frame matches of ``speakers`` and of narration in the first
        ``DISPERSION_DOCUMENTS`` documents, and those documents' utterances."""
        rows = pd.concat(self.dispersion_rows, ignore_index=True) if self.dispersion_rows else None
        hits = pd.concat(self.dispersion_hits, ignore_index=True) if self.dispersion_hits else None
        if rows is None or hits is None:
            from ..schema import empty_utterances

            return pd.DataFrame(columns=["doc_id", "start", "speaker", "category", "term"]), empty_utterances()
        return hits[hits["speaker"].isin([*speakers, NARRATION])], rows

    def close(self) -> None:
        if self._csv_header:  # no batch at all: the header alone
            pd.DataFrame(columns=list(UTTERANCE_COLUMNS)).to_csv(self._csv, index=False, lineterminator="\n")
            self._csv_header = False
        self._csv.close()
        self.page.close()
        for frames in self.concordance.values():
            frames.close()

    def __enter__(self) -> Tally:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _before(a: Any, b: Any) -> bool:
    """Whether doc_id ``a`` sorts before ``b``, as ``sort_values`` orders them."""
    return bool(pd.Series([a, b], dtype=object).sort_values(kind="mergesort").index[0] == 0) and a != b


__all__ = ["Tally", "document_texts", "first_overlap", "DISPERSION_DOCUMENTS", "CONCORDANCE_COLUMNS"]
