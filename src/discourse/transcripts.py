"""Transcripts: who speaks which turn, from the speaker labels at the start of lines.

A transcript names its speakers at the start of their turns, in one of a few styles::

    PRESIDENT TRUMP: Thank you very much.
    CHRISTOPHER LUXON, PRIME MINISTER OF NEW ZEALAND: Kia ora.
    President of Russia Vladimir Putin: Good afternoon.
    THE PRIME MINISTER: Well, look ...
    President Trump. Thank you.            (the style of the American Presidency Project)
    Q. Mr. President, ...   /   Q: ...     (a journalist's question)

``parse_transcript`` turns such a text into the same utterance table that ``attribute``
returns for an article (``discourse.schema.UTTERANCE_COLUMNS``), so every measure works
on it unchanged. The rules, in full:

- **Labels with a colon** (``NAME:``, ``Name:``, ``NAME, ROLE:``, ``Role of Place Name:``)
  are speaker labels at the start of a line, in capitals or title case (lower-case
  connectors such as "of", "the", "de" are allowed inside). A parenthesised note before
  the colon (``MACRON (as interpreted):``) is kept in the cue, not the name. Header
  words such as ``Date:``, ``Location:`` or ``Source:`` are not speakers.
- **Labels with a full stop** (``President Trump.``) are speaker labels only in a
  transcript whose turns use that style: the label has two or more words (or is one
  of the ``speakers`` given), and either the same label opens two or more lines, or it
  holds a title or honorific ("President", "Minister", "Mr.") while some other
  full-stop label opens two or more lines. So "Thank you." or "Yes." never starts a
  turn.
- **Questions**: ``Q.``, ``Q:``, ``Question:`` and ``QUESTION:`` are spoken by
  :data:`QUESTION`, ``"(question)"``: journalists are seldom named. Map them to a name
  of your own with ``speakers={"Journalists": ["Q"]}``.
- **Stage directions** in square brackets (``[Laughter]``, ``[Crosstalk]``, ``[At this
  point, ...]``), and in round brackets when they begin with a stage word
  (``(Laughter.)``, ``(Applause)``, ``(Inaudible)``, ``(As interpreted.)``), are not
  speech: they are narration, as are the labels themselves and any text before the
  first label (title, date, place).
- **Interruptions**: a turn that ends with a dash (``--``, ``—``, ``——``) and is cut off
  by another speaker is resumed by a line that starts with a dash and has no label:
  that line is the interrupted speaker's, not the interrupter's. A resumed turn that
  carries a label is that label's speaker, as always.
- **Names**: a label's name is title-cased when the label is in capitals
  ("CHRISTOPHER LUXON" -> "Christopher Luxon"), and titles and honorifics are moved
  out of it into the speaker's role: "PRESIDENT TRUMP" -> "Trump" (role "President"),
  "CHRISTOPHER LUXON, PRIME MINISTER OF NEW ZEALAND" -> "Christopher Luxon" (role
  "Prime Minister of New Zealand"), "President of Russia Vladimir Putin" -> "Vladimir
  Putin" (role "President of Russia"; after "of", the last two words are taken to be
  the name). A label that is only a role keeps it as the name: "THE PRIME MINISTER" ->
  "The Prime Minister". ``speakers`` (canonical name -> aliases) maps labels to your
  own names: a label matches when, ignoring case, the label as written, its name or
  its canonical form equals the canonical name or one of its aliases.

In the output, each turn's speech is a ``direct`` row with the speaker's name and, as
its ``cue``, the label as written ("PRESIDENT TRUMP"); the white space after a piece of
speech belongs to it. The table's ``.attrs["speakers"]`` lists the speakers found as
records (dicts with the keys of ``discourse.schema.SPEAKER_COLUMNS``: speaker, aliases,
role, mentions = number of labelled turns); ``pandas.DataFrame(u.attrs["speakers"])``
makes it a table. (Records rather than a DataFrame, because pandas compares attrs when
frames are concatenated, and DataFrames there make ``pd.concat`` raise.)
"""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .spans import cover_rows, utterance_frame
from .text import WORD_RE, normalise

