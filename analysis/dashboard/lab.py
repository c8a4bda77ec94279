"""The dashboard's engine, without a browser: a model built from the controls, stepped week by week.

A recorder keeps what the live views show.

The recorder reads the model's live state after every week (queues, caseloads, the staff-hour
snapshots, the cases that ended) and keeps cumulative counts per week, so any "last 52 weeks" number
can be read for this run and for the previous one at the same week. It only reads; the model's
numbers are the ones ``wijksim run`` gives for the same scenario and seed.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, replace

import mesa

from analysis.dashboard.settings import Settings, scenario_for
from sim.handoffs import FAILED_OUTCOMES
from sim.metrics import team_fte_by_contract
from sim.model import WijkModel
from sim.unit_interface import waiting_now
from sim.units import WEEKS_PER_YEAR

YEAR = int(WEEKS_PER_YEAR)
"""The window of the headline numbers, weeks."""

HOUR_CATEGORIES: tuple[str, ...] = (
    "with clients",
    "meetings",
    "registration",
    "consultation",
    "mother organisation & training",
    "free",
)
"""Where the teams' paid hours go, in the order the staff-hours chart stacks them."""

DROP_REASONS: tuple[str, ...] = ("gave_up_waiting", "lost_in_handoff", "stopped_support")


@dataclass(frozen=True)
class UnitView:
    """One unit as the structure drawing shows it."""

    name: str
    kind: str
    """team, expert, desk, first_line, specialised, bridge or approval."""
    column: int
    """0 entry desks, 1 teams residents go to, 2 behind them, 3 specialised care."""
    waiting: int
    """Residents in the unit's queue now."""
    in_transit: int
    """Residents on their way to the unit in a hand-off."""
    in_service: int
    capacity: int
    fte: float


@dataclass(frozen=True)
class Headline:
    """The few numbers the class watches, over the last 52 weeks (or since the start if shorter)."""

    week: int
    waiting_now: int
    mean_wait_weeks: float
    """Mean weeks from request to first contact, of those first seen in the window; NaN if none."""
    requests: int
    dropped_out: int
    lost_in_handoff: int
    gave_up_waiting: int
    escalations: int
    """Referrals to specialised care in the window."""
    overhead_share: float
    """Share of paid team hours not spent with or on a client."""


