"""Form C: generalist front teams for everyone, expert teams behind them for multi-problem cases.

The front team triages at assessment (Heerlen's three classes, with the scenario's accuracy).
Single problems stay in the front team; multiple problems are discussed in the expert consultation
('expertoverleg', on a schedule); multi-problem cases go up to the expert team and come back to the
front team for aftercare. An expert team sends back a case triaged too heavy; a multi-problem case
triaged too light stays in the front team until somebody sees what it is, and worsens meanwhile.
Coupling each front worker to an expert makes both hand-offs warm and the consultation immediate.
With ``wrong_doors.enabled`` a resident may first ask the expert team or another area's front team,
which sends them to their own front team (``sim.wrong_doors``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.forms.base import OrganisationForm, ReportMechanism, Setting
from sim.forms.triage import triage_class
from sim.handoffs import Route, transfer
from sim.support import SupportTerms, assess, first_contact, support_in_team, team_journey
from sim.waiting import wait_for
from sim.worsening import crisis_in_unit, crisis_while_unseen
from sim.wrong_doors import bounce, bounce_route, pick_wrong_door, resident_chance

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case, Visit
    from sim.context import StepContext, Steps
    from sim.scenario.schema import Scenario


def front_journey(ctx: StepContext, case: Case, waited_before: float = 0.0) -> Steps:
    """Perhaps a wrong team first; then the area's front team."""
    front = ctx.units.router.team_for(case.household.area, case.age, case.domain)
    if ctx.scenario.wrong_doors.enabled:
        router = ctx.units.router
        doors = [router.expert_for(front).name] + [
            t.name for t in router.doors_elsewhere(case.household.area)
        ]
        chance = resident_chance(ctx, case, ctx.scenario.wrong_doors.front_probability)
        wrong = pick_wrong_door(case, chance, doors)
        if wrong is not None:  # the expert team takes cases only from the front, another area's not this
            if not (
                yield from bounce(ctx, case, bounce_route(ctx, wrong, front.name, warm=False), waited_before)
            ):
                return
            waited_before = 0.0
    yield from _front_team(ctx, case, front, waited_before)


def _front_team(ctx: StepContext, case: Case, front: TeamAgent, waited_before: float) -> Steps:
    """Front team: wait, assess and triage; then support here, consult the experts, or refer up."""
    visit = yield from wait_for(ctx, case, front, "team", waited_before)
    if visit.place is None:
        return
    first_contact(ctx, case, front, visit)
    yield from assess(ctx, case, front)
    triaged = triage_class(ctx.scenario.triage.accuracy, case)
    ctx.book.log(case, front.name, "triage", triaged)
    if triaged == "multi_problem":
        visit.leave(case, ctx.env.now, "moved")
        yield from _refer_up(ctx, case, front)
        return
    if triaged == "multiple":
        yield from _expert_consultation(ctx, case, front)
    if case.complexity == "multi_problem":
        yield from _seen_late(ctx, case, front, visit)
        return
    yield from support_in_team(ctx, case, front, visit)


def _expert_consultation(ctx: StepContext, case: Case, front: TeamAgent) -> Steps:
    """The case is discussed in the next expert consultation (at once when coupled)."""
    env = ctx.env
    spec = ctx.scenario.expert_teams
    interval = spec.consultation_interval_weeks
    wait = 0.0 if spec.coupling else interval - (env.now % interval)
    if wait > 0:
        yield env.timeout(wait)
    case.consult_t = env.now
    front.consultations_since_snapshot += 1
    ctx.book.log(case, front.name, "expert_consultation", "")


def _seen_late(ctx: StepContext, case: Case, front: TeamAgent, visit: Visit) -> Steps:
    """Triaged too light: the front team works on it until it sees what it is; the problem worsens."""
    unseen = ctx.scenario.expert_teams.late_recognition_weeks.quantile(case.u("late"))
    crisis = crisis_while_unseen(ctx, case, unseen)
    yield ctx.env.timeout(min(unseen, crisis))
    if crisis < unseen:
        yield from crisis_in_unit(ctx, case, visit)
        return
    visit.leave(case, ctx.env.now, "moved")
    yield from _refer_up(ctx, case, front)


def _refer_up(ctx: StepContext, case: Case, front: TeamAgent) -> Steps:
    """Front team to expert team; the expert team helps, or sends back a case that is not for it."""
    spec = ctx.scenario.expert_teams
    expert = ctx.units.router.expert_for(front)
    if not (
        yield from transfer(ctx, case, Route(front.name, expert.name, "front_to_expert", warm=spec.coupling))
    ):
        return
    visit = yield from wait_for(ctx, case, expert, "expert")
    if visit.place is None:
        return
    first_contact(ctx, case, expert, visit)
    if case.complexity != "multi_problem":
        yield ctx.env.timeout(spec.bounce_delay_weeks.quantile(case.u("bounce")))
        visit.leave(case, ctx.env.now, "bounced")
        back = Route(expert.name, front.name, "expert_to_front", warm=spec.coupling, outcome="bounced")
        if (yield from transfer(ctx, case, back)):
            yield from team_journey(ctx, case, front, assessed=True)
        return
    aftercare = _AfterCare(front)
    yield from support_in_team(ctx, case, expert, visit, SupportTerms(after=aftercare))


class _AfterCare:
    """What follows the expert team's support: back to ``front`` for aftercare, then closure."""

    __slots__ = ("front",)

    def __init__(self, front: TeamAgent):
        self.front = front

    def __call__(self, ctx: StepContext, case: Case, expert: TeamAgent) -> Steps:
        spec = ctx.scenario.expert_teams
        front = self.front
        if not (
            yield from transfer(
                ctx, case, Route(expert.name, front.name, "expert_to_front", warm=spec.coupling)
            )
        ):
            return
        visit = yield from wait_for(ctx, case, front, "team")
        if visit.place is None:
            return
        first_contact(ctx, case, front, visit)
        yield ctx.env.timeout(spec.aftercare_weeks.quantile(case.u("aftercare")))
        visit.leave(case, ctx.env.now, "served")
        ctx.book.end_case(case, "closed")


def _problems(scenario: Scenario) -> list[str]:
    doors = [name for name, team in scenario.teams.items() if team.role == "door"]
    experts = [team for team in scenario.teams.values() if team.role == "expert"]
    if not experts:
        return [
            "form = 'C': a generalist front team needs an expert team behind it; give one team role = 'expert'"
        ]
    backed = {d for team in experts for d in (team.serves or doors)}
    return [
        f"teams.{door}: no expert team serves it (form C refers multi-problem cases up); "
        "add it to an expert team's serves"
        for door in doors
        if door not in backed
    ]


FORM = OrganisationForm(
    code="C",
    title="C: generalist front teams with expert teams behind them for multi-problem cases",
    short="front and expert teams",
    journey=front_journey,
    sections=frozenset({"triage", "expert_teams"}),
    options=(Setting("expert_teams.coupling", "coupling"),),
    expert_teams=True,
    report_mechanisms=(
        ReportMechanism("triage"),
        ReportMechanism("expert_teams"),
        ReportMechanism("coupling", "expert_teams.coupling"),
        ReportMechanism("wrong_door", "wrong_doors.enabled"),
    ),
    pathway_steps=(("front team + triage", "frontteam + triage"),),
    expert_step=("expert team (multi-problem)", "expertteam (multiprobleem)"),
    problems=_problems,
)
