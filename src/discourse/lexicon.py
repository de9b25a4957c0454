"""Lexicons: categories of words, phrases and globs, matched in one pass over the text.

A :class:`Lexicon` is data: category names mapped to entries. An entry is a word
(``"security"``), a multi-word expression (``"criminal gangs"``) or a glob with one
trailing ``*`` (``"migra*"`` matches "migration", "migrants", "migratory" and "migra").

Matching rules (the same for every function that uses a lexicon):

- case-insensitive (each character lower-cased on its own, so offsets never move);
- on word boundaries, where a word is a run of word characters (``\\w+``, the
  package's convention, ``discourse.text.WORD_RE``): "security" does not match
  "insecurity", "EU" does not match "Europe";
- curly and straight apostrophes are alike, and so are hyphens, dashes and white space
  between two words of an entry: the entry "long-term" matches "long term", "long-term"
  and "long–term"; "Europe's" matches "Europe’s". The words of a multi-word entry must be
  separated in the text by exactly one such character (so "criminal, gangs" is not
  "criminal gangs");
- a hyphenated compound is one token, as in quanteda (``tokens(split_hyphens = FALSE)``):
  no match starts or ends inside it, so "responsibility" does not match in
  "co-responsibility" and "term" not in "long-term", while the entries
  "co-responsibility" and "long-term" do; a glob runs on through the compound ("reform*"
  matches all of "reform-minded"). The hyphens that join are "-", U+2010 and U+2011
  between two word characters; a dash ("Paris–London") separates. A Lexicon made with
  ``split_hyphens=True`` reads the parts as words of their own (the old behaviour);
- an entry can be case-sensitive (``case_sensitive=`` of :class:`Lexicon`, or
  ``case_sensitive: true`` beside the entry in a YAML file): "Reform" (the party) then
  matches "Reform" but not "reform"; every other entry ignores case;
- an entry is never a regular expression: ``"U.S."`` and ``"(Russian"`` match those
  characters literally. Only a final ``*`` is special; a ``*`` anywhere else is an error;
- an entry with no word character at all (``":)"``) is matched literally, with a warning
  when the lexicon is built, since it is more often a mistake than a wish;
- duplicate entries in a category (also after the rules above: "Security" and
  "security", "long-term" and "long term") count once; the first spelling is kept.

Overlaps (``overlap=``) follow quanteda's ``tokens_lookup``:

- ``"category"`` (default; quanteda's ``nested_scope = "key"``): a match lying inside a
  longer match *of the same category* is not counted, so "criminal gangs" counts once
  for its category and not again as "gangs"; other categories still count their own
  matches. A stretch of text matched by two entries of one category ("migration" and
  "migra*") counts once, credited to the plain entry before the glob, then to the one
  listed first;
- ``"lexicon"`` (quanteda's ``nested_scope = "dictionary"``): a match lying inside a
  longer match of *any* category is not counted;
- ``"all"``: every match counts, nested or not (still once per category and stretch).
A multi-word entry listed under two categories gives one hit in each.

Speed: every entry of a lexicon is compiled once into an Aho–Corasick automaton
(pyahocorasick), cached on the Lexicon, and the text is scanned once. The text is
lower-cased and its non-word characters turned into spaces in one vectorised table
look-up, so the automaton only ever reports whole-word matches.
"""

from __future__ import annotations

import functools
import itertools
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import ahocorasick
import numpy as np
import pandas as pd
import yaml

from .measures import _select_speech
from .text import normalise

#: Characters that join the words of a hyphenated compound into one token.
HYPHENS = "-\u2010\u2011"
_HYPHEN_CPS = np.array([ord(c) for c in HYPHENS], dtype=np.uint32)
#: A token: a run of word characters, or several joined by single hyphens ("co-operation").
TOKEN_RE = re.compile(r"\w+(?:[-\u2010\u2011]\w+)*")

Overlap = Literal["category", "lexicon", "all"]
_OVERLAPS = ("category", "lexicon", "all")

#: Names of the lexicons shipped with the package (``src/discourse/lexicons/NAME.yml``).
SHIPPED = ("topics", "frames")

#: Columns of :func:`match_terms`.
HIT_COLUMNS = ("doc_id", "speaker", "mode", "category", "term", "match", "start", "end",
               "paragraph", "sentence")


class LexiconError(ValueError):
    """A lexicon file or mapping that cannot be read; the message names file and line."""


