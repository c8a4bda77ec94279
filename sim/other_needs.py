"""A household's other need: what it costs in a team that also serves it.

A household with a need on the other side of the 18-/18+ line (drawn once per case: its "mixed"
uniform against ``split_teams.mixed_household_probability``) costs caseload time in every form. A
team serving only one side opens a second case in the other team (``sim.forms.split_teams``: a
hand-off, a second coordinator, a case conference across the boundary). A team serving both sides
(an integral team of forms A1 and C, or a B team of all ages) handles it in the household's one
case: support takes ``pathway.other_need_support_share`` longer. The same households have the other
need whatever the structure, so on common random numbers both sides pay for the same needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import StepContext


def serves_both_sides(team: TeamAgent, adult_age: int) -> bool:
    """Whether ``team`` serves residents under and over the age of the 18th birthday."""
    youngest, oldest = team.ages
    return youngest < adult_age <= oldest


def has_other_need(ctx: StepContext, case: Case) -> bool:
    """Whether the case's household also needs help on the other side of the 18-/18+ line."""
    p = ctx.scenario.split_teams.mixed_household_probability.get(case.complexity)
    return p > 0 and case.u("mixed") < p


def support_factor(ctx: StepContext, case: Case, team: TeamAgent) -> float:
    """Support relative to the case alone: longer when this team handles the household's other need."""
    if case.member or not serves_both_sides(team, ctx.scenario.transition_18.age):
        return 1.0
    return 1.0 + ctx.rules.other_need_share if has_other_need(ctx, case) else 1.0
