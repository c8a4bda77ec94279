"""Form B: teams side by side by age (or domain); the resident has to find the right door.

A wrong door bounces the case on after a delay, and some residents give up there. A household with
needs on both sides of the 18- / 18+ line gets a second case in the other team, with a second
coordinator, unless a bridge worker makes it one plan. A shared front office removes the wrong
doors at the cost of a desk step; shared working methods halve wrong doors and bounce losses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.forms.base import OrganisationForm, PaidUnit, ReportMechanism, Setting
from sim.handoffs import ZERO_DELAY, Route, nth_uniform, transfer
from sim.steps_runner import start_steps
from sim.support import team_journey
from sim.waiting import wait_for
from sim.wrong_doors import bounce, bounce_route, pick_wrong_door, resident_chance

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import AfterAssessment, StepContext, Steps
    from sim.forms.base import MakeUnit
    from sim.places import PlacesUnit
    from sim.scenario.schema import Scenario

ADULT_SIDE_DOMAINS: tuple[str, ...] = ("wmo", "debt", "work_income", "mental_health")
"""A parent's need beside a child's: one of these, equally likely (assumption)."""


def front_office_units(make: MakeUnit, scenario: Scenario) -> dict[str, PlacesUnit]:
    """The shared front office, if the scenario has one."""
    office = scenario.split_teams.front_office
    if not scenario.split_teams.shared_front_office:
        return {}
    return {"front_office": make("front_office", "desk", office.servers, office.fte)}


def door_journey(ctx: StepContext, case: Case, waited_before: float = 0.0) -> Steps:
    """Find the right team: through the shared front office, or by knocking on a door."""
    spec = ctx.scenario.split_teams
    right = ctx.units.router.team_for(case.household.area, case.age, case.domain)
    if spec.shared_front_office:
        yield from _through_front_office(ctx, case, right, waited_before)
        return
    factor = spec.shared_methods_factor if spec.shared_methods else 1.0
    others = [team.name for team in ctx.units.router.wrong_doors(case.household.area, right)]
    wrong = pick_wrong_door(case, resident_chance(ctx, case, spec.wrong_door_probability * factor), others)
    if wrong is not None:
        route = bounce_route(ctx, wrong, right.name, warm=spec.shared_methods, loss_factor=factor)
        if not (yield from bounce(ctx, case, route, waited_before)):
            return
        waited_before = 0.0
    yield from team_journey(ctx, case, right, waited_before)


def _through_front_office(ctx: StepContext, case: Case, right: TeamAgent, waited_before: float) -> Steps:
    """The shared front office sends the resident to the right team, warm (or, by mistake, a wrong one)."""
    spec = ctx.scenario.split_teams
    desk = ctx.units.own["front_office"]
    visit = yield from wait_for(ctx, case, desk, "desk", waited_before)
    if visit.place is None:
        return
    yield ctx.env.timeout(spec.front_office.service_weeks.quantile(case.u("desk")))
    visit.leave(case, ctx.env.now, "served")
    delay = ZERO_DELAY if spec.front_office_books_intake else None
    others = [team.name for team in ctx.units.router.wrong_doors(case.household.area, right)]
    wrong = pick_wrong_door(case, spec.front_office_misroute_probability, others)
    if wrong is not None:  # the desk's mistake: the wrong team sends the case on, warm
        misrouted = Route(desk.name, wrong, "front_office", warm=True, delay=delay, outcome="bounced")
        if not (yield from transfer(ctx, case, misrouted)):
            return
        on = Route(wrong, right.name, "wrong_door", warm=True, delay=ZERO_DELAY)
        if not (yield from bounce(ctx, case, on)):
            return
    elif not (yield from transfer(ctx, case, Route(desk.name, right.name, "front_office", True, delay))):
        return
    yield from team_journey(ctx, case, right)


def split_step(scenario: Scenario, teams: Mapping[str, TeamAgent]) -> AfterAssessment | None:
    """The second-member step, if some door team serves only one side of the 18th birthday."""
    adult_age = scenario.transition_18.age
    possible = any(t.role == "door" and not (t.ages[0] < adult_age <= t.ages[1]) for t in teams.values())
    return split_household if possible else None


def split_household(ctx: StepContext, case: Case, team: TeamAgent) -> None:
    """At assessment: if the household also needs the team on the other side, open a second case there."""
    if case.member:
        return
    p = ctx.scenario.split_teams.mixed_household_probability.get(case.complexity)
    if p <= 0 or case.u("mixed") >= p:
        return
    row = ctx.book.member_draw()  # drawn whether or not another team takes the member
    pick = nth_uniform(case.u("mixed"), 1)
    if case.age < ctx.scenario.transition_18.age:
        age, domain = 30 + int(pick * 20), ADULT_SIDE_DOMAINS[min(int(pick * 4), 3)]
    else:
        age, domain = 4 + int(pick * 12), "youth"
    other = ctx.units.router.serving_team(case.household.area, age, domain)
    if other is None or other is team:
        return
    member = ctx.book.open_member_case(case.household, row, age, domain, case.complexity)
    start_steps(ctx.env, _second_case(ctx, case, member, team, other))


def _second_case(ctx: StepContext, case: Case, member: Case, team: TeamAgent, other: TeamAgent) -> Steps:
    """The second member's case goes to the other team: one plan (bridge worker, front office) or two."""
    bridge = ctx.units.bridge
    one_plan = bridge is not None and bridge.take(member)
    if one_plan:
        ctx.book.log(member, "bridge_worker", "bridge", "")
    elif _front_office_one_plan(ctx, case):
        ctx.book.log(member, team.name, "one_plan", "front_office")
        one_plan = True
    if one_plan:
        member.plan = case.plan
    warm = one_plan or ctx.scenario.split_teams.shared_methods
    route = Route(
        team.name, other.name, "mixed_household", warm, outcome="pending" if one_plan else "duplicated"
    )
    if (yield from transfer(ctx, case=member, route=route)):
        yield from team_journey(ctx, member, other)


