"""The wijksim model: a ``mesa.Model`` that owns a SimPy environment, the random streams and the records.

SimPy drives time (weeks); Mesa holds the agents. The model builds the units its organisation form
declares, hands every case's journey one ``StepContext``, and is the case book the steps report to:
it registers cases, ends them (scheduling a household's return) and writes their rows.
``step()`` advances one week, for the dashboard; ``run_to_end()`` runs the whole horizon.

Public, read-only while running (what a dashboard or a report may read): ``scenario``, ``form``,
``now``, ``end_t``, ``warmup_end``, ``running``, ``units``, ``open_cases``, ``cases_started``,
``case_rows``, ``visit_rows``, ``handoff_rows``, ``snapshot_rows``, ``absence_rows``, ``event_rows``
and ``waiting_now()``.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING

import mesa
import simpy

from sim import adaptation
from sim.agents import Household, TeamAgent
from sim.bridge_worker import BridgeWorker
from sim.case import Case, visit_rows
from sim.context import Rules, StepContext, Units
from sim.demand import DemandModel, DrawRow
from sim.forms import form_named
from sim.handoffs import settle_on_end
from sim.help_seeking import GIVEN_UP, Seekers
from sim.learning import Teaching
from sim.mandate import approval_queues
from sim.needs import Need
from sim.places import PlacesUnit
from sim.random_streams import RandomStreams
from sim.records import AbsenceRow, CaseRow, EventRow, HandoffRow, NeedRow, SnapshotRow, VisitRow
from sim.routing import Router
from sim.row_book import RowBook
from sim.scenario.effective import effective_scenario
from sim.seconded_claims import claim_schedule, claimed_back
from sim.severity import contact_severity, severity_at
from sim.snapshots import place_snapshot, team_snapshot
from sim.start_state import load_open_cases
from sim.steps_runner import run_steps_now, start_steps
from sim.strain import Strain
from sim.unit_interface import waiting_now
from sim.units import WEEKS_PER_YEAR, Weeks
from sim.worsening import crisis_from_home

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario
    from sim.unit_interface import Unit

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
        self.form = form_named(scenario.form)
        self.seed = seed
        self.env = simpy.Environment()
        self.streams = RandomStreams(seed)
        years = scenario.run.years if years is None else years
        self.warmup_end: Weeks = scenario.run.warmup_years * WEEKS_PER_YEAR
        self.end_t: Weeks = self.warmup_end + years * WEEKS_PER_YEAR
        self.demand = DemandModel(scenario)
        units = self._build_units()
        after_assessment = self.form.after_assessment(scenario, units.teams)
        self.ctx = StepContext(
            self.env, scenario, Rules.of(scenario), units, self, after_assessment, self._teaching()
        )
        self._make_records(record_events)
        self.open_cases: dict[int, Case] = {}
        self._next_case_id = 0
        self._blocks: dict[str, tuple[DrawRow | None, int]] = {"reentry": (None, 0), "members": (None, 0)}
        self.needs: dict[int, Need] = {}
        """Needs by number, until their row is written (at the end of the run, or once final)."""
        self._needs_opened = 0
        self.need_rows = RowBook(NeedRow)
        self.seekers = (
            Seekers(self, self.env, scenario, self.demand) if scenario.help_seeking.enabled else None
        )
        load_open_cases(self.ctx, self, self.demand.draw_needs, self.streams)
        self._schedule_claims()
        if self.seekers is None:
            self._start_arrivals()
        else:
            self.seekers.start(self.streams, self.end_t)
        self.env.process(self._snapshots())
        self._start_professionals_and_teams()

    def _teaching(self) -> Teaching | None:
        """What consultations teach (``sim.learning``), when colleague learning and expertise are on."""
        scenario = self.scenario
        if scenario.colleague_learning.enabled and scenario.expertise.enabled:
            return Teaching(scenario, self.streams["learning"])
        return None

    def _make_records(self, record_events: bool) -> None:
        """The empty record books of the run: cases, visits, hand-offs, snapshots, absences, events."""
        self.case_rows = RowBook(CaseRow)
        self.visit_rows = RowBook(VisitRow)
        self.handoff_rows = RowBook(HandoffRow)
        self.snapshot_rows: list[SnapshotRow] = []
        self.absence_rows: list[AbsenceRow] = []
        self.event_rows: list[EventRow] | None = [] if record_events else None

    def _build_units(self) -> Units:
        """The teams, specialised care, the form's own units, the bridge worker and mandate approvals."""
        scenario, env = self.scenario, self.env
        teams = {name: TeamAgent(self, env, scenario, name, spec) for name, spec in scenario.teams.items()}
        specialised = PlacesUnit(
            self, env, "specialised_care", "specialised", scenario.specialised_care.places, priorities=True
        )
        own = self.form.units(self._make_unit, scenario)
        bridge = BridgeWorker(self, env, scenario.bridge_worker) if scenario.bridge_worker.enabled else None
        approvals = [
            PlacesUnit(self, env, name, "approval", servers) for name, servers in approval_queues(scenario)
        ]
        entry = [own[role] for role in ("desk", "front_office", "first_line") if role in own]
        places = [*entry, specialised, *([bridge] if bridge else []), *approvals]
        self.places_units: list[PlacesUnit] = places
        _mark_handovers_at_18(teams, scenario.transition_18.age)
        by_name: dict[str, Unit] = {**teams, **{unit.name: unit for unit in places}}
        router = Router(scenario, self.demand.areas, teams)
        return Units(teams, router, specialised, bridge, own, by_name)

    def _make_unit(self, name: str, kind: str, places: int, fte: float) -> PlacesUnit:
        unit = PlacesUnit(self, self.env, name, kind, places)
        unit.fte = fte
        return unit

    # --- Mesa's register of agents ----------------------------------------------------------------

    def register_agent(self, agent: mesa.Agent) -> None:
        """Mesa's registration, into the same sets, without its debug message (formatted for every agent).

        A household registers when it first asks and leaves when it is done: twice per case.
        """
        by_type = self._agents_by_type.get(type(agent))
        if by_type is None:  # the first agent of its type: Mesa makes the type's set
            super().register_agent(agent)
            return
        self._agents[agent] = None
        by_type.add(agent)
        self._all_agents.add(agent)

    def deregister_agent(self, agent: mesa.Agent) -> None:
        """Mesa's deregistration from the same sets, without its debug message."""
        del self._agents[agent]
        self._agents_by_type[type(agent)].remove(agent)
        self._all_agents.remove(agent)

    # --- public, read-only ---------------------------------------------------------------------

    @property
    def now(self) -> Weeks:
        """Simulated time now, in weeks."""
        return float(self.env.now)

    @property
    def units(self) -> dict[str, Unit]:
        """Every unit by name: teams first, then the units of places (see ``sim.unit_interface.Unit``)."""
        return self.ctx.units.by_name

    @property
    def teams(self) -> dict[str, TeamAgent]:
        """The teams by name."""
        return self.ctx.units.teams

    @property
    def cases_started(self) -> int:
        """Cases registered so far (new requests, returns, second members and loaded open cases)."""
        return self._next_case_id

    def waiting_now(self) -> int:
        """Cases waiting in any queue right now (or on their way to a unit in a hand-off)."""
        return sum(waiting_now(unit) for unit in self.units.values())

    # --- running -------------------------------------------------------------------------------

    def step(self) -> None:
        """Advance the simulation by one week (for the dashboard)."""
        self.env.run(until=min(self.env.now + 1.0, self.end_t))
        self.running = self.env.now < self.end_t

    def run_to_end(self) -> None:
        """Run until the end of the horizon and close the books."""
        self.env.run(until=self.end_t)
        self.running = False

    def finish(self) -> None:
        """Record the cases still open at the end of the run, and every need (once); the run is then over."""
        for case in list(self.open_cases.values()):
            self._record(case)
        self.open_cases.clear()
        self.need_rows.extend(need.record() for need in self.needs.values() if not need.recorded)
        if self.strain is not None:
            self.strain.finish(self.env.now)
        # The run is over: what is still scheduled or queued (the next arrival, returns, weekly steps, the
        # journeys waiting, and the whole horizon's pre-drawn numbers they hold) will not happen; let it go
        # before the tables are built.
        self.env._queue.clear()
        for unit in self.units.values():
            unit.slots.clear_queue()  # type: ignore[attr-defined]  # teams and units of places hold Slots

    def set_unit_places(self, name: str, places: int, fte: float | None = None) -> None:
        """From now on unit ``name`` holds at most ``places`` cases at once (and has ``fte`` FTE, if given).

        Meant for between weeks (the dashboard's "hire two workers now"). More places: residents in the
        unit's queue are taken in at once, in queue order. Fewer: no case is sent away; new cases wait
        until the caseload is below ``places``. Raises ValueError for fewer than one place.
        """
        if places < 1:
            raise ValueError(f"unit {name}: places must be at least 1, not {places}")
        unit = self.units[name]
        slots = unit.slots  # type: ignore[attr-defined]  # teams and units of places hold Slots
        slots._capacity = places - getattr(unit, "held_slots", 0)  # strain holds some of a team's
        slots.serve_queue()
        if fte is not None:
            unit.fte = fte

    # --- arrivals ------------------------------------------------------------------------------

    def _start_arrivals(self) -> None:
        """Schedule the new requests one after another: each arrival starts its case's journey."""
        times = self.demand.request_times(self.streams["arrivals"], 0.0, self.end_t).tolist()
        draws = self.demand.draw_needs(self.streams, len(times))
        areas = self.demand.areas
        env = self.env
        arrived = 0  # arrivals so far

        def arrive(_: simpy.Event) -> None:
            nonlocal arrived
            i, arrived = arrived, arrived + 1
            if arrived < len(times):  # the next arrival is scheduled first, as a process would
                env.timeout(times[arrived] - env.now).callbacks.append(arrive)
            household = Household(self, areas[draws.area[i]])
            case = self.new_case(household, DrawRow(draws, i), reentry=False, age=draws.age[i])
            run_steps_now(self.form.journey(self.ctx, case, 0.0))

        if times:
            env.timeout(times[0]).callbacks.append(arrive)

    @property
    def needs_opened(self) -> int:
        """Needs that arose so far; they are numbered 0 .. ``needs_opened`` - 1 (``Need.id``)."""
        return self._needs_opened

    def new_household(self, area: str) -> Household:
        """A household of ``area`` that asks for help for the first time."""
        return Household(self, area)

    def new_case(
        self, household: Household, row: DrawRow, reentry: bool, age: int, waited_before: Weeks = 0.0
    ) -> Case:
        """Register a case for ``household`` from ``row`` of a block of draws (its journey not started)."""
        case = Case(self._next_case_id, household, row.draws, row.index, self.env.now - waited_before)
        case.reentry = reentry
        case.age = age
        self._next_case_id += 1
        household.open_cases += 1
        case.knew_door = household.knows_door
        household.knows_door = True
        if self.seekers is not None:  # a household that asks (or returns) is no longer latent
            self.seekers.leave(household)
        self.open_cases[case.id] = case
        need = household.need
        if need is None or need.done:  # a request for a new need (needs before requests off, or a return)
            need = household.need = self.open_need(household, case.request_t, case.severity0)
            need.found_by = "self"
        need.requests += 1
        case.need = need
        return case

    def open_need(self, household: Household, t: Weeks, severity: float) -> Need:
        """Register a new need of ``household`` that starts at ``t`` (weeks) with ``severity``."""
        need = Need(self._needs_opened, household, t, severity)
        self._needs_opened += 1
        self.needs[need.id] = need
        return need

    def ask(self, household: Household, need: Need, row: DrawRow, found_by: str) -> Case:
        """A latent need becomes a request now (help seeking); a crisis goes to specialised care.

        Called last in the callback of the decision's event (``sim.help_seeking``), so the journey
        begins at once (``run_steps_now``): the same order of steps as an urgent event, without it.
        """
        now = self.env.now
        returning = need.requests > 0
        age = need.age if returning else row.draws.age[row.index]
        case = self.new_case(household, row, reentry=returning, age=age)
        if returning:
            case.domain, case.complexity = need.domain, need.complexity
        case.severity0 = case.severity = need.severity_at(now)
        case.severity_t = now
        need.found_by = found_by
        if found_by == "crisis":
            run_steps_now(crisis_from_home(self.ctx, case))
        else:
            run_steps_now(self.form.journey(self.ctx, case, 0.0))
        return case

    def reentry_row(self) -> DrawRow:
        """Needs and durations for a household that asks again (help seeking)."""
        return self._next_draw("reentry")

    def start_case(self, case: Case, waited_before: Weeks = 0.0) -> None:
        """Start the journey of a registered case through the organisation."""
        start_steps(self.env, self.form.journey(self.ctx, case, waited_before))

    def _return_later(self, household: Household, delay: Weeks, age: int) -> None:
        """In ``delay`` weeks the household asks again, at ``age`` plus the years gone by."""

        def come_back(_: simpy.Event) -> None:
            household.pending_returns -= 1
            row = self._next_draw("reentry")
            age_then = min(age + int(delay // WEEKS_PER_YEAR), 120)
            run_steps_now(
                self.form.journey(self.ctx, self.new_case(household, row, reentry=True, age=age_then), 0.0)
            )

        self.env.timeout(delay).callbacks.append(come_back)

    def member_draw(self) -> DrawRow:
        """Needs and durations for a second member of a household (split teams)."""
        return self._next_draw("members")

    def open_member_case(
        self, household: Household, row: DrawRow, age: int, domain: str, complexity: str
    ) -> Case:
        """Register a case for a second member of ``household`` (its journey not started)."""
        case = self.new_case(household, row, reentry=False, age=age)
        case.domain = domain
        case.complexity = complexity
        case.member = True
        return case

    def _next_draw(self, stream: str) -> DrawRow:
        """The next row of a block of draws from ``stream``; a new block when one is used up."""
        block, used = self._blocks[stream]
        if block is None or used == len(block.draws):
            block, used = DrawRow(self.demand.draw_needs(self.streams, DRAW_BLOCK, stream), 0), 0
        self._blocks[stream] = (block, used + 1)
        return DrawRow(block.draws, used)

    # --- professionals under strain, teams that adapt -------------------------------------------

    def _start_professionals_and_teams(self) -> None:
        """Sick leave and turnover under strain, and teams adapting to their waiting list, if on."""
        scenario = self.scenario
        self.strain = (
            Strain(self.env, scenario, self.streams["strain"], self.absence_rows)
            if scenario.strain.enabled
            else None
        )
        if self.strain is not None:
            self.env.process(self.strain.weeks(list(self.teams.values())))
        if scenario.adaptation.enabled:
            self.env.process(self._adapting_teams())

    def _adapting_teams(self) -> Generator[simpy.Event, object, None]:
        """Once a week each team looks at its waiting list and adapts, or stops adapting."""
        spec = self.scenario.adaptation
        while True:
            for team in self.teams.values():
                adaptation.update(team, spec)
            yield self.env.timeout(1.0)

    # --- seconded staff claimed back ------------------------------------------------------------

    def _schedule_claims(self) -> None:
        """Draw, up front, when each seconded worker is claimed back by their mother organisation."""
        for team, worker, start, weeks in claim_schedule(
            self.scenario, self.teams, self.streams["staffing"], self.end_t
        ):
            self.env.process(claimed_back(self.env, team, worker, start, weeks, self.absence_rows))

    # --- the end of a case ---------------------------------------------------------------------

    def end_case(self, case: Case, outcome: str, drop_reason: str = "") -> None:
        """Record how a case ended, and perhaps schedule the household's return."""
        case.end_t = self.env.now
        case.outcome = outcome
        case.drop_reason = drop_reason
        settle_on_end(case, outcome)
        if self.event_rows is not None:
            where = next((v.unit for v in reversed(case.visits) if v.kind != "approval"), "")
            self.log(case, where, outcome, drop_reason or case.escalation)
        del self.open_cases[case.id]
        self._record(case)
        household = case.household
        household.open_cases -= 1
        if self.seekers is not None and self._back_to_latent(case):
            return
        delay = case.draw("reentry_delay")
        if delay < math.inf and self.env.now + delay < self.end_t:
            household.pending_returns += 1
            self._return_later(household, delay, case.age)
        elif household.open_cases == 0 and household.pending_returns == 0:
            if self.seekers is None:
                household.remove()
            else:
                household.leave_if_done()

    def _back_to_latent(self, case: Case) -> bool:
        """Help seeking: a resident who gave up or was lost before any contact keeps the need, latent."""
        need = case.need
        if self.seekers is None or need is None or need.done or case.drop_reason not in GIVEN_UP:
            return False
        rules = self.ctx.rules
        now = self.env.now
        if rules.severity_state is not None:
            now_severity = severity_at(case, now)
        else:
            now_severity = case.severity0 + rules.severity_growth * (now - case.request_t)
        self.seekers.back_to_latent(case, now_severity)
        return True

    def _record(self, case: Case) -> None:
        """Write the rows of a case, its visits and its hand-offs."""
        need = case.need
        if need is not None and not math.isnan(case.first_contact_t):
            need.case_seen(case.first_contact_t, contact_severity(self.ctx.rules, case))
            if self.seekers is None and not need.recorded:
                # Helped, and without help seeking nothing changes it any more: its row now.
                self.need_rows.append(need.record())
                del self.needs[need.id]
        self.case_rows.append(case.row())
        self.visit_rows.extend(visit_rows(case.visits))
        for handoff in case.handoffs:
            self.handoff_rows.append(handoff.row())

    # --- observation ---------------------------------------------------------------------------

    def log(self, case: Case, unit: str, event: str, detail: str) -> None:
        """Append to the event log when the run records events (cheap no-op otherwise)."""
        if self.event_rows is not None:
            self.event_rows.append(
                EventRow(
                    time=self.env.now,
                    case=case.id,
                    household=case.household.unique_id,
                    unit=unit,
                    event=event,
                    detail=detail,
                )
            )

    def _snapshots(self) -> Generator[simpy.Event, object, None]:
        """Every snapshot interval: queue, caseload and staff hours of every unit."""
        interval = self.scenario.run.snapshot_interval_weeks
        while True:
            t = self.env.now
            for team in self.teams.values():
                self.snapshot_rows.append(team_snapshot(self.scenario, team, t, interval))
            for unit in self.places_units:
                self.snapshot_rows.append(place_snapshot(self.scenario, unit, t, interval))
            yield self.env.timeout(interval)


def _mark_handovers_at_18(teams: dict[str, TeamAgent], adult_age: int) -> None:
    """A youth-only door team hands its cases over at 18 when a door team for adults is there."""
    for team in teams.values():
        team.hands_over_at_18 = (
            team.role == "door"
            and team.ages[1] < adult_age
            and any(
                other.role == "door" and other.ages[0] <= adult_age <= other.ages[1]
                for other in teams.values()
            )
        )
