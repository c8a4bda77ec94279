"""Escalation by worsening: while a need waits unseen, its severity grows until it is a crisis.

A crisis goes to specialised care, first in its queue (``sim.specialised_care``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.specialised_care import specialised_care

if TYPE_CHECKING:
    from sim.case import Case, Visit
    from sim.context import Rules, StepContext, Steps


def time_to_crisis(rules: Rules, case: Case, already_waited: float = 0.0) -> float:
    """Weeks of further waiting until the case's severity crosses the escalation threshold."""
    growth = rules.severity_growth
    if growth <= 0:
        return math.inf
    return max((rules.escalation_threshold - case.severity0) / growth - already_waited, 0.0)


def crisis_in_unit(ctx: StepContext, case: Case, visit: Visit) -> Steps:
    """The unit held the case without seeing its need; now it is a crisis: on to specialised care."""
    unit = visit.unit
    visit.leave(case, ctx.env.now, "crisis")
    ctx.book.log(case, unit, "crisis", "the problem worsened before it was recognised")
    yield from specialised_care(ctx, case, "worsening", unit, kept=None)
