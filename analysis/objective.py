"""The declared objective of a comparison: which metrics are judged, which way is better, what matters.

A comparison says "better" only for a metric listed here, only in its direction, and only when the
difference is at least the metric's *minimum relevant difference*: the least change a municipality
would act on. That threshold is either absolute, in the metric's own unit (weeks, a share 0-1), or
relative, a fraction of the larger of the two means (for counts, hours and euros, which grow with the
size of the municipality). The defaults are in ``DEFAULT_OBJECTIVE``; a scenario (``[objective]``) or an
experiment spec (``[objective]``) overrides them per metric, e.g.::

    [objective.cost_eur]
    min_relative_difference = 0.02     # 2% of the larger mean

    [objective.overhead_share]
    direction = "none"                  # describe, do not judge
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from sim import METRIC_NAMES, ScenarioError
from sim.scenario.loader import did_you_mean

Direction = Literal["lower", "higher"]


@dataclass(frozen=True)
class Judgement:
    """How one metric is judged.

    ``min_difference`` is in the metric's unit when ``relative`` is False, else a fraction (0.05 = 5%)
    of the larger of the two means.
    """

    direction: Direction
    min_difference: float
    relative: bool

    def threshold(self, mean_a: float, mean_b: float) -> float:
        """The minimum relevant difference in the metric's unit for these two means."""
        if not self.relative:
            return self.min_difference
        larger = max(abs(mean_a), abs(mean_b))
        return self.min_difference * larger if math.isfinite(larger) else math.nan

    def describe(self) -> str:
        """``lower, >= 0.25`` or ``higher, >= 1%``: the direction and the threshold as written."""
        amount = f"{100 * self.min_difference:g}%" if self.relative else f"{self.min_difference:g}"
        return f"{self.direction}, >= {amount}"


def _abs(direction: Direction, amount: float) -> Judgement:
    return Judgement(direction, amount, relative=False)


def _rel(direction: Direction, share: float) -> Judgement:
    return Judgement(direction, share, relative=True)


DEFAULT_OBJECTIVE: dict[str, Judgement] = {
    "closed": _rel("higher", 0.01),
    "dropped_out": _rel("lower", 0.05),
    "wait_first_contact_mean_weeks": _abs("lower", 0.25),
    "wait_first_contact_p90_weeks": _abs("lower", 0.5),
    "wait_total_mean_weeks": _abs("lower", 0.25),
    "waiting_list_mean": _rel("lower", 0.05),
    "waiting_list_end": _rel("lower", 0.05),
    "over_norm_share": _abs("lower", 0.02),
    "trajectory_escalation_rate": _abs("lower", 0.01),
    "escalation_by_worsening_rate": _abs("lower", 0.01),
    "overhead_hours": _rel("lower", 0.02),
    "overhead_share": _abs("lower", 0.02),
    "handoff_failures": _rel("lower", 0.05),
    "handoff_failure_rate": _abs("lower", 0.02),
    "handoffs_lost": _rel("lower", 0.05),
    "duplicate_cases": _rel("lower", 0.05),
    "coordinators_per_household_mean": _abs("lower", 0.02),
    "cost_eur": _rel("lower", 0.01),
    "unmet_need": _rel("lower", 0.05),
    "onset_to_help_mean_weeks": _abs("lower", 0.5),
    "severity_at_first_contact_mean": _abs("lower", 0.02),
    "crises": _rel("lower", 0.05),
    "staff_sick_leave_share": _abs("lower", 0.005),
    "staff_turnover_per_fte_year": _abs("lower", 0.01),
    "vacancy_fte_mean": _abs("lower", 0.1),
}
"""The judged metrics and their defaults. Weeks: a quarter of a week on a mean wait, half a week on the
90th percentile. Shares: 1-2 percentage points. Counts: 5% (closed cases 1%: every resident helped
counts). Cost: 1% of the budget. The others (requests, staff hours, hand-offs, and ``escalation_rate``,
whose denominator counts the residents a structure loses before a first contact, so that losing more of
them looks like referring fewer) describe, they do not judge."""

