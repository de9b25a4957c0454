"""Reading a research corpus and attributing every document of it."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse.corpus import attribute_corpus, document_utterances, iter_utterances, read_corpus
from discourse.schema import UTTERANCE_COLUMNS

DATA = Path(__file__).parent / "data" / "corpus"
TRANSCRIPTS = Path(__file__).parent / "data" / "transcripts"
FOLDER = DATA / "folder"


@pytest.fixture
def broken_folder(tmp_path):
    """Two good files, one Latin-1, one binary, one empty, one hidden."""
    root = tmp_path / "texts"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Q: Ready?\nMR. LEE: Yes.\n", encoding="utf-8")
    (root / "sub" / "b.txt").write_bytes("\ufeffCafé owners said little.".encode("utf-8"))
    (root / "latin.txt").write_bytes("Déjà vu.".encode("latin-1"))
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "empty.txt").write_bytes(b"")
    (root / ".hidden.txt").write_text("not a document", encoding="utf-8")
    (root / "notes.md").write_text("not matched by *.txt", encoding="utf-8")
    return root


# --- folders -------------------------------------------------------------------------------


def test_folder_with_metadata_sorted_by_relative_path():
    corpus = read_corpus(FOLDER, metadata=DATA / "metadata.csv")
    assert corpus.columns.tolist() == ["doc_id", "text", "date", "outlet"]
    assert corpus["doc_id"].tolist() == ["2025/briefing.txt", "2025/summit.txt", "elysee.txt"]
    # metadata keyed by file name, by relative path, and by bare name
    assert corpus.set_index("doc_id")["outlet"].to_dict() == {
        "2025/briefing.txt": "White House", "2025/summit.txt": "The Guardian", "elysee.txt": "Le Monde",
    }
    # elysee.txt starts with a byte-order mark: dropped, so the text starts with "At"
    assert corpus.loc[2, "text"] == 'At the Elysee, Macron spoke briefly.\n\n"France is ready," he said.\n'
    assert corpus.loc[1, "text"] == (FOLDER / "2025" / "summit.txt").read_text(encoding="utf-8")
    assert corpus.attrs["skipped"] == []


def test_broken_files_are_skipped_and_listed_with_the_reason(broken_folder):
    with pytest.warns(UserWarning) as record:
        corpus = read_corpus(broken_folder)
    assert corpus["doc_id"].tolist() == ["a.txt", "empty.txt", "sub/b.txt"]
    assert corpus.set_index("doc_id").loc["sub/b.txt", "text"] == "Café owners said little."
    assert corpus.set_index("doc_id").loc["empty.txt", "text"] == ""
    skipped = pd.DataFrame(corpus.attrs["skipped"])
    assert skipped.columns.tolist() == ["doc_id", "path", "reason"]
    assert skipped["doc_id"].tolist() == ["image.txt", "latin.txt"]
    assert skipped["reason"].iloc[0] == "binary file (it holds NUL bytes), not text"
    assert skipped["reason"].iloc[1].startswith("not valid utf-8 (byte 0xe9 at offset 1)")
    assert skipped["path"].iloc[1] == str(broken_folder / "latin.txt")
    messages = " | ".join(str(w.message) for w in record)
    assert "skipped 2 unreadable file(s) of 5: image.txt (binary" in messages
    assert "latin.txt (not valid utf-8" in messages
    assert "1 empty document(s), kept with no words: empty.txt" in messages


def test_errors_raise_names_the_first_broken_file(broken_folder):
    with pytest.raises(ValueError, match=r"image\.txt: binary file"):
        read_corpus(broken_folder, errors="raise")


def test_another_encoding_reads_the_latin1_file(broken_folder):
    (broken_folder / "image.txt").unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = read_corpus(broken_folder, encoding="latin-1")
    assert corpus.set_index("doc_id").loc["latin.txt", "text"] == "Déjà vu."


def test_a_folder_without_texts_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no files matching '\*\.txt' in folder"):
        read_corpus(tmp_path)
    (tmp_path / "x.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match=r"none of the 1 file\(s\).*x\.txt \(binary"):
        read_corpus(tmp_path)
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        read_corpus(tmp_path / "missing")


def test_metadata_problems_are_reported(tmp_path):
    root = tmp_path / "f"
    shutil.copytree(FOLDER, root)
    meta = pd.DataFrame({"file": ["elysee", "gone.txt"], "year": [2025, 2024]})
    with pytest.warns(UserWarning) as record:
        corpus = read_corpus(root, metadata=meta)
    assert corpus.set_index("doc_id")["year"].to_dict() == pytest.approx(
        {"2025/briefing.txt": float("nan"), "2025/summit.txt": float("nan"), "elysee.txt": 2025}, nan_ok=True
    )
    messages = " | ".join(str(w.message) for w in record)
    assert "2 document(s) have no metadata row: 2025/briefing.txt, 2025/summit.txt" in messages
    assert "1 metadata row(s) match no document: gone.txt" in messages
    (root / "2025" / "elysee.txt").write_text("Another.", encoding="utf-8")
    with pytest.raises(ValueError, match=r"key 'elysee' matches several documents"):
        read_corpus(root, metadata=meta)
    with pytest.raises(ValueError, match="needs a column naming the documents"):
        read_corpus(FOLDER, metadata=pd.DataFrame({"name": ["elysee.txt"]}))


# --- tables --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["speeches.csv", "speeches.jsonl"])
def test_csv_and_jsonl_with_an_id_column(name):
    corpus = read_corpus(DATA / name, id_column="id")
    assert corpus.columns.tolist() == ["doc_id", "text", "speaker_hint"]
    assert corpus["doc_id"].tolist() == ["s-002", "s-001"]       # the file's row order
    assert corpus.loc[1, "text"] == "THE PRIME MINISTER: Thank you all for coming.\nQ: Prime Minister, a question."
    assert corpus["speaker_hint"].tolist() == ["Macron", "Starmer"]


def test_parquet_and_row_numbers(tmp_path):
    pytest.importorskip("pyarrow")
    table = pd.DataFrame({"body": ["One.", "Two."], "year": [2024, 2025]})
    table.to_parquet(tmp_path / "c.parquet")
    corpus = read_corpus(tmp_path / "c.parquet", text_column="body")
    assert corpus.values.tolist() == [[0, "One.", 2024], [1, "Two.", 2025]]


def test_a_missing_text_column_is_named_with_the_columns_present():
    with pytest.raises(ValueError, match=r"no text column 'body'; its columns are 'id', 'speaker_hint', 'text'"):
        read_corpus(DATA / "speeches.csv", text_column="body")
    with pytest.raises(ValueError, match=r"no id column 'key'"):
        read_corpus(DATA / "speeches.csv", id_column="key")


def test_duplicate_ids_are_listed(tmp_path):
    (tmp_path / "d.csv").write_text("id,text\n7,a\n8,b\n7,c\n9,d\n8,e\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"duplicate document ids in column 'id': 7, 8"):
        read_corpus(tmp_path / "d.csv", id_column="id")


def test_csv_ids_keep_leading_zeros_and_bom_is_dropped(tmp_path):
    (tmp_path / "z.csv").write_bytes("\ufeffid,text\n007,Bond.\n".encode("utf-8"))
    corpus = read_corpus(tmp_path / "z.csv", id_column="id")
    assert corpus.values.tolist() == [["007", "Bond."]]


def test_a_csv_that_is_not_utf8_is_named(tmp_path):
    (tmp_path / "l.csv").write_bytes("id,text\n1,Déjà\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"l\.csv: not valid utf-8"):
        read_corpus(tmp_path / "l.csv")


def test_missing_texts_are_kept_empty_with_a_warning():
    table = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Yes.", None]})
    with pytest.warns(UserWarning, match=r"1 empty document\(s\), kept with no words: b"):
        corpus = read_corpus(table)
    assert corpus["text"].tolist() == ["Yes.", ""]


def test_a_dataframe_is_not_modified_and_corpora_concatenate():
    table = pd.DataFrame({"story": ["A.", "B."], "kind": ["article", "article"]}, index=[10, 11])
    before = table.copy()
    corpus = read_corpus(table, text_column="story")
    pd.testing.assert_frame_equal(table, before)
    assert corpus["doc_id"].tolist() == [0, 1]
    both = pd.concat([corpus, read_corpus(table, text_column="story")])   # attrs do not get in the way
    assert len(both) == 4


def test_a_single_text_file_is_a_one_document_corpus():
    corpus = read_corpus(TRANSCRIPTS / "nz_post_cabinet.txt")
    assert corpus["doc_id"].tolist() == ["nz_post_cabinet.txt"]


# --- attribution over a corpus --------------------------------------------------------------


@pytest.fixture
def transcripts():
    return read_corpus(TRANSCRIPTS)


def test_transcripts_of_a_corpus_match_their_own_parse(transcripts):
    u = attribute_corpus(transcripts, kind="transcript")
    assert tuple(u.columns) == UTTERANCE_COLUMNS
    assert u["doc_id"].unique().tolist() == transcripts["doc_id"].tolist()
    for doc_id, text in zip(transcripts["doc_id"], transcripts["text"]):
        own = discourse.parse_transcript(text, doc_id=doc_id)
        mine = u[u["doc_id"] == doc_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, own, check_dtype=False)
    assert u.attrs["errors"] == []
    # the four transcripts' speakers, summed by hand from test_transcripts.py:
    share = discourse.speaker_share(u).set_index("speaker")["words"]
    assert share["(question)"] == 12 + 11 + 5    # White House + Presidency Project + Kremlin
    assert share["Trump"] == 24 and share["Vladimir Putin"] == 13


def test_auto_tells_transcripts_from_articles():
    pytest.importorskip("discourse.attribution")
    corpus = read_corpus(FOLDER)
    u = attribute_corpus(corpus, speakers={"Keir Starmer": ["Starmer"]})
    briefing = u[u["doc_id"] == "2025/briefing.txt"]
    assert set(briefing["cue"].dropna()) == {"MS. LEAVITT", "Q"}          # parsed as a transcript
    for doc_id in ("2025/summit.txt", "elysee.txt"):                      # attributed as articles
        text = corpus.set_index("doc_id").loc[doc_id, "text"]
        expected = discourse.attribute(text, speakers={"Keir Starmer": ["Starmer"]}, doc_id=doc_id)
        got = u[u["doc_id"] == doc_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))  # dtypes too
    # a "kind" column overrides the guess
    with pytest.warns(UserWarning, match="no speaker labels"):   # two articles read as transcripts
        forced = attribute_corpus(corpus.assign(kind=["article", "transcript", "transcript"]))
    assert forced.loc[forced["doc_id"] == "2025/briefing.txt", "cue"].isin(["MS. LEAVITT"]).sum() == 0


def test_a_failing_document_is_reported_and_the_others_complete(transcripts):
    corpus = pd.concat(
        [transcripts, pd.DataFrame({"doc_id": ["broken"], "text": [12.5]})], ignore_index=True
    )
    with pytest.warns(UserWarning, match=r"1 of 5 document\(s\) failed.*broken \(TypeError: the text is float"):
        u = attribute_corpus(corpus, kind="transcript")
    assert u.attrs["errors"] == [{"doc_id": "broken", "reason": "TypeError: the text is float, not a str"}]
    assert sorted(u["doc_id"].unique()) == sorted(transcripts["doc_id"])


def test_processes_give_the_serial_result(transcripts):
    corpus = pd.concat([transcripts.assign(doc_id=transcripts["doc_id"] + f"#{i}") for i in range(5)],
                       ignore_index=True)
    serial = attribute_corpus(corpus, kind="transcript")
    parallel = attribute_corpus(corpus, kind="transcript", n_jobs=3)
    pd.testing.assert_frame_equal(serial, parallel)
    assert len(serial) > 100 and serial["doc_id"].unique().tolist() == corpus["doc_id"].tolist()


def test_warnings_of_a_document_reach_the_caller_from_processes():
    corpus = {"plain": "Nobody spoke.", "t": "Q: Why?\nMR. LEE: Because.\n"}
    with pytest.warns(UserWarning, match=r"document 'plain': no speaker labels"):
        attribute_corpus(corpus, kind="transcript", n_jobs=2)


def test_progress_bar(transcripts, capsys):
    attribute_corpus(transcripts, kind="transcript", progress=True)
    assert "4/4" in capsys.readouterr().err
    attribute_corpus(transcripts, kind="transcript")      # few documents: no bar by default
    assert capsys.readouterr().err == ""


def test_the_corpus_is_not_modified(transcripts):
    before = transcripts.copy()
    attribute_corpus(transcripts, kind="transcript")
    pd.testing.assert_frame_equal(transcripts, before)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="kind must be one of"):
        attribute_corpus({"a": "x"}, kind="speech")
    with pytest.raises(ValueError, match="lacks column"):
        attribute_corpus(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(ValueError, match="duplicate document ids in the corpus: a"):
        attribute_corpus(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(ValueError, match="n_jobs"):
        attribute_corpus({"a": "x"}, n_jobs=0)


def test_an_empty_corpus_gives_an_empty_table():
    u = attribute_corpus({})
    assert tuple(u.columns) == UTTERANCE_COLUMNS and len(u) == 0 and u.attrs["errors"] == []


def test_streaming_one_document_at_a_time(transcripts):
    seen = [(doc_id, len(u)) for doc_id, u, reason in iter_utterances(transcripts, kind="transcript")]
    assert [d for d, _ in seen] == transcripts["doc_id"].tolist()
    whole = attribute_corpus(transcripts, kind="transcript")
    assert sum(n for _, n in seen) == len(whole)


def test_document_utterances_is_the_per_document_function():
    u = document_utterances("d", "Q: Why?\nMR. LEE: Because.\n")
    assert u.attrs == {} and u.loc[u["mode"] == "direct", "speaker"].tolist() == ["(question)", "Lee"]


@pytest.mark.slow
def test_dask_bag_on_a_local_cluster_gives_the_serial_result(transcripts):
    db = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    docs = list(zip(transcripts["doc_id"], transcripts["text"]))
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        bag = db.from_sequence(docs, npartitions=2)
        frames = bag.map(lambda d: document_utterances(d[0], d[1], kind="transcript")).compute()
    got = pd.concat(frames, ignore_index=True)
    pd.testing.assert_frame_equal(got, attribute_corpus(transcripts, kind="transcript"), check_dtype=False)


# --- streaming analysis --------------------------------------------------------------------


def test_analyse_corpus_equals_the_measures_of_all_utterances(transcripts):
    from discourse.corpus import analyse_corpus

    corpus = read_corpus(FOLDER)
    both = pd.concat([transcripts, corpus], ignore_index=True)
    speakers = {"Keir Starmer": ["Starmer"], "Emmanuel Macron": ["Macron"]}
    result = analyse_corpus(both, speakers=speakers)
    u = attribute_corpus(both, speakers=speakers)
    # the share's interval resamples documents, which the stream does not keep
    pd.testing.assert_frame_equal(result.share, discourse.speaker_share(u, ci=None), check_dtype=False)
    pd.testing.assert_frame_equal(result.topics, discourse.topic_frequency(u), check_dtype=False)
    pd.testing.assert_frame_equal(result.frames, discourse.framing_terms(u), check_dtype=False)
    assert result.documents == 7 and result.errors == []
    # the hand counts of test_transcripts.py, summed: Trump 24 words, questions 12 + 11 + 5 + 5
    share = result.share.set_index("speaker")["words"]
    assert share["Trump"] == 24 and share["(question)"] == 12 + 11 + 5 + 5


def test_analyse_corpus_in_processes_and_with_a_failure(transcripts):
    from discourse.corpus import analyse_corpus

    corpus = pd.concat([transcripts, pd.DataFrame({"doc_id": ["bad"], "text": [None]})], ignore_index=True)
    with pytest.warns(UserWarning, match=r"1 of 5 document\(s\) failed and are not counted: bad"):
        serial = analyse_corpus(corpus, kind="transcript", frames=None)
    with pytest.warns(UserWarning, match="failed"):
        parallel = analyse_corpus(corpus, kind="transcript", frames=None, n_jobs=2)
    pd.testing.assert_frame_equal(serial.share, parallel.share)
    pd.testing.assert_frame_equal(serial.topics, parallel.topics)
    assert serial.frames is None and serial.errors == [{"doc_id": "bad", "reason": "TypeError: the text is NoneType, not a str"}]
    assert serial.documents == 4


# --- streaming sources -----------------------------------------------------------------------


def _same_analysis(a, b):
    pd.testing.assert_frame_equal(a.share, b.share)
    pd.testing.assert_frame_equal(a.topics, b.topics)
    pd.testing.assert_frame_equal(a.frames, b.frames)
    assert a.documents == b.documents


def test_a_folder_is_analysed_file_by_file_with_the_same_result():
    from discourse.corpus import analyse_corpus

    _same_analysis(analyse_corpus(FOLDER), analyse_corpus(read_corpus(FOLDER)))


def test_a_generator_of_pairs_streams_with_the_same_result_serial_and_parallel(transcripts):
    from discourse.corpus import analyse_corpus

    expected = analyse_corpus(transcripts)
    pairs = lambda: ((d, t) for d, t in zip(transcripts["doc_id"], transcripts["text"]))  # noqa: E731
    _same_analysis(analyse_corpus(pairs()), expected)
    _same_analysis(analyse_corpus(pairs(), n_jobs=2), expected)


def test_batch_boundaries_do_not_change_the_counts(transcripts, monkeypatch):
    from discourse import corpus as corpus_module

    expected = corpus_module.analyse_corpus(transcripts)
    monkeypatch.setattr(corpus_module, "BATCH_DOCUMENTS", 1)  # every document its own batch
    monkeypatch.setattr(corpus_module, "BATCH_CHARACTERS", 10)
    _same_analysis(corpus_module.analyse_corpus(transcripts), expected)


def test_a_broken_file_in_a_streamed_folder_is_listed_and_the_others_counted(broken_folder):
    from discourse.corpus import analyse_corpus

    with pytest.warns(UserWarning, match="2 of 5 document"):
        result = analyse_corpus(broken_folder)
    failed = {e["doc_id"]: e["reason"] for e in result.errors}
    assert set(failed) == {"latin.txt", "image.txt"}
    assert "not valid utf-8" in failed["latin.txt"] and "binary" in failed["image.txt"]
    assert result.documents == 3  # a.txt, sub/b.txt and the empty file
    assert result.share.set_index("speaker").loc["Lee", "words"] == 1  # "Yes."


def test_duplicate_ids_in_a_stream_are_refused():
    from discourse.corpus import analyse_corpus

    with pytest.raises(ValueError, match="duplicate document id 'a'"):
        analyse_corpus(iter([("a", "One."), ("a", "Two.")]))


# --- one label per person across a corpus --------------------------------------------------------

SURNAME_ONLY = {
    "a": "French President Emmanuel Macron said the summit had gone well.",
    "b": "Macron said the talks would go on in Paris next month.",
}


def test_a_bare_surname_takes_the_corpus_full_name_in_utterances_and_analysis():
    u = attribute_corpus(SURNAME_ONLY)
    assert set(u.loc[u["mode"] == "reported", "speaker"]) == {"Emmanuel Macron"}
    from discourse.corpus import analyse_corpus

    share = analyse_corpus(SURNAME_ONLY).share.set_index("speaker")
    # "the summit had gone well" (5 words) + "the talks would go on in Paris next month" (9)
    assert share.loc["Emmanuel Macron", "words"] == 14 and "Macron" not in share.index


def test_a_canonical_name_the_user_gave_is_never_merged_away():
    u = attribute_corpus(SURNAME_ONLY, speakers={"Macron": []})
    assert "Macron" in set(u["speaker"].dropna())


@pytest.mark.slow
def test_attribute_corpus_on_a_dask_cluster_applies_the_corpus_step():
    # issue 11: the README's recipe (document_utterances per document) gave "Hill" where
    # attribute_corpus gives "Hugh Hill"; client= runs the documents on the cluster and
    # then the same corpus-level step
    distributed = pytest.importorskip("distributed")
    corpus = read_corpus(FOLDER)
    corpus = pd.concat([corpus, pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [
        '"We act," said Hugh Hill.', '"No," said Hill.', "Q: Why?\nMR. LEE: Because.\n"]})], ignore_index=True)
    serial = attribute_corpus(corpus)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        got = attribute_corpus(corpus, client=client)
        with pytest.warns(UserWarning, match=r"1 of 2 document\(s\) failed"):
            bad = attribute_corpus({"x": "Fine.", "y": 5}, client=client)
        with pytest.raises(ValueError, match="not both"):
            attribute_corpus(corpus, client=client, n_jobs=2)
    pd.testing.assert_frame_equal(got, serial)
    assert got.attrs == serial.attrs == {"errors": []}
    said = got.loc[got["doc_id"].isin(["a", "b"]) & got["mode"].eq("direct"), "speaker"].tolist()
    assert said == ["Hugh Hill", "Hugh Hill"]
    assert bad.attrs["errors"] == [{"doc_id": "y", "reason": "TypeError: the text is int, not a str"}]
