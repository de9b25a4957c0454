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

    ``speech`` holds mappings with start, end, speaker, mode and, optionally, cue,
    joint and speaker_type (default: ``person`` where a speaker is given, ``unknown``
    where not). They must not overlap. Narration fills every gap, cut at paragraph breaks (the
    white space after a paragraph belongs to it), so that the rows cover the text from
    0 to ``len(text)`` with no gap and no overlap. A speech span that crosses a paragraph
    break is cut there too, so that every row has one paragraph.
    """
    return utterance_frame(cover_rows(text, speech, doc_id=doc_id, seg=seg))


def cover_rows(
    text: str,
    speech: Iterable[Mapping[str, Any]],
    *,
    doc_id: Any = 0,
    seg: Segmentation | None = None,
) -> list[tuple]:
    """``cover`` as a list of row tuples in ``UTTERANCE_COLUMNS`` order.

    Corpus runs gather the rows of many documents and build one table from them: a
    DataFrame per document would cost more than attributing it.
    """
    if seg is None:
        seg = segment(normalise(text))
    n = len(text)
    if n == 0:
        return []
    # paragraph cut points: start of every paragraph after the first
    cuts = [p[0] for p in seg.paragraphs[1:]]
    spans: list[tuple] = []

    def emit(start: int, end: int, speaker: Any, kind: Any, mode: str, cue: Any, joint: bool) -> None:
        pos = start
        # cut at every paragraph start inside (start, end)
        i = bisect.bisect_right(cuts, pos)
        while i < len(cuts) and cuts[i] < end:
            if cuts[i] > pos:
                spans.append((pos, cuts[i], speaker, kind, mode, cue, joint))
                pos = cuts[i]
            i += 1
        if end > pos:
            spans.append((pos, end, speaker, kind, mode, cue, joint))

    pos = 0
    for span in sorted(speech, key=lambda s: (s["start"], s["end"])):
        start, end = int(span["start"]), int(span["end"])
        if start < pos or end <= start or end > n:
            raise ValueError(
                f"speech span {start}-{end} overlaps the previous one (ending at {pos}) or "
                f"lies outside the text (length {n})"
            )
        if start > pos:
            emit(pos, start, None, None, "narration", None, False)
        speaker = span.get("speaker")
        kind = span.get("speaker_type") or (
            None if span["mode"] == "narration" else "person" if _given(speaker) else "unknown")
        emit(start, end, speaker, kind, span["mode"], span.get("cue"), bool(span.get("joint", False)))
        pos = end
    if pos < n:
        emit(pos, n, None, None, "narration", None, False)

    para_at, sent_at = seg.paragraph_at, seg.sentence_at
    return [(doc_id, a, b, speaker, kind, mode, cue, para_at(a), sent_at(a), joint, text[a:b])
            for a, b, speaker, kind, mode, cue, joint in spans]


def _given(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def utterance_frame(rows: list[tuple], *, strings: Any = "str") -> pd.DataFrame:
    """The utterance table of rows in ``UTTERANCE_COLUMNS`` order (from ``cover_rows``).

    ``strings`` is the dtype of the speaker, mode, cue and text columns: pandas' "str"
    (the default, as any table the user gets), or ``object`` for tables only counted
    internally, which build about ten times faster. Naming the dtype, rather than
    letting pandas infer it, is what keeps building a table cheap either way.
    """
    if not rows:
        return empty_utterances()
    values = list(zip(*rows))
    # object columns as Series of dtype object: pandas would otherwise scan them to infer
    # its "str" dtype, which costs more than attribution
    obj = lambda i: pd.Series(np.array(values[i], dtype=object), dtype=object, copy=False)  # noqa: E731
    columns: dict[str, Any] = {
        "doc_id": obj(0),
        "start": np.array(values[1], dtype=np.int64),
        "end": np.array(values[2], dtype=np.int64),
        "speaker": None,
        "speaker_type": None,
        "mode": None,
        "cue": None,
        "paragraph": np.array(values[7], dtype=np.int64),
        "sentence": np.array(values[8], dtype=np.int64),
        "joint": np.array(values[9], dtype=bool),
        "text": None,
    }
    assert list(columns) == list(UTTERANCE_COLUMNS)
    position = {"speaker": 3, "speaker_type": 4, "mode": 5, "cue": 6, "text": 10}
    if strings is object:
        for name, i in position.items():
            columns[name] = obj(i)
        return pd.DataFrame(columns, copy=False)
    dtype = _STR if strings == "str" else pd.api.types.pandas_dtype(strings)
    try:
        # the five columns converted at once, then sliced: a conversion costs more than
        # its values on a short article
        n = len(rows)
        strs = pd.array([v for i in position.values() for v in values[i]], dtype=dtype)
        for k, name in enumerate(position):
            columns[name] = strs[k * n:(k + 1) * n]
    except UnicodeEncodeError:
        # a lone surrogate (a str no UTF-8 file can hold) cannot go into pandas' Arrow
        # strings: that column then stays Python objects rather than lose the text
        for name, i in position.items():
            try:
                columns[name] = pd.array(values[i], dtype=dtype)
            except UnicodeEncodeError:
                columns[name] = obj(i)
    return pd.DataFrame(columns, copy=False)

_STR = pd.api.types.pandas_dtype("str")  # resolved once: the lookup costs more than the column
