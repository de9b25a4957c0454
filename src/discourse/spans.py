"""From spans of speech to the full utterance table that covers a document."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .schema import UTTERANCE_COLUMNS, empty_utterances
from .text import Segmentation, normalise, segment


def cover(
    text: str,
    speech: Iterable[Mapping[str, Any]],
    *,
    doc_id: Any = 0,
    seg: Segmentation | None = None,
) -> pd.DataFrame:
    """The utterance table of ``text``: the given speech spans plus narration between them.

    ``speech`` holds mappings with start, end, speaker, mode and, optionally, cue and
    joint. They must not overlap. Narration fills every gap, cut at paragraph breaks (the
    white space after a paragraph belongs to it), so that the rows cover the text from
    0 to ``len(text)`` with no gap and no overlap. A speech span that crosses a paragraph
    break is cut there too, so that every row has one paragraph.
    """
    if seg is None:
        seg = segment(normalise(text))
    n = len(text)
    if n == 0:
        return empty_utterances()
    # paragraph cut points: start of every paragraph after the first
    cuts = [p[0] for p in seg.paragraphs[1:]]
    rows: list[tuple] = []

    def emit(start: int, end: int, speaker: Any, mode: str, cue: Any, joint: bool) -> None:
        pos = start
        # cut at every paragraph start inside (start, end)
        i = bisect.bisect_right(cuts, pos)
        while i < len(cuts) and cuts[i] < end:
            if cuts[i] > pos:
                rows.append((pos, cuts[i], speaker, mode, cue, joint))
                pos = cuts[i]
            i += 1
        if end > pos:
            rows.append((pos, end, speaker, mode, cue, joint))

    pos = 0
    for span in sorted(speech, key=lambda s: (s["start"], s["end"])):
        start, end = int(span["start"]), int(span["end"])
        if start < pos or end <= start or end > n:
            raise ValueError(
                f"speech span {start}-{end} overlaps the previous one (ending at {pos}) or "
                f"lies outside the text (length {n})"
            )
        if start > pos:
            emit(pos, start, None, "narration", None, False)
        emit(start, end, span.get("speaker"), span["mode"], span.get("cue"), bool(span.get("joint", False)))
        pos = end
    if pos < n:
        emit(pos, n, None, "narration", None, False)

    starts = [r[0] for r in rows]
    obj = lambda values: np.array(values, dtype=object)  # noqa: E731
    # numpy arrays straight into the constructor: ten times faster than lists for the
    # small frames of one document each, which matters over a corpus
    columns = {
        "doc_id": obj([doc_id] * len(rows)),
        "start": np.array(starts, dtype=np.int64),
        "end": np.array([r[1] for r in rows], dtype=np.int64),
        "speaker": obj([r[2] for r in rows]),
        "mode": obj([r[3] for r in rows]),
        "cue": obj([r[4] for r in rows]),
        "paragraph": np.array([seg.paragraph_at(x) for x in starts], dtype=np.int64),
        "sentence": np.array([seg.sentence_at(x) for x in starts], dtype=np.int64),
        "joint": np.array([r[5] for r in rows], dtype=bool),
        "text": obj([text[r[0]:r[1]] for r in rows]),
    }
    assert list(columns) == list(UTTERANCE_COLUMNS)
    try:
        return pd.DataFrame(columns, copy=False)
    except UnicodeEncodeError:
        # a lone surrogate (a str no UTF-8 file can hold) cannot go into pandas' Arrow
        # strings: keep the text columns as Python objects rather than lose the text
        for name in ("speaker", "cue", "text"):
            columns[name] = pd.Series(columns[name], dtype=object)
        return pd.DataFrame(columns, copy=False)
