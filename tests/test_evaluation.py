"""Reading hand annotations and scoring attribution against them.

Every passage here is written for this file. Expected values are counted by hand: words
are ``\\w+`` runs, a gold quotation is an attribution whose content holds a quote mark.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse.cli import main
from discourse.evaluation import (
    AnnotationError,
    is_named,
    read_annotation,
    score,
    source_kind,
    speaker_matches,
)

TEXT = (
    '"We will cut the waiting lists," said Jane Roe, the health minister.\n'
    "Her rival Tom Hale said the plan was \"a fantasy\" and would fail.\n"
    "The ministry said in a statement that funding was secure.\n"
)


def _spans(text: str, *pieces: str) -> str:
    """'start end' of each piece (first occurrence), joined as BRAT writes them."""
    out = []
    for piece in pieces:
        a = text.index(piece)
        out.append(f"{a} {a + len(piece)}")
    return ";".join(out)


def _event(n: int, text: str, source: str | None, cue: str, content: str) -> str:
    """One PolNeAR-style attribution: Source, Cue and Content spans and their event."""
    t = 4 * n
    lines = []
    if source is not None:
        lines.append(f"T{t + 1}\tSource {_spans(text, source)}\t{source}")
    lines += [f"T{t + 2}\tCue {_spans(text, cue)}\t{cue}",
              f"T{t + 3}\tContent {_spans(text, content)}\t{content}",
              f"T{t + 4}\tAttribution {_spans(text, cue)}\t{cue}"]
    src = f" Source:T{t + 1}" if source is not None else ""
    kind = "Attribution" if source is not None else "Attribution-no-source"
    lines.append(f"E{n + 1}\t{kind}:T{t + 4} Content:T{t + 3} Cue:T{t + 2}{src}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def polnear_like(tmp_path: Path) -> Path:
    """PolNeAR's layout: text/NAME.txt and attributions/NAME_<annotator>.ann."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "health.txt").write_text(TEXT, encoding="utf-8")
    ann = (_event(0, TEXT, "Jane Roe", "said", "We will cut the waiting lists")
           + _event(1, TEXT, "Tom Hale", "said", 'the plan was "a fantasy" and would fail')
           + _event(2, TEXT, "The ministry", "said", "funding was secure"))
    (tmp_path / "attributions" / "health_ab12.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_brat_events_become_gold_spans(polnear_like: Path):
    gold = read_annotation(polnear_like).gold()
    assert gold["doc_id"].unique().tolist() == ["health"]
    assert gold["annotator"].unique().tolist() == ["ab12"]
    rows = {r.speaker: r for r in gold.itertuples()}
    # the content holds no quote mark: "We will cut…" is annotated without its marks, so
    # it is not a quotation by the scoreboard's rule; Hale's holds "a fantasy"
    assert rows["Tom Hale"].mode == "direct"
    assert rows["Jane Roe"].mode == "reported"
    assert rows["The ministry"].mode == "reported"
    assert TEXT[rows["Tom Hale"].start:rows["Tom Hale"].end] == 'the plan was "a fantasy" and would fail'
    assert rows["Tom Hale"].cue == "said"
    assert rows["Jane Roe"].named and rows["Tom Hale"].named


def test_discontinuous_and_multiline_spans(tmp_path: Path):
    text = '"We act," she said, "and we act now."\n\nIt ended.\n'
    first, second = "We act,", "and we act now."
    ann = (f"T1\tContent {_spans(text, first, second)}\t{first} {second}\n"
           f"T2\tSource {_spans(text, 'she')}\tshe\n"
           f"T3\tContent {_spans(text, 'It ended.')}\tIt\nended.\n"  # text running over two lines
           "E1\tAttribution:T2 Content:T1 Source:T2\n")
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "doc.ann").write_text(ann, encoding="utf-8")
    gold = read_annotation(tmp_path).gold()
    assert gold[["start", "end"]].values.tolist() == [[1, 8], [21, 36]]  # two pieces, one attribution
    assert gold["attribution"].nunique() == 1
    assert not gold["named"].any()  # "she" names nobody


def test_plain_labelled_spans_with_the_speaker_as_a_note(tmp_path: Path):
    text = 'Jane Roe: "Prices must fall."\nHe hinted at a rise.\n'
    ann = (f"T1\tQuote {_spans(text, 'Prices must fall.')}\tPrices must fall.\n"
           "#1\tAnnotatorNotes T1\tJane Roe\n"
           f"T2\tIndirect {_spans(text, 'at a rise')}\tat a rise\n"
           "A1\tSpeaker T2 Tom_Hale\n")
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    (tmp_path / "d.ann").write_text(ann, encoding="utf-8")
    gold = read_annotation(tmp_path).gold()
    assert gold[["speaker", "mode"]].values.tolist() == [["Jane Roe", "direct"], ["Tom Hale", "reported"]]


