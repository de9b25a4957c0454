"""Keyness: which terms one speaker (or group) uses more than another, and how surely.

Every term gives a 2x2 table::

                    target    reference
    this term         a           b
    other words       c           d          N = a + b + c + d

where a + c and b + d are the two groups' token totals. Counting words, a token is a
run of word characters, lower-cased, with a hyphenated compound one token
("co-responsibility", as quanteda's ``tokens()``; ``split_hyphens=True`` splits it, and
the totals are then the ``\\w+`` word counts of ``speaker_share``); counting a lexicon,
the totals are the groups' words. The statistics follow the field's reference software:

- ``"chi2"``: Pearson's chi-square as quanteda's ``textstat_keyness`` computes it,
  X² = N(|ad − bc| − N·δ)² / ((a+b)(c+d)(a+c)(b+d)), signed positive where the target
  uses the term more than expected. With ``correction="default"``, δ = 0.5 (Yates) only
  when |ad − bc| ≥ N/2 and some expected count is under 5, else δ = 0; ``"yates"``
  applies it whenever |ad − bc| ≥ N/2; ``"none"`` never.
- ``"lr"``: the four-cell log-likelihood G² (Dunning 1993; quanteda's ``"lr"``),
  2 Σ O ln(O/E + ε) over the four cells, signed as above, with ε = 1e-9 inside each
  logarithm exactly as quanteda computes it (``epsilon=0`` gives the textbook formula;
  the two differ in the fourth decimal on large tables, e.g. 22.609878 against
  22.609611 for 41 of 6,182 against 351 of 127,260 words, and the default is quanteda's
  so that published tables can be reproduced to the printed decimals). ``"default"``
  shifts each cell 0.5 towards its expected count under the same condition as for
  chi-square (quanteda); ``"williams"`` divides G² by Williams' q (1 where a cell is
  0, as quanteda); ``"none"`` is the plain statistic.
- ``"ll"``: the two-cell log-likelihood of Rayson & Garside (2000), as in the UCREL
  log-likelihood calculator: 2 (a ln(a/E1) + b ln(b/E2)), E1 = (a+c)(a+b)/N,
  E2 = (b+d)(a+b)/N, signed positive where a/(a+c) > b/(b+d). No correction.
- ``"log_ratio"``: Hardie's (2014) Log Ratio, log2((a/(a+c)) / (b/(b+d))), a zero count
  taken as 0.5. An effect size; its p-value is the four-cell G²'s (default correction).
- ``"pmi"``: pointwise mutual information of term and target, ln(a / E11 + ε) with
  E11 = (a+b)(a+c)/N and ε = 1e-9, as quanteda computes it (ln ε where a = 0). Its
  p-value is the four-cell G²'s.
- ``"log_odds"``: Monroe, Colaresi & Quinn's (2008) log-odds ratio with an informative
  Dirichlet prior, as a z-score (their eq. 16–22): with α_w = α₀·(a+b)/N,
  δ = ln((a+α_w)/(a+c+α₀−a−α_w)) − ln((b+α_w)/(b+d+α₀−b−α_w)),
  σ² = 1/(a+α_w) + 1/(b+α_w), z = δ/σ. α₀ (``prior``) defaults to N, i.e. the prior
  counts are the pooled counts of the two groups (as in tidylo). p is two-sided normal.
  **The default measure**: unlike chi-square and G², it stays informative at the small
  counts of a few articles (a term used once is not as key as one used ten times, and
  ties do not crowd the top of the list), and |z| > 1.96 is p < 0.05.

A term is *key* for a side when its statistic has that side's sign and its p-value is
under 0.05 (``critical_value`` gives the statistic's 5 % threshold: 3.84 for chi2, lr and
ll, 1.96 for log_odds; log_ratio and pmi are effect sizes tested by G²). A term the two
groups use at the same rate has statistic 0 and is never key.

Every table carries the raw counts of both groups next to the statistic, the effect
size (Log Ratio), and a flag where an expected count is under 5, where chi-square and
G² p-values are unreliable.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .measures import NARRATION, UNATTRIBUTED, _select_speech, _speech

MEASURES = ("log_odds", "chi2", "lr", "ll", "log_ratio", "pmi")
CORRECTIONS = ("default", "yates", "williams", "none")
_ALLOWED = {
    "chi2": ("default", "yates", "none"),
    "lr": ("default", "yates", "williams", "none"),
    "ll": ("default", "none"),
    "log_ratio": ("default", "none"),
    "pmi": ("default", "none"),
    "log_odds": ("default", "none"),
}

#: Columns of the keyness table.
KEYNESS_COLUMNS = (
    "term", "target_count", "reference_count", "target_total", "reference_total",
    "target_rate", "reference_rate", "statistic", "p", "log_ratio", "expected_min",
    "low_expected", "measure", "correction",
)


#: quanteda adds this inside each logarithm of G² and PMI ("to avoid log(0)").
QUANTEDA_EPSILON = 1e-9

#: The default statistic of ``keyness`` (and of the command line, the report and the notebooks).
DEFAULT_MEASURE = "log_odds"


def _xlogx_over(o: np.ndarray, e: np.ndarray, epsilon: float = 0.0) -> np.ndarray:
    """o·ln(o/e + epsilon), taken as 0 where o is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / e + epsilon), 0.0)


