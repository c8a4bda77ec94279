"""Mean and 95% confidence interval per metric over replications, and a table people can read."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


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
    from scipy.special import stdtrit  # the t quantile (what scipy.stats.t.ppf calls), imported when needed

    half = float(stdtrit(n - 1, 0.5 + level / 2) * values.std(ddof=1) / math.sqrt(n))
    return (mean, mean - half, mean + half)


def summarise(summary: pd.DataFrame, metrics: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """One row per metric: mean, 95% CI low and high, number of replications."""
    rows = []
    for name in metrics:
        values = summary[name].to_numpy(dtype=float)
        mean, low, high = mean_ci(values)
        rows.append(
            {
                "metric": name,
                "mean": mean,
                "ci_low": low,
                "ci_high": high,
                "n": int(np.sum(~np.isnan(values))),
            }
        )
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
    columns = zip(
        table["metric"].astype(str),
        table["mean"].astype(float),
        table["ci_low"].astype(float),
        table["ci_high"].astype(float),
        strict=True,
    )
    lines: list[tuple[str, str, str]] = [
        (
            metric,
            format_number(mean),
            "-" if math.isnan(low) else f"{format_number(low)} .. {format_number(high)}",
        )
        for metric, mean, low, high in columns
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [title] if title else []
    out.append(f"{header[0]:<{widths[0]}}  {header[1]:>{widths[1]}}  {header[2]:>{widths[2]}}")
    out.append("-" * (sum(widths) + 4))
    out += [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}" for a, b, c in lines]
    return "\n".join(out)


def format_grid(table: pd.DataFrame, header_width: int = 12) -> str:
    """A table of strings as aligned text whose long column names wrap over lines at ``_`` and ``.``.

    Sweep tables have many columns with long names (``wait_first_contact_mean_weeks``); wrapping the
    names keeps a row on one line of a terminal.
    """
    import re
    import textwrap

    columns = [str(table.index.name or "")] + [str(c) for c in table.columns]
    cells = [[str(i) for i in table.index]] + [[str(v) for v in table[c]] for c in table.columns]
    headers = []
    for name, values in zip(columns, cells, strict=True):
        width = max(header_width, *(len(v) for v in values)) if values else header_width
        parts = re.split(r"(?<=[_.])", name)
        headers.append(textwrap.wrap(" ".join(parts), width=width, break_on_hyphens=False) or [""])
    headers = [[line.replace(" ", "") for line in lines] for lines in headers]
    depth = max(len(lines) for lines in headers)
    widths = [max(len(line) for line in lines + values) for lines, values in zip(headers, cells, strict=True)]
    out = []
    for level in range(depth):
        row = [
            (lines[level - depth + len(lines)] if level >= depth - len(lines) else "") for lines in headers
        ]
        out.append("  ".join(text.rjust(w) for text, w in zip(row, widths, strict=True)).rstrip())
    out.append("  ".join("-" * w for w in widths))
    for i in range(len(table)):
        out.append("  ".join(values[i].rjust(w) for values, w in zip(cells, widths, strict=True)))
    return "\n".join(out)
