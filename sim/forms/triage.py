"""Triage into Heerlen's three classes, with a given accuracy (forms A2 and C)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.case import Case


def triage_class(accuracy: float, case: Case) -> str:
    """The class triage puts the case in: its true class with chance ``accuracy``, else a neighbour.

    A single-problem case mistaken goes up to "multiple", a multi-problem case down to "multiple",
    and a "multiple" case half the time either way.
    """
    u = case.u("triage")
    if u < accuracy:
        return case.complexity
    if case.complexity != "multiple":
        return "multiple"
    return "single" if (u - accuracy) / (1 - accuracy) < 0.5 else "multi_problem"
