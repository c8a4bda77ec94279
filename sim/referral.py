"""Referral: a need beyond the team goes on to specialised care after the team's support.

Whether a case is referred is settled when the team takes it on (a specialist of the case's own
domain refers less, with breadth versus depth on); the referral itself happens when support ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.severity import added_referral
from sim.specialised_care import KeptCase, specialised_care

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case, Visit
    from sim.context import StepContext, Steps


def is_referred(ctx: StepContext, case: Case, factor: float = 1.0) -> bool:
    """Whether the case's need is beyond the team (``factor`` scales the scenario's probability)."""
    expertise = ctx.scenario.expertise
    worker = case.worker
    if expertise.enabled and worker is not None and worker.discipline == case.domain:
        factor *= expertise.specialist_referral_factor
    probability = ctx.rules.referral_probability[case.complexity] * factor
    if ctx.rules.severity_state is not None:  # a need that worsened goes beyond the team more often
        probability += added_referral(ctx.rules, case, ctx.env.now)
    return case.draw("refer_u") < min(1.0, probability)


def refer(ctx: StepContext, case: Case, team: TeamAgent, visit: Visit) -> Steps:
    """Refer to specialised care: the team keeps the case meanwhile, or lets it go now."""
    ctx.book.log(case, team.name, "referral", "need beyond the team")
    if ctx.rules.keeps_case_while_waiting:
        yield from specialised_care(ctx, case, "needed", team.name, kept=KeptCase(team, visit))
    else:
        visit.leave(case, ctx.env.now, "served")
        yield from specialised_care(ctx, case, "needed", team.name, kept=None)
