"""A race: whichever comes first of a place in a queue and a clock (patience, or a crisis).

``yield place | clock`` makes a SimPy ``AnyOf`` condition: when the first of the two is processed it
schedules the condition as an event of its own at that moment, after every other event due then,
and only that event resumes the waiting journey. ``Race`` keeps that order, for less: it resumes
the journey at once when no other event is due at that moment (the next event in SimPy's queue is
later), because the condition's event would then be the very next one processed; only when another
event is due at the same moment does it schedule itself, as the condition would. Nothing reads the
condition's value (which of the two won), so a race has none: the journey looks at the place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simpy.events import PENDING, Event

if TYPE_CHECKING:
    import simpy


class Race(Event):
    """Processed once the first of ``place`` and ``clock`` has been (neither may fail)."""

    def __init__(self, env: simpy.Environment, place: simpy.Event, clock: simpy.Event):  # noqa: D107
        self.env = env
        self.callbacks = []
        self._value = PENDING
        place.callbacks.append(self._first)  # neither is processed yet
        clock.callbacks.append(self._first)

    def _first(self, _: simpy.Event) -> None:
        """The first of the two is processed: resume the waiting journey now, or after what is due now."""
        if self._value is not PENDING:  # the other one came first
            return
        self._ok = True
        self._value = None
        env = self.env
        queue = env._queue  # SimPy's heap of (time, priority, id, event)
        if queue and queue[0][0] == env._now:
            env.schedule(self)  # after the events due now, as the condition's own event
            return
        callbacks, self.callbacks = self.callbacks, None  # type: ignore[assignment]  # processed, as in ``step``
        for callback in callbacks:
            callback(self)
