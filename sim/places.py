"""Units that are a number of places with one first-come-first-served queue.

Specialised (second-line) care, form A2's first line, a triage desk or front office, mandate approvals
and the bridge worker's room for hand-overs are all this: places (``sim.slots``), and a count of
cases on their way in (in a hand-off) so that the time series shows them as waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simpy.resources.resource import Request

import mesa
import simpy

from sim.slots import Slots


class SlotQueue:
    """Slots with one queue (``sim.slots.Slots``), first come first served or ordered by priority.

    The base of a team's caseload slots (``sim.agents.TeamAgent``) and of a unit's places
    (``PlacesUnit``): with priorities, a lower ``priority`` goes first, then arrival order.
    """

    slots: Slots

    def _make_slots(self, env: simpy.Environment, capacity: int, priorities: bool) -> None:
        self.slots = Slots(env, capacity, priorities=priorities)

    @property
    def capacity(self) -> int:
        """Slots available at once."""
        return self.slots.capacity

    def request(self, priority: int = 0) -> Request:
        """Queue for a slot (``priority`` counts only in a queue with priorities; lower goes first)."""
        return self.slots.request(priority)

    def release(self, request: Request) -> None:
        """Give a slot back."""
        self.slots.release(request)


class PlacesUnit(mesa.Agent, SlotQueue):
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
        self._make_slots(env, places, priorities)
        self.fte = 0.0
        """Paid staff in FTE (a desk's or front office's; 0 where not counted)."""
        self.in_transit = 0
        """Cases on their way to this unit in a hand-off."""
        self.in_intake = 0
        """Cases in the unit's own intake before they queue for a place (specialised care); waiting."""

    @property
    def waiting(self) -> int:
        """Cases waiting for a place: in the queue, or still in the unit's own intake."""
        return self.slots.waiting + self.in_intake

    @property
    def caseload(self) -> int:
        """Places taken."""
        return int(self.slots.count)
