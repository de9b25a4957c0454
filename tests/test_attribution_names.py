"""First names from the nomquamgender dataset: their gender, the first-name check used in
parsing, and what the two change in attribution. Every passage here is written for this file."""

from __future__ import annotations

import discourse
from discourse.attribution import names


def _speakers(text):
    u = discourse.attribute(text)
    return [(r.mode, r.speaker) for r in u.itertuples() if r.mode != "narration"]


def test_gender_follows_the_dataset_where_it_is_clear():
    assert names.first_name_gender("Margaret") == "f"
    assert names.first_name_gender("KEIR") == "m"
    assert names.first_name_gender("José") == "m"  # accents folded as the dataset spells names
    assert names.first_name_gender("Jean") is None  # given to women and men alike
    assert names.first_name_gender("Zorvan") is None  # not in the dataset


def test_first_name_check_leaves_out_words_and_places():
    assert names.is_first_name("Andrew") and names.is_first_name("andrew")
    # the engine's own vocabulary, ordinary words and US states are never first names
    for word in ("General", "King", "Washington", "Will", "Said", "Carolina", "Florida"):
        assert not names.is_first_name(word), word


def test_the_dataset_is_read_once():
    names._table.cache_clear()
    names.first_name_gender("Anna")
    names.is_first_name("Anna")
    names.first_name_gender("Ben")
    assert names._table.cache_info().misses == 1


def test_a_pronoun_skips_a_woman_known_by_a_first_name_no_hand_list_had():
    # "he" is Dunmore: the gender of Tamsin comes from the dataset (the hand-typed list
    # this replaced knew neither name, and gave the quotation to Tamsin Lane)
    text = ('Jeff Dunmore, a farmer, said the crop had failed. Tamsin Lane said it had not. '
            '"We lost all of it," he said.')
    assert _speakers(text)[-1] == ("direct", "Jeff Dunmore")


def test_a_surname_that_is_also_a_first_name_does_not_start_the_name():
    assert _speakers("White House Chief of Staff Zorvan Thomas said the bill would pass.") == [
        ("reported", "Zorvan Thomas")]


def test_a_state_named_like_a_woman_is_not_a_person():
    assert _speakers("The South Carolina Republican Party said the vote would go ahead.") == [
        ("reported", "South Carolina Republican Party")]
    assert _speakers("The Florida Department of State said the count was complete.") == [
        ("reported", "Florida Department of State")]