class Recorder:
    """Weekly history of one model: waiting per unit, staff hours and cumulative counts."""

    def __init__(self, model: WijkModel):
        self.model = model
        self.weeks: list[int] = [0]
        self.waiting: dict[str, list[int]] = {name: [0] for name in model.units}
        self.waiting_total: list[int] = [0]
        self.hours: dict[str, list[float]] = {c: [] for c in HOUR_CATEGORIES}
        self.paid_hours: list[float] = []
        self.cum: dict[str, list[float]] = {
            k: [0.0]
            for k in ("requests", "first_contacts", "first_wait", "dropped_out", "escalations", *DROP_REASONS)
        }
        self._rows_seen = 0
        self._snapshots_seen = 0
        self._escalated: set[int] = set()
        self._last_t = 0.0
        self._next_case = model.cases_started
        seconded, employed = team_fte_by_contract(model.scenario)
        per_week = model.scenario.workforce.hours_per_week_per_fte
        staffing = model.scenario.staffing
        self._mother_per_week = per_week * (
            seconded * staffing.seconded_mother_hours_share + employed * staffing.employed_training_share
        )

    @property
    def week(self) -> int:
        """The last recorded week."""
        return self.weeks[-1]

    def record(self) -> None:
        """Read the model after a step: call once per simulated week."""
        model = self.model
        now = model.now
        total = 0
        for name, unit in model.units.items():
            waiting = waiting_now(unit)
            self.waiting[name].append(waiting)
            total += waiting
        self.waiting_total.append(total)
        self.weeks.append(round(now))
        self._count_cases(now)
        self._read_snapshots()
        self._last_t = now

    def _count_cases(self, now: float) -> None:
        model, last = self.model, self._last_t
        step: Counter[str] = Counter()
        step["requests"] = model.cases_started - self._next_case
        self._next_case = model.cases_started
        rows = model.case_rows
        for row in rows[self._rows_seen :]:
            if last < row.first_contact_t <= now:
                step["first_contacts"] += 1
                step["first_wait"] += row.first_contact_t - row.request_t
            if row.outcome == "dropped_out":
                step["dropped_out"] += 1
                step[row.drop_reason] += 1
            if row.escalation:
                if row.case in self._escalated:
                    self._escalated.discard(row.case)
                else:
                    step["escalations"] += 1
        self._rows_seen = len(rows)
        for case in model.open_cases.values():
            if last < case.first_contact_t <= now:
                step["first_contacts"] += 1
                step["first_wait"] += case.first_contact_t - case.request_t
            if case.escalation and case.id not in self._escalated:
                self._escalated.add(case.id)
                step["escalations"] += 1
        for key, series in self.cum.items():
            series.append(series[-1] + step[key])

    def _read_snapshots(self) -> None:
        rows = self.model.snapshot_rows
        by_t: dict[float, list[float]] = {}
        for row in rows[self._snapshots_seen :]:
            if row.kind not in ("team", "expert"):
                continue
            acc = by_t.setdefault(row.t_weeks, [0.0] * 5)
            hours = (row.paid_hours, row.client_hours, row.meeting_hours)
            for i, value in enumerate((*hours, row.registration_hours, row.consultation_hours)):
                acc[i] += value
        self._snapshots_seen = len(rows)
        interval = self.model.scenario.run.snapshot_interval_weeks
        for paid, client, meeting, registration, consultation in by_t.values():
            mother = self._mother_per_week * interval
            used = [client, meeting, registration, consultation, mother]
            self.paid_hours.append(paid / interval)
            for category, value in zip(HOUR_CATEGORIES, [*used, max(paid - sum(used), 0.0)], strict=True):
                self.hours[category].append(value / interval)

    # --- reading ---------------------------------------------------------------------------------

    def headline(self, week: int | None = None) -> Headline:
        """The headline numbers at ``week`` (default: now), over the 52 weeks before it."""
        i = len(self.weeks) - 1 if week is None else min(max(week, 0), len(self.weeks) - 1)
        j = max(i - YEAR, 0)

        def window(key: str) -> float:
            series = self.cum[key]
            return series[i] - series[j]

        contacts = window("first_contacts")
        hours = {c: sum(self.hours[c][max(j, 0) : i]) for c in HOUR_CATEGORIES}
        paid = sum(hours.values())
        overhead = (
            hours["meetings"]
            + hours["registration"]
            + hours["consultation"]
            + hours["mother organisation & training"]
        )
        return Headline(
            week=self.weeks[i],
            waiting_now=self.waiting_total[i],
            mean_wait_weeks=window("first_wait") / contacts if contacts else math.nan,
            requests=int(window("requests")),
            dropped_out=int(window("dropped_out")),
            lost_in_handoff=int(window("lost_in_handoff")),
            gave_up_waiting=int(window("gave_up_waiting")),
            escalations=int(window("escalations")),
            overhead_share=overhead / paid if paid > 0 else math.nan,
        )

    def units(self) -> list[UnitView]:
        """Every unit now: its queue, its cases and its places."""
        return [
            UnitView(
                name,
                unit.kind,
                {"desk": 0, "team": 1, "first_line": 1, "specialised": 3}.get(unit.kind, 2),
                unit.waiting,
                unit.in_transit,
                unit.caseload,
                unit.capacity,
                unit.fte,
            )
            for name, unit in self.model.units.items()
        ]

    def handoffs(self, since_week: float = 0.0) -> dict[tuple[str, str, str], Counter[str]]:
        """Hand-offs that started since ``since_week``, by (boundary, from, to): a count per outcome.

        Hand-offs still waiting for the next unit's first contact count as ``pending``.
        """
        table: dict[tuple[str, str, str], Counter[str]] = {}
        for row in self.model.handoff_rows:
            if row.t >= since_week:
                table.setdefault((row.boundary, row.from_unit, row.to_unit), Counter())[row.outcome] += 1
        for case in self.model.open_cases.values():
            for handoff in case.handoffs:
                if handoff.t >= since_week:
                    key = (handoff.boundary, handoff.from_unit, handoff.to_unit)
                    table.setdefault(key, Counter())[handoff.outcome] += 1
        return table


def failed(outcomes: Counter[str]) -> int:
    """How many of these hand-off outcomes count as failures."""
    return sum(n for outcome, n in outcomes.items() if outcome in FAILED_OUTCOMES)


class Lab:
    """One dashboard session's simulation: the current run, and the previous one to compare with."""

    def __init__(self, settings: Settings):
        self.lock = threading.RLock()
        self.settings = settings
        self.previous: Recorder | None = None
        self.previous_settings: Settings | None = None
        self.pace = 0.0
        """Simulated years per minute of wall time while playing (set by the page's play loop)."""
        self.model, self.recorder = self._build(settings)

    def _build(self, settings: Settings) -> tuple[WijkModel, Recorder]:
        model = WijkModel(scenario_for(settings), settings.seed)
        return model, Recorder(model)

    def apply(self, settings: Settings) -> None:
        """Start again from week 0 with new settings; the run so far becomes the one to compare with.

        Raises ScenarioError (and keeps the current run) if the scenario refuses a value.
        """
        with self.lock:
            model, recorder = self._build(settings)
            self._retire()
            self.settings, self.model, self.recorder = settings, model, recorder

    def reset(self) -> None:
        """Start the same settings again from week 0."""
        self.apply(self.settings)

    def new_residents(self) -> None:
        """Start again with another seed: other residents, other needs, the same structure."""
        self.apply(replace(self.settings, seed=self.settings.seed + 1))

    def advance(self, weeks: int = 1) -> int:
        """Step ``weeks`` weeks (fewer at the end of the horizon); returns the weeks stepped."""
        done = 0
        with self.lock:
            for _ in range(weeks):
                if not self.model.running:
                    break
                self.model.step()
                self.recorder.record()
                done += 1
        return done

    @property
    def week(self) -> int:
        """The simulated week now."""
        return self.recorder.week

    def _retire(self) -> None:
        old = self.model
        if self.recorder.week > 0:
            self.previous, self.previous_settings = self.recorder, self.settings
        # Mesa keeps every model alive through a class-level id counter; let the old one go.
        mesa.Agent._ids.pop(old, None)
