"""The bundled sample: the file, its metadata and the hand annotation agree."""

from __future__ import annotations

import discourse
from discourse.sample import data_dir


def test_sample_text_is_the_article(sample):
    assert sample.text.startswith("United Kingdom Prime Minister Keir Starmer met French President")
    assert len(sample.text) == 2668
    assert sample.metadata["date"] == "2025-07-10"
    assert sample.metadata["weekday"] == "Thursday"
    assert sample.metadata["outlet"] is None


def test_reference_offsets_point_at_their_text(sample):
    for row in sample.reference.itertuples():
        assert sample.text[row.start:row.end] == row.text


def test_reference_utterances_cover_the_document(reference_utterances, sample):
    u = reference_utterances
    assert u["start"].iloc[0] == 0 and u["end"].iloc[-1] == len(sample.text)
    assert (u["start"].iloc[1:].to_numpy() == u["end"].iloc[:-1].to_numpy()).all()
    assert "".join(u["text"]) == sample.text


def test_reference_word_counts_match_the_annotation_story(reference_utterances):
    share = discourse.speaker_share(reference_utterances).set_index("speaker")
    assert share.loc["Emmanuel Macron", "words"] == 161
    assert share.loc["Keir Starmer", "words"] == 155
    assert share.loc["Keir Starmer", "direct_words"] == 125
    assert share.loc["Emmanuel Macron", "direct_words"] == 80
    assert share.loc["Emmanuel Macron", "reported_words"] == 81
    assert share.loc["Keir Starmer", "reported_words"] == 30


def test_data_dir_is_the_checkout_data_folder_or_the_packaged_copy():
    folder = data_dir()
    assert (folder / "franco_british_summit_2025-07-10.txt").is_file()
