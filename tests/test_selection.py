"""Ranking and selection (Kim-Nelson) picks a known best with the probability it states."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.selection import kim_nelson, select_from_replications


def synthetic(means: list[float], seed: int, shared: float = 2.0, own: float = 1.0):
    """Replications of k systems on common random numbers: a shared noise per replication plus each one's own."""
    rng = np.random.default_rng(seed)

    def observe(r: int, systems):
        common = np.random.default_rng([seed, r]).normal(0, shared)
        return np.array([means[i] + common + rng.normal(0, own) for i in systems])

    return observe


def test_picks_the_known_best_with_the_stated_probability_over_repeated_seeds():
    # slippage configuration, the hardest for a procedure: the best is exactly delta better than the rest
    delta, means = 0.5, [10.0, 10.5, 10.5, 10.5, 10.5]
    runs = [kim_nelson(synthetic(means, seed), len(means), delta, alpha=0.05, n0=10) for seed in range(300)]
    correct = sum(run.best == 0 for run in runs) / len(runs)
    assert all(run.best is not None for run in runs)
    # the stated 0.95, less three binomial standard errors of 300 trials
    assert runs[0].probability == 0.95 and correct >= 0.95 - 3 * np.sqrt(0.95 * 0.05 / 300)
    # sequential: a clearly worse system leaves early, so it costs fewer replications
    far = kim_nelson(synthetic([10.0, 10.5, 14.0], 1, own=3.0), 3, delta)
    assert far.eliminated[2] < far.replications


def test_higher_is_better_and_an_undecided_race_says_so():
    runs = [kim_nelson(synthetic([5.0, 6.0, 5.0], s), 3, 0.5, lower_is_better=False) for s in range(50)]
    assert sum(run.best == 1 for run in runs) >= 47
    equal = np.random.default_rng(3).normal(0, 1, (12, 3)) + np.array([1.0, 1.0, 1.0])
    undecided = select_from_replications(equal, delta=0.05)
    assert undecided.best is None and len(undecided.survivors) >= 2 and undecided.replications == 12
    with pytest.raises(ValueError, match="delta"):
        kim_nelson(synthetic([1.0, 2.0], 0), 2, 0.0)
