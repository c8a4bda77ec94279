"""Form B: teams side by side by age (or domain); the resident has to find the right door.

A wrong door bounces the case on after a delay, and some residents give up there. A household with
needs on both sides of the 18- / 18+ line gets a second case in the other team, with a second
coordinator, unless a bridge worker makes it one plan. A shared front office removes the wrong
doors at the cost of a desk step; shared working methods halve wrong doors and bounce losses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.handoffs import ZERO_DELAY, nth_uniform, transfer
from sim.pathway import leave, team_journey, wait_for
from sim.scenario.schema import DOMAINS

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.model import WijkModel
    from sim.pathway import Case, Steps

ADULT_SIDE_DOMAINS: tuple[str, ...] = ("wmo", "debt", "work_income", "mental_health")
"""A parent's need beside a child's: one of these, equally likely (assumption)."""


def door_journey(model: WijkModel, case: Case, waited_before: float = 0.0) -> Steps:
    """Find the right team: through the shared front office, or by knocking on a door."""
    env = model.env
    spec = model.scenario.split_teams
    right = model.router.team_for(case.household.area, case.age, case.domain)
    if spec.shared_front_office:
        desk = model.front_office
        got = yield from wait_for(model, case, desk, "desk", waited_before)
        if got is None:
            return
        slot, visit = got
        yield env.timeout(spec.front_office.service_weeks.quantile(case.u("desk")))
        leave(desk, case, slot, visit, "served")
        if (yield from transfer(model, case, desk.name, right.name, "front_office", warm=True)):
            yield from team_journey(model, case, right)
        return
    factor = spec.shared_methods_factor if spec.shared_methods else 1.0
    others = model.router.wrong_doors(case.household.area, right)
    if others and case.u("door") < spec.wrong_door_probability * factor:
        wrong = others[min(int(case.u("door_pick") * len(others)), len(others) - 1)]
        visit = case.visit(wrong.name, "wrong_door", env.now - waited_before, start_t=env.now)
        model.log(case, wrong.name, "request", case.domain)
        yield env.timeout(spec.bounce_delay_weeks.quantile(case.u("bounce")))
        visit.close(env.now, "bounced")
        arrived = yield from transfer(
            model,
            case,
            wrong.name,
            right.name,
            "wrong_door",
            warm=spec.shared_methods,
            delay=ZERO_DELAY,
            loss_probability=spec.bounce_loss_probability * factor,
            outcome="bounced",
        )
        if arrived:
            yield from team_journey(model, case, right)
        return
    yield from team_journey(model, case, right, waited_before)


def split_household(model: WijkModel, case: Case, team: TeamAgent) -> None:
    """At assessment: if the household also needs the team on the other side, open a second case there."""
    if case.member:
        return
    p = model.scenario.split_teams.mixed_household_probability.get(case.complexity)
    if p <= 0 or case.u("mixed") >= p:
        return
    draws, index = model.next_member_draw()
    pick = nth_uniform(case.u("mixed"), 1)
    if case.age < model.scenario.transition_18.age:
        age, domain = 30 + int(pick * 20), ADULT_SIDE_DOMAINS[min(int(pick * 4), 3)]
    else:
        age, domain = 4 + int(pick * 12), "youth"
    other = model.router.team_for(case.household.area, age, domain, required=False)
    if other is None or other is team:
        return
    member = model.new_case(
        case.household,
        draws,
        index,
        reentry=False,
        age=age,
        domain=DOMAINS.index(domain),
        complexity=case.complexity,
    )
    member.member = True
    model.env.process(_second_case(model, case, member, team, other))


def _second_case(model: WijkModel, case: Case, member: Case, team: TeamAgent, other: TeamAgent) -> Steps:
    spec = model.scenario.split_teams
    bridged = model.bridge is not None and model.bridge.take(member)
    if bridged:
        member.plan = case.plan
    arrived = yield from transfer(
        model,
        member,
        team.name,
        other.name,
        "mixed_household",
        warm=bridged or spec.shared_methods,
        outcome="pending" if bridged else "duplicated",
    )
    if arrived:
        yield from team_journey(model, member, other)