def critical_value(measure: str, alpha: float = 0.05) -> float | None:
    """The absolute statistic beyond which a term is key at level ``alpha`` (two-sided);
    None for the effect sizes (``log_ratio``, ``pmi``), which are tested by G²'s p-value.

    >>> round(critical_value("chi2"), 3), round(critical_value("log_odds"), 3), critical_value("pmi")
    (3.841, 1.96, None)
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(map(repr, MEASURES))}, not {measure!r}")
    if measure in ("chi2", "lr", "ll"):
        return float(stats.chi2.isf(alpha, 1))
    if measure == "log_odds":
        return float(stats.norm.isf(alpha / 2))
    return None


def _expected(a, b, c, d):
    n = a + b + c + d
    return (
        (a + b) * (a + c) / n,
        (a + b) * (b + d) / n,
        (c + d) * (a + c) / n,
        (c + d) * (b + d) / n,
    )


def _yates_applies(a, b, c, d, correction: str, min_exp) -> np.ndarray:
    n = a + b + c + d
    big = np.abs(a * d - b * c) >= n / 2
    if correction == "yates":
        return big
    if correction == "default":
        return big & (min_exp < 5)
    return np.zeros_like(big, dtype=bool)


def chi2_stat(a, b, c, d, *, correction: str = "default") -> tuple[np.ndarray, np.ndarray]:
    """Signed chi-square and whether Yates' correction was applied (quanteda's rule).

    >>> x, yates = chi2_stat(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]))
    >>> round(float(x[0]), 6), bool(yates[0])
    (2.632438, True)
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    n = a + b + c + d
    e11, e12, e21, e22 = _expected(a, b, c, d)
    min_exp = np.minimum.reduce([e11, e12, e21, e22])
    yates = _yates_applies(a, b, c, d, correction, min_exp)
    delta = np.where(yates, 0.5, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = n * (np.abs(a * d - b * c) - n * delta) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return np.where(a > e11, 1.0, -1.0) * x, yates


def g2_stat(a, b, c, d, *, correction: str = "default",
            epsilon: float = QUANTEDA_EPSILON) -> tuple[np.ndarray, np.ndarray]:
    """Signed four-cell log-likelihood G² and the correction applied per term, with
    ``epsilon`` inside each logarithm as quanteda (0 for the textbook formula).

    >>> g, corr = g2_stat(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]),
    ...                   correction="none")
    >>> round(float(g[0]), 6), str(corr[0])
    (4.534939, 'none')
    >>> a, b = np.array([41.0]), np.array([351.0])   # "will", quanteda's published table
    >>> round(float(g2_stat(a, b, 6182 - a, 127260 - b, correction="none")[0][0]), 6)
    22.609878
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    e11, e12, e21, e22 = _expected(a, b, c, d)
    min_exp = np.minimum.reduce([e11, e12, e21, e22])
    sign = np.where(a > e11, 1.0, -1.0)
    yates = _yates_applies(a, b, c, d, "default" if correction == "default" else correction, min_exp) \
        if correction in ("default", "yates") else np.zeros(a.shape, dtype=bool)

    def shift(o, e):
        return np.where(yates, np.where(o > e, o - 0.5, o + 0.5), o)

    a2, b2, c2, d2 = shift(a, e11), shift(b, e12), shift(c, e21), shift(d, e22)
    g = 2 * (_xlogx_over(a2, e11, epsilon) + _xlogx_over(b2, e12, epsilon)
             + _xlogx_over(c2, e21, epsilon) + _xlogx_over(d2, e22, epsilon))
    applied = np.where(yates, "yates", "none").astype(object)
    if correction == "williams":
        n = a + b + c + d
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        q = np.where(a * b * c * d == 0, 1.0, q)  # quanteda: no correction with an empty cell
        g = g / q
        applied = np.full(a.shape, "williams", dtype=object)
    return sign * g, applied


def ll_rayson(a, b, c, d) -> np.ndarray:
    """Signed two-cell log-likelihood (Rayson & Garside 2000; the UCREL calculator).

    >>> round(float(ll_rayson(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]))[0]), 4)
    2.4401
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    n1, n2 = a + c, b + d
    e1 = n1 * (a + b) / (n1 + n2)
    e2 = n2 * (a + b) / (n1 + n2)
    ll = 2 * (_xlogx_over(a, e1) + _xlogx_over(b, e2))
    with np.errstate(divide="ignore", invalid="ignore"):
        sign = np.where(a / n1 > b / n2, 1.0, -1.0)
    return sign * ll


