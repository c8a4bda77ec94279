"""The dashboard's one window on the engine: every attribute of ``sim``'s model it reads or sets.

Everything else in ``analysis.dashboard`` talks to a :class:`EngineView`, never to ``sim.model``
directly, so a change in the engine's internals (names, units, state) is met in this file alone.
The view only reads, except for :meth:`EngineView.set_unit_places`, the engine's public hook for
a change between weeks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

import mesa

from sim.agents import TeamAgent
from sim.handoffs import FAILED_OUTCOMES
from sim.metrics import team_fte_by_contract
from sim.model import WijkModel
from sim.needs import Need
from sim.places import PlacesUnit
from sim.records import CaseRow, HandoffRow, SnapshotRow
from sim.scenario.consistency import team_caseload_capacity
from sim.scenario.effective import effective_scenario
from sim.scenario.schema import Scenario
from sim.unit_interface import waiting_now

SPECIALISED = "specialised_care"
"""The name of the unit of specialised (second-line) care."""


@dataclass(frozen=True)
class UnitView:
    """One unit as the structure drawing shows it, at one moment."""

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
    """Cases the unit holds now."""
    capacity: int
    """Places (cases it can hold at once)."""
    fte: float
    stuck: int = 0
    """Cases on a team's books that wait for a place in specialised care (teams only)."""


@dataclass(frozen=True)
class OpenHandoff:
    """A hand-off of a case still open: when it started, across which boundary, and how it stands."""

    t: float
    boundary: str
    from_unit: str
    to_unit: str
    outcome: str


def is_failed(outcome: str) -> bool:
    """Whether a hand-off outcome counts as a failure (lost, bounced, duplicated, delayed...)."""
    return outcome in FAILED_OUTCOMES


def team_targets(scenario: Scenario) -> dict[str, tuple[int, float]]:
    """Places and FTE of every team, as a model built from ``scenario`` would have them."""
    effective = effective_scenario(scenario)
    return {
        name: (team_caseload_capacity(effective, name), sum(line.fte * line.people for line in team.staff))
        for name, team in effective.teams.items()
    }


def mother_hours_per_week(scenario: Scenario) -> float:
    """Team hours per week that go to mother organisations and training, from the staffing keys."""
    effective = effective_scenario(scenario)
    seconded, employed = team_fte_by_contract(effective)
    staffing = effective.staffing
    per_fte = effective.workforce.hours_per_week_per_fte
    return per_fte * (
        seconded * staffing.seconded_mother_hours_share + employed * staffing.employed_training_share
    )


