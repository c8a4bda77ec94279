"""Mean and 95% confidence interval per metric over replications, and a table people can read."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and the Student-t confidence interval of the mean; NaNs are left out."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(values.mean())
    if n == 1:
        return (mean, math.nan, math.nan)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / math.sqrt(n))
    return (mean, mean - half, mean + half)


def summarise(summary: pd.DataFrame, metrics: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """One row per metric: mean, 95% CI low and high, number of replications."""
    rows = []
    for name in metrics:
        values = summary[name].to_numpy(dtype=float)
        mean, low, high = mean_ci(values)
        rows.append({"metric": name, "mean": mean, "ci_low": low, "ci_high": high,
                     "n": int(np.sum(~np.isnan(values)))})
    return pd.DataFrame(rows)


def format_number(value: float) -> str:
    """Readable at a glance: thousands separators for large numbers, 3 decimals for small ones."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    return f"{value:.3f}"


def format_table(table: pd.DataFrame, title: str = "") -> str:
    """The summary as aligned text: metric, mean and 95% CI."""
    header = ("metric", "mean", "95% CI")
    lines = [(r.metric, format_number(r.mean),
              "-" if math.isnan(r.ci_low) else f"{format_number(r.ci_low)} .. {format_number(r.ci_high)}")
             for r in table.itertuples()]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [title] if title else []
    out.append(f"{header[0]:<{widths[0]}}  {header[1]:>{widths[1]}}  {header[2]:>{widths[2]}}")
    out.append("-" * (sum(widths) + 4))
    out += [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}" for a, b, c in lines]
    return "\n".join(out)