# --- text folding ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Code-point tables for the Basic Multilingual Plane: folded and literal forms.

    ``fold``: word characters lower-cased (when that keeps one code point), every other
    character a space. ``literal``: lower-cased, with the quote, dash and space variants
    that ``discourse.text.normalise`` unifies made uniform, hyphens and line breaks as
    spaces.
    """
    fold = np.empty(0x10000, dtype=np.uint32)
    lit = np.empty(0x10000, dtype=np.uint32)
    for i in range(0x10000):
        c = chr(i)
        low = c.lower()
        low_cp = ord(low) if len(low) == 1 else i
        fold[i] = low_cp if (c.isalnum() or c == "_") else 32
        n = normalise(c) if not 0xD800 <= i < 0xE000 else c
        if n in ("-", "\n", "\r", "\t"):
            lit[i] = 32
        elif n != c:
            lit[i] = ord(n)
        else:
            lit[i] = low_cp
    return fold, lit


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _translate(text: str, table: np.ndarray, astral: Any) -> str:
    if not text:
        return text
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = cps > 0xFFFF
    if high.any():  # astral characters (emoji, rare scripts): look each one up
        out = table[np.where(high, 0, cps)]
        idx = np.flatnonzero(high)
        out[idx] = [astral(int(cp)) for cp in cps[idx]]
    else:
        out = table[cps]
    return out.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _astral_fold(cp: int) -> int:
    c = chr(cp)
    if not _is_word_char(c):
        return 32
    low = c.lower()
    return ord(low) if len(low) == 1 else cp


def _astral_literal(cp: int) -> int:
    low = chr(cp).lower()
    return ord(low) if len(low) == 1 else cp


def fold(text: str) -> str:
    """``text`` lower-cased with every non-word character a space; same length.

    >>> fold("Long-term, Europe’s U.S.")
    'long term  europe s u s '
    """
    return _translate(text, _tables()[0], _astral_fold)


def _literal_form(text: str) -> str:
    if "&" in text:
        text = normalise(text)  # HTML entities, keeping length
    return _translate(text, _tables()[1], _astral_literal)


# --- entries -----------------------------------------------------------------------------

_PLAIN_RE = re.compile(r"\w+(?: \w+)*")
_SPACES_RE = re.compile(r"\s+")
_ASCII_NONWORD_RE = re.compile(r"[^a-z0-9_]")


def _fold_entry(s: str) -> str:
    """``fold`` for a short string (an entry): a fast path for ASCII."""
    if s.isascii():
        return _ASCII_NONWORD_RE.sub(" ", s.lower())
    return fold(s)


def _case_key(s: str) -> str:
    """``s`` with its case kept and every separator (hyphen, dash, space, apostrophe,
    punctuation) one space: how a case-sensitive entry is compared with the text."""
    s = normalise(s) if not s.isascii() else s
    return " ".join("".join(c if _is_word_char(c) else " " for c in s).split())


def tokens(text: str, *, split_hyphens: bool = False) -> list[str]:
    """The lower-cased tokens of ``text``: runs of word characters, a hyphenated compound
    kept as one token ("co-responsibility", joined by "-") unless ``split_hyphens``.

    >>> tokens("Long-term co‑operation, we're told")
    ['long-term', 'co-operation', 'we', 're', 'told']
    >>> tokens("Long-term", split_hyphens=True)
    ['long', 'term']
    """
    return _tokens_of([text], split_hyphens=split_hyphens)[0]


def _tokens_of(texts: list[str], *, split_hyphens: bool = False) -> list[list[str]]:
    """``tokens`` of each text, all folded in one pass over them joined by line breaks
    (which end a token and join no compound, as a text's start and end do)."""
    joined = "\n".join(texts)
    folded = fold(joined)
    if not split_hyphens and any(h in joined for h in HYPHENS):
        chars = list(folded)
        for m in _JOINER_RE.finditer(joined):
            chars[m.start()] = "-"
        folded = "".join(chars)
    out, pos = [], 0
    for t in texts:
        out.append(folded[pos:pos + len(t)].split())
        pos += len(t) + 1
    return out


_JOINER_RE = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")


class _Entry(NamedTuple):
    key: str        # the form the automaton looks for
    glob: bool      # a trailing * was given
    literal: bool   # matched on the literal form (punctuation kept), boundaries checked


def _parse_entry(term: str) -> _Entry:
    """Validate one entry and return its matching key; raise ValueError if unusable."""
    if not isinstance(term, str):
        raise ValueError(f"entry {term!r} is a {type(term).__name__}, not a string")
    t = _SPACES_RE.sub(" ", term).strip()
    if not t:
        raise ValueError("an entry is empty or only white space")
    glob = t.endswith("*")
    if glob:
        t = t[:-1]
    if "*" in t:
        raise ValueError(f"entry {term!r}: a wildcard * is allowed only at the end of an entry")
    if glob and (not t or not _is_word_char(t[-1])):
        raise ValueError(f"entry {term!r}: a wildcard * must follow a letter or digit")
    folded = " ".join(_fold_entry(t).split())
    candidate = t if t.isascii() else normalise(t)
    candidate = candidate.replace("-", " ").replace("'", " ")
    if _PLAIN_RE.fullmatch(" ".join(candidate.split())):
        return _Entry(" " + folded + ("" if glob else " "), glob, False)
    key = " ".join(_literal_form(t).split())
    if not key:
        raise ValueError(f"entry {term!r} is only hyphens or white space")
    if not folded:
        warnings.warn(
            f"lexicon entry {term!r} has no letter or digit; it is matched literally",
            UserWarning, stacklevel=4,
        )
    return _Entry(key, glob, True)


class _Hits(NamedTuple):
    """Matches as parallel arrays (start, end exclusive, category index, term id)."""

    start: np.ndarray
    end: np.ndarray
    cat: np.ndarray
    term: np.ndarray    # index into Lexicon.terms()
    prio: np.ndarray    # plain entries before globs, then the order listed

    @staticmethod
    def empty() -> _Hits:
        z = np.zeros(0, dtype=np.int64)
        return _Hits(z, z, z, z, z)


def _fold_array(text: str) -> tuple[str, np.ndarray]:
    """The padded folded text (" " + fold(text) + " ") and its code points."""
    padded = " " + text + " "
    cps = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    fold_t = _tables()[0]
    high = cps > 0xFFFF
    if high.any():
        out = fold_t[np.where(high, 0, cps)]
        idx = np.flatnonzero(high)
        out[idx] = [_astral_fold(int(cp)) for cp in cps[idx]]
    else:
        out = fold_t[cps]
    return out.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass"), out


class _Matcher:
    """The compiled automata of a lexicon (built once, then shared by every call).

    Each automaton key maps to an integer id; per id, arrays give the key's length,
    whether it is a glob, and the (category, term, priority) targets it counts for.
    The scan collects (end, id) pairs from the automaton in C and does the rest with
    numpy.
    """

    def __init__(
        self,
        cats: tuple[tuple[str, tuple[str, ...]], ...],
        parsed: Mapping[str, _Entry],
        *,
        case_sensitive: frozenset[tuple[str, str]] = frozenset(),
        split_hyphens: bool = False,
    ) -> None:
        plain: dict[tuple[str, bool], list[tuple[int, int, int]]] = {}
        literal: dict[tuple[str, bool], list[tuple[int, int, int]]] = {}
        #: term id -> the entry as written (without its *), for case-sensitive entries
        self.cased: dict[int, tuple[str, bool]] = {}
        self.split_hyphens = split_hyphens
        tid = 0
        for ci, (cat, entries) in enumerate(cats):
            for pos, term in enumerate(entries):
                e = parsed[term]
                target = literal if e.literal else plain
                target.setdefault((e.key, e.glob), []).append((ci, tid, int(e.glob) * (1 << 40) + pos))
                if (cat, term) in case_sensitive:
                    core = _SPACES_RE.sub(" ", term).strip()
                    self.cased[tid] = (core[:-1] if e.glob else core, e.glob)
                tid += 1
        self.plain = self._build(plain)
        self.literal = self._build(literal)

    @staticmethod
    def _build(keys: dict[tuple[str, bool], list[tuple[int, int, int]]]) -> tuple | None:
        if not keys:
            return None
        # a literal key may be both plain and glob ("u.s." and "u.s.*"): separate ids
        a = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        klen, glob, ptr, cnt = [], [], [0], []
        t_cat, t_term, t_prio = [], [], []
        ids: dict[str, list[int]] = {}
        for vid, ((key, g), targets) in enumerate(keys.items()):
            ids.setdefault(key, []).append(vid)
            klen.append(len(key))
            glob.append(g)
            cnt.append(len(targets))
            ptr.append(ptr[-1] + len(targets))
            for ci, tid, prio in targets:
                t_cat.append(ci)
                t_term.append(tid)
                t_prio.append(prio)
        twins: dict[int, int] = {}
        for key, vids in ids.items():
            a.add_word(key, vids[0])
            if len(vids) == 2:
                twins[vids[0]] = vids[1]
        a.make_automaton()
        arr = lambda x: np.asarray(x, dtype=np.int64)  # noqa: E731
        return (a, arr(klen), np.asarray(glob, dtype=bool), arr(ptr[:-1]), arr(cnt),
                arr(t_cat), arr(t_term), arr(t_prio), twins)

    @staticmethod
    def _expand(vid: np.ndarray, start: np.ndarray, end: np.ndarray, tables: tuple) -> _Hits:
        _, _, _, ptr, cnt, t_cat, t_term, t_prio, _ = tables
        reps = cnt[vid]
        idx = np.repeat(ptr[vid] - np.cumsum(np.concatenate(([0], reps[:-1]))), reps) + np.arange(reps.sum())
        return _Hits(np.repeat(start, reps), np.repeat(end, reps), t_cat[idx], t_term[idx], t_prio[idx])

    def scan(self, text: str) -> _Hits:
        """Every match, unresolved (see ``_resolve``)."""
        parts = []
        joins = not self.split_hyphens and any(h in text for h in HYPHENS)
        if self.plain is not None:
            auto, klen, glob = self.plain[0], self.plain[1], self.plain[2]
            padded, cps = _fold_array(text)
            flat = np.fromiter(itertools.chain.from_iterable(auto.iter(padded)), dtype=np.int64)
            e, vid = flat[0::2], flat[1::2]
            start = e - klen[vid] + 1  # (in the text's offsets: the padding's space is one)
            end = e - 1
            g = glob[vid]
            spaces = np.flatnonzero(cps == 32) if g.any() or joins else None
            if g.any():
                nxt = spaces[np.searchsorted(spaces, e[g] + 1)]
                end = end.copy()
                end[g] = nxt - 1
            if joins:
                # joiner[p]: padded position p is a hyphen between two word characters
                orig = np.frombuffer((" " + text + " ").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
                joiner = np.zeros(len(cps), dtype=bool)
                joiner[1:-1] = np.isin(orig[1:-1], _HYPHEN_CPS) & (cps[:-2] != 32) & (cps[2:] != 32)
                # text offset i is padded position i + 1: the character before a match
                # starting at s is at padded s, the one after a match ending at t at t + 1
                keep = ~joiner[start] & (g | ~joiner[end + 1])
                if g.any():  # a glob runs on through the compound
                    end = end.copy()
                    more = g & joiner[end + 1]
                    while more.any():
                        end[more] = spaces[np.searchsorted(spaces, end[more] + 2)] - 1
                        more = more & joiner[end + 1]
                vid, start, end = vid[keep], start[keep], end[keep]
            parts.append(self._expand(vid, start, end, self.plain))
        if self.literal is not None:
            parts.append(self._scan_literal(text))
        if not parts:
            return _Hits.empty()
        h = parts[0] if len(parts) == 1 else _Hits(*(np.concatenate([p[i] for p in parts]) for i in range(5)))
        if self.cased and len(h.term):
            h = self._check_case(text, h)
        return h

    def _check_case(self, text: str, h: _Hits) -> _Hits:
        """Drop the hits of case-sensitive entries whose letters differ in case."""
        keep = np.ones(len(h.term), dtype=bool)
        for i in np.flatnonzero(np.isin(h.term, np.fromiter(self.cased, dtype=np.int64))):
            core, _ = self.cased[int(h.term[i])]
            s = int(h.start[i])
            found = text[s:s + len(core)]
            keep[i] = _case_key(found) == _case_key(core)
        return _Hits(*(a[keep] for a in h))

    def _scan_literal(self, text: str) -> _Hits:
        auto, klen, glob, *_, twins = self.literal
        lit = _literal_form(text)
        n = len(lit)
        vids, starts, ends = [], [], []
        joins = not self.split_hyphens

        def joined(p: int) -> bool:  # text[p] is a hyphen inside a compound
            return (joins and 0 < p < n - 1 and text[p] in HYPHENS and _is_word_char(text[p - 1])
                    and _is_word_char(text[p + 1]))

        for e, vid0 in auto.iter(lit):
            start = e - int(klen[vid0]) + 1
            end = e + 1
            if _is_word_char(lit[start]) and start > 0 and (_is_word_char(lit[start - 1]) or joined(start - 1)):
                continue
            for vid in (vid0, twins.get(vid0)):
                if vid is None:
                    continue
                stop = end
                if glob[vid]:
                    while stop < n and (_is_word_char(lit[stop]) or joined(stop)):
                        stop += 1
                elif _is_word_char(lit[end - 1]) and end < n and (_is_word_char(lit[end]) or joined(end)):
                    continue
                vids.append(vid)
                starts.append(start)
                ends.append(stop)
        if not vids:
            return _Hits.empty()
        return self._expand(np.asarray(vids, dtype=np.int64), np.asarray(starts, dtype=np.int64),
                            np.asarray(ends, dtype=np.int64), self.literal)


def _resolve(h: _Hits, overlap: str) -> _Hits:
    """Apply the overlap rule; return the kept hits sorted by (start, end, category)."""
    if len(h.start) == 0:
        return h
    if overlap == "lexicon":
        # drop every hit whose span lies inside a longer span of any category
        order = np.lexsort((-h.end, h.start))
        s, e = h.start[order], h.end[order]
        prev_max = np.concatenate(([-1], np.maximum.accumulate(e)[:-1]))
        new_span = np.concatenate(([True], (s[1:] != s[:-1]) | (e[1:] != e[:-1])))
        span_id = np.cumsum(new_span) - 1
        span_kept = (e > prev_max)[new_span]
        keep = np.empty(len(order), dtype=bool)
        keep[order] = span_kept[span_id]
        h = _Hits(*(a[keep] for a in h))
    # one hit per (category, stretch), best priority first; then nested ones out
    order = np.lexsort((h.prio, -h.end, h.start, h.cat))
    s, e, c = h.start[order], h.end[order], h.cat[order]
    same = np.concatenate(([False], (c[1:] == c[:-1]) & (s[1:] == s[:-1]) & (e[1:] == e[:-1])))
    if overlap == "category":
        width = int(e.max()) + 2
        key = c * width + e
        prev_max = np.concatenate(([-1], np.maximum.accumulate(key)[:-1]))
        keep = key > prev_max
    else:
        keep = ~same
    order = order[keep]
    h = _Hits(*(a[order] for a in h))
    final = np.lexsort((h.cat, h.end, h.start))
    return _Hits(*(a[final] for a in h))


# --- the Lexicon -----------------------------------------------------------------------


class Lexicon:
    """Categories mapped to entries (words, multi-word expressions, trailing-``*`` globs).

    Parameters
    ----------
    categories : mapping of str to iterable of str (or one str)
        Category name -> entries, in the order the results should list them. A category
        may be empty (it then counts zero everywhere). Duplicates count once.
    name : str, optional
        A label for the lexicon (the file stem when read from a file).
    sources : mapping of (category, entry) to str, optional
        Where each entry comes from or why it is there (kept as documentation).
    case_sensitive : iterable of str or of (category, entry), optional
        Entries matched with their case as written (a party, "Reform"; a name): an
        entry string applies in every category that lists it.
    split_hyphens : bool, default False
        Read a hyphenated compound as separate words ("co-responsibility" then holds a
        match of "responsibility"); by default it is one token, as in quanteda.

    Examples
    --------
    >>> lex = Lexicon({"crime": ["criminal gangs", "smuggl*"], "security": ["security"]})
    >>> lex.count("Smugglers and criminal gangs threaten our security.")
    Counter({'crime': 2, 'security': 1})
    >>> lex.find("Criminal gangs")
    [(0, 14, 'crime', 'criminal gangs')]
    >>> parties = Lexicon({"party": ["Reform"], "policy": ["reform*"]}, case_sensitive=["Reform"])
    >>> [(t, c) for _, _, c, t in parties.find("Reform wants reform; the co-reform")]
    [('Reform', 'party'), ('reform*', 'policy'), ('reform*', 'policy')]

    Notes
    -----
    The matching rules and the overlap options are described in the module
    documentation (``help(discourse.lexicon)``). The compiled matcher is built on first
    use and cached on the instance; a Lexicon is immutable.
    """

    def __init__(
        self,
        categories: Mapping[str, Iterable[str] | str],
        *,
        name: str | None = None,
        sources: Mapping[tuple[str, str], str] | None = None,
        case_sensitive: Iterable[str | tuple[str, str]] = (),
        split_hyphens: bool = False,
    ) -> None:
        if not isinstance(categories, Mapping):
            raise TypeError(f"categories must be a mapping of name -> entries, not {type(categories).__name__}")
        cats: dict[str, tuple[str, ...]] = {}
        parsed: dict[str, _Entry] = {}
        if isinstance(case_sensitive, str):
            case_sensitive = [case_sensitive]
        cased_terms = {c for c in case_sensitive if isinstance(c, str)}
        cased_pairs = {tuple(c) for c in case_sensitive if not isinstance(c, str)}
        cased: set[tuple[str, str]] = set()
        for cat, entries in categories.items():
            if not isinstance(cat, str) or not cat.strip():
                raise ValueError(f"category names must be non-empty strings, not {cat!r}")
            if isinstance(entries, str):
                entries = [entries]
            if entries is None:
                entries = []
            kept: list[str] = []
            seen: set[tuple[str, bool, str | None]] = set()
            for term in entries:
                try:
                    e = parsed[term] if term in parsed else _parse_entry(term)
                except (ValueError, TypeError) as err:
                    raise ValueError(f"category {cat!r}: {err}") from None
                parsed[term] = e
                is_cased = term in cased_terms or (cat, term) in cased_pairs
                # a case-sensitive entry differs from another spelling's case
                same = (e.key, e.glob, _case_key(term) if is_cased else None)
                if same in seen:
                    continue
                seen.add(same)
                kept.append(term)
                if is_cased:
                    cased.add((cat, term))
            cats[cat] = tuple(kept)
        self._cats = MappingProxyType(cats)
        self._items = tuple(cats.items())
        self._index = {c: i for i, c in enumerate(cats)}
        self.name = name
        self.sources: Mapping[tuple[str, str], str] = MappingProxyType(dict(sources or {}))
        self._parsed = parsed
        self.case_sensitive: frozenset[tuple[str, str]] = frozenset(cased)
        self.split_hyphens = bool(split_hyphens)
        self._terms: list[tuple[str, str]] | None = None
        self._matcher: _Matcher | None = None

    def with_options(self, *, split_hyphens: bool | None = None,
                     case_sensitive: Iterable[str | tuple[str, str]] | None = None) -> Lexicon:
        """A copy with other matching options (the entries, name and sources kept).

        >>> load_lexicon("frames").with_options(split_hyphens=True).split_hyphens
        True
        """
        return Lexicon(
            dict(self._cats), name=self.name, sources=dict(self.sources),
            case_sensitive=self.case_sensitive if case_sensitive is None else case_sensitive,
            split_hyphens=self.split_hyphens if split_hyphens is None else split_hyphens,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled without the compiled automaton (rebuilt on first use), for processes
        return (_rebuild, (dict(self._cats), self.name, dict(self.sources), sorted(self.case_sensitive),
                           self.split_hyphens))

    # -- data --
    @property
    def categories(self) -> Mapping[str, tuple[str, ...]]:
        """Read-only mapping: category name -> its entries, in the lexicon's order."""
        return self._cats

    def __len__(self) -> int:
        return sum(len(v) for v in self._cats.values())

    def __repr__(self) -> str:
        return f"Lexicon(name={self.name!r}, categories={len(self._cats)}, entries={len(self)})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Lexicon) and dict(self._cats) == dict(other._cats)
                and self.case_sensitive == other.case_sensitive and self.split_hyphens == other.split_hyphens)

    __hash__ = None  # type: ignore[assignment]

    def terms(self) -> list[tuple[str, str]]:
        """Every (category, entry) pair, in the lexicon's order.

        >>> Lexicon({"a": ["x", "y"], "b": ["x"]}).terms()
        [('a', 'x'), ('a', 'y'), ('b', 'x')]
        """
        return [(c, t) for c, entries in self._items for t in entries]

    # -- matching --
    def _pairs(self) -> list[tuple[str, str]]:
        if self._terms is None:
            self._terms = self.terms()
        return self._terms

    def _compiled(self) -> _Matcher:
        if self._matcher is None:
            self._matcher = _Matcher(self._items, self._parsed, case_sensitive=self.case_sensitive,
                                     split_hyphens=self.split_hyphens)
        return self._matcher

    def find(self, text: str, *, overlap: Overlap = "category") -> list[tuple[int, int, str, str]]:
        """Every match in ``text``: (start, end, category, entry), by position.

        >>> Lexicon({"time": ["long-term"]}).find("Long term, long–term.")
        [(0, 9, 'time', 'long-term'), (11, 20, 'time', 'long-term')]
        """
        _check_overlap(overlap)
        names = list(self._cats)
        pairs = self._pairs()
        h = _resolve(self._compiled().scan(text), overlap)
        return [(int(s), int(e), names[c], pairs[t][1]) for s, e, c, t in zip(h.start, h.end, h.cat, h.term)]

    def count(
        self,
        text: str,
        *,
        level: Literal["category", "term"] = "category",
        overlap: Overlap = "category",
    ) -> Counter:
        """Matches in ``text`` per category, or per (category, entry) with ``level="term"``.

        >>> sorted(Lexicon({"m": ["migra*", "illegal migration"]}).count(
        ...     "Illegal migration and migrants", level="term").items())
        [(('m', 'illegal migration'), 1), (('m', 'migra*'), 1)]
        """
        _check_overlap(overlap)
        if level not in ("category", "term"):
            raise ValueError(f"level must be 'category' or 'term', not {level!r}")
        h = _resolve(self._compiled().scan(text), overlap)
        if level == "category":
            names = list(self._cats)
            n = np.bincount(h.cat, minlength=len(names))
            return Counter({names[i]: int(n[i]) for i in np.flatnonzero(n)})
        pairs = self._pairs()
        n = np.bincount(h.term, minlength=len(pairs))
        return Counter({pairs[i]: int(n[i]) for i in np.flatnonzero(n)})

    # -- reading --
    @classmethod
    def from_yaml(cls, path: str | Path) -> Lexicon:
        """Read a lexicon from YAML: the package's format or quanteda's nested one.

        The package's format (see ``src/discourse/lexicons/topics.yml``)::

            name: my-lexicon
            categories:
              crime:
                source: why the category is there
                entries:
                  criminal gangs: why this entry is there
                  smuggl*: ...

        (``entries`` may also be a list of strings.) Anything else is read as a quanteda
        dictionary: keys are categories, values lists of entries or nested mappings,
        whose keys are joined with ``"."`` ("politics.foreign"). Scalars are read as
        written, so ``no`` or ``on`` stay words, not booleans. The file is parsed with
        ``yaml.safe_load``: tags that would build Python objects are refused.

        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "d.yml")
        >>> _ = open(p, "w").write("economy:\\n  - tax*\\npolitics:\\n  foreign: [treaty]\\n")
        >>> Lexicon.from_yaml(p).categories["politics.foreign"]
        ('treaty',)
        """
        return _read_yaml(Path(path))

    @classmethod
    def from_dic(cls, path: str | Path) -> Lexicon:
        """Read a LIWC-style ``.dic`` dictionary (numbered categories, ``*`` wildcards).

        The file has a header between two ``%`` lines giving ``id<TAB>name`` per
        category, then one entry per line followed by its category ids. Entries may be
        phrases ("kind of"); LIWC 2007's conditional codes (``(02 134)125/464``) are
        flattened to every category they name.

        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "d.dic")
        >>> _ = open(p, "w").write("%\\n1\\tposemo\\n2\\tnegemo\\n%\\nhappi*\\t1\\nsad\\t2\\n")
        >>> dict(Lexicon.from_dic(p).categories)
        {'posemo': ('happi*',), 'negemo': ('sad',)}
        """
        return _read_dic(Path(path))


def _rebuild(categories: dict, name: str | None, sources: dict, case_sensitive: list, split_hyphens: bool) -> Lexicon:
    return Lexicon(categories, name=name, sources=sources, case_sensitive=[tuple(c) for c in case_sensitive],
                   split_hyphens=split_hyphens)


def _check_overlap(overlap: str) -> None:
    if overlap not in _OVERLAPS:
        raise ValueError(f"overlap must be one of {', '.join(map(repr, _OVERLAPS))}, not {overlap!r}")


# --- reading files -----------------------------------------------------------------------


#: Nodes that YAML aliases may add to a file beyond those written in it. An alias
#: repeats the node its anchor names, and aliases of aliases multiply: 720 bytes can
#: stand for millions of categories (an "alias bomb"). Reusing a list of entries under a
#: few categories stays far below this.
MAX_ALIAS_NODES = 100_000


def safe_yaml(text: str, path: str | Path) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data of a YAML file, read safely.

    Refused, with a ``ValueError`` naming the file (and the line, where there is one):
    tags that would build Python objects or run code (``yaml.safe_load`` refuses them),
    aliases that expand the file by more than :data:`MAX_ALIAS_NODES` nodes or refer to
    themselves, and nesting too deep to read. Syntax errors raise ``yaml.YAMLError``.
    The expansion is counted on the composed tree, where each anchor is one node however
    often it is repeated, so a bomb is refused in a fraction of a second, before
    anything is built from it.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise ValueError(f"{path}: nested too deeply to read") from None
    if root is not None:
        _check_aliases(root, path)
    try:
        data = yaml.safe_load(text)  # refuses python/object tags and other unsafe constructs
    except RecursionError:
        raise ValueError(f"{path}: nested too deeply to read") from None
    return root, data


def _check_aliases(root: yaml.Node, path: str | Path) -> None:
    """Refuse aliases that expand too far or refer to themselves (see ``safe_yaml``)."""

    def children(node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.MappingNode):
            return [n for pair in node.value for n in pair]
        return list(node.value) if isinstance(node, yaml.SequenceNode) else []

    size: dict[int, int] = {}  # id of a node -> nodes in its tree, aliases expanded
    open_: set[int] = set()  # nodes whose tree is being counted: their ancestors on the stack
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    big: yaml.Node | None = None
    while stack:
        node, counted = stack.pop()
        key = id(node)
        if counted:
            open_.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children(node))
            if big is None and size[key] > MAX_ALIAS_NODES:
                big = node  # the first (innermost) tree to grow past the limit: named below
            continue
        if key in size:
            continue
        if key in open_:
            raise ValueError(f"{path}:{node.start_mark.line + 1}: a YAML alias refers to the node that holds it")
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children(node) if id(c) not in size)
    written = len(size)
    if size[id(root)] > written + MAX_ALIAS_NODES:
        line = (big or root).start_mark.line + 1
        raise ValueError(
            f"{path}:{line}: YAML aliases expand this file to {size[id(root)]:,} nodes from the "
            f"{written:,} written, more than {MAX_ALIAS_NODES:,} added (an alias bomb?); write "
            "the entries out instead")


