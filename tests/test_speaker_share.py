"""speaker_share's interval: a bootstrap over documents in a corpus, over spans in one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import discourse
from discourse.measures import NARRATION


def spans(rows):
    """An utterance table from (doc_id, speaker, mode, text) rows."""
    out, pos = [], {}
    for i, (doc, speaker, mode, text) in enumerate(rows):
        start = pos.get(doc, 0)
        out.append({"doc_id": doc, "start": start, "end": start + len(text), "speaker": speaker, "mode": mode,
                    "cue": None, "paragraph": 0, "sentence": i, "joint": False, "text": text})
        pos[doc] = start + len(text) + 1
    return pd.DataFrame(out)


def test_one_article_resamples_its_spans(reference_utterances):
    share = discourse.speaker_share(reference_utterances)
    assert share.attrs["share_ci"] == "spans"
    named = share[share["speaker"] != NARRATION]
    assert (named["share_ci_low"] < named["share"]).all() and (named["share"] < named["share_ci_high"]).all()
    # with two speakers the intervals mirror each other: A's share is 1 - B's in every draw
    a, b = named.iloc[0], named.iloc[1]
    assert a["share_ci_low"] == pytest.approx(1 - b["share_ci_high"]) and a["share_ci_high"] == pytest.approx(
        1 - b["share_ci_low"])
    assert share.loc[share["speaker"] == NARRATION, ["share_ci_low", "share_ci_high"]].isna().all().all()
    # repeatable, and the seed is what changes it
    again = discourse.speaker_share(reference_utterances)
    pd.testing.assert_frame_equal(share, again)
    other = discourse.speaker_share(reference_utterances, seed=1)
    assert not np.allclose(other["share_ci_low"].dropna(), share["share_ci_low"].dropna())


def test_a_corpus_resamples_documents():
    u = spans([("d1", "A", "direct", "one two three four"), ("d1", "B", "direct", "five six"),
               ("d2", "B", "direct", "seven eight nine ten"), ("d3", "A", "reported", "x y")])
    share = discourse.speaker_share(u, n_boot=4000).set_index("speaker")
    assert share.attrs["share_ci"] == "documents"
    # A speaks in d1 and d3 only: a draw of d2 alone (probability 1/27) gives A no share
    assert share.loc["A", "share_ci_low"] == 0.0
    assert share.loc["A", "share_ci_low"] < share.loc["A", "share"] < share.loc["A", "share_ci_high"]
    per_doc = discourse.speaker_share(u, by_document=True)
    assert per_doc.attrs["share_ci"] == "spans"
    d2 = per_doc[per_doc["doc_id"] == "d2"].set_index("speaker")
    assert d2.loc["B", ["share", "share_ci_low", "share_ci_high"]].tolist() == [1.0, 1.0, 1.0]


def test_no_interval_when_not_asked_or_not_additive(reference_utterances):
    none = discourse.speaker_share(reference_utterances, ci=None)
    assert none[["share_ci_low", "share_ci_high"]].isna().all().all() and none.attrs["share_ci"] is None
    by_sentence = discourse.speaker_share(reference_utterances, by="sentences")
    assert by_sentence["share_ci_low"].isna().all()
    quotes = discourse.speaker_share(reference_utterances, by="quotes")
    assert quotes["share_ci_low"].notna().sum() == 2
    with pytest.raises(ValueError, match="ci must be"):
        discourse.speaker_share(reference_utterances, ci="exact")
