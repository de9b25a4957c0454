"""Scoring attribution against a hand annotation, word by word.

Words are the ``\\w+`` runs of the text. Each word takes the (speaker, mode) of the
span holding its first character; words outside every speech span are narration.
Spans of mode ``ignore`` in the reference (ambiguous stretches) are left out of scoring.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .text import WORD_RE

Label = tuple[Any, str]  # (speaker or None, mode)


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
