"""Escalation by worsening: while a need waits unseen, its severity grows until it is a crisis.

A crisis goes to specialised care, first in its queue (``sim.specialised_care``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim import severity
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


def crisis_while_unseen(ctx: StepContext, case: Case, unseen: float) -> float:
    """Weeks until a need that goes unseen for ``unseen`` weeks from now becomes a crisis.

    Off, the timer starts again from the severity at the request; with severity as state it carries
    on from the case's severity now (and the growth over ``unseen`` is kept when no crisis comes).
    """
    if ctx.rules.severity_state is None:
        return time_to_crisis(ctx.rules, case)
    return severity.unseen_crisis_weeks(ctx.rules, case, ctx.env.now, unseen)


def crisis_from_home(ctx: StepContext, case: Case) -> Steps:
    """A latent need crossed the threshold before anyone knew: a crisis, straight to specialised care."""
    ctx.book.log(case, "home", "crisis", "the need worsened before the household asked for help")
    yield from specialised_care(ctx, case, "worsening", "home", kept=None)


def crisis_in_unit(ctx: StepContext, case: Case, visit: Visit) -> Steps:
    """The unit held the case without seeing its need; now it is a crisis: on to specialised care."""
    unit = visit.unit
    visit.leave(case, ctx.env.now, "crisis")
    ctx.book.log(case, unit, "crisis", "the problem worsened before it was recognised")
    yield from specialised_care(ctx, case, "worsening", unit, kept=None)
