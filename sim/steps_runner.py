"""Running a journey's steps without a SimPy process per journey.

A journey is a generator that yields SimPy events (``sim.context.Steps``). SimPy's ``Process``
would wrap it in an event of its own, schedule an ``Initialize`` event to start it and schedule the
process event again when it ends, though nothing in wijksim waits for a journey to end. Here the
generator is resumed by a plain callback on the event it waits for, and ends without an event.

``start_steps`` begins the journey as SimPy does (an urgent event now, so that the code that starts it
finishes first); ``run_steps_now`` begins it at once, for the end of a callback where nothing else is left
to do at this moment (an arrival, a return), which is the same order of steps without that event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simpy.events import URGENT, Event

if TYPE_CHECKING:
    import simpy

    from sim.context import Steps


class _Go:
    """What starts a generator: a processed event with no value."""

    _ok = True
    _value = None


_GO = _Go()


class StepsRunner:
    """Resumes one journey's generator whenever the event it waits for has been processed."""

    __slots__ = ("steps",)

    def __init__(self, steps: Steps):
        self.steps = steps

    def resume(self, event: simpy.Event | _Go) -> None:
        """Send the event's value into the journey (or throw its failure) until it waits again or ends."""
        steps = self.steps
        while True:
            try:
                if event._ok:
                    event = steps.send(event._value)
                else:
                    event._defused = True  # type: ignore[union-attr]  # only a real event can fail
                    event = steps.throw(event._value)  # type: ignore[arg-type]  # the exception itself
            except StopIteration:
                return
            callbacks = event.callbacks
            if callbacks is not None:  # not processed yet: wait for it
                callbacks.append(self.resume)
                return


def start_steps(env: simpy.Environment, steps: Steps) -> None:
    """Begin ``steps`` now, after the code that calls this (one urgent event, as SimPy's start)."""
    begin = Event(env)
    begin._ok = True
    begin._value = None
    begin.callbacks.append(StepsRunner(steps).resume)
    env.schedule(begin, URGENT)


def run_steps_now(steps: Steps) -> None:
    """Begin ``steps`` at once, within the caller (see the module docstring for when that is the same)."""
    StepsRunner(steps).resume(_GO)
