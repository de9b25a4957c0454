"""From spans of speech to the full utterance table that covers a document."""

from __future__ import annotations

import bisect
import contextlib
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
    para_at, sent_at = seg.paragraph_at, seg.sentence_at
    rows: list[tuple] = []
    add = rows.append

    def emit(start: int, end: int, speaker: Any, kind: Any, mode: str, cue: Any, joint: bool) -> None:
        # each row is made once, in its final form: a long document has hundreds of
        # thousands, and a list of intermediate tuples beside them cost a tenth of its peak
        pos = start
        # cut at every paragraph start inside (start, end)
        i = bisect.bisect_right(cuts, pos)
        while i < len(cuts) and cuts[i] < end:
            if cuts[i] > pos:
                add((doc_id, pos, cuts[i], speaker, kind, mode, cue, para_at(pos), sent_at(pos), joint, text[pos:cuts[i]]))
                pos = cuts[i]
            i += 1
        if end > pos:
            add((doc_id, pos, end, speaker, kind, mode, cue, para_at(pos), sent_at(pos), joint, text[pos:end]))

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
    return rows


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
    n = len(rows)

    # one column at a time, straight from the rows: transposing them all first (zip)
    # held ten more pointers per row, and every object column waited for its conversion
    def column(i: int, dtype: Any) -> Any:
        return np.fromiter((r[i] for r in rows), dtype=dtype, count=n)

    def text_column(i: int) -> Any:
        # object columns as Series of dtype object: pandas would otherwise scan them to
        # infer its "str" dtype, which costs more than attribution
        values = pd.Series(column(i, object), dtype=object, copy=False)
        if strings is object or i == 0:
            return values
        # a lone surrogate (a str no UTF-8 file can hold) cannot go into pandas' Arrow
        # strings: the column then stays Python objects rather than lose the text
        with contextlib.suppress(UnicodeEncodeError):
            return pd.array(values.to_numpy(), dtype=dtype)
        return values

    dtype = None if strings is object else _STR if strings == "str" else pd.api.types.pandas_dtype(strings)
    columns: dict[str, Any] = {
        "doc_id": text_column(0),
        "start": column(1, np.int64),
        "end": column(2, np.int64),
        "speaker": None,
        "speaker_type": None,
        "mode": None,
        "cue": None,
        "paragraph": column(7, np.int64),
        "sentence": column(8, np.int64),
        "joint": column(9, bool),
        "text": None,
    }
    assert list(columns) == list(UTTERANCE_COLUMNS)
    position = {"speaker": 3, "speaker_type": 4, "mode": 5, "cue": 6, "text": 10}
    if strings is not object and n <= _ONE_CONVERSION:
        # the five columns of a short table converted at once, then sliced: a conversion
        # costs more than its values on a short article
        with contextlib.suppress(UnicodeEncodeError):  # a lone surrogate: column by column
            strs = pd.array([r[i] for i in position.values() for r in rows], dtype=dtype)
            for k, name in enumerate(position):
                columns[name] = strs[k * n:(k + 1) * n]
    for name, i in position.items():
        if columns[name] is None:
            columns[name] = text_column(i)
    return pd.DataFrame(columns, copy=False)


#: Tables of at most this many rows convert their string columns in one call.
_ONE_CONVERSION = 10_000
_STR = pd.api.types.pandas_dtype("str")  # resolved once: the lookup costs more than the column