__all__ = [
    "QUESTION", "looks_like_transcript", "parse_transcript", "read_text_file", "read_transcript", "turns_region",
    "speaker_aliases", "split_label",
]

#: Speaker of a journalist's question (``Q.``, ``Q:``, ``Question:``).
QUESTION = "(question)"

_QUESTION_LABELS = frozenset({"q", "question", "questions"})

#: Words at the start of a line followed by a colon that are headers, not speakers.
_HEADER_WORDS = frozenset(
    """date dates time location place venue source sources transcript subject title
    topic note notes editor's editors present attendees participants updated published
    copyright url link tags keywords category release embargo contact audio video
    photo image caption by""".split()
)

#: Honorifics: dropped from the name, not a role.
_HONORIFICS = frozenset(
    """mr mrs ms miss mx dr sir dame lord hon honourable honorable rt right rev reverend
    prof professor his her excellency majesty holiness""".split()
)

#: Words of a title or role that can precede a name ("Prime Minister", "Vice President").
_ROLE_WORDS = frozenset(
    """president vice prime minister deputy secretary chancellor senator sen governor gov
    general gen ambassador amb press foreign home defence defense interior finance trade
    chairman chairwoman chairperson chair speaker leader king queen prince princess emperor
    crown mayor representative rep congressman congresswoman premier commissioner director
    admiral chief attorney first lady federal supreme pope cardinal sheikh emir sultan
    counsellor councillor spokesman spokeswoman spokesperson taoiseach tanaiste""".split()
)

_CONNECTORS = ("of", "the", "and", "for", "on", "de", "du", "des", "la", "le", "von", "van",
               "der", "den", "da", "di", "del", "bin", "al", "el")
_CONNECTOR_RE = "(?:" + "|".join(_CONNECTORS) + ")"
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
# a word of a colon label: starts upper case; may hold dots (MR., V.V.), apostrophes, hyphens
_CWORD = rf"[{_UPPER}][\w'.\-]*"
# a word of a full-stop label: no dots inside, except a leading honorific
_PWORD = rf"[{_UPPER}][\w'\-]*"
_ABBREV = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Amb|Sec|Prof|Hon|Rev|St)\."

_COLON_LABEL_RE = re.compile(
    rf"""[ \t]*
    (?P<label>{_CWORD}(?:,?[ \t]+(?:{_CONNECTOR_RE}[ \t]+)*{_CWORD}){{0,11}})
    (?:[ \t]*\((?P<note>[^()\n]{{1,40}})\))?
    [ \t]*:(?=\s|$)""",
    re.X,
)
_PERIOD_LABEL_RE = re.compile(
    rf"""[ \t]*
    (?P<label>(?:{_ABBREV}[ \t]+)?{_PWORD}(?:[ \t]+(?:{_CONNECTOR_RE}[ \t]+)*{_PWORD}){{0,6}})
    \.(?=\s|$)""",
    re.X,
)

# stage directions: anything in square brackets; round brackets that begin with a stage word
_STAGE_WORDS = (
    "laughter", "laughs", "applause", "crosstalk", "cross-talk", "cross talk", "inaudible",
    "unintelligible", "indiscernible", "interruption", "interrupted", "pause", "audio",
    "video", "off-mic", "off mic", "speaks", "speaking", "as interpreted", "through an interpreter",
    "via interpreter", "in progress", "music", "silence", "booing", "boos", "cheers", "cheering",
    "end", "break", "recess", "translation", "translated",
)
_STAGE_RE = re.compile(
    r"\[[^\[\]]*\]|\((?:" + "|".join(re.escape(w) for w in _STAGE_WORDS) + r")\b[^()]*\)",
    re.I,
)
# dashes that mark an interruption, in the text as given
# a line that ends the transcript's turns: "END", "END 10:09 A.M. EDT", "End of transcript"
_END_RE = re.compile(r"[ \t]*(?:END\b[^a-z\n]*|End of (?:the )?(?:transcript|remarks|press conference)\b.*)$")
_DASH_START_RE = re.compile(r"^[\s\"']*(?:--|-\s?-|[\u2014\u2015]|\u2013\u2013)")
_DASH_END_RE = re.compile(r"(?:--|[\u2014\u2015]|\u2013\u2013|\.\.\.--)[\s\"']*$")


