"""A SimPy priority resource whose queue takes a new request by binary search instead of a full sort.

SimPy's ``PriorityResource`` re-sorts its whole queue on every request (``SortedQueue.append``): with a
few hundred residents waiting for specialised care that is most of the cost of a request. Inserting
to the right of equal keys gives the very same order as SimPy's stable sort of the appended list, so
every run is identical, only cheaper.
"""

from __future__ import annotations

import bisect
from typing import Any

import simpy
from simpy.resources.resource import SortedQueue


def _key(request: Any) -> Any:
    """SimPy's ordering key of a request: (priority, time requested, not preempting)."""
    return request.key


class InsertionQueue(SortedQueue):
    """A ``SortedQueue`` kept in order by inserting each request after those with equal or lower keys."""

    def append(self, item: Any) -> None:
        """Insert ``item`` in key order (after equal keys); a full queue raises as SimPy's does."""
        if self.maxlen is not None and len(self) >= self.maxlen:
            raise RuntimeError("Cannot append event. Queue is full.")
        bisect.insort_right(self, item, key=_key)


class PriorityResource(simpy.PriorityResource):
    """``simpy.PriorityResource`` with an :class:`InsertionQueue`."""

    PutQueue = InsertionQueue
