"""A unit's places: taken and given back without a SimPy event where nobody waits.

SimPy's ``Resource`` schedules an event for every request (even one granted at once) and for every
release. ``Slots`` does what wijksim needs with less: a request for a free place is granted at
once, as an event that has already been processed (yielding it resumes at once, in SimPy's own
processes too); a release gives the place straight to the first case waiting, whose request is then
scheduled as SimPy's would be. Only a case that waits costs an event.

The queue is first come, first served, or with ``priorities`` ordered by priority first (lower goes
first) and then by arrival, as SimPy's ``PriorityResource``. ``queue`` and ``count`` read as those of
a SimPy resource (the dashboard reads them); ``waiting`` is the length of the queue.

Leaving the queue (a resident who gives up) costs the same however long the queue is: a first come,
first served queue is a deque whose cancelled requests are skipped when they come to its front, and
a queue with priorities finds the request by binary search on its order. A ``list.remove`` instead
cost a scan of the whole queue, whose length grows with the town: at 500,000 residents it was the
largest single cost per case (``bench/bench_core.py --scaling``, README "Performance").
"""

from __future__ import annotations

from bisect import bisect_left, insort_right
from collections import deque
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
        self.queued = False
        """The request is in the queue now (not yet granted, not cancelled, the queue not let go)."""

    def cancel(self) -> None:
        """Leave the queue (nothing happens if the place was granted, or the queue let go at the end of a run)."""
        if self.queued:
            self.resource.leave_queue(self)  # type: ignore[attr-defined]  # Slots acts as the SimPy resource

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
        self._fifo: deque[Place] = deque()
        """Without priorities: the requests waiting, the next first, and cancelled ones not yet at the front."""
        self._ordered: list[Place] = []
        """With priorities: the requests waiting, the next first."""
        self.waiting = 0
        """Requests waiting for a place now (the length of ``queue``)."""

    @property
    def queue(self) -> list[Place]:
        """Requests waiting for a place, the next to be served first (a new list)."""
        return self._ordered[:] if self.priorities else [place for place in self._fifo if place.queued]

    def clear_queue(self) -> None:
        """Let every waiting request go (the run is over): none will be granted, cancelling does nothing."""
        for place in (*self._fifo, *self._ordered):
            place.queued = False
        self._fifo.clear()
        self._ordered.clear()
        self.waiting = 0

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
        self.serve_queue()

    def request(self, priority: int = 0) -> Place:
        """Ask for a place: granted at once (already processed) if one is free and nobody waits."""
        place = Place(self, priority)
        if self.count < self._capacity and not self.waiting:
            self.count += 1
            place.held = True
            place._ok = True
            place._value = None
            place.callbacks = None  # type: ignore[assignment]  # processed: a process that yields it goes on at once
            return place
        if self.priorities:
            insort_right(self._ordered, place, key=_key)
        else:
            self._fifo.append(place)
        place.queued = True
        self.waiting += 1
        return place

    def leave_queue(self, place: Place) -> None:
        """Take a waiting ``place`` out of the queue (it is never granted)."""
        place.queued = False
        self.waiting -= 1
        if self.priorities:  # found by its order (the first of its key), not by a scan of the queue
            ordered = self._ordered
            i = bisect_left(ordered, place.key, key=_key)
            while ordered[i] is not place:
                i += 1
            del ordered[i]
        elif self._fifo[0] is place:
            self._fifo.popleft()
        # else: it is skipped when it comes to the front of the deque (serve_queue)

    def release(self, place: Request) -> None:
        """Give ``place`` back (nothing happens for a place never granted, or given back already)."""
        if not getattr(place, "held", False):
            return
        place.held = False  # type: ignore[attr-defined]
        self.count -= 1
        if self.waiting:
            self.serve_queue()

    def serve_queue(self) -> None:
        """Grant waiting requests, in queue order, while there are free places."""
        while self.waiting and self.count < self._capacity:
            place = self._ordered.pop(0) if self.priorities else self._fifo.popleft()
            if not place.queued:  # cancelled while in the deque
                continue
            place.queued = False
            self.waiting -= 1
            self.count += 1
            place.held = True
            place.succeed()