def log_ratio(a, b, c, d) -> np.ndarray:
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies, zeros taken as 0.5.

    >>> round(float(log_ratio(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]))[0]), 4)
    1.6554
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    n1, n2 = a + c, b + d
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2((np.where(a > 0, a, 0.5) / n1) / (np.where(b > 0, b, 0.5) / n2))


def pmi(a, b, c, d, *, epsilon: float = QUANTEDA_EPSILON) -> np.ndarray:
    """Pointwise mutual information of term and target (natural log), ln(a/E11 + ε), as quanteda.

    >>> round(float(pmi(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]))[0]), 4)
    0.3905
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    e11 = _expected(a, b, c, d)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(a / e11 + epsilon)


def log_odds_z(a, b, c, d, *, prior: float | None = None) -> np.ndarray:
    """Monroe, Colaresi & Quinn's log-odds ratio with informative Dirichlet prior, as z.

    >>> round(float(log_odds_z(np.array([7.0]), np.array([2.0]), np.array([3.0]), np.array([7.0]))[0]), 4)
    1.6416
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    n1, n2 = a + c, b + d
    n = n1 + n2
    alpha0 = n if prior is None else np.full(a.shape, float(prior))
    alpha = alpha0 * (a + b) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((a + alpha) / (n1 + alpha0 - a - alpha)) - np.log((b + alpha) / (n2 + alpha0 - b - alpha))
        sigma = np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))
        return delta / sigma


def _names(x: str | Iterable[str] | None) -> list[str]:
    if x is None:
        return []
    if isinstance(x, str):
        return [x]
    return list(x)


