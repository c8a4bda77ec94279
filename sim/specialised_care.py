"""Specialised (second-line) care: a referral, or a crisis, waits for a place and is then treated.

The referral is recorded as a hand-off: warm when the team keeps the case on its books while it waits.
A crisis (escalation by worsening) goes first in the queue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim import severity
from sim.handoffs import ZERO_DELAY, Route, nth_uniform, settle_on_contact, transfer
from sim.race import Race

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy
    from simpy.resources.resource import Request

    from sim.agents import TeamAgent
    from sim.case import Case, Visit
    from sim.context import StepContext, Steps

CRISIS_PRIORITY = -1
"""A crisis goes before referrals in the queue for specialised care."""
INTAKE_SHIFT = 7
"""The intake time reads the case's birthday uniform shifted this many steps (``nth_uniform``)."""


@dataclass(slots=True)
class KeptCase:
    """A referred case that its team keeps on its books (its place there) until care starts."""

    team: TeamAgent
    visit: Visit


def specialised_care(
    ctx: StepContext, case: Case, escalation: str, from_unit: str, kept: KeptCase | None
) -> Steps:
    """Wait for a place in specialised care (perhaps still on the team's books), then receive it.

    ``escalation`` is "needed" (a referral) or "worsening" (a crisis).
    """
    env = ctx.env
    unit = ctx.units.specialised
    case.escalation = escalation
    route = Route(
        from_unit, unit.name, "to_specialised", warm=kept is not None, delay=ZERO_DELAY, loss_probability=0.0
    )
    yield from transfer(ctx, case, route)
    visit = case.visit(unit.name, "specialised", env.now)
    if kept is not None:
        kept.team.waiting_for_specialised += 1
    intake = intake_weeks(ctx, case, escalation)
    if intake > 0:  # the intake is waiting too: the unit counts the case as waiting meanwhile
        unit.in_intake += 1
        yield env.timeout(intake)
        unit.in_intake -= 1
    place = unit.request(priority=CRISIS_PRIORITY if escalation == "worsening" else 0)
    if ctx.rules.severity_state is not None and escalation != "worsening":
        place, visit = yield from _wait_or_worsen(ctx, case, place, visit)
    yield place
    if ctx.rules.severity_state is not None:
        severity.hold(case, env.now)
    visit.start_t = env.now
    settle_on_contact(ctx, case)
    if math.isnan(case.first_contact_t):
        case.first_contact_t = env.now
    if kept is not None:
        kept.team.waiting_for_specialised -= 1
        kept.visit.leave(case, env.now, "served")
    ctx.book.log(case, unit.name, "specialised_care_start", escalation)
    yield env.timeout(case.draw("specialised"))
    visit.close(env.now, "served")
    unit.release(place)
    ctx.book.end_case(case, "closed")


def intake_weeks(ctx: StepContext, case: Case, escalation: str) -> float:
    """Weeks a referral spends in the provider's own intake before it queues for a place (0 for a crisis).

    One uniform derived from the case's own (a new column would shift later blocks of draws).
    """
    if escalation != "needed":  # a crisis needs no intake first
        return 0.0
    u = nth_uniform(case.u("birthday"), INTAKE_SHIFT)
    return float(ctx.scenario.specialised_care.intake_weeks.quantile(u))


def _wait_or_worsen(
    ctx: StepContext, case: Case, place: Request, visit: Visit
) -> Generator[simpy.Event, object, tuple[Request, Visit]]:
    """Severity as state: a referral whose severity crosses the threshold while it waits is a crisis.

    It goes to the front of the queue (a new request with the crisis priority, a new visit); the
    first place is given back. Returns the request to wait for and the visit it belongs to.
    """
    env, unit = ctx.env, ctx.units.specialised
    crisis = severity.weeks_to_crisis(ctx.rules, case, env.now)
    if place.triggered or crisis == math.inf:
        return place, visit
    yield Race(env, place, env.timeout(crisis))
    if place.triggered:
        return place, visit
    place.cancel()
    visit.close(env.now, "crisis")
    case.escalation = "worsening"
    ctx.book.log(case, unit.name, "crisis", "severity crossed the threshold while waiting for care")
    return unit.request(priority=CRISIS_PRIORITY), case.visit(unit.name, "specialised", env.now)
