"""How many replications are enough: stop when every named metric's 95% CI is narrow enough.

The rule is relative: the half-width of the Student-t interval must be within a given percentage of
the mean. A metric whose replications all agree (half-width 0) is precise whatever its mean.
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.summary import mean_ci

MIN_REPLICATIONS = 5
"""Never judge precision on fewer replications: the interval's own width is too uncertain."""


def relative_half_widths(summary: pd.DataFrame, metrics: list[str]) -> dict[str, float]:
    """Per metric: the 95% CI half-width as a share of the mean (inf when the mean is 0 but not the width)."""
    widths = {}
    for name in metrics:
        mean, low, high = mean_ci(summary[name].to_numpy(dtype=float))
        half = (high - low) / 2
        if math.isnan(half):
            widths[name] = math.inf
        elif half == 0:
            widths[name] = 0.0
        else:
            widths[name] = half / abs(mean) if mean else math.inf
    return widths


def precise_enough(summary: pd.DataFrame, metrics: list[str], percent: float) -> bool:
    """Whether every metric's CI half-width is within ``percent`` % of its mean."""
    if len(summary) < MIN_REPLICATIONS:
        return False
    return all(width <= percent / 100 for width in relative_half_widths(summary, metrics).values())
