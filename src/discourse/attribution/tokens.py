"""The narration tokenizer: words and marks with their offsets, computed once per stretch."""

from __future__ import annotations

import re

from ..text import ABBREVIATIONS

_ABBREVIATIONS = frozenset(ABBREVIATIONS | {"mr", "mrs", "ms", "dr", "mx", "st"})
# a word (with inner apostrophes, hyphens and dots: "we're", "long-term", "U.S.") and the
# full stop after it, or a mark; _tokens then leaves the stop on an abbreviation ("Mr.",
# "Sen.") or an initial ("J.") and splits it off elsewhere. Deciding that in Python, only
# for the words that end in a stop, is three times faster than a regex alternation of
# every abbreviation tried at every position.
# (padding may stand inside a word, where the text had an invisible character)
_TOKEN_RE = re.compile(r"[^\W_]\w*(?:['\-.\x00][^\W_]\w*)*\.?|[^\w\s\x00]")


def _keeps_stop(word: str) -> bool:
    """Whether a full stop after ``word`` belongs to it: an abbreviation or an initial."""
    last = word[-1]
    if "a" <= last.lower() <= "z" and (len(word) == 1 or not (word[-2].isalnum() or word[-2] == "_")):
        return True  # "J.", "U.S."
    return word.lower() in _ABBREVIATIONS


class _Tok:
    """A token of narration with its offsets; ``low``, ``bare`` and ``cap`` computed once."""

    __slots__ = ("text", "start", "end", "low", "bare", "cap")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end
        self.low = text.lower()
        self.bare = self.low.rstrip(".")
        self.cap = text[:1].isupper()

    def __repr__(self) -> str:
        return f"_Tok({self.text!r}, {self.start}, {self.end})"


def _tokens(norm: str, start: int, end: int) -> list[_Tok]:
    out = []
    append = out.append
    find = norm.find
    a = start
    # findall and str.find rather than match objects: a third faster. Only white space,
    # NULs and lone underscores lie between tokens, and no token starts with one of them,
    # so find returns the offset the regex matched at (found before the padding inside a
    # word is taken out of its text).
    for text in _TOKEN_RE.findall(norm, start, end):
        a = find(text, a)
        b = a + len(text)
        if "\x00" in text:
            text = text.replace("\x00", "")  # the word as read; the offsets keep the padding
        if len(text) > 1 and text[-1] == "." and not _keeps_stop(text[:-1]):
            append(_Tok(text[:-1], a, b - 1))
            append(_Tok(".", b - 1, b))
        else:
            append(_Tok(text, a, b))
        a = b
    return out