class EngineView:
    """A model of ``scenario`` with ``seed``, stepped a week at a time and read through this view."""

    def __init__(self, scenario: Scenario, seed: int):
        self.model = WijkModel(scenario, seed)
        self.scenario = self.model.scenario
        """The scenario the model runs (its sweep factors applied)."""
        self.seed = seed

    # --- time ------------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Simulated weeks since the model started (the warm-up included)."""
        return float(self.model.env.now)

    @property
    def warmup_weeks(self) -> float:
        """Weeks of warm-up before the measured run (the scenario's ``run.warmup_years``)."""
        return float(self.model.warmup_end)

    @property
    def running(self) -> bool:
        """Whether the horizon is not reached yet."""
        return self.model.env.now < self.model.end_t

    def step(self) -> None:
        """One week."""
        self.model.step()

    # --- reading ---------------------------------------------------------------------------------

    @property
    def unit_names(self) -> list[str]:
        """Every unit, in the model's order."""
        return list(self.model.units)

    @property
    def residents(self) -> int:
        """Residents of the municipality."""
        return self.scenario.municipality.residents

    def units(self) -> list[UnitView]:
        """Every unit now: its queue, its cases and its places."""
        views = []
        for name, unit in self._units().items():
            if isinstance(unit, TeamAgent):
                views.append(
                    UnitView(
                        name,
                        unit.kind,
                        2 if unit.role == "expert" else 1,
                        unit.waiting,
                        unit.in_transit,
                        unit.caseload,
                        unit.capacity,
                        unit.fte,
                        unit.waiting_for_specialised,
                    )
                )
            else:
                column = {"desk": 0, "first_line": 1, "specialised": 3}.get(unit.kind, 2)
                views.append(
                    UnitView(
                        name,
                        unit.kind,
                        column,
                        unit.waiting,  # its queue and its own intake (sim.places.PlacesUnit.waiting)
                        unit.in_transit,
                        unit.slots.count,
                        unit.capacity,
                        unit.fte,
                    )
                )
        return views

    def _units(self) -> dict[str, TeamAgent | PlacesUnit]:
        return cast(dict[str, TeamAgent | PlacesUnit], self.model.units)

    def waiting_by_unit(self) -> dict[str, int]:
        """Residents waiting for each unit now, as ``WijkModel.waiting_now`` counts them (``sim.unit_interface``)."""
        return {name: waiting_now(unit) for name, unit in self._units().items()}

    @property
    def requests_so_far(self) -> int:
        """Cases opened since the model started (requests for help, returns and second members)."""
        return self.model.cases_started

    def ended_cases(self, since: int) -> list[CaseRow]:
        """Rows of the cases that ended, from row ``since`` on (rows are only ever appended)."""
        return self.model.case_rows[since:]

    def open_cases(self) -> Iterator[tuple[int, float, float, str]]:
        """Every open case: id, request and first-contact time (NaN if none yet), escalation reason."""
        for case in self.model.open_cases.values():
            yield case.id, case.request_t, case.first_contact_t, case.escalation

    def ended_handoffs(self, since: int) -> list[HandoffRow]:
        """Rows of the finished hand-offs of ended cases, from row ``since`` on."""
        return self.model.handoff_rows[since:]

    def open_handoffs(self) -> Iterator[OpenHandoff]:
        """The hand-offs of cases still open."""
        for case in self.model.open_cases.values():
            for handoff in case.handoffs:
                yield OpenHandoff(
                    handoff.t, handoff.boundary, handoff.from_unit, handoff.to_unit, handoff.outcome
                )

    @property
    def sick_leave_fte(self) -> float | None:
        """Team FTE away on sick leave now; None when strain (``strain.enabled``) is off."""
        strain = self.model.strain
        if strain is None:
            return None
        return float(sum(fte for _, _, _, kind, fte in strain.open.values() if kind == "sick"))

    @property
    def outreach_on(self) -> bool:
        """Whether door teams reach out to latent needs (``outreach.enabled``, with help seeking)."""
        return bool(self.scenario.outreach.enabled and self.scenario.help_seeking.enabled)

    def needs(self, since: int) -> list[Need]:
        """The needs still held by the model that arose as need ``since`` or later, oldest first.

        A need's ``found_by`` is set when someone brings it to a team. Without help seeking the model
        lets go of a need once it is helped; the dashboard counts needs only with help seeking on.
        """
        needs = self.model.needs
        return [needs[i] for i in range(since, self.model.needs_opened) if i in needs]

    @property
    def needs_opened(self) -> int:
        """Needs that arose so far in the run (``WijkModel.needs_opened``)."""
        return self.model.needs_opened

    def snapshots(self, since: int) -> list[SnapshotRow]:
        """Rows of the staff-hour snapshots from row ``since`` on (see ``sim.timeseries``)."""
        return self.model.snapshot_rows[since:]

    @property
    def snapshot_interval(self) -> float:
        """Weeks between two staff-hour snapshots."""
        return float(self.scenario.run.snapshot_interval_weeks)

    # --- changing between weeks ------------------------------------------------------------------

    def set_unit_places(self, name: str, places: int, fte: float | None = None) -> None:
        """From now on unit ``name`` holds ``places`` cases at once (see ``WijkModel.set_unit_places``)."""
        self.model.set_unit_places(name, places, fte)

    def close(self) -> None:
        """Let the model go: Mesa keeps every model alive through a class-level id counter."""
        mesa.Agent._ids.pop(self.model, None)
