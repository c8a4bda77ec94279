"""Is the warm-up long enough? MSER-5 on the number of open cases and the waiting list.

MSER-5 (White 1997; Franklin & White 2008) batches a series into means of five observations and
picks the truncation point that minimises the squared standard error of the mean of what is left;
only the first half of the run is a candidate, and an optimum at that limit means the run is too
short to tell. Applied to the replications' mean series, from time 0 (warm-up included).

MSER-5 only asks where the start-up transient ends; a series that keeps growing through the measured
years can still have its optimum early (the A1 preset's waiting list grew eightfold over five measured
years and MSER-5 called it steady). So the measured part is also tested for a trend (``trend``): the
replications' mean series after the warm-up in ``TREND_BATCHES`` batch means, an ordinary least-squares
slope through them and its t statistic; a significant rise of more than ``TREND_MARGIN`` of the mean
over the measured span means the run has no steady state, whatever MSER-5 says.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BATCH = 5
TREND_BATCHES = 10
"""Batch means of the measured part of a series in the trend test (each long enough to be ~independent)."""
TREND_T = 2.31
"""t of the slope above which a trend counts as real (t with 8 degrees of freedom, two-sided 5%)."""
TREND_MARGIN = 0.10
"""A significant rise over the measured span of more than this share of the series' mean is growth."""


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


def trend(series: np.ndarray) -> tuple[float, float]:
    """Rise over the span of ``series`` as a share of its mean, and the t statistic of that slope.

    The series is cut into ``TREND_BATCHES`` batch means; the slope is the least-squares line through
    them (batch means of a steady series are close to independent, so the t statistic is fair).
    Fewer than ``TREND_BATCHES`` observations, or a series of mean zero: (0, 0).
    """
    values = np.asarray(series, dtype=float)
    size = len(values) // TREND_BATCHES
    mean = float(np.mean(values)) if len(values) else 0.0
    if size < 1 or mean == 0:
        return 0.0, 0.0
    z = values[: size * TREND_BATCHES].reshape(TREND_BATCHES, size).mean(axis=1)
    x = np.arange(TREND_BATCHES, dtype=float)
    x -= x.mean()
    slope = float(np.dot(x, z - z.mean()) / np.dot(x, x))
    residuals = z - z.mean() - slope * x
    se = float(np.sqrt(np.dot(residuals, residuals) / (TREND_BATCHES - 2) / np.dot(x, x)))
    t = slope / se if se > 0 else (np.inf if slope > 0 else -np.inf if slope < 0 else 0.0)
    return slope * TREND_BATCHES / abs(mean), float(t)


def grows(series: np.ndarray) -> bool:
    """Whether ``series`` rises significantly, by more than ``TREND_MARGIN`` of its mean over its span."""
    rise, t = trend(series)
    return rise > TREND_MARGIN and t > TREND_T


@dataclass(frozen=True)
class WarmupCheck:
    """The verdict on a scenario's warm-up."""

    recommended_weeks: float
    scenario_weeks: float
    conclusive: bool
    growth_share: float = 0.0
    """Rise of the open cases or the waiting list (the larger) over the measured years, share of its mean."""
    growing: bool = False
    """Whether one of them still grows significantly after the warm-up (``grows``): no steady state."""

    @property
    def long_enough(self) -> bool:
        """Whether the scenario's warm-up covers what MSER-5 recommends, and the run is steady after it."""
        return self.conclusive and not self.growing and self.scenario_weeks + 1e-9 >= self.recommended_weeks

    def sentence(self) -> str:
        """One line for people."""
        if self.growing:
            return (
                f"warm-up check (MSER-5): NOT STEADY (trend test): the waiting list or the open cases "
                f"still grow after the warm-up of {self.scenario_weeks:g} weeks, by "
                f"{100 * self.growth_share:.0f}% of their mean over the measured years; results depend "
                f"on how long the run is"
            )
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

    The recommendation is the later of the two truncation points. Both series after the scenario's
    warm-up are also tested for growth (``grows``).
    """
    units = timeseries[timeseries["kind"] != "boundary"]
    per_snapshot = units.groupby(["replication", "t_weeks"])[["waiting", "caseload"]].sum()
    per_snapshot["open"] = per_snapshot["waiting"] + per_snapshot["caseload"]
    mean = per_snapshot.groupby(level="t_weeks")[["open", "waiting"]].mean().sort_index()
    times = mean.index.to_numpy(dtype=float)
    interval = float(np.median(np.diff(times))) if len(times) > 1 else 1.0
    cuts = [mser5(mean[column].to_numpy()) for column in ("open", "waiting")]
    weeks = max(cut for cut, _ in cuts) * interval
    measured = mean[times > warmup_weeks]
    series = [measured[column].to_numpy() for column in ("open", "waiting")]
    return WarmupCheck(
        recommended_weeks=weeks,
        scenario_weeks=warmup_weeks,
        conclusive=all(ok for _, ok in cuts),
        growth_share=max(trend(values)[0] for values in series),
        growing=any(grows(values) for values in series),
    )
