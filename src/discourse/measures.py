"""Measures over utterances: who speaks how much, about what, and in which terms.

Every function takes the long utterance table that ``attribute`` returns (see
``discourse.schema.UTTERANCE_COLUMNS``), never changes it, and returns a new long
table with raw counts next to the shares or rates computed from them.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .schema import SPEAKER_TYPES, require_columns
from .text import WORD_RE

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


def _span_words(utterances: pd.DataFrame) -> pd.Series:
    if _WORDS in utterances.columns:
        return utterances[_WORDS].astype("int64")
    counts = [len(WORD_RE.findall(t)) for t in _as_strings(utterances["text"])]
    return pd.Series(counts, index=utterances.index, dtype="int64")


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
    u = utterances
    joint = u["joint"].fillna(False).astype(bool) if "joint" in u.columns else pd.Series(False, index=u.index)
    frame = pd.DataFrame(
        {
            "doc_id": u["doc_id"],
            "speaker": u["speaker"].astype(object).where(u["speaker"].notna(), UNATTRIBUTED),
            "joint": joint,
            "mode": u["mode"],
            "sentence": u["sentence"],
            "words": _span_words(u),
        }
    )
    narration = frame["mode"].eq("narration")
    # new columns, not in-place writes: without pyarrow, pandas 3 may hold strings in a
    # read-only array here, and an in-place write raises
    frame["speaker"] = frame["speaker"].where(~narration, NARRATION)
    frame["joint"] = frame["joint"].where(~narration, False).astype(bool)
    doc_words = frame.groupby("doc_id", sort=False)["words"].sum()
    if not include_joint:
        frame = frame[~frame["joint"]]
    frame = frame[_of_types(u.loc[frame.index], speaker_types)]

    keys = ["doc_id", "speaker"] if by_document else ["speaker"]
    direct = frame["mode"].eq("direct")
    reported = frame["mode"].eq("reported")
    frame = frame.assign(
        direct_words=frame["words"].where(direct, 0),
        reported_words=frame["words"].where(reported, 0),
        quotes=direct.astype("int64"),
        reported=reported.astype("int64"),
        spans=(direct | reported).astype("int64"),
    )
    agg = frame.groupby(keys, sort=False, dropna=False).agg(
        joint=("joint", "any"),
        words=("words", "sum"),
        direct_words=("direct_words", "sum"),
        reported_words=("reported_words", "sum"),
        quotes=("quotes", "sum"),
        reported=("reported", "sum"),
        spans=("spans", "sum"),
    ).reset_index()
    # sentences a speaker speaks in: distinct (doc_id, sentence) pairs, counted from
    # deduplicated rows (a nunique over tuples costs as much as the rest of the table)
    sentences = (
        frame[list(dict.fromkeys([*keys, "doc_id", "sentence"]))].drop_duplicates()
        .groupby(keys, sort=False, dropna=False).size().rename("sentences").reset_index()
    )
    agg = agg.merge(sentences, on=keys, how="left", sort=False)
    is_narr = agg["speaker"].eq(NARRATION)
    agg.loc[is_narr, ["direct_words", "reported_words", "quotes", "reported", "spans"]] = 0

    unit = _SHARE_UNITS[by]
    direct_unit = {"words": "direct_words", "spans": "quotes", "sentences": None}[unit]
    reported_unit = {"words": "reported_words", "spans": "reported", "sentences": None}[unit]
    group = agg.loc[~is_narr].groupby(keys[:-1]) if by_document else None

    def share(col: str | None) -> pd.Series:
        if col is None:  # sentences are not split by mode
            return pd.Series(float("nan"), index=agg.index)
        values = agg[col].where(~is_narr)
        total = agg["doc_id"].map(group[col].sum()) if by_document else values.sum()
        return values / pd.Series(total, index=agg.index).where(lambda t: t > 0)

    agg["share"] = share(unit)
    agg["direct_share"] = share(direct_unit)
    agg["reported_share"] = share(reported_unit)
    if by_document:
        agg["document_share"] = agg["words"] / agg["doc_id"].map(doc_words).where(lambda t: t > 0)
    else:
        total_words = doc_words.sum()
        agg["document_share"] = agg["words"] / total_words if total_words else float("nan")

    agg["_narr"] = is_narr
    order = (["doc_id"] if by_document else []) + ["_narr", "words", "speaker"]
    agg = agg.sort_values(order, ascending=[True] * by_document + [True, False, True], kind="mergesort")
    unit_of = {"words": "words", "spans": "spans"}.get(unit)
    agg["share_ci_low"], agg["share_ci_high"] = np.nan, np.nan
    resampled = None
    if ci == "bootstrap" and unit_of is not None and len(agg):
        resampled = _share_intervals(frame[~frame["mode"].eq("narration")], agg, keys, unit_of,
                                     confidence=confidence, n_boot=n_boot, seed=seed)
    columns = (["doc_id"] if by_document else []) + [
        "speaker", "joint", "words", "direct_words", "reported_words", "quotes", "reported",
        "sentences", "share", "share_ci_low", "share_ci_high", "direct_share", "reported_share",
        "document_share",
    ]
    out = agg[columns].reset_index(drop=True)
    for col in ("words", "direct_words", "reported_words", "quotes", "reported", "sentences"):
        out[col] = out[col].astype("int64")
    out.attrs["share_ci"] = resampled
    return out


def _share_intervals(
    speech: pd.DataFrame, agg: pd.DataFrame, keys: list[str], unit: str, *,
    confidence: float, n_boot: int, seed: int,
) -> str | None:
    """Fill agg's share_ci_low/high (in place) with percentile bootstrap intervals;
    return the unit resampled ("documents", "spans", or None when nothing was)."""
    rng = np.random.default_rng(seed)
    blocks = speech.groupby("doc_id", sort=False) if "doc_id" in keys else [(None, speech)]
    units = set()
    for doc, block in blocks:
        if not len(block):
            continue
        rows = agg.index[agg["doc_id"].eq(doc)] if doc is not None else agg.index
        rows = rows[agg.loc[rows, "speaker"].ne(NARRATION)]
        speakers = agg.loc[rows, "speaker"].tolist()
        col = {sp: i for i, sp in enumerate(speakers)}
        several = block["doc_id"].nunique() > 1
        cluster = block["doc_id"] if several else pd.Series(np.arange(len(block)), index=block.index)
        units.add("documents" if several else "spans")
        codes, _ = pd.factorize(cluster, sort=False)
        matrix = np.zeros((codes.max() + 1, len(speakers)))
        which = block["speaker"].map(col).to_numpy()
        ok = ~pd.isna(which)
        np.add.at(matrix, (codes[ok], which[ok].astype(np.int64)), block[unit].to_numpy(dtype=float)[ok])
        agg.loc[rows, "share_ci_low"], agg.loc[rows, "share_ci_high"] = _bootstrap_shares(
            matrix, rng, n_boot=n_boot, confidence=confidence)
    if not units:
        return None
    return units.pop() if len(units) == 1 else "documents or spans"


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


def _of_types(utterances: pd.DataFrame, speaker_types: Iterable[str] | None) -> pd.Series:
    """Which rows to keep: narration, and speech whose ``speaker_type`` is one of
    ``speaker_types`` (every row when None). A table without the column (written before
    it existed, or by hand) counts its speakers as people."""
    if speaker_types is None:
        return pd.Series(True, index=utterances.index)
    types = {speaker_types} if isinstance(speaker_types, str) else set(speaker_types)
    unknown = types - set(SPEAKER_TYPES)
    if unknown:
        raise ValueError(f"speaker_types {sorted(unknown)} are not among {', '.join(SPEAKER_TYPES)}")
    narration = utterances["mode"].eq("narration")
    if "speaker_type" not in utterances.columns:
        kind = pd.Series("person", index=utterances.index)
    else:
        kind = utterances["speaker_type"].astype(object).where(utterances["speaker_type"].notna(), "unknown")
    return narration | kind.isin(types)


def _select_speech(
    utterances: pd.DataFrame,
    *,
    include_narration: bool = False,
    include_joint: bool = False,
    speaker_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The rows whose words are counted, with speaker labels filled in (a new frame).

    Speech (direct or reported) keeps its speaker, or ``"(unattributed)"``; narration is
    kept as ``"(narration)"`` when ``include_narration``; joint speech only when
    ``include_joint``; only the speaker types given (``speaker_types``). Columns: doc_id, start, end, speaker, mode, paragraph, sentence,
    joint, text, words (``\\w+`` runs), in the table's order.
    """
    require_columns(utterances, ("doc_id", "start", "speaker", "mode", "text"), what="utterances")
    u = utterances
    n = len(u)
    text = pd.Series(_as_strings(u["text"]), index=u.index, dtype=object)
    frame = pd.DataFrame(
        {
            "doc_id": u["doc_id"].to_numpy(),
            "start": u["start"].to_numpy(dtype="int64"),
            "end": (u["end"] if "end" in u.columns else u["start"] + text.str.len()).to_numpy(dtype="int64"),
            "speaker": u["speaker"].astype(object).where(u["speaker"].notna(), UNATTRIBUTED).to_numpy(),
            "mode": u["mode"].to_numpy(),
            "paragraph": u["paragraph"].to_numpy() if "paragraph" in u.columns else pd.array([pd.NA] * n, dtype="Int64"),
            "sentence": u["sentence"].to_numpy() if "sentence" in u.columns else pd.array([pd.NA] * n, dtype="Int64"),
            "joint": (u["joint"].fillna(False).astype(bool).to_numpy() if "joint" in u.columns
                      else [False] * n),
            "text": text,  # a Series of dtype object: pandas would convert a bare array to "str"
            **({_WORDS: u[_WORDS].to_numpy()} if _WORDS in u.columns else {}),
        }
    )
    narration = frame["mode"].eq("narration")
    # new columns, not in-place writes: without pyarrow, pandas 3 may hold strings in a
    # read-only array here, and an in-place write raises
    frame["speaker"] = frame["speaker"].where(~narration, NARRATION)
    frame["joint"] = frame["joint"].where(~narration, False).astype(bool)
    keep = frame["mode"].isin(_SPEECH_MODES)
    if include_narration:
        keep |= narration
    if not include_joint:
        keep &= ~frame["joint"]
    keep &= _of_types(u, speaker_types).to_numpy()
    frame = frame[keep].reset_index(drop=True)
    frame["words"] = _span_words(frame)
    return frame


