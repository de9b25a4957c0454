"""Measures over utterances: who speaks how much, about what, and in which terms.

Every function takes the long utterance table that ``attribute`` returns (see
``discourse.schema.UTTERANCE_COLUMNS``), never changes it, and returns a new long
table with raw counts next to the shares or rates computed from them.
"""

from __future__ import annotations

import pandas as pd

from .schema import require_columns
from .text import WORD_RE

#: Label of the writer's own words in tables and figures.
NARRATION = "(narration)"
#: Label of speech whose speaker could not be found.
UNATTRIBUTED = "(unattributed)"

_SHARE_UNITS = {"words": "words", "quotes": "spans", "sentences": "sentences"}


def _span_words(utterances: pd.DataFrame) -> pd.Series:
    return utterances["text"].astype(str).str.count(WORD_RE.pattern).astype("int64")


def speaker_share(
    utterances: pd.DataFrame,
    *,
    by: str = "words",
    include_joint: bool = False,
    by_document: bool = False,
) -> pd.DataFrame:
    """How much each speaker says: words, quotes and sentences, and their shares.

    Parameters
    ----------
    utterances : DataFrame
        Spans as returned by ``attribute`` (columns doc_id, speaker, mode, sentence,
        text; ``joint`` where present). Not modified.
    by : {"words", "quotes", "sentences"}
        The unit of the ``share`` columns.
    include_joint : bool
        Speech credited to several people together ("the two leaders said") is a row of
        its own when True; when False it is left out of every speaker's counts and of
        the shares' denominator.
    by_document : bool
        One block of rows per doc_id instead of totals over the corpus.

    Returns
    -------
    DataFrame
        One row per speaker, most words first (ties by name), then one row labelled
        ``"(narration)"`` for the writer's own words. Columns:

        - ``speaker``; ``joint`` (bool)
        - ``words``, ``direct_words``, ``reported_words``: words spoken, in quote
          marks, in reported speech (words are runs of word characters)
        - ``quotes``: spans of direct speech; ``reported``: spans of reported speech
        - ``sentences``: sentences in which the speaker speaks
        - ``share``, ``direct_share``, ``reported_share``: the speaker's fraction of
          all speakers' speech in the unit ``by`` (together, direct only, reported
          only); missing for narration
        - ``document_share``: fraction of all words of the document(s), narration
          included
        Speech with no identified speaker is the row ``"(unattributed)"``.

    Examples
    --------
    >>> import discourse
    >>> s = discourse.load_sample()
    >>> u = discourse.attribute(s.text, speakers=s.speakers)
    >>> share = speaker_share(u)
    >>> share.set_index("speaker").loc["Keir Starmer", "words"] > 100
    True
    """
    if by not in _SHARE_UNITS:
        raise ValueError(f"by must be one of {', '.join(_SHARE_UNITS)}, not {by!r}")
    require_columns(utterances, ("doc_id", "speaker", "mode", "sentence", "text"), what="utterances")
    u = utterances
    joint = u["joint"].fillna(False).astype(bool) if "joint" in u.columns else pd.Series(False, index=u.index)
    frame = pd.DataFrame(
        {
            "doc_id": u["doc_id"],
            "speaker": u["speaker"].astype(object).where(u["speaker"].notna(), UNATTRIBUTED),
            "joint": joint,
            "mode": u["mode"],
            "sentence": u["sentence"],
            "words": _span_words(u),
        }
    )
    narration = frame["mode"].eq("narration")
    frame.loc[narration, "speaker"] = NARRATION
    frame.loc[narration, "joint"] = False
    doc_words = frame.groupby("doc_id", sort=False)["words"].sum()
    if not include_joint:
        frame = frame[~frame["joint"]]

    keys = ["doc_id", "speaker"] if by_document else ["speaker"]
    direct = frame["mode"].eq("direct")
    reported = frame["mode"].eq("reported")
    frame = frame.assign(
        direct_words=frame["words"].where(direct, 0),
        reported_words=frame["words"].where(reported, 0),
        quotes=direct.astype("int64"),
        reported=reported.astype("int64"),
        spans=(direct | reported).astype("int64"),
        sentence_key=list(zip(frame["doc_id"], frame["sentence"])),
    )
    agg = frame.groupby(keys, sort=False, dropna=False).agg(
        joint=("joint", "any"),
        words=("words", "sum"),
        direct_words=("direct_words", "sum"),
        reported_words=("reported_words", "sum"),
        quotes=("quotes", "sum"),
        reported=("reported", "sum"),
        spans=("spans", "sum"),
        sentences=("sentence_key", "nunique"),
    ).reset_index()
    is_narr = agg["speaker"].eq(NARRATION)
    agg.loc[is_narr, ["direct_words", "reported_words", "quotes", "reported", "spans"]] = 0

    unit = _SHARE_UNITS[by]
    direct_unit = {"words": "direct_words", "spans": "quotes", "sentences": None}[unit]
    reported_unit = {"words": "reported_words", "spans": "reported", "sentences": None}[unit]
    group = agg.loc[~is_narr].groupby(keys[:-1]) if by_document else None

    def share(col: str | None) -> pd.Series:
        if col is None:  # sentences are not split by mode
            return pd.Series(float("nan"), index=agg.index)
        values = agg[col].where(~is_narr)
        if by_document:
            total = agg["doc_id"].map(group[col].sum())
        else:
            total = values.sum()
        return values / pd.Series(total, index=agg.index).where(lambda t: t > 0)

    agg["share"] = share(unit)
    agg["direct_share"] = share(direct_unit)
    agg["reported_share"] = share(reported_unit)
    if by_document:
        agg["document_share"] = agg["words"] / agg["doc_id"].map(doc_words).where(lambda t: t > 0)
    else:
        total_words = doc_words.sum()
        agg["document_share"] = agg["words"] / total_words if total_words else float("nan")

    agg["_narr"] = is_narr
    order = (["doc_id"] if by_document else []) + ["_narr", "words", "speaker"]
    agg = agg.sort_values(order, ascending=[True] * by_document + [True, False, True], kind="mergesort")
    columns = (["doc_id"] if by_document else []) + [
        "speaker", "joint", "words", "direct_words", "reported_words", "quotes", "reported",
        "sentences", "share", "direct_share", "reported_share", "document_share",
    ]
    out = agg[columns].reset_index(drop=True)
    for col in ("words", "direct_words", "reported_words", "quotes", "reported", "sentences"):
        out[col] = out[col].astype("int64")
    return out
