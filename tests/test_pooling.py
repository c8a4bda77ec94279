"""The two published pooling results, each from a scenario pair on common random numbers.

Devon's assessment teams that shared their queues waited less (22 -> 14 days); with ownership of
the area (Song, Tucker and Murrell 2015) dedicated teams do better. The same mechanisms give both
verdicts: queue sharing alone favours the pooled team, ownership favours the dedicated ones.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from experiments.replications import run_replications
from sim import load_scenario
from tests.conftest import ROOT

REPS, YEARS, SEED = 10, 3.0, 20261201
METRIC = "wait_first_contact_mean_weeks"


def _paired_difference(pair: str) -> tuple[float, float, float]:
    """Mean of pooled minus separate over common seeds, and its 95% CI."""
    waits = {}
    for side in ("pooled", "separate"):
        scenario = load_scenario(ROOT / "scenarios" / f"pooling_{pair}_{side}.toml")
        waits[side] = run_replications(scenario, REPS, SEED, years=YEARS, keep_tables=False).summary[METRIC]
    diff = (waits["pooled"] - waits["separate"]).to_numpy()
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))
    return float(diff.mean()), float(diff.mean() - half), float(diff.mean() + half)


def test_sharing_a_queue_shortens_the_wait():
    mean, low, high = _paired_difference("devon")
    assert high < 0, (mean, low, high)


def test_with_ownership_dedicated_teams_wait_less():
    mean, low, high = _paired_difference("dedicated")
    assert low > 0, (mean, low, high)
