"""Shared fixtures: the sample, its reference utterances, and a clean matplotlib state."""

from __future__ import annotations

import pytest

import discourse


@pytest.fixture(scope="session")
def sample():
    return discourse.load_sample()


@pytest.fixture(scope="session")
def reference_utterances(sample):
    """The hand annotation as a full utterance table (a fresh copy per use is the caller's job)."""
    return sample.reference_utterances()
