"""attribute(): quality on the sample, the speakers it reports, and bad input.

The behaviour passage by passage is specified in tests/data/attribution_cases.yml
(tests/test_attribution_cases.py); this file checks the sample against its hand
annotation, the contract of the output, and inputs that must never break it.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discourse
from discourse.evaluation import agreement
from discourse.schema import UTTERANCE_COLUMNS


def assert_covers(u: pd.DataFrame, text: str) -> None:
    """The spans cover the text from 0 to its end, in order, without gap or overlap."""
    assert list(u.columns) == list(UTTERANCE_COLUMNS)
    if not text:
        assert u.empty
        return
    assert u["start"].iloc[0] == 0
    assert u["end"].iloc[-1] == len(text)
    assert (u["start"].iloc[1:].to_numpy() == u["end"].iloc[:-1].to_numpy()).all()
    assert (u["end"] > u["start"]).all()
    assert "".join(u["text"]) == text
    assert u["mode"].isin(["direct", "reported", "narration"]).all()
    assert u.loc[u["mode"] == "narration", "speaker"].isna().all()


# --- the sample --------------------------------------------------------------------------


@pytest.mark.parametrize("given_speakers", [True, False], ids=["speakers given", "speakers found"])
def test_sample_word_agreement_with_the_hand_annotation(sample, given_speakers):
    u = discourse.attribute(sample.text, speakers=sample.speakers if given_speakers else None)
    score = agreement(sample.text, u, sample.reference)
    # the bar: word-level agreement >= 0.98 (445 scored words, 5 ignored)
    assert score["words"] == 445
    assert score["agreement"] >= 0.98
    assert score["speaker_accuracy"] >= 0.98


def test_sample_share_of_each_leader_within_one_point_of_the_reference(sample, reference_utterances):
    got = discourse.speaker_share(discourse.attribute(sample.text, speakers=sample.speakers)).set_index("speaker")
    ref = discourse.speaker_share(reference_utterances).set_index("speaker")
    for leader in ("Keir Starmer", "Emmanuel Macron"):
        assert abs(got.loc[leader, "share"] - ref.loc[leader, "share"]) <= 0.01
    # the story the annotation tells: near-equal words, Starmer quoted, Macron paraphrased
    assert ref.loc["Emmanuel Macron", "words"] == 161 and ref.loc["Keir Starmer", "words"] == 155
    assert got.loc["Keir Starmer", "direct_words"] > got.loc["Emmanuel Macron", "direct_words"]
    assert got.loc["Emmanuel Macron", "reported_words"] > got.loc["Keir Starmer", "reported_words"]


def test_share_counts_sentences_once_per_document_and_sentence():
    # two spans of Ann in sentence 0 of doc "a" make one sentence; sentence 0 of doc "b"
    # is another; Bob speaks in one sentence; narration counts its own
    u = pd.DataFrame({
        "doc_id": ["a", "a", "a", "a", "b", "b"],
        "speaker": ["Ann", "Ann", None, "Bob", "Ann", None],
        "mode": ["direct", "reported", "narration", "direct", "direct", "narration"],
        "sentence": [0, 0, 0, 1, 0, 1],
        "text": ["We act", "we will win", "she said", "No", "Yes", "Then"],
    })
    share = discourse.speaker_share(u).set_index("speaker")
    assert share["sentences"].to_dict() == {"Ann": 2, "Bob": 1, "(narration)": 2}
    assert share.loc["Ann", "words"] == 6 and share.loc["Ann", "quotes"] == 2
    per_doc = discourse.speaker_share(u, by_document=True).set_index(["doc_id", "speaker"])
    assert per_doc.loc[("a", "Ann"), "sentences"] == 1 and per_doc.loc[("b", "Ann"), "sentences"] == 1


def test_sample_cues_and_positions(sample):
    u = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    speech = u[u["mode"] != "narration"]
    first = speech.iloc[0]
    # "Speaking ahead of the meeting, Macron said the two leaders would also address the Middle East."
    assert (first["start"], first["end"]) == (591, 641)
    assert first["cue"] == "said" and first["mode"] == "reported"
    told = speech[speech["start"] == 644].iloc[0]
    assert told["cue"] == "told reporters" and told["speaker"] == "Emmanuel Macron"
    # the subheading "Long-term solutions" is a sentence and a paragraph of its own
    heading = u[u["text"].str.startswith("Long-term solutions")].iloc[0]
    after = u[u["text"].str.startswith("Addressing Channel")].iloc[0]
    assert after["paragraph"] == heading["paragraph"] + 1
    assert after["sentence"] == heading["sentence"] + 1
    assert (u["doc_id"] == sample.doc_id).all()


def test_sample_speakers_found_with_roles_and_aliases(sample):
    found = discourse.attribute_document(sample.text).speakers.set_index("speaker")
    assert set(found.index) == {"Keir Starmer", "Emmanuel Macron"}
    assert found.loc["Keir Starmer", "role"] == "Prime Minister"
    assert found.loc["Emmanuel Macron", "role"] == "President"
    assert "Starmer" in found.loc["Keir Starmer", "aliases"]
    assert "Macron" in found.loc["Emmanuel Macron", "aliases"]


def test_names_inside_quotes_are_never_speakers(sample):
    u = discourse.attribute(sample.text)
    assert not u["speaker"].isin(["Putin", "Emmanuel", "Russian President"]).any()


# --- speakers given ---------------------------------------------------------------------------


TEXT = 'Prime Minister Jo Bloggs met reporters. "We will act now," the Prime Minister said.'


@pytest.mark.parametrize(
    "speakers",
    [
        {"J. Bloggs (PM)": ["Jo Bloggs", "Bloggs", "the Prime Minister"]},
        [{"speaker": "J. Bloggs (PM)", "aliases": ["Jo Bloggs"]}],
        pd.DataFrame({"speaker": ["J. Bloggs (PM)"], "aliases": ["Jo Bloggs; Bloggs"]}),
    ],
    ids=["dict", "records", "table"],
)
def test_given_canonical_names_label_the_speech(speakers):
    u = discourse.attribute(TEXT, speakers=speakers)
    assert u.loc[u["mode"] == "direct", "speaker"].tolist() == ["J. Bloggs (PM)"]


def test_people_not_given_keep_their_own_names():
    text = '"It is a good day," said Ann Lee. "No, it is not," said Bob Roe.'
    u = discourse.attribute(text, speakers={"Ann Lee": ["Lee"]})
    assert u.loc[u["mode"] == "direct", "speaker"].tolist() == ["Ann Lee", "Bob Roe"]


def test_a_speakers_entry_without_a_name_is_refused():
    with pytest.raises(ValueError, match="no 'speaker' or 'name'"):
        discourse.attribute(TEXT, speakers=[{"aliases": ["Bloggs"]}])


def test_text_must_be_a_string():
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        discourse.attribute(b"bytes")


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t ",
        "No one says anything in this sentence. Nor in this one.",
        "Line one.\r\n\"We will win this,\" said Ann Lee.\r\nLine three.\r\n",
        "\ufeff\"We will win this,\" said Ann Lee.",
        "&quot;We will fight on the beaches,&quot; said Ann Lee &amp; friends.",
        "Le président a déclaré : « Nous allons gagner cette bataille ». Он сказал: «Да».",
        '"' * 3000 + " said \u201c" * 500,
        '"a "b "c d" e "f' * 400,
        "\u2019\u2018'" * 1000,
        '\ud800 "A lone surrogate here," he said. \udfff',
    ],
    ids=["empty", "whitespace", "no quotes", "crlf", "bom", "html entities", "non-english",
         "thousands of marks", "unbalanced", "single marks", "lone surrogates"],
)
def test_odd_input_returns_a_covering_frame(text):
    start = time.perf_counter()
    u = discourse.attribute(text)
    assert time.perf_counter() - start < 20  # never a hang
    assert_covers(u, text)


def test_whitespace_and_no_quotes_are_all_narration():
    for text in ("   \n\n ", "No one says anything here."):
        u = discourse.attribute(text)
        assert u["mode"].eq("narration").all() and len(u) >= 1


def test_crlf_bom_and_entities_keep_offsets_into_the_text_as_given():
    text = "\ufeffIntro.\r\n&ldquo;We will win this,&rdquo; said Ann Lee.\r\n"
    u = discourse.attribute(text)
    quote = u[u["mode"] == "direct"].iloc[0]
    assert text[quote["start"]:quote["end"]] == quote["text"] == "We will win this"
    assert quote["speaker"] == "Ann Lee"
    assert quote["paragraph"] == 1


@pytest.mark.slow
def test_five_megabyte_single_paragraph(sample):
    text = sample.text.replace("\n", " ") * 1900  # one paragraph of about 5 MB
    assert len(text) > 5_000_000
    u = discourse.attribute(text)
    assert_covers(u, text)
    assert u["paragraph"].eq(0).all()
    assert (u["mode"] == "direct").sum() >= 1900


# --- properties ------------------------------------------------------------------------------

QUOTEY = st.text(
    alphabet=st.sampled_from(list("ab .,:\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb-")) | st.characters(),
    max_size=300,
)
WORDY = st.lists(
    st.sampled_from(["He", "said", "Ann Lee", "told reporters", "that", "\u201cWe", "win,\u201d", '"', "'",
                     "according to", "the", "Prime Minister", ".", ",", "\n", "Mr.", "she", "added"]),
    max_size=60,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(QUOTEY, WORDY))
def test_spans_always_cover_arbitrary_unicode(text):
    u = discourse.attribute(text)
    assert_covers(u, text)
    for row in u.itertuples():
        assert text[row.start:row.end] == row.text


@settings(max_examples=60, deadline=None)
@given(WORDY)
def test_paragraph_and_sentence_indices_never_decrease(text):
    u = discourse.attribute(text)
    assert u["paragraph"].is_monotonic_increasing
    assert u["sentence"].is_monotonic_increasing


@settings(max_examples=200, deadline=None)
@given(st.one_of(QUOTEY, WORDY, st.text(alphabet=st.sampled_from(list("aB_ .\x00\n'-é")), max_size=80)))
def test_tokens_point_at_their_text_in_order(text):
    # the tokenizer finds offsets with str.find after a findall: they must be the regex's
    from discourse.attribution import _TOKEN_RE, _tokens

    toks = _tokens(text, 0, len(text))
    # (padding inside a word, where the text had an invisible character, is not read)
    assert all(text[t.start:t.end].replace("\x00", "") == t.text for t in toks)
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))
    assert "".join(t.text for t in toks) == "".join(_TOKEN_RE.findall(text)).replace("\x00", "")


def test_declared_aliases_win_over_what_the_text_introduces():
    # "Roe" could be the Tom Roe just named; the declared alias says it is Jane Roe
    text = 'Tom Roe, a shopkeeper, spoke first. "We act," Roe said. The mayor said the plan was sound.'
    u = discourse.attribute(text, speakers={"Jane Roe": ["Roe", "the mayor"]})
    speech = u[u["mode"] != "narration"]
    assert speech["speaker"].tolist() == ["Jane Roe", "Jane Roe"]


def test_a_declared_speaker_who_never_speaks_is_one_warning_for_a_corpus():
    corpus = {"a": '"We act," said Jane Roe.', "b": '"No," said Roe.'}
    with pytest.warns(UserWarning, match=r"declared speaker 'Tom Hale' never speaks; speakers found: Jane Roe") as caught:
        u = discourse.attribute_corpus(corpus, speakers=["Jane Roe", "Tom Hale"], progress=False)
    assert sum("never speaks" in str(w.message) for w in caught) == 1
    assert set(u["speaker"].dropna()) == {"Jane Roe"}


def test_a_person_met_by_surname_keeps_being_found_after_the_full_name():
    # the registry's surname index follows a rename ("Hale" -> "Tom Hale")
    text = ('"We act," Hale said. Tom Hale, the mayor, arrived later. '
            '"Now," Hale added. The mayor said the vote was close.')
    u = discourse.attribute(text)
    assert u.loc[u["mode"] != "narration", "speaker"].tolist() == ["Tom Hale", "Tom Hale", "Tom Hale"]
