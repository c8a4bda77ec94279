"""Units that are a number of places with one first-come-first-served queue.

Specialised (second-line) care, form A2's first line, a triage desk or front office, mandate approvals
and the bridge worker's room for hand-overs are all this: a SimPy resource of places, and a count of
cases on their way in (in a hand-off) so that the time series shows them as waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simpy.resources.resource import Request

import mesa
import simpy


class PlacesUnit(mesa.Agent):
    """A unit of ``places`` places; ``kind`` says what it is ("specialised", "first_line", "desk", ...).

    With ``priorities`` its queue is ordered by priority first (lower goes first), then by arrival.
    """

    def __init__(  # the unit's identity and size; its staff (fte) is set by whoever builds it
        self,
        model: mesa.Model,
        env: simpy.Environment,
        name: str,
        kind: str,
        places: int,
        priorities: bool = False,
    ):
        super().__init__(model)
        self.env = env
        self.name = name
        self.kind = kind
        # the same resource as ``slots`` when its queue is ordered by priority (None: plain FIFO)
        self._priority_slots = simpy.PriorityResource(env, capacity=places) if priorities else None
        self.slots: simpy.Resource = self._priority_slots or simpy.Resource(env, capacity=places)
        self.fte = 0.0
        """Paid staff in FTE (a desk's or front office's; 0 where not counted)."""
        self.in_transit = 0
        """Cases on their way to this unit in a hand-off."""
        self.in_intake = 0
        """Cases in the unit's own intake before they queue for a place (specialised care); waiting."""

    @property
    def capacity(self) -> int:
        """Places available at once."""
        return int(self.slots.capacity)

    @property
    def waiting(self) -> int:
        """Cases waiting for a place: in the queue, or still in the unit's own intake."""
        return len(self.slots.queue) + self.in_intake

    @property
    def caseload(self) -> int:
        """Places taken."""
        return int(self.slots.count)

    def request(self, priority: int = 0) -> Request:
        """Queue for a place (``priority`` counts only in a unit with priorities; lower goes first)."""
        if self._priority_slots is not None:
            return self._priority_slots.request(priority=priority)
        return self.slots.request()

    def release(self, request: Request) -> None:
        """Give a place back."""
        self.slots.release(request)
