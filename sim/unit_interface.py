"""What every unit of the organisation is to a case: one typed interface, and "waiting now".

Teams (``sim.agents.TeamAgent``), units of places (desk, front office, first line, specialised care,
mandate approvals; ``sim.places.PlacesUnit``) and the bridge worker (``sim.bridge_worker``) all have a
name, a kind, a capacity, a queue, a caseload, cases on their way in, and one way for a case to queue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from simpy.resources.resource import Request


class Unit(Protocol):
    """A unit a case can queue at and be served by; counts are of cases, hours in FTE."""

    name: str
    """Unique name in the run (a team's name, or "triage_desk", "specialised_care", ...)."""
    kind: str
    """"team", "expert", "desk", "first_line", "specialised", "bridge" or "approval"."""
    fte: float
    """Paid staff of the unit in FTE (0 for a unit whose staff is not counted, e.g. specialised care)."""
    in_transit: int
    """Cases on their way to the unit in a hand-off (they count as waiting)."""

    @property
    def capacity(self) -> int:
        """Cases the unit can serve or hold at once."""
        ...

    @property
    def waiting(self) -> int:
        """Residents in the unit's queue now."""
        ...

    @property
    def caseload(self) -> int:
        """Cases the unit holds now."""
        ...

    def request(self, priority: int = 0) -> Request:
        """A case joins the queue: the request is granted when a place is free (lower priority first)."""
        ...

    def release(self, request: Request) -> None:
        """A case gives its place back."""
        ...


def waiting_now(unit: Unit) -> int:
    """Residents waiting for ``unit`` now: in its queue, or on their way to it in a hand-off."""
    return unit.waiting + unit.in_transit
