"""A corpus attributed once and read back a batch at a time: what ``discourse report``
holds (issue 11: it held the whole corpus, 381 MB at 2,000 articles, 669 MB at 8,000).
Memory itself is measured by benchmarks/bench_report_memory.py; these tests check that no
table of more than one batch is built, and that the results equal those of the whole
utterance table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse import cli, corpus, spans
from discourse.cli import main
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
    pd.testing.assert_frame_equal(share, discourse.speaker_share(whole), check_dtype=False)
    pd.testing.assert_frame_equal(topics, discourse.topic_frequency(whole), check_dtype=False)
    pd.testing.assert_frame_equal(frames, discourse.framing_terms(whole), check_dtype=False)
    pd.testing.assert_frame_equal(per_frame, discourse.framing_terms(whole, level="category"), check_dtype=False)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def test_the_report_builds_no_table_of_more_than_one_batch(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "BATCH_CHARACTERS", 1)  # a batch per document
    largest = []
    frame = spans.utterance_frame

    def counting(rows, **kwargs):
        largest.append(len({r[0] for r in rows}))
        return frame(rows, **kwargs)

    for module in (spans, corpus, discourse.spool):
        monkeypatch.setattr(module, "utterance_frame", counting)
    out = tmp_path / "rep"
    assert main(["report", str(articles), "--out", str(out)]) == 0
    assert largest and max(largest) == 1  # was a table of all seven documents

    # and what it wrote is what the whole table gives
    monkeypatch.undo()
    whole = discourse.attribute_corpus(discourse.read_corpus(articles))
    expected = tmp_path / "utterances.csv"
    cli.write_csv(whole, expected)
    assert (out / "tables" / "utterances.csv").read_bytes() == expected.read_bytes()
    share = discourse.speaker_share(whole)
    people = cli.named_speakers(share)
    key = discourse.keyness(whole, target=people[0], reference=people[1], stopwords="english")
    pd.testing.assert_frame_equal(pd.read_csv(out / "tables" / "keyness.csv"),
                                  pd.read_csv(_csv(key, tmp_path / "k.csv")))


def _csv(frame: pd.DataFrame, path: Path) -> Path:
    cli.write_csv(frame, path)
    return path


def test_the_dispersion_figure_shows_the_first_documents_of_a_large_corpus(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "DISPERSION_DOCUMENTS", 3)
    out = tmp_path / "rep"
    assert main(["report", str(articles), "--out", str(out)]) == 0
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "### Where the frames fall along the text (the first 3 of 7 documents)" in summary
    with spool_corpus({"a": '"Criminal gangs," said Hill.', "b": '"Gangs and smugglers," said Hill.'}) as spooled:
        hits, stand_in = cli.frame_hits(spooled, discourse.load_lexicon("frames"), limit=1)
    assert stand_in["doc_id"].tolist() == ["a"] and set(hits["doc_id"]) == {"a"}
    # a hit's start is its word offset in its document; the stand-in's text has one character per word
    assert stand_in["text"].str.len().tolist() == [4] and hits["start"].tolist() == [0]


def test_keyness_of_batches_equals_keyness_of_the_whole(reference_utterances):
    u = reference_utterances
    parts = [u.iloc[i:i + 5] for i in range(0, len(u), 5)]
    for options in ({}, {"reference": "Emmanuel Macron", "measure": "lr", "stopwords": "english"},
                    {"lexicon": "frames", "level": "category"}):
        whole = discourse.keyness(u, target="Keir Starmer", **options)
        pd.testing.assert_frame_equal(discourse.keyness(iter(parts), target="Keir Starmer", **options), whole)
    with pytest.raises(ValueError, match="'Angela Merkel' not found"):
        discourse.keyness(iter(parts), target="Angela Merkel")