def _read_yaml(path: Path) -> Lexicon:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise LexiconError(f"{path}: cannot read the lexicon file ({err.strerror})") from None
    try:
        root, _ = safe_yaml(text, path)
    except ValueError as err:
        raise LexiconError(str(err)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        if "<stream end>" in str(err) and getattr(err, "context_mark", None) is not None:
            mark = err.context_mark  # an unclosed bracket or quote: point at where it opens
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(err, "problem", None) or str(err)
        hint = ""
        if "python/" in str(err) or "constructor" in str(problem):
            hint = (" (lexicon files are read with yaml.safe_load; tags such as !!python/object "
                    "that would create objects or run code are refused)")
        raise LexiconError(f"{where}: not a valid lexicon file: {problem}{hint}") from None
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise LexiconError(f"{path}:{line}: a lexicon file must be a mapping of categories to entries")
    cats: dict[str, list[str]] = {}
    sources: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], int] = {}
    cased: set[tuple[str, str]] = set()
    split_hyphens = False
    top = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    ours = isinstance(top.get("categories"), yaml.MappingNode) and all(
        isinstance(v, yaml.MappingNode) and any(getattr(k, "value", None) == "entries" for k, _ in v.value)
        for _, v in top["categories"].value
    )
    name = path.stem
    if ours:
        if isinstance(top.get("name"), yaml.ScalarNode):
            name = top["name"].value
        if isinstance(top.get("split_hyphens"), yaml.ScalarNode):
            split_hyphens = _flag(top["split_hyphens"], path, "split_hyphens")
        for knode, vnode in top["categories"].value:
            cat = _scalar(knode, path, "a category name")
            fields = {k.value: v for k, v in vnode.value}
            cats.setdefault(cat, [])
            _read_entries(fields["entries"], cat, path, cats, sources, lines, cased)
    else:
        _read_quanteda(root, "", path, cats, sources, lines)
    try:
        return Lexicon(cats, name=name, sources=sources, case_sensitive=cased, split_hyphens=split_hyphens)
    except ValueError as err:
        # point at the line of the offending entry
        for (cat, term), line in lines.items():
            if repr(term) in str(err) and repr(cat) in str(err):
                raise LexiconError(f"{path}:{line}: {err}") from None
        raise LexiconError(f"{path}: {err}") from None


