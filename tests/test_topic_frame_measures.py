"""topic_frequency and framing_terms: hand counts on the sample, rates, intervals, edge cases.

Hand counts, from data/franco_british_summit_2025-07-10.speech.csv (the "ignore" span
"Restricting entry points into Europe," is narration). Words are \\w+ runs: Macron 161,
Starmer 155 (tests/test_sample.py).

Frames (shipped frames.yml), one hit per quoted span:
  Macron  security_threat 5: "We have [wars] and [destabilisation]", "a [nuclear] deal",
          "have [security] throughout", "the [security] of all our countries"
          cooperation_unity 6: "come [together]", "chapter of [cooperation]", "[joint action]",
          "[common resolve]", "a [co-responsibility]", "wider EU [cooperation]"
          humanitarian 3: "[poverty] is a key driver", "being [exploited]", "[protecting] our people"
          criminality 2: "[criminal networks]", "these [smugglers]"
          sovereignty_control 2: "the [sovereignty]", "[restricting entry points] into Europe"
          policy_prescription 2: "a nuclear [deal]", "long-term [solutions]"
          economic 1: "deeper [economic] integration"
          morality 0: "a co-responsibility" is one token (as in quanteda), no "responsibility"
  Starmer security_threat 7: "2010 [defence] and [security] accords", "only [nuclear] powers",
          "European [defence] spending", "the [security] of this continent", "meet [danger]",
          "a [show of force]"
          cooperation_unity 4: "the [coalition] of the willing [together] again",
          "[together] with a show of force", "a show of [unity]"
          criminality 2: "the [business model] of the [criminal gangs]"
          legality 2: "tackle [illegal] migration", "Lancaster House [Treaties]"
          policy_prescription 2: "new [tactics]", "to [tackle]"
          sovereignty_control 1: "tackle [illegal migration]"
          economic 1: "European defence [spending]"
          morality 1: "a unique [responsibility]"
  every other frame: 0 for both.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import discourse
from discourse.lexicon import Lexicon, load_lexicon
from discourse.measures import NARRATION, framing_terms, topic_frequency

MACRON, STARMER = "Emmanuel Macron", "Keir Starmer"

FRAMES_BY_HAND = {
    MACRON: {"security_threat": 5, "cooperation_unity": 6, "humanitarian": 3, "criminality": 2,
             "sovereignty_control": 2, "policy_prescription": 2, "economic": 1},
    STARMER: {"security_threat": 7, "cooperation_unity": 4, "criminality": 2, "legality": 2,
              "policy_prescription": 2, "sovereignty_control": 1, "economic": 1, "morality": 1},
}

# Topics (shipped topics.yml):
#  Macron  migration_borders 3: "irregular [migration]", "[migrants] are being exploited",
#          "restricting [entry points]"; defence_security 4: "[wars]", "[nuclear]", "[security]" x2;
#          middle_east 2: "the [Middle East]", "getting [Iran]"; diplomacy 2: "[bilateral] [talks]";
#          economy_trade 1: "[economic] integration"; european_cooperation 3: "into [Europe]",
#          "wider [EU] engagement", "wider [EU] cooperation"; crime_justice 2: "[criminal networks]",
#          "these [smugglers]"; social_welfare_housing 1: "[poverty]"
#  Starmer migration_borders 1: "illegal [migration]"; defence_security 6: "[defence] and
#          [security] accords", "[nuclear] powers", "European [defence] spending", "the [security]
#          of this continent", "a [show of force]"; ukraine_russia 5: "support [Ukraine]", "the
#          [coalition of the willing]", "keep [Ukraine]", "([Russian] President) [Putin]";
#          diplomacy 4: "the [Lancaster House] [Treaties]", "security [accords]", "the
#          [negotiating] table"; european_cooperation 2: "As [Europe]’s", "[European] defence";
#          crime_justice 1: "the [criminal gangs]" (a phrase entry: once, not as criminal + gangs)
TOPICS_BY_HAND = {
    MACRON: {"migration_borders": 3, "defence_security": 4, "middle_east": 2, "diplomacy": 2,
             "economy_trade": 1, "european_cooperation": 3, "crime_justice": 2,
             "social_welfare_housing": 1},
    STARMER: {"migration_borders": 1, "defence_security": 6, "ukraine_russia": 5, "diplomacy": 4,
              "european_cooperation": 2, "crime_justice": 1},
}
WORDS = {MACRON: 161, STARMER: 155}


def table(rows, doc_id="d"):
    out, pos = [], 0
    for speaker, mode, text, *joint in rows:
        out.append({"doc_id": doc_id, "start": pos, "end": pos + len(text), "speaker": speaker,
                    "mode": mode, "cue": None, "paragraph": 0, "sentence": 0,
                    "joint": bool(joint and joint[0]), "text": text})
        pos += len(text) + 1
    return pd.DataFrame(out)


@pytest.mark.parametrize(
    ("func", "name", "by_hand"),
    [(framing_terms, "frames", FRAMES_BY_HAND), (topic_frequency, "topics", TOPICS_BY_HAND)],
)
def test_every_category_count_on_the_sample_matches_the_hand_count(reference_utterances, func, name, by_hand):
    out = func(reference_utterances, level="category")
    categories = list(load_lexicon(name).categories)
    # zero-count rows for every (speaker, category), speakers by words (Macron 161 > Starmer 155)
    assert out["speaker"].tolist() == [MACRON] * len(categories) + [STARMER] * len(categories)
    assert out["category"].tolist() == categories * 2
    for speaker, counts in by_hand.items():
        got = out[out["speaker"] == speaker].set_index("category")["count"]
        assert got.to_dict() == {c: counts.get(c, 0) for c in categories}, speaker
        assert (out.loc[out["speaker"] == speaker, "words"] == WORDS[speaker]).all()


def test_rates_are_per_thousand_words(reference_utterances):
    t = topic_frequency(reference_utterances).set_index(["speaker", "category"])
    # Starmer defence_security: 6 hits in 155 words = 38.709677 per 1,000
    assert t.loc[(STARMER, "defence_security"), "rate"] == pytest.approx(6000 / 155)
    assert t.loc[(MACRON, "energy"), "rate"] == 0.0


def test_exact_interval_is_clopper_pearson(reference_utterances):
    t = topic_frequency(reference_utterances).set_index(["speaker", "category"])
    # zero hits in n words: [0, 1 - 0.025^(1/n)]; n = 155: 1 - exp(ln 0.025 / 155) = 0.0235183
    row = t.loc[(STARMER, "energy")]
    assert row["ci_low"] == 0.0
    assert row["ci_high"] == pytest.approx(1000 * (1 - 0.025 ** (1 / 155)), rel=1e-9)
    assert row["ci_high"] == pytest.approx(23.5183, abs=1e-4)
    # one hit in 155 words: the lower bound solves 1 - (1-p)^155 = 0.025: p = 1 - 0.975^(1/155)
    row = t.loc[(STARMER, "migration_borders")]
    assert row["ci_low"] == pytest.approx(1000 * (1 - 0.975 ** (1 / 155)), rel=1e-9)
    assert row["ci_low"] < row["rate"] < row["ci_high"]


def test_term_level_and_the_named_terms(reference_utterances):
    f = framing_terms(reference_utterances).set_index(["speaker", "category", "term"])
    assert f.loc[(STARMER, "criminality", "criminal gangs"), "count"] == 1
    assert f.loc[(MACRON, "criminality", "criminal gangs"), "count"] == 0
    assert f.loc[(MACRON, "criminality", "criminal networks"), "count"] == 1
    assert f.loc[(STARMER, "security_threat", "security"), "count"] == 2
    assert f.loc[(MACRON, "security_threat", "security"), "count"] == 2
    assert f.loc[(STARMER, "sovereignty_control", "illegal migration"), "count"] == 1
    # every speaker has the same rows: one per entry of the lexicon
    n_terms = len(load_lexicon("frames"))
    assert len(f) == 2 * n_terms
    used = framing_terms(reference_utterances, all_terms=False)
    # only entries someone used, listed for both speakers; no hit is lost
    assert set(used.groupby("speaker").size()) == {len(used) // 2}
    assert used["count"].sum() == sum(FRAMES_BY_HAND[MACRON].values()) + sum(FRAMES_BY_HAND[STARMER].values())


def test_caller_frame_is_not_changed(reference_utterances):
    u = reference_utterances.copy()
    framing_terms(u, ci="bootstrap", n_boot=50)
    pd.testing.assert_frame_equal(u, reference_utterances)


def test_speaker_with_no_words_has_missing_rate_not_an_error():
    u = table([("A", "direct", "security and security"), ("B", "direct", "—")])
    out = topic_frequency(u, {"s": ["security"]}).set_index("speaker")
    assert out.loc["B", "words"] == 0 and out.loc["B", "count"] == 0
    assert math.isnan(out.loc["B", "rate"]) and math.isnan(out.loc["B", "ci_low"])
    assert math.isnan(out.loc["B", "ci_high"])
    assert out.loc["A", "rate"] == pytest.approx(2000 / 3)  # 2 hits in 3 words
    boot = topic_frequency(u, {"s": ["security"]}, ci="bootstrap", n_boot=20).set_index("speaker")
    assert math.isnan(boot.loc["B", "ci_low"])


def test_joint_speech_is_left_out_unless_asked():
    u = table([("A", "direct", "security"), ("A", "direct", "security security", True)])
    lex = {"s": ["security"]}
    assert topic_frequency(u, lex)[["count", "words"]].values.tolist() == [[1, 1]]
    assert topic_frequency(u, lex, include_joint=True)[["count", "words"]].values.tolist() == [[3, 3]]


def test_narration_is_its_own_speaker_when_included(reference_utterances):
    out = topic_frequency(reference_utterances, include_narration=True)
    assert out["speaker"].iloc[-1] == NARRATION
    narr = out[out["speaker"] == NARRATION].set_index("category")
    # narration (see test_lexicon): migration, migrants, English Channel, small boats, asylum,
    # one in, one out, entry points, Channel crossings = 8
    assert narr.loc["migration_borders", "count"] == 8


def test_by_document():
    u = pd.concat([table([("A", "direct", "security now")], "d1"),
                   table([("A", "direct", "no"), ("B", "reported", "security security")], "d2")])
    out = topic_frequency(u, {"s": ["security"]}, by_document=True)
    assert out[["doc_id", "speaker", "count", "words"]].values.tolist() == [
        ["d1", "A", 1, 2], ["d2", "B", 2, 2], ["d2", "A", 0, 1]]


def test_bootstrap_is_repeatable_and_degenerate_for_one_span():
    u = table([("A", "direct", "security and more"), ("B", "direct", "security"),
               ("B", "direct", "nothing here at all")])
    lex = {"s": ["security"]}
    one = topic_frequency(u, lex, ci="bootstrap", n_boot=200, seed=3)
    two = topic_frequency(u, lex, ci="bootstrap", n_boot=200, seed=3)
    pd.testing.assert_frame_equal(one, two)
    a = one.set_index("speaker").loc["A"]
    # A has one span: every resample is that span, so the interval is the rate, 1000/3
    assert a["ci_low"] == pytest.approx(1000 / 3) and a["ci_high"] == pytest.approx(1000 / 3)
    b = one.set_index("speaker").loc["B"]
    # B: resamples of ("security", "nothing here at all") give 0, 1000/5 or 1000/1
    assert b["ci_low"] == 0.0 and b["ci_high"] == pytest.approx(1000.0)


def test_bad_options():
    u = table([("A", "direct", "x")])
    with pytest.raises(ValueError, match="level"):
        topic_frequency(u, level="word")
    with pytest.raises(ValueError, match="ci"):
        topic_frequency(u, ci="wald")
    with pytest.raises(ValueError, match="overlap"):
        topic_frequency(u, overlap="none")
    with pytest.raises(ValueError, match="lacks column"):
        topic_frequency(u.drop(columns="text"))


def test_overlap_option_reaches_the_measures():
    u = table([("A", "direct", "criminal gangs")])
    lex = Lexicon({"c": ["criminal gangs", "gangs"]})
    assert topic_frequency(u, lex)["count"].tolist() == [1]
    assert topic_frequency(u, lex, overlap="all")["count"].tolist() == [2]


def test_public_names_are_exported():
    assert discourse.topic_frequency is topic_frequency
    assert discourse.framing_terms is framing_terms
    assert np.issubdtype(topic_frequency(table([("A", "direct", "x")]))["count"].dtype, np.integer)


def test_table_without_speech_gives_empty_results(reference_utterances):
    narration_only = reference_utterances[reference_utterances["mode"] == "narration"]
    assert topic_frequency(narration_only).empty
    assert discourse.match_terms(narration_only, "frames").empty
    # with narration counted: "Restricting [entry points] into Europe" (the "ignore" span) is the
    # one sovereignty_control hit of the narration ("[restricting entry points]")
    f = framing_terms(narration_only, include_narration=True, level="category").set_index("category")
    assert f.loc["sovereignty_control", "count"] == 1
