"""What a step of a case's journey may use: the clock, the settings, the units, and the case book.

A step is a function of a case and this narrow context, never of the whole model, so it can be read
(and tested) on its own: ``StepContext`` holds the SimPy clock (weeks), the scenario (read-only),
the scenario values read for every case (``Rules``), the units (``Units``) and the ``CaseBook`` that
logs events and ends cases. The model builds one context per run and hands it to every journey.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sim.scenario.schema import COMPLEXITIES

if TYPE_CHECKING:
    import simpy

    from sim.agents import Household, TeamAgent
    from sim.bridge_worker import BridgeWorker
    from sim.case import Case
    from sim.demand import DrawRow
    from sim.learning import Teaching
    from sim.places import PlacesUnit
    from sim.routing import Router
    from sim.scenario.schema import Adaptation, Scenario, SeverityState
    from sim.unit_interface import Unit

Steps = Generator["simpy.Event", object, None]
"""What a step of a journey is: a SimPy process body that yields events and returns nothing."""


class CaseBook(Protocol):
    """The run's register of cases, as steps see it: it logs, ends cases and opens members' cases."""

    def log(self, case: Case, unit: str, event: str, detail: str) -> None:
        """Append to the event log (a no-op when the run records no events)."""
        ...

    def end_case(self, case: Case, outcome: str, drop_reason: str = "") -> None:
        """Record how ``case`` ended ("closed" or "dropped_out"), and perhaps schedule a return."""
        ...

    def member_draw(self) -> DrawRow:
        """The next row of needs and durations for a second member of a household (split teams)."""
        ...

    def open_member_case(
        self, household: Household, row: DrawRow, age: int, domain: str, complexity: str
    ) -> Case:
        """Register a case for a second member of ``household`` from ``row`` (its journey not started)."""
        ...


@dataclass(frozen=True, slots=True)
class Rules:
    """Scenario values read for every case, looked up once per run."""

    severity_growth: float
    """Severity added per week of waiting."""
    escalation_threshold: float
    """Severity at which waiting turns into a crisis."""
    referral_probability: dict[str, float]
    """Chance per complexity class that a need is beyond the team."""
    mandate_on: bool
    """Provisions above a worker's mandate wait for a decision."""
    expertise_on: bool
    """Breadth versus depth: a worker may not recognise a need in time."""
    keeps_case_while_waiting: bool
    """The team keeps a referred case on its books until specialised care starts."""
    pooled_ownership: bool
    """A team pooled over several areas takes longer to support (``sim.ownership``)."""
    other_need_share: float
    """Extra support for a household's other need in a team serving both sides (``sim.other_needs``)."""
    severity_state: SeverityState | None
    """Severity as state (``sim.severity``); None when off."""
    adaptation: Adaptation | None
    """How teams adapt under pressure (``sim.adaptation``); None when off."""

    @classmethod
    def of(cls, scenario: Scenario) -> Rules:
        """The rules of ``scenario``."""
        severity = scenario.demand.severity
        return cls(
            severity_growth=severity.growth_per_week_waiting,
            escalation_threshold=severity.escalation_threshold,
            referral_probability={c: scenario.pathway.referral_probability.get(c) for c in COMPLEXITIES},
            mandate_on=scenario.mandate.enabled,
            expertise_on=scenario.expertise.enabled,
            keeps_case_while_waiting=scenario.specialised_care.team_keeps_case_while_waiting,
            pooled_ownership=scenario.ownership.pooled_support_factor > 0,
            other_need_share=scenario.pathway.other_need_support_share,
            severity_state=scenario.severity_state if scenario.severity_state.enabled else None,
            adaptation=scenario.adaptation if scenario.adaptation.enabled else None,
        )


@dataclass(frozen=True, slots=True)
class Units:
    """The units of one run, by role and by name."""

    teams: dict[str, TeamAgent]
    """Door and expert teams by name."""
    router: Router
    """Which door team serves a resident, the wrong doors beside it, the expert team behind it."""
    specialised: PlacesUnit
    """Specialised (second-line) care."""
    bridge: BridgeWorker | None
    """The bridge worker, if the scenario has one."""
    own: dict[str, PlacesUnit]
    """The organisation form's own units by role ("desk", "first_line", "front_office")."""
    by_name: dict[str, Unit]
    """Every unit by its name."""


AfterAssessment = Callable[["StepContext", "Case", "TeamAgent"], None]
"""A form's step right after a team's assessment (form B: a second member's case)."""


@dataclass(frozen=True, slots=True)
class StepContext:
    """Everything a step may use (see the module docstring)."""

    env: simpy.Environment
    """The clock; time in weeks."""
    scenario: Scenario
    """The effective scenario of the run (read-only)."""
    rules: Rules
    units: Units
    book: CaseBook
    after_assessment: AfterAssessment | None
    """The organisation form's step after an assessment, if it has one."""
    teaching: Teaching | None = None
    """Consulting a colleague teaches (``sim.learning``); None when off."""