def test_a_malformed_file_is_named_with_its_line_and_the_others_are_read(polnear_like: Path):
    bad = polnear_like / "attributions" / "broken_cd34.ann"
    (polnear_like / "text" / "broken.txt").write_text("Short text.\n", encoding="utf-8")
    bad.write_text("T1\tContent 0 5\tShort\nT2\tSource 3 x\tbad\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="1 annotation file"):
        a = read_annotation(polnear_like)
    assert a.documents["doc_id"].tolist() == ["health"]
    assert a.skipped["line"].tolist() == [2]
    assert "broken_cd34.ann, line 2" in a.skipped["reason"].iloc[0]
    with pytest.raises(AnnotationError, match=r"broken_cd34\.ann, line 2: offsets '3 x'"):
        read_annotation(polnear_like, errors="raise")


def test_a_span_outside_the_text_and_a_missing_text_are_errors(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Tiny.\n", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tContent 0 99\tTiny\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"a\.ann, line 1: span 0-99 lies outside the text \(6 characters\)"):
        read_annotation(tmp_path / "a.ann", errors="raise")
    (tmp_path / "lonely.ann").write_text("T1\tContent 0 1\tT\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="no text file for this annotation"):
        read_annotation(tmp_path / "lonely.ann", errors="raise")


def test_the_projects_csv_annotation_scores_the_sample_perfectly():
    gold = read_annotation(discourse.sample.data_dir())
    sample = discourse.load_sample()
    result = score(gold, discourse.attribute(sample.text, doc_id=sample.doc_id))
    assert result.value("speaker_accuracy") == 1.0
    assert result.value("quote_f1") == 1.0
    # the annotation's 8 direct spans are its quotations; 205 words inside them
    assert result.value("quotations") == 8
    assert result.summary.set_index("metric").loc["quote_recall", "n"] == 205
    assert result.disagreements.empty


def test_scores_counted_by_hand(polnear_like: Path):
    gold = read_annotation(polnear_like)
    # a prediction written by hand: Roe's quote right, Hale's clause given to Roe, and a
    # spurious direct span over "The ministry"
    text = TEXT

    def span(piece: str, speaker, mode: str) -> dict:
        a = text.index(piece)
        return {"doc_id": "health", "start": a, "end": a + len(piece), "speaker": speaker, "mode": mode}

    predicted = pd.DataFrame([
        span("We will cut the waiting lists", "Jane Roe", "direct"),
        span('the plan was "a fantasy" and would fail', "Jane Roe", "reported"),
        span("The ministry", None, "direct"),
    ])
    result = score(gold, predicted)
    # one quotation (Hale's, 8 words), named, all its words in predicted speech, wrong speaker
    q = result.quotations
    assert q[["gold_speaker", "predicted_speaker", "kind"]].values.tolist() == [["Tom Hale", "Jane Roe", "wrong person"]]
    assert result.value("speaker_accuracy") == 0.0
    assert result.value("quote_recall") == 1.0
    # predicted direct words: 6 (Roe's, inside gold content) + 2 ("The ministry", outside)
    assert result.value("quote_precision") == pytest.approx(6 / 8)
    assert result.value("quote_f1") == pytest.approx(2 * 0.75 / 1.75)
    # speech: gold contents hold 6 + 8 + 3 = 17 words, 14 of them predicted as speech
    assert result.value("speech_recall") == pytest.approx(14 / 17)
    kinds = result.errors_by_kind().set_index("kind")["count"].to_dict()
    assert kinds == {"wrong person": 1, "speech not in the annotation": 1}
    assert result.disagreements["kind"].tolist() == ["wrong person", "speech not in the annotation"]


def test_intervals_contain_the_value_and_are_reproducible(polnear_like: Path, tmp_path: Path):
    gold = read_annotation(discourse.sample.data_dir())
    sample = discourse.load_sample()
    u = discourse.attribute(sample.text, doc_id=sample.doc_id)
    a, b = score(gold, u, seed=3), score(gold, u, seed=3)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    row = a.summary.set_index("metric").loc["speaker_accuracy"]
    assert row["ci_low"] <= row["value"] <= row["ci_high"]


def test_name_words_match_the_source():
    assert speaker_matches("Sen. Jane Roe, R-S.D., the No. 2 Republican", "Jane Roe")
    assert speaker_matches("the Roe campaign", "Jane Roe")
    assert not speaker_matches("Jane Roe", "Tom Hale")
    assert not speaker_matches("Jane Roe", None)
    assert not speaker_matches("He", "He")  # a pronoun names nobody
    assert is_named("Jane Roe") and not is_named("she") and not is_named("a spokesman")
    assert source_kind("the joint statement") == "document"
    assert source_kind("The Roe campaign") == "organisation"
    assert source_kind("Jane Roe, the mayor") == "person"


def test_cli_evaluate_writes_the_tables(polnear_like: Path, tmp_path: Path, capsys):
    out = tmp_path / "validation"
    assert main(["evaluate", str(polnear_like), "--out", str(out), "--boot", "50"]) == 0
    printed = capsys.readouterr().out
    assert "speaker_accuracy" in printed and "named quotations" in printed
    disagreements = pd.read_csv(out / "disagreements.csv")
    assert set(disagreements.columns) >= {"doc_id", "start", "end", "gold_speaker", "predicted_speaker", "text"}
    assert main(["evaluate", str(tmp_path / "nowhere")]) == 2
