"""A run makes no reference cycles while it simulates: ``sim.run`` switches the garbage collector off.

If a case, a household or a need ended up in a cycle, every case would hold its memory until the
run is over (a memory leak per case while the collector is off). What a run leaves in cycles is a
few objects of its own (its processes), however many cases it had.
"""

from __future__ import annotations

import collections
import gc
from pathlib import Path

import mesa
import pytest

import sim
from sim.model import WijkModel

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("preset", ["integral_a1.toml", "validation/mmc_rho080.toml"])
def test_a_run_leaves_a_few_objects_in_cycles_whatever_its_cases(preset):
    scenario = sim.load_scenario(ROOT / "scenarios" / preset, overrides={"run.years": 1.0})
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        model = WijkModel(scenario, 0)
        model.run_to_end()
        gc.collect()
        kinds = collections.Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    mesa.Agent._ids.pop(model, None)
    assert model.cases_started > 500
    assert not {"Household", "Need", "Case", "Visit"} & set(kinds), kinds
    assert sum(kinds.values()) < 200, kinds
