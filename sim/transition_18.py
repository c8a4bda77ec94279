"""The 18th birthday: a case of a youth-only team moves to the adult team when the resident turns 18.

Warm with a bridge worker who has room (the adult team takes over the plan), cold without: a longer
delay, a new intake, and a chance that the resident does not arrive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.handoffs import Route, transfer

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import StepContext


@dataclass(slots=True)
class Move:
    """How the move to the adult team went."""

    adult_team: TeamAgent
    warm: bool
    """A bridge worker made it warm (the adult team need not assess again)."""
    arrived: bool
    """False if the resident was lost on the way."""


def weeks_until_move(ctx: StepContext, case: Case, team: TeamAgent) -> float:
    """Weeks from now until this case must move to the adult team (inf if it need not)."""
    if not team.hands_over_at_18:
        return math.inf
    limit = ctx.scenario.transition_18.age
    if case.age >= limit or team.ages[1] >= limit or team.role != "door":
        return math.inf
    adult = ctx.units.router.serving_team(case.household.area, limit, case.domain)
    if adult is None or adult is team:
        return math.inf
    return case.reaches_age_at(limit) - ctx.env.now


def hand_over(ctx: StepContext, case: Case, youth_team: TeamAgent) -> Generator[simpy.Event, object, Move]:
    """The youth case moves to the adult team: warm with a bridge worker, cold without."""
    spec = ctx.scenario.transition_18
    adult = ctx.units.router.team_for(case.household.area, spec.age, case.domain)
    case.age = spec.age
    bridge = ctx.units.bridge
    warm = bridge is not None and bridge.take(case, ages_checked=spec.age)
    if warm:
        ctx.book.log(case, "bridge_worker", "bridge", "")
        route = Route(youth_team.name, adult.name, "transition_18", warm=True)
    else:
        route = Route(
            youth_team.name,
            adult.name,
            "transition_18",
            warm=False,
            delay=spec.cold_delay_weeks,
            loss_probability=spec.cold_loss_probability,
        )
    arrived = yield from transfer(ctx, case, route)
    return Move(adult, warm, arrived)
