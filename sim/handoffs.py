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

from sim.records import NAN

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.distributions import Distribution
    from sim.model import WijkModel
    from sim.pathway import Case

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


class Handoff:
    """One transfer, mutable until its outcome is settled."""

    __slots__ = ("case", "from_unit", "to_unit", "boundary", "t", "warm", "delay", "outcome")

    def __init__(
        self,
        case: Case,
        from_unit: str,
        to_unit: str,
        boundary: str,
        t: float,
        warm: bool,
        outcome: str = "pending",
    ):
        self.case = case
        self.from_unit = from_unit
        self.to_unit = to_unit
        self.boundary = boundary
        self.t = t
        self.warm = warm
        self.delay = NAN
        self.outcome = outcome

    def row(self) -> tuple:
        """The values of a HandoffRow."""
        return (
            self.case.id,
            self.from_unit,
            self.to_unit,
            self.boundary,
            self.t,
            self.warm,
            self.delay,
            self.outcome,
        )


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
    handoff = Handoff(case, from_unit, to_unit, boundary, env.now, warm, outcome)
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
        visit = [to_unit, "handoff", env.now, NAN, NAN, "open", ""]
        case.visits.append(visit)
        unit.in_transit += 1
        yield env.timeout(weeks)
        unit.in_transit -= 1
        visit[4] = env.now
        visit[5] = "arrived"
    if nth_uniform(case.u("handoff_loss"), k) < loss_probability:
        if case.visits and case.visits[-1][1] == "handoff":
            case.visits[-1][5] = "lost"
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
