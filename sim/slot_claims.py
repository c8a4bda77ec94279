"""Slots a team holds away from its residents while a worker is away (claimed back, ill, a vacancy).

A claim asks for the slots before the residents in the queue (``ABSENCE_PRIORITY``), so the team
loses them as they free up; cases the worker already holds run on. After ``weeks`` the slots go back
(a request still queued is cancelled). The seconded workers' claims (``sim.seconded_claims``) and the
spells of professionals under strain (``sim.strain``) hold slots this one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.agents import ABSENCE_PRIORITY
from sim.units import Weeks

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.agents import Professional, TeamAgent


def worker_slots(worker: Professional) -> int:
    """The slots a worker's absence takes from the team: their caseload capacity, rounded to a whole number.

    With ``workforce.fractional_capacity`` a worker's capacity may be fractional (3.6 cases); the team
    holds the whole part of the sum, so rounding each worker to the nearest whole number takes, on
    average, as many slots as the workers add.
    """
    return round(worker.capacity)


def hold_slots(
    env: simpy.Environment,
    team: TeamAgent,
    worker: Professional,
    slots: int,
    weeks: Weeks,
    present: bool = False,
) -> Generator[simpy.Event, object, None]:
    """Hold ``slots`` of ``team`` from now for ``weeks``; the worker takes no new cases unless ``present``."""
    worker.absent = not present
    claim = [team.request(priority=ABSENCE_PRIORITY) for _ in range(slots)]
    team.claims.append(claim)
    yield env.timeout(weeks)
    for request in claim:
        if request.triggered:
            team.release(request)
        else:
            request.cancel()
    team.claims.remove(claim)
    worker.absent = False
