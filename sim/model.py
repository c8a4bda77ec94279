"""The wijksim model: a ``mesa.Model`` that owns a SimPy environment, the random streams and the records.

SimPy drives time (weeks); Mesa holds the agents that the dashboard and data collection read.
``step()`` advances one week, for the dashboard; ``run_to_end()`` runs the whole horizon.
"""

from __future__ import annotations

import math

import mesa
import numpy as np
import simpy

from sim.agents import Household, TeamAgent
from sim.demand import DemandModel, NeedDraws
from sim.pathway import Case, journey
from sim.random_streams import RandomStreams
from sim.records import CaseRow, EventRow, HandoffRow, VisitRow
from sim.routing import Router
from sim.scenario.schema import Scenario
from sim.specialised_care import SpecialisedCareUnit
from sim.units import WEEKS_PER_YEAR, Weeks

REENTRY_BLOCK = 256
"""Returning households' needs are drawn this many at a time (one numpy call per block)."""


class WijkModel(mesa.Model):
    """One replication of one scenario."""

    def __init__(self, scenario: Scenario, seed: int, record_events: bool = False,
                 years: float | None = None):
        super().__init__(rng=seed)
        self.scenario = scenario
        self.seed = seed
        self.env = simpy.Environment()
        self.streams = RandomStreams(seed)
        years = scenario.run.years if years is None else years
        self.warmup_end: Weeks = scenario.run.warmup_years * WEEKS_PER_YEAR
        self.end_t: Weeks = self.warmup_end + years * WEEKS_PER_YEAR

        self.teams = {name: TeamAgent(self, name, spec) for name, spec in scenario.teams.items()}
        self.specialised = SpecialisedCareUnit(self, scenario.specialised_care.places)
        self.demand = DemandModel(scenario)
        self.router = Router(scenario, self.demand.areas, self.teams)

        self.case_rows: list[CaseRow] = []
        self.visit_rows: list[VisitRow] = []
        self.handoff_rows: list[HandoffRow] = []
        self.snapshot_rows: list[tuple] = []
        self.event_rows: list[EventRow] | None = [] if record_events else None
        self.open_cases: dict[int, Case] = {}
        self._next_case_id = 0
        self._reentry_draws: NeedDraws | None = None
        self._reentry_used = 0

        from sim.start_state import load_open_cases  # here: it needs the model's pieces above
        load_open_cases(self)
        self.env.process(self._arrivals())
        self.env.process(self._snapshots())

    # --- running -------------------------------------------------------------------------------

    def step(self) -> None:
        """Advance the simulation by one week (for the dashboard)."""
        self.env.run(until=min(self.env.now + 1.0, self.end_t))
        self.running = self.env.now < self.end_t

    def run_to_end(self) -> None:
        """Run until the end of the horizon and close the books."""
        self.env.run(until=self.end_t)
        self.running = False

    # --- arrivals ------------------------------------------------------------------------------

    def _arrivals(self):
        times = self.demand.request_times(self.streams["arrivals"], 0.0, self.end_t)
        draws = self.demand.draw_needs(self.streams, len(times))
        areas = self.demand.areas
        env = self.env
        for i, t in enumerate(times.tolist()):
            yield env.timeout(t - env.now)
            household = Household(self, areas[draws.area[i]])
            self.start_case(household, draws, i, reentry=False, age=int(draws.age[i]))

    def start_case(self, household: Household, draws: NeedDraws, index: int, reentry: bool,
                   age: int, waited_before: float = 0.0) -> Case:
        """Create a case for ``household`` from row ``index`` of ``draws`` and start its journey."""
        case = Case(self._next_case_id, household, reentry, age, int(draws.domain[index]),
                    int(draws.complexity[index]), float(draws.severity0[index]), draws, index,
                    self.env.now - waited_before)
        self._next_case_id += 1
        household.open_cases += 1
        self.open_cases[case.id] = case
        team = self.router.team_for(household.area, case.age, case.domain)
        self.env.process(journey(self, case, team, waited_before))
        return case

    def _return_later(self, household: Household, delay: Weeks, age: int):
        yield self.env.timeout(delay)
        household.pending_returns -= 1
        draws, index = self._next_reentry_draw()
        self.start_case(household, draws, index, reentry=True,
                        age=min(age + int(delay // WEEKS_PER_YEAR), 120))

    def _next_reentry_draw(self) -> tuple[NeedDraws, int]:
        """The next returning household's needs, drawn in blocks from the re-entry stream."""
        if self._reentry_draws is None or self._reentry_used == len(self._reentry_draws):
            self._reentry_draws = self.demand.draw_needs(self.streams, REENTRY_BLOCK, "reentry")
            self._reentry_used = 0
        self._reentry_used += 1
        return self._reentry_draws, self._reentry_used - 1

    # --- the end of a case ---------------------------------------------------------------------

    def end_case(self, case: Case, outcome: str, drop_reason: str = "") -> None:
        """Record how a case ended, and perhaps schedule the household's return."""
        case.end_t = self.env.now
        case.outcome = outcome
        case.drop_reason = drop_reason
        self.log(case, case.visits[-1][0], outcome, drop_reason or case.escalation)
        del self.open_cases[case.id]
        self._record(case)
        household = case.household
        household.open_cases -= 1
        delay = case.draw("reentry_delay")
        if delay < math.inf and self.env.now + delay < self.end_t:
            household.pending_returns += 1
            self.env.process(self._return_later(household, delay, case.age))
        elif household.open_cases == 0 and household.pending_returns == 0:
            household.remove()

    def _record(self, case: Case) -> None:
        self.case_rows.append(CaseRow(
            case.id, case.household.unique_id, case.reentry, case.household.area, case.age,
            case.domain, case.complexity, case.severity0, case.team.name if case.team else "",
            case.request_t, case.first_contact_t, case.assessed_t, case.consult_t, case.end_t,
            case.outcome, case.escalation, case.drop_reason,
        ))
        for unit, kind, arrive_t, start_t, end_t, outcome in case.visits:
            self.visit_rows.append(VisitRow(case.id, unit, kind, arrive_t, start_t, end_t, outcome))

    def finish(self) -> None:
        """Record the cases still open at the end of the run (once)."""
        for case in list(self.open_cases.values()):
            self._record(case)
        self.open_cases.clear()

    # --- observation ---------------------------------------------------------------------------

    def log(self, case: Case, unit: str, event: str, detail: str) -> None:
        """Append to the event log when the run records events (cheap no-op otherwise)."""
        if self.event_rows is not None:
            self.event_rows.append(
                EventRow(self.env.now, case.id, case.household.unique_id, unit, event, detail))

    def _snapshots(self):
        """Every snapshot interval: queue, caseload and staff hours of every unit."""
        interval = self.scenario.run.snapshot_interval_weeks
        workforce, overhead = self.scenario.workforce, self.scenario.overhead
        while True:
            t = self.env.now
            for team in self.teams.values():
                caseload = team.slots.count
                in_support = caseload - team.waiting_for_specialised
                paid = team.paid_hours_per_week() * interval
                self.snapshot_rows.append((
                    t, team.name, "team", len(team.slots.queue), in_support, caseload,
                    team.capacity, paid,
                    in_support * workforce.client_hours_per_case_per_week * interval,
                    paid * overhead.meeting_share,
                    caseload * overhead.registration_hours_per_case_per_week * interval
                    + team.intakes_since_snapshot * overhead.registration_hours_per_intake,
                    team.consultations_since_snapshot * overhead.consultation_hours * 2,
                ))
                team.intakes_since_snapshot = 0
                team.consultations_since_snapshot = 0
            places = self.specialised.places
            self.snapshot_rows.append((
                t, self.specialised.name, "specialised", len(places.queue), places.count,
                places.count, places.capacity, np.nan, np.nan, np.nan, np.nan, np.nan,
            ))
            yield self.env.timeout(interval)

    # --- headline numbers for the dashboard ----------------------------------------------------

    def waiting_now(self) -> int:
        """Cases waiting in any queue right now."""
        return sum(len(t.slots.queue) for t in self.teams.values()) + len(self.specialised.places.queue)


SNAPSHOT_COLUMNS: tuple[str, ...] = (
    "t_weeks", "unit", "kind", "waiting", "in_service", "caseload", "capacity", "paid_hours",
    "client_hours", "meeting_hours", "registration_hours", "consultation_hours",
)
