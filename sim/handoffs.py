"""Hand-offs: a case moving from one unit to another, warm or cold, and how that went.

Every transfer is a record with from, to, the kind of boundary it crossed, warm or cold, the delay to
the first contact in the next unit, and its outcome. A warm hand-off is coordinated: a short delay and
seldom a lost resident. A cold one is a letter and a new appointment: a longer delay, a new intake, a
new wait, and a real chance that the resident does not arrive. The outcome is settled when the next
unit first sees the case: ``delayed`` if that took longer than the limit, else ``completed``; a
resident who never arrives makes it ``lost``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.case import Handoff

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.case import Case
    from sim.distributions import Distribution
    from sim.model import WijkModel

FAILED_OUTCOMES: frozenset[str] = frozenset({"lost", "bounced", "duplicated", "delayed"})
"""Outcomes that count as a hand-off failure."""

_GOLDEN = 0.6180339887498949


class _ZeroDelay:
    """A transfer that takes no time of its own (the wait, if any, is in the next unit's queue)."""

    @staticmethod
    def quantile(u: float) -> float:
        """Zero, whatever ``u``."""
        return 0.0


ZERO_DELAY = _ZeroDelay()


def nth_uniform(u: float, k: int) -> float:
    """The k-th uniform derived from one pre-drawn uniform (a Weyl sequence).

    One draw per case serves every hand-off of that case, so the number of hand-offs never shifts
    another case's numbers.
    """
    return (u + k * _GOLDEN) % 1.0


def transfer(
    model: WijkModel,
    case: Case,
    from_unit: str,
    to_unit: str,
    boundary: str,
    warm: bool,
    delay: Distribution | None = None,
    loss_probability: float | None = None,
    outcome: str = "pending",
) -> Generator[simpy.Event, object, bool]:
    """Move ``case`` towards ``to_unit``: the transfer delay, then perhaps a lost resident.

    Returns whether the resident arrives. The case is in transit meanwhile (a visit of kind
    ``handoff`` at the receiving unit), so its time counts as waiting and as the unit's queue.
    ``outcome`` other than "pending" (bounced, duplicated) is final, unless the resident is lost.
    """
    env = model.env
    spec = model.scenario.handoffs
    handoff = Handoff(case.id, from_unit, to_unit, boundary, env.now, warm)
    handoff.outcome = outcome
    case.handoffs.append(handoff)
    case.pending_handoff = handoff
    k = len(case.handoffs)
    if delay is None:
        delay = spec.warm_delay_weeks if warm else spec.cold_delay_weeks
    if loss_probability is None:
        loss_probability = spec.warm_loss_probability if warm else spec.cold_loss_probability
    model.log(case, from_unit, "handoff", to_unit)
    weeks = delay.quantile(nth_uniform(case.u("handoff_delay"), k))
    if weeks > 0:
        unit = model.unit(to_unit)
        visit = case.visit(to_unit, "handoff", env.now)
        unit.in_transit += 1
        yield env.timeout(weeks)
        unit.in_transit -= 1
        visit.close(env.now, "arrived")
    if nth_uniform(case.u("handoff_loss"), k) < loss_probability:
        last = case.visits[-1] if case.visits else None
        if last is not None and last.kind == "handoff":
            last.close(last.end_t, "lost")
        handoff.outcome = "lost"
        model.end_case(case, "dropped_out", drop_reason="lost_in_handoff")
        return False
    model.log(case, to_unit, "arrive", from_unit)
    return True


def settle_on_contact(model: WijkModel, case: Case) -> None:
    """The receiving unit sees the case: its pending hand-off is completed, or delayed if it took long."""
    handoff = case.pending_handoff
    if handoff is None:
        return
    case.pending_handoff = None
    handoff.delay = model.env.now - handoff.t
    if handoff.outcome == "pending":
        limit = model.scenario.handoffs.limit_weeks
        handoff.outcome = "delayed" if handoff.delay > limit + 1e-9 else "completed"


def settle_on_end(case: Case, outcome: str) -> None:
    """A case ends before the receiving unit saw it: the resident was lost on the way."""
    handoff = case.pending_handoff
    if handoff is None:
        return
    case.pending_handoff = None
    if handoff.outcome == "pending":
        handoff.outcome = "lost" if outcome == "dropped_out" else "delayed"


def is_failure(outcome: str) -> bool:
    """Whether a hand-off outcome counts as a failure."""
    return outcome in FAILED_OUTCOMES


__all__ = [
    "FAILED_OUTCOMES",
    "ZERO_DELAY",
    "Handoff",
    "is_failure",
    "nth_uniform",
    "settle_on_contact",
    "settle_on_end",
    "transfer",
]
