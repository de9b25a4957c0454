"""Transcripts: speaker labels in the common styles become the utterance contract.

Word counts are runs of word characters (discourse.text.WORD_RE): "It's" is two words.
Each expected count below was made by hand from the fixture and is spelled out.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import discourse
from discourse.schema import UTTERANCE_COLUMNS
from discourse.transcripts import (
    QUESTION,
    looks_like_transcript,
    parse_transcript,
    read_transcript,
    split_label,
)

DATA = Path(__file__).parent / "data" / "transcripts"


def words(u: pd.DataFrame) -> dict[str, int]:
    share = discourse.speaker_share(u)
    return dict(zip(share["speaker"], share["words"]))


def assert_covers(u: pd.DataFrame, text: str) -> None:
    assert tuple(u.columns) == UTTERANCE_COLUMNS
    assert u["start"].iloc[0] == 0 and u["end"].iloc[-1] == len(text)
    assert (u["start"].iloc[1:].to_numpy() == u["end"].iloc[:-1].to_numpy()).all()
    assert "".join(u["text"]) == text
    for row in u.itertuples():
        assert text[row.start:row.end] == row.text
    assert set(u["mode"]) <= {"direct", "narration"}
    assert u.loc[u["mode"] == "narration", "speaker"].isna().all()
    assert u.loc[u["mode"] == "direct", "speaker"].notna().all()
    assert not u["joint"].any()


def speech(u: pd.DataFrame) -> list[tuple[str, str]]:
    d = u[u["mode"] == "direct"]
    return list(zip(d["speaker"], d["text"].str.strip()))


# --- the four fixtures, one per label style ------------------------------------------------


def test_white_house_capitals_with_colons_questions_interruptions_and_stage_directions():
    path = DATA / "white_house_departure.txt"
    text = path.read_text(encoding="utf-8")
    u = read_transcript(path)
    assert_covers(u, text)
    assert (u["doc_id"] == "white_house_departure.txt").all()
    assert speech(u) == [
        ("Trump", "Good morning, everybody. It's a beautiful day."),
        (QUESTION, "Mr. President, on tariffs --"),
        ("Trump", "We're looking at it very strongly --"),
        (QUESTION, "-- will they start in August?"),
        ("Trump", "-- and you'll see."),      # [Laughter] cuts the turn ...
        ("Trump", "Very soon."),              # ... and it goes on
        (QUESTION, "And the summit?"),
        ("Trump", "It was great."),
        ("Rubio", "The talks went well."),
    ]
    narration = u.loc[u["mode"] == "narration", "text"].str.strip().tolist()
    assert "[Laughter]" in narration
    assert any(t.startswith("[Crosstalk]") for t in narration)
    assert narration[-1] == "END 10:09 A.M. EDT"          # not Rubio's
    assert narration[0].startswith("Remarks by President Trump")  # the header
    # hand count:
    # Trump: Good morning everybody It s a beautiful day (8) + We re looking at it very
    #        strongly (7) + and you ll see (4) + Very soon (2) + It was great (3) = 24
    # (question): Mr President on tariffs (4) + will they start in August (5)
    #        + And the summit (3) = 12
    # Rubio: The talks went well (4)
    assert words(u) == {"Trump": 24, QUESTION: 12, "Rubio": 4, "(narration)": 36}
    # the label is the cue, as written
    assert set(u.loc[u["speaker"] == "Trump", "cue"]) == {"PRESIDENT TRUMP"}
    speakers = {s["speaker"]: s for s in u.attrs["speakers"]}
    assert speakers["Trump"]["role"] == "President" and speakers["Trump"]["mentions"] == 4
    assert speakers["Rubio"]["role"] == "Secretary"
    assert speakers[QUESTION]["aliases"] == ("Q",)


def test_presidency_project_full_stop_labels():
    path = DATA / "presidency_project_news_conference.txt"
    text = path.read_text(encoding="utf-8")
    u = read_transcript(path, doc_id="pp")
    assert_covers(u, text)
    assert speech(u) == [
        ("The President", "Thank you very much. Please."),
        ("Starmer", "Thank you, Mr. President."),
        (QUESTION, "Mr. President, a question on trade. Are you confident?"),
        ("The President", "Yes. Very confident."),
        (QUESTION, "Prime Minister?"),
        ("Starmer", "Yes. We are working on it."),
    ]
    # the closing note is not the last speaker's
    assert u["text"].iloc[-1].startswith("NOTE: The President spoke")
    assert u["mode"].iloc[-1] == "narration"
    # The President: Thank you very much Please (5) + Yes Very confident (3) = 8
    # Starmer: Thank you Mr President (4) + Yes We are working on it (6) = 10
    # (question): Mr President a question on trade Are you confident (9) + Prime Minister (2) = 11
    assert words(u) == {"The President": 8, "Starmer": 10, QUESTION: 11, "(narration)": 42}


def test_full_stop_labels_map_to_the_users_names():
    u = read_transcript(
        DATA / "presidency_project_news_conference.txt",
        speakers={"Donald Trump": ["The President"], "Keir Starmer": ["Starmer"]},
    )
    counts = words(u)
    assert counts["Donald Trump"] == 8 and counts["Keir Starmer"] == 10
    assert "Starmer" not in counts and "The President" not in counts


def test_kremlin_title_case_labels_with_role_and_turns_over_paragraphs():
    path = DATA / "kremlin_press_statements.txt"
    text = path.read_text(encoding="utf-8")
    u = read_transcript(path)
    assert_covers(u, text)
    assert speech(u) == [
        ("Vladimir Putin", "Good afternoon, colleagues."),
        ("Vladimir Putin", "We have had a useful conversation."),   # next paragraph, same turn
        (QUESTION, "Mr Putin, what comes next?"),
        ("Vladimir Putin", "Next time in Moscow."),
    ]
    putin = u[u["speaker"] == "Vladimir Putin"]
    assert putin["paragraph"].tolist() == [1, 2, 4]   # paragraph 0 is the two-line header
    assert putin["cue"].tolist() == ["President of Russia Vladimir Putin"] * 2 + ["Vladimir Putin"]
    assert "(Applause.)" in u.loc[u["mode"] == "narration", "text"].str.strip().tolist()
    (entry,) = [s for s in u.attrs["speakers"] if s["speaker"] == "Vladimir Putin"]
    assert entry["role"] == "President of Russia"
    assert entry["aliases"] == ("President of Russia Vladimir Putin", "Vladimir Putin")
    # Putin: Good afternoon colleagues (3) + We have had a useful conversation (6)
    #        + Next time in Moscow (4) = 13; question: Mr Putin what comes next (5)
    assert words(u) == {"Vladimir Putin": 13, QUESTION: 5, "(narration)": 23}


def test_new_zealand_name_comma_role_and_the_prime_minister():
    path = DATA / "nz_post_cabinet.txt"
    text = path.read_text(encoding="utf-8")
    u = read_transcript(path)
    assert_covers(u, text)
    roles = {s["speaker"]: s["role"] for s in u.attrs["speakers"]}
    assert roles == {
        "Christopher Luxon": "Prime Minister of New Zealand",
        "Media": None,
        "The Prime Minister": "Prime Minister",
        "Nicola Willis": "Minister of Finance",
    }
    # Luxon: Kia ora good afternoon Cabinet met today (7); The Prime Minister: No (1)
    # + Next question (2) = 3; Media: Prime Minister will you resign (5);
    # Willis: The books are in order (5)
    assert words(u) == {
        "Christopher Luxon": 7, "Media": 5, "Nicola Willis": 5, "The Prime Minister": 3, "(narration)": 24,
    }
    # the user says the Prime Minister is Luxon: 7 + 3 = 10 words
    mapped = read_transcript(path, speakers={"Christopher Luxon": ["The Prime Minister"]})
    assert words(mapped)["Christopher Luxon"] == 10
    # speakers as a table, as attribute accepts it
    table = pd.DataFrame({"speaker": ["Christopher Luxon"], "aliases": ["The Prime Minister; PM"]})
    assert words(read_transcript(path, speakers=table))["Christopher Luxon"] == 10


# --- rules, one at a time --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "name", "role"),
    [
        ("PRESIDENT TRUMP", "Trump", "President"),
        ("President Trump", "Trump", "President"),
        ("CHRISTOPHER LUXON, PRIME MINISTER OF NEW ZEALAND", "Christopher Luxon", "Prime Minister of New Zealand"),
        ("President of Russia Vladimir Putin", "Vladimir Putin", "President of Russia"),
        ("THE PRIME MINISTER", "The Prime Minister", "Prime Minister"),
        ("THE PRESIDENT", "The President", "President"),
        ("VICE PRESIDENT VANCE", "Vance", "Vice President"),
        ("SECRETARY OF STATE RUBIO", "Rubio", "Secretary of State"),
        ("MS. LEAVITT", "Leavitt", None),
        ("MR. O'BRIEN", "O'Brien", None),
        ("SENATOR MCCONNELL", "McConnell", "Senator"),
        ("PRIME MINISTER", "Prime Minister", "Prime Minister"),
        ("Q", QUESTION, None),
        ("QUESTION", QUESTION, None),
        ("MODERATOR", "Moderator", None),
    ],
)
def test_labels_split_into_name_and_role(label, name, role):
    assert split_label(label) == (name, role)


def test_an_interrupted_turn_resumed_without_a_label_is_the_interrupted_speakers():
    text = (
        "PRESIDENT TRUMP: We are going to——\n"
        "Q: Sir——\n"
        "——do it very quickly. [Crosstalk]\n"
        "And it will be great.\n"
        "Q: When?\n"
    )
    u = parse_transcript(text, doc_id="x")
    assert_covers(u, text)
    assert speech(u) == [
        ("Trump", "We are going to——"),
        (QUESTION, "Sir——"),
        ("Trump", "——do it very quickly."),
        ("Trump", "And it will be great."),
        (QUESTION, "When?"),
    ]


def test_a_dash_line_after_a_stage_direction_stays_with_the_speaker():
    text = "MR. SMITH: We will--\n[Crosstalk]\n--we will decide.\nMS. JONES: Good.\n"
    assert speech(parse_transcript(text)) == [
        ("Smith", "We will--"), ("Smith", "--we will decide."), ("Jones", "Good."),
    ]


def test_sentences_that_look_like_full_stop_labels_are_speech():
    text = (
        "PRESIDENT MACRON: Thank you.\n"
        "Good Evening. We are glad to be here.\n"
        "Yes. Yes. It matters.\n"
        "Yes. It does.\n"
    )
    u = parse_transcript(text)
    assert set(u.loc[u["mode"] == "direct", "speaker"]) == {"Macron"}
    # Thank you (2) + Good Evening We are glad to be here (8) + Yes Yes It matters (4) + Yes It does (3)
    assert words(u)["Macron"] == 17


def test_header_lines_and_text_before_the_first_label_are_narration():
    text = "Date: 10 July 2025\nLocation: Downing Street\n\nTHE PRIME MINISTER: Good morning.\nNote: edited for length.\n"
    u = parse_transcript(text)
    assert speech(u) == [("The Prime Minister", "Good morning.")]
    assert u["text"].iloc[-1] == "Note: edited for length.\n" and u["mode"].iloc[-1] == "narration"


def test_colons_inside_a_turn_do_not_start_one():
    text = "MS. LEAVITT: The answer is simple: no.\nAt 10:30 we start.\nQ: Thanks.\n"
    assert speech(parse_transcript(text)) == [
        ("Leavitt", "The answer is simple: no."), ("Leavitt", "At 10:30 we start."), (QUESTION, "Thanks."),
    ]


def test_the_users_names_win_over_the_labels():
    text = "PRESIDENT TRUMP: Hello.\nQ: Hi.\nTHE PRESIDENT: Bye.\n"
    u = parse_transcript(text, speakers={"Donald Trump": ["Trump", "The President"], "Press": ["Q"]})
    assert speech(u) == [("Donald Trump", "Hello."), ("Press", "Hi."), ("Donald Trump", "Bye.")]


def test_a_text_without_labels_is_all_narration_with_a_warning():
    with pytest.warns(UserWarning, match="no speaker labels"):
        u = parse_transcript("The minister spoke at length.\nNobody asked questions.", doc_id="d")
    assert (u["mode"] == "narration").all() and u["speaker"].isna().all()


def test_an_empty_transcript_is_an_empty_table():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        u = parse_transcript("")
    assert tuple(u.columns) == UTTERANCE_COLUMNS and len(u) == 0


def test_crlf_and_byte_order_mark(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("\ufeffQ: Why?\r\nMR. LEE: Because.\r\n".encode("utf-8"))
    u = read_transcript(path)
    text = "Q: Why?\r\nMR. LEE: Because.\r\n"   # the mark is dropped, line ends kept
    assert_covers(u, text)
    assert u.loc[u["mode"] == "direct", "text"].tolist() == ["Why?\r\n", "Because.\r\n"]
    assert words(u) == {QUESTION: 1, "Lee": 1, "(narration)": 3}


def test_a_file_that_is_not_utf8_is_named_in_the_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Q: Déjà?\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin1\.txt: not valid utf-8 \(byte 0xe9"):
        read_transcript(path)
    assert len(read_transcript(path, encoding="latin-1")) == 2


def test_transcripts_are_told_from_articles():
    assert looks_like_transcript((DATA / "kremlin_press_statements.txt").read_text(encoding="utf-8"))
    assert looks_like_transcript((DATA / "presidency_project_news_conference.txt").read_text(encoding="utf-8"))
    assert not looks_like_transcript(discourse.load_sample().text)


def test_the_callers_text_and_speakers_are_not_changed():
    speakers = {"Donald Trump": ["Trump"]}
    parse_transcript("PRESIDENT TRUMP: Hi.\n", speakers=speakers)
    assert speakers == {"Donald Trump": ["Trump"]}


def test_an_article_with_label_lines_is_no_transcript():
    # a headline as "Label: title", a roster of names and a tally look like labels, but
    # nobody takes turns: these are articles
    headline = ("Insiders: Hale will rebound in the north.\n\n"
                '"He has the money," said one party insider.\n\n'
                "Iowa: Ann Lee, Bob Marr, Cy Dunn, Di Roe.\n\n"
                "Ohio: Ed Fox, Flo Gale, Gus Hart, Hal Ives.\n")
    tally = "Delegate count\n\nClinton: 1,771\n\nSanders: 1,499\n\nPledged: 2,383\n"
    assert not discourse.transcripts.looks_like_transcript(headline)
    assert not discourse.transcripts.looks_like_transcript(tally)
    # while an interview set with a name and then a surname is one
    interview = ("KATE BALDWIN: Will she debate?\nJOEL BENSON: She has debated eight times.\n"
                 "BALDWIN: And in New York?\nBENSON: We will see.\n")
    assert discourse.transcripts.looks_like_transcript(interview)


# --- an article quoting a transcript excerpt ---------------------------------------------------

EXCERPT_ARTICLE = (
    "A panel led by the host Tom Hale dismissed the harbour tax on Saturday.\n\n"
    '"It will never pass," Hale said before the show.\n\n'
    "ANN LEE: The tax would raise money for the schools.\n\n"
    "HALE: Nobody believes that.\n\n"
    "LEE: The figures do.\n\n"
    "The panel did not mention the studies that back the tax.\n\n"
    "The council projects that the tax would raise $75 million a year.\n\n"
    "Its treasurer, Bo Dunn, disagreed. \"We will see,\" Dunn said.\n"
)


def test_an_article_quoting_a_transcript_reads_its_turns_and_the_article_around_them():
    u = discourse.attribute_corpus(pd.DataFrame({"doc_id": ["a"], "text": [EXCERPT_ARTICLE]}), progress=False)
    said = [(s, t) for s, t in speech(u)]
    # the introduction's quotation has its cue, the turns their labels, and the article
    # resumes after the last turn: its narration is nobody's, its quotation Dunn's
    assert said == [
        ("Tom Hale", "It will never pass"),
        ("Ann Lee", "The tax would raise money for the schools."),
        ("Tom Hale", "Nobody believes that."),
        ("Ann Lee", "The figures do."),
        ("Bo Dunn", "We will see"),
    ]
    assert "".join(u["text"]) == EXCERPT_ARTICLE
    narration = "".join(u.loc[u["mode"] == "narration", "text"])
    assert "The council projects" in narration and "did not mention the studies" in narration


def test_a_transcript_throughout_keeps_a_long_last_answer():
    # labels on most lines: the last turn runs to the end, however many paragraphs it has
    text = ("Q: Will you run?\n\nA: Yes.\n\nQ: When?\n\nA: Soon. I have thought about it for a year.\n\n"
            "And my family agrees.\n\nWe start in March.\n")
    u = discourse.attribute_corpus(pd.DataFrame({"doc_id": ["t"], "text": [text]}), progress=False)
    assert speech(u)[-1][1].endswith("We start in March.")
    assert discourse.transcripts.turns_region(text) == (0, len(text))
    assert discourse.transcripts.turns_region("No labels here.\n") is None