# --- names -----------------------------------------------------------------------------


def _title_word(word: str, *, first: bool) -> str:
    low = word.lower()
    if not first and low in _CONNECTORS:
        return low

    def piece(p: str) -> str:
        if re.fullmatch(r"[A-Za-z]'[A-Za-z].*", p):          # O'BRIEN -> O'Brien
            return p[0].upper() + "'" + p[2].upper() + p[3:].lower()
        if len(p) > 2 and p[:2].lower() == "mc" and p[2:].isalpha():  # MCDONALD -> McDonald
            return "Mc" + p[2].upper() + p[3:].lower()
        return p[:1].upper() + p[1:].lower()

    return "-".join(piece(p) for p in word.split("-"))


def _tidy(words: Sequence[str], *, caps: bool) -> str:
    if not caps:
        return " ".join(words)
    return " ".join(_title_word(w, first=i == 0) for i, w in enumerate(words))


def _bare(word: str) -> str:
    return word.lower().rstrip(".,")


def split_label(label: str) -> tuple[str, str | None]:
    """The name and the role in a speaker label, the name title-cased if in capitals.

    Parameters
    ----------
    label : str
        A label as written, without its colon or full stop.

    Returns
    -------
    (name, role) : tuple of str and str or None

    Examples
    --------
    >>> split_label("PRESIDENT TRUMP")
    ('Trump', 'President')
    >>> split_label("CHRISTOPHER LUXON, PRIME MINISTER OF NEW ZEALAND")
    ('Christopher Luxon', 'Prime Minister of New Zealand')
    >>> split_label("President of Russia Vladimir Putin")
    ('Vladimir Putin', 'President of Russia')
    >>> split_label("THE PRIME MINISTER")
    ('The Prime Minister', 'Prime Minister')
    >>> split_label("Q")
    ('(question)', None)
    """
    label = " ".join(label.replace(",", " , ").split()).replace(" ,", ",")
    caps = not any(c.islower() for c in label)
    if _bare(label) in _QUESTION_LABELS:
        return QUESTION, None
    if "," in label:
        head, tail = (part.strip() for part in label.split(",", 1))
        tail = tail.replace(",", "")
        head_words, tail_words = head.split(), tail.split()
        if head_words and all(_bare(w) in _ROLE_WORDS | _HONORIFICS for w in head_words):
            head_words, tail_words = tail_words, head_words      # "PRIME MINISTER, JOHN KEY"
        name_words = [w for w in head_words if _bare(w) not in _HONORIFICS] or head_words
        role = _tidy(tail_words, caps=caps) if tail_words else None
        return _tidy(name_words, caps=caps), role
    words = label.split()
    if _bare(words[0]) == "the":           # a role only: "THE PRIME MINISTER"
        role_words = [w for w in words[1:] if _bare(w) not in _HONORIFICS]
        return _tidy(words, caps=caps), (_tidy(role_words, caps=caps) or None)
    i = 0
    while i < len(words) and _bare(words[i]) in _ROLE_WORDS | _HONORIFICS:
        i += 1
    role_words = [w for w in words[:i] if _bare(w) not in _HONORIFICS]
    rest = words[i:]
    if role_words and rest and _bare(rest[0]) == "of":   # "President of Russia Vladimir Putin"
        after = rest[1:]
        k = max(1, len(after) - 2)
        role_words = role_words + rest[:1] + after[:k]
        rest = after[k:]
    if not rest:                              # "PRESIDENT", "PRIME MINISTER OF FRANCE"
        return _tidy(words, caps=caps), (_tidy(role_words, caps=caps) or None)
    return _tidy(rest, caps=caps), (_tidy(role_words, caps=caps) or None)


