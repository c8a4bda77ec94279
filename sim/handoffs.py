"""Hand-offs: a case moving from one unit to another, warm or cold, and how that went.

Every transfer is a record with from, to, the kind of boundary it crossed, warm or cold, the delay to
the first contact in the next unit, and its outcome. A warm hand-off is coordinated: a short delay and
seldom a lost resident. A cold one is a letter and a new appointment: a longer delay, a new intake, a
new wait, and a real chance that the resident does not arrive. The outcome is settled when the next
unit first sees the case: ``delayed`` if that took longer than the limit, else ``completed``; a
resident who never arrives makes it ``lost``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sim.case import Handoff
from sim.severity import grow_from

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.case import Case
    from sim.context import StepContext

FAILED_OUTCOMES: frozenset[str] = frozenset({"lost", "bounced", "duplicated", "delayed"})
"""Outcomes that count as a hand-off failure."""

_GOLDEN = 0.6180339887498949


class Quantiles(Protocol):
    """A distribution of weeks, read through one pre-drawn uniform."""

    def quantile(self, u: float) -> float:
        """The value below which a share ``u`` of draws fall."""
        ...


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


@dataclass(slots=True)
class Route:
    """Where a transfer goes and how: warm or cold, and any delay or loss other than the scenario's."""

    from_unit: str
    to_unit: str
    boundary: str
    """What kind of transfer: "wrong_door", "front_to_expert", "transition_18", ..."""
    warm: bool
    delay: Quantiles | None = None
    """Weeks on the way; None: the scenario's warm or cold hand-off delay."""
    loss_probability: float | None = None
    """Chance the resident never arrives; None: the scenario's warm or cold loss."""
    outcome: str = "pending"
    """"pending" until the next unit sees the case; "bounced" or "duplicated" are final unless lost."""


def transfer(ctx: StepContext, case: Case, route: Route) -> Generator[simpy.Event, object, bool]:
    """Move ``case`` along ``route``: the transfer delay, then perhaps a lost resident.

    Returns whether the resident arrives. The case is in transit meanwhile (a visit of kind
    ``handoff`` at the receiving unit), so its time counts as waiting and as the unit's queue.
    """
    env = ctx.env
    spec = ctx.scenario.handoffs
    handoff = Handoff(case.id, route.from_unit, route.to_unit, route.boundary, env.now, route.warm)
    handoff.outcome = route.outcome
    case.handoffs.append(handoff)
    case.pending_handoff = handoff
    k = len(case.handoffs)
    delay = route.delay
    if delay is None:
        delay = spec.warm_delay_weeks if route.warm else spec.cold_delay_weeks
    loss_probability = route.loss_probability
    if loss_probability is None:
        loss_probability = spec.warm_loss_probability if route.warm else spec.cold_loss_probability
    ctx.book.log(case, route.from_unit, "handoff", route.to_unit)
    if ctx.rules.severity_state is not None:  # nobody helps the case on its way: severity grows
        grow_from(ctx.rules, case, env.now)
    weeks = delay.quantile(nth_uniform(case.u("handoff_delay"), k))
    if weeks > 0:  # in transit: a visit of kind "handoff" at the receiving unit
        unit = ctx.units.by_name[route.to_unit]
        visit = case.visit(route.to_unit, "handoff", env.now)
        unit.in_transit += 1
        yield env.timeout(weeks)
        unit.in_transit -= 1
        visit.close(env.now, "arrived")
    if nth_uniform(case.u("handoff_loss"), k) < loss_probability:
        last = case.visits[-1] if case.visits else None
        if last is not None and last.kind == "handoff":
            last.close(last.end_t, "lost")
        handoff.outcome = "lost"
        ctx.book.end_case(case, "dropped_out", drop_reason="lost_in_handoff")
        return False
    ctx.book.log(case, route.to_unit, "arrive", route.from_unit)
    return True


def settle_on_contact(ctx: StepContext, case: Case) -> None:
    """The receiving unit sees the case: its pending hand-off is completed, or delayed if it took long."""
    handoff = case.pending_handoff
    if handoff is None:
        return
    case.pending_handoff = None
    handoff.delay = ctx.env.now - handoff.t
    if handoff.outcome == "pending":
        limit = ctx.scenario.handoffs.limit_weeks
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
    "Route",
    "is_failure",
    "nth_uniform",
    "settle_on_contact",
    "settle_on_end",
    "transfer",
]
