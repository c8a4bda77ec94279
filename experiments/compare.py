"""Paired comparison of two scenarios on common random numbers.

Both scenarios run replication ``r`` with the same seed, so they meet the same residents with the
same needs at the same moments; the per-replication difference then shows the effect of the
structure, not of chance, and its confidence interval is much narrower than with independent seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from experiments.replications import Replications, run_replications
from sim import RunResult, Scenario


@dataclass
class Comparison:
    """Replications of scenario A and B, paired by replication number (and so by seed)."""

    a: Replications
    b: Replications

    @property
    def paired(self) -> pd.DataFrame:
        """One row per replication both finished, with ``<metric>_a`` and ``<metric>_b`` columns."""
        return self.a.summary.merge(self.b.summary, on=["replication", "seed"], suffixes=("_a", "_b"))


def run_comparison(
    a: Scenario,
    b: Scenario,
    replications: int,
    master_seed: int,
    years: float | None = None,
    on_done: Callable[[str, int, RunResult], None] | None = None,
) -> Comparison:
    """Run both scenarios with the same replication seeds."""
    done_a = run_replications(
        a,
        replications,
        master_seed,
        years,
        on_done=(lambda r, res: on_done("a", r, res)) if on_done else None,
    )
    done_b = run_replications(
        b,
        done_a.completed if done_a.interrupted else replications,
        master_seed,
        years,
        on_done=(lambda r, res: on_done("b", r, res)) if on_done else None,
    )
    return Comparison(done_a, done_b)
