"""Drop-out during support: some residents stop at a point in their support and the case ends.

(Giving up while waiting is part of waiting, ``sim.waiting``.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.case import Case, Visit
    from sim.context import StepContext, Steps


def weeks_until_stop(case: Case, support_weeks: float) -> float:
    """When in its support the resident stops, in weeks from its start (inf: never)."""
    return support_weeks * case.draw("dropout_at")


def stop_support(ctx: StepContext, case: Case, visit: Visit, after_weeks: float) -> Steps:
    """The resident stops after ``after_weeks`` weeks: the case ends as dropped out."""
    if after_weeks > 0:
        yield ctx.env.timeout(after_weeks)
    visit.leave(case, ctx.env.now, "stopped")
    ctx.book.end_case(case, "dropped_out", drop_reason="stopped_support")
