"""Is the warm-up long enough? MSER-5 on the number of open cases and the waiting list.

MSER-5 (White 1997; Franklin & White 2008) batches a series into means of five observations and
picks the truncation point that minimises the squared standard error of the mean of what is left;
only the first half of the run is a candidate, and an optimum at that limit means the run is too
short to tell. Applied to the replications' mean series, from time 0 (warm-up included).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BATCH = 5


def mser5(series: np.ndarray) -> tuple[int, bool]:
    """Truncation point (in observations) that MSER-5 recommends, and whether it is conclusive.

    Not conclusive when the optimum is at the last candidate (half the series): the series is still
    drifting at mid-run, so a longer run is needed to say where the warm-up ends.
    """
    values = np.asarray(series, dtype=float)
    batches = len(values) // BATCH
    if batches < 4:
        return 0, False
    z = values[: batches * BATCH].reshape(batches, BATCH).mean(axis=1)
    candidates = batches // 2
    suffix_sum = np.cumsum(z[::-1])[::-1]
    suffix_sq = np.cumsum((z**2)[::-1])[::-1]
    statistic = np.empty(candidates + 1)
    for d in range(candidates + 1):
        n = batches - d
        mean = suffix_sum[d] / n
        statistic[d] = (suffix_sq[d] - n * mean**2) / n**2
    best = int(np.argmin(statistic))
    return best * BATCH, best < candidates


@dataclass(frozen=True)
class WarmupCheck:
    """The verdict on a scenario's warm-up."""

    recommended_weeks: float
    scenario_weeks: float
    conclusive: bool

    @property
    def long_enough(self) -> bool:
        """Whether the scenario's warm-up covers what MSER-5 recommends."""
        return self.conclusive and self.scenario_weeks + 1e-9 >= self.recommended_weeks

    def sentence(self) -> str:
        """One line for people."""
        if not self.conclusive:
            return (
                f"warm-up check (MSER-5): the number of open cases still drifts at mid-run; run longer "
                f"to judge whether {self.scenario_weeks:g} weeks of warm-up is enough"
            )
        verdict = "long enough" if self.long_enough else "TOO SHORT: increase run.warmup_years"
        return (
            f"warm-up check (MSER-5): steady after about {self.recommended_weeks:g} weeks; the "
            f"scenario's warm-up of {self.scenario_weeks:g} weeks is {verdict}"
        )


def warmup_check(timeseries: pd.DataFrame, warmup_weeks: float) -> WarmupCheck:
    """MSER-5 on the mean over replications of open cases and of waiting cases, per snapshot.

    The recommendation is the later of the two truncation points.
    """
    units = timeseries[timeseries["kind"] != "boundary"]
    per_snapshot = units.groupby(["replication", "t_weeks"])[["waiting", "caseload"]].sum()
    per_snapshot["open"] = per_snapshot["waiting"] + per_snapshot["caseload"]
    mean = per_snapshot.groupby(level="t_weeks")[["open", "waiting"]].mean().sort_index()
    times = mean.index.to_numpy(dtype=float)
    interval = float(np.median(np.diff(times))) if len(times) > 1 else 1.0
    cuts = [mser5(mean[column].to_numpy()) for column in ("open", "waiting")]
    weeks = max(cut for cut, _ in cuts) * interval
    return WarmupCheck(
        recommended_weeks=weeks, scenario_weeks=warmup_weeks, conclusive=all(ok for _, ok in cuts)
    )
