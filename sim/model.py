"""The wijksim model: a ``mesa.Model`` that owns a SimPy environment, the random streams and the records.

SimPy drives time (weeks); Mesa holds the agents that the dashboard and data collection read.
``step()`` advances one week, for the dashboard; ``run_to_end()`` runs the whole horizon.
"""

from __future__ import annotations

import math

import mesa
import numpy as np
import simpy

from sim.agents import ABSENCE_PRIORITY, Household, Professional, TeamAgent
from sim.bridge_worker import BridgeWorker
from sim.demand import DemandModel, NeedDraws
from sim.forms import journey
from sim.forms.split_teams import split_household
from sim.handoffs import settle_on_end
from sim.pathway import Case, approval_unit_name
from sim.places import PlacesUnit
from sim.random_streams import RandomStreams
from sim.records import AbsenceRow, CaseRow, EventRow, HandoffRow, VisitRow
from sim.routing import Router
from sim.scenario.effective import effective_scenario
from sim.scenario.schema import COMPLEXITIES, Scenario
from sim.units import WEEKS_PER_YEAR, Weeks

DRAW_BLOCK = 256
"""Returning households' and second members' needs are drawn this many at a time."""


class WijkModel(mesa.Model):
    """One replication of one scenario."""

    def __init__(
        self, scenario: Scenario, seed: int, record_events: bool = False, years: float | None = None
    ):
        super().__init__(rng=seed)
        scenario = effective_scenario(scenario)
        self.scenario = scenario
        self.seed = seed
        self.env = simpy.Environment()
        self.streams = RandomStreams(seed)
        years = scenario.run.years if years is None else years
        self.warmup_end: Weeks = scenario.run.warmup_years * WEEKS_PER_YEAR
        self.end_t: Weeks = self.warmup_end + years * WEEKS_PER_YEAR

        self.teams = {name: TeamAgent(self, name, spec) for name, spec in scenario.teams.items()}
        self.specialised = PlacesUnit(
            self, "specialised_care", "specialised", scenario.specialised_care.places, priorities=True
        )
        self.desk = self.front_office = self.first_line = None
        self.bridge: BridgeWorker | None = None
        if scenario.form == "A2":
            self.desk = PlacesUnit(self, "triage_desk", "desk", scenario.desk.servers, fte=scenario.desk.fte)
            self.first_line = PlacesUnit(self, "first_line", "first_line", scenario.first_line.places)
        if scenario.form == "B" and scenario.split_teams.shared_front_office:
            office = scenario.split_teams.front_office
            self.front_office = PlacesUnit(self, "front_office", "desk", office.servers, fte=office.fte)
        if scenario.bridge_worker.enabled:
            self.bridge = BridgeWorker(self, scenario.bridge_worker)
        approvals = []
        if scenario.mandate.enabled:
            levels = [lv for lv in scenario.mandate.levels if lv.servers is not None]
            if scenario.mandate.back_office is not None:
                levels.append(scenario.mandate.back_office.model_copy(update={"name": "back_office"}))
            approvals = [
                PlacesUnit(self, approval_unit_name(lv.name), "approval", lv.servers or 1) for lv in levels
            ]
        self.places_units = [
            u
            for u in (
                self.desk,
                self.front_office,
                self.first_line,
                self.specialised,
                self.bridge,
                *approvals,
            )
            if u is not None
        ]
        self.units = {**self.teams, **{u.name: u for u in self.places_units}}
        self.demand = DemandModel(scenario)
        self.router = Router(scenario, self.demand.areas, self.teams)
        # Scenario values read for every case, looked up once.
        self.severity_growth = scenario.demand.severity.growth_per_week_waiting
        self.escalation_threshold = scenario.demand.severity.escalation_threshold
        self.referral_probability = {c: scenario.pathway.referral_probability.get(c) for c in COMPLEXITIES}
        self.mandate_on = scenario.mandate.enabled
        self.keeps_case_while_waiting = scenario.specialised_care.team_keeps_case_while_waiting
        adult_age = scenario.transition_18.age
        for team in self.teams.values():
            team.hands_over_at_18 = (
                team.role == "door"
                and team.ages[1] < adult_age
                and any(
                    other.role == "door" and other.ages[0] <= adult_age <= other.ages[1]
                    for other in self.teams.values()
                )
            )
        self.split_possible = any(
            t.role == "door" and not (t.ages[0] < adult_age <= t.ages[1]) for t in self.teams.values()
        )

        self.case_rows: list[CaseRow] = []
        self.visit_rows: list[VisitRow] = []
        self.handoff_rows: list[HandoffRow] = []
        self.snapshot_rows: list[tuple] = []
        self.absence_rows: list[AbsenceRow] = []
        self.event_rows: list[EventRow] | None = [] if record_events else None
        self.open_cases: dict[int, Case] = {}
        self._next_case_id = 0
        self._blocks: dict[str, tuple[NeedDraws | None, int]] = {"reentry": (None, 0), "members": (None, 0)}

        from sim.start_state import load_open_cases  # here: it needs the model's pieces above

        load_open_cases(self)
        self._schedule_claims()
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

    def set_unit_places(self, name: str, places: int, fte: float | None = None) -> None:
        """From now on unit ``name`` holds at most ``places`` cases at once (and has ``fte`` FTE, if given).

        Meant for between weeks (the dashboard's "hire two workers now"). More places: residents in the
        unit's queue are taken in at once, in queue order. Fewer: no case is sent away; new cases wait
        until the caseload is below ``places``. Raises ValueError for fewer than one place.
        """
        if places < 1:
            raise ValueError(f"unit {name}: places must be at least 1, not {places}")
        unit = self.unit(name)
        slots = unit.slots
        slots._capacity = places  # SimPy has no setter for a resource's capacity
        while slots.put_queue and slots.count < places:
            slots._trigger_put(None)  # grants the first waiting request (SimPy stops after one)
        if fte is not None:
            unit.fte = fte

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

    def new_case(
        self,
        household: Household,
        draws: NeedDraws,
        index: int,
        reentry: bool,
        age: int,
        domain: int | None = None,
        complexity: str | None = None,
        waited_before: float = 0.0,
    ) -> Case:
        """Register a case for ``household`` from row ``index`` of ``draws`` (its journey not started)."""
        case = Case(
            self._next_case_id,
            household,
            reentry,
            age,
            int(draws.domain[index]) if domain is None else domain,
            int(draws.complexity[index]) if complexity is None else COMPLEXITIES.index(complexity),
            float(draws.severity0[index]),
            draws,
            index,
            self.env.now - waited_before,
        )
        self._next_case_id += 1
        household.open_cases += 1
        self.open_cases[case.id] = case
        return case

    def start_case(
        self,
        household: Household,
        draws: NeedDraws,
        index: int,
        reentry: bool,
        age: int,
        waited_before: float = 0.0,
    ) -> Case:
        """Create a case for ``household`` and start its journey through the organisation."""
        case = self.new_case(household, draws, index, reentry, age, waited_before=waited_before)
        self.env.process(journey(self, case, waited_before))
        return case

    def _return_later(self, household: Household, delay: Weeks, age: int):
        yield self.env.timeout(delay)
        household.pending_returns -= 1
        draws, index = self._next_draw("reentry")
        self.start_case(
            household, draws, index, reentry=True, age=min(age + int(delay // WEEKS_PER_YEAR), 120)
        )

    def next_member_draw(self) -> tuple[NeedDraws, int]:
        """Needs and durations for a second member of a household (split teams)."""
        return self._next_draw("members")

    def _next_draw(self, stream: str) -> tuple[NeedDraws, int]:
        """The next row of a block of draws from ``stream``; a new block when one is used up."""
        block, used = self._blocks[stream]
        if block is None or used == len(block):
            block, used = self.demand.draw_needs(self.streams, DRAW_BLOCK, stream), 0
        self._blocks[stream] = (block, used + 1)
        return block, used

    def split_household(self, case: Case, team: TeamAgent) -> None:
        """At assessment: a need of another household member that another team serves (form B)."""
        if self.split_possible:
            split_household(self, case, team)

    def unit(self, name: str) -> TeamAgent | PlacesUnit:
        """A team or other unit by name."""
        return self.units[name]

    # --- seconded staff claimed back ------------------------------------------------------------

    def _schedule_claims(self) -> None:
        """Draw, up front, when each seconded worker is claimed back by their mother organisation."""
        staffing = self.scenario.staffing
        rate = staffing.seconded_claims_per_year / WEEKS_PER_YEAR
        if rate <= 0:
            return
        rng = self.streams["staffing"]
        for team in self.teams.values():
            for worker in team.professionals:
                if worker.contract != "seconded":
                    continue
                t = rng.exponential(1 / rate)
                while t < self.end_t:
                    weeks = float(staffing.seconded_claim_weeks.sample(rng, 1)[0])
                    self.env.process(self._claim(team, worker, float(t), weeks))
                    t += weeks + rng.exponential(1 / rate)

    def _claim(self, team: TeamAgent, worker: Professional, start: Weeks, weeks: Weeks):
        """The worker takes no new cases for a while: the team loses their slots as they free up."""
        yield self.env.timeout(start - self.env.now)
        worker.absent = True
        claim = [team.slots.request(priority=ABSENCE_PRIORITY) for _ in range(worker.capacity)]
        team.claims.append(claim)
        yield self.env.timeout(weeks)
        for request in claim:
            if request.triggered:
                team.slots.release(request)
            else:
                request.cancel()
        team.claims.remove(claim)
        worker.absent = False
        self.absence_rows.append(AbsenceRow(team.name, start, self.env.now, worker.fte))

    # --- the end of a case ---------------------------------------------------------------------

    def end_case(self, case: Case, outcome: str, drop_reason: str = "") -> None:
        """Record how a case ended, and perhaps schedule the household's return."""
        case.end_t = self.env.now
        case.outcome = outcome
        case.drop_reason = drop_reason
        settle_on_end(case, outcome)
        if self.event_rows is not None:
            where = next((v[0] for v in reversed(case.visits) if v[1] != "approval"), "")
            self.log(case, where, outcome, drop_reason or case.escalation)
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
        self.case_rows.append(
            CaseRow(
                case.id,
                case.household.unique_id,
                case.reentry,
                case.household.area,
                case.age,
                case.domain,
                case.complexity,
                case.severity0,
                case.team.name if case.team else "",
                case.plan,
                case.request_t,
                case.first_contact_t,
                case.assessed_t,
                case.consult_t,
                case.end_t,
                case.outcome,
                case.escalation,
                case.drop_reason,
            )
        )
        for visit in case.visits:
            self.visit_rows.append(VisitRow(case.id, *visit))
        for handoff in case.handoffs:
            self.handoff_rows.append(HandoffRow(*handoff.row()))

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
                EventRow(self.env.now, case.id, case.household.unique_id, unit, event, detail)
            )

    def _snapshots(self):
        """Every snapshot interval: queue, caseload and staff hours of every unit."""
        interval = self.scenario.run.snapshot_interval_weeks
        workforce, overhead = self.scenario.workforce, self.scenario.overhead
        while True:
            t = self.env.now
            for team in self.teams.values():
                caseload = team.caseload
                in_support = caseload - team.waiting_for_specialised
                paid = team.paid_hours_per_week() * interval
                self.snapshot_rows.append(
                    (
                        t,
                        team.name,
                        team.kind,
                        team.waiting + team.in_transit,
                        in_support,
                        caseload,
                        team.capacity,
                        paid,
                        in_support * workforce.client_hours_per_case_per_week * interval,
                        paid * overhead.meeting_share,
                        caseload * overhead.registration_hours_per_case_per_week * interval
                        + team.intakes_since_snapshot * overhead.registration_hours_per_intake,
                        team.consultations_since_snapshot * overhead.consultation_hours * 2,
                    )
                )
                team.intakes_since_snapshot = 0
                team.consultations_since_snapshot = 0
            for unit in self.places_units:
                slots = unit.slots
                paid = unit.fte * workforce.hours_per_week_per_fte * interval if unit.fte else np.nan
                # a decision waited for counts as waiting until it is made
                deciding = slots.count if unit.kind == "approval" else 0
                self.snapshot_rows.append(
                    (
                        t,
                        unit.name,
                        unit.kind,
                        len(slots.queue) + unit.in_transit + deciding,
                        slots.count,
                        slots.count,
                        slots.capacity,
                        paid,
                        np.nan,
                        np.nan,
                        np.nan,
                        np.nan,
                    )
                )
            yield self.env.timeout(interval)

    # --- headline numbers for the dashboard ----------------------------------------------------

    def waiting_now(self) -> int:
        """Cases waiting in any queue right now."""
        return sum(
            u.waiting + u.in_transit if isinstance(u, TeamAgent) else len(u.slots.queue) + u.in_transit
            for u in self.units.values()
        )
