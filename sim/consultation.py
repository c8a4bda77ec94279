"""Consultation: the worker discusses the case with a colleague, which adds to the support time.

With breadth versus depth on, a colleague who knows the case's domain must be in the team; without
one, the worker finds out elsewhere, which takes longer and is not a consultation. A consultation may
teach the worker (``sim.learning``, with ``colleague_learning`` on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import StepContext


def consultation_weeks(ctx: StepContext, case: Case, team: TeamAgent) -> float:
    """Weeks the consultation (or the search for knowledge without a colleague) adds; 0 if none."""
    if not case.draw("consult"):
        return 0.0
    expertise = ctx.scenario.expertise
    if expertise.enabled and case.worker is not None and not team.has_colleague_for(case.domain, case.worker):
        ctx.book.log(case, team.name, "no_colleague", case.domain)
        return expertise.no_colleague_delay_weeks.quantile(case.u("no_colleague"))
    case.consult_t = ctx.env.now
    team.consultations_since_snapshot += 1
    ctx.book.log(case, team.name, "consultation", "")
    delay = case.draw("consult_delay")
    if ctx.teaching is not None and case.worker is not None:
        ctx.teaching.after_consultation(team, case.worker, case.domain, ctx.env.now)
    return delay
