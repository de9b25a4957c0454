"""A corpus attributed once, with its utterances on disk, read back a batch at a time.

``discourse report`` needs more of a corpus than ``analyse_corpus`` keeps: the table of
every utterance (written out), keyness between two speakers known only at the end, and
where the frames fall along the text. Holding the utterance table of the whole corpus
for that made the report's memory grow with the corpus (436 MB for 2,000 articles, 947
MB for 8,000). ``spool_corpus`` instead runs ``analyse_corpus``'s pass (the per-speaker
counts, in batches of documents) and writes each batch's utterance rows to a file that
has no name (it disappears when closed, or when the process ends however it ends).
``SpooledCorpus.batches()`` reads them back one batch at a time, with each person's one
label across the corpus, so every later step holds one batch, as ``analyse_corpus``
does.
"""

from __future__ import annotations

import bisect
import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import pandas as pd

from .corpus import _analyse
from .schema import UTTERANCE_COLUMNS
from .spans import utterance_frame
from .text import WORD_RE


@dataclass
class SpooledCorpus:
    """The measures of a corpus (as ``analyse_corpus`` gives them) and its utterances on disk.

    ``share``, ``topics``, ``frames`` and ``frame_categories`` equal ``speaker_share``,
    ``topic_frequency``, ``framing_terms`` and ``framing_terms(level="category")`` of
    the corpus's utterance table (``attribute_corpus``); ``errors`` lists the documents
    that failed. Use it as a context manager, or call ``close``.
    """

    share: pd.DataFrame
    topics: pd.DataFrame | None
    frames: pd.DataFrame | None
    frame_categories: pd.DataFrame | None
    errors: list[dict[str, Any]]
    documents: int
    _file: IO[bytes] = field(repr=False)
    _names: dict[str, str] = field(repr=False, default_factory=dict)

    def batches(self) -> Iterator[pd.DataFrame]:
        """The utterance table, one batch of documents at a time, in corpus order; the
        rows are those of ``attribute_corpus`` (labels merged across the corpus), their
        string columns Python objects."""
        self._file.seek(0)
        names = self._names
        while True:
            try:
                rows = pickle.load(self._file)
            except EOFError:
                return
            if names:
                rows = [r if r[3] not in names else (*r[:3], names[r[3]], *r[4:]) for r in rows]
            yield utterance_frame(rows, strings=object)

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """Write the utterance table as one CSV file, as ``DataFrame.to_csv`` writes the
        whole table (no index, "\\n" line ends, UTF-8), one batch at a time."""
        with open(path, "w", encoding="utf-8", newline="") as f:
            header = True
            for batch in self.batches():
                batch[list(UTTERANCE_COLUMNS)].to_csv(f, index=False, header=header, lineterminator="\n")
                header = False
            if header:  # no utterance at all: the header alone
                pd.DataFrame(columns=list(UTTERANCE_COLUMNS)).to_csv(f, index=False, lineterminator="\n")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SpooledCorpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def word_offsets(hits: pd.DataFrame, batch: pd.DataFrame) -> tuple[list[int], dict[Any, int]]:
    """For hits found in ``batch`` (doc_id, start): the word offset of each in its
    document (how many words start before it), and the words of each document of the
    batch."""
    starts: dict[Any, list[int]] = {}
    for doc_id, group in batch.groupby("doc_id", sort=False):
        text = "".join(group["text"])  # the rows of a document cover it, in order
        starts[doc_id] = [m.start() for m in WORD_RE.finditer(text)]
    offsets = [bisect.bisect_left(starts[d], int(s)) for d, s in zip(hits["doc_id"], hits["start"])]
    return offsets, {d: len(s) for d, s in starts.items()}


def spool_corpus(
    corpus: Any,
    *,
    speakers: Any = None,
    kind: str = "auto",
    topics: Any = "topics",
    frames: Any = "frames",
    progress: bool | None = None,
    directory: str | os.PathLike[str] | None = None,
) -> SpooledCorpus:
    """Attribute and measure ``corpus`` (anything ``analyse_corpus`` takes), keeping its
    utterance rows in an unnamed temporary file in ``directory`` (the system's by
    default). Warnings and failed documents are reported as ``analyse_corpus`` reports
    them.

    >>> corpus = {"a": '"We act," said Hugh Hill.', "b": '"No," said Hill.'}
    >>> with spool_corpus(corpus, topics=None, frames=None) as spooled:
    ...     [b.loc[b["mode"] == "direct", "speaker"].tolist() for b in spooled.batches()]
    [['Hugh Hill', 'Hugh Hill']]
    """
    file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - it lives on in the result
    try:
        def spool(rows: list[tuple]) -> None:
            pickle.dump(rows, file, protocol=pickle.HIGHEST_PROTOCOL)

        analysis, per_frame, names = _analyse(
            corpus, speakers=speakers, kind=kind, topics=topics, frames=frames, progress=progress,
            frame_categories=True, spool=spool)
    except BaseException:
        file.close()
        raise
    file.flush()
    return SpooledCorpus(analysis.share, analysis.topics, analysis.frames, per_frame, analysis.errors,
                         analysis.documents, file, names)
