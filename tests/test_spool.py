"""A corpus attributed once and read back a batch at a time (``discourse.spool``), and
the report made from it (issue 11: ``report`` held the whole corpus, 381 MB at 2,000
articles and 669 MB at 8,000; 655 and 1,689 MB once report.html held every document).
Memory itself is measured by benchmarks/bench_report_memory.py, never here; these tests
check that no table of more than one batch is built, and that the results are those of
the whole utterance table."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse import comparison, concordance, corpus, lexicon, measures, plots, spans, spool
from discourse.cli import main
from discourse.comparison import _choose
from discourse.report import tally, write_report
from discourse.report.tally import Tally, first_overlap
from discourse.spool import spool_corpus

FOLDER = Path(__file__).parent / "data" / "corpus" / "folder"
ARTICLES = Path(__file__).parent / "data" / "report" / "articles"


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


# --- the report, a batch at a time ----------------------------------------------------------


def tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``root`` but the command line's marker."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".discourse-report"}


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def test_the_report_of_batches_is_the_report_of_the_whole_table(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "BATCH_CHARACTERS", 1)  # a batch per document
    streamed = tmp_path / "streamed"
    assert main(["report", str(articles), "--out", str(streamed)]) == 0
    whole = discourse.attribute_corpus(discourse.read_corpus(articles))
    at_once = tmp_path / "whole"
    at_once.mkdir()
    write_report(at_once, whole, label=f"{articles} (7 documents)")
    assert tree(streamed) == tree(at_once)  # every file, byte for byte

    # and its numbers are those of the library's functions on the whole table
    def table(name: str) -> str:
        return (streamed / "tables" / name).read_text(encoding="utf-8")

    assert table("speaker_share.csv") == _csv(discourse.speaker_share(whole))
    assert table("topics.csv") == _csv(discourse.topic_frequency(whole))
    assert table("frames.csv") == _csv(discourse.framing_terms(whole))
    target, reference = discourse.compared_speakers(whole)
    key = discourse.keyness(whole, target=target, reference=reference, stopwords="english")
    assert table("keyness.csv") == _csv(key)
    lines = pd.concat([discourse.kwic(whole, lexicon=f"{lex}s", window=6).assign(lexicon=lex)
                       for lex in ("topic", "frame")], ignore_index=True)
    assert table("concordance.csv") == _csv(lines[tally.CONCORDANCE_COLUMNS])
    assert len(lines) and len(discourse.speaker_share(whole)) == 3  # two speakers and narration


def test_the_report_holds_no_table_of_more_than_one_batch(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "BATCH_CHARACTERS", 1)  # a batch per document
    monkeypatch.setattr(tally, "DISPERSION_DOCUMENTS", 1)
    largest: list[int] = []

    def documents(frame: pd.DataFrame) -> int:
        return frame["doc_id"].nunique()

    select = measures._select_speech

    def watched_select(utterances, *args, **kwargs):  # every measure, match and concordance starts here
        largest.append(documents(utterances))
        return select(utterances, *args, **kwargs)

    for module in (measures, comparison, concordance, lexicon):
        monkeypatch.setattr(module, "_select_speech", watched_select)
    frame = spans.utterance_frame

    def watched_frame(rows, **kwargs):
        largest.append(len({r[0] for r in rows}))
        return frame(rows, **kwargs)

    for module in (spans, corpus, spool):
        monkeypatch.setattr(module, "utterance_frame", watched_frame)
    dispersion = plots.plot_dispersion

    def watched_dispersion(hits, utterances, **kwargs):
        largest.append(documents(utterances))
        return dispersion(hits, utterances, **kwargs)

    monkeypatch.setattr(plots, "plot_dispersion", watched_dispersion)
    assert main(["report", str(articles), "--out", str(tmp_path / "rep")]) == 0
    assert len(largest) > 7 * 4 and max(largest) == 1  # the whole table held all seven documents


def test_the_dispersion_figure_shows_the_first_documents_of_a_large_corpus(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(tally, "DISPERSION_DOCUMENTS", 3)
    shown, notes = [], []
    dispersion, note = plots.plot_dispersion, plots._note

    def watched(hits, utterances, **kwargs):
        shown.append((list(dict.fromkeys(utterances["doc_id"])), set(hits["doc_id"])))
        return dispersion(hits, utterances, **kwargs)

    monkeypatch.setattr(plots, "plot_dispersion", watched)
    monkeypatch.setattr(plots, "_note", lambda ax, text: notes.append(text) or note(ax, text))
    out = tmp_path / "rep"
    assert main(["report", str(articles), "--out", str(out)]) == 0
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "### Where the frames fall along the text (the first 3 of 7 documents)" in summary
    assert "Shown: the first 3 of 7 documents, in the order of the input." in notes
    [(docs, hit_docs)] = shown
    assert docs == ["a.txt", "b.txt", "c.txt"] and hit_docs <= set(docs)
    # every count is still of the whole corpus
    assert pd.read_csv(out / "tables" / "frames_categories.csv")["count"].sum() > 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Where the frames fall along the text (the first 3 of 7 documents)" in page


@pytest.mark.parametrize("which", ["articles", "report articles", "one with speech", "sample"])
def test_the_tally_of_batches_gives_the_numbers_of_the_whole_table(which, articles, tmp_path, sample):
    if which == "sample":
        whole = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    elif which == "one with speech":  # several documents, one of them with speech: its spans are resampled
        whole = discourse.attribute_corpus({"a": "Nobody spoke here.", "b": '"We act," said Hugh Hill. '
                                            '"Gangs threaten security," Jane Doe said. "No," Hill said.',
                                            "c": "The end."})
    else:
        whole = discourse.attribute_corpus(discourse.read_corpus(articles if which == "articles" else ARTICLES))
    lexicons = [("topic", discourse.load_lexicon("topics")), ("frame", discourse.load_lexicon("frames"))]
    with Tally(tmp_path, lexicons) as t:
        for doc in dict.fromkeys(whole["doc_id"]):
            t.add(whole[whole["doc_id"] == doc])
        share, kinds, spoken = t.finish(discourse.speaker_share(whole, ci=None))
        example = t.overlap_example()
        assert t.documents == whole["doc_id"].nunique()
    expected = discourse.speaker_share(whole)
    pd.testing.assert_frame_equal(share, expected, check_exact=True)
    assert share.attrs["share_ci"] == expected.attrs["share_ci"] == {"one with speech": "spans", "sample": "spans"}.get(
        which, "documents")
    assert list(kinds.items()) == list(discourse.speaker_kinds(whole).items())
    assert _choose(spoken, kinds, None, 10**9) == discourse.compared_speakers(whole, k=10**9)
    overlaps = [first_overlap(discourse.match_terms(whole, lex)) for _, lex in reversed(lexicons)]
    assert example == next((o[1] for o in overlaps if o), None)
