"""Pairing quote marks into quotations, keeping character offsets.

Works on the text made uniform by ``text.normalise`` (every double mark is ``"``, every
single mark ``'``), and looks at the original characters only for their direction
(“ and « open, ” and » close). Whether a mark opens or closes is read mostly from its
neighbours, so mixed marks pair correctly: "… ” and “ … " both make one quotation.

Rules, in order of use:
- double marks (straight, curly, guillemets) pair within a paragraph; a paragraph that
  ends inside a quotation continues it when the next paragraph opens with a mark (the
  newspaper convention), else the quotation runs to the end of its paragraph; where
  paragraphs were joined into one line (as in many corpora), a mark that opens a sentence
  inside a quotation that itself opened a sentence is such a reopening mark;
- single marks (‘ ’ and ') pair as quotations only where the opening mark stands at a
  word start and the closing mark is not an apostrophe inside a word (we’re);
- a quotation inside another one (single inside double, or double inside single in
  British style) is part of the outer one.
A mark that cannot be paired is left as text: unbalanced marks never raise.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .text import PAD

_OPEN_HINT = "\u201c\u00ab\u201e\u2018\u2039\u201a"
_CLOSE_HINT = "\u201d\u00bb\u2019\u203a"
_OPEN_LEFT = "([{-/\u2014\u2013"  # characters that may stand just before an opening mark
_CLOSE_RIGHT = ".,;:!?)]}-'\"\u2014\u2013\u2026"


@dataclass(slots=True)
class Quote:
    """One quotation in one paragraph.

    ``start``/``end`` delimit its content (between the marks); ``open``/``close`` are the
    offsets of the marks, -1 where a continued or unclosed quotation has none.
    ``group`` is shared by the paragraphs of one quotation continued across paragraphs.
    Slots, not a dict per quotation: a long document holds hundreds of thousands of
    them at once.
    """

    open: int
    close: int
    start: int
    end: int
    paragraph: int
    group: int
    mark: str


def _prev(norm: str, i: int, lo: int) -> str | None:
    i -= 1
    while i >= lo and norm[i] == PAD:
        i -= 1
    return norm[i] if i >= lo else None


def _next(norm: str, i: int, hi: int) -> str | None:
    i += 1
    while i < hi and norm[i] == PAD:
        i += 1
    return norm[i] if i < hi else None


def _kind(norm: str, orig: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the double mark at ``i``."""
    p, n = _prev(norm, i, lo), _next(norm, i, hi)
    ch = orig[i]
    if ch == "\u00ab" and (n is None or n.isspace()) or ch == "\u00bb" and (p is None or p.isspace()):
        # spaced guillemets, as French typography sets them ("« We act », said …"): the
        # mark says which way it faces, and its neighbours cannot
        return "open" if ch == "\u00ab" else "close"
    left_open = p is None or p.isspace() or p in _OPEN_LEFT or p in "\"'"
    right_open = n is not None and not n.isspace()
    left_close = p is not None and not p.isspace()
    right_close = n is None or n.isspace() or n in _CLOSE_RIGHT
    opener = left_open and right_open
    closer = left_close and right_close
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    ch = orig[i]
    if ch in _OPEN_HINT:
        return "open"
    if ch in _CLOSE_HINT:
        return "close"
    return "either"


_SENTENCE_END = frozenset(".!?\u2026")


def _visible_before(norm: str, i: int, lo: int) -> str | None:
    """The last character before ``i`` (from ``lo``) that is not white space or padding."""
    i -= 1
    while i >= lo and (norm[i] == PAD or norm[i].isspace()):
        i -= 1
    return norm[i] if i >= lo else None


def _opens_sentence(norm: str, i: int, lo: int) -> bool:
    """Whether the mark at ``i`` opens a sentence: first in its paragraph, or after a
    sentence's end or a colon."""
    p = _visible_before(norm, i, lo)
    return p is None or p in _SENTENCE_END or p == ":"


