"""What the cases of a scenario ask of one team, on average per case that enters the organisation.

The hours reserve for intakes, consultations and mandate decisions (``sim.hours``) spreads these
events over the weeks a case spends with the team. In forms A1, A2 and B every case has one intake
at its team and stays there for its assessment and support. In form C a case can visit a front team
twice and an expert team in between (``sim.forms.front_expert``): a multi-problem case goes up and
comes back for aftercare (a second intake), a case triaged too heavy is sent back, and a case triaged
"multiple" waits for the expert consultation. Counts are per case entering; weeks are weeks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sim.scenario.schema import COMPLEXITIES

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario


class TeamLoad(NamedTuple):
    """Per case entering the organisation: the events a team of one role has, and its weeks with it."""

    intakes: float
    """Times the case is taken on by the team (each one registered as an intake)."""
    consultations: float
    """Consultations of two people: the pathway's, and in form C the expert consultation."""
    decisions: dict[str, float]
    """Per complexity: the share of cases whose mandate decision this team asks for."""
    weeks: float
    """Weeks the case holds a place in the team."""


def team_load(scenario: Scenario, team_name: str | None) -> TeamLoad:
    """The load of ``team_name`` (a door team when None); with expert teams (form C) front and expert differ."""
    role = scenario.teams[team_name].role if team_name is not None else "door"
    if any(team.role == "expert" for team in scenario.teams.values()):
        return _expert_load(scenario) if role == "expert" else _front_load(scenario)
    pathway, mix = scenario.pathway, scenario.demand.complexity_mix
    weeks = consultations = 0.0
    for c in COMPLEXITIES:
        consult = pathway.consultation_probability.get(c)
        consultations += mix.get(c) * consult
        weeks += mix.get(c) * (
            pathway.assessment_weeks.get(c).mean_value
            + pathway.support_weeks.get(c).mean_value
            + consult * pathway.consultation_delay_weeks.mean_value
        )
    return TeamLoad(1.0, consultations, dict.fromkeys(COMPLEXITIES, 1.0), max(weeks, 1e-9))


def _triage_shares(scenario: Scenario) -> tuple[float, float, float]:
    """Form C: shares of all cases triaged one class too heavy, "multiple" by mistake, and seen late.

    A "multiple" case goes up by mistake half the time it is misjudged; a single case misjudged and a
    multi-problem case misjudged are triaged "multiple" (``sim.forms.triage``).
    """
    a, mix = scenario.triage.accuracy, scenario.demand.complexity_mix
    sent_back = mix.get("multiple") * (1 - a) / 2
    return sent_back, mix.get("single") * (1 - a), mix.get("multi_problem") * (1 - a)


def _front_load(scenario: Scenario) -> TeamLoad:
    """A form C front team: every case's assessment; support of single and multiple; aftercare."""
    pathway, mix, experts = scenario.pathway, scenario.demand.complexity_mix, scenario.expert_teams
    a = scenario.triage.accuracy
    sent_back, single_as_multiple, seen_late = _triage_shares(scenario)
    consult_wait = 0.0 if experts.coupling else experts.consultation_interval_weeks / 2
    expert_consultations = single_as_multiple + mix.get("multiple") * a + seen_late
    weeks = expert_consultations * consult_wait + seen_late * experts.late_recognition_weeks.mean_value
    consultations = expert_consultations
    for c in COMPLEXITIES:
        weeks += mix.get(c) * pathway.assessment_weeks.get(c).mean_value
        if c == "multi_problem":
            weeks += mix.get(c) * experts.aftercare_weeks.mean_value
            continue
        consult = pathway.consultation_probability.get(c)
        consultations += mix.get(c) * consult
        weeks += mix.get(c) * (
            pathway.support_weeks.get(c).mean_value + consult * pathway.consultation_delay_weeks.mean_value
        )
    intakes = 1.0 + sent_back + mix.get("multi_problem")
    decisions = {"single": 1.0, "multiple": 1.0, "multi_problem": 0.0}
    return TeamLoad(intakes, consultations, decisions, max(weeks, 1e-9))


def _expert_load(scenario: Scenario) -> TeamLoad:
    """A form C expert team: support of the multi-problem cases, and the cases it sends back."""
    pathway, mix, experts = scenario.pathway, scenario.demand.complexity_mix, scenario.expert_teams
    sent_back, _, _ = _triage_shares(scenario)
    share = mix.get("multi_problem")
    consult = pathway.consultation_probability.get("multi_problem")
    weeks = share * (
        pathway.support_weeks.get("multi_problem").mean_value
        + consult * pathway.consultation_delay_weeks.mean_value
    )
    weeks += sent_back * experts.bounce_delay_weeks.mean_value
    decisions = {"single": 0.0, "multiple": 0.0, "multi_problem": 1.0}
    return TeamLoad(share + sent_back, share * consult, decisions, max(weeks, 1e-9))
