"""Start from today's situation: load the cases a municipality has open now from a CSV.

Columns: ``team``, ``state`` (``waiting`` for a first contact, or ``in_support``), ``weeks_in_state``
(how long the case has been waiting or in support so far); optionally ``age``, ``domain`` and
``complexity``. Missing attributes and all durations are drawn as for new cases, from a stream of
their own so that new arrivals stay the same as in a run without a start state. A case already in
support gets a fresh support duration from the scenario (its history before the start is not known).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from sim.agents import Household
from sim.handoffs import settle_on_contact
from sim.pathway import first_contact, support_in_team, team_journey
from sim.scenario.open_cases import read_open_cases
from sim.scenario.schema import COMPLEXITIES, DOMAINS

if TYPE_CHECKING:
    from sim.model import WijkModel


def load_open_cases(model: WijkModel) -> None:
    """Put the CSV's cases into the model at time 0 (does nothing without a CSV)."""
    path = model.scenario.start_state.open_cases_csv
    if not path:
        return
    table = read_open_cases(path, list(model.teams))
    draws = model.demand.draw_needs(model.streams, len(table), need_stream="start_state")
    for i, record in enumerate(table.to_dict("records")):
        _override(draws, i, record)
        team = model.teams[record["team"]]
        spec_areas = model.scenario.teams[team.name].areas or model.demand.areas
        household = Household(model, spec_areas[0])
        weeks = float(record["weeks_in_state"])
        case = model.new_case(household, draws, i, reentry=False, age=int(draws.age[i]), waited_before=weeks)
        if record["state"] == "waiting":
            model.env.process(team_journey(model, case, team, waited_before=weeks))
        else:
            case.first_contact_t = case.assessed_t = -weeks
            model.env.process(_resume_support(model, case, team, weeks))


def _resume_support(model: WijkModel, case, team, weeks: float):
    visit = case.visit(team.name, team.kind, -weeks)
    slot = team.slots.request()
    yield slot
    visit.start_t = -weeks  # its support began before the run
    settle_on_contact(model, case)
    first_contact(model, case, team, visit)
    yield from support_in_team(model, case, team, slot, visit)


def _override(draws, i: int, record: dict) -> None:
    """Use the CSV's own age, domain and complexity where it gives them."""
    if not pd.isna(record.get("age", float("nan"))):
        draws.age[i] = int(record["age"])
    if isinstance(record.get("domain"), str):
        draws.domain[i] = DOMAINS.index(record["domain"])
    if isinstance(record.get("complexity"), str):
        draws.complexity[i] = COMPLEXITIES.index(record["complexity"])
