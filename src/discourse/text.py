"""Text preparation that never moves an offset.

``normalise`` returns a string of exactly the same length as its input, replacing one
code point by one code point (curly quotes by straight ones, exotic spaces by a space,
HTML entities by their character followed by padding), so every offset found in the
normalised text is an offset into the text as the user gave it.

Paragraphs are lines, or blocks separated by blank lines where the text has any (hard
wrapped text). Sentences come from a rule-based splitter with an abbreviation list: it
needs no downloaded model, and runs several times faster than NLTK's Punkt.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

#: A word is a run of word characters; "we're" and "long-term" count as two words each.
#: This is the convention of the sample's hand annotation, and the cheapest to compute.
WORD_RE = re.compile(r"\w+")

#: Padding put after an HTML entity's character, so the entity keeps its length.
PAD = "\x00"

_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2039\u203a\u2032"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\ufeff\r\t\f\v"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# characters that show nothing (zero-width spaces and joiners, the soft hyphen, direction
# marks): padding, so that a name with one inside ("Ja\u200bne Roe") is still one name
_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TRANSLATE = str.maketrans(
    {
        **{c: '"' for c in _DOUBLE_QUOTES},
        **{c: "'" for c in _SINGLE_QUOTES},
        **{c: " " for c in _SPACES},
        **{c: "-" for c in _DASHES},
        **{c: "\x00" for c in _INVISIBLE},
        "\u2028": "\n",
        "\u2029": "\n",
    }
)

# the characters _TRANSLATE maps, found with one scan: replacing only those present is ten
# times faster than str.translate with a dict on text that is not pure ASCII
_SPECIAL_RE = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")

_ENTITIES = {
    "quot": '"', "ldquo": '"', "rdquo": '"', "bdquo": '"', "laquo": '"', "raquo": '"',
    "apos": "'", "lsquo": "'", "rsquo": "'", "sbquo": "'",
    "amp": "&", "nbsp": " ", "ndash": "-", "mdash": "-", "hellip": ".", "lt": "<", "gt": ">",
}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _entity_char(body: str) -> str | None:
    if body[0] == "#":
        try:
            code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
            ch = chr(code)
        except (ValueError, OverflowError):
            return None
        return ch.translate(_TRANSLATE)
    return _ENTITIES.get(body)


def normalise(text: str) -> str:
    """Return ``text`` with quotes, spaces, dashes and HTML entities made uniform.

    The result has the same length as ``text``: an offset into one is an offset into
    the other.

    >>> normalise("\u201cYes,\u201d she said &amp; left.")
    '"Yes," she said &\\x00\\x00\\x00\\x00 left.'
    >>> normalise("''Yes,'' she said.")
    '"\\x00Yes,"\\x00 she said.'
    """
    out = text
    for ch in set(_SPECIAL_RE.findall(text)):
        out = out.replace(ch, _TRANSLATE[ord(ch)])
    if "&" in out:
        def pad(m: re.Match[str]) -> str:
            ch = _entity_char(m.group(1))
            return m.group(0) if ch is None else ch + PAD * (len(m.group(0)) - 1)

        out = _ENTITY_RE.sub(pad, out)
    if "''" in out or "``" in out:
        out = _DOUBLED_RE.sub(_doubled, out)
    return out


# Two apostrophes, or two backticks, stand for a double quote mark in archived newspaper
# and wire text (''It would help,'' she said; ``It would help,'' she said). Three
# apostrophes are a single mark and a double one: after a word the single mark closes
# first, before a word the double mark opens first.
_DOUBLED_RE = re.compile(r"'''|''|``")


def _doubled(m: re.Match[str]) -> str:
    if len(m.group(0)) == 2:
        return '"' + PAD
    after_word = m.start() > 0 and not m.string[m.start() - 1].isspace()
    return "'\"" + PAD if after_word else '"' + PAD + "'"


def count_words(text: str) -> int:
    """Number of words in ``text`` (runs of word characters).

    >>> count_words("We're bringing new tactics into play.")
    7
    """
    return len(WORD_RE.findall(text))


# --- paragraphs --------------------------------------------------------------------

_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v\u00a0\ufeff]*\n")


def paragraph_spans(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph's text, without surrounding white space.

    Paragraphs are separated by blank lines where the text has any (so hard-wrapped
    lines join up), else by line breaks.
    """
    sep = re.compile(r"\n\s*\n") if _BLANK_LINE_RE.search(norm) else re.compile(r"\n")
    spans = []
    pos = 0
    for m in sep.finditer(norm):
        _add_stripped(norm, pos, m.start(), spans)
        pos = m.end()
    _add_stripped(norm, pos, len(norm), spans)
    return spans


