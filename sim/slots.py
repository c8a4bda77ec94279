"""A unit's places: taken and given back without a SimPy event where nobody waits.

SimPy's ``Resource`` schedules an event for every request (even one granted at once) and for every
release. ``Slots`` does what wijksim needs with less: a request for a free place is granted at
once, as an event that has already been processed (yielding it resumes at once, in SimPy's own
processes too); a release gives the place straight to the first case waiting, whose request is then
scheduled as SimPy's would be. Only a case that waits costs an event.

The queue is first come, first served, or with ``priorities`` ordered by priority first (lower goes
first) and then by arrival, as SimPy's ``PriorityResource``. ``queue`` and ``count`` read as those of
a SimPy resource (the dashboard reads them).
"""

from __future__ import annotations

from bisect import insort_right
from types import TracebackType
from typing import TYPE_CHECKING

from simpy.events import PENDING
from simpy.resources.resource import Request

if TYPE_CHECKING:
    import simpy


class Place(Request):
    """One case's claim on a place: granted at once when one is free, else queued until one is given back."""

    def __init__(self, slots: Slots, priority: int):  # noqa: D107  (Event.__init__ inlined: hot path)
        self.env = slots.env
        self.callbacks = []
        self._value = PENDING
        self.resource = slots  # type: ignore[assignment]  # Slots acts as the SimPy resource here
        self.priority = priority
        """Lower goes first in a queue with priorities."""
        self.key = (priority, slots.env.now)
        """Order in a queue with priorities: the priority, then the time of the request (weeks)."""
        self.held = False
        """The case holds the place now (granted and not given back)."""

    def cancel(self) -> None:
        """Leave the queue (nothing happens if the place was already granted)."""
        if self._value is PENDING:
            self.resource.queue.remove(self)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        """``with unit.request() as place:`` leaves the queue, or gives the place back, at the end."""
        self.cancel()
        if exc_type is not GeneratorExit:
            self.resource.release(self)
        return None


def _key(place: Place) -> tuple[int, float]:
    return place.key


class Slots:
    """``capacity`` places with one queue in front (see the module docstring)."""

    def __init__(self, env: simpy.Environment, capacity: int, priorities: bool = False):
        if capacity < 1:
            raise ValueError(f"a unit needs at least one place, not {capacity}")
        self.env = env
        self._capacity = capacity
        self.priorities = priorities
        """The queue is ordered by priority first (else first come, first served)."""
        self.count = 0
        """Places held now."""
        self.queue: list[Place] = []
        """Requests waiting for a place, the next to be served first."""

    @property
    def capacity(self) -> int:
        """Places at once."""
        return self._capacity

    @capacity.setter
    def capacity(self, places: int) -> None:
        """More places take in waiting cases at once, in queue order; fewer send no case away."""
        if places < 1:
            raise ValueError(f"a unit needs at least one place, not {places}")
        self._capacity = places
        self._serve_queue()

    def request(self, priority: int = 0) -> Place:
        """Ask for a place: granted at once (already processed) if one is free and nobody waits."""
        place = Place(self, priority)
        if self.count < self._capacity and not self.queue:
            self.count += 1
            place.held = True
            place._ok = True
            place._value = None
            place.callbacks = None  # type: ignore[assignment]  # processed: a process that yields it goes on at once
        elif self.priorities:
            insort_right(self.queue, place, key=_key)
        else:
            self.queue.append(place)
        return place

    def release(self, place: Request) -> None:
        """Give ``place`` back (nothing happens for a place never granted, or given back already)."""
        if not getattr(place, "held", False):
            return
        place.held = False  # type: ignore[attr-defined]
        self.count -= 1
        if self.queue:
            self._serve_queue()

    def _serve_queue(self) -> None:
        """Grant waiting requests, in queue order, while there are free places."""
        queue = self.queue
        while queue and self.count < self._capacity:
            place = queue.pop(0)
            self.count += 1
            place.held = True
            place.succeed()
