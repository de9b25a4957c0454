"""Measures over utterances: who speaks how much, about what, and in which terms.

Every function takes the long utterance table that ``attribute`` returns (see
``discourse.schema.UTTERANCE_COLUMNS``), never changes it, and returns a new long
table with raw counts next to the shares or rates computed from them.
"""

from __future__ import annotations

import functools
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .schema import SPEAKER_TYPES, require_columns

#: Label of the writer's own words in tables and figures.
NARRATION = "(narration)"
#: Label of speech whose speaker could not be found.
UNATTRIBUTED = "(unattributed)"

_SHARE_UNITS = {"words": "words", "quotes": "spans", "sentences": "sentences"}


#: A column of word counts that ``analyse_corpus`` adds to a batch once, so that the
#: share and both lexicons do not each count the words of the same spans again.
_WORDS = "_words"


def _as_strings(column: pd.Series) -> np.ndarray:
    """A text column as a numpy array of Python str, missing values as "".

    Not ``astype(str)``: in pandas 3 that converts to the Arrow-backed string dtype and
    back, which cost a third of the measures' time on a corpus.
    """
    return np.array([t if isinstance(t, str) else "" if pd.isna(t) else str(t)
                     for t in column.to_numpy(dtype=object)], dtype=object)


def speaker_share(
    utterances: pd.DataFrame,
    *,
    by: str = "words",
    include_joint: bool = False,
    by_document: bool = False,
    speaker_types: Iterable[str] | None = None,
    ci: str | None = "bootstrap",
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """How much each speaker says: words, quotes and sentences, and their shares.

    Parameters
    ----------
    utterances : DataFrame
        Spans as returned by ``attribute`` (columns doc_id, speaker, mode, sentence,
        text; ``joint`` where present). Not modified.
    by : {"words", "quotes", "sentences"}
        The unit of the ``share`` columns.
    include_joint : bool
        Speech credited to several people together ("the two leaders said") is a row of
        its own when True; when False it is left out of every speaker's counts and of
        the shares' denominator.
    by_document : bool
        One block of rows per doc_id instead of totals over the corpus.
    speaker_types : list of str, optional
        Count only the speech of these kinds of speaker (``discourse.schema.SPEAKER_TYPES``:
        person, group, organisation, document, unknown), e.g. ``["person"]`` to leave out
        documents, organisations and unnamed groups; every kind by default.
    ci : {"bootstrap", None}
        A percentile bootstrap interval for ``share`` (``share_ci_low``,
        ``share_ci_high``): over *documents* when the rows (or, with ``by_document``,
        the block) hold several documents, since words of one article are not
        independent; over the *spans of speech* (quotations and reported spans) of one
        document otherwise. ``attrs["share_ci"]`` says which ("documents" or "spans").
        Not computed for ``by="sentences"`` (a sentence can hold several spans). None:
        no interval (NaN columns).
    confidence : float
        Coverage of the interval (0.95).
    n_boot, seed : int
        Bootstrap resamples and random seed (the same seed gives the same interval).
        Which units each resample draws depends only on the seed and the number of
        units, so those draws are kept (32 MB at most) and reused: a loop over many
        articles pays for drawing them once per number of spans.

    Returns
    -------
    DataFrame
        One row per speaker, most words first (ties by name), then one row labelled
        ``"(narration)"`` for the writer's own words. Columns:

        - ``speaker``; ``joint`` (bool)
        - ``words``, ``direct_words``, ``reported_words``: words spoken, in quote
          marks, in reported speech (words are runs of word characters)
        - ``quotes``: spans of direct speech; ``reported``: spans of reported speech
        - ``sentences``: sentences in which the speaker speaks
        - ``share``, ``direct_share``, ``reported_share``: the speaker's fraction of
          all speakers' speech in the unit ``by`` (together, direct only, reported
          only); missing for narration
        - ``share_ci_low``, ``share_ci_high``: the interval of ``share`` (see ``ci``)
        - ``document_share``: fraction of all words of the document(s), narration
          included
        Speech with no identified speaker is the row ``"(unattributed)"``.

    Examples
    --------
    >>> import discourse
    >>> s = discourse.load_sample()
    >>> u = discourse.attribute(s.text, speakers=s.speakers)
    >>> share = speaker_share(u)
    >>> int(share.set_index("speaker").loc["Keir Starmer", "words"])
    155
    >>> starmer = share.set_index("speaker").loc["Keir Starmer"]
    >>> bool(starmer["share_ci_low"] < starmer["share"] < starmer["share_ci_high"]), share.attrs["share_ci"]
    (True, 'spans')
    """
    if ci not in ("bootstrap", None):
        raise ValueError(f"ci must be 'bootstrap' or None, not {ci!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1, not {confidence!r}")
    if by not in _SHARE_UNITS:
        raise ValueError(f"by must be one of {', '.join(_SHARE_UNITS)}, not {by!r}")
    require_columns(utterances, ("doc_id", "speaker", "mode", "sentence", "text"), what="utterances")
    # plain Python over the rows: a document has a few dozen, and pandas' grouping,
    # merging and sorting cost milliseconds a call whatever the size (issue 12)
    cols = _Columns(utterances)
    types = _type_set(speaker_types)
    doc, mode, sentence = cols.list("doc_id"), cols.list("mode"), cols.list("sentence")
    narration = [isinstance(m, str) and m == "narration" for m in mode]
    labels = _labels(cols.list("speaker"), narration)
    joint = _joint_flags(cols, narration)
    words = _word_counts(cols)
    kinds = cols.list("speaker_type") if types is not None and cols.has("speaker_type") else None

    doc_words: dict[Any, int] = {}  # per document, every row (narration and joint included)
    groups: dict[Any, _ShareRow] = {}
    speech: list[tuple[Any, Any, int, int]] = []  # (doc key, speaker, words, span) of kept speech rows
    for i, d in enumerate(doc):
        dk = _key(d)
        if dk is not _NA:
            doc_words[dk] = doc_words.get(dk, 0) + words[i]
        if joint[i] and not include_joint:
            continue
        if types is not None and not narration[i] and _kind(kinds, i) not in types:
            continue
        sp = labels[i]
        key = (dk, sp) if by_document else sp
        g = groups.get(key)
        if g is None:
            g = groups[key] = _ShareRow(d, sp)
        w, m = words[i], mode[i]
        g.joint = g.joint or joint[i]
        g.words += w
        g.sentences.add((dk, _key(sentence[i])))
        direct = isinstance(m, str) and m == "direct"
        reported = isinstance(m, str) and m == "reported"
        if direct:
            g.direct_words += w
            g.quotes += 1
        elif reported:
            g.reported_words += w
            g.reported += 1
        if not narration[i]:
            speech.append((dk, sp, w, int(direct or reported)))

    rows = list(groups.values())
    for g in rows:
        if g.speaker == NARRATION:  # the writer's words are no speech, whatever their mode says
            g.direct_words = g.reported_words = g.quotes = g.reported = 0
    unit = _SHARE_UNITS[by]
    direct_unit = {"words": "direct_words", "spans": "quotes", "sentences": None}[unit]
    reported_unit = {"words": "reported_words", "spans": "reported", "sentences": None}[unit]
    doc_keys = [_key(g.doc) for g in rows]
    is_narr = [g.speaker == NARRATION for g in rows]

    def share(col: str | None) -> list[float]:
        if col is None:  # sentences are not split by mode
            return [np.nan] * len(rows)
        values = [g.value(col) for g in rows]
        if by_document:
            totals: dict[Any, int] = {}
            for dk, v, narr in zip(doc_keys, values, is_narr):
                if not narr and dk is not _NA:
                    totals[dk] = totals.get(dk, 0) + v
            return [np.nan if narr or totals.get(dk, 0) <= 0 else v / totals[dk]
                    for dk, v, narr in zip(doc_keys, values, is_narr)]
        total = sum(v for v, narr in zip(values, is_narr) if not narr)
        return [np.nan if narr or total <= 0 else v / total for v, narr in zip(values, is_narr)]

    shares = [share(unit), share(direct_unit), share(reported_unit)]
    if by_document:
        document_share = [g.words / doc_words[dk] if doc_words.get(dk, 0) > 0 else np.nan
                          for g, dk in zip(rows, doc_keys)]
    else:
        total_words = sum(doc_words.values())
        document_share = [g.words / total_words if total_words else np.nan for g in rows]

    speaker_rank = _sort_ranks([g.speaker for g in rows])
    doc_rank = _sort_ranks([g.doc for g in rows]) if by_document else [0] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: (doc_rank[i], is_narr[i], -rows[i].words, speaker_rank[i]))
    low, high = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    resampled = None
    unit_of = {"words": 2, "spans": 3}.get(unit)  # the field of ``speech`` resampled
    if ci == "bootstrap" and unit_of is not None and rows:
        ordered = [(doc_keys[i], rows[i].speaker, j) for j, i in enumerate(order)]
        resampled = _share_intervals(speech, ordered, by_document, unit_of, low, high,
                                     confidence=confidence, n_boot=n_boot, seed=seed)

    def column(values: list[Any]) -> list[Any]:
        return [values[i] for i in order]

    data: dict[str, Any] = {}
    if by_document:
        data["doc_id"] = _keys_column([rows[i].doc for i in order], cols.dtype("doc_id"))
    data["speaker"] = _keys_column([rows[i].speaker for i in order], object)
    data["joint"] = np.array([rows[i].joint for i in order], dtype=bool)
    for name in ("words", "direct_words", "reported_words", "quotes", "reported"):
        data[name] = np.array([rows[i].value(name) for i in order], dtype=np.int64)
    data["sentences"] = np.array([len(rows[i].sentences) for i in order], dtype=np.int64)
    data["share"] = np.array(column(shares[0]), dtype=float)
    data["share_ci_low"], data["share_ci_high"] = low, high
    data["direct_share"] = np.array(column(shares[1]), dtype=float)
    data["reported_share"] = np.array(column(shares[2]), dtype=float)
    data["document_share"] = np.array(column(document_share), dtype=float)
    out = pd.DataFrame(data, copy=False)
    out.attrs["share_ci"] = resampled
    return out


