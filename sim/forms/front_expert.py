"""Form C: generalist front teams for everyone, expert teams behind them for multi-problem cases.

The front team triages at assessment (Heerlen's three classes, with the scenario's accuracy).
Single problems stay in the front team; multiple problems are discussed in the expert consultation
('expertoverleg', on a schedule); multi-problem cases go up to the expert team and come back to the
front team for aftercare. An expert team sends back a case triaged too heavy; a multi-problem case
triaged too light stays in the front team until somebody sees what it is, and worsens meanwhile.
Coupling each front worker to an expert makes both hand-offs warm and the consultation immediate.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from sim.forms.triage import triage_class
from sim.handoffs import transfer
from sim.pathway import (
    assess,
    first_contact,
    leave,
    specialised_care,
    support_in_team,
    team_journey,
    time_to_crisis,
    wait_for,
)

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.model import WijkModel
    from sim.pathway import Case, Steps


def front_journey(model: WijkModel, case: Case, waited_before: float = 0.0) -> Steps:
    """Front team: wait, assess and triage; then support here, consult the experts, or refer up."""
    env = model.env
    spec = model.scenario.expert_teams
    front = model.router.team_for(case.household.area, case.age, case.domain)
    got = yield from wait_for(model, case, front, "team", waited_before)
    if got is None:
        return
    slot, visit = got
    first_contact(model, case, front, visit)
    yield from assess(model, case, front)
    triaged = triage_class(model, case)
    model.log(case, front.name, "triage", triaged)
    if triaged == "multi_problem":
        leave(front, case, slot, visit, "moved")
        yield from _refer_up(model, case, front)
        return
    if triaged == "multiple":
        interval = spec.consultation_interval_weeks
        wait = 0.0 if spec.coupling else interval - (env.now % interval)
        if wait > 0:
            yield env.timeout(wait)
        case.consult_t = env.now
        front.consultations_since_snapshot += 1
        model.log(case, front.name, "expert_consultation", "")
    if case.complexity == "multi_problem":
        # Triaged too light: the front team works on it until it sees what it is; the problem worsens.
        unseen = spec.late_recognition_weeks.quantile(case.u("late"))
        crisis = time_to_crisis(model, case)
        yield env.timeout(min(unseen, crisis))
        if crisis < unseen:
            leave(front, case, slot, visit, "crisis")
            model.log(case, front.name, "crisis", "the problem worsened before it was recognised")
            yield from specialised_care(model, case, "worsening", None, from_unit=front.name)
            return
        leave(front, case, slot, visit, "moved")
        yield from _refer_up(model, case, front)
        return
    yield from support_in_team(model, case, front, slot, visit)


def _refer_up(model: WijkModel, case: Case, front: TeamAgent) -> Steps:
    """Front team to expert team; the expert team helps, or sends back a case that is not for it."""
    env = model.env
    spec = model.scenario.expert_teams
    expert = model.router.expert_for(front)
    if not (yield from transfer(model, case, front.name, expert.name, "front_to_expert", warm=spec.coupling)):
        return
    got = yield from wait_for(model, case, expert, "expert")
    if got is None:
        return
    slot, visit = got
    first_contact(model, case, expert, visit)
    if case.complexity != "multi_problem":
        yield env.timeout(spec.bounce_delay_weeks.quantile(case.u("bounce")))
        leave(expert, case, slot, visit, "bounced")
        if (
            yield from transfer(
                model, case, expert.name, front.name, "expert_to_front", warm=spec.coupling, outcome="bounced"
            )
        ):
            yield from team_journey(model, case, front, assessed=True)
        return
    yield from support_in_team(model, case, expert, slot, visit, after=partial(_aftercare, front=front))


def _aftercare(model: WijkModel, case: Case, expert: TeamAgent, front: TeamAgent) -> Steps:
    """Back to the front team for aftercare, then closure."""
    spec = model.scenario.expert_teams
    if not (yield from transfer(model, case, expert.name, front.name, "expert_to_front", warm=spec.coupling)):
        return
    got = yield from wait_for(model, case, front, "team")
    if got is None:
        return
    slot, visit = got
    first_contact(model, case, front, visit)
    yield model.env.timeout(spec.aftercare_weeks.quantile(case.u("aftercare")))
    leave(front, case, slot, visit, "served")
    model.end_case(case, "closed")
