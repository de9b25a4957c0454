"""Lexicons: matching rules, file formats, shipped lexicons, hits on the sample, bad input."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse.lexicon import HIT_COLUMNS, Lexicon, LexiconError, load_lexicon, match_terms, tokens

DATA = Path(__file__).parent / "data" / "lexicons"


def utterances(rows):
    """A small hand-built utterance table: (speaker, mode, text) rows of one document."""
    out, pos = [], 0
    for i, (speaker, mode, text) in enumerate(rows):
        out.append({"doc_id": "d", "start": pos, "end": pos + len(text), "speaker": speaker,
                    "mode": mode, "cue": None, "paragraph": i, "sentence": i, "joint": False,
                    "text": text})
        pos += len(text) + 1
    return pd.DataFrame(out)


# --- matching rules ------------------------------------------------------------------


def test_case_insensitive_on_word_boundaries():
    lex = Lexicon({"s": ["security", "EU"]})
    # "Security" and "SECURITY" match; "insecurity" and "securityx" do not; "EU" not in "Europe"
    hits = lex.find("Security, insecurity, SECURITY securityx Europe EU")
    assert [(s, e) for s, e, _, _ in hits] == [(0, 8), (22, 30), (48, 50)]


def test_curly_and_straight_apostrophes_and_hyphen_variants_are_alike():
    lex = Lexicon({"x": ["Europe's", "long-term"]})
    text = "Europe’s Europe's long term long-term long–term long\u2010term longterm"
    found = [text[s:e] for s, e, _, _ in lex.find(text)]
    # 2 apostrophe forms + 4 hyphen/space forms; "longterm" is one word, not matched
    assert found == ["Europe’s", "Europe's", "long term", "long-term", "long–term", "long\u2010term"]


def test_entries_are_never_regular_expressions():
    lex = Lexicon({"x": ["U.S.", "(Russian", "a+b", "[eu]", "c.t"]})
    text = "US U.S. USxS (Russian President) Russian a+b aab [eu] eu cat c.t"
    found = [text[s:e] for s, e, _, _ in lex.find(text)]
    assert found == ["U.S.", "(Russian", "a+b", "[eu]", "c.t"]


def test_glob_matches_the_rest_of_the_word_only_at_the_end():
    lex = Lexicon({"m": ["migra*"]})
    text = "Migration, migrants, migratory, migra, immigration"
    assert [text[s:e] for s, e, _, _ in lex.find(text)] == ["Migration", "migrants", "migratory", "migra"]
    with pytest.raises(ValueError, match="only at the end"):
        Lexicon({"m": ["mi*gra"]})
    with pytest.raises(ValueError, match="follow a letter"):
        Lexicon({"m": ["migra-*"]})


def test_nested_matches_count_once_per_category_by_default():
    lex = Lexicon({"crime": ["criminal gangs", "gang*", "criminal*"], "groups": ["gangs"]})
    text = "the criminal gangs and other gangs"
    # default (quanteda nested_scope="key"): crime counts "criminal gangs" once and the second
    # "gangs" once = 2; "groups" has its own entry and counts both "gangs" = 2
    assert lex.count(text) == {"crime": 2, "groups": 2}
    # "lexicon": the first "gangs" lies inside a longer match, so "groups" keeps only the second
    assert lex.count(text, overlap="lexicon") == {"crime": 2, "groups": 1}
    # "all": crime counts criminal gangs, criminal*, gang* (x2) = 4
    assert lex.count(text, overlap="all") == {"crime": 4, "groups": 2}


def test_same_stretch_is_credited_to_the_plain_entry_before_the_glob():
    lex = Lexicon({"m": ["migra*", "migration"]})
    assert lex.count("migration migrants", level="term") == {("m", "migration"): 1, ("m", "migra*"): 1}


def test_multi_word_entry_in_two_categories_gives_one_hit_each():
    lex = Lexicon({"criminality": ["criminal gangs"], "crime": ["criminal gangs"]})
    u = utterances([("A", "direct", "Break the criminal gangs.")])
    hits = match_terms(u, lex)
    assert hits["category"].tolist() == ["criminality", "crime"]
    assert (hits["match"] == "criminal gangs").all()


def test_phrase_words_must_be_next_to_each_other():
    lex = Lexicon({"c": ["criminal gangs"]})
    assert lex.count("criminal, gangs; criminal\ngangs") == {"c": 1}  # the line break is a space


def test_matcher_is_compiled_once_and_cached():
    lex = Lexicon({"a": ["x"]})
    lex.count("x")
    first = lex._compiled()
    lex.count("x x")
    assert lex._compiled() is first
    assert load_lexicon("frames") is load_lexicon("frames")


# --- shipped lexicons ----------------------------------------------------------------


def test_shipped_lexicons_have_the_required_categories_and_terms():
    topics = load_lexicon("topics")
    for cat in ("migration_borders", "defence_security", "ukraine_russia", "middle_east",
                "economy_trade", "european_cooperation", "energy", "crime_justice"):
        assert cat in topics.categories
    frames = load_lexicon("frames").categories
    required = {
        "criminality": ["criminal gangs", "smuggl*", "criminal networks", "business model"],
        "security_threat": ["security", "danger*", "nuclear", "defence"],
        "humanitarian": ["exploit*", "poverty", "protect*"],
        "cooperation_unity": ["together", "coalition*", "unity", "common resolve"],
        "sovereignty_control": ["sovereignty", "restricting entry points", "illegal migration"],
    }
    for cat, terms in required.items():
        for t in terms:
            assert t in frames[cat], (cat, t)
    # the 14 Policy Frames Codebook frames (other than "other") are there
    for cat in ("economic", "capacity_resources", "morality", "fairness_equality", "legality",
                "policy_prescription", "health_safety", "quality_of_life", "cultural_identity",
                "public_opinion", "political", "external_regulation_reputation"):
        assert cat in frames


@pytest.mark.parametrize("name", ["topics", "frames"])
def test_every_shipped_entry_states_its_source(name):
    lex = load_lexicon(name)
    missing = [pair for pair in lex.terms() if not lex.sources.get(pair, "").strip()]
    assert missing == []
    assert len(lex) > 150


def test_shipped_lexicons_do_not_fire_inside_common_words():
    # the rejected entries in the files: "import*" would hit "important", "court*" "courtesy",
    # "train*" "training", "union" "European Union" (labour), "accord*" "according"
    text = "It is important, as a courtesy, according to the training of the European Union."
    topics = load_lexicon("topics")
    assert topics.count(text) == {"european_cooperation": 1}  # "European Union", once


# --- the sample: hand counts -----------------------------------------------------------


def test_match_terms_on_the_sample_by_hand(reference_utterances):
    u = reference_utterances.copy()
    hits = match_terms(u, "frames")
    assert list(hits.columns) == list(HIT_COLUMNS)
    pd.testing.assert_frame_equal(u, reference_utterances)  # caller's frame unchanged
    text = discourse.load_sample().text
    # every hit's offsets point at its match in the document
    assert all(text[s:e] == m for s, e, m in zip(hits["start"], hits["end"], hits["match"]))
    # "criminal gangs": Starmer once, "...break the business model of the criminal gangs."
    cg = hits[hits["term"] == "criminal gangs"]
    assert cg[["speaker", "start", "end"]].values.tolist() == [["Keir Starmer", 1924, 1938]]
    # "security": Macron twice ("we can have security throughout the region", "the security
    # of all our countries"), Starmer twice ("the 2010 defence and security accords", "the
    # security of this continent"); the narration has none
    sec = hits[hits["term"] == "security"].groupby("speaker").size().to_dict()
    assert sec == {"Emmanuel Macron": 2, "Keir Starmer": 2}


def test_migration_in_all_its_forms_on_the_sample(reference_utterances):
    hits = match_terms(reference_utterances, "topics")
    mig = hits[hits["category"] == "migration_borders"]
    # Macron: "joint action on irregular [migration]", "[migrants] are being exploited",
    # "restricting [entry points] into Europe"; Starmer: "tackle illegal [migration]"
    assert mig.groupby("speaker")["match"].apply(list).to_dict() == {
        "Emmanuel Macron": ["migration", "migrants", "entry points"],
        "Keir Starmer": ["migration"],
    }
    # with narration: "discuss [migration] policy", "some [migrants]", "the [English Channel]",
    # "in [small boats]", "[asylum] seekers", "“[one in, one out]”", "Restricting [entry points]",
    # "Addressing [Channel crossings]" and "that [migrants] are being" is Macron's = 8
    narr = match_terms(reference_utterances, "topics", include_narration=True)
    narr = narr[(narr["category"] == "migration_borders") & (narr["speaker"] == "(narration)")]
    assert narr["match"].tolist() == ["migration", "migrants", "English Channel", "small boats",
                                      "asylum", "one in, one out", "entry points", "Channel crossings"]


# --- files -------------------------------------------------------------------------------


def test_read_our_yaml_format():
    lex = Lexicon.from_yaml(DATA / "ours.yml")
    assert lex.name == "tiny"
    # "no" stays the word "no" (YAML 1.1 would read it as False); the empty category is kept
    assert dict(lex.categories) == {"crime": ("criminal gangs", "smuggl*"), "answers": ("no", "yes"),
                                    "empty": ()}
    assert lex.sources[("crime", "smuggl*")] == "glob"


def test_read_quanteda_nested_yaml():
    lex = load_lexicon(DATA / "quanteda.yml")
    assert dict(lex.categories) == {
        "economy": ("tax*", "budget"),
        "politics.domestic": ("election*",),
        "politics.foreign": ("treaty", "summit"),
        "christmas": ("Christmas",),
    }


def test_read_liwc_dic():
    lex = load_lexicon(DATA / "liwc.dic")
    assert dict(lex.categories) == {
        "posemo": ("happi*", "kind of", "friend*", "like"),
        "negemo": ("sad", "kind of", "friend*"),
        "social": ("like",),
    }
    assert lex.count("Happiness is a kind of friendship") == {"posemo": 3, "negemo": 2}


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("bad_category.dic", 5, "category 7"),
        ("malformed.yml", 3, "not a valid lexicon file"),
        ("bad_entry.yml", 3, "only at the end"),
    ],
)
def test_malformed_files_name_file_and_line(name, line, message):
    with pytest.raises(LexiconError, match=message) as err:
        load_lexicon(DATA / name)
    assert f"{name}:{line}:" in str(err.value)


def test_yaml_tags_that_would_run_code_are_refused():
    with pytest.raises(LexiconError, match=r"safe_load.*refused") as err:
        load_lexicon(DATA / "unsafe.yml")
    assert "unsafe.yml:1:" in str(err.value)


def test_unknown_lexicon_name():
    with pytest.raises(ValueError, match="'topics', 'frames'"):
        load_lexicon("framez")


# --- bad input ---------------------------------------------------------------------------


def test_empty_category_gives_zero_rows_not_an_error():
    lex = Lexicon({"empty": [], "s": ["security"]})
    u = utterances([("A", "direct", "security")])
    assert lex.count("security") == {"s": 1}
    t = discourse.topic_frequency(u, lex).set_index("category")
    assert t.loc["empty", "count"] == 0 and t.loc["s", "count"] == 1


def test_duplicate_entries_count_once():
    lex = Lexicon({"s": ["security", "Security", "security", "long-term", "long term"]})
    assert lex.categories["s"] == ("security", "long-term")
    assert lex.count("security long term") == {"s": 2}


def test_punctuation_only_entry_is_matched_literally_with_a_warning():
    with pytest.warns(UserWarning, match="no letter or digit"):
        lex = Lexicon({"smile": [":)"]})
    assert [m[:2] for m in lex.find("great :) ok :-)")] == [(6, 8)]
    with pytest.raises(ValueError, match="empty"):
        Lexicon({"x": ["   "]})
    with pytest.raises(ValueError, match="only hyphens"):
        Lexicon({"x": ["--"]})


def test_non_ascii_entries():
    lex = Lexicon({"x": ["sécurité", "Zürich", "Ελλάδα*", "Россия"]})
    text = "SÉCURITÉ in zürich; Ελλάδας and РОССИЯ, not securite"
    assert [text[s:e] for s, e, _, _ in lex.find(text)] == ["SÉCURITÉ", "zürich", "Ελλάδας", "РОССИЯ"]


def test_astral_characters_keep_offsets():
    lex = Lexicon({"x": ["security"]})
    text = "🙂 security 🙂"
    (s, e, _, _), = lex.find(text)
    assert text[s:e] == "security"


def test_one_hundred_thousand_entries():
    rng = random.Random(7)
    words = sorted({"".join(rng.choice("abcdefghij") for _ in range(8)) for _ in range(100_000)})
    lex = Lexicon({"big": words + ["needle"]})
    assert len(lex) == len(words) + 1
    text = f"{words[0]} x {words[-1]} needle {words[500]}"
    assert lex.count(text) == {"big": 4}


def test_entry_that_is_not_a_string():
    with pytest.raises(ValueError, match="not a string"):
        Lexicon({"x": [3]})


def test_no_warning_for_ordinary_lexicons():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Lexicon({"x": ["U.S.", "criminal gangs"]}).count("U.S.")


# --- hyphenated compounds and case (issue 10) --------------------------------------------


def test_a_hyphenated_compound_is_one_token_as_in_quanteda():
    lex = Lexicon({"m": ["responsibility", "term"], "c": ["co-responsibility", "long-term"]})
    text = "a co-responsibility, a long\u2010term view, responsibility at last; long–term"
    found = [(text[s:e], c) for s, e, c, _ in lex.find(text)]
    # no match starts or ends inside the compound; a dash (–) separates words
    assert found == [("co-responsibility", "c"), ("long\u2010term", "c"), ("responsibility", "m"),
                     ("long–term", "c"), ("term", "m")]
    # a glob runs on through the compound
    text = "reform-minded reform"
    assert [text[s:e] for s, e, _, _ in Lexicon({"r": ["reform*"]}).find(text)] == ["reform-minded", "reform"]


def test_split_hyphens_reads_the_parts_as_words():
    lex = Lexicon({"m": ["responsibility"]}, split_hyphens=True)
    assert len(lex.find("our co-responsibility")) == 1
    assert Lexicon({"m": ["responsibility"]}).with_options(split_hyphens=True) == lex
    assert len(Lexicon({"m": ["responsibility"]}).find("our co-responsibility")) == 0


def test_tokens_keep_compounds():
    assert tokens("Co-operation, long-term; we're") == ["co-operation", "long-term", "we", "re"]
    assert tokens("Co-operation", split_hyphens=True) == ["co", "operation"]


def test_case_sensitive_entries():
    lex = Lexicon({"party": ["Reform", "Reform UK"], "policy": ["reform*"]},
                  case_sensitive=["Reform", "Reform UK", ("policy", "reform*")])
    text = "Reform leads; we need reform. REFORM UK, Reform UK and reformers."
    found = [(text[s:e], c) for s, e, c, _ in lex.find(text)]
    # "Reform" inside "Reform UK" is nested in the same category: counted once
    assert found == [("Reform", "party"), ("reform", "policy"), ("Reform UK", "party"),
                     ("reformers", "policy")]
    # a case-sensitive spelling and a case-insensitive one are two entries, not duplicates
    both = Lexicon({"x": ["Reform", "reform"]}, case_sensitive=[("x", "Reform")])
    assert both.categories["x"] == ("Reform", "reform")


def test_case_sensitive_entry_in_yaml(tmp_path):
    p = tmp_path / "parties.yml"
    p.write_text(
        "name: parties\ncategories:\n  party:\n    entries:\n"
        "      Reform:\n        source: the party\n        case_sensitive: true\n"
        "      labour: the party\n  policy:\n    entries:\n"
        "      - {term: 'reform*', case_sensitive: true}\n", encoding="utf-8")
    lex = Lexicon.from_yaml(p)
    assert lex.case_sensitive == {("party", "Reform"), ("policy", "reform*")}
    assert lex.sources[("party", "Reform")] == "the party"
    assert [c for _, _, c, _ in lex.find("Reform and reform and Labour")] == ["party", "policy", "party"]
    bad = tmp_path / "bad.yml"
    bad.write_text("categories:\n  p:\n    entries:\n      X:\n        case_sensitive: maybe\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.yml:5: case_sensitive must be true or false"):
        Lexicon.from_yaml(bad)


def test_the_shipped_reform_entry_does_not_count_the_party():
    frames = load_lexicon("frames")
    text = "Reform is ahead, and many want reform."
    assert [(text[s:e], c) for s, e, c, _ in frames.find(text)] == [("reform", "policy_prescription")]


def test_a_lexicon_survives_pickling_with_its_options():
    import pickle

    lex = Lexicon({"p": ["Reform"]}, case_sensitive=["Reform"], split_hyphens=True, name="n")
    back = pickle.loads(pickle.dumps(lex))
    assert back == lex and back.name == "n" and back.find("reform") == []
