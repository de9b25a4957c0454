"""The shortcuts that make the measures cheap per call give the numbers of the plain way.

Nothing here is timed (the benchmarks in ``benchmarks/`` measure speed); each test
compares a shortcut with the computation it replaces.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import beta

import discourse
from discourse import measures
from discourse.text import WORD_RE

_CHARS = st.sampled_from(list("ab _-'’é1٣\u00a0\n\t.,Ⅻ²") + ["𝔘", "😀", "\ud800"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_CHARS, max_size=12), max_size=12))
def test_word_counts_are_the_regex_counts(texts):
    assert measures.word_counts(texts).tolist() == [len(WORD_RE.findall(t)) for t in texts]


def test_percentile_interval_is_nanpercentile():
    rng = np.random.default_rng(0)
    for shape in [(1, 7), (5, 2000), (3, 1)]:
        draws = rng.random(shape)
        for confidence in (0.95, 0.9, 0.5):
            low, high = measures._percentile_interval(draws, confidence)
            a = 1 - confidence
            assert np.array_equal(low, np.nanpercentile(draws, 100 * a / 2, axis=1))
            assert np.array_equal(high, np.nanpercentile(draws, 100 * (1 - a / 2), axis=1))
    draws = rng.random((3, 50))
    draws[0, 3] = np.nan
    draws[2] = np.nan  # a row with no value: NaN, without a warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        low, _ = measures._percentile_interval(draws, 0.95)
    assert np.isnan(low[2])
    assert np.array_equal(low[:2], np.nanpercentile(draws[:2], 100 * (1 - 0.95) / 2, axis=1))


def test_clopper_pearson_is_the_beta_quantiles_cell_by_cell():
    rng = np.random.default_rng(1)
    n = rng.integers(0, 3000, size=400)
    k = np.minimum(rng.integers(0, 6, size=400) * (rng.random(400) < 0.3), n)
    low, high = measures._clopper_pearson(k, n, 0.95)
    alpha = 1 - 0.95  # 0.050000000000000044, as the function computes it
    with np.errstate(invalid="ignore", divide="ignore"):
        want_low = np.where(k > 0, beta.ppf(alpha / 2, k, n - k + 1), 0.0)
        want_high = np.where(k < n, beta.ppf(1 - alpha / 2, k + 1, n - k), 1.0)
    assert np.array_equal(low, np.where(n <= 0, np.nan, want_low), equal_nan=True)
    assert np.array_equal(high, np.where(n <= 0, np.nan, want_high), equal_nan=True)


def test_kept_resampling_counts_are_the_generators_draws():
    measures._DRAWS.clear()
    for _ in range(2):  # drawn, then kept
        r = measures._Resampler(7, 1200)
        first, second = r.counts(5), r.counts(3)
        rng = np.random.default_rng(7)
        want_first = np.concatenate([rng.multinomial(5, np.full(5, 0.2), size=s) for s in (500, 500, 200)])
        want_second = np.concatenate([rng.multinomial(3, np.full(3, 1 / 3), size=s) for s in (500, 500, 200)])
        assert np.array_equal(first, want_first.T) and np.array_equal(second, want_second.T)
    with pytest.raises(ValueError, match="n_boot"):
        measures._Resampler(0, 0)


def test_speaker_share_is_the_same_with_and_without_kept_draws(sample):
    u = discourse.attribute(sample.text, speakers=sample.speakers)
    measures._DRAWS.clear()
    fresh = discourse.speaker_share(u)
    kept = discourse.speaker_share(u)
    assert fresh.equals(kept) and fresh.attrs == kept.attrs
    other = discourse.speaker_share(u, seed=None)  # fresh entropy: not kept, not repeated
    assert other["share_ci_low"].notna().any()
