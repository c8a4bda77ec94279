"""The verdict of a paired comparison: which scenario is better, metric by metric, and on the whole.

Per judged metric (``analysis.objective``) the paired differences B - A are tested twice:

- *difference*: is B - A different from zero? (paired t, two-sided);
- *equivalence*: is B - A within the minimum relevant difference ``±δ``? (two one-sided t tests).

Holm's step-down correction over the judged metrics keeps the chance of any wrong claim of each kind
at most ``ALPHA`` (5%), however many metrics are judged. The verdict of B against A is then

- ``better`` / ``worse``: the difference is significant (Holm) and at least ``δ`` in B's favour or not;
- ``no relevant difference``: the difference is shown to be within ``±δ`` (Holm);
- ``inconclusive``: neither; more replications may tell.

Metrics that describe rather than judge (requests, staff hours) get no verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.objective import DEFAULT_OBJECTIVE, Judgement, higher_is_better, lower_is_better
from analysis.summary import format_number, mean_ci

ALPHA = 0.05
"""Family-wise error rate of the claims of a comparison (each kind: difference, equivalence)."""

LOWER_IS_BETTER: frozenset[str] = lower_is_better()
"""Metrics where less is better for residents or for the municipality (by default)."""

HIGHER_IS_BETTER: frozenset[str] = higher_is_better()
"""Metrics where more is better (by default). Others (requests, staff hours, ...) describe."""

BETTER, WORSE, NO_RELEVANT_DIFFERENCE, INCONCLUSIVE = (
    "better",
    "worse",
    "no relevant difference",
    "inconclusive",
)
VERDICTS = (BETTER, WORSE, NO_RELEVANT_DIFFERENCE, INCONCLUSIVE)
"""The words of a verdict of B against A."""

NO_CLEAR_DIFFERENCE = "no relevant difference or inconclusive"
"""What an open marker means on the forest and structures figures."""

COLUMNS = (
    "metric",
    "mean_a",
    "mean_b",
    "difference",
    "ci_low",
    "ci_high",
    "direction",
    "min_difference",
    "p_holm",
    "p_equivalence_holm",
    "verdict",
    "better",
)
"""The columns of a verdict table, as ``compare.csv`` and ``structures.csv`` hold them."""


def paired_p_values(differences: np.ndarray, delta: float) -> tuple[float, float]:
    """P-values of the paired differences: against zero (two-sided), and of equivalence within ``±delta``.

    The equivalence p-value is the larger of the two one-sided tests (TOST). With no spread at all the
    p-values are 0 or 1 (the differences are known exactly); with fewer than two values both are NaN.
    """
    values = np.asarray(differences, dtype=float)
    values = values[~np.isnan(values)]
    n = len(values)
    if n < 2 or math.isnan(delta):
        return math.nan, math.nan
    from scipy import stats

    mean = float(values.mean())
    se = float(values.std(ddof=1)) / math.sqrt(n)
    if se == 0 or se < 1e-12 * max(1.0, abs(mean)):
        return (0.0 if mean != 0 else 1.0), (0.0 if abs(mean) < delta or mean == 0 else 1.0)
    p_difference = float(2 * stats.t.sf(abs(mean) / se, n - 1))
    p_equivalence = float(max(stats.t.sf((mean + delta) / se, n - 1), stats.t.sf((delta - mean) / se, n - 1)))
    return p_difference, p_equivalence


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (NaN stays NaN and does not count in the family)."""
    indexed = sorted((p, i) for i, p in enumerate(p_values) if not math.isnan(p))
    adjusted = [math.nan] * len(p_values)
    running = 0.0
    m = len(indexed)
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def cannot_differ(a: np.ndarray, b: np.ndarray) -> bool:
    """True when both scenarios give one and the same value in every replication (NaN ignored)."""
    values = np.concatenate([a, b])
    values = values[~np.isnan(values)]
    return len(values) > 0 and bool(np.all(values == values[0]))