def _speaker_order(words: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Speakers (per doc_id) by words spoken, most first, ties by name, narration last."""
    # a Python sort of a few dozen rows: pandas' sort_values costs milliseconds a call,
    # which analyse_corpus pays for every batch
    speaker, count = words["speaker"].tolist(), words["words"].tolist()
    doc = words["doc_id"].tolist() if "doc_id" in keys else [None] * len(speaker)
    first = {d: i for i, d in enumerate(dict.fromkeys(doc))}
    order = sorted(range(len(speaker)),
                   key=lambda i: (first[doc[i]], speaker[i] == NARRATION, -count[i], str(speaker[i])))
    return words.iloc[order][keys + ["words"]].reset_index(drop=True)


def _clopper_pearson(count: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact binomial interval for count/n; NaN where n is 0."""
    from scipy.stats import beta

    alpha = 1.0 - confidence
    n = n.astype(float)
    k = np.minimum(count.astype(float), n)
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(k > 0, beta.ppf(alpha / 2, k, n - k + 1), 0.0)
        high = np.where(k < n, beta.ppf(1 - alpha / 2, k + 1, n - k), 1.0)
    empty = n <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def _bootstrap(
    speech: pd.DataFrame,
    hits: pd.DataFrame,
    grid: pd.DataFrame,
    keys: list[str],
    cols: list[str],
    *,
    confidence: float,
    n_boot: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the rate, resampling a speaker's spans with replacement."""
    rng = np.random.default_rng(seed)
    low = np.full(len(grid), np.nan)
    high = np.full(len(grid), np.nan)
    alpha = 1.0 - confidence
    col_index = {k: i for i, k in enumerate(dict.fromkeys(map(tuple, grid[cols].to_numpy().tolist())))}
    hit_cols = np.array([col_index.get(tuple(k), -1) for k in hits[cols].to_numpy().tolist()], dtype=np.int64) \
        if len(hits) else np.array([], dtype=np.int64)
    grid_cols = np.array([col_index[tuple(k)] for k in grid[cols].to_numpy().tolist()], dtype=np.int64)
    group_of_row = speech.groupby(keys, sort=False).ngroup().to_numpy()
    grid_groups = pd.MultiIndex.from_frame(grid[keys])
    speech_groups = pd.MultiIndex.from_frame(speech[keys])
    for g in range(group_of_row.max() + 1 if len(speech) else 0):
        rows = np.flatnonzero(group_of_row == g)
        key = speech_groups[rows[0]]
        words = speech["words"].to_numpy()[rows].astype(float)
        counts = np.zeros((len(rows), len(col_index)))
        local = {r: i for i, r in enumerate(rows)}
        sel = np.isin(hits["row"].to_numpy(), rows) if len(hits) else np.array([], dtype=bool)
        for r, c in zip(hits["row"].to_numpy()[sel], hit_cols[sel]):
            if c >= 0:
                counts[local[r], c] += 1
        rates = []
        for chunk in range(0, n_boot, 500):
            size = min(500, n_boot - chunk)
            w = rng.multinomial(len(rows), np.full(len(rows), 1.0 / len(rows)), size=size).astype(float)
            tot = w @ words
            with np.errstate(invalid="ignore", divide="ignore"):
                rates.append((w @ counts) / tot[:, None] * 1000.0)
        rates_all = np.vstack(rates)
        target = np.flatnonzero(grid_groups == key)
        if words.sum() <= 0:
            continue
        lo = np.nanpercentile(rates_all, 100 * alpha / 2, axis=0)
        hi = np.nanpercentile(rates_all, 100 * (1 - alpha / 2), axis=0)
        low[target] = lo[grid_cols[target]]
        high[target] = hi[grid_cols[target]]
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
    speech: pd.DataFrame | None = None,
    speaker_types: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The rows of ``topic_frequency`` and ``framing_terms``. ``speech``, when given, is
    ``_select_speech`` of the utterances with the same options, computed once by a caller
    that counts several lexicons."""
    from .lexicon import _check_overlap, _hits, load_lexicon

    if level not in ("category", "term"):
        raise ValueError(f"level must be 'category' or 'term', not {level!r}")
    if ci not in ("exact", "bootstrap", None):
        raise ValueError(f"ci must be 'exact', 'bootstrap' or None, not {ci!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1, not {confidence!r}")
    _check_overlap(overlap)
    lex = load_lexicon(lexicon)
    if speech is None:
        speech = _select_speech(utterances, include_narration=include_narration, include_joint=include_joint,
                                speaker_types=speaker_types)
    keys = ["doc_id", "speaker"] if by_document else ["speaker"]
    words = speech.groupby(keys, sort=False, dropna=False)["words"].sum().reset_index()
    speakers = _speaker_order(words, keys)

    cat_names = list(lex.categories)
    hits = _hits(speech, lex, overlap)
    hits = hits.assign(category=[cat_names[i] for i in hits["cat"]] if len(hits) else pd.Series([], dtype=object))
    for k in keys:
        hits[k] = speech[k].to_numpy()[hits["row"].to_numpy()] if len(hits) else pd.Series([], dtype=object)
    cols = ["category"] if level == "category" else ["category", "term"]
    items = _lexicon_items(lex, level, used=None if all_terms else set(zip(hits["category"], hits["term"])))
    found = Counter(zip(*(hits[k].tolist() for k in keys + cols)))
    out = _count_table(speakers, items, found, keys)
    if ci == "exact":
        out["ci_low"], out["ci_high"] = _exact_ci(out, confidence)
    elif ci == "bootstrap":
        out["ci_low"], out["ci_high"] = _bootstrap(speech, hits, out, keys, cols, confidence=confidence,
                                                   n_boot=n_boot, seed=seed)
    else:
        out["ci_low"] = np.nan
        out["ci_high"] = np.nan
    columns = keys + cols + ["count", "words", "rate", "ci_low", "ci_high"]
    return out[columns].reset_index(drop=True)


def _lexicon_items(lex: Any, level: str, used: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The rows a lexicon table has per speaker: its categories, or its (category, term)
    entries (only those in ``used``, when given)."""
    if level == "category":
        return pd.DataFrame({"category": list(lex.categories)})
    pairs = [p for p in lex.terms() if used is None or p in used]
    if not pairs:
        return pd.DataFrame({"category": pd.Series([], dtype=object), "term": pd.Series([], dtype=object)})
    return pd.DataFrame(pairs, columns=["category", "term"])


def _count_table(speakers: pd.DataFrame, items: pd.DataFrame, found: Mapping[tuple, int], keys: list[str]) -> pd.DataFrame:
    """Every speaker (a row of ``speakers``: ``keys`` and words, in order) by every item,
    with its count from ``found`` (keys then item -> count; zero where absent) and its
    rate per 1,000 words."""
    out = speakers.merge(items, how="cross")
    cells = zip(*(out[k].tolist() for k in [*keys, *items.columns]))
    out["count"] = np.fromiter((found.get(cell, 0) for cell in cells), dtype=np.int64, count=len(out))
    out["words"] = out["words"].astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rate"] = np.where(out["words"] > 0, out["count"] * 1000.0 / out["words"].where(out["words"] > 0), np.nan)
    return out


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
