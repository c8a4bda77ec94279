"""Recognition and expertise ('breadth versus depth'): whether the worker sees the need in time.

A worker recognises a need of their own discipline with a specialist's chance (fading for employed
specialists who are not trained), of their breadth with a lower one, else with a generalist's. An
unrecognised need hangs around for a while, and worsens meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.context import StepContext


def unrecognised_weeks(ctx: StepContext, case: Case, team: TeamAgent) -> float:
    """Weeks before the need is seen if the worker misses it; 0 if they see it (or expertise is off)."""
    expertise = ctx.scenario.expertise
    worker = case.worker
    if not expertise.enabled or worker is None:
        return 0.0
    if case.u("recognise") < worker.knowledge(case.domain, ctx.env.now):
        return 0.0
    ctx.book.log(case, team.name, "unrecognised", case.domain)
    return expertise.recognition_delay_weeks.quantile(case.u("recognition"))
