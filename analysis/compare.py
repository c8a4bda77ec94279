"""The verdict of a paired comparison: which scenario is better, metric by metric.

Per metric: the two means, the difference, its 95% CI, and which scenario is better, or
"no clear difference" when the interval includes zero.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.summary import format_number, mean_ci

LOWER_IS_BETTER: frozenset[str] = frozenset(
    {
        "dropped_out",
        "wait_first_contact_mean_weeks",
        "wait_first_contact_p90_weeks",
        "wait_total_mean_weeks",
        "waiting_list_mean",
        "waiting_list_end",
        "over_norm_share",
        "escalation_rate",
        "escalation_by_worsening_rate",
        "overhead_hours",
        "overhead_share",
        "handoff_failures",
        "handoff_failure_rate",
        "duplicate_cases",
        "coordinators_per_household_mean",
        "cost_eur",
    }
)
"""Metrics where less is better for residents or for the municipality."""

HIGHER_IS_BETTER: frozenset[str] = frozenset({"closed"})
"""Metrics where more is better. Others (requests, staff hours, ...) describe, they do not judge."""

NO_CLEAR_DIFFERENCE = "no clear difference"


def verdict_table(
    paired: pd.DataFrame, metrics: list[str] | tuple[str, ...], name_a: str = "A", name_b: str = "B"
) -> pd.DataFrame:
    """Per metric: mean of A and B, mean difference B - A with its 95% CI, and the verdict."""
    rows = []
    for metric in metrics:
        a = paired[f"{metric}_a"].to_numpy(dtype=float)
        b = paired[f"{metric}_b"].to_numpy(dtype=float)
        diff, low, high = mean_ci(b - a)
        rows.append(
            {
                "metric": metric,
                "mean_a": np.nanmean(a) if len(a) else math.nan,
                "mean_b": np.nanmean(b) if len(b) else math.nan,
                "difference": diff,
                "ci_low": low,
                "ci_high": high,
                "better": _better(metric, diff, low, high, name_a, name_b),
            }
        )
    return pd.DataFrame(rows)


def _better(metric: str, diff: float, low: float, high: float, name_a: str, name_b: str) -> str:
    if metric not in LOWER_IS_BETTER | HIGHER_IS_BETTER:
        return ""
    if math.isnan(diff):
        return ""
    if math.isnan(low) or diff == 0 or low <= 0 <= high:
        return NO_CLEAR_DIFFERENCE
    b_is_lower = diff < 0
    return name_b if b_is_lower == (metric in LOWER_IS_BETTER) else name_a


def format_verdict(table: pd.DataFrame, name_a: str, name_b: str, title: str = "") -> str:
    """The verdict table as aligned text."""
    header = ("metric", name_a, name_b, f"{name_b} - {name_a}", "95% CI", "better")
    lines = [
        (
            r.metric,
            format_number(r.mean_a),
            format_number(r.mean_b),
            format_number(r.difference),
            "-" if math.isnan(r.ci_low) else f"{format_number(r.ci_low)} .. {format_number(r.ci_high)}",
            r.better,
        )
        for r in table.itertuples()
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [title] if title else []
    fmt = "  ".join(f"{{:{'<' if i in (0, 5) else '>'}{w}}}" for i, w in enumerate(widths))
    out.append(fmt.format(*header).rstrip())
    out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    out += [fmt.format(*line).rstrip() for line in lines]
    return "\n".join(out)