def verdict_word(
    difference: float, delta: float, direction: str, p_holm: float, p_equivalence_holm: float
) -> str:
    """``better`` / ``worse`` (for B), ``no relevant difference`` or ``inconclusive``."""
    if math.isnan(difference) or math.isnan(p_holm):
        return INCONCLUSIVE
    if p_holm < ALPHA and abs(difference) >= delta and difference != 0:
        b_is_lower = difference < 0
        return BETTER if b_is_lower == (direction == "lower") else WORSE
    if p_equivalence_holm < ALPHA:
        return NO_RELEVANT_DIFFERENCE
    return INCONCLUSIVE


def verdict_table(
    paired: pd.DataFrame,
    metrics: list[str] | tuple[str, ...],
    name_a: str = "A",
    name_b: str = "B",
    judged: Mapping[str, Judgement] | None = None,
) -> pd.DataFrame:
    """Per metric: both means, the difference B - A with its 95% CI, and the verdict of B against A.

    ``judged`` is the objective (default ``DEFAULT_OBJECTIVE``); Holm's correction runs over the judged
    metrics among ``metrics``. A metric with one and the same value in every replication of both
    scenarios (0 on both sides when a mechanism is off) cannot differ: it is not judged (empty
    direction and verdict) and does not count in Holm's family. ``better`` names the better scenario
    for a verdict better or worse.
    """
    judged = DEFAULT_OBJECTIVE if judged is None else judged
    rows = []
    for metric in metrics:
        a = paired[f"{metric}_a"].to_numpy(dtype=float)
        b = paired[f"{metric}_b"].to_numpy(dtype=float)
        diff, low, high = mean_ci(b - a)
        mean_a = float(np.nanmean(a)) if len(a) else math.nan
        mean_b = float(np.nanmean(b)) if len(b) else math.nan
        judgement = judged.get(metric) if not cannot_differ(a, b) else None
        delta = judgement.threshold(mean_a, mean_b) if judgement else math.nan
        p_difference, p_equivalence = paired_p_values(b - a, delta) if judgement else (math.nan, math.nan)
        rows.append(
            {
                "metric": metric,
                "mean_a": mean_a,
                "mean_b": mean_b,
                "difference": diff,
                "ci_low": low,
                "ci_high": high,
                "direction": judgement.direction if judgement else "",
                "min_difference": delta,
                "p_holm": p_difference,
                "p_equivalence_holm": p_equivalence,
            }
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS[:-2]))
    is_judged = table["direction"] != ""
    for column in ("p_holm", "p_equivalence_holm"):
        table.loc[is_judged, column] = holm(table.loc[is_judged, column].tolist())
    table["verdict"] = [
        verdict_word(r.difference, r.min_difference, r.direction, r.p_holm, r.p_equivalence_holm)
        if r.direction
        else ""
        for r in table.itertuples()
    ]
    table["better"] = [name_b if v == BETTER else name_a if v == WORSE else "" for v in table["verdict"]]
    return table


def format_verdict(table: pd.DataFrame, name_a: str, name_b: str, title: str = "") -> str:
    """The verdict table as aligned text; the last column says how B does against A."""
    header = ("metric", name_a, name_b, f"{name_b} - {name_a}", "95% CI", "relevant", f"{name_b} is")
    lines = [
        (
            r.metric,
            format_number(r.mean_a),
            format_number(r.mean_b),
            format_number(r.difference),
            "-" if math.isnan(r.ci_low) else f"{format_number(r.ci_low)} .. {format_number(r.ci_high)}",
            f"±{format_number(r.min_difference)}" if r.direction else "",
            str(r.verdict),
        )
        for r in table.itertuples()
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [title] if title else []
    fmt = "  ".join(f"{{:{'<' if i in (0, 6) else '>'}{w}}}" for i, w in enumerate(widths))
    out.append(fmt.format(*header).rstrip())
    out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    out += [fmt.format(*line).rstrip() for line in lines]
    return "\n".join(out)
