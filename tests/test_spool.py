"""A corpus attributed once and read back a batch at a time (``discourse.spool``): the
batches together are the utterance table of the whole corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse import corpus
from discourse.spool import spool_corpus

FOLDER = Path(__file__).parent / "data" / "corpus" / "folder"


@pytest.fixture
def articles(tmp_path):
    """Seven short articles; "Hill" is "Hugh Hill" across the corpus, named in full only
    in the last one, so the label changes after every batch has gone by."""
    root = tmp_path / "articles"
    root.mkdir()
    texts = {
        "a.txt": '"Criminal gangs threaten our security," said Hill.\n\n"We act," she said.',
        "b.txt": '"Security needs cooperation," Jane Doe said.\n\nHill said the gangs must be stopped.',
        "c.txt": '"Migration is a humanitarian question," said Jane Doe.',
        "d.txt": '"Borders keep us safe," said Hill. "Smugglers exploit the poor," Doe added.',
        "e.txt": "Nobody spoke here.",
        "f.txt": '"We will cooperate on security," Doe said.\n\n"Never," said Hill.',
        "g.txt": '"Criminal networks profit from misery," said Hugh Hill, the minister.',
    }
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_batches_equal_the_utterance_table_of_the_corpus(articles, monkeypatch):
    monkeypatch.setattr(corpus, "BATCH_CHARACTERS", 1)  # a batch per document
    docs = discourse.read_corpus(articles)
    whole = discourse.attribute_corpus(docs)
    with spool_corpus(corpus.folder_documents(articles)) as spooled:
        parts = list(spooled.batches())
        share, topics, frames = spooled.share, spooled.topics, spooled.frames
        per_frame = spooled.frame_categories
    assert len(parts) == 7
    got = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(_plain(got), _plain(whole))  # batches hold Python strings
    assert set(got.loc[got["mode"] != "narration", "speaker"]) == {"Hugh Hill", "Jane Doe"}
    # (a stream keeps no documents to resample: the share comes without its interval)
    pd.testing.assert_frame_equal(share, discourse.speaker_share(whole, ci=None), check_dtype=False)
    pd.testing.assert_frame_equal(topics, discourse.topic_frequency(whole), check_dtype=False)
    pd.testing.assert_frame_equal(frames, discourse.framing_terms(whole), check_dtype=False)
    pd.testing.assert_frame_equal(per_frame, discourse.framing_terms(whole, level="category"), check_dtype=False)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def test_keyness_of_batches_equals_keyness_of_the_whole(reference_utterances):
    u = reference_utterances
    parts = [u.iloc[i:i + 5] for i in range(0, len(u), 5)]
    for options in ({}, {"reference": "Emmanuel Macron", "measure": "lr", "stopwords": "english"},
                    {"lexicon": "frames", "level": "category"}, {"measure": "chi2", "split_hyphens": True}):
        whole = discourse.keyness(u, target="Keir Starmer", **options)
        pd.testing.assert_frame_equal(discourse.keyness(iter(parts), target="Keir Starmer", **options), whole,
                                      check_exact=True)
    with pytest.raises(ValueError, match="'Angela Merkel' not found"):
        discourse.keyness(iter(parts), target="Angela Merkel")
