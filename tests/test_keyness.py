"""Keyness statistics against quanteda's published test values and hand-worked formulas.

The quanteda check (quanteda.textstats, tests/testthat/test-textstat_keyness.R): documents
d1 = "b b b b b b b a a a" and d2 = "a a a a a a a b b", feature "b", target d1:
a = 7, b = 2, c = 3, d = 7, N = 19; chi2 = 2.632438 (default: Yates applies, since the
smallest expected count (a+b)(a+c)/N = 90/19 = 4.74 < 5 and |ad - bc| = 43 >= N/2),
4.337160 (no correction), G2 = 4.534939 (no correction).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from discourse.comparison import KEYNESS_COLUMNS, g2_stat, keyness, ll_rayson, log_odds_z

MACRON, STARMER = "Emmanuel Macron", "Keir Starmer"


def table(texts: dict[str, str]) -> pd.DataFrame:
    rows, pos = [], 0
    for speaker, text in texts.items():
        rows.append({"doc_id": "d", "start": pos, "end": pos + len(text), "speaker": speaker,
                     "mode": "direct", "cue": None, "paragraph": 0, "sentence": 0, "joint": False,
                     "text": text})
        pos += len(text) + 1
    return pd.DataFrame(rows)


QUANTEDA = table({"d1": "b b b b b b b a a a", "d2": "a a a a a a a b b"})


def row(k: pd.DataFrame, term: str) -> pd.Series:
    return k.set_index("term").loc[term]


def test_chi2_matches_quanteda():
    k = keyness(QUANTEDA, target="d1", measure="chi2")
    assert list(k.columns) == list(KEYNESS_COLUMNS)
    b = row(k, "b")
    assert round(b["statistic"], 6) == 2.632438
    assert b["correction"] == "yates" and bool(b["low_expected"])
    assert (b["target_count"], b["reference_count"], b["target_total"], b["reference_total"]) == (7, 2, 10, 9)
    assert round(row(keyness(QUANTEDA, target="d1", measure="chi2", correction="none"), "b")["statistic"], 6) == 4.337160
    # "a" is under-used by d1: the same statistic, signed negative; order: b first, then a
    assert k["term"].tolist() == ["b", "a"]
    assert row(k, "a")["statistic"] == pytest.approx(-2.632438, abs=1e-6)
    # p = P(chi2_1 > 4.337160) = 0.03728 (upper tail of chi-square with 1 df)
    assert row(keyness(QUANTEDA, target="d1", measure="chi2", correction="none"), "b")["p"] == pytest.approx(0.037280, abs=1e-5)


def test_g2_matches_quanteda_and_hand_formulas():
    b = row(keyness(QUANTEDA, target="d1", measure="lr", correction="none"), "b")
    assert round(b["statistic"], 6) == 4.534939
    # default (quanteda): each cell moves 0.5 towards its expected count: 6.5, 2.5, 3.5, 6.5
    # against E = 90/19, 81/19, 100/19, 90/19:
    # G2 = 2(2·6.5 ln(6.5·19/90) + 2.5 ln(2.5·19/81) + 3.5 ln(3.5·19/100))
    #    = 2(2·2.056804 - 1.334216 - 1.427868) = 2.702844
    e = (90 / 19, 81 / 19, 100 / 19, 90 / 19)
    eps = 1e-9  # quanteda's, inside each logarithm
    by_hand = 2 * (6.5 * math.log(6.5 / e[0] + eps) + 2.5 * math.log(2.5 / e[1] + eps)
                   + 3.5 * math.log(3.5 / e[2] + eps) + 6.5 * math.log(6.5 / e[3] + eps))
    d = row(keyness(QUANTEDA, target="d1", measure="lr"), "b")
    assert d["statistic"] == pytest.approx(by_hand, rel=1e-9) and round(by_hand, 6) == 2.702844
    assert d["correction"] == "yates"
    # Williams: q = 1 + (N/(a+b) + N/(c+d) - 1)(N/(a+c) + N/(b+d) - 1)/(6N)
    #             = 1 + (19/9 + 19/10 - 1)(19/10 + 19/9 - 1)/114 = 1.079532; G2/q = 4.200833
    w = row(keyness(QUANTEDA, target="d1", measure="lr", correction="williams"), "b")
    assert round(w["statistic"], 4) == 4.2008 and w["correction"] == "williams"


def test_two_cell_log_likelihood_as_the_ucrel_calculator():
    # UCREL log-likelihood calculator (Rayson & Garside 2000): E1 = c·(a+b)/(c+d) with c, d the
    # corpus sizes. a = 7 in 10 words, b = 2 in 9: E1 = 10·9/19 = 4.736842, E2 = 9·9/19 = 4.263158,
    # LL = 2(7 ln(7/4.736842) + 2 ln(2/4.263158)) = 2(2.733774 - 1.513726) = 2.4401
    b = row(keyness(QUANTEDA, target="d1", measure="ll"), "b")
    assert round(b["statistic"], 4) == 2.4401 and b["correction"] == "none"
    # a worked example of round numbers: 100 in 10,000 words against 50 in 10,000:
    # E1 = E2 = 75, LL = 2(100 ln(4/3) + 50 ln(2/3)) = 16.99
    assert round(float(ll_rayson(np.array([100.0]), np.array([50.0]), np.array([9900.0]),
                                 np.array([9950.0]))[0]), 2) == 16.99


def test_effect_sizes_by_hand():
    # Hardie's Log Ratio: log2((7/10)/(2/9)) = log2(3.15) = 1.6554
    k = keyness(QUANTEDA, target="d1", measure="log_ratio")
    assert round(row(k, "b")["statistic"], 4) == 1.6554 == round(row(k, "b")["log_ratio"], 4)
    # PMI: ln(a·N/((a+b)(a+c))) = ln(7·19/90) = ln(1.477778) = 0.3905
    assert round(row(keyness(QUANTEDA, target="d1", measure="pmi"), "b")["statistic"], 4) == 0.3905
    # Log Ratio with a zero count: target 0 of 10 vs 3 of 10 -> log2((0.5/10)/(3/10)) = -2.585
    z = table({"x": "a a a a a a a a a a", "y": "b b b a a a a a a a"})
    assert round(row(keyness(z, target="x", measure="log_ratio"), "b")["statistic"], 3) == -2.585


def test_log_odds_with_informative_prior_by_hand():
    # Monroe, Colaresi & Quinn (2008) eq. 16-22, alpha_w = pooled count a+b = 9, alpha_0 = N = 19:
    # delta = ln(16/13) - ln(11/17) = 0.207639 + 0.435318 = 0.642957
    # sigma = sqrt(1/16 + 1/11) = 0.391675; z = 1.6416
    b = row(keyness(QUANTEDA, target="d1", measure="log_odds"), "b")
    assert round(b["statistic"], 4) == 1.6416
    assert b["p"] == pytest.approx(2 * (1 - 0.949665), abs=1e-4)  # two-sided normal, Phi(1.6416)
    # prior = 0 reduces to the plain log-odds ratio over its standard error:
    # ln(7/3) - ln(2/7) = 2.100061; sqrt(1/7 + 1/2) = 0.801784; z = 2.6192
    assert round(float(log_odds_z(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]),
                                  prior=0.0)[0]), 4) == 2.6192


def test_on_the_sample_frames(reference_utterances):
    k = keyness(reference_utterances, target=STARMER, lexicon="frames", level="category")
    # hand counts (test_topic_frame_measures): security_threat 7 of 155 vs 5 of 161;
    # cooperation_unity 4 vs 6; humanitarian 0 vs 3 (absent frames are not rows)
    sec = row(k, "security_threat")
    assert (sec["target_count"], sec["reference_count"], sec["target_total"], sec["reference_total"]) == (7, 5, 155, 161)
    assert sec["statistic"] > 0 and sec["p"] > 0.05  # the sample cannot support a difference
    # expected counts: (7+5)·155/316 = 5.89 and 6.11, both >= 5: no flag; humanitarian 0 vs 3
    # has expected (0+3)·155/316 = 1.47 < 5: flagged
    assert not bool(sec["low_expected"])
    assert bool(row(k, "humanitarian")["low_expected"])
    assert row(k, "humanitarian")["statistic"] < 0
    assert set(k["term"]) == {"security_threat", "cooperation_unity", "humanitarian", "criminality",
                              "sovereignty_control", "policy_prescription", "economic", "morality",
                              "legality"}
    # ordered by statistic, largest first
    assert k["statistic"].is_monotonic_decreasing


def test_ties_are_broken_by_term(reference_utterances):
    k = keyness(reference_utterances, target=STARMER)
    for _, group in k.groupby("statistic", sort=False):
        assert group["term"].tolist() == sorted(group["term"])


def test_reference_defaults_to_everyone_else():
    u = table({"A": "x x y", "B": "y y", "C": "x y"})
    k = keyness(u, target="A", measure="ll")
    x = row(k, "x")
    assert (x["target_count"], x["reference_count"], x["target_total"], x["reference_total"]) == (2, 1, 3, 4)
    only_b = row(keyness(u, target="A", reference="B"), "x")
    assert (only_b["reference_count"], only_b["reference_total"]) == (0, 2)


def test_missing_speaker_names_the_speakers_present(reference_utterances):
    with pytest.raises(ValueError, match=r"'Boris Johnson' not found.*'Emmanuel Macron', 'Keir Starmer'"):
        keyness(reference_utterances, target="Boris Johnson")
    with pytest.raises(ValueError, match="both groups"):
        keyness(reference_utterances, target=STARMER, reference=[STARMER, MACRON])


def test_bad_measure_and_correction():
    with pytest.raises(ValueError, match="measure"):
        keyness(QUANTEDA, target="d1", measure="tfidf")
    with pytest.raises(ValueError, match="does not apply"):
        keyness(QUANTEDA, target="d1", measure="chi2", correction="williams")


def test_group_without_words():
    u = table({"A": "x y", "B": "—"})
    with pytest.raises(ValueError, match="reference group has no words"):
        keyness(u, target="A")


def test_g2_signed_negative_for_underuse():
    g, corr = g2_stat(np.array([2.0]), np.array([7.0]), np.array([7.0]), np.array([3.0]), correction="none")
    assert round(float(g[0]), 6) == -4.534939 and corr[0] == "none"


def test_exported_function_works_after_its_module_is_imported():
    # the function lives in discourse.comparison, so importing that module cannot shadow it
    import discourse.comparison  # noqa: F401

    k = discourse.keyness(QUANTEDA, target="d1", measure="chi2", correction="none")
    assert round(row(k, "b")["statistic"], 6) == 4.337160


def test_english_stopwords_are_left_out_but_still_count_as_words(reference_utterances):
    # "the" is Starmer 13 times and Macron 10 times in the annotation; with the list it is gone
    full = keyness(reference_utterances, target="Keir Starmer", reference="Emmanuel Macron")
    cut = keyness(reference_utterances, target="Keir Starmer", reference="Emmanuel Macron", stopwords="english")
    assert "the" in set(full["term"]) and "the" not in set(cut["term"])
    assert "of" not in set(cut["term"]) and "defence" in set(cut["term"])
    # totals stay every token spoken, stopwords included: Starmer's 155 words; Macron's 161
    # words are 159 tokens, "co-responsibility" and "long-term" being one each (as in quanteda)
    assert set(cut["target_total"]) == {155} and set(cut["reference_total"]) == {159}
    assert "co-responsibility" in set(cut["term"]) and not {"co", "term"} & set(cut["term"])
    split = keyness(reference_utterances, target="Keir Starmer", reference="Emmanuel Macron",
                    stopwords="english", split_hyphens=True)
    assert set(split["reference_total"]) == {161} and {"co", "term"} <= set(split["term"])
    assert cut.attrs == {"target": "Keir Starmer", "reference": "Emmanuel Macron"}


def test_unknown_stopword_list_is_refused(reference_utterances):
    with pytest.raises(ValueError, match="stopwords must be 'english'"):
        keyness(reference_utterances, target="Keir Starmer", stopwords="french")


def test_g2_reproduces_quanteda_with_its_epsilon():
    # quanteda.textstats adds 1e-9 inside each logarithm of G2 ("to avoid log(0)"). Its
    # published keyness table: "will", 41 in the target's 6,182 words against 351 in
    # 127,260, G2 = 22.609878 (the textbook formula gives 22.609611)
    target = "will " * 41 + "x " * (6182 - 41)
    reference = "will " * 351 + "y " * (127260 - 351)
    u = table({"t": target, "r": reference})
    will = row(keyness(u, target="t", measure="lr", correction="none"), "will")
    assert (will["target_count"], will["reference_count"], will["target_total"], will["reference_total"]) == (
        41, 351, 6182, 127260)
    assert round(will["statistic"], 6) == 22.609878
    textbook = row(keyness(u, target="t", measure="lr", correction="none", epsilon=0), "will")
    assert round(textbook["statistic"], 6) == 22.609611


def test_the_default_measure_is_log_odds_everywhere():
    import inspect

    from discourse import cli
    from discourse.comparison import DEFAULT_MEASURE

    assert DEFAULT_MEASURE == "log_odds"
    assert inspect.signature(keyness).parameters["measure"].default == DEFAULT_MEASURE
    parser = cli.build_parser()
    for command in (["keyness", "--target", "x"], ["report"]):
        assert parser.parse_args(command).measure == DEFAULT_MEASURE


def test_critical_values():
    from discourse.comparison import critical_value

    assert critical_value("chi2") == pytest.approx(3.841459, abs=1e-6)
    assert critical_value("lr") == critical_value("ll") == critical_value("chi2")
    assert critical_value("log_odds") == pytest.approx(1.959964, abs=1e-6)
    assert critical_value("log_ratio") is None and critical_value("pmi") is None


def test_a_tie_is_never_key(reference_utterances):
    # equal rates give statistic 0 and p = 1 under every measure
    u = table({"A": "x y z z", "B": "x y w w"})
    for measure in ("log_odds", "chi2", "lr", "ll", "log_ratio"):
        k = row(keyness(u, target="A", measure=measure), "x")
        # (G² is -1.6e-8, not 0: quanteda's epsilon inside its logarithms)
        assert k["statistic"] == pytest.approx(0, abs=1e-6) and k["p"] > 0.999, measure


# --- who is compared -------------------------------------------------------------------


def test_compared_speakers_are_named_persons_with_most_words():
    from discourse.comparison import compared_speakers

    u = table({"(question)": "a b c d e f g h", "The Prime Minister": "a b c d e f", "officials": "a b c d e f g",
               "Hugh Hill & Jane Doe": "a b c d e f g h i", "The President": "a b c"})
    u.loc[u["speaker"] == "Hugh Hill & Jane Doe", "joint"] = True
    # never the questions, an unnamed source or joint speech, however much they say
    assert compared_speakers(u) == ["The Prime Minister", "The President"]
    assert compared_speakers(u, k=5) == ["The Prime Minister", "The President"]
    # the speaker_type column, where attribution gives it, decides instead of the label
    typed = u.assign(speaker_type=u["speaker"].map({"officials": "group", "The President": "organisation"}).fillna("person"))
    assert compared_speakers(typed) == ["(question)", "The Prime Minister"]


def test_compared_speakers_tie_goes_to_who_speaks_first():
    from discourse.comparison import compared_speakers

    u = table({"Zoe Young": "x y", "Adam Ant": "x y", "Bob Brown": "x"})
    assert compared_speakers(u) == ["Zoe Young", "Adam Ant"]


def test_compared_speakers_given():
    from discourse.comparison import compared_speakers

    u = table({"A B": "x y", "C D": "x", "(question)": "z"})
    assert compared_speakers(u, "C D, A B") == ["C D", "A B"]
    assert compared_speakers(u, ["(question)", "A B"]) == ["(question)", "A B"]
    with pytest.raises(ValueError, match=r"'E F' do not speak; the persons who do, most words first: 'A B', 'C D'"):
        compared_speakers(u, "A B,E F")