def _key(name: str) -> str:
    return " ".join(name.replace(",", " ").split()).casefold().rstrip(".:")


def speaker_aliases(speakers: Any) -> dict[str, list[str]]:
    """Canonical name -> aliases, from any of the forms ``attribute`` accepts.

    ``speakers`` may be a mapping (canonical name -> aliases, or -> one alias), a list of
    names (or of dicts with ``speaker`` and ``aliases``), a single name, or a table with
    a ``speaker`` column and, optionally, ``aliases`` (a list, or names separated by ";").

    >>> speaker_aliases({"Donald Trump": "Trump"})
    {'Donald Trump': ['Trump']}
    >>> speaker_aliases(["Keir Starmer"])
    {'Keir Starmer': []}
    """
    if speakers is None:
        return {}

    def as_list(aliases: Any) -> list[str]:
        if aliases is None or (isinstance(aliases, float) and aliases != aliases):
            return []
        if isinstance(aliases, str):
            return [a.strip() for a in aliases.split(";") if a.strip()]
        return [str(a) for a in aliases]

    if isinstance(speakers, pd.DataFrame):
        if "speaker" not in speakers.columns:
            raise ValueError("a speakers table needs a 'speaker' column (and optionally 'aliases')")
        aliases = speakers["aliases"] if "aliases" in speakers.columns else [None] * len(speakers)
        return {str(n): as_list(a) for n, a in zip(speakers["speaker"], aliases)}
    if isinstance(speakers, Mapping):
        return {str(n): ([str(a)] if isinstance(a, str) else as_list(a)) for n, a in speakers.items()}
    if isinstance(speakers, str):
        return {speakers: []}
    out: dict[str, list[str]] = {}
    for item in speakers:
        if isinstance(item, Mapping):
            name = item.get("speaker") or item.get("name")
            out[str(name)] = as_list(item.get("aliases"))
        else:
            out[str(item)] = []
    return out


def _alias_lookup(speakers: Any) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical, aliases in speaker_aliases(speakers).items():
        for name in [canonical, *aliases]:
            lookup.setdefault(_key(name), canonical)  # the first canonical name wins
    return lookup


# --- finding labels ----------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _label_candidates(norm: str) -> list[tuple[int, int, str, str, int]]:
    """(label start, label end, label, style, end of the cue) for every line that opens with a label
    shape (style "colon" or "period") or that ends the turns before it (style "stop": a
    header such as ``Note:``, or ``END``)."""
    found = []
    for ls, le in _lines(norm):
        line = norm[ls:le]
        if _END_RE.match(line):
            found.append((ls, ls, "", "stop", ls))
            continue
        m = _COLON_LABEL_RE.match(line)
        if m is not None and len(m.group("label")) <= 80:
            if _bare(m.group("label").split()[0]) in _HEADER_WORDS:
                found.append((ls, ls, "", "stop", ls))
            else:
                found.append((ls + m.start("label"), ls + m.end(), m.group("label"), "colon", ls + m.end() - 1))
            continue
        m = _PERIOD_LABEL_RE.match(line)
        if m is not None:
            found.append((ls + m.start("label"), ls + m.end(), m.group("label"), "period", ls + m.end() - 1))
    return found


def _find_labels(norm: str, lookup: Mapping[str, str]) -> dict[int, tuple[int, int, str, int]]:
    """Line start -> (label start, label end, label, end of the cue) for the lines that open a turn, and
    (start, start, "") for the lines that close one."""
    cands = _label_candidates(norm)
    period_counts = Counter(_key(c[2]) for c in cands if c[3] == "period" and _bare(c[2]) not in _QUESTION_LABELS)
    established = any(
        n >= 2 and len(k.split()) >= 2 for k, n in period_counts.items()
    ) or any(k in lookup for k in period_counts)
    labels: dict[int, tuple[int, int, str, int]] = {}
    for start, end, label, style, cue_end in cands:
        if style == "period":
            key = _key(label)
            words = [_bare(w) for w in label.split()]
            titled = any(w in _ROLE_WORDS or w in _HONORIFICS for w in words)
            ok = (
                key in _QUESTION_LABELS
                or key in lookup
                or (established and len(words) >= 2 and (period_counts[key] >= 2 or titled))
            )
            if not ok:
                continue
        line_start = norm.rfind("\n", 0, start) + 1
        while end < len(norm) and norm[end] in " \t":
            end += 1
        labels[line_start] = (start, end, label, cue_end)
    return labels


