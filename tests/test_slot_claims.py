"""Slots held while a worker is away: one rule for seconded claims and for strain's spells."""

from __future__ import annotations

from sim import load_scenario
from sim.model import WijkModel
from sim.slot_claims import hold_slots, worker_slots
from tests.conftest import PRESET


def test_a_claim_holds_the_workers_rounded_slots_first_and_gives_them_back():
    overrides = {
        "workforce.fractional_capacity": True,
        "strain.enabled": True,  # the team's slots take claims before residents
        "demand.rate_factor": 1e-6,  # no residents: the slots show only the claim
    }
    model = WijkModel(load_scenario(PRESET, overrides), seed=1)
    team = next(iter(model.teams.values()))
    worker = next(p for p in team.professionals if p.capacity != int(p.capacity))
    assert worker_slots(worker) == round(worker.capacity)  # 3.6 cases hold 4 slots, 3.4 hold 3
    env = model.env
    env.process(hold_slots(env, team, worker, worker_slots(worker), weeks=2.0))
    env.run(until=1.0)
    assert team.slots.count == worker_slots(worker) and worker.absent
    assert team.claims and len(team.claims[0]) == worker_slots(worker)
    env.run(until=3.0)
    assert team.slots.count == 0 and not worker.absent and not team.claims