def _double_quotes(norm: str, orig: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
    quotes: list[Quote] = []
    marks_by_para = [[m.start() for m in re.finditer('"', norm[s:e])] for s, e in paragraphs]
    group = 0
    carry = False  # the previous paragraph ended inside a quotation that continues here
    for p, (ps, pe) in enumerate(paragraphs):
        marks = [ps + m for m in marks_by_para[p]]
        open_at: int | None = None
        content_start = -1
        k = 0
        if carry:
            # the reopening mark at the paragraph start continues the quotation
            if marks and marks[0] == ps:
                open_at, content_start, k = ps, ps + 1, 1
            carry = False
        for i in marks[k:]:
            kind = _kind(norm, orig, i, ps, pe)
            if open_at is None:
                if kind != "close":
                    open_at, content_start = i, i + 1
                    group += 1
            elif kind != "open":
                quotes.append(Quote(open_at, i, content_start, i, p, group, '"'))
                open_at = None
            elif _opens_sentence(norm, open_at, ps) and _visible_before(norm, i, ps) in _SENTENCE_END:
                # a quotation of several paragraphs flattened into one line (common in
                # corpora): '"It is possible. "If so, we act," he said.' The mark reopens
                # the quotation where a paragraph began: one part per lost paragraph, in
                # one group, as for paragraphs that are still apart
                quotes.append(Quote(open_at, -1, content_start, i, p, group, '"'))
                open_at, content_start = i, i + 1
            else:  # an opening mark inside a quotation: the earlier mark was stray
                open_at, content_start = i, i + 1
                group += 1
        if open_at is not None:
            nxt = paragraphs[p + 1][0] if p + 1 < len(paragraphs) else None
            continues = (
                nxt is not None and norm[nxt] == '"'
                and _kind(norm, orig, nxt, nxt, paragraphs[p + 1][1]) != "close"
            )
            if content_start < pe:
                quotes.append(Quote(open_at, -1, content_start, pe, p, group, '"'))
            carry = continues
    return _renumber(quotes)


def _renumber(quotes: list[Quote]) -> list[Quote]:
    ids: dict[int, int] = {}
    for q in quotes:
        q.group = ids.setdefault(q.group, len(ids))
    return quotes


_SINGLE_OPEN_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[\-\"]))'(?=[^\W\d_]|\d)", re.UNICODE)


def _single_quotes(norm: str, orig: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
    quotes: list[Quote] = []
    group = 1 << 20  # apart from the double quotations' groups until find_quotes renumbers
    carry: int | None = None  # group of a quotation continued from the paragraph before
    for p, (ps, pe) in enumerate(paragraphs):
        seg = norm[ps:pe]
        pending, carry = carry, None
        if "'" not in seg:
            continue
        closers: _Closers | None = None  # classified when the paragraph's first opening mark is met
        pos = 0
        while True:
            m = _SINGLE_OPEN_RE.search(seg, pos)
            if m is None:
                break
            o = m.start()
            if closers is None:
                closers = _Closers(seg)
            close = closers.after(o + 1)
            g = pending if (o == 0 and pending is not None) else group
            if g == group:
                group += 1
            if close is None:
                nxt = paragraphs[p + 1][0] if p + 1 < len(paragraphs) else None
                if o == 0 and nxt is not None and norm[nxt] == "'":
                    # a paragraph of a quotation that goes on in the next paragraph
                    quotes.append(Quote(ps, -1, ps + 1, pe, p, g, "'"))
                    carry = g
                    break
                pos = o + 1
                continue
            quotes.append(Quote(ps + o, ps + close, ps + o + 1, ps + close, p, g, "'"))
            pos = close + 1
    return quotes


class _Closers:
    """The single marks of one paragraph that can close a quotation, classified once.

    Whether a mark can close depends only on its two neighbours, never on where the
    quotation opened: so the closing mark for an opening one is the first *strong*
    closer after it (after ``.`` ``,`` ``!`` ``?`` ``;`` ``:`` ``-`` ``…``, or before
    ``.`` ``,`` ``;`` ``:`` ``!`` ``?`` ``)`` ``-`` or the paragraph's end), else the
    first *weak* one (any other mark after a character that is not white space, unless
    it follows an "s": "the workers' pay" is likely a plural possessive). Marks after
    white space (an opening mark) and apostrophes inside a word (we're, don't) never
    close. Found by bisection, each opening mark costs a logarithm, not a rescan of the
    paragraph: text with thousands of single quotations in one paragraph stays linear.
    """

    __slots__ = ("strong", "weak")

    def __init__(self, seg: str) -> None:
        self.strong: list[int] = []
        self.weak: list[int] = []
        n = len(seg)
        i = seg.find("'", 1)  # a closing mark follows its opening one: never at 0
        while i != -1:
            p = seg[i - 1]
            nxt = seg[i + 1] if i + 1 < n else " "
            if not p.isspace() and not nxt.isalnum():
                if p in ".,!?;:-\u2026" or nxt in ".,;:!?)-" or i + 1 == n:
                    self.strong.append(i)  # ,' and .' close a quotation, as does ' before punctuation
                elif p.lower() != "s":  # s' + space is likely a plural possessive
                    self.weak.append(i)
            i = seg.find("'", i + 1)

    def after(self, start: int) -> int | None:
        """The closing mark for an opening mark just before ``start``, or None."""
        for marks in (self.strong, self.weak):
            k = bisect.bisect_left(marks, start)
            if k < len(marks):
                return marks[k]
        return None


def find_quotes(norm: str, orig: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
    """Every quotation of the document, outermost only, in text order."""
    doubles = _double_quotes(norm, orig, paragraphs)
    singles = _single_quotes(norm, orig, paragraphs) if "'" in norm else []
    if not singles:
        return doubles
    kept_singles = _keep(singles, doubles, lambda s, d: _inside(s, d) or _crosses(s, d))
    kept_doubles = _keep(doubles, kept_singles, _inside)
    merged = sorted(kept_doubles + kept_singles, key=lambda q: q.start)
    ids: dict[tuple[str, int], int] = {}
    for q in merged:
        q.group = ids.setdefault((q.mark, q.group), len(ids))
    return merged


# Nesting, in linear time. The quotations of one kind come in text order and never
# overlap: each ends at or before the next one's opening mark (a quotation flattened
# from several paragraphs ends where the next part opens). Single and double marks are
# different characters, so no two quotations of different kinds open at one offset. So
# for a quotation ``q``, only the other kind's last quotation opening before ``q`` and
# those opening inside ``q`` can contain it or cross it: every other one ends before
# ``q`` opens or opens after ``q`` ends. Each quotation opens inside at most one
# quotation of the other kind, so all the comparisons together are linear.


def _inside(q: Quote, outer: Quote) -> bool:
    return outer.open <= q.open and q.end <= outer.end and q is not outer


def _crosses(a: Quote, b: Quote) -> bool:
    a0 = a.open if a.open >= 0 else a.start
    b0 = b.open if b.open >= 0 else b.start
    return a0 < b0 < a.end < b.end or b0 < a0 < b.end < a.end


def _keep(quotes: Sequence[Quote], others: Sequence[Quote], clash: Callable[[Quote, Quote], bool]) -> list[Quote]:
    """The quotations of ``quotes`` that ``clash`` with none of ``others`` (both in text
    order), comparing each only with the quotations of ``others`` near it: the last one
    opening before it and those opening inside it."""
    opens = [o.open for o in others]
    kept = []
    for q in quotes:
        first = max(bisect.bisect_left(opens, q.open) - 1, 0)
        last = bisect.bisect_right(opens, q.end, lo=first)
        if not any(clash(q, o) for o in others[first:last]):
            kept.append(q)
    return kept
