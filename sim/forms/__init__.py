"""The organisation forms: how a request finds its way from the front door to the team that helps.

- A1: one broad integral team per area; the resident goes straight to it.
- A2: a triage desk sends simple needs to the first line and complex ones to an integral team.
- B: teams side by side (youth / adults); residents choose a door themselves, or a shared front office does.
- C: a generalist front team, with expert teams behind it for multi-problem cases.

Every form is built from the same steps in ``sim.pathway``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.forms.front_expert import front_journey
from sim.forms.split_teams import door_journey
from sim.forms.triage_desk import desk_journey
from sim.pathway import team_journey

if TYPE_CHECKING:
    from sim.model import WijkModel
    from sim.pathway import Case, Steps


def journey(model: WijkModel, case: Case, waited_before: float = 0.0) -> Steps:
    """The whole journey of a new request, by the scenario's organisation form."""
    form = model.scenario.form
    if form == "A2":
        return desk_journey(model, case, waited_before)
    if form == "B":
        return door_journey(model, case, waited_before)
    if form == "C":
        return front_journey(model, case, waited_before)
    team = model.router.team_for(case.household.area, case.age, case.domain)
    return team_journey(model, case, team, waited_before)
