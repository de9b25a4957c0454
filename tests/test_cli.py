"""The command line: the report's files, its numbers, determinism, and exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse import cli
from discourse.cli import main

FIGURES = ["summary", "speaker_share", "topics", "framing_terms", "frame_heatmap", "keyness",
           "dispersion"]
TABLES = ["utterances.csv", "speaker_share.csv", "topics.csv", "frames.csv",
          "frames_categories.csv", "keyness.csv", "concordance.csv", "speaker_share.tex", "topics.tex",
          "frames.tex"]


def tree(root: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``root``."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One report of the sample, made in-process (shared by the tests that only read it)."""
    out = tmp_path_factory.mktemp("rep") / "discourse-report"
    assert main(["report", "--out", str(out)]) == 0
    return out


# --- report ------------------------------------------------------------------------------------


def test_report_writes_every_file(report):
    for stem in FIGURES:
        for ext in ("pdf", "svg", "png"):
            f = report / "figures" / f"{stem}.{ext}"
            assert f.is_file() and f.stat().st_size > 1000, f
    for name in TABLES:
        assert (report / "tables" / name).stat().st_size > 0, name
    for name in ("summary.md", "report.html", "methods.md", "methods.tex"):
        assert (report / name).is_file(), name
    assert (report / cli.MARKER).is_file()
    assert (report / "figures" / "summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # nothing left beside it
    assert [p.name for p in report.parent.iterdir()] == ["discourse-report"]


def test_report_says_how_many_files_it_wrote(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", "--out", str(out)]) == 0
    said = re.search(r"wrote (\d+) files", capsys.readouterr().err)
    assert said is not None and int(said.group(1)) == len(tree(out))  # folders are not files


def test_speaker_share_matches_library_and_hand_annotation(report, sample):
    table = pd.read_csv(report / "tables" / "speaker_share.csv").set_index("speaker")
    u = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    expected = discourse.speaker_share(u).set_index("speaker")
    for who in ("Emmanuel Macron", "Keir Starmer"):
        for col in ("words", "direct_words", "reported_words", "quotes", "reported"):
            assert table.loc[who, col] == expected.loc[who, col], (who, col)
    # the numbers the README promises (the hand annotation's)
    ref = discourse.speaker_share(sample.reference_utterances()).set_index("speaker")
    assert ref.loc["Emmanuel Macron", "words"] == 161 and ref.loc["Keir Starmer", "words"] == 155
    assert table.loc["Emmanuel Macron", "words"] == 161
    assert table.loc["Keir Starmer", "words"] == 155


def test_tables_match_library(report, sample):
    u = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    topics = pd.read_csv(report / "tables" / "topics.csv")
    exp = discourse.topic_frequency(u)
    assert topics[["speaker", "category", "count"]].values.tolist() == \
        exp[["speaker", "category", "count"]].values.tolist()
    key = pd.read_csv(report / "tables" / "keyness.csv", keep_default_na=False)
    k = discourse.keyness(u, target="Emmanuel Macron", reference="Keir Starmer", stopwords="english")
    assert key["term"].tolist() == k["term"].tolist()
    utt = pd.read_csv(report / "tables" / "utterances.csv")
    assert len(utt) == len(u)
    tex = (report / "tables" / "speaker_share.tex").read_text()
    # a table for a paper: booktabs, caption, label, readable headers, one rounding
    assert tex.startswith("\\begin{table}") and "\\caption{Words spoken by each speaker" in tex
    assert "\\label{tab:speaker-share}" in tex and "\\toprule" in tex and "\\bottomrule" in tex
    assert "Speaker & Words & Share of speech [95 \\% CI] & In quote marks & Reported" in tex
    assert re.search(r"Emmanuel Macron & 161 & 50\.9 \\% \[\d+\.\d, \d+\.\d\] & 80 & 81 & 3 & 5", tex)
    assert "_words" not in tex
    topics = (report / "tables" / "topics.tex").read_text()
    # wide: topics under their labels, speakers as columns, count (rate) [95 % CI]; all-zero rows left out
    assert "Topic & Emmanuel Macron & Keir Starmer" in topics and "\\label{tab:topics}" in topics
    assert "Defence and security & 4 (24.8) [6.8, 62.4] & 6 (38.7) [14.3, 82.3]" in topics
    long = discourse.topic_frequency(u)
    used = long.groupby("category")["count"].sum()
    assert topics.count(" \\\\\n") - 1 == int((used > 0).sum())  # the header and one row per topic used
    assert "migration\\_borders" not in topics


def test_summary_numbers_are_computed(report, sample):
    md = (report / "summary.md").read_text()
    u = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    share = discourse.speaker_share(u).set_index("speaker")
    from discourse.plots import category_label, format_share
    from discourse.report.tables import format_rate

    for who in ("Emmanuel Macron", "Keir Starmer"):
        r = share.loc[who]
        assert f"**{who}** (person): {r['words']} words, {r['direct_words']} in quote marks" in md
        assert f"{r['reported_words']} reported" in md
        # the share as in every table: one decimal, with its interval
        assert f"| {who} | person | {r['words']} | {format_share(r['share'], r['share_ci_low'], r['share_ci_high'])} |" in md
    topics = discourse.topic_frequency(u)
    top = topics[topics.speaker == "Keir Starmer"].sort_values("count", ascending=False,
                                                               kind="mergesort").iloc[0]
    # categories under their labels, cells count (rate) [95 % CI]: "Defence and security 6 (38.7) [14.3, 82.3]"
    cell = format_rate(top["count"], top["rate"], top["ci_low"], top["ci_high"])
    assert f"{category_label(top['category'], width=None)} {cell}" in md
    assert "Compared: **Emmanuel Macron** and **Keir Starmer** (the two named persons with most words" in md
    # keyness says which measure, and never calls a tie a keyword
    assert "Keyness (log-odds ratio with an informative Dirichlet prior, z)" in md
    assert not re.search(r"\((\d+) : \1\)", md.split("## Keyness")[1].split("##")[0])
    for stem in FIGURES:
        assert f"(figures/{stem}.png)" in md
        assert (report / "figures" / f"{stem}.png").is_file()


def test_two_runs_are_byte_identical(report, tmp_path):
    again = tmp_path / "second"
    assert main(["report", "--out", str(again)]) == 0
    first, second = tree(report), tree(again)
    assert first.keys() == second.keys()
    assert first == second
    # and overwriting a previous report in place gives the same bytes again
    assert main(["report", "--out", str(again)]) == 0
    assert tree(again) == first


def test_failure_leaves_no_half_written_folder(tmp_path, monkeypatch, capsys):
    def boom(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(discourse.plots, "plot_keyness", boom)
    out = tmp_path / "rep"
    assert main(["report", "--out", str(out)]) == 1
    assert "injected failure" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a temporary one
    # a previous report survives a failed rerun intact
    monkeypatch.undo()
    assert main(["report", "--out", str(out)]) == 0
    before = tree(out)
    monkeypatch.setattr(discourse.plots, "plot_dispersion", boom)
    assert main(["report", "--out", str(out)]) == 1
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["rep"]


def test_report_of_a_folder_and_speakers_file(tmp_path, sample):
    docs = tmp_path / "texts"
    docs.mkdir()
    for i in range(3):
        (docs / f"a{i}.txt").write_text(sample.text, encoding="utf-8")
    spk = tmp_path / "speakers.yml"
    spk.write_text("Keir Starmer: [Starmer]\nEmmanuel Macron: [Macron]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(docs), "--speakers", str(spk), "--out", str(out)]) == 0
    share = pd.read_csv(out / "tables" / "speaker_share.csv").set_index("speaker")
    u = discourse.attribute_corpus(discourse.read_corpus(docs),
                                   speakers={"Keir Starmer": ["Starmer"],
                                             "Emmanuel Macron": ["Macron"]})
    exp = discourse.speaker_share(u).set_index("speaker")
    assert share.loc["Keir Starmer", "words"] == exp.loc["Keir Starmer", "words"]
    assert share.loc["Emmanuel Macron", "words"] == exp.loc["Emmanuel Macron", "words"]


def test_speakers_spec_parsing(tmp_path):
    assert cli.parse_speakers("Keir Starmer=Starmer,the Prime Minister;Emmanuel Macron=Macron") == {
        "Keir Starmer": ["Starmer", "the Prime Minister"], "Emmanuel Macron": ["Macron"]}
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"A B": ["B"], "C": "D"}))
    assert cli.parse_speakers(str(f)) == {"A B": ["B"], "C": ["D"]}


# --- bad input: exit 2, a message naming the culprit, no traceback -----------------------------


def _err(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_missing_input(tmp_path, capsys):
    missing = tmp_path / "nope.txt"
    assert main(["report", str(missing), "--out", str(tmp_path / "o")]) == 2
    err = _err(capsys)
    assert err.startswith("discourse: error:") and str(missing) in err
    assert not (tmp_path / "o").exists()


def test_folder_without_texts(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["attribute", str(empty)]) == 2
    assert str(empty) in _err(capsys)


def test_out_is_a_file(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["report", "--out", str(f)]) == 2
    assert str(f) in _err(capsys) and f.read_text() == "x"


def test_out_is_a_foreign_folder(tmp_path, capsys):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "thesis.tex").write_text("precious")
    assert main(["report", "--out", str(d)]) == 2
    assert str(d) in _err(capsys)
    assert (d / "thesis.tex").read_text() == "precious"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write anywhere")
def test_out_unwritable(tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        assert main(["report", "--out", str(ro / "rep")]) == 2
        assert str(ro) in _err(capsys)
    finally:
        ro.chmod(0o700)


def test_out_unwritable_simulated(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli.os, "access", lambda *a, **k: False)
    assert main(["report", "--out", str(tmp_path / "rep")]) == 2
    assert "permission denied" in _err(capsys)


def test_speaker_who_never_speaks_is_a_warning(capsys):
    # the run goes on: a declared speaker missing is worth a warning naming who does speak
    assert main(["attribute", "--speakers", "Boris Johnson=Johnson;Keir Starmer=Starmer"]) == 0
    out, err = capsys.readouterr()
    assert "warning" in err and "Boris Johnson" in err and "Emmanuel Macron" in err and "Keir Starmer" in err
    assert "Keir Starmer" in out


def test_keyness_target_who_never_speaks(capsys):
    assert main(["keyness", "--target", "Angela Merkel"]) == 2
    err = _err(capsys)
    assert "Angela Merkel" in err and "Keir Starmer" in err


def test_lexicon_that_matches_nothing(tmp_path, capsys):
    lex = tmp_path / "lex.yml"
    lex.write_text("unicorns:\n  - unicorn\n  - narwhal\n", encoding="utf-8")
    assert main(["count", "--lexicon", str(lex)]) == 2
    err = _err(capsys)
    assert "matches nothing" in err and str(lex) in err
    assert main(["report", "--frames", str(lex), "--out", str(tmp_path / "o")]) == 2
    assert "matches nothing" in _err(capsys)
    assert not (tmp_path / "o").exists()


def test_missing_lexicon_file(tmp_path, capsys):
    assert main(["count", "--lexicon", str(tmp_path / "none.yml")]) == 2
    assert "none.yml" in _err(capsys)


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["keyness"]) == 2  # --target is required
    assert main(["attribute", "--format", "xml"]) == 2
    capsys.readouterr()


def test_unexpected_error_exits_1(monkeypatch, capsys):
    monkeypatch.setattr(discourse.measures, "speaker_share", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(discourse, "speaker_share", lambda *a, **k: 1 / 0)
    assert main(["attribute"]) == 1
    err = _err(capsys)
    assert err.startswith("discourse: error: unexpected ZeroDivisionError")


# --- the other subcommands ------------------------------------------------------------------------


def test_attribute_formats(capsys, sample):
    u = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    speech = u[u["mode"] != "narration"]
    assert main(["attribute", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == len(speech)
    assert [r["speaker"] for r in records] == speech["speaker"].tolist()
    assert main(["attribute"]) == 0
    out = capsys.readouterr().out
    assert "Who said what" in out and "Speaker share" in out and "161" in out and "155" in out


def test_count_and_keyness(capsys, sample):
    assert main(["count", "--lexicon", "frames", "--format", "csv"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out)).set_index("category")
    u = discourse.attribute(sample.text, speakers=sample.speakers, doc_id=sample.doc_id)
    f = discourse.framing_terms(u, level="category").set_index(["speaker", "category"])
    assert table.loc["security_threat", "Keir Starmer"] == f.loc[("Keir Starmer", "security_threat"), "count"]
    assert main(["keyness", "--target", "Keir Starmer", "--reference", "Emmanuel Macron",
                 "--measure", "lr", "--format", "csv"]) == 0
    key = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out), keep_default_na=False)
    exp = discourse.keyness(u, target="Keir Starmer", reference="Emmanuel Macron", measure="lr", stopwords="english")
    assert key["term"].tolist() == exp["term"].tolist()


def test_help_and_version(capsys):
    assert main(["--version"]) == 0
    assert discourse.__version__ in capsys.readouterr().out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "discourse report" in out
    for command in ("report", "attribute", "count", "keyness", "kwic"):
        assert main([command, "--help"]) == 0
        assert "usage: discourse " + command in capsys.readouterr().out


# --- the installed console script -------------------------------------------------------------------


def test_console_script_subprocess(tmp_path):
    exe = Path(sys.executable).with_name("discourse")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "discourse.cli"]
    done = subprocess.run(cmd + ["report", "--out", "rep"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "rep" / "summary.md").is_file()
    assert "documents:" not in done.stderr  # no progress bar for the one-document sample
    bad = subprocess.run(cmd + ["report", "missing-folder"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "discourse: error: input 'missing-folder' does not exist"
    shutil.rmtree(tmp_path / "rep")


def test_report_runs_with_python_string_storage(tmp_path):
    # a plain `pip install .` has no pyarrow: pandas then keeps strings in Python arrays,
    # some of them read-only; the README's first command must work there too
    import pandas as pd

    with pd.option_context("mode.string_storage", "python"):
        assert main(["report", "--out", str(tmp_path / "report")]) == 0
    assert (tmp_path / "report" / "summary.md").is_file()


# --- issue 10: who is compared, kwic, hints ---------------------------------------------------

REPORT_DATA = Path(__file__).parent / "data" / "report"


def test_report_with_a_tie_draws_labelled_panels_not_an_exception(tmp_path, capsys):
    t = tmp_path / "t.txt"
    t.write_text('"Criminal gangs threaten security," said Jane Doe.\n\n'
                 '"Migration needs cooperation now," said Hugh Hill.\n', encoding="utf-8")
    assert main(["report", str(t), "--out", str(tmp_path / "rep")]) == 0
    err = capsys.readouterr().err
    # 4 words each: the tie goes to who speaks first, and nothing is key
    assert "compared: Jane Doe, Hugh Hill" in err
    md = (tmp_path / "rep" / "summary.md").read_text()
    assert "no term differs at p < 0.05 between Jane Doe and Hugh Hill" in md
    assert (tmp_path / "rep" / "figures" / "keyness.png").stat().st_size > 1000


def test_report_on_a_transcript_compares_the_two_leaders_never_the_questions(tmp_path, capsys):
    assert main(["report", str(REPORT_DATA / "press_conference.txt"), "--out", str(tmp_path / "rep")]) == 0
    assert "compared: The Prime Minister, The President" in capsys.readouterr().err
    key = pd.read_csv(tmp_path / "rep" / "tables" / "keyness.csv", keep_default_na=False)
    assert set(key["measure"]) == {"log_odds"}


def test_report_compare_chooses_the_pair_and_its_order(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", str(REPORT_DATA / "articles"), "--compare", "Emmanuel Macron,Diane Abbott",
                 "--out", str(out)]) == 0
    assert "compared: Emmanuel Macron, Diane Abbott" in capsys.readouterr().err
    assert "Compared: **Emmanuel Macron** and **Diane Abbott** (as chosen)" in (out / "summary.md").read_text()
    tex = (out / "tables" / "topics.tex").read_text()
    assert "Topic & Emmanuel Macron & Diane Abbott" in tex
    assert main(["report", "--compare", "Keir Starmer,Boris Johnson", "--out", str(tmp_path / "x")]) == 2
    err = _err(capsys)
    assert "--compare: speaker(s) 'Boris Johnson' do not speak" in err and "'Emmanuel Macron'" in err
    assert main(["report", "--compare", "Keir Starmer", "--out", str(tmp_path / "x")]) == 2
    assert "two speakers separated by a comma" in _err(capsys)


def test_attribute_csv_has_offsets(capsys, sample):
    assert main(["attribute", "--format", "csv"]) == 0
    table = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert list(table.columns) == ["doc_id", "start", "end", "speaker", "mode", "cue", "text"]
    row = table.iloc[0]
    assert sample.text[row["start"]:row["end"]] == row["text"]


def test_kwic_subcommand(capsys):
    assert main(["kwic", "criminal*"]) == 0
    out = capsys.readouterr().out
    assert "2 lines of criminal*" in out
    assert re.search(r"Emmanuel Macron .* criminal  networks", out) and re.search(r"Keir Starmer .* criminal  gangs", out)
    assert main(["kwic", "--lexicon", "frames", "--speaker", "Keir Starmer", "--format", "csv"]) == 0
    lines = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert set(lines["speaker"]) == {"Keir Starmer"} and "security_threat" in set(lines["category"])
    assert main(["kwic", "gangs", "--input", str(REPORT_DATA / "articles"), "--format", "csv"]) == 0
    assert len(pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))) == 2
    assert main(["kwic"]) == 2
    assert "give a PATTERN" in _err(capsys)


def test_hints_name_the_command_line_flags(tmp_path, capsys):
    table = tmp_path / "r.csv"
    table.write_text('doc_id,body\na,"We act."\n', encoding="utf-8")
    assert main(["attribute", str(table)]) == 2
    err = _err(capsys)
    assert "(use --text-column)" in err and "text_column=" not in err
    assert main(["attribute", "--speakers", "Rachel Reeves:Reeves"]) == 0
    assert "write 'Name=alias,alias', with '=', as 'Rachel Reeves=Reeves'" in _err(capsys)
