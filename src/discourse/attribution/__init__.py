"""Who said what: quotations, reported speech and their speakers.

The engine is a set of rules a reader can follow, run over text made uniform by
``text.normalise`` (same offsets as the input):

1. paragraphs, subheadings and sentences (``text.segment``);
2. quotations paired from their marks (``quotes.find_quotes``);
3. for each quotation, a speech cue next to it: after it (``…,” he said.``,
   ``…,” said Starmer.``, ``…,” Hugh Hill, a doctor, said.``) or before it
   (``Starmer said: “…”``, ``He told reporters, “…”``); a quotation with no cue of its
   own continues the speaker of the quotation before it in the paragraph (a quotation
   split by its attribution) or, opening a paragraph, the speaker of the paragraph
   before; a short quotation inside a sentence with no cue is a scare quote, a
   nickname or a title, and stays narration;
4. reported speech in the remaining sentences: ``X said (that) CLAUSE``,
   ``X told reporters CLAUSE``, ``according to X, CLAUSE``, ``CLAUSE, X said.``, and
   ``…, adding that CLAUSE``; quotation marks inside the clause stay inside it;
5. speakers: names with their titles and roles ("French President Emmanuel Macron"),
   surnames and honorifics ("Mr. Macron", "Sen. Warren"), roles once introduced ("the
   French president"), appositives ("Hugh Hill, a doctor, said"), and pronouns carried
   from the current speaker (he, she; "they" after two people is joint). Names inside
   quotations are never speakers: only narration introduces or changes one. Each
   speaker has a kind (``speaker_type``: person, group, organisation, document,
   unknown) from how it is named and the head word of its description.

Nothing here names a particular speaker: names come from the text or from ``speakers``.

The package, one module per stage (each imports only those above it):

- ``vocab``: the vocabulary, read once from the plain-text files in ``vocabulary/``
  (speech verbs and their frames, honorifics, titles and roles, organisation heads, …);
- ``names``: first names and their gender, from the nomquamgender dataset;
- ``tokens``: the narration tokenizer;
- ``mentions``: names, titles, roles and appositives; the subject of a speech verb;
- ``cues``: speech verbs and their forms, the cue windows around a quotation, passive cues;
- ``speakers``: the registry of a document's people, and what a pronoun refers to;
- ``document``: the pass over one document, to utterances;
- this module: the public functions.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..schema import SPEAKER_COLUMNS
from ..spans import utterance_frame

# also importable from here, as before the package was split: the internals that
# corpus.py, the tests and the benchmarks use, and the vocabulary's main lists
# (``from x import y as y`` marks a re-export)
from .document import _Document as _Document
from .speakers import _speaker_map as _speaker_map
from .speakers import speaker_kind as speaker_kind
from .tokens import _TOKEN_RE as _TOKEN_RE
from .tokens import _tokens as _tokens
from .vocab import BARE_CLAUSE_VERBS as BARE_CLAUSE_VERBS
from .vocab import DESCRIPTORS as DESCRIPTORS
from .vocab import OBJECT_VERBS as OBJECT_VERBS
from .vocab import ORG_HEADS as ORG_HEADS
from .vocab import PEOPLE_NOUNS as PEOPLE_NOUNS
from .vocab import PRONOUNS as PRONOUNS
from .vocab import QUOTE_VERBS as QUOTE_VERBS
from .vocab import ROLE_WORDS as ROLE_WORDS

__all__ = ["Attribution", "attribute", "attribute_document", "attribute_rows", "merge_surnames"]


@dataclass
class Attribution:
    """What ``attribute_document`` finds: the utterances and the speakers."""

    utterances: pd.DataFrame
    speakers: pd.DataFrame


def merge_surnames(labels: Iterable[Any], *, keep: Iterable[str] = ()) -> dict[str, str]:
    """Map labels that are a bare surname to the one full name with that surname.

    Across a corpus, one article may name "Macron" only while others say "Emmanuel
    Macron"; this gives ``{"Macron": "Emmanuel Macron"}``. A surname shared by two full
    names ("Ed Miliband", "David Miliband") is left alone, and so are the labels in
    ``keep`` (the canonical names the user gave). Joint labels ("A & B") are mapped part
    by part.

    >>> merge_surnames(["Emmanuel Macron", "Macron", "Starmer", "Keir Starmer", "Hill"])
    {'Macron': 'Emmanuel Macron', 'Starmer': 'Keir Starmer'}
    """
    names = [str(x) for x in dict.fromkeys(labels) if isinstance(x, str)]
    parts = {p.strip() for name in names for p in name.split(" & ")}
    full: dict[str, list[str]] = {}
    for name in parts:
        words = name.split()
        if len(words) >= 2 and not name.startswith("("):
            full.setdefault(words[-1].lower(), []).append(name)
    kept = set(keep)
    single = {name: full[name.lower()][0] for name in parts
              if len(name.split()) == 1 and name not in kept and len(full.get(name.lower(), [])) == 1}
    out = {}
    for name in names:
        mapped = " & ".join(single.get(p.strip(), p.strip()) for p in name.split(" & "))
        if mapped != name:
            out[name] = mapped
    return out


def attribute_document(text: str, *, speakers: Any = None, doc_id: Any = 0) -> Attribution:
    """Find who said what in one document; return the utterances and the speakers.

    Parameters are those of ``attribute``. ``Attribution.speakers`` has one row per
    speaker: speaker, aliases (tuple of the names it was referred to by or given), role,
    mentions (outside quotations).

    >>> a = attribute_document('"We will act," said Jane Doe, the mayor.')
    >>> a.speakers[["speaker", "role"]].to_dict("records")
    [{'speaker': 'Jane Doe', 'role': 'mayor'}]
    """
    rows, speakers_found = attribute_rows(text, speakers=speakers, doc_id=doc_id)
    return Attribution(utterance_frame(rows), pd.DataFrame(speakers_found, columns=list(SPEAKER_COLUMNS)))


def attribute_rows(text: str, *, speakers: Any = None, doc_id: Any = 0) -> tuple[list[tuple], list[dict[str, Any]]]:
    """``attribute`` as row tuples (``spans.cover_rows``) and speaker records, for corpus runs
    that build one table from many documents."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    doc = _Document(text, _speaker_map(speakers), doc_id)
    doc.run()
    return doc.result()


