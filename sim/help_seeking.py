"""Needs before requests: a need starts unseen, and each week its household decides whether to ask.

A need arises (onset) with a severity below that of a request, and worsens while nobody helps it;
the own network slows that, and may resolve a light need on its own (seed 000: "use the resident's
own network"). Each week the household asks with chance ``1 - exp(-h)``,
``h = ask_rate_per_week * severity * awareness * door * trust``: problem awareness by Heerlen's
triage classes (seed 001), knowing the door (learned by asking once; lower where several door
teams serve the area without a shared front office), trust (lower after giving up or being lost).
Outreach (``sim.outreach``) and signalling partners may find the need first. A need whose severity
crosses the escalation threshold becomes a crisis and goes to specialised care. A household that
gave up or was lost before any contact keeps its need and severity and is stepped again.

Only households with a latent need are in the ``latent`` AgentSet and stepped, so the cost follows
needs, not residents. Every weekly decision reads a pre-drawn uniform of the need (the k-th week a
shifted copy, ``sim.handoffs.nth_uniform``), so two scenarios on one seed meet the same decisions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

from mesa.agent import AgentSet

from sim import outreach
from sim.demand import DrawRow
from sim.handoffs import nth_uniform
from sim.needs import Need
from sim.scenario.schema import COMPLEXITIES

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.agents import Household
    from sim.case import Case
    from sim.demand import DemandModel
    from sim.random_streams import RandomStreams
    from sim.scenario.schema import Scenario
    from sim.units import Weeks

GIVEN_UP: frozenset[str] = frozenset({"gave_up_waiting", "lost_in_handoff"})
"""Ways a case ends before any contact after which the household keeps its need."""


class Intake(Protocol):
    """What the weekly decisions need from the model: households, needs, and cases made and started."""

    random: object

    def new_household(self, area: str) -> Household:
        """A household of ``area`` new to the model."""
        ...

    def open_need(self, household: Household, t: Weeks, severity: float) -> Need:
        """Register a need of ``household`` that starts at ``t`` (weeks) with ``severity``."""
        ...

    def ask(self, household: Household, need: Need, row: DrawRow, found_by: str) -> Case:
        """The need becomes a request now: a case made from ``row`` and started."""
        ...

    def reentry_row(self) -> DrawRow:
        """The next row of draws for a household that asks again."""
        ...


class Seekers:
    """The households with a latent need, stepped once a week."""

    def __init__(self, intake: Intake, env: simpy.Environment, scenario: Scenario, demand: DemandModel):
        self.intake = intake
        self.env = env
        self.scenario = scenario
        self.demand = demand
        self.spec = scenario.help_seeking
        self.latent = AgentSet([], random=intake.random)
        self.finding = outreach.Finding.of(scenario)
        self.doors = door_teams_per_area(scenario)

    def start(self, streams: RandomStreams, end_t: Weeks) -> None:
        """Start the onsets of needs and the weekly decisions."""
        self.env.process(self._onsets(streams, end_t))
        self.env.process(self._weeks())

    def _onsets(self, streams: RandomStreams, end_t: Weeks) -> Generator[simpy.Event, object, None]:
        """Needs arise at the request rate times ``needs_per_request``, drawn up front."""
        times = self.demand.request_times(streams["onsets"], 0.0, end_t, self.spec.needs_per_request)
        draws = self.demand.draw_needs(streams, len(times), "latent")
        areas = self.demand.areas
        env = self.env
        for i, t in enumerate(times.tolist()):
            yield env.timeout(t - env.now)
            household = self.intake.new_household(areas[draws.area[i]])
            self._arise(household, DrawRow(draws, i))

    def _arise(self, household: Household, row: DrawRow) -> None:
        """A need starts in ``household``, lighter than a request, unseen."""
        draws, i, spec, now = row.draws, row.index, self.spec, self.env.now
        need = self.intake.open_need(household, now, draws.severity0[i] * spec.onset_severity_factor)
        need.row = row
        need.complexity = COMPLEXITIES[draws.complexity[i]]
        need.age = draws.age[i]
        household.need = need
        has_network = draws.u["network"][i] < spec.network_share
        need.growth = spec.latent_growth_per_week
        if has_network:
            need.growth *= spec.network_growth_factor
            if need.complexity == "single" and draws.u["network_resolves"][i] < spec.network_resolves_single:
                need.network_at = now + spec.network_weeks.quantile(draws.u["network_weeks"][i])
        need.latent_growth = need.growth
        self.latent.add(household)

    def _weeks(self) -> Generator[simpy.Event, object, None]:
        """Once a week, every household with a latent need decides."""
        while True:
            self.latent.do(self._decide, self.env.now)
            yield self.env.timeout(1.0)

    def _decide(self, household: Household, now: Weeks) -> None:
        """One household's week: a crisis, resolved by the network, asks, is found, or waits."""
        need = household.need
        if need is None or need.done or need.row is None:
            self.latent.discard(household)
            return
        severity = need.severity_at(now)
        if severity >= self.scenario.demand.severity.escalation_threshold:
            self._request(household, need, "crisis")
        elif need.network_at <= now:
            need.resolved_t = now
            household.need = None
            self.latent.discard(household)
            household.leave_if_done()
        else:
            found_by = self._found_by(household, need, severity)
            if found_by:
                self._request(household, need, found_by)
        need.weeks += 1

    def _found_by(self, household: Household, need: Need, severity: float) -> str:
        """Who brings the need to a team this week: the household itself, outreach, a signal, or nobody."""
        assert need.row is not None
        u, k, spec = need.row.draws.u, need.weeks, self.spec
        i = need.row.index
        door = 1.0 if household.knows_door else spec.unknown_door_factor
        if self.doors.get(household.area, 1) > 1:
            door *= spec.several_doors_factor
        hazard = (
            spec.ask_rate_per_week * severity * spec.awareness.get(need.complexity) * door * household.trust
        )
        if nth_uniform(u["ask"][i], k) < 1.0 - math.exp(-hazard):
            return "self"
        return self.finding.found_by(
            household.area, need.age, nth_uniform(u["outreach"][i], k), nth_uniform(u["signal"][i], k)
        )

    def _request(self, household: Household, need: Need, found_by: str) -> None:
        """The need becomes a request (a case) now."""
        assert need.row is not None
        self.latent.discard(household)
        row = need.row if need.requests == 0 else self.intake.reentry_row()
        self.intake.ask(household, need, row, found_by)

    def back_to_latent(self, case: Case, severity: float) -> None:
        """A resident who gave up or was lost before any contact keeps the need (and its severity)."""
        household, need, spec, now = case.household, case.need, self.spec, self.env.now
        assert need is not None
        household.trust *= (
            spec.trust_after_lost if case.drop_reason == "lost_in_handoff" else spec.trust_after_giving_up
        )
        need.severity, need.severity_t = severity, now
        need.complexity, need.age, need.domain = case.complexity, case.age, case.domain
        if need.row is None:  # a need first asked for without a latent phase (a household's return)
            need.row = DrawRow(case.draws, case.index)
        need.growth = need.latent_growth or spec.latent_growth_per_week
        household.need = need
        self.latent.add(household)


def door_teams_per_area(scenario: Scenario) -> dict[str, int]:
    """How many door teams a resident of each area can choose from (1 with a shared front office)."""
    areas = scenario.municipality.areas
    if scenario.split_teams.shared_front_office:
        return dict.fromkeys(areas, 1)
    doors = [t for t in scenario.teams.values() if t.role == "door"]
    return {area: sum(1 for t in doors if t.areas is None or area in t.areas) for area in areas}