def _scalar(node: yaml.Node, path: Path, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise LexiconError(f"{path}:{node.start_mark.line + 1}: expected {what}, found a "
                           f"{'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
    return str(node.value)


def _flag(node: yaml.Node, path: Path, what: str) -> bool:
    value = _scalar(node, path, f"true or false for {what}").lower()
    if value not in ("true", "false", "yes", "no"):
        raise LexiconError(f"{path}:{node.start_mark.line + 1}: {what} must be true or false, not {value!r}")
    return value in ("true", "yes")


def _read_entries(node: yaml.Node, cat: str, path: Path, cats: dict, sources: dict, lines: dict,
                  cased: set | None = None) -> None:
    def add(term_node: yaml.Node, source: str | None, case_node: yaml.Node | None = None) -> None:
        term = _scalar(term_node, path, "an entry")
        line = term_node.start_mark.line + 1
        try:
            _parse_entry(term)
        except ValueError as err:
            raise LexiconError(f"{path}:{line}: category {cat!r}: {err}") from None
        cats[cat].append(term)
        lines.setdefault((cat, term), line)
        if source:
            sources.setdefault((cat, term), source)
        if case_node is not None and _flag(case_node, path, "case_sensitive") and cased is not None:
            cased.add((cat, term))

    if isinstance(node, yaml.ScalarNode):
        if node.value not in ("", "~", "null"):
            add(node, None)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                fields = {k.value: v for k, v in item.value}
                if "term" not in fields:
                    raise LexiconError(f"{path}:{item.start_mark.line + 1}: an entry written as a "
                                       "mapping needs a 'term' key")
                src = fields.get("source")
                add(fields["term"], _scalar(src, path, "a source") if src is not None else None,
                    fields.get("case_sensitive"))
            else:
                add(item, None)
    else:  # mapping entry -> source, or -> {source: ..., case_sensitive: true}
        for k, v in node.value:
            if isinstance(v, yaml.MappingNode):
                fields = {f.value: x for f, x in v.value}
                src = fields.get("source")
                add(k, _scalar(src, path, "a source text") if src is not None else None, fields.get("case_sensitive"))
            else:
                add(k, _scalar(v, path, "a source text") if isinstance(v, yaml.ScalarNode) else None)


def _read_quanteda(node: yaml.MappingNode, prefix: str, path: Path, cats: dict, sources: dict,
                   lines: dict) -> None:
    for knode, vnode in node.value:
        key = prefix + _scalar(knode, path, "a category name")
        if isinstance(vnode, yaml.MappingNode):
            _read_quanteda(vnode, key + ".", path, cats, sources, lines)
        else:
            cats.setdefault(key, [])
            _read_entries(vnode, key, path, cats, sources, lines)


_DIC_CODE_RE = re.compile(r"\d+")


def _read_dic(path: Path) -> Lexicon:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raw = path.read_text(encoding="latin-1")
    except OSError as err:
        raise LexiconError(f"{path}: cannot read the dictionary file ({err.strerror})") from None
    lines = raw.splitlines()
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not numbered or numbered[0][1] != "%":
        line = numbered[0][0] if numbered else 1
        raise LexiconError(f"{path}:{line}: a LIWC .dic file starts with a line holding only '%'")
    ids: dict[str, str] = {}
    k = 1
    while k < len(numbered) and numbered[k][1] != "%":
        lineno, line = numbered[k]
        parts = line.split(None, 1)
        if len(parts) != 2 or not parts[0].isdigit():
            raise LexiconError(f"{path}:{lineno}: expected a category as '<number> <name>', found {line!r}")
        num = parts[0].lstrip("0") or "0"
        if num in ids:
            raise LexiconError(f"{path}:{lineno}: category number {parts[0]} is defined twice")
        ids[num] = parts[1].strip()
        k += 1
    if k >= len(numbered):
        raise LexiconError(f"{path}:{numbered[-1][0]}: the category header is not closed by a '%' line")
    cats: dict[str, list[str]] = {name: [] for name in ids.values()}
    for lineno, line in numbered[k + 1:]:
        if "\t" in line:
            fields = [f.strip() for f in line.split("\t") if f.strip()]
            term, codes = fields[0], fields[1:]
        else:
            tokens = line.split()
            n = len(tokens)
            while n > 1 and _DIC_CODE_RE.fullmatch(re.sub(r"\([^)]*\)|/", "", tokens[n - 1]) or "x"):
                n -= 1
            term, codes = " ".join(tokens[:n]), tokens[n:]
        if not codes:
            raise LexiconError(f"{path}:{lineno}: entry {term!r} has no category number")
        found: list[str] = []
        for code in codes:
            nums = _DIC_CODE_RE.findall(re.sub(r"\([^)]*\)", "", code))
            if not nums:
                raise LexiconError(f"{path}:{lineno}: {code!r} is not a category number")
            for num in nums:
                num = num.lstrip("0") or "0"
                if num not in ids:
                    raise LexiconError(f"{path}:{lineno}: entry {term!r} names category {num}, "
                                       "which the header does not define")
                found.append(ids[num])
        try:
            _parse_entry(term)
        except ValueError as err:
            raise LexiconError(f"{path}:{lineno}: {err}") from None
        for cat in dict.fromkeys(found):
            cats[cat].append(term)
    return Lexicon(cats, name=path.stem)


@functools.cache
def _shipped(name: str) -> Lexicon:
    ref = resources.files("discourse") / "lexicons" / f"{name}.yml"
    with resources.as_file(ref) as p:
        return _read_yaml(Path(p))


def load_lexicon(name_or_path: str | Path | Lexicon | Mapping[str, Iterable[str]]) -> Lexicon:
    """A shipped lexicon by name, a lexicon file by path, or a mapping made a Lexicon.

    ``"topics"`` (policy topics after the Comparative Agendas Project) and ``"frames"``
    (frames after the Policy Frames Codebook, sharpened for migration and security) are
    shipped with the package; each entry's source is in the file. Paths ending in
    ``.yml``/``.yaml`` are read by :meth:`Lexicon.from_yaml`, ``.dic`` by
    :meth:`Lexicon.from_dic`. Shipped lexicons are read and compiled once per process.

    >>> lex = load_lexicon("frames")
    >>> lex.count("the criminal gangs", level="term")[("criminality", "criminal gangs")]
    1
    """
    if isinstance(name_or_path, Lexicon):
        return name_or_path
    if isinstance(name_or_path, Mapping):
        return Lexicon(name_or_path)
    if isinstance(name_or_path, str) and name_or_path in SHIPPED:
        return _shipped(name_or_path)
    path = Path(name_or_path)
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return Lexicon.from_yaml(path)
    if suffix == ".dic":
        return Lexicon.from_dic(path)
    raise ValueError(
        f"unknown lexicon {str(name_or_path)!r}: give one of {', '.join(map(repr, SHIPPED))}, "
        "a .yml/.yaml or .dic file, a mapping of categories to entries, or a Lexicon"
    )


# --- hits in utterances ----------------------------------------------------------------

_JOIN = "\n\n"


def _text_hits(texts: list[str], lex: Lexicon, overlap: str) -> tuple[np.ndarray, ...]:
    """Matches in ``texts``: (row, category index, term id, start, end) as arrays, start
    and end within the row's text.

    All texts are scanned in one pass, joined by a blank line (which no entry can cross).
    """
    if not texts:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z, z
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate(([0], np.cumsum(lengths + len(_JOIN))[:-1]))
    joined = _JOIN.join(texts)
    h = _resolve(lex._compiled().scan(joined), overlap)
    rows = np.searchsorted(offsets, h.start, side="right") - 1
    return (rows.astype(np.int64), h.cat.astype(np.int64), h.term.astype(np.int64),
            (h.start - offsets[rows]).astype(np.int64), (h.end - offsets[rows]).astype(np.int64))


def _hits(speech: pd.DataFrame, lex: Lexicon, overlap: str) -> pd.DataFrame:
    """Matches in the selected speech: row position, category index, term, start, end."""
    rows, cat, term, start, end = _text_hits(speech["text"].tolist(), lex, overlap)  # str: _select_speech made them so
    pairs = lex._pairs()
    return pd.DataFrame(
        {
            "row": rows,
            "cat": cat,
            "term": pd.Series([pairs[t][1] for t in term], dtype=object),
            "start": start,
            "end": end,
        }
    )


def match_terms(
    utterances: pd.DataFrame,
    lexicon: Lexicon | str | Path | Mapping[str, Iterable[str]],
    *,
    include_narration: bool = False,
    include_joint: bool = False,
    overlap: Overlap = "category",
) -> pd.DataFrame:
    """Every match of a lexicon's entries in the speech of an utterance table.

    Parameters
    ----------
    utterances : DataFrame
        Spans as returned by ``attribute`` (doc_id, start, speaker, mode, text; end,
        paragraph, sentence and joint where present). Not modified.
    lexicon : Lexicon, str, path or mapping
        A Lexicon, ``"topics"``/``"frames"``, a lexicon file, or a mapping of categories
        to entries (see :func:`load_lexicon`).
    include_narration : bool
        Also match in the writer's own words, as speaker ``"(narration)"``.
    include_joint : bool
        Also match in speech credited to several people together (``joint``).
    overlap : {"category", "lexicon", "all"}
        How nested matches count (see ``help(discourse.lexicon)``); quanteda's default
        ``"category"`` counts "criminal gangs" once and not again as "gangs".

    Returns
    -------
    DataFrame
        One row per match, in document order (then by start, end, category): doc_id,
        speaker (``"(unattributed)"`` for speech with no speaker), mode, category, term
        (the lexicon entry as written), match (the text matched, as in the document),
        start, end (character offsets into the document: the span's start plus the
        offset within its text), paragraph, sentence. A multi-word entry listed in two
        categories gives one row per category.

    Examples
    --------
    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> hits = match_terms(u, {"crime": ["criminal gangs", "criminal networks"]})
    >>> hits[["speaker", "term", "start", "end"]].to_string(index=False)
    '        speaker              term  start  end\\nEmmanuel Macron criminal networks   1242 1259\\n   Keir Starmer    criminal gangs   1924 1938'
    """
    lex = load_lexicon(lexicon)
    _check_overlap(overlap)
    speech = _select_speech(utterances, include_narration=include_narration, include_joint=include_joint)
    hits = _hits(speech, lex, overlap)
    rows = speech.iloc[hits["row"].to_numpy()]
    names = np.array(list(lex.categories) or [""], dtype=object)
    texts = rows["text"].astype(str).tolist()
    out = pd.DataFrame(
        {
            "doc_id": rows["doc_id"].to_numpy(),
            "speaker": rows["speaker"].to_numpy(),
            "mode": rows["mode"].to_numpy(),
            "category": names[hits["cat"].to_numpy()] if len(hits) else np.array([], dtype=object),
            "term": hits["term"].astype(object).to_numpy(),
            "match": [t[s:e] for t, s, e in zip(texts, hits["start"], hits["end"])],
            "start": (rows["start"].to_numpy() + hits["start"].to_numpy()).astype("int64"),
            "end": (rows["start"].to_numpy() + hits["end"].to_numpy()).astype("int64"),
            "paragraph": rows["paragraph"].to_numpy(),
            "sentence": rows["sentence"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)