def looks_like_transcript(text: str) -> bool:
    """Whether ``text`` reads as a transcript: two or more lines open with a speaker label,
    and they are at least a tenth of its non-empty lines.

    >>> looks_like_transcript("Q: Will you run?\\nTHE PRESIDENT: We'll see.\\n")
    True
    >>> looks_like_transcript("The minister said: \\"We will.\\" She left.")
    False
    """
    norm = normalise(text)
    spans = [(ls, le) for ls, le in _lines(norm) if norm[ls:le].strip()]
    first = spans[0][0] if spans else -1
    found = _find_labels(norm, {})

    def styled(label: str) -> bool:  # as transcripts set their labels: "Q", "THE PRESIDENT"
        return _bare(label) in _QUESTION_LABELS or label.isupper()

    # a headline set as "Label: title" ("Insiders: Trump will rebound") opens no turn
    labels = [(ls, v) for ls, v in found.items() if v[2] and (ls != first or styled(v[2]))]
    if len(labels) < 2 or len(labels) < 0.1 * len(spans):
        return False
    # a transcript's speakers take turns: some label comes back ("Q", "TAPPER" after "JAKE
    # TAPPER"), or every label is set as transcripts set them; and what follows a label is
    # speech, not a list of names or numbers ("Iowa: Tim Albrecht, Brad Anderson, …",
    # "Clinton: 1,771")
    keys = Counter(_key(v[2]).split()[-1] for _, v in labels if _key(v[2]))
    ends = dict(spans)
    turn_words = [len(WORD_RE.findall(norm, v[1], ends.get(ls, v[1]))) for ls, v in labels]
    listed = sum(1 for ls, v in labels if _LIST_RE.match(norm, v[1], ends.get(ls, v[1])))
    turns = (keys and max(keys.values()) >= 2) or all(styled(v[2]) for _, v in labels)
    return bool(turns) and sum(turn_words) >= len(labels) and listed <= len(labels) / 2


def turns_region(text: str, *, speakers: Any = None) -> tuple[int, int] | None:
    """Where a document's labelled turns lie, as (start, end) offsets; None for a text
    without speaker labels.

    The turns start at the first labelled line; what comes before it (a headline, an
    introduction) is an article's. In a transcript throughout, more than half the lines
    from there on open with a label, and the turns run to the end. In an article
    with a transcript excerpt in it, they end after the last label's line and as many
    lines after it as any turn before it ran to, where the article resumes ("Matthews:
    … / The panel is right to note, however, …").
    """
    norm = normalise(text)
    found = _find_labels(norm, _alias_lookup(speakers))
    lines = [(ls, le) for ls, le in _lines(norm) if norm[ls:le].strip()]
    labelled = [n for n, (ls, _le) in enumerate(lines) if ls in found and found[ls][2]]
    if not labelled:
        return None
    first, last = labelled[0], labelled[-1]
    if len(labelled) * 2 > len(lines) - first:
        return lines[first][0], len(text)
    longest = max((b - a - 1 for a, b in zip(labelled, labelled[1:])), default=0)
    end_line = last + longest
    return lines[first][0], (lines[end_line + 1][0] if end_line + 1 < len(lines) else len(text))


#: What follows a label in a list rather than a turn: numbers, or names in commas.
_LIST_RE = re.compile(r"\s*(?:[\d.,%$ ]+$|(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*, ){2,})")