@functools.cache
def english_stopwords() -> frozenset[str]:
    """The package's list of English function words (``lexicons/stopwords_en.txt``)."""
    from importlib import resources

    text = (resources.files("discourse") / "lexicons" / "stopwords_en.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _stopword_set(stopwords: str | Iterable[str] | None) -> frozenset[str]:
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        if stopwords != "english":
            raise ValueError(f"stopwords must be 'english', a list of words or None, not {stopwords!r}")
        return english_stopwords()
    return frozenset(w.lower() for w in stopwords)


def _counts(texts: list[str], lexicon: Any, level: str, overlap: str,
            stopwords: frozenset[str] = frozenset(), split_hyphens: bool = False) -> tuple[np.ndarray, list[str], np.ndarray | None]:
    """For ``texts`` (the rows of speech): each counted term's row and the term, and,
    counting words, each row's number of tokens (stopwords included)."""
    if lexicon is None:
        from .lexicon import _tokens_of

        rows, terms = [], []
        sizes = np.zeros(len(texts), dtype=np.int64)
        for i, toks in enumerate(_tokens_of(texts, split_hyphens=split_hyphens)):
            sizes[i] = len(toks)
            for w in toks:
                if w in stopwords:
                    continue
                rows.append(i)
                terms.append(w)
        return np.array(rows, dtype=np.int64), terms, sizes
    from .lexicon import _text_hits, load_lexicon

    lex = load_lexicon(lexicon)
    rows_hit, cat, term, _, _ = _text_hits(texts, lex, overlap)
    if level == "category":
        names = list(lex.categories)
        return rows_hit, [names[i] for i in cat.tolist()], None
    pairs = lex._pairs()
    return rows_hit, [pairs[t][1] for t in term.tolist()], None


def keyness(
    utterances: pd.DataFrame | Iterable[pd.DataFrame],
    target: str | Sequence[str],
    reference: str | Sequence[str] | None = None,
    *,
    lexicon: Any = None,
    level: str = "term",
    measure: str = DEFAULT_MEASURE,
    correction: str = "default",
    include_narration: bool = False,
    include_joint: bool = False,
    prior: float | None = None,
    overlap: str = "category",
    stopwords: str | Iterable[str] | None = None,
    speaker_types: Iterable[str] | None = None,
    split_hyphens: bool = False,
    epsilon: float = QUANTEDA_EPSILON,
) -> pd.DataFrame:
    """Terms the target speaker(s) use more (or less) than the reference, with statistics.

    Examples
    --------
    >>> import discourse
    >>> u = discourse.load_sample().reference_utterances()
    >>> k = keyness(u, target="Keir Starmer", lexicon="frames", level="category")
    >>> k.set_index("term").loc["security_threat", ["target_count", "reference_count"]].tolist()
    [7, 5]
    >>> k["measure"].iloc[0], bool((k["p"] < 0.05).any())   # log-odds z; nothing key in one article
    ('log_odds', False)

    Parameters
    ----------
    utterances : DataFrame, or an iterable of DataFrames
        Spans as returned by ``attribute``. Not modified. An iterable of tables (parts
        of one corpus, whole documents each, such as ``SpooledCorpus.batches()``) is
        counted one table at a time, with the result of their concatenation.
    target : str or list of str
        The speaker(s) whose use is tested.
    reference : str or list of str, optional
        The speaker(s) compared against; by default every other speaker (narration only
        when ``include_narration``, as ``"(narration)"``).
    lexicon : Lexicon, str, path or mapping, optional
        Count the lexicon's entries (``level="term"``) or categories
        (``level="category"``) instead of every word type. The totals stay the groups'
        word counts either way, so the statistics compare rates per word.
    measure : {"log_odds", "chi2", "lr", "ll", "log_ratio", "pmi"}
        See ``help(discourse.comparison)`` for each formula and its source. The default,
        ``"log_odds"`` (Monroe, Colaresi & Quinn 2008, informative Dirichlet prior), is
        informative at small counts; ``"chi2"`` and ``"lr"`` reproduce quanteda.
    correction : {"default", "yates", "williams", "none"}
        Continuity correction (chi2, lr) or Williams' correction (lr only); the one
        applied to each term is in the ``correction`` column.
    include_narration, include_joint : bool
        Also count the writer's words, or speech credited to several people together.
    prior : float, optional
        α₀ for ``"log_odds"`` (default: the pooled word total).
    overlap : {"category", "lexicon", "all"}
        Nested lexicon matches (see ``help(discourse.lexicon)``).
    stopwords : "english", list of str, or None
        Words left out when every word type is counted (no lexicon): ``"english"`` is
        the package's list of function words (``english_stopwords()``). The totals
        still count every word, so rates stay per word spoken.
    speaker_types : list of str, optional
        Count only the speech of these kinds of speaker (person, group, organisation,
        document, unknown); with the default reference ("every other speaker") this keeps
        documents and organisations out of it. Every kind by default.
    split_hyphens : bool
        Counting words: read a hyphenated compound as separate words ("co" and
        "responsibility"); by default it is one token, as in quanteda.
    epsilon : float
        Added inside the logarithms of G² and PMI, as quanteda does (1e-9); 0 gives the
        textbook formulas.

    Returns
    -------
    DataFrame
        One row per term used by either group: term; target_count, reference_count
        (a, b); target_total, reference_total (tokens counting words, words counting a
        lexicon); target_rate, reference_rate
        (per 1,000 words); statistic (signed: positive = more used by the target); p;
        log_ratio (effect size); expected_min (smallest expected cell count) and
        low_expected (True where it is under 5: treat the p-value with care); measure;
        correction. Ordered by statistic, largest first, then by term.
        ``attrs["target"]`` and ``attrs["reference"]`` name the two groups.

    Raises
    ------
    ValueError
        If a target or reference speaker is not in the table (the message names the
        speakers who are), or the groups overlap, or a group has no words.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(map(repr, MEASURES))}, not {measure!r}")
    if correction not in _ALLOWED[measure]:
        raise ValueError(
            f"correction {correction!r} does not apply to measure {measure!r}; "
            f"use one of {', '.join(map(repr, _ALLOWED[measure]))}"
        )
    if level not in ("term", "category"):
        raise ValueError(f"level must be 'term' or 'category', not {level!r}")
    targets, refs = _names(target), _names(reference)
    if not targets:
        raise ValueError("give at least one target speaker")
    stop = _stopword_set(stopwords)
    if lexicon is not None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon(lexicon)  # read once, not once per table
    present: dict[Any, None] = {}  # every speaker, in order of first appearance
    ct: Counter[str] = Counter()
    cr: Counter[str] = Counter()
    n1 = n2 = 0
    target_set, reference_set = set(targets), set(refs)
    for part in [utterances] if isinstance(utterances, pd.DataFrame) else utterances:
        speech = _speech(part, include_narration=include_narration, include_joint=include_joint,
                         speaker_types=speaker_types)
        present.update(dict.fromkeys(speech.speaker))
        in_t = np.array([s in target_set for s in speech.speaker], dtype=bool)
        # by default everyone else
        in_r = np.array([s in reference_set for s in speech.speaker], dtype=bool) if refs else ~in_t
        rows, found, sizes = _counts(speech.text, lexicon, level, overlap, stop, split_hyphens)
        size = np.array(speech.words, dtype=np.int64) if sizes is None else sizes
        n1 += int(size[in_t].sum())
        n2 += int(size[in_r].sum())
        ct.update(t for t, yes in zip(found, in_t[rows].tolist()) if yes)
        cr.update(t for t, yes in zip(found, in_r[rows].tolist()) if yes)
    missing = [s for s in targets + refs if s not in present]
    if missing:
        hint = "" if include_narration or NARRATION not in missing else " (pass include_narration=True)"
        raise ValueError(
            f"speaker(s) {', '.join(map(repr, missing))} not found{hint}; the speakers are: "
            f"{', '.join(map(repr, sorted(present, key=str)))}"
        )
    if not refs:
        refs = [s for s in present if s not in targets]
    both = set(targets) & set(refs)
    if both:
        raise ValueError(f"speaker(s) {', '.join(map(repr, sorted(both)))} are in both groups")
    if n1 == 0 or n2 == 0:
        empty = "target" if n1 == 0 else "reference"
        raise ValueError(f"the {empty} group has no words; keyness needs words on both sides")

    terms = sorted(set(ct) | set(cr))
    a = np.array([ct[t] for t in terms], dtype=float)
    b = np.array([cr[t] for t in terms], dtype=float)
    c = n1 - a
    d = n2 - b
    e = _expected(a, b, c, d)
    min_exp = np.minimum.reduce(e) if len(terms) else np.array([])
    applied: np.ndarray = np.full(len(terms), "none", dtype=object)

    if measure in ("log_ratio", "pmi"):  # effect sizes, tested by G²
        g_default, _ = g2_stat(a, b, c, d, correction="default", epsilon=epsilon)
        p_g = stats.chi2.sf(np.abs(g_default), 1)
    if measure == "chi2":
        stat, yates = chi2_stat(a, b, c, d, correction=correction)
        applied = np.where(yates, "yates", "none").astype(object)
        p = stats.chi2.sf(np.abs(stat), 1)
    elif measure == "lr":
        stat, applied = g2_stat(a, b, c, d, correction=correction, epsilon=epsilon)
        p = stats.chi2.sf(np.abs(stat), 1)
    elif measure == "ll":
        stat = ll_rayson(a, b, c, d)
        p = stats.chi2.sf(np.abs(stat), 1)
    elif measure == "log_ratio":
        stat, p = log_ratio(a, b, c, d), p_g
    elif measure == "pmi":
        stat, p = pmi(a, b, c, d, epsilon=epsilon), p_g
    else:
        stat = log_odds_z(a, b, c, d, prior=prior)
        p = 2 * stats.norm.sf(np.abs(stat))

    # largest statistic first, then by term (terms are sorted; NaN last): the arrays in
    # that order, rather than a table sorted afterwards
    order = np.argsort(-stat, kind="stable")
    a, b, c, d, stat, p, min_exp, applied = (x[order] for x in (a, b, c, d, stat, p, min_exp, applied))
    out = pd.DataFrame(
        {
            "term": pd.Series([terms[i] for i in order.tolist()], dtype=object),
            "target_count": a.astype("int64"),
            "reference_count": b.astype("int64"),
            "target_total": np.full(len(terms), n1, dtype="int64"),
            "reference_total": np.full(len(terms), n2, dtype="int64"),
            "target_rate": a * 1000.0 / n1,
            "reference_rate": b * 1000.0 / n2,
            "statistic": stat,
            "p": p,
            "log_ratio": log_ratio(a, b, c, d),
            "expected_min": min_exp,
            "low_expected": min_exp < 5,
            "measure": measure,
            "correction": applied,
        }
    )
    out.attrs["target"] = " & ".join(map(str, targets))
    out.attrs["reference"] = " & ".join(map(str, refs))
    return out


# --- who is compared -------------------------------------------------------------------

#: Kinds of speaker, as the utterance table's ``speaker_type`` column gives them.
SPEAKER_TYPES = ("person", "group", "organisation", "document", "unknown")

# Until attribution gives ``speaker_type``, a label is taken for an unnamed source when it
# starts with one of these words ("a spokesperson", "one senior source") or holds one of
# the nouns below ("officials", "analysts at …", "the Home Office").
_UNNAMED_STARTS = frozenset("a an one some several two three four five many other others senior".split())
_SOURCE_NOUNS = frozenset("""
    source sources official officials spokesperson spokesman spokeswoman spokespeople
    analyst analysts aide aides expert experts critic critics insider insiders diplomat
    diplomats observer observers people residents witness witnesses campaigners activists
    protesters police ministry government department office council commission committee
    agency statement report transcript spokesperson's
""".split())


def speaker_kind(label: Any, *, joint: bool = False) -> str:
    """The kind of a speaker label when the table has no ``speaker_type``: "question"
    (a transcript's questioners), "joint" (several people together), "unnamed source"
    ("officials", "a spokesperson", "one senior source", "the Home Office"), "narration",
    "unattributed", or "person" (a name or a role: "Keir Starmer", "The President").

    >>> [speaker_kind(s) for s in ("Keir Starmer", "The Prime Minister", "(question)",
    ...                            "One senior Whitehall source", "Officials")]
    ['person', 'person', 'question', 'unnamed source', 'unnamed source']
    """
    from .transcripts import QUESTION

    if label is None or (not isinstance(label, str) and pd.isna(label)) or label == UNATTRIBUTED:
        return "unattributed"
    label = str(label)
    if label == NARRATION:
        return "narration"
    if label == QUESTION:
        return "question"
    if joint:
        return "joint"
    original = label.replace(",", " ").split()
    words = [w.lower() for w in original]
    # "a spokesperson", "One senior source", but not the initial of "A B Smith"
    indefinite = bool(words) and words[0] in _UNNAMED_STARTS and (
        original[0].islower() or (len(original) > 1 and original[1][:1].islower()))
    if not words or indefinite or any(w in _SOURCE_NOUNS for w in words):
        return "unnamed source"
    return "person"


def speaker_kinds(utterances: pd.DataFrame) -> dict[str, str]:
    """Each speaker's kind: the ``speaker_type`` column's value where the table has one
    (its most frequent for the speaker), else :func:`speaker_kind`'s reading of the label.

    >>> import discourse
    >>> kinds = speaker_kinds(discourse.load_sample().reference_utterances())
    >>> kinds["Keir Starmer"], kinds["(narration)"]
    ('person', 'narration')
    """
    speech = _select_speech(utterances, include_narration=True, include_joint=True)
    typed: dict[str, str] = {}
    if "speaker_type" in utterances.columns:
        given = utterances.loc[utterances["speaker"].notna() & utterances["speaker_type"].notna(),
                               ["speaker", "speaker_type"]]
        for sp, values in given.groupby("speaker", sort=False)["speaker_type"]:
            typed[str(sp)] = str(values.mode().iloc[0])
    # one row per speaker (and whether any of its speech is joint), then a loop over those
    labels = speech.groupby("speaker", sort=False)["joint"].any()
    return _kinds(labels.items(), typed)


def _kinds(labels: Iterable[tuple[str, bool]], typed: Mapping[str, str]) -> dict[str, str]:
    """``speaker_kinds`` from each label (in order of first appearance) with whether any
    of its speech is joint, and the ``speaker_type`` most often given to it."""
    out: dict[str, str] = {}
    for sp, joint in labels:
        kind = speaker_kind(sp, joint=bool(joint))
        out[sp] = typed.get(sp, kind) if kind not in ("narration", "unattributed", "joint") else kind
    return out


def compared_speakers(
    utterances: pd.DataFrame, compare: str | Sequence[str] | None = None, *, k: int = 2,
    _kinds: dict[str, str] | None = None,
) -> list[str]:
    """The speakers a comparison is about: those given, or the named persons who say most.

    By default the ``k`` speakers of kind "person" (``speaker_type == "person"`` where
    the table has that column; else every label that is not a transcript's
    "(question)", joint speech, an unnamed source, narration or unattributed speech)
    with the most words. **Ties** go to the one who speaks first (the earlier
    document in the table's order, then the earlier position), so the choice never
    depends on spelling. The first is the target of keyness, the second its reference.

    Parameters
    ----------
    utterances : DataFrame
        As returned by ``attribute`` or ``attribute_corpus``. Not modified.
    compare : str or sequence of str, optional
        The speakers to compare, in order ("Keir Starmer,Emmanuel Macron" or a list);
        each must speak. Any speaker may be named, also one that is not a person.
    k : int
        How many to choose by default.

    Returns
    -------
    list of str
        At most ``k`` names (fewer when fewer persons speak).

    Raises
    ------
    ValueError
        If a speaker given does not speak; the message names the persons who do.

    Examples
    --------
    >>> import discourse
    >>> u = discourse.attribute('"Criminal gangs threaten security," said Jane Doe.\\n\\n'
    ...                         '"Migration needs cooperation now," said Hugh Hill.\\n')
    >>> compared_speakers(u)          # 4 words each: Jane Doe speaks first
    ['Jane Doe', 'Hugh Hill']
    >>> compared_speakers(u, "Hugh Hill, Jane Doe")
    ['Hugh Hill', 'Jane Doe']
    """
    speech = _select_speech(utterances, include_joint=True)
    kinds = speaker_kinds(utterances) if _kinds is None else _kinds
    rank = {d: i for i, d in enumerate(dict.fromkeys(utterances["doc_id"]))}
    # speech rows are in the table's order: a speaker's first row is where it first speaks
    per = speech.assign(_rank=speech["doc_id"].map(rank)).groupby("speaker", sort=False).agg(
        words=("words", "sum"), first_doc=("_rank", "first"), first_start=("start", "first"))
    stats_by = {sp: (int(w), (int(d), int(st))) for sp, w, d, st in
                zip(per.index, per["words"], per["first_doc"], per["first_start"])}
    return _choose(stats_by, kinds, compare, k)


def _choose(stats_by: Mapping[str, tuple[int, tuple[int, int]]], kinds: Mapping[str, str],
            compare: str | Sequence[str] | None, k: int) -> list[str]:
    """``compared_speakers`` from each speaker's words and where it first speaks
    (document rank, start), in order of first appearance, and the speakers' kinds."""
    persons = [sp for sp in stats_by if kinds.get(sp) == "person" and stats_by[sp][0] > 0]
    persons.sort(key=lambda sp: (-stats_by[sp][0], stats_by[sp][1], str(sp)))
    if compare is None:
        return persons[:k]
    wanted = [c.strip() for c in compare.split(",")] if isinstance(compare, str) else [str(c).strip() for c in compare]
    wanted = [c for c in dict.fromkeys(wanted) if c]
    missing = [c for c in wanted if c not in stats_by or stats_by[c][0] == 0]
    if missing:
        raise ValueError(
            f"speaker(s) {', '.join(map(repr, missing))} do not speak; the persons who do, most words "
            f"first: {', '.join(map(repr, persons[:20])) or 'none'}"
            + (f" and {len(persons) - 20} more" if len(persons) > 20 else "")
        )
    return wanted


__all__ = ["keyness", "compared_speakers", "speaker_kind", "speaker_kinds", "critical_value", "chi2_stat", "g2_stat", "ll_rayson", "log_ratio", "pmi", "log_odds_z",
           "DEFAULT_MEASURE", "QUANTEDA_EPSILON"]
