"""What kind of speaker says each span (``speaker_type``), and measures that keep some kinds.

Passages are written for this file.
"""

from __future__ import annotations

import pandas as pd
import pytest

import discourse
from discourse.attribution import speaker_kind
from discourse.schema import SPEAKER_TYPES, UTTERANCE_COLUMNS

PASSAGE = (
    '"We will act now," said Jane Roe, the mayor. '
    "The ministry said the plan was sound. "
    "A joint statement said the talks would resume. "
    "Officials said the deal was close. "
    "The court was told that the papers had been lost."
)


def _speech(u: pd.DataFrame) -> list[tuple]:
    s = u[u["mode"] != "narration"]
    speakers = [x if isinstance(x, str) else None for x in s["speaker"]]
    return list(zip(speakers, s["speaker_type"], s["text"]))


def test_each_span_names_its_kind_of_speaker():
    u = discourse.attribute(PASSAGE)
    assert list(u.columns) == list(UTTERANCE_COLUMNS)
    assert _speech(u) == [
        ("Jane Roe", "person", "We will act now"),
        ("ministry", "organisation", "the plan was sound"),
        ("joint statement", "document", "the talks would resume"),
        ("Officials", "group", "the deal was close"),
        (None, "unknown", "the papers had been lost"),
    ]
    assert u.loc[u["mode"] == "narration", "speaker_type"].isna().all()
    assert set(u["speaker_type"].dropna()) <= set(SPEAKER_TYPES)


def test_the_speakers_table_has_the_kind_too():
    speakers = discourse.attribute_document(PASSAGE).speakers.set_index("speaker")
    assert speakers.loc["Jane Roe", "speaker_type"] == "person"
    assert speakers.loc["ministry", "speaker_type"] == "organisation"


@pytest.mark.parametrize(("label", "mention", "kind"), [
    ("White House", "name", "organisation"),
    ("Trump campaign", "role", "organisation"),
    ("Reserve Bank of Australia", "name", "organisation"),
    ("2013 study", "role", "document"),
    ("emails released by the group", "group", "document"),
    ("Democrats", "group", "group"),
    ("spokesman for committee Democrats", "group", "person"),
    ("Hugh Hill", "name", "person"),
])
def test_kind_from_the_head_of_the_description(label, mention, kind):
    assert speaker_kind(label, mention) == kind


def test_the_sample_speaks_only_through_people():
    s = discourse.load_sample()
    u = discourse.attribute(s.text, speakers=s.speakers)
    assert set(u.loc[u["mode"] != "narration", "speaker_type"]) == {"person"}


def test_measures_keep_only_the_kinds_asked_for():
    u = discourse.attribute(PASSAGE)
    every = discourse.speaker_share(u).set_index("speaker")["words"]
    people = discourse.speaker_share(u, speaker_types=["person"]).set_index("speaker")["words"]
    # four words each; the passive clause is "(unattributed)"
    assert every[["Jane Roe", "ministry", "joint statement", "Officials"]].tolist() == [4, 4, 4, 4]
    assert "(unattributed)" in every.index
    assert list(people.index) == ["Jane Roe", "(narration)"]
    assert people["(narration)"] == every["(narration)"]  # narration is never left out
    lex = {"policy": ["plan", "deal", "talks"]}
    counts = discourse.topic_frequency(u, lex, speaker_types=["organisation", "document"])
    assert sorted(counts["speaker"]) == ["joint statement", "ministry"]
    assert counts.set_index("speaker")["count"].to_dict() == {"ministry": 1, "joint statement": 1}


def test_an_unknown_kind_is_refused_by_name():
    u = discourse.attribute(PASSAGE)
    with pytest.raises(ValueError, match=r"\['people'\] are not among person, group"):
        discourse.speaker_share(u, speaker_types=["people"])


def test_a_table_without_the_column_counts_people():
    u = discourse.attribute(PASSAGE).drop(columns="speaker_type")
    share = discourse.speaker_share(u, speaker_types=["person"])
    assert "ministry" in set(share["speaker"])


def test_a_transcripts_questioner_is_unknown():
    text = "Q: Will you resign?\nTHE PRIME MINISTER: No. We have work to do.\n"
    u = discourse.parse_transcript(text)
    kinds = dict(zip(u.loc[u["mode"] != "narration", "speaker"], u.loc[u["mode"] != "narration", "speaker_type"]))
    assert kinds["(question)"] == "unknown"
    assert set(kinds.values()) == {"unknown", "person"}
