"""Wrong doors: a resident who first asks a door that does not take the request is sent on.

One mechanism for every form where residents choose among doors (each form names its doors): in
form B the team of the other age group or domain, in A2 the area team or a first-line provider
instead of the triage desk, in C the expert team or another area's front team instead of their own
front team; and, in B, a shared front office's desk that sends a request to the wrong team. The wrong
door holds the resident for a bounce delay (a visit of kind ``wrong_door``, counting as waiting) and
sends them on; some give up there (a hand-off of boundary ``wrong_door``, outcome ``bounced`` unless
lost). A household that was in contact with a team before knows the door: its chance of a wrong door
is ``wrong_doors.known_door_factor`` times a first request's.

The draws are the case's ``door`` (a wrong door or not), ``door_pick`` (which one) and ``bounce``
(quantile of the bounce delay), the same in every form, so two structures run on one seed send the
same residents to a wrong door as far as their chances allow (common random numbers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.handoffs import ZERO_DELAY, Route, transfer

if TYPE_CHECKING:
    from collections.abc import Generator, Sequence

    import simpy

    from sim.case import Case
    from sim.context import StepContext
    from sim.units import Weeks


def resident_chance(ctx: StepContext, case: Case, chance: float) -> float:
    """The chance that this resident asks a wrong door first: ``chance``, lower if they know the door."""
    if case.knew_door:
        return chance * ctx.scenario.wrong_doors.known_door_factor
    return chance


def pick_wrong_door(case: Case, chance: float, doors: Sequence[str]) -> str | None:
    """The wrong door (a unit's name) the case goes to first, with ``chance``; None: the right one.

    None also when there is no door to mistake. Reads the case's ``door`` and ``door_pick`` uniforms.
    """
    if not doors or case.u("door") >= chance:
        return None
    return doors[min(int(case.u("door_pick") * len(doors)), len(doors) - 1)]


def bounce_route(ctx: StepContext, wrong: str, right: str, warm: bool, loss_factor: float = 1.0) -> Route:
    """The way on from a wrong door: no delay of its own, the bounce loss (times ``loss_factor``)."""
    return Route(
        wrong,
        right,
        "wrong_door",
        warm=warm,
        delay=ZERO_DELAY,
        loss_probability=ctx.scenario.split_teams.bounce_loss_probability * loss_factor,
        outcome="bounced",
    )


def bounce(
    ctx: StepContext, case: Case, route: Route, waited_before: Weeks = 0.0
) -> Generator[simpy.Event, object, bool]:
    """The case is at the wrong door ``route.from_unit``, which sends it on along ``route``.

    The visit at the wrong door starts now; ``waited_before`` weeks of waiting before it count as its
    queue. Returns whether the resident arrives at ``route.to_unit``.
    """
    env = ctx.env
    visit = case.visit(route.from_unit, "wrong_door", env.now - waited_before, start_t=env.now)
    ctx.book.log(case, route.from_unit, "request", case.domain)
    yield env.timeout(ctx.scenario.split_teams.bounce_delay_weeks.quantile(case.u("bounce")))
    visit.close(env.now, "bounced")
    return (yield from transfer(ctx, case, route))
