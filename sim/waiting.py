"""Waiting in a unit's queue: served, or gone (given up, or worsened into a crisis) before that.

A free place is taken at once (no event, no clock). Otherwise one timeout races the place for both
the resident's patience and the moment the problem becomes a crisis (``sim.race``); whichever comes
first ends the wait. Whatever happens, the wait gives the case's ``Visit`` to the unit: holding its place there if
it was served, closed without one if not.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim import severity
from sim.adaptation import queue_priority
from sim.case import Visit
from sim.handoffs import settle_on_contact
from sim.race import Race
from sim.specialised_care import specialised_care
from sim.worsening import time_to_crisis

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.case import Case
    from sim.context import StepContext
    from sim.unit_interface import Unit


def wait_for(
    ctx: StepContext, case: Case, unit: Unit, kind: str, waited_before: float = 0.0
) -> Generator[simpy.Event, object, Visit]:
    """Queue at ``unit`` (a visit of ``kind``) until served or gone; ``waited_before`` weeks count too.

    The visit's ``place`` is None if the case left the queue unserved (its journey went on elsewhere or
    ended).
    """
    env = ctx.env
    visit = Visit(case.id, unit.name, kind, env.now - waited_before)  # case.visit(), inlined: hot path
    case.visits.append(visit)
    ctx.book.log(case, unit.name, "request", case.domain)
    adapt = ctx.rules.adaptation
    team = ctx.units.teams.get(unit.name) if adapt is not None else None
    slot = (
        unit.request() if team is None or adapt is None else unit.request(queue_priority(team, adapt, case))
    )
    rules = ctx.rules
    if rules.severity_state is not None:  # severity as state: it grows from when the wait began
        severity.grow_from(rules, case, visit.arrive_t)
    if not slot.triggered:  # a free place is taken at once: no event, no race against the clock
        patience, crisis = _clocks(ctx, case, waited_before)
        limit = min(patience, crisis)
        if limit < math.inf:
            yield Race(env, slot, env.timeout(max(limit, 0.0)))
            if not slot.triggered:
                slot.cancel()
                yield from _gone(ctx, case, visit, crisis <= patience)
                return visit
        else:
            yield slot
    visit.start_t = env.now
    visit.at = unit
    visit.place = slot
    settle_on_contact(ctx, case)
    if rules.severity_state is not None and kind in severity.HELPING_KINDS:
        severity.hold(case, env.now)
    return visit


def _clocks(ctx: StepContext, case: Case, waited_before: float) -> tuple[float, float]:
    """Weeks from now until the resident gives up, and until the need becomes a crisis (inf: never)."""
    patience = case.draw("patience") - waited_before
    if ctx.rules.severity_state is None:
        return patience, time_to_crisis(ctx.rules, case, waited_before)
    # severity as state: it carries on from earlier waits
    return patience, severity.weeks_to_crisis(ctx.rules, case, ctx.env.now)


def _gone(ctx: StepContext, case: Case, visit: Visit, crisis: bool) -> Generator[simpy.Event, object, None]:
    """The wait ended without a place: a crisis goes to specialised care, else the resident gave up."""
    if crisis:
        visit.close(ctx.env.now, "crisis")
        ctx.book.log(case, visit.unit, "crisis", "severity crossed the threshold while waiting")
        yield from specialised_care(ctx, case, "worsening", visit.unit, kept=None)
    else:
        visit.close(ctx.env.now, "gave_up")
        ctx.book.end_case(case, "dropped_out", drop_reason="gave_up_waiting")
