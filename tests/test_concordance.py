"""kwic and collocations on the sample, with hand-checked contexts and counts."""

from __future__ import annotations

import pandas as pd
import pytest

import discourse
from discourse.concordance import collocations, kwic
from discourse.lexicon import Lexicon

MACRON, STARMER = "Emmanuel Macron", "Keir Starmer"


def test_kwic_word(reference_utterances, sample):
    k = kwic(reference_utterances, "security", window=3)
    assert list(k.columns) == ["doc_id", "speaker", "mode", "start", "end", "left", "keyword", "right"]
    # Macron: "we can have [security] throughout the region", "the sovereignty and the
    # [security] of all our"; Starmer: "the 2010 defence and [security] accords between the",
    # "responsibility for the [security] of this continent"
    assert k[["speaker", "left", "keyword", "right"]].values.tolist() == [
        [MACRON, "we can have", "security", "throughout the region"],
        [MACRON, "sovereignty and the", "security", "of all our"],
        [STARMER, "2010 defence and", "security", "accords between the"],
        [STARMER, "responsibility for the", "security", "of this continent"],
    ]
    assert all(sample.text[s:e] == kw for s, e, kw in zip(k["start"], k["end"], k["keyword"]))


def test_kwic_phrase_glob_and_context_across_spans(reference_utterances):
    k = kwic(reference_utterances, ["criminal gangs", "smuggl*"], window=2)
    assert k["keyword"].tolist() == ["smugglers", "criminal gangs"]
    # the context comes from the document: after "criminal gangs." comes the narration
    # '" He said' -> up to the 2nd word: '." He said'; after "smugglers": ", and engage"
    assert k["right"].tolist() == [', and engage', '." He said']
    assert k["left"].tolist() == ["from these", "of the"]


def test_kwic_with_a_lexicon_and_category(reference_utterances):
    k = kwic(reference_utterances, "criminality", lexicon="frames", window=1)
    # hand count: Macron "criminal networks", "smugglers"; Starmer "business model", "criminal gangs"
    assert k[["speaker", "keyword", "category"]].values.tolist() == [
        [MACRON, "criminal networks", "criminality"],
        [MACRON, "smugglers", "criminality"],
        [STARMER, "business model", "criminality"],
        [STARMER, "criminal gangs", "criminality"],
    ]
    lex = Lexicon({"unity": ["unity", "together"]})
    assert kwic(reference_utterances, lex)["keyword"].tolist() == ["together", "together", "together", "unity"]
    with pytest.raises(ValueError, match="not in the lexicon"):
        kwic(reference_utterances, "crime", lexicon="frames")


def test_kwic_window_zero_and_errors(reference_utterances):
    k = kwic(reference_utterances, "Putin", window=0)
    assert k[["left", "keyword", "right"]].values.tolist() == [["", "Putin", ""]]
    with pytest.raises(ValueError, match="pattern"):
        kwic(reference_utterances)


def test_collocations_by_hand(reference_utterances):
    c = collocations(reference_utterances, speaker=STARMER, measure="pmi", min_count=2)
    # Starmer says "a show of force, a show of unity": "a show" twice; "a" 4 times ("a new level",
    # "a unique responsibility", "a show" x2), "show" twice, 155 words:
    # PMI = log2(2 · 155 / (4 · 2)) = log2(38.75) = 5.2761
    top = c.iloc[0]
    assert (top["word1"], top["word2"], top["count"]) == ("a", "show", 2)
    assert round(top["score"], 4) == 5.2761
    assert c[["word1", "word2"]].values.tolist() == [["a", "show"], ["show", "of"], ["in", "the"], ["of", "the"]]


def test_collocations_do_not_cross_spans_and_respect_stopwords():
    u = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10], "end": [9, 19], "speaker": ["A", "A"],
                      "mode": ["direct", "direct"], "text": ["red apple", "apple red"]})
    c = collocations(u, measure="raw_freq", min_count=1)
    # pairs: (red, apple), (apple, red); the span boundary would add (apple, apple): absent
    assert sorted(zip(c["word1"], c["word2"])) == [("apple", "red"), ("red", "apple")]
    assert collocations(u, min_count=1, stopwords=["Red"]).empty


def test_collocations_errors(reference_utterances):
    with pytest.raises(ValueError, match="not found"):
        collocations(reference_utterances, speaker="Nobody")
    with pytest.raises(ValueError, match="measure"):
        collocations(reference_utterances, measure="tfidf")


def test_exported():
    assert discourse.kwic is kwic and discourse.collocations is collocations
