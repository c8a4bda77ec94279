"""Form A2: a triage desk, the first line ('voorliggend veld'), and an integral team for complex cases.

Residents cannot reach the team directly: one who asks the team or the wrong first-line provider
first is sent to the desk (``sim.wrong_doors``, with ``wrong_doors.enabled``). The desk triages every
request; what it calls simple goes to the first line, which has its own capacity and pushes on what
it cannot handle (and, at a rate, what it could have). The team's specialists refer on to specialised care more and sooner.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.forms.base import OrganisationForm, PaidUnit, ReportMechanism
from sim.forms.triage import triage_class
from sim.handoffs import Route, transfer
from sim.specialised_care import specialised_care
from sim.support import SupportTerms, assess, first_contact, support_in_team
from sim.waiting import wait_for
from sim.wrong_doors import bounce, bounce_route, pick_wrong_door, resident_chance

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import StepContext, Steps
    from sim.forms.base import MakeUnit
    from sim.places import PlacesUnit
    from sim.scenario.schema import Scenario


def desk_units(make: MakeUnit, scenario: Scenario) -> dict[str, PlacesUnit]:
    """The triage desk and the first line."""
    return {
        "desk": make("triage_desk", "desk", scenario.desk.servers, scenario.desk.fte),
        "first_line": make("first_line", "first_line", scenario.first_line.places, 0.0),
    }


def desk_journey(ctx: StepContext, case: Case, waited_before: float = 0.0) -> Steps:
    """Perhaps a wrong door first; the triage desk; then the first line or the team."""
    desk = ctx.units.own["desk"]
    team = ctx.units.router.team_for(case.household.area, case.age, case.domain)
    if ctx.scenario.wrong_doors.enabled:
        doors = (team.name, ctx.units.own["first_line"].name)
        chance = resident_chance(ctx, case, ctx.scenario.wrong_doors.first_line_probability)
        wrong = pick_wrong_door(case, chance, doors)
        if wrong is not None:  # the team takes no direct requests, the first line not this one
            if not (
                yield from bounce(ctx, case, bounce_route(ctx, wrong, desk.name, warm=False), waited_before)
            ):
                return
            waited_before = 0.0
    yield from _at_desk(ctx, case, desk, team, waited_before)


def _at_desk(ctx: StepContext, case: Case, desk: PlacesUnit, team: TeamAgent, waited_before: float) -> Steps:
    """The triage desk: wait, triage, and send the case on to the first line or the team."""
    visit = yield from wait_for(ctx, case, desk, "desk", waited_before)
    if visit.place is None:
        return
    yield ctx.env.timeout(ctx.scenario.desk.service_weeks.quantile(case.u("desk")))
    visit.leave(case, ctx.env.now, "served")
    triaged = triage_class(ctx.scenario.triage.accuracy, case)
    ctx.book.log(case, desk.name, "triage", triaged)
    if triaged in ctx.scenario.complex_team.complexities:
        if (yield from transfer(ctx, case, Route(desk.name, team.name, "desk_to_team", warm=True))):
            yield from complex_team_journey(ctx, case, team)
    else:
        first_line = ctx.units.own["first_line"].name
        if (yield from transfer(ctx, case, Route(desk.name, first_line, "desk_to_first_line", warm=True))):
            yield from first_line_journey(ctx, case, team)


def complex_team_journey(ctx: StepContext, case: Case, team: TeamAgent) -> Steps:
    """The integral team for complex cases: specialists, who refer on more and sooner."""
    spec = ctx.scenario.complex_team
    visit = yield from wait_for(ctx, case, team, "team")
    if visit.place is None:
        return
    first_contact(ctx, case, team, visit)
    yield from assess(ctx, case, team)
    terms = SupportTerms(spec.referral_probability_factor, spec.support_before_referral_factor)
    yield from support_in_team(ctx, case, team, visit, terms)


def first_line_journey(ctx: StepContext, case: Case, team: TeamAgent) -> Steps:
    """The first line helps, or pushes the case on to the team (always, if it is complex)."""
    env = ctx.env
    spec = ctx.scenario.first_line
    first_line = ctx.units.own["first_line"]
    visit = yield from wait_for(ctx, case, first_line, "first_line")
    if visit.place is None:
        return
    if math.isnan(case.first_contact_t):
        case.first_contact_t = env.now
    if math.isnan(case.assessed_t):
        case.assessed_t = env.now  # the first line's own intake is the case's assessment
    ctx.book.log(case, first_line.name, "first_contact", "first line")
    too_complex = case.complexity in ctx.scenario.complex_team.complexities
    if too_complex or case.u("push") < spec.push_on_probability:
        yield env.timeout(spec.complex_push_after_weeks.quantile(case.u("push_after")))
        visit.leave(case, env.now, "moved")
        if (
            yield from transfer(
                ctx, case, Route(first_line.name, team.name, "first_line_to_team", warm=False)
            )
        ):
            yield from complex_team_journey(ctx, case, team)
        return
    yield env.timeout(spec.support_weeks.quantile(case.u("first_line")))
    visit.leave(case, env.now, "served")
    if spec.referral_probability > 0 and case.draw("refer_u") < spec.referral_probability:
        yield from specialised_care(ctx, case, "needed", first_line.name, kept=None)
        return
    ctx.book.end_case(case, "closed")


FORM = OrganisationForm(
    code="A2",
    title="A2: a triage desk and the first line in front of integral teams for complex cases",
    short="a triage desk and the first line",
    journey=desk_journey,
    units=desk_units,
    sections=frozenset({"triage", "desk", "first_line", "complex_team"}),
    paid_units=(PaidUnit("desk", "desk.fte"),),
    report_mechanisms=(
        ReportMechanism("triage"),
        ReportMechanism("desk"),
        ReportMechanism("first_line"),
        ReportMechanism("wrong_door", "wrong_doors.enabled"),
    ),
    pathway_steps=(("triage desk", "triagebalie"), ("first line or team", "voorliggend veld of team")),
)