def _add_stripped(norm: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and (norm[start].isspace() or norm[start] == PAD):
        start += 1
    while end > start and (norm[end - 1].isspace() or norm[end - 1] == PAD):
        end -= 1
    if end > start:
        spans.append((start, end))


# --- headings ------------------------------------------------------------------------

_TERMINAL = ".!?:;\"')]…,-"


def is_heading(norm: str, start: int, end: int, *, is_last: bool) -> bool:
    """A short line with no closing punctuation, followed by more text: a subheading."""
    if is_last or end - start > 120:
        return False
    chunk = norm[start:end]
    if chunk[-1] in _TERMINAL or '"' in chunk:
        return False
    words = WORD_RE.findall(chunk)
    return 0 < len(words) <= 12 and chunk[0].isupper() | chunk[0].isdigit()


# --- sentences -------------------------------------------------------------------------

#: Abbreviations after which a full stop does not end a sentence (lower case, no final dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms messrs dr prof sen sens rep reps gov govt gen lt col capt cmdr adm sgt cpl maj
    st ste mt ft jr sr rev hon pres supt insp det no nos vs v etc al inc ltd co corp dept univ
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    u.s u.k u.n e.u u.s.a d.c e.g i.e a.m p.m approx est fig
    """.split()
)

# a candidate boundary: terminal punctuation, optional closing quotes/brackets, white space,
# then something that can start a sentence (padding may follow a mark: ''It …'')
_BOUNDARY_RE = re.compile(r"""[.!?…]+["')\]\x00]*(?=\s+["'(\[\x00]*[A-Z0-9\u00C0-\u024F])""")
_TOKEN_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def sentence_starts(norm: str, start: int, end: int) -> list[int]:
    """Offsets where sentences begin in ``norm[start:end]`` (the first is ``start``)."""
    starts = [start]
    chunk = norm[start:end]
    for m in _BOUNDARY_RE.finditer(chunk):
        if m.group(0)[0] == ".":
            tok = _TOKEN_BEFORE_RE.search(chunk, max(0, m.start() - 20), m.start() + 1)
            if tok is not None:
                word = tok.group(1).lower()
                if word in ABBREVIATIONS or len(word) == 1 or (len(word) <= 4 and "." in word):
                    continue  # Mr. Smith, U.S. officials, J. Smith
        nxt = m.end()
        while nxt < len(chunk) and chunk[nxt].isspace():
            nxt += 1
        starts.append(start + nxt)
    return starts


@dataclass(frozen=True)
class Segmentation:
    """Paragraphs and sentences of one document, as character offsets."""

    paragraphs: Sequence[tuple[int, int]]
    headings: frozenset[int]          # indices of paragraphs that are subheadings
    sentence_starts: Sequence[int]    # document-wide, sorted
    paragraph_first_sentence: Sequence[int]

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (the one before it, between paragraphs)."""
        starts = self.__dict__.get("_paragraph_starts")
        if starts is None:  # computed once: the dataclass is frozen
            starts = [p[0] for p in self.paragraphs]
            object.__setattr__(self, "_paragraph_starts", starts)
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset``."""
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)


def segment(norm: str) -> Segmentation:
    """Split normalised text into paragraphs, subheadings and sentences."""
    paras = paragraph_spans(norm)
    headings = set()
    starts: list[int] = []
    first: list[int] = []
    for i, (s, e) in enumerate(paras):
        first.append(len(starts))
        if is_heading(norm, s, e, is_last=i == len(paras) - 1):
            headings.add(i)
            starts.append(s)
        else:
            starts.extend(sentence_starts(norm, s, e))
    return Segmentation(paras, frozenset(headings), starts, first)