HELPED_METRIC = "closed"
"""Residents helped: a structure that is not shown to help as many is never better on cost alone."""

COST_METRICS: frozenset[str] = frozenset({"cost_eur", "overhead_hours", "overhead_share"})
"""What a structure costs (money and hours), as opposed to what it does for residents."""

DIRECTIONS = ("lower", "higher", "none")
OVERRIDE_KEYS = ("direction", "min_difference", "min_relative_difference")


def objective(
    overrides: Mapping[str, Mapping[str, Any]] | None = None, source: str = ""
) -> dict[str, Judgement]:
    """The default objective with ``overrides`` (metric -> keys of ``OVERRIDE_KEYS``) applied.

    ``direction = "none"`` stops judging a metric; a metric not judged by default needs a direction and
    a threshold. Raises ScenarioError naming ``source``, the key, the value and what is allowed.
    """
    problems = objective_problems(overrides, source)
    if problems:
        raise ScenarioError(problems)
    judged = dict(DEFAULT_OBJECTIVE)
    for metric, keys in (overrides or {}).items():
        values = {k: v for k, v in dict(keys).items() if v is not None}
        if values.get("direction") == "none":
            judged.pop(metric, None)
            continue
        current = judged.get(metric)
        direction = values.get("direction", current.direction if current else "lower")
        if "min_difference" in values:
            current = Judgement(direction, float(values["min_difference"]), relative=False)
        elif "min_relative_difference" in values:
            current = Judgement(direction, float(values["min_relative_difference"]), relative=True)
        assert current is not None  # objective_problems asks for a threshold for a new metric
        judged[metric] = replace(current, direction=direction)
    return {metric: judged[metric] for metric in METRIC_NAMES if metric in judged}


def objective_problems(overrides: Mapping[str, Mapping[str, Any]] | None, source: str = "") -> list[str]:
    """Every problem of an ``[objective]`` table, one line each: unknown metrics, keys and values."""
    where = f"{source}: " if source else ""
    problems = []
    for metric, keys in (overrides or {}).items():
        prefix = f"{where}objective.{metric}"
        if metric not in METRIC_NAMES:
            problems.append(f"{prefix}: unknown metric{did_you_mean(metric, METRIC_NAMES)}")
            continue
        if not isinstance(keys, Mapping):
            problems.append(f"{prefix} = {keys!r}: must be a table with {', '.join(OVERRIDE_KEYS)}")
            continue
        values = {k: v for k, v in keys.items() if v is not None}
        for key in values:
            if key not in OVERRIDE_KEYS:
                problems.append(f"{prefix}.{key}: unknown key{did_you_mean(key, OVERRIDE_KEYS)}")
        direction = values.get("direction")
        if direction is not None and direction not in DIRECTIONS:
            problems.append(f"{prefix}.direction = {direction!r}: must be one of {', '.join(DIRECTIONS)}")
        both = "min_difference" in values and "min_relative_difference" in values
        if both:
            problems.append(f"{prefix}: give min_difference or min_relative_difference, not both")
        for key in ("min_difference", "min_relative_difference"):
            value = values.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0
            ):
                problems.append(f"{prefix}.{key} = {value!r}: must be a number >= 0")
        has_threshold = "min_difference" in values or "min_relative_difference" in values
        if (
            metric not in DEFAULT_OBJECTIVE
            and direction != "none"
            and (direction is None or not has_threshold)
        ):
            problems.append(
                f"{prefix}: {metric} is not judged by default; give a direction (lower or higher) "
                "and min_difference or min_relative_difference"
            )
    return problems


def lower_is_better(judged: Mapping[str, Judgement] = DEFAULT_OBJECTIVE) -> frozenset[str]:
    """The judged metrics where less is better."""
    return frozenset(m for m, j in judged.items() if j.direction == "lower")


def higher_is_better(judged: Mapping[str, Judgement] = DEFAULT_OBJECTIVE) -> frozenset[str]:
    """The judged metrics where more is better."""
    return frozenset(m for m, j in judged.items() if j.direction == "higher")
