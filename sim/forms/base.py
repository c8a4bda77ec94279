"""What an organisation form declares: its units, its journey, its staff, its report and its rules.

Every form is one module of ``sim.forms`` that builds one ``OrganisationForm``; ``sim.forms``
registers them by code. The model, the metrics, the scenario checks, the report and the dashboard
ask the form rather than compare its code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import AfterAssessment, StepContext, Steps
    from sim.places import PlacesUnit
    from sim.scenario.schema import Scenario

Journey = Callable[["StepContext", "Case", float], "Steps"]
"""A new request's whole journey: ``journey(ctx, case, waited_before_weeks)``."""

MakeUnit = Callable[[str, str, int, float], "PlacesUnit"]
"""Builds a unit of places: ``make(name, kind, places, fte)``."""


@dataclass(frozen=True, slots=True)
class Setting:
    """A scenario key that belongs to one form: an on/off option, or the FTE of a unit of its own.

    ``key`` is a dotted path ("split_teams.shared_front_office"); ``label`` names what it is.
    """

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class PaidUnit:
    """Paid staff outside the teams: ``fte_key`` holds its FTE; it counts when ``enabled_key`` is on."""

    name: str
    fte_key: str
    enabled_key: str | None = None


@dataclass(frozen=True, slots=True)
class ReportMechanism:
    """A mechanism the report describes for this form: a text key, shown when ``enabled_key`` is on."""

    text_key: str
    enabled_key: str | None = None


def _no_units(make: MakeUnit, scenario: Scenario) -> dict[str, PlacesUnit]:
    return {}


def _no_step(scenario: Scenario, teams: Mapping[str, TeamAgent]) -> AfterAssessment | None:
    return None


def _no_problems(scenario: Scenario) -> list[str]:
    return []


@dataclass(frozen=True)
class OrganisationForm:
    """One organisation form (see the module docstring)."""

    code: str
    """The scenario's ``form`` value: "A1", "A2", "B", "C"."""
    title: str
    """One line on what the form is."""
    short: str
    """A few words for messages: "teams side by side"."""
    journey: Journey
    """The journey of a new request, from its first door to its end."""
    units: Callable[[MakeUnit, Scenario], dict[str, PlacesUnit]] = _no_units
    """The form's own units besides the teams and specialised care, by role ("desk", "first_line", ...)."""
    after_assessment: Callable[[Scenario, Mapping[str, TeamAgent]], AfterAssessment | None] = _no_step
    """The form's step after a team's assessment, if the teams make it possible (form B)."""
    sections: frozenset[str] = frozenset()
    """Scenario sections that belong to this form only (the others act in every form)."""
    options: tuple[Setting, ...] = ()
    """On/off keys that only mean something in this form (an error if on in another form)."""
    expert_teams: bool = False
    """Whether teams with role 'expert' belong to the form."""
    paid_units: tuple[PaidUnit, ...] = ()
    """Paid staff outside the teams, in the order it is added up."""
    report_mechanisms: tuple[ReportMechanism, ...] = ()
    """Text keys of the mechanisms the report describes for this form, in order."""
    pathway_steps: tuple[tuple[str, str], ...] = ()
    """The boxes of the report's pathway diagram before the queue: (English, Dutch)."""
    expert_step: tuple[str, str] | None = None
    """A box of the pathway diagram after support (form C's expert team): (English, Dutch)."""
    problems: Callable[[Scenario], list[str]] = _no_problems
    """The form's own consistency rules: every problem as a readable line."""
    metrics: frozenset[str] | None = field(default=None)
    """The metrics that apply to the form; None: every metric of ``sim.metrics.METRIC_NAMES``."""


def value_at(source: Any, dotted: str, default: Any = None) -> Any:
    """The value at a dotted key path, in a scenario object or in a scenario given as plain dicts."""
    value = source
    for part in dotted.split("."):
        if isinstance(value, Mapping):
            value = value.get(part, default)
        else:
            value = getattr(value, part, default)
        if value is None:
            return default
    return value
