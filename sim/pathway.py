"""A case's journey through an integral team (form A1), as one SimPy process.

request -> wait for a professional with room (first contact) -> assessment and plan -> support in
the team, with a colleague consulted when the case needs it -> specialised care when the need is
beyond the team -> closure; and perhaps, months later, the household's next request.

While a case waits its problem worsens; if it crosses the escalation threshold before anyone sees
it, it becomes a crisis for specialised care ("escalation by worsening"). A resident whose patience
runs out gives up.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.records import NAN
from sim.scenario.schema import COMPLEXITIES, DOMAINS

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.agents import Household, Professional, TeamAgent
    from sim.model import WijkModel


class Case:
    """A request for help and everything that happens to it (mutable while the run goes on)."""

    __slots__ = (
        "id", "household", "reentry", "age", "domain", "complexity", "severity0", "draws", "index",
        "team", "worker", "request_t", "first_contact_t", "assessed_t", "consult_t", "end_t",
        "outcome", "escalation", "drop_reason", "visits",
    )

    def __init__(self, case_id: int, household: Household, reentry: bool, age: int, domain: int,
                 complexity: int, severity0: float, draws, index: int, request_t: float):
        self.id = case_id
        self.household = household
        self.reentry = reentry
        self.age = age
        self.domain = DOMAINS[domain]
        self.complexity = COMPLEXITIES[complexity]
        self.severity0 = severity0
        self.draws = draws          # the NeedDraws this case's random numbers live in
        self.index = index          # ... at this position
        self.team: TeamAgent | None = None
        self.worker: Professional | None = None
        self.request_t = request_t
        self.first_contact_t = NAN
        self.assessed_t = NAN
        self.consult_t = NAN
        self.end_t = NAN
        self.outcome = "open"
        self.escalation = ""
        self.drop_reason = ""
        self.visits: list[list] = []  # [unit, kind, arrive_t, start_t, end_t, outcome]

    def draw(self, name: str) -> float:
        """This case's pre-drawn value of one attribute."""
        return getattr(self.draws, name)[self.index]


def time_to_crisis(model: WijkModel, case: Case, already_waited: float = 0.0) -> float:
    """Weeks of further waiting until the case's severity crosses the escalation threshold."""
    severity = model.scenario.demand.severity
    if severity.growth_per_week_waiting <= 0:
        return math.inf
    margin = severity.escalation_threshold - case.severity0
    return max(margin / severity.growth_per_week_waiting - already_waited, 0.0)


def journey(model: WijkModel, case: Case, team: TeamAgent,
            waited_before: float = 0.0) -> Generator[simpy.Event, object, None]:
    """The whole life of a case that starts by waiting for a first contact in ``team``."""
    env = model.env
    case.team = team
    visit = [team.name, "team", env.now - waited_before, NAN, NAN, "open"]
    case.visits.append(visit)
    model.log(case, team.name, "request", case.domain)
    slot = team.slots.request()
    patience = case.draw("patience") - waited_before
    crisis = time_to_crisis(model, case, waited_before)
    limit = min(patience, crisis)
    if limit < math.inf:
        yield slot | env.timeout(max(limit, 0.0))
        if not slot.triggered:
            slot.cancel()
            visit[4] = env.now
            if crisis <= patience:
                visit[5] = "crisis"
                model.log(case, team.name, "crisis", "severity crossed the threshold while waiting")
                yield from specialised_care(model, case, escalation="worsening", team_slot=None)
            else:
                visit[5] = "gave_up"
                model.end_case(case, "dropped_out", drop_reason="gave_up_waiting")
            return
    else:
        yield slot
    yield from in_team(model, case, team, slot, visit)


def in_team(model: WijkModel, case: Case, team: TeamAgent, slot: simpy.Request,
            visit: list, skip_assessment: bool = False) -> Generator[simpy.Event, object, None]:
    """From first contact to the end of the team's own work on the case."""
    env = model.env
    case.worker = team.assign()
    if math.isnan(visit[3]):
        visit[3] = env.now
    if math.isnan(case.first_contact_t):
        case.first_contact_t = env.now
    model.log(case, team.name, "first_contact", case.worker.discipline)
    if not skip_assessment:
        assessment = case.draw("assessment")
        if assessment > 0:
            yield env.timeout(assessment)
        case.assessed_t = env.now
        model.log(case, team.name, "assessed", "")

    support = case.draw("support")
    if case.draw("consult"):
        case.consult_t = env.now
        team.consultations_since_snapshot += 1
        support += case.draw("consult_delay")
        model.log(case, team.name, "consultation", "")
    dropout_at = case.draw("dropout_at")
    if dropout_at < math.inf:
        if support * dropout_at > 0:
            yield env.timeout(support * dropout_at)
        _leave_team(team, case, slot, visit, "stopped")
        model.end_case(case, "dropped_out", drop_reason="stopped_support")
        return
    if support > 0:
        yield env.timeout(support)

    if case.draw("refer"):
        model.log(case, team.name, "referral", "need beyond the team")
        if model.scenario.specialised_care.team_keeps_case_while_waiting:
            yield from specialised_care(model, case, escalation="needed", team_slot=(team, slot, visit))
        else:
            _leave_team(team, case, slot, visit, "served")
            yield from specialised_care(model, case, escalation="needed", team_slot=None)
        return
    _leave_team(team, case, slot, visit, "served")
    model.end_case(case, "closed")


def specialised_care(model: WijkModel, case: Case, escalation: str,
                     team_slot: tuple | None) -> Generator[simpy.Event, object, None]:
    """Wait for a place in specialised care (perhaps still on the team's books), then receive it."""
    env = model.env
    unit = model.specialised
    case.escalation = escalation
    visit = [unit.name, "specialised", env.now, NAN, NAN, "open"]
    case.visits.append(visit)
    if team_slot is not None:
        team_slot[0].waiting_for_specialised += 1
    with unit.places.request() as place:
        yield place
        visit[3] = env.now
        if math.isnan(case.first_contact_t):
            case.first_contact_t = env.now
        if team_slot is not None:
            team, slot, team_visit = team_slot
            team.waiting_for_specialised -= 1
            _leave_team(team, case, slot, team_visit, "served")
        model.log(case, unit.name, "specialised_care_start", escalation)
        yield env.timeout(case.draw("specialised"))
        visit[4] = env.now
        visit[5] = "served"
    model.end_case(case, "closed")


def _leave_team(team: TeamAgent, case: Case, slot: simpy.Request, visit: list, outcome: str) -> None:
    team.slots.release(slot)
    if case.worker is not None:
        case.worker.caseload -= 1
    visit[4] = team.model.env.now
    visit[5] = outcome