# --- parsing -----------------------------------------------------------------------------


def parse_transcript(
    text: str,
    *,
    doc_id: Any = 0,
    speakers: Any = None,
) -> pd.DataFrame:
    """Who speaks which turn of a transcript, as an utterance table.

    Parameters
    ----------
    text : str
        The transcript, exactly as in its file: offsets point into it.
    doc_id : hashable, default 0
        The document's id, repeated in every row.
    speakers : dict, list or DataFrame, optional
        Canonical name -> aliases, in any form ``attribute`` accepts (a mapping, a list
        of names, or a table with ``speaker`` and ``aliases`` columns). A label matches a speaker when, ignoring case, the
        label as written ("PRESIDENT TRUMP"), its name ("Trump") or its canonical form
        equals the canonical name or one of the aliases; the first match in the
        mapping's order wins. Labels that match none keep their canonical form.

    Returns
    -------
    DataFrame
        The utterance table (``discourse.schema.UTTERANCE_COLUMNS``): each turn's speech
        is a ``direct`` row (cut at paragraph breaks) with its ``speaker`` and, as
        ``cue``, the label as written; labels, stage directions and any text before the
        first label are ``narration``. The rows cover the text from 0 to ``len(text)``
        without gap or overlap. ``.attrs["speakers"]`` lists the speakers found, as
        records with keys speaker, aliases (labels as written), role and mentions
        (labelled turns). A text with no speaker label is all narration, with a warning.

    See Also
    --------
    read_transcript : the same, from a file.

    Notes
    -----
    The label styles and the rules for names, questions, stage directions and
    interruptions are listed in the module's documentation (``discourse.transcripts``).

    Examples
    --------
    >>> text = (
    ...     "PRESIDENT TRUMP: We're going to -- [Crosstalk]\\n"
    ...     "Q: Sir, when --\\n"
    ...     "-- win. [Laughter]\\n"
    ... )
    >>> u = parse_transcript(text, doc_id="presser")
    >>> u[u["mode"] == "direct"][["speaker", "text"]].to_dict("records")
    [{'speaker': 'Trump', 'text': "We're going to -- "}, {'speaker': '(question)', 'text': 'Sir, when --\\n'}, {'speaker': 'Trump', 'text': '-- win. '}]
    >>> u.attrs["speakers"][0]["role"]
    'President'
    """
    rows, speakers_found = transcript_rows(text, doc_id=doc_id, speakers=speakers)
    out = utterance_frame(rows)
    out.attrs["speakers"] = speakers_found
    return out