def attribute(text: str, *, speakers: Any = None, doc_id: Any = 0) -> pd.DataFrame:
    """Find who said what in a news article: direct quotes, reported speech, narration.

    Parameters
    ----------
    text : str
        The document, exactly as read (offsets in the result point into it).
    speakers : dict, list or DataFrame, optional
        Known speakers: ``{"Keir Starmer": ["Starmer", "the Prime Minister"]}``, a list
        of names, or a table with ``speaker`` and ``aliases`` columns. Their canonical
        names label the speech they say; other people who speak keep their own names.
    doc_id : optional
        The document's id in the ``doc_id`` column.

    Returns
    -------
    DataFrame
        One row per span, covering the document without gap or overlap, in text order;
        columns doc_id, start, end, speaker, mode (``direct``, ``reported``,
        ``narration``), cue, paragraph, sentence, joint, text (see
        ``discourse.schema.UTTERANCE_COLUMNS``). The speakers found are in
        ``result.attrs["speakers"]`` as a list of records (a list, not a table, so
        that ``pandas.concat`` of several results keeps working), and as a table from
        ``attribute_document``.

    Examples
    --------
    >>> u = attribute('“We all agree,” said Starmer. “So we act.”')
    >>> u.loc[u["mode"] == "direct", ["speaker", "text"]].values.tolist()
    [['Starmer', 'We all agree'], ['Starmer', 'So we act.']]
    """
    rows, speakers_found = attribute_rows(text, speakers=speakers, doc_id=doc_id)
    out = utterance_frame(rows)
    out.attrs["speakers"] = speakers_found
    return out


def warn_silent_speakers(utterances: pd.DataFrame, speakers: Any, *, stacklevel: int = 2) -> list[str]:
    """Warn about declared speakers who never speak in ``utterances``, naming those who
    do; return the silent ones. A misspelt name is worth a warning, not a stop.
    ``attribute_corpus`` calls it once for the whole corpus (``attribute`` does not: one
    article seldom holds every speaker of a study).

    >>> import warnings
    >>> u = attribute('"We act," said Jane Roe.', speakers=["Jane Roe", "Tom Hale"])
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     silent = warn_silent_speakers(u, ["Jane Roe", "Tom Hale"])
    >>> silent, str(w[0].message)
    (['Tom Hale'], "declared speaker 'Tom Hale' never speaks; speakers found: Jane Roe")
    """
    declared = list((_speaker_map(speakers) or {}).keys())
    speech = utterances[utterances["mode"] != "narration"]
    found = [s for s in dict.fromkeys(speech["speaker"].dropna()) if isinstance(s, str)]
    spoken = {p.strip() for s in found for p in s.split(" & ")}
    silent = [s for s in declared if s not in spoken]
    if silent:
        warnings.warn(
            f"declared speaker{'s' if len(silent) > 1 else ''} {', '.join(map(repr, silent))} "
            f"never speak{'' if len(silent) > 1 else 's'}; speakers found: {', '.join(found) or 'none'}",
            UserWarning, stacklevel=stacklevel + 1)
    return silent
