"""Start from today's situation: load the cases a municipality has open now from a CSV.

Columns: ``team``, ``state`` (``waiting`` for a first contact, or ``in_support``), ``weeks_in_state``
(how long the case has been waiting or in support so far); optionally ``age``, ``domain`` and
``complexity``. Missing attributes and all durations are drawn as for new cases, from a stream of
their own so that new arrivals stay the same as in a run without a start state. A case already in
support gets a fresh support duration from the scenario (its history before the start is not known).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from sim.demand import DrawRow
from sim.handoffs import settle_on_contact
from sim.scenario.open_cases import read_open_cases
from sim.scenario.schema import COMPLEXITIES, DOMAINS
from sim.steps_runner import start_steps
from sim.support import first_contact, support_in_team, team_journey

if TYPE_CHECKING:
    from sim.agents import Household, TeamAgent
    from sim.case import Case
    from sim.context import StepContext, Steps
    from sim.demand import NeedDraws
    from sim.random_streams import RandomStreams


class Intake(Protocol):
    """Where loaded cases are registered (the model)."""

    def new_household(self, area: str) -> Household:
        """A household of ``area``."""
        ...

    def new_case(
        self, household: Household, row: DrawRow, reentry: bool, age: int, waited_before: float
    ) -> Case:
        """Register a case (its journey not started); it asked ``waited_before`` weeks before now."""
        ...


DrawNeeds = Callable[["RandomStreams", int, str], "NeedDraws"]


def load_open_cases(ctx: StepContext, intake: Intake, draw_needs: DrawNeeds, streams: RandomStreams) -> None:
    """Put the CSV's cases into the model at time 0 (does nothing without a CSV)."""
    path = ctx.scenario.start_state.open_cases_csv
    if not path:
        return
    teams = ctx.units.teams
    table = read_open_cases(path, list(teams))
    draws = draw_needs(streams, len(table), "start_state")
    for i, record in enumerate(table.to_dict("records")):
        _override(draws, i, record)
        team = teams[record["team"]]
        areas = ctx.scenario.teams[team.name].areas or list(ctx.scenario.municipality.areas)
        household = intake.new_household(areas[0])
        weeks = float(record["weeks_in_state"])
        case = intake.new_case(
            household, DrawRow(draws, i), reentry=False, age=draws.age[i], waited_before=weeks
        )
        if record["state"] == "waiting":
            start_steps(ctx.env, team_journey(ctx, case, team, waited_before=weeks))
        else:
            case.first_contact_t = case.assessed_t = -weeks
            start_steps(ctx.env, _resume_support(ctx, case, team, weeks))


def _resume_support(ctx: StepContext, case: Case, team: TeamAgent, weeks: float) -> Steps:
    """A case in support since ``weeks`` before the start: its place, then a fresh support duration."""
    visit = case.visit(team.name, team.kind, -weeks)
    slot = team.request()
    yield slot
    visit.start_t = -weeks  # its support began before the run
    visit.at = team
    visit.place = slot
    settle_on_contact(ctx, case)
    first_contact(ctx, case, team, visit)
    yield from support_in_team(ctx, case, team, visit)


def _override(draws: NeedDraws, i: int, record: dict[str, Any]) -> None:
    """Use the CSV's own age, domain and complexity where it gives them."""
    if not pd.isna(record.get("age", float("nan"))):
        draws.age[i] = int(record["age"])
    if isinstance(record.get("domain"), str):
        draws.domain[i] = DOMAINS.index(record["domain"])
    if isinstance(record.get("complexity"), str):
        draws.complexity[i] = COMPLEXITIES.index(record["complexity"])