def transcript_rows(text: str, *, doc_id: Any = 0, speakers: Any = None) -> tuple[list[tuple], list[dict[str, Any]]]:
    """``parse_transcript`` as row tuples (``spans.cover_rows``) and speaker records."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    lookup = _alias_lookup(speakers)
    norm = normalise(text)
    found = _find_labels(norm, lookup)

    info: dict[str, dict[str, Any]] = {}

    def resolve(raw: str) -> tuple[str, str | None]:
        name, role = split_label(raw)
        for key in (_key(raw), _key(name)):
            if key in lookup:
                return lookup[key], role
        return name, role

    pieces: list[list[Any]] = []   # [start, end, speaker, cue]
    current: str | None = None
    cue: str | None = None
    interrupted: list[tuple[str, str | None]] = []   # (speaker, cue) of turns cut off
    last_ends_dash = False

    for ls, le in _lines(norm):
        pos = ls
        label = found.get(ls)
        if label is not None and not label[2]:       # END, Note: ... : no one speaks
            current, cue, interrupted, last_ends_dash = None, None, [], False
            continue
        if label is not None:
            lstart, lend, raw, cue_end = label
            raw_written = text[lstart:lstart + len(raw)]
            speaker, role = resolve(raw)
            entry = info.setdefault(speaker, {"speaker": speaker, "aliases": set(), "role": role, "mentions": 0})
            entry["aliases"].add(raw_written)
            entry["mentions"] += 1
            if entry["role"] is None:
                entry["role"] = role
            if current is not None and current != speaker and last_ends_dash:
                interrupted.append((current, cue))
            for i in range(len(interrupted) - 1, -1, -1):   # resumed with a label
                if interrupted[i][0] == speaker:
                    del interrupted[i]
                    break
            current, cue = speaker, text[lstart:cue_end].rstrip()
            last_ends_dash = False
            pos = lend
        elif current is not None and interrupted and interrupted[-1][0] != current:
            rest = _STAGE_RE.sub(lambda m: " " * len(m.group(0)), text[ls:le])
            if _DASH_START_RE.match(rest):
                resumed = interrupted.pop()
                if last_ends_dash:   # the interrupter was cut off in turn
                    interrupted.append((current, cue))
                current, cue = resumed
                last_ends_dash = False
        if current is None:
            continue
        emitted = False
        for seg_start, seg_end in _speech_parts(norm, pos, le):
            pieces.append([seg_start, seg_end, current, cue])
            emitted = True
        if emitted:
            last_ends_dash = _DASH_END_RE.search(text[pieces[-1][0]:pieces[-1][1]]) is not None

    speech = _merge(text, norm, pieces)
    if not info and text.strip():
        warnings.warn(
            f"document {doc_id!r}: no speaker labels found (such as 'NAME:' at the start of "
            "a line); the whole text is narration",
            UserWarning,
            stacklevel=3,
        )
    return cover_rows(text, speech, doc_id=doc_id), [
        {"speaker": e["speaker"], "speaker_type": _kind(e["speaker"]), "aliases": tuple(sorted(e["aliases"])),
         "role": e["role"], "mentions": e["mentions"]}
        for e in info.values()
    ]


def _speech_parts(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``norm[start:end]`` outside stage directions, without outer spaces."""
    parts = []
    pos = start
    for m in _STAGE_RE.finditer(norm, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    out = []
    for s, e in parts:
        while s < e and norm[s].isspace():
            s += 1
        while e > s and norm[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _merge(text: str, norm: str, pieces: list[list[Any]]) -> list[dict[str, Any]]:
    """Join a speaker's consecutive pieces separated only by white space; give each piece
    the white space after it."""
    merged: list[list[Any]] = []
    for piece in pieces:
        if merged and merged[-1][2:] == piece[2:] and not norm[merged[-1][1]:piece[0]].strip():
            merged[-1][1] = piece[1]
        else:
            merged.append(list(piece))
    n = len(norm)
    out = []
    for i, (s, e, speaker, cue) in enumerate(merged):
        limit = merged[i + 1][0] if i + 1 < len(merged) else n
        while e < limit and norm[e].isspace():
            e += 1
        out.append({"start": s, "end": e, "speaker": speaker, "speaker_type": _kind(speaker), "mode": "direct",
                    "cue": cue, "joint": False})
    return out


def _kind(speaker: str) -> str:
    """A transcript's speakers are people; the unnamed questioner is unknown."""
    return "unknown" if speaker == QUESTION else "person"


# --- files -------------------------------------------------------------------------------


#: Byte-order marks and the encodings they show, longest first (UTF-32's starts like UTF-16's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _is_utf(encoding: str) -> bool:
    return encoding.lower().replace("-", "").replace("_", "").startswith("utf")


def bom_encoding(head: bytes, encoding: str = "utf-8") -> str | None:
    """The encoding a byte-order mark at the start of ``head`` shows, when ``encoding``
    is a Unicode one (a BOM is evidence enough to read UTF-16 and UTF-32); else None."""
    if not _is_utf(encoding):
        return None
    return next((enc for bom, enc in _BOMS if head.startswith(bom)), None)


def _nul_reason(data: bytes) -> str:
    """Why bytes holding NULs are not read: UTF-16 without a BOM looks like this too."""
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd >= len(sample) // 4 and (even == 0 or odd == 0):
        order = "le" if odd else "be"
        return (f"UTF-16-{order.upper()} text without a byte-order mark, it seems (it holds NUL "
                f"bytes at every other offset); re-save it as UTF-8, or read it with "
                f"encoding='utf-16-{order}'")
    return "binary file (it holds NUL bytes), not text"


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a text file (a broken or looping link, a folder, a
    pipe or device: reading some of those would hang), or None for a regular file."""
    import errno
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as e:
        if not path.is_symlink():
            return None  # reading it reports the error itself
        target = os.readlink(path)
        if e.errno == errno.ELOOP:
            return f"a symbolic link loop: it points to {target!r}, which never leads to a file"
        return f"a broken symbolic link: it points to {target!r}, which does not exist"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        if path.is_symlink():
            return (f"a symbolic link to a folder ({os.readlink(path)!r}), not followed: "
                    "pass that folder itself to read it")
        return "a folder, not a file"
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"{kind}, not a file: not read"


def read_text_file(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> str:
    """The text of a file, exactly as written (line endings kept), without a leading BOM.

    A byte-order mark decides the encoding when ``encoding`` is a Unicode one (the
    default, UTF-8): a file saved as UTF-16 or UTF-32 with its BOM is read as such.
    A symbolic link to a file is followed. Raises a ``ValueError`` naming the file when
    it holds NUL bytes (a binary file; the message says when it looks like UTF-16
    without a BOM), is not valid in ``encoding``, or is not a file: a broken or looping
    link, a folder, a named pipe. Never a silently garbled text, never a hang.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("\\ufeffQ: Why?\\r\\n".encode("utf-8"))
    >>> read_text_file(p)
    'Q: Why?\\r\\n'
    >>> _ = p.write_bytes("Q: Why?\\n".encode("utf-16"))  # with its byte-order mark
    >>> read_text_file(p)
    'Q: Why?\\n'
    """
    path = Path(path)
    reason = _not_a_file(path)
    if reason is not None:
        raise ValueError(f"{path}: {reason}")
    data = path.read_bytes()
    bom = bom_encoding(data[:4], encoding)
    encoding = bom or encoding
    if b"\x00" in data and not encoding.lower().replace("-", "").startswith(("utf16", "utf32")):
        raise ValueError(f"{path}: {_nul_reason(data)}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        if bom in ("utf-16", "utf-32"):
            raise ValueError(
                f"{path}: binary file, or broken {bom.upper()}: it starts with a {bom.upper()} "
                f"byte-order mark but is not valid {bom.upper()} ({e.reason} at offset {e.start})"
            ) from None
        raise ValueError(
            f"{path}: not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "re-save it as UTF-8 or pass encoding="
        ) from None
    # a byte-order mark is not text: strip it, so offsets count from the first character
    return text[1:] if text.startswith("\ufeff") else text


def read_transcript(
    path: str | os.PathLike[str],
    *,
    doc_id: Any = None,
    speakers: Any = None,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read a transcript file and parse its turns (see ``parse_transcript``).

    Parameters
    ----------
    path : str or path
        A text file. A leading byte-order mark is dropped; line endings are kept, so
        offsets point into the file's characters.
    doc_id : hashable, optional
        The document's id; by default the file's name.
    speakers : dict, list or DataFrame, optional
        Canonical name -> aliases, as in ``parse_transcript``.
    encoding : str, default "utf-8"
        A file that is not valid in this encoding raises a ``ValueError`` naming it.

    Returns
    -------
    DataFrame
        The utterance table, as ``parse_transcript`` returns it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "briefing.txt"
    >>> _ = p.write_text("THE PRIME MINISTER: Thank you.\\n", encoding="utf-8")
    >>> read_transcript(p).loc[1, ["doc_id", "speaker", "text"]].tolist()
    ['briefing.txt', 'The Prime Minister', 'Thank you.\\n']
    """
    path = Path(path)
    text = read_text_file(path, encoding=encoding)
    return parse_transcript(text, doc_id=path.name if doc_id is None else doc_id, speakers=speakers)
