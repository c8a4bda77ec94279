"""Seconded workers claimed back: their mother organisation takes them away for a while.

When each seconded worker is claimed is drawn up front, from a stream of its own; while claimed, the
worker takes no new cases and the team loses their slots as they free up (a claim queues before the
residents). Each claim leaves an ``AbsenceRow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.records import AbsenceRow
from sim.slot_claims import hold_slots, worker_slots
from sim.units import WEEKS_PER_YEAR, Weeks

if TYPE_CHECKING:
    from collections.abc import Generator, Mapping

    import numpy as np
    import simpy

    from sim.agents import Professional, TeamAgent
    from sim.scenario.schema import Scenario

Claim = tuple["TeamAgent", "Professional", Weeks, Weeks]
"""A claim: the team, the worker, when it starts and how many weeks it lasts."""


def claim_schedule(
    scenario: Scenario, teams: Mapping[str, TeamAgent], rng: np.random.Generator, end_t: Weeks
) -> list[Claim]:
    """Every claim on a seconded worker before ``end_t`` (weeks), in the order they are drawn."""
    staffing = scenario.staffing
    rate = staffing.seconded_claims_per_year / WEEKS_PER_YEAR
    if rate <= 0:
        return []
    claims: list[Claim] = []
    for team in teams.values():
        for worker in team.professionals:
            if worker.contract != "seconded":
                continue
            t = rng.exponential(1 / rate)
            while t < end_t:
                weeks = float(staffing.seconded_claim_weeks.sample(rng, 1)[0])
                claims.append((team, worker, float(t), weeks))
                t += weeks + rng.exponential(1 / rate)
    return claims


def claimed_back(  # the claim's four fields, the clock, and where its row goes
    env: simpy.Environment,
    team: TeamAgent,
    worker: Professional,
    start: Weeks,
    weeks: Weeks,
    rows: list[AbsenceRow],
) -> Generator[simpy.Event, object, None]:
    """The worker takes no new cases from ``start`` for ``weeks``: the team loses their slots as they free up."""
    yield env.timeout(start - env.now)
    yield from hold_slots(env, team, worker, worker_slots(worker), weeks)
    rows.append(AbsenceRow(team=team.name, start_t=start, end_t=env.now, fte=worker.fte))
