"""The data contract: the columns of every table the package passes between stages.

One place for column names, so that readers, attribution, measures, figures and the
command line agree. See the README's "How it works" for the meaning of each column.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: Modes of a span: inside quote marks, indirect speech, or the writer's own words.
MODES = ("direct", "reported", "narration")

#: What a speaker is: a person, a group of people ("officials", "Democrats"), an
#: organisation ("the ministry", "the Trump campaign", "White House"), a document ("the
#: report", "the joint statement"), or unknown (speech nobody is named for: a passive
#: cue, a transcript's questioner). Measures can keep only some (``speaker_types=``).
SPEAKER_TYPES = ("person", "group", "organisation", "document", "unknown")

#: ``attribute`` returns one row per span; a document's spans cover it without overlap.
UTTERANCE_COLUMNS = (
    "doc_id",     # document id (0, or the name given)
    "start",      # character offset into the text as given, inclusive
    "end",        # character offset, exclusive
    "speaker",    # canonical speaker name; missing for narration
    "speaker_type",  # one of SPEAKER_TYPES for speech; missing for narration
    "mode",       # one of MODES
    "cue",        # speech verb or phrase that carries the attribution ("said", "according to"), or missing
    "paragraph",  # paragraph index in the document, from 0
    "sentence",   # sentence index in the document (of the span's first character), from 0
    "joint",      # True where the speech is credited to several people together ("the two leaders said")
    "text",       # the span's text
)

#: ``Attribution.speakers``: one row per speaker found or given.
SPEAKER_COLUMNS = (
    "speaker",   # canonical name
    "speaker_type",  # one of SPEAKER_TYPES
    "aliases",   # tuple of the names and roles it was referred to by (or given)
    "role",      # title or role where known ("Prime Minister"), else missing
    "mentions",  # mentions outside quotes in the document(s)
)


def empty_utterances() -> pd.DataFrame:
    """An utterance table with no rows and the contract's columns and dtypes."""
    return pd.DataFrame(
        {
            "doc_id": pd.Series([], dtype=object),
            "start": pd.Series([], dtype="int64"),
            "end": pd.Series([], dtype="int64"),
            "speaker": pd.Series([], dtype=object),
            "speaker_type": pd.Series([], dtype=object),
            "mode": pd.Series([], dtype=object),
            "cue": pd.Series([], dtype=object),
            "paragraph": pd.Series([], dtype="int64"),
            "sentence": pd.Series([], dtype="int64"),
            "joint": pd.Series([], dtype=bool),
            "text": pd.Series([], dtype=object),
        }
    )


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, what: str) -> None:
    """Raise a ValueError naming every column ``frame`` lacks."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{what} lacks column(s) {', '.join(map(repr, missing))}; "
            f"it has {', '.join(map(repr, frame.columns))}"
        )
