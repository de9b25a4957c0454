"""The attribution vocabulary files: each says where it comes from, lists each entry once,
and is what the engine reads."""

from __future__ import annotations

from importlib.resources import files

import pytest

from discourse.attribution import vocab

VOCABULARY = files("discourse.attribution").joinpath("vocabulary")
FILES = sorted(p.name for p in VOCABULARY.iterdir() if p.name.endswith(".txt"))


def test_there_are_vocabulary_files():
    assert "speech_verbs.txt" in FILES and "honorifics.txt" in FILES


@pytest.mark.parametrize("name", FILES)
def test_each_file_opens_with_its_source_or_reason(name):
    first = VOCABULARY.joinpath(name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 20, f"{name} needs a header line saying where its list comes from"


@pytest.mark.parametrize("name", FILES)
def test_each_entry_is_listed_once(name):
    entries = vocab.entries(name.removesuffix(".txt"))
    keys = [e.partition(":")[0] if name == "verb_forms.txt" else e for e in entries]
    assert entries, f"{name} is empty"
    assert len(keys) == len(set(keys)), f"{name} lists {sorted({k for k in keys if keys.count(k) > 1})} twice"


def test_frames_name_only_listed_verbs():
    verbs = set(vocab.QUOTE_VERBS)
    assert verbs >= vocab.BARE_CLAUSE_VERBS | vocab.OBJECT_VERBS
    assert {"say", "tell", "go on"} <= set(vocab.QUOTE_VERBS)
    assert "tell" in vocab.OBJECT_VERBS and "say" in vocab.BARE_CLAUSE_VERBS


def test_mappings_read_their_last_field_as_the_value():
    assert vocab.QUALIFIER_MAP["united kingdom"] == "britain"
    assert vocab.HONORIFIC_GENDER["mrs"] == "f" and "dr" not in vocab.HONORIFIC_GENDER
    assert vocab.IRREGULAR_FORMS["go on"] == ["go on", "goes on", "went on", "going on"]
