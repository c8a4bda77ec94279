"""Form A1: one broad integral team per area; the resident goes straight to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.forms.base import OrganisationForm
from sim.support import team_journey

if TYPE_CHECKING:
    from sim.case import Case
    from sim.context import StepContext, Steps


def integral_journey(ctx: StepContext, case: Case, waited_before: float = 0.0) -> Steps:
    """Straight to the area's team, and its whole work on the case."""
    team = ctx.units.router.team_for(case.household.area, case.age, case.domain)
    return team_journey(ctx, case, team, waited_before)


FORM = OrganisationForm(
    code="A1",
    title="A1: broad integral teams per area; residents go straight to their team",
    short="broad integral teams",
    journey=integral_journey,
    pathway_steps=(("area team", "gebiedsteam"),),
)