def _front_office_one_plan(ctx: StepContext, case: Case) -> bool:
    """The shared front office saw the household and makes its second case one plan with the first."""
    spec = ctx.scenario.split_teams
    p = spec.front_office_one_plan_probability
    return spec.shared_front_office and p > 0 and case.u("front_office_plan") < p


def _problems(scenario: Scenario) -> list[str]:
    areas = scenario.municipality.areas
    doors = [team for team in scenario.teams.values() if team.role == "door"]
    side_by_side = any(sum(1 for d in doors if d.areas is None or area in d.areas) > 1 for area in areas)
    if side_by_side:
        return []
    return [
        "form = 'B': teams side by side need at least two teams for one area (e.g. youth 0-17 and adults 18+)"
    ]


FORM = OrganisationForm(
    code="B",
    title="B: teams side by side (youth 0-17 and adults 18+); residents choose a door",
    short="teams side by side",
    journey=door_journey,
    units=front_office_units,
    after_assessment=split_step,
    sections=frozenset({"split_teams", "bridge_worker"}),
    options=(
        Setting("split_teams.shared_front_office", "shared_front_office"),
        Setting("split_teams.shared_methods", "shared_methods"),
        Setting("bridge_worker.enabled", "bridge_worker"),
    ),
    paid_units=(
        PaidUnit("front_office", "split_teams.front_office.fte", "split_teams.shared_front_office"),
        PaidUnit("bridge_worker", "bridge_worker.fte", "bridge_worker.enabled"),
    ),
    report_mechanisms=(
        ReportMechanism("wrong_door"),
        ReportMechanism("front_office", "split_teams.shared_front_office"),
        ReportMechanism("shared_methods", "split_teams.shared_methods"),
        ReportMechanism("bridge_worker", "bridge_worker.enabled"),
    ),
    pathway_steps=(("chosen door (youth / adults)", "gekozen deur (jeugd / volwassenen)"),),
    problems=_problems,
)
