"""Bad input, as a list: every input that earlier issues (2 to 5, 11) tried, with the
answer it gets. An answer is a correct result, or an error that names the file, the line
or the field. Nothing hangs, nothing is dropped silently, nothing is left behind.

Each table below reads as "input -> answer". Where another test module already checks
an input in depth, the row here says so in its comment and checks the answer briefly,
so that the list stays whole. Checked elsewhere, with the reason:

- quote pairing in linear time, with the old definition as the oracle (issue 11 item 1):
  tests/test_quotes.py;
- a corpus on a Dask cluster with the serial result (item 9): tests/test_corpus.py,
  test_attribute_corpus_on_a_dask_cluster_applies_the_corpus_step (slow);
- a report that holds one batch at a time (item 12): tests/test_spool.py (memory itself
  in benchmarks/bench_report_memory.py, since no test is timed or weighed);
- a 5 MB single paragraph (issue 2): tests/test_attribution.py (slow).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse import cli
from discourse.cli import main
from discourse.lexicon import LexiconError

# --- texts (issue 2; issue 11 items 1 and 11) ------------------------------------------------


def covers(u, text: str) -> bool:
    """The spans cover the text from 0 to its end, without gap or overlap, and say what it says."""
    ends = [0, *u["end"].tolist()]
    return (u["start"].tolist() == ends[:-1] and ends[-1] == len(text)
            and all(text[a:b] == t for a, b, t in zip(u["start"], u["end"], u["text"])))


def speech(u) -> list[tuple]:
    return [(r.speaker, r.mode) for r in u.itertuples() if r.mode != "narration"]


TEXTS = [
    # (text, the speech found: (speaker, mode) per span of speech)
    pytest.param("", [], id="empty"),
    pytest.param("   \n\n\t ", [], id="white space only"),
    pytest.param("No one says anything in this sentence. Nor in this one.", [], id="no quotes"),
    pytest.param('Line one.\r\n"We will win this," said Ann Lee.\r\n', [("Ann Lee", "direct")], id="CRLF line ends"),
    pytest.param('\ufeff"We will win this," said Ann Lee.', [("Ann Lee", "direct")], id="byte-order mark"),
    pytest.param("&ldquo;We will win,&rdquo; said Ann Lee &amp; friends.", [("Ann Lee", "direct")], id="HTML entities"),
    pytest.param("Le président a déclaré : « Nous allons gagner ». Он сказал: «Да».", None, id="not English"),
    pytest.param('"' * 3000 + " said \u201c" * 500, None, id="thousands of quote marks"),
    pytest.param('"a "b "c d" e "f' * 400, None, id="unbalanced marks"),
    pytest.param("\u2019\u2018'" * 1000, None, id="thousands of single marks"),
    pytest.param('\ud800 "A lone surrogate here," he said. \udfff', None, id="lone surrogates"),
    pytest.param(" ".join(f"'Quote {i}' he said." for i in range(10_000)), None,
                 id="10,000 single quotations in one paragraph (issue 11: 40 s)"),
    pytest.param("\n\n".join(f'"Quote {i}," said Jane Doe. \'Never,\' he said.' for i in range(4000)), None,
                 id="4,000 paragraphs of double and single quotations (issue 11: 8 s)"),
    # found on real news joined into one document: a source named by an article alone left
    # a person with no name, and a later "Lord Smith" with no namesake read its first word
    # (an IndexError in the engine before it became a package)
    pytest.param('According to a just-released poll, taxes will rise. "We will see," said Lord Smith.',
                 [("just-released poll", "reported"), ("Smith", "direct")], id="a source with no name, then a lord"),
]


@pytest.mark.parametrize(("text", "found"), TEXTS)
def test_text(text, found):
    # every answer is a table covering the text; never a hang (the 5 MB single paragraph
    # is tests/test_attribution.py::test_five_megabyte_single_paragraph, marked slow)
    t0 = time.perf_counter()
    u = discourse.attribute(text)
    assert time.perf_counter() - t0 < 20
    assert covers(u, text)
    if found is not None:
        assert speech(u) == found


@pytest.mark.slow
def test_a_twenty_megabyte_document_costs_what_a_corpus_of_the_same_text_costs():
    # issue 11: 49 s and 970 MB for 20 MB, ten times a corpus's cost per byte (quote
    # pairing was quadratic). benchmarks/bench_size.py measures time and memory by size.
    article = [p for p in discourse.load_sample().text.split("\n") if p.strip()]
    copies = 20_000_000 // len("\n\n".join(article)) + 1
    text = "\n\n".join(article * copies)
    docs = {i: "\n\n".join(article) for i in range(copies)}  # the same paragraphs as articles
    t0 = time.perf_counter()
    u = discourse.attribute(text)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    discourse.attribute_corpus(docs, kind="article", progress=False)
    many = time.perf_counter() - t0
    assert covers(u, text)
    assert one < 3 * many, (one, many)  # 15 times before


# --- measures (issue 3) ------------------------------------------------------------------------


def _utterances(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": 0, "start": range(len(rows)), "end": range(1, len(rows) + 1),
        "speaker": [r[0] for r in rows], "mode": [r[1] for r in rows], "text": [r[2] for r in rows]})


def test_a_speaker_with_no_words_has_missing_rates_not_a_division_error():
    u = _utterances([("A", "direct", "security and security"), ("B", "direct", "\u2014")])
    out = discourse.topic_frequency(u, {"s": ["security"]}).set_index("speaker")
    assert out.loc["B", "words"] == 0 and out.loc["B", "rate"] != out.loc["B", "rate"]  # NaN


@pytest.mark.parametrize(("target", "reference", "message"), [
    ("Angela Merkel", None, r"'Angela Merkel' not found.*the speakers are: 'A', 'B'"),
    ("A", ["A", "B"], r"'A' are in both groups"),
    ("B", "A", r"the target group has no words"),
])
def test_keyness_for_speakers_who_are_not_there(target, reference, message):
    u = _utterances([("A", "direct", "security and security"), ("B", "direct", "\u2014")])
    with pytest.raises(ValueError, match=message):
        discourse.keyness(u, target=target, reference=reference)


# --- lexicon and speaker files (issue 3; issue 11 item 2) -------------------------------------


def _alias_bomb(kind: str, depth: int = 9) -> str:
    """YAML whose aliases repeat nine nodes nine times per level: ``depth`` 9 stands for
    387 million nodes in 720 bytes (issue 11: 78 s, then MemoryError)."""
    if kind == "mapping":
        text, prev = "a: &a {x1: l, x2: l, x3: l, x4: l, x5: l, x6: l, x7: l, x8: l, x9: l}\n", "a"
        for n in "bcdefghijklmnop"[:depth - 1]:
            text += f"{n}: &{n} {{" + ", ".join(f"k{j}: *{prev}" for j in range(9)) + "}\n"
            prev = n
    else:
        text, prev = 'a: &a ["l","l","l","l","l","l","l","l","l"]\n', "a"
        for n in "bcdefghijklmnop"[:depth - 1]:
            text += f"{n}: &{n} [" + ",".join(f"*{prev}" for _ in range(9)) + "]\n"
            prev = n
    return text


LEXICON_FILES = [
    # (file contents, the error's message: file and line, or None when it loads)
    pytest.param(_alias_bomb("mapping"), r"bomb\.yml:5: YAML aliases expand this file", id="alias bomb of mappings"),
    pytest.param(_alias_bomb("list"), r"bomb\.yml:\d: YAML aliases expand this file", id="alias bomb of lists"),
    pytest.param("a: &a {b: *a}\n", r"bomb\.yml:1: a YAML alias refers to the node that holds it", id="recursive alias"),
    pytest.param("a: " + "[" * 3000 + "]" * 3000 + "\n", r"bomb\.yml: nested too deeply", id="nesting 3,000 deep"),
    pytest.param("x: !!python/object/apply:os.system [echo hi]\n", r"bomb\.yml:1: .*refused", id="tag that runs code"),
    pytest.param("shared: &s [gang*, smuggl*]\ncrime: *s\n", None, id="alias reused once: fine"),
]


@pytest.mark.parametrize(("content", "error"), LEXICON_FILES)
def test_lexicon_file(tmp_path, content, error):
    path = tmp_path / "bomb.yml"
    path.write_text(content, encoding="utf-8")
    t0 = time.perf_counter()
    if error is None:
        assert discourse.load_lexicon(path).categories["crime"] == ("gang*", "smuggl*")
    else:
        with pytest.raises(LexiconError, match=error):
            discourse.load_lexicon(path)
    assert time.perf_counter() - t0 < 5  # refused in well under a second here


@pytest.mark.parametrize(("content", "error"), LEXICON_FILES[:4])
def test_speakers_file(tmp_path, capsys, content, error):
    # the same files as --speakers: a clear message, exit 2 (issue 11: MemoryError after 96 s)
    path = tmp_path / "bomb.yml"
    path.write_text(content, encoding="utf-8")
    t0 = time.perf_counter()
    assert main(["attribute", "--speakers", str(path)]) == 2
    assert time.perf_counter() - t0 < 5
    err = capsys.readouterr().err
    assert re.search(r"cannot read speakers file .*" + error, err), err


LEXICON_ENTRIES = [
    # (categories, text, the counts per category: a correct result, or the error's message)
    pytest.param({"empty": [], "s": ["security"]}, "security", {"s": 1}, id="an empty category"),
    pytest.param({"s": ["security", "Security", "long-term", "long term"]}, "security long term", {"s": 2},
                 id="duplicate entries count once"),
    pytest.param({"x": ["U.S.", "(Russian", "a+b", "[x]"]}, "the U.S. and (Russian a+b [x] US", {"x": 4},
                 id="regular-expression characters match literally"),
    pytest.param({"x": ["sécurité", "Ελλάδα*"]}, "SÉCURITÉ Ελλάδας securite", {"x": 2}, id="non-ASCII entries"),
    pytest.param({"x": ["   "]}, "", "empty", id="an entry of white space"),
    pytest.param({"x": ["--"]}, "", "only hyphens", id="an entry of hyphens"),
    pytest.param({"x": ["se*cur"]}, "", "only at the end", id="a * inside an entry"),
    pytest.param({"x": [3]}, "", "not a string", id="an entry that is not text"),
    # 100,000 entries: tests/test_lexicon.py::test_one_hundred_thousand_entries
]


@pytest.mark.parametrize(("categories", "text", "answer"), LEXICON_ENTRIES)
def test_lexicon_entries(categories, text, answer):
    if isinstance(answer, str):
        with pytest.raises(ValueError, match=answer):
            discourse.Lexicon(categories)
    else:
        assert discourse.Lexicon(categories).count(text) == answer


def test_an_entry_of_punctuation_only_is_literal_with_a_warning():
    with pytest.warns(UserWarning, match="no letter or digit"):
        lex = discourse.Lexicon({"smile": [":)"]})
    assert lex.count("great :) ok") == {"smile": 1}


LEXICON_DATA = Path(__file__).parent / "data" / "lexicons"


@pytest.mark.parametrize(("name", "where", "message"), [
    ("malformed.yml", "malformed.yml:3:", "not a valid lexicon file"),
    ("bad_entry.yml", "bad_entry.yml:3:", "only at the end"),
    ("bad_category.dic", "bad_category.dic:5:", "category 7"),
    ("unsafe.yml", "unsafe.yml:1:", "refused"),
])
def test_lexicon_files_in_the_test_data(name, where, message):
    with pytest.raises(LexiconError, match=message) as err:
        discourse.load_lexicon(LEXICON_DATA / name)
    assert where in str(err.value)


# --- corpus files (issue 5; issue 11 items 3 to 6 and 10) --------------------------------------

#: file name -> contents (bytes, text, or ("link", target) for a symbolic link)
Files = dict


def _make(root: Path, files: Files) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple):
            path.symlink_to(content[1])
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


TABLE_ERRORS = [
    # (file name, contents, read_corpus's error and its message, naming file and line or field)
    pytest.param("r.csv", 'doc_id,text\na,"We act.",extra\nb,"Second."\n',
                 ValueError, r"r\.csv, line 2: 3 fields where the header has 2",
                 id="CSV row with an extra field (shifted every column)"),
    pytest.param("r.csv", 'doc_id,text\na,"We act."\nb,"Second.",extra\n',
                 ValueError, r"r\.csv, line 3: 3 fields where the header has 2", id="CSV extra field later"),
    pytest.param("r.csv", 'doc_id,text\na,"We act."\nb\n',
                 ValueError, r"r\.csv, line 3: 1 field where the header has 2", id="CSV row with a field missing"),
    pytest.param("r.csv", 'doc_id,text\na,"A quote\nover two lines"\nb,c,d\n',
                 ValueError, r"r\.csv, line 4: 3 fields", id="CSV line counted across a quoted line break"),
    pytest.param("r.csv", "id,body\n1,x\n", ValueError, r"r\.csv has no text column 'text'; its columns are 'id', 'body'",
                 id="CSV without the text column"),
    pytest.param("r.csv", "doc_id,text\n7,a\n7,b\n", ValueError, r"duplicate document ids in column 'doc_id': 7",
                 id="duplicate ids"),
    pytest.param("r.csv", "doc_id,text\n1,Déjà\n".encode("latin-1"), ValueError, r"r\.csv: not valid utf-8",
                 id="CSV not UTF-8"),
    pytest.param("r.csv", b"doc_id,text\n1,\x00\x00\n", ValueError, r"r\.csv: binary file", id="CSV binary"),
    pytest.param("r.jsonl", '{"doc_id": "a", "text": 5}\n', TypeError, r"r\.jsonl: column 'text' must hold text; rows 0 \(int\)",
                 id="JSONL text that is a number"),
    pytest.param("r.jsonl", '{"text": "a"}\n[1, 2]\n', ValueError, r"r\.jsonl, line 2: a JSON object was expected",
                 id="JSONL line that is not an object"),
    pytest.param("r.jsonl", '{"text": "a"}\n{"text": \n', ValueError, r"r\.jsonl, line 2: not valid JSON",
                 id="JSONL line that is not JSON"),
    pytest.param("r.jsonl", '{"text": ' + "[" * 100_000 + "\n", ValueError, r"r\.jsonl, line 1: JSON nested too deeply",
                 id="JSONL nested 100,000 deep"),
    pytest.param("r.parquet", b"PAR1 not really", ValueError, r"r\.parquet.*not a parquet file", id="Parquet that is not Parquet"),
]


@pytest.mark.parametrize(("name", "content", "error", "message"), TABLE_ERRORS)
def test_table_file(tmp_path, capsys, name, content, error, message):
    path = _make(tmp_path, {name: content}) / name
    with pytest.raises(error, match=message):
        discourse.read_corpus(path)
    # the command line: exit 2 (bad input, with the message), never 1 ("unexpected")
    assert main(["attribute", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"discourse: error: cannot read {str(path)!r}") and "Traceback" not in err


def test_csv_tables_that_are_fine(tmp_path):
    # a UTF-16 CSV with its byte-order mark, blank lines, a quoted field with the separator
    path = tmp_path / "ok.csv"
    path.write_bytes('doc_id,text\n\na,"We act, now."\n\nb,Second.\n'.encode("utf-16"))
    assert discourse.read_corpus(path).values.tolist() == [["a", "We act, now."], ["b", "Second."]]


def test_documents_that_are_not_text_are_listed_and_the_others_complete():
    with pytest.warns(UserWarning, match=r"2 of 3 document\(s\) failed and have no utterances: b .*, c "):
        u = discourse.attribute_corpus({"a": '"We act," said Ann Lee.', "b": None, "c": 5})
    assert u.attrs["errors"] == [{"doc_id": "b", "reason": "TypeError: the text is NoneType, not a str"},
                                 {"doc_id": "c", "reason": "TypeError: the text is int, not a str"}]
    assert set(u["doc_id"]) == {"a"}


@pytest.mark.parametrize(("stream", "error", "message"), [
    ([("a", "One."), ("a", "Two.")], ValueError, r"duplicate document id 'a'"),
    (["just a text"], TypeError, r"must yield \(doc_id, text\) pairs"),
])
def test_a_streamed_corpus_that_is_not_pairs_of_unique_ids(stream, error, message):
    with pytest.raises(error, match=message):
        discourse.analyse_corpus(iter(stream), frames=None, topics=None)


FOLDER_FILES = {
    "a.txt": "hi\n",
    "UPPER.TXT": "Loud.\n",                                  # issue 11 item 5: was neither read nor named
    "link.txt": ("link", "../elsewhere.txt"),                # a link to a file: followed
    "loop.txt": ("link", "loop.txt"),                        # a link to itself
    "gone.txt": ("link", "nowhere.txt"),                     # a dangling link
    "utf16.txt": "Q: Why?\n".encode("utf-16"),               # UTF-16 with its BOM: read
    "utf16-nobom.txt": "Why not?".encode("utf-16-le"),       # item 6: was "binary file"
    "utf32.txt": "Thirty-two.".encode("utf-32"),
    "latin.txt": "Déjà vu.".encode("latin-1"),
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "bad-bom.txt": b"\xff\xfe\x00",                          # a UTF-16 BOM, then not UTF-16
    "empty.txt": b"",                                        # kept: a document with no words is data
    "sub/deeper.txt": "Below.\n",
    "sublink": ("link", "sub"),                              # a link to a folder: not followed, named
    "sub/up": ("link", ".."),                                # a link up the tree: a loop if followed
    ".hidden.txt": "not a document",                          # hidden: left out by design
    "notes.md": "not *.txt",                                  # not matched: left out by design
}

#: what read_corpus(folder) gives for each name above: its text, or the reason it is skipped
FOLDER_ANSWERS = {
    "a.txt": "hi\n",
    "UPPER.TXT": "Loud.\n",
    "link.txt": "Elsewhere.\n",
    "loop.txt": r"a symbolic link loop: it points to 'loop\.txt', which never leads to a file",
    "gone.txt": r"a broken symbolic link: it points to 'nowhere\.txt', which does not exist",
    "utf16.txt": "Q: Why?\n",
    "utf16-nobom.txt": r"UTF-16-LE text without a byte-order mark, it seems .* encoding='utf-16-le'",
    "utf32.txt": "Thirty-two.",
    "latin.txt": r"not valid utf-8 \(byte 0xe9 at offset 1\)",
    "image.txt": r"binary file \(it holds NUL bytes\), not text",
    "bad-bom.txt": r"binary file, or broken UTF-16: it starts with a UTF-16 byte-order mark",
    "empty.txt": "",
    "sub/deeper.txt": "Below.\n",
    "sublink": r"a symbolic link to a folder \('sub'\), not followed",
    "sub/up": r"a symbolic link to a folder \('\.\.'\), not followed",
}


@pytest.fixture
def odd_folder(tmp_path):
    (tmp_path / "elsewhere.txt").write_text("Elsewhere.\n", encoding="utf-8")
    return _make(tmp_path / "d", FOLDER_FILES)


def test_folder_every_file_is_read_or_named(odd_folder):
    with pytest.warns(UserWarning) as caught:
        corpus = discourse.read_corpus(odd_folder)
    said = [str(w.message) for w in caught]
    assert said[0] == "1 empty document(s), kept with no words: empty.txt"
    assert said[1].startswith("skipped 8 unreadable file(s) of 15: ")
    read = dict(zip(corpus["doc_id"], corpus["text"]))
    skipped = {s["doc_id"]: s["reason"] for s in corpus.attrs["skipped"]}
    assert set(read) | set(skipped) == set(FOLDER_ANSWERS)  # nothing else, nothing dropped
    for name, answer in FOLDER_ANSWERS.items():
        if name in read:
            assert read[name] == answer, name
        else:
            assert re.search(answer, skipped[name]), (name, skipped[name])


def test_folder_streamed_names_the_same_files(odd_folder):
    # analyse_corpus reads the folder one batch at a time: the same files fail, with the same reasons
    with pytest.warns(UserWarning, match=r"8 of 15 document\(s\) failed"):
        result = discourse.analyse_corpus(odd_folder, topics=None, frames=None)
    failed = {e["doc_id"]: e["reason"] for e in result.errors}
    assert result.documents == 7
    for name, answer in FOLDER_ANSWERS.items():
        if name in failed:
            assert re.search(answer, failed[name]), (name, failed[name])
    assert len(failed) == 8


def test_a_named_pipe_is_named_not_waited_on(tmp_path):
    import os

    (tmp_path / "a.txt").write_text("hi", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer for ever
    with pytest.warns(UserWarning, match="pipe.txt"):
        corpus = discourse.read_corpus(tmp_path)
    assert corpus.attrs["skipped"][0]["reason"] == "a named pipe, not a file: not read"


def test_the_pattern_ignores_case_in_paths_too(tmp_path):
    _make(tmp_path, {"2025/A.TXT": "One.", "2024/b.txt": "Two.", "c.Txt": "Three."})
    assert discourse.read_corpus(tmp_path, pattern="2025/*.txt")["doc_id"].tolist() == ["2025/A.TXT"]
    assert discourse.read_corpus(tmp_path)["doc_id"].tolist() == ["2024/b.txt", "2025/A.TXT", "c.Txt"]


# --- the command line (issue 4) ---------------------------------------------------------------


def _cli_files(tmp: Path) -> None:
    (tmp / "empty").mkdir()
    (tmp / "file").write_text("x", encoding="utf-8")
    _earlier_report(tmp / "old-report")
    (tmp / "mine").mkdir()
    (tmp / "mine" / "thesis.tex").write_text("precious", encoding="utf-8")
    (tmp / "unicorns.yml").write_text("unicorns: [unicorn, narwhal]\n", encoding="utf-8")
    (tmp / "lexdir.yml").mkdir()
    (tmp / "one.txt").write_text('"Criminal gangs threaten us," said Ann Lee.', encoding="utf-8")


COMMANDS = [
    # (arguments, in a folder holding the files above; exit code; the message on stderr)
    pytest.param(["report", "nope.txt", "--out", "o"], 2, r"input 'nope\.txt' does not exist", id="no such input"),
    pytest.param(["attribute", "empty"], 2, r"folder 'empty' holds no \.txt files", id="a folder without texts"),
    pytest.param(["report", "--out", "file"], 2, r"output 'file' is an existing file", id="--out is a file"),
    pytest.param(["report", "--out", "mine"], 2, r"output folder 'mine' is not empty and was not made by discourse",
                 id="--out is someone's folder"),
    pytest.param(["attribute", "--speakers", "Boris Johnson=Johnson"], 0,
                 r"warning: speaker 'Boris Johnson' never speaks in the bundled sample.*speakers found: Emmanuel Macron, Keir Starmer",
                 id="a declared speaker who never speaks: a warning, and the run goes on"),
    pytest.param(["keyness", "--target", "Angela Merkel"], 2, r"target speaker 'Angela Merkel' never speaks",
                 id="keyness for a speaker who never speaks"),
    pytest.param(["count", "--lexicon", "unicorns.yml"], 2, r"lexicon 'unicorns\.yml' matches nothing",
                 id="a lexicon that matches nothing"),
    pytest.param(["report", "--frames", "unicorns.yml", "--out", "o"], 2, r"lexicon 'unicorns\.yml' matches nothing",
                 id="a report with a frame lexicon that matches nothing"),
    pytest.param(["count", "--lexicon", "none.yml"], 2, r"lexicon 'none\.yml' does not exist", id="no such lexicon"),
    pytest.param(["count", "--lexicon", "lexdir.yml"], 2, r"is a folder, not a lexicon file", id="a lexicon that is a folder"),
    pytest.param(["attribute", "--speakers", "=Starmer"], 2, r"a speaker has no name", id="--speakers without a name"),
    pytest.param(["attribute", "--speakers", "missing.yml"], 2, r"speakers file 'missing\.yml' does not exist",
                 id="no such speakers file"),
    pytest.param(["attribute", "one.txt", "--format", "xml"], 2, r"invalid choice: 'xml'", id="a format that is not one"),
    pytest.param(["keyness"], 2, r"--target", id="a required option left out"),
]


@pytest.mark.parametrize(("argv", "code", "message"), COMMANDS)
def test_command(tmp_path, monkeypatch, capsys, argv, code, message):
    _cli_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(argv) == code
    err = capsys.readouterr().err
    assert re.search(message, err), err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, nothing left behind
    assert (tmp_path / "mine" / "thesis.tex").read_text(encoding="utf-8") == "precious"


# --- the command line's output folder (issue 4; issue 11 items 7 and 8) ------------------------


def _earlier_report(folder: Path) -> Path:
    """A folder as ``discourse report`` leaves it (only its marker matters here)."""
    folder.mkdir(parents=True)
    (folder / cli.MARKER).write_text("written by discourse report\n", encoding="utf-8")
    (folder / "summary.md").write_text("# an earlier report\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("out", [".", ""])
def test_out_is_the_folder_you_are_in(tmp_path, monkeypatch, capsys, out):
    # was exit 1 with EBUSY (a folder cannot be renamed from inside)
    rep = _earlier_report(tmp_path / "rep")
    monkeypatch.chdir(rep)
    assert main(["report", "--out", out]) == 2
    err = capsys.readouterr().err
    assert "is the folder you are in" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]  # nothing written beside it


def test_out_holds_the_folder_you_are_in(tmp_path, monkeypatch, capsys):
    rep = _earlier_report(tmp_path / "rep")
    (rep / "figures").mkdir()
    monkeypatch.chdir(rep / "figures")
    assert main(["report", "--out", ".."]) == 2
    assert "(or holds it)" in capsys.readouterr().err


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_stale_temporary_folders_are_removed_and_only_those(tmp_path):
    import os

    out = tmp_path / "X"
    dead, host = _dead_pid(), cli._HOST
    names = {
        f".X.tmp-{host}-{dead}-a1b2c3": True,           # killed run on this machine: removed
        f".X.old-{host}-{dead}-d4e5f6": True,           # killed while replacing the old report
        f".X.tmp-{host}-{os.getpid()}-g7h8": False,     # a run still going: kept
        f".X.tmp-otherhost-{dead}-i9j0": False,         # another machine's run: kept
        ".X.tmp-oldstyle1": True,                       # discourse 0.1, an hour old, only report files
        ".X.tmp-oldstyle2": False,                      # discourse 0.1, fresh: may still run
        ".X.tmp-notours": False,                        # old, but holds a file a report never writes
        ".Y.tmp-other-1-k": False,                      # another output's folder
    }
    for name in names:
        (tmp_path / name / "tables").mkdir(parents=True)
    (tmp_path / ".X.tmp-notours" / "thesis.tex").write_text("precious")
    for name in (".X.tmp-oldstyle1", ".X.tmp-notours"):
        os.utime(tmp_path / name, (time.time() - 2 * cli.STALE_AFTER,) * 2)
    removed = cli.remove_stale(out)
    assert sorted(removed) == sorted(n for n, gone in names.items() if gone)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, gone in names.items() if not gone)


def _report_process(tmp_path: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "discourse.cli", "report", "--out", str(out)],
                            cwd=tmp_path, stderr=subprocess.PIPE, text=True)


def _wait_for_scratch(tmp_path: Path, proc: subprocess.Popen) -> Path:
    for _ in range(600):
        found = [p for p in tmp_path.iterdir() if p.name.startswith(".X.tmp-")]
        if found:
            time.sleep(0.5)  # into the report's work
            return found[0]
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the report never made its temporary folder")


@pytest.mark.slow
def test_a_terminated_report_leaves_nothing_behind_and_a_killed_one_is_cleaned_up_next_time(tmp_path, capsys):
    import signal

    out = tmp_path / "X"
    proc = _report_process(tmp_path, out)
    _wait_for_scratch(tmp_path, proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert "terminated by SIGTERM" in proc.stderr.read()
    assert list(tmp_path.iterdir()) == []  # was: .X.tmp-XXXX with up to 24 files

    proc = _report_process(tmp_path, out)
    scratch = _wait_for_scratch(tmp_path, proc)
    proc.kill()  # SIGKILL cannot be caught: the folder stays ...
    proc.wait(timeout=60)
    proc.stderr.close()
    assert scratch.is_dir()
    assert main(["report", "--out", str(out)]) == 0  # ... until the next run, which says so
    assert f"removed 1 temporary folder(s) left beside {out}" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["X"]
