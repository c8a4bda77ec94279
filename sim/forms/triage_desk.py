"""Form A2: a triage desk, the first line ('voorliggend veld'), and an integral team for complex cases.

Residents cannot reach the team directly. The desk triages every request; what it calls simple goes
to the first line, which has its own capacity and pushes on what it cannot handle (and, at a rate,
what it could have). The team's specialists refer on to specialised care more and sooner.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.forms.triage import triage_class
from sim.handoffs import transfer
from sim.pathway import assess, first_contact, leave, support_in_team, wait_for

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.model import WijkModel
    from sim.pathway import Case, Steps


def desk_journey(model: WijkModel, case: Case, waited_before: float = 0.0) -> Steps:
    """The triage desk, then the first line or the team."""
    desk = model.desk
    got = yield from wait_for(model, case, desk, "desk", waited_before)
    if got is None:
        return
    slot, visit = got
    yield model.env.timeout(model.scenario.desk.service_weeks.quantile(case.u("desk")))
    leave(desk, case, slot, visit, "served")
    triaged = triage_class(model, case)
    model.log(case, desk.name, "triage", triaged)
    team = model.router.team_for(case.household.area, case.age, case.domain)
    if triaged in model.scenario.complex_team.complexities:
        if (yield from transfer(model, case, desk.name, team.name, "desk_to_team", warm=True)):
            yield from complex_team_journey(model, case, team)
    else:
        first_line = model.first_line.name
        if (yield from transfer(model, case, desk.name, first_line, "desk_to_first_line", warm=True)):
            yield from first_line_journey(model, case, team)


def complex_team_journey(model: WijkModel, case: Case, team: TeamAgent) -> Steps:
    """The integral team for complex cases: specialists, who refer on more and sooner."""
    spec = model.scenario.complex_team
    got = yield from wait_for(model, case, team, "team")
    if got is None:
        return
    slot, visit = got
    first_contact(model, case, team, visit)
    yield from assess(model, case, team)
    yield from support_in_team(
        model,
        case,
        team,
        slot,
        visit,
        referral_factor=spec.referral_probability_factor,
        before_referral_factor=spec.support_before_referral_factor,
    )


def first_line_journey(model: WijkModel, case: Case, team: TeamAgent) -> Steps:
    """The first line helps, or pushes the case on to the team (always, if it is complex)."""
    env = model.env
    spec = model.scenario.first_line
    first_line = model.first_line
    got = yield from wait_for(model, case, first_line, "first_line")
    if got is None:
        return
    slot, visit = got
    if math.isnan(case.first_contact_t):
        case.first_contact_t = env.now
    if math.isnan(case.assessed_t):
        case.assessed_t = env.now  # the first line's own intake is the case's assessment
    model.log(case, first_line.name, "first_contact", "first line")
    too_complex = case.complexity in model.scenario.complex_team.complexities
    if too_complex or case.u("push") < spec.push_on_probability:
        yield env.timeout(spec.complex_push_after_weeks.quantile(case.u("push_after")))
        leave(first_line, case, slot, visit, "moved")
        if (yield from transfer(model, case, first_line.name, team.name, "first_line_to_team", warm=False)):
            yield from complex_team_journey(model, case, team)
        return
    yield env.timeout(spec.support_weeks.quantile(case.u("first_line")))
    leave(first_line, case, slot, visit, "served")
    model.end_case(case, "closed")