class _ShareRow:
    """One speaker's (or one speaker's in one document) running counts."""

    __slots__ = ("doc", "speaker", "joint", "words", "direct_words", "reported_words", "quotes",
                 "reported", "sentences")

    def __init__(self, doc: Any, speaker: Any) -> None:
        self.doc, self.speaker, self.joint = doc, speaker, False
        self.words = self.direct_words = self.reported_words = self.quotes = self.reported = 0
        self.sentences: set[tuple[Any, Any]] = set()

    def value(self, name: str) -> int:
        if name == "spans":
            return self.quotes + self.reported
        return len(self.sentences) if name == "sentences" else getattr(self, name)


def _share_intervals(
    speech: list[tuple[Any, Any, int, int]], ordered: list[tuple[Any, Any, int]], by_document: bool,
    unit: int, low: np.ndarray, high: np.ndarray, *, confidence: float, n_boot: int, seed: int,
) -> str | None:
    """Fill ``low``/``high`` (by output row) with percentile bootstrap intervals of the
    shares; return the unit resampled ("documents", "spans", or None when nothing was).

    ``speech`` holds the kept speech rows as (document key, speaker, words, span);
    ``ordered`` the output rows as (document key, speaker, row), in the table's order.
    Per block (each document with ``by_document``, else all rows), the resampled units
    are the documents when the block holds several, else its spans.
    """
    resampler = _Resampler(seed, n_boot)
    blocks: dict[Any, list[tuple[Any, Any, int, int]]] = {}
    for s in speech:
        if not by_document:
            blocks.setdefault(None, []).append(s)
        elif s[0] is not _NA:
            blocks.setdefault(s[0], []).append(s)
    units = set()
    for doc, block in blocks.items():
        targets = [(sp, j) for dk, sp, j in ordered if (doc is None or dk == doc) and sp != NARRATION]
        col = {sp: i for i, (sp, _) in enumerate(targets)}
        docs = {s[0] for s in block if s[0] is not _NA}
        several = len(docs) > 1
        units.add("documents" if several else "spans")
        which = np.array([col.get(s[1], -1) for s in block], dtype=np.int64)
        value = np.array([s[unit] for s in block], dtype=float)
        mine = np.flatnonzero(which >= 0)
        if several:  # documents as first seen (pandas' codes, so as before), resampled as the report does
            codes = pd.factorize(np.array([np.nan if s[0] is _NA else s[0] for s in block], dtype=object),
                                 sort=False)[0]
            matrix = np.zeros((int(codes.max()) + 1, len(targets)))
            np.add.at(matrix, (codes[mine], which[mine]), value[mine])
            rng = resampler.generator(matrix.shape[0])
            lo, hi = _bootstrap_shares(matrix, rng, n_boot=n_boot, confidence=confidence)
            resampler.state = rng.bit_generator.state
        else:
            w = resampler.counts(len(block))  # spans by resamples
            tot = np.zeros((len(targets), n_boot))  # each speaker's words (or spans) per resample
            if len(mine):
                # a unit is one span of one speaker: a speaker's total is the sum of its
                # spans' rows of counts times their words, in whole numbers (the same as
                # the product by a matrix of them, without a threaded BLAS call)
                by = mine[np.argsort(which[mine], kind="stable")]
                starts = np.flatnonzero(np.r_[True, which[by][1:] != which[by][:-1]])
                tot[which[by][starts]] = np.add.reduceat(w[by] * value[by, None], starts, axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                draws = tot / tot.sum(axis=0, keepdims=True)
            lo, hi = _percentile_interval(draws, confidence)
        at = [j for _, j in targets]
        low[at], high[at] = lo, hi
    if not units:
        return None
    return units.pop() if len(units) == 1 else "documents or spans"


# --- reading utterance tables ------------------------------------------------------------

_NA = object()  # the key of a missing value: pandas groups every missing value together


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _key(value: Any) -> Any:
    return _NA if _missing(value) else value


class _Columns:
    """An utterance table's columns as Python lists, each read once.

    Every column taken from a table with ``attrs`` (``attribute`` keeps the speakers
    there) deep-copies them, which costs more than the column: columns are read from a
    view of the table without them.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = pd.DataFrame(frame, copy=False) if frame.attrs else frame
        self._lists: dict[str, list[Any]] = {}

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def list(self, name: str) -> list[Any]:
        if name not in self._lists:
            column = self.frame[name]
            dtype = column.dtype
            if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
                # the same strs (None where missing) as tolist, ten times faster
                import pyarrow

                self._lists[name] = pyarrow.array(column.array).to_pylist()
            else:
                self._lists[name] = column.tolist()
        return self._lists[name]

    def dtype(self, name: str) -> Any:
        return self.frame[name].dtype


def _labels(speakers: list[Any], narration: list[bool]) -> list[Any]:
    """Speaker labels as the measures count them: ``"(narration)"`` for the writer's
    words, ``"(unattributed)"`` for speech nobody is named for."""
    return [NARRATION if narr else UNATTRIBUTED if _missing(sp) else sp for sp, narr in zip(speakers, narration)]


def _joint_flags(cols: _Columns, narration: list[bool]) -> list[bool]:
    """``joint`` as booleans (missing as False; never for narration)."""
    if not cols.has("joint"):
        return [False] * len(narration)
    return [False if narr or _missing(j) else bool(j) for j, narr in zip(cols.list("joint"), narration)]


def _texts(cols: _Columns) -> list[str]:
    """The text column as str, missing values as "" (as ``_as_strings``)."""
    return [t if isinstance(t, str) else "" if _missing(t) else str(t) for t in cols.list("text")]


def _word_counts(cols: _Columns, texts: list[str] | None = None) -> list[int]:
    """Words per row: the ``_words`` column where ``analyse_corpus`` counted them once,
    else the ``\\w+`` runs of the text."""
    if cols.has(_WORDS):
        return [int(w) for w in cols.list(_WORDS)]
    return word_counts(_texts(cols) if texts is None else texts).tolist()


@functools.cache
def _word_chars() -> np.ndarray:
    """For each code point of the Basic Multilingual Plane: is it a word character (``\\w``:
    ``str.isalnum()`` or "_", as Python's ``re`` reads it)?"""
    return np.array([chr(i).isalnum() or i == 95 for i in range(0x10000)], dtype=bool)


def word_counts(texts: list[str]) -> np.ndarray:
    """``len(WORD_RE.findall(t))`` of each text, counted at once: the runs of word
    characters starting in each text, plus one where a text starts inside a run that the
    text before it began (the texts are read joined, so a run may cross into the next).

    >>> word_counts(["We're bringing", "new tac", "tics.", ""]).tolist()
    [3, 2, 1, 0]
    """
    if not texts:
        return np.zeros(0, dtype=np.int64)
    joined = "".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = _word_chars()[np.minimum(cps, 0xFFFF)]
    astral = np.flatnonzero(cps > 0xFFFF)
    if len(astral):
        word[astral] = [chr(int(c)).isalnum() for c in cps[astral]]
    starts = np.cumsum(word & ~np.concatenate(([False], word[:-1])))
    bounds = np.concatenate(([0], np.cumsum([len(t) for t in texts])))
    a, b = bounds[:-1], bounds[1:]
    before = np.concatenate(([0], starts))
    counts = before[b] - before[a]
    inside = (a > 0) & (a < b)  # a non-empty text after another: does it start inside a run?
    at = a[inside]
    counts[inside] += word[at] & word[at - 1]
    return counts.astype(np.int64)


def _type_set(speaker_types: Iterable[str] | None) -> set[str] | None:
    """The speaker types to keep (None: all), checked against ``SPEAKER_TYPES``."""
    if speaker_types is None:
        return None
    types = {speaker_types} if isinstance(speaker_types, str) else set(speaker_types)
    unknown = types - set(SPEAKER_TYPES)
    if unknown:
        raise ValueError(f"speaker_types {sorted(unknown)} are not among {', '.join(SPEAKER_TYPES)}")
    return types


def _kind(kinds: list[Any] | None, i: int) -> Any:
    """Row ``i``'s speaker type: "person" for a table without the column (written before
    it existed, or by hand), "unknown" where it is missing."""
    if kinds is None:
        return "person"
    k = kinds[i]
    return "unknown" if _missing(k) else k


def _sort_ranks(values: list[Any]) -> list[int]:
    """Each value's rank in ascending order, as pandas sorts a column (missing last)."""
    if all(isinstance(v, str) for v in values):
        rank = {v: i for i, v in enumerate(sorted(set(values)))}
        return [rank[v] for v in values]
    codes = pd.factorize(np.array(values, dtype=object), sort=True)[0]
    return [int(c) if c >= 0 else len(values) for c in codes]


def _keys_column(values: list[Any], empty_dtype: Any) -> Any:
    """A key column (doc_id, speaker) of an output table: its dtype inferred from the
    values, as pandas infers a grouping's keys, or ``empty_dtype`` when there are none."""
    return (pd.Series(values) if values else pd.Series([], dtype=empty_dtype)).array


# --- resampling ----------------------------------------------------------------------------

#: Resampling counts already drawn: (seed, n_boot, the sizes drawn for so far from that
#: seed) -> (the counts, the generator's state after them).
_DRAWS: OrderedDict[tuple[Any, ...], tuple[np.ndarray, dict[str, Any]]] = OrderedDict()
_DRAWS_BUDGET = 32 * 2**20  # bytes of counts kept at most
_DRAWS_LOCK = threading.Lock()
_draws_bytes = 0


class _Resampler:
    """The bootstrap's resampling counts of ``np.random.default_rng(seed)``: for each
    block in turn, how often each of its ``n`` units is drawn in each of ``n_boot``
    resamples (the rows of ``rng.multinomial(n, [1/n] * n)``, drawn 500 at a time), as
    floats.

    Rows are units, columns resamples. The counts depend on the seed and the sizes of
    the blocks drawn for before, not on the data, and drawing them is most of a
    bootstrap's time (2,000 x 40 binomials, 3 ms, for an article with 40 spans). So they
    are kept (32 MB at most, least recently used dropped first; a lock keeps threads
    from mixing them) and a later call with the same seed and sizes gets the same
    numbers without drawing them, nor even making the generator; a generator is made,
    and set where drawing the earlier blocks would have left it, only for counts not
    kept.
    """

    def __init__(self, seed: Any, n_boot: int) -> None:
        if n_boot < 1:
            raise ValueError(f"n_boot must be at least 1, not {n_boot!r}")
        self.key: tuple[Any, ...] = (repr(seed), n_boot)
        # only a fixed seed draws the same counts again (None: fresh entropy every call)
        self.keep = isinstance(seed, (int, np.integer))
        self.n_boot = n_boot
        self.seed = seed
        self.state: dict[str, Any] | None = None  # the generator's, after the blocks so far

    def generator(self, n: int) -> np.random.Generator:
        """The generator where drawing the blocks so far left it, for a block of ``n``
        units drawn by the caller (who sets ``state`` after)."""
        self.key = (*self.key, n)
        rng = np.random.default_rng(self.seed)
        if self.state is not None:
            rng.bit_generator.state = self.state
        return rng

    def counts(self, n: int) -> np.ndarray:
        global _draws_bytes
        self.key = (*self.key, n)
        with _DRAWS_LOCK:
            hit = _DRAWS.get(self.key) if self.keep else None
            if hit is not None:
                _DRAWS.move_to_end(self.key)
        if hit is not None:
            self.state = hit[1]
            return hit[0].astype(float)  # units by resamples
        rng = np.random.default_rng(self.seed)
        if self.state is not None:
            rng.bit_generator.state = self.state
        p = np.full(n, 1.0 / n)
        counts = np.concatenate([rng.multinomial(n, p, size=min(500, self.n_boot - start))
                                 for start in range(0, self.n_boot, 500)])
        self.state = rng.bit_generator.state
        counts = np.ascontiguousarray(counts.T)  # units by resamples
        small = counts.astype(np.min_scalar_type(n))
        if self.keep and small.nbytes <= _DRAWS_BUDGET // 4:
            with _DRAWS_LOCK:
                if self.key not in _DRAWS:
                    _DRAWS[self.key] = (small, self.state)
                    _draws_bytes += small.nbytes
                while _draws_bytes > _DRAWS_BUDGET:
                    _, (old, _) = _DRAWS.popitem(last=False)
                    _draws_bytes -= old.nbytes
        return counts.astype(float)


def _percentile_interval(draws: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of each row of ``draws`` (a quantity's resampled values):
    ``np.nanpercentile`` at 100·α/2 and 100·(1 − α/2), NaN for a row with no value.

    Without a NaN, the two quantiles come from one ``np.percentile`` over the rows,
    sorted first: the same numbers (``nanpercentile`` computes each row by that
    function, and the order statistics it picks do not depend on the order they come
    in), at a quarter of the time (numpy selects them from sorted values faster than it
    sorts them).
    """
    alpha = 1.0 - confidence
    q = [100 * alpha / 2, 100 * (1 - alpha / 2)]
    if not np.isnan(draws).any():
        both = np.percentile(np.sort(draws, axis=1), q, axis=1)
        return both[0], both[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN row: no speech drawn
        return np.nanpercentile(draws, q[0], axis=1), np.nanpercentile(draws, q[1], axis=1)


#: The bootstrap of shares draws at most about this many cells at a time (resamples by
#: clusters, and resamples by speakers), so that its memory does not grow with the number
#: of documents resampled or of speakers.
_BOOTSTRAP_CELLS = 1_000_000


def _bootstrap_shares(matrix: Any, rng: np.random.Generator, *, n_boot: int,
                      confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval of each column's share of its row totals, resampling the
    rows of ``matrix`` (clusters by speakers, a numpy array or a scipy sparse array of
    counts) with replacement ``n_boot`` times; ``rng`` is advanced as by one pass.

    The resamples are drawn a few rows at a time, and the speakers taken a block of
    columns at a time (each block drawing the same resamples again): neither changes a
    number, since the draws come one after another from ``rng`` and the sums are of
    whole numbers, exact in floating point.
    """
    alpha = 1.0 - confidence
    n, k = matrix.shape
    totals = np.asarray(matrix.sum(axis=1), dtype=float).ravel()
    per_draw = max(1, min(n_boot, _BOOTSTRAP_CELLS // max(n, 1)))
    per_block = max(1, _BOOTSTRAP_CELLS // max(n_boot, 1))
    low, high = np.full(k, np.nan), np.full(k, np.nan)
    state = rng.bit_generator.state
    for first in range(0, max(k, 1), per_block):
        rng.bit_generator.state = state
        block = matrix[:, first:first + per_block]
        shares = []
        for chunk in range(0, n_boot, per_draw):
            w = rng.multinomial(n, np.full(n, 1.0 / n), size=min(per_draw, n_boot - chunk)).astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                shares.append(np.asarray(w @ block) / (w @ totals)[:, None])
        draws = np.vstack(shares)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column: no speech drawn
            low[first:first + per_block] = np.nanpercentile(draws, 100 * alpha / 2, axis=0)
            high[first:first + per_block] = np.nanpercentile(draws, 100 * (1 - alpha / 2), axis=0)
    return low, high


# --- lexicon measures: topics and framing terms ------------------------------------------

_SPEECH_MODES = ("direct", "reported")


class _Speech(NamedTuple):
    """The rows whose words are counted (see ``_select_speech``), as plain lists."""

    rows: list[int]        # positions in the utterance table
    doc_id: list[Any]
    speaker: list[Any]     # labels: "(unattributed)" for no speaker, "(narration)"
    text: list[str]
    words: list[int]       # ``\\w+`` runs
    cols: _Columns         # the table they come from
    labels: list[Any]      # every row's label (kept or not)

    def empty_dtype(self, name: str) -> Any:
        """The dtype of the ``doc_id`` or ``speaker`` column of a table with no speaker:
        that of ``_select_speech``'s frame, where pandas infers it from every row."""
        if name == "speaker":
            return pd.Series(np.array(self.labels, dtype=object)).dtype
        return pd.Series(self.cols.frame["doc_id"].to_numpy()).dtype


def _speech(
    utterances: pd.DataFrame,
    *,
    include_narration: bool = False,
    include_joint: bool = False,
    speaker_types: Iterable[str] | None = None,
) -> _Speech:
    """The rows of speech that the measures count: direct and reported speech, and
    narration when ``include_narration``; joint speech only when ``include_joint``;
    only the speaker types given (``speaker_types``; narration always)."""
    require_columns(utterances, ("doc_id", "start", "speaker", "mode", "text"), what="utterances")
    cols = _Columns(utterances)
    types = _type_set(speaker_types)
    mode = cols.list("mode")
    narration = [isinstance(m, str) and m == "narration" for m in mode]
    joint = _joint_flags(cols, narration)
    kinds = cols.list("speaker_type") if types is not None and cols.has("speaker_type") else None
    rows = [i for i, (m, narr) in enumerate(zip(mode, narration))
            if ((isinstance(m, str) and m in _SPEECH_MODES) or (include_narration and narr))
            and (include_joint or not joint[i])
            and (types is None or narr or _kind(kinds, i) in types)]
    labels = _labels(cols.list("speaker"), narration)
    texts = [t if isinstance(t, str) else "" if _missing(t) else str(t) for t in map(cols.list("text").__getitem__, rows)]
    if cols.has(_WORDS):
        counts = cols.list(_WORDS)
        words = [int(counts[i]) for i in rows]
    else:
        words = word_counts(texts).tolist()
    doc = cols.list("doc_id")
    return _Speech(rows, [doc[i] for i in rows], [labels[i] for i in rows], texts, words, cols, labels)


def _select_speech(
    utterances: pd.DataFrame,
    *,
    include_narration: bool = False,
    include_joint: bool = False,
    speaker_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The rows whose words are counted (``_speech``), with speaker labels filled in, as
    a new frame.

    Speech (direct or reported) keeps its speaker, or ``"(unattributed)"``; narration is
    kept as ``"(narration)"`` when ``include_narration``; joint speech only when
    ``include_joint``; only the speaker types given (``speaker_types``). Columns: doc_id, start, end, speaker, mode, paragraph, sentence,
    joint, text, words (``\\w+`` runs), in the table's order.
    """
    speech = _speech(utterances, include_narration=include_narration, include_joint=include_joint,
                     speaker_types=speaker_types)
    u = utterances
    n = len(u)
    text = pd.Series(_as_strings(u["text"]), index=u.index, dtype=object)
    frame = pd.DataFrame(
        {
            "doc_id": u["doc_id"].to_numpy(),
            "start": u["start"].to_numpy(dtype="int64"),
            "end": (u["end"] if "end" in u.columns else u["start"] + text.str.len()).to_numpy(dtype="int64"),
            "speaker": np.array(speech.labels, dtype=object),
            "mode": u["mode"].to_numpy(),
            "paragraph": u["paragraph"].to_numpy() if "paragraph" in u.columns else pd.array([pd.NA] * n, dtype="Int64"),
            "sentence": u["sentence"].to_numpy() if "sentence" in u.columns else pd.array([pd.NA] * n, dtype="Int64"),
            "joint": (u["joint"].fillna(False).astype(bool).to_numpy() if "joint" in u.columns
                      else [False] * n),
            "text": text,  # a Series of dtype object: pandas would convert a bare array to "str"
            **({_WORDS: u[_WORDS].to_numpy()} if _WORDS in u.columns else {}),
        }
    )
    # new columns, not in-place writes: without pyarrow, pandas 3 may hold strings in a
    # read-only array here, and an in-place write raises
    frame["joint"] = frame["joint"].where(~frame["mode"].eq("narration"), False).astype(bool)
    frame = frame.iloc[speech.rows].reset_index(drop=True)
    frame["words"] = np.array(speech.words, dtype=np.int64)
    return frame


def _speaker_sort(doc: list[Any], speaker: list[Any], words: list[int]) -> list[int]:
    """The order of speakers (per doc_id, documents as first seen) by words spoken, most
    first, ties by name, narration last."""
    first = {d: i for i, d in enumerate(dict.fromkeys(doc))}
    return sorted(range(len(speaker)),
                  key=lambda i: (first[doc[i]], speaker[i] == NARRATION, -words[i], str(speaker[i])))


def _speaker_order(words: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Speakers (per doc_id) by words spoken, most first, ties by name, narration last."""
    # a Python sort of a few dozen rows: pandas' sort_values costs milliseconds a call,
    # which analyse_corpus pays for every batch
    speaker, count = words["speaker"].tolist(), words["words"].tolist()
    doc = words["doc_id"].tolist() if "doc_id" in keys else [None] * len(speaker)
    return words.iloc[_speaker_sort(doc, speaker, count)][keys + ["words"]].reset_index(drop=True)


def _clopper_pearson(count: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial interval for count/n; NaN where n is 0."""
    alpha = 1.0 - confidence
    n = n.astype(float)
    k = np.minimum(count.astype(float), n)
    # each distinct (k, n) once, and only the bounds that are not 0 or 1, in one call:
    # most cells of a table are the zeros of a few speakers (the same numbers: the
    # quantile is computed cell by cell)
    whole = bool(np.all(k == np.floor(k)) and np.all(n == np.floor(n)) and np.all(k >= 0))
    width = float(k.max(initial=0.0)) + 1.0
    if whole and width * (float(n.max(initial=0.0)) + 1.0) < 2.0**52:
        _, first, back = np.unique(n * width + k, return_index=True, return_inverse=True)
        back = back.reshape(-1)
    else:  # not whole counts: every cell on its own
        first = back = np.arange(len(k))
    uk, un = k[first], n[first]
    lower, upper = np.flatnonzero(uk > 0), np.flatnonzero(uk < un)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.concatenate([np.full(len(lower), alpha / 2), np.full(len(upper), 1 - alpha / 2)])
        a = np.concatenate([uk[lower], uk[upper] + 1])
        b = np.concatenate([un[lower] - uk[lower] + 1, un[upper] - uk[upper]])
        bounds = _beta_ppf(q, a, b) if len(q) else q
    low_u, high_u = np.zeros(len(uk)), np.ones(len(uk))
    low_u[lower], high_u[upper] = bounds[:len(lower)], bounds[len(lower):]
    low, high = low_u[back], high_u[back]
    empty = n <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def _beta_ppf(q: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``scipy.stats.beta.ppf(q, a, b)``: for arguments it takes as they are (0 < q < 1,
    a and b positive and finite), its ``_ppf``, the same numbers without the argument
    handling that costs ten times the quantiles of a small table."""
    from scipy.stats import beta

    if np.all((q > 0) & (q < 1) & (a > 0) & (b > 0) & np.isfinite(a) & np.isfinite(b)):
        return beta._ppf(q, a, b)
    return beta.ppf(q, a, b)


def _bootstrap(
    speech: _Speech,
    hit_rows: np.ndarray,
    hit_items: np.ndarray,
    speakers: dict[Any, int],
    n_items: int,
    by_document: bool,
    *,
    confidence: float,
    n_boot: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the rate, resampling a speaker's spans with replacement.

    ``hit_rows`` and ``hit_items`` give each match's row of ``speech`` and its item (its
    category or entry: the column of the table, -1 for none); ``speakers`` maps each
    speaker's key to its position in the table, whose rows are speakers by items."""
    resampler = _Resampler(seed, n_boot)
    low = np.full(len(speakers) * n_items, np.nan)
    high = np.full(len(speakers) * n_items, np.nan)
    groups: dict[Any, list[int]] = {}  # each speaker's rows, speakers as first seen
    for r, (d, sp) in enumerate(zip(speech.doc_id, speech.speaker)):
        if by_document and _missing(d):
            continue
        groups.setdefault((d, sp) if by_document else sp, []).append(r)
    local = np.full(len(speech.rows), -1, dtype=np.int64)
    for key, rows in groups.items():
        words = np.array([speech.words[r] for r in rows], dtype=float)
        local[rows] = np.arange(len(rows))
        counts = np.zeros((len(rows), n_items))
        mine = np.isin(hit_rows, rows) & (hit_items >= 0)
        np.add.at(counts, (local[hit_rows[mine]], hit_items[mine]), 1)
        w = resampler.counts(len(rows)).T  # resamples by units
        tot = w @ words
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = (w @ counts) / tot[:, None] * 1000.0
        at = speakers.get(key)
        if at is None or words.sum() <= 0:
            continue
        cells = slice(at * n_items, (at + 1) * n_items)
        low[cells], high[cells] = _percentile_interval(rates.T, confidence)
    return low, high


def _lexicon_rates(
    utterances: pd.DataFrame,
    lexicon: Any,
    *,
    level: str,
    include_narration: bool,
    include_joint: bool,
    by_document: bool,
    ci: str | None,
    overlap: str,
    all_terms: bool,
    confidence: float,
    n_boot: int,
    seed: int,
    speech: _Speech | None = None,
    speaker_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The rows of ``topic_frequency`` and ``framing_terms``. ``speech``, when given, is
    ``_speech`` of the utterances with the same options, computed once by a caller that
    counts several lexicons."""
    from .lexicon import _check_overlap, load_lexicon

    if level not in ("category", "term"):
        raise ValueError(f"level must be 'category' or 'term', not {level!r}")
    if ci not in ("exact", "bootstrap", None):
        raise ValueError(f"ci must be 'exact', 'bootstrap' or None, not {ci!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1, not {confidence!r}")
    _check_overlap(overlap)
    lex = load_lexicon(lexicon)
    if speech is None:
        speech = _speech(utterances, include_narration=include_narration, include_joint=include_joint,
                         speaker_types=speaker_types)

    t = _tally(speech, lex, level=level, overlap=overlap, all_terms=all_terms, by_document=by_document)
    data = _grid(t.speakers, t.words, t.items, t.count)
    if ci == "exact":
        low, high = _clopper_pearson(data["count"], data["words"], confidence)
        data["ci_low"], data["ci_high"] = low * 1000.0, high * 1000.0
    elif ci == "bootstrap":
        data["ci_low"], data["ci_high"] = _bootstrap(speech, t.hit_rows, t.hit_items, t.speaker_at, t.n_items,
                                                     by_document, confidence=confidence, n_boot=n_boot, seed=seed)
    else:
        data["ci_low"] = data["ci_high"] = np.full(len(t.count), np.nan)
    return pd.DataFrame(data, copy=False)


class _Tally(NamedTuple):
    """A lexicon's matches per speaker and item (category or entry), as ``_tally`` counts them."""

    speakers: dict[str, Any]   # key columns (doc_id, speaker), one value per speaker, in the table's order
    words: np.ndarray          # each speaker's words
    items: dict[str, Any]      # item columns (category, term), one value per item
    n_items: int
    count: np.ndarray          # speaker by speaker, item by item
    speaker_at: dict[Any, int]  # a speaker's key -> its position
    hit_rows: np.ndarray       # each match's row of speech
    hit_items: np.ndarray      # and its item (-1: not in the table)


def _tally(speech: _Speech, lex: Any, *, level: str, overlap: str, all_terms: bool, by_document: bool) -> _Tally:
    """Count a lexicon's matches in ``speech`` per speaker and item."""
    from .lexicon import _text_hits

    # each speaker's words, speakers as first seen, then in the table's order
    totals: dict[Any, list[Any]] = {}
    for d, sp, w in zip(speech.doc_id, speech.speaker, speech.words):
        entry = totals.get((_key(d), sp) if by_document else sp)
        if entry is None:
            totals[(_key(d), sp) if by_document else sp] = [d, sp, w]
        else:
            entry[2] += w
    entries = list(totals.values())
    order = _speaker_sort([e[0] if by_document else None for e in entries], [e[1] for e in entries],
                          [e[2] for e in entries])
    found = list(totals)
    speaker_at = {found[i]: at for at, i in enumerate(order)}
    speaker_cols: dict[str, Any] = {}
    for pos, name in ((0, "doc_id"), (1, "speaker")) if by_document else ((1, "speaker"),):
        values = [entries[i][pos] for i in order]
        speaker_cols[name] = _keys_column(values, None if values else speech.empty_dtype(name))
    words = np.array([entries[i][2] for i in order], dtype=np.int64)

    names, pairs = list(lex.categories), lex._pairs()
    rows, cat, term, _, _ = _text_hits(speech.text, lex, overlap)
    hit_key = [(_key(speech.doc_id[r]), speech.speaker[r]) if by_document else speech.speaker[r] for r in rows.tolist()]
    if level == "category":
        items = [(c,) for c in names]
        hit_item = [(names[c],) for c in cat.tolist()]
    else:
        hit_item = [pairs[t] for t in term.tolist()]
        used = None if all_terms else set(hit_item)
        items = [p for p in pairs if used is None or p in used]
    item_at = {it: i for i, it in enumerate(items)}
    hit_items = np.array([item_at.get(it, -1) for it in hit_item], dtype=np.int64)
    hit_speakers = np.array([speaker_at[k] for k in hit_key], dtype=np.int64)
    kept = hit_items >= 0
    count = np.bincount(hit_speakers[kept] * len(items) + hit_items[kept], minlength=len(words) * len(items))
    return _Tally(speaker_cols, words, _item_columns(lex, level, items, all_terms), len(items), count,
                  speaker_at, rows, hit_items)


def _lexicon_counts(speech: _Speech, lex: Any, *, level: str, overlap: str) -> pd.DataFrame:
    """The cells of ``_lexicon_rates`` (one document set, ``all_terms=False``) whose
    count is above zero: speaker, category[, term], count, in the table's order, without
    building the table's every other cell (``analyse_corpus`` adds up only these)."""
    t = _tally(speech, lex, level=level, overlap=overlap, all_terms=False, by_document=False)
    cells = np.flatnonzero(t.count)
    data = {k: v.take(cells // max(t.n_items, 1)) for k, v in t.speakers.items()}
    data.update({k: v.take(cells % max(t.n_items, 1)) for k, v in t.items.items()})
    data["count"] = t.count[cells].astype(np.int64)
    return pd.DataFrame(data, copy=False)


#: The item columns of a lexicon table, per lexicon and level (a Lexicon is immutable):
#: id -> (the lexicon, level, columns).
_ITEM_COLUMNS: OrderedDict[tuple[int, str], tuple[Any, dict[str, Any]]] = OrderedDict()


def _item_columns(lex: Any, level: str, items: list[tuple[str, ...]], all_terms: bool) -> dict[str, Any]:
    """The category (and term) columns of ``items``, one value per item; those of every
    item of a lexicon are built once."""
    cols = ["category"] if level == "category" else ["category", "term"]
    key = (id(lex), level)
    if all_terms or level == "category":
        hit = _ITEM_COLUMNS.get(key)
        if hit is not None and hit[0] is lex:
            return hit[1]
    columns = {c: _keys_column([it[j] for it in items], object) for j, c in enumerate(cols)}
    if all_terms or level == "category":
        _ITEM_COLUMNS[key] = (lex, columns)
        while len(_ITEM_COLUMNS) > 16:
            _ITEM_COLUMNS.popitem(last=False)
    return columns


def _grid(speakers: Mapping[str, Any], words: np.ndarray, items: Mapping[str, Any], count: np.ndarray) -> dict[str, Any]:
    """The columns of a table of every speaker by every item: the key columns
    (``speakers``, one value per speaker, and ``items``, one per item), ``count`` (given
    speaker by speaker, item by item), the speaker's ``words`` and the rate per 1,000
    words (NaN for no words)."""
    n_items = len(next(iter(items.values())))
    every_speaker = np.repeat(np.arange(len(words)), n_items)
    every_item = np.tile(np.arange(n_items), len(words))
    data = {k: v.take(every_speaker) for k, v in speakers.items()}
    data.update({k: v.take(every_item) for k, v in items.items()})
    data["count"] = count.astype(np.int64)
    data["words"] = np.repeat(words.astype(np.int64), n_items)
    with np.errstate(invalid="ignore", divide="ignore"):
        spoken = data["words"] > 0
        data["rate"] = np.where(spoken, data["count"] * 1000.0 / np.where(spoken, data["words"], np.nan), np.nan)
    return data


def _lexicon_items(lex: Any, level: str, used: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The rows a lexicon table has per speaker: its categories, or its (category, term)
    entries (only those in ``used``, when given)."""
    if level == "category":
        return pd.DataFrame({"category": list(lex.categories)})
    pairs = [p for p in lex.terms() if used is None or p in used]
    if not pairs:
        return pd.DataFrame({"category": pd.Series([], dtype=object), "term": pd.Series([], dtype=object)})
    return pd.DataFrame(pairs, columns=["category", "term"])


def _count_table(speakers: pd.DataFrame, items: pd.DataFrame, found: Mapping[tuple, int], keys: list[str],
                 *, confidence: float | None = None) -> pd.DataFrame:
    """Every speaker (a row of ``speakers``: ``keys`` and words, in order) by every item,
    with its count from ``found`` (keys then item -> count; zero where absent), its rate
    per 1,000 words and, given a ``confidence``, its exact interval."""
    speaker_at = {k: i for i, k in enumerate(zip(*(speakers[k].tolist() for k in keys)))}
    item_at = {k: i for i, k in enumerate(zip(*(items[c].tolist() for c in items.columns)))}
    count = np.zeros(len(speakers) * len(items), dtype=np.int64)
    for key, n in found.items():
        s, i = speaker_at.get(key[:len(keys)]), item_at.get(key[len(keys):])
        if s is not None and i is not None:
            count[s * len(items) + i] = n
    data = _grid({k: speakers[k].array for k in keys}, speakers["words"].to_numpy(),
                 {c: items[c].array for c in items.columns}, count)
    if confidence is not None:
        low, high = _clopper_pearson(data["count"], data["words"], confidence)
        data["ci_low"], data["ci_high"] = low * 1000.0, high * 1000.0
    return pd.DataFrame(data, copy=False)


def _exact_ci(table: pd.DataFrame, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson bounds of a count table's rates, per 1,000 words."""
    low, high = _clopper_pearson(table["count"].to_numpy(), table["words"].to_numpy(), confidence)
    return low * 1000.0, high * 1000.0


_LEXICON_PARAMS = """
    utterances : DataFrame
        Spans as returned by ``attribute`` (doc_id, start, speaker, mode, text; joint,
        paragraph, sentence where present). Not modified.
    lexicon : Lexicon, str, path or mapping
        ``"topics"``, ``"frames"``, a lexicon file (.yml, .dic), a mapping of categories
        to entries, or a Lexicon (see ``discourse.load_lexicon``).
    level : {"category", "term"}
        One row per speaker and category, or per speaker, category and entry.
    include_narration : bool
        Also count the writer's own words, as the speaker ``"(narration)"``.
    include_joint : bool
        Count speech credited to several people together ("the two leaders said") under
        its ``speaker`` label; left out by default, as in ``speaker_share``.
    by_document : bool
        One block of rows per doc_id (speakers present in that document).
    ci : {"exact", "bootstrap", None}
        The interval for the rate. ``"exact"`` (default): the Clopper–Pearson binomial
        interval for count/words, treating each word as a trial, times 1,000.
        ``"bootstrap"``: percentile interval over ``n_boot`` resamples of the speaker's
        spans (utterance rows) with replacement, seeded by ``seed`` (so repeatable);
        it reflects clustering of terms in spans, which the binomial interval ignores.
    overlap : {"category", "lexicon", "all"}
        How nested matches count (quanteda's rule by default: "criminal gangs" once, not
        again as "gangs"); see ``help(discourse.lexicon)``.
    all_terms : bool
        With ``level="term"``: a row for every entry of the lexicon (True), or only for
        entries some speaker used (False). Every speaker gets the same rows either way.
    confidence : float
        Coverage of the interval (0.95).
    n_boot, seed : int
        Bootstrap resamples and random seed (``ci="bootstrap"`` only).
    speaker_types : list of str, optional
        Count only the speech of these kinds of speaker (person, group, organisation,
        document, unknown; see ``speaker_share``); every kind by default.

    Returns
    -------
    DataFrame
        Columns ``[doc_id,] speaker, category, [term,] count, words, rate, ci_low,
        ci_high``: ``count`` matches, ``words`` the speaker's words (``\\w+`` runs, as in
        ``speaker_share``), ``rate`` per 1,000 words and its interval. Every speaker has
        a row for every category (and entry), zero counts included. A speaker with no
        words has a missing (NaN) rate and interval. Speakers are ordered by words
        spoken (most first, ties by name, narration last); categories and entries keep
        the lexicon's order. The caller's frame is not changed.
"""


def topic_frequency(
    utterances: pd.DataFrame,
    lexicon: Any = "topics",
    *,
    level: str = "category",
    include_narration: bool = False,
    include_joint: bool = False,
    by_document: bool = False,
    ci: str | None = "exact",
    overlap: str = "category",
    all_terms: bool = True,
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    speaker_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """What each speaker talks about: matches of a topic lexicon per speaker and topic.

    Examples
    --------
    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> t = topic_frequency(u).set_index(["speaker", "category"])
    >>> int(t.loc[("Keir Starmer", "defence_security"), "count"])
    6
    """
    return _lexicon_rates(
        utterances, lexicon, level=level, include_narration=include_narration,
        include_joint=include_joint, by_document=by_document, ci=ci, overlap=overlap,
        all_terms=all_terms, confidence=confidence, n_boot=n_boot, seed=seed, speaker_types=speaker_types,
    )


def framing_terms(
    utterances: pd.DataFrame,
    lexicon: Any = "frames",
    *,
    level: str = "term",
    include_narration: bool = False,
    include_joint: bool = False,
    by_document: bool = False,
    ci: str | None = "exact",
    overlap: str = "category",
    all_terms: bool = True,
    confidence: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    speaker_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """How each speaker frames things: matches of a frame lexicon per speaker and term.

    The same computation as ``topic_frequency``, with the frames lexicon and one row per
    entry by default.

    Examples
    --------
    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> f = framing_terms(u).set_index(["speaker", "term"])
    >>> int(f.loc[("Keir Starmer", "criminal gangs"), "count"])
    1
    """
    return _lexicon_rates(
        utterances, lexicon, level=level, include_narration=include_narration,
        include_joint=include_joint, by_document=by_document, ci=ci, overlap=overlap,
        all_terms=all_terms, confidence=confidence, n_boot=n_boot, seed=seed, speaker_types=speaker_types,
    )


for _f in (topic_frequency, framing_terms):
    _f.__doc__ = (_f.__doc__ or "").rstrip() + "\n\n    Parameters\n    ----------" + _LEXICON_PARAMS
del _f
