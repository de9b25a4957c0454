"""A corpus attributed once, with its utterances on disk, read back a batch at a time.

``discourse report`` needs more of a corpus than ``analyse_corpus`` keeps: the table of
every utterance (written out), every document for report.html, keyness between two
speakers known only at the end, and where the frames fall along the text. Holding the
utterance table of the whole corpus for that made the report's memory grow with the
corpus (660 MB for 2,000 articles, 1,690 MB for 8,000). ``spool_corpus`` instead runs
``analyse_corpus``'s pass (the per-speaker counts, in batches of documents) and writes
each batch's utterance rows to a file that has no name (it disappears when closed, or
when the process ends however it ends). ``SpooledCorpus.batches()`` reads them back one
batch at a time, with each person's one label across the corpus, so every later step
(``discourse.report.write_report``) holds one batch, as ``analyse_corpus`` does.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import pandas as pd

from .corpus import _analyse
from .spans import utterance_frame


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

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SpooledCorpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
