"""Every case is accounted for, in every scenario the repository ships, and the records agree."""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_scenario, run
from tests.conftest import SCENARIOS

ALL_SCENARIOS = sorted(SCENARIOS.rglob("*.toml"))


@pytest.mark.parametrize("path", ALL_SCENARIOS, ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_requests_equal_closed_plus_dropped_out_plus_open(path):
    scenario = load_scenario(path, overrides={"run.years": 1.0, "run.warmup_years": 0.5})
    result = run(scenario, seed=11)
    m = result.metrics
    assert m["requests"] > 0
    assert m["requests"] + m["open_at_warmup"] == m["closed"] + m["dropped_out"] + m["open_at_end"]
    # without a warm-up nothing is carried over, and the identity is DESIGN's exactly
    no_warmup = run(load_scenario(path, overrides={"run.years": 1.0, "run.warmup_years": 0}), 11)
    n = no_warmup.metrics
    assert n["open_at_warmup"] == 0
    assert n["requests"] == n["closed"] + n["dropped_out"] + n["open_at_end"]


@pytest.mark.parametrize("path", ALL_SCENARIOS, ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_records_are_consistent(path):
    result = run(load_scenario(path, overrides={"run.years": 1.0, "run.warmup_years": 0}), 12)
    cases, visits = result.cases, result.visits
    # each case's visits follow each other in time, and a visit is served before it ends
    for column_pair in (("arrive_t", "start_t"), ("start_t", "end_t"), ("arrive_t", "end_t")):
        a, b = (visits[c].to_numpy() for c in column_pair)
        both = ~np.isnan(a) & ~np.isnan(b)
        assert np.all(a[both] <= b[both] + 1e-9)
    # an open case has exactly one visit still open; an ended case has none
    still_open = visits["end_t"].isna().groupby(visits["case"]).sum()
    outcome = cases.set_index("case")["outcome"]
    assert (still_open[outcome[outcome == "open"].index] == 1).all()
    assert (still_open[outcome[outcome != "open"].index] == 0).all()
    # the last snapshot's waiting list equals the cases the records say are waiting then
    ts = result.timeseries
    last = ts["t_weeks"].max()
    waiting_then = ((visits["arrive_t"] <= last)
                    & ~(visits["start_t"] <= last) & ~(visits["end_t"] <= last)).sum()
    assert ts.loc[ts["t_weeks"] == last, "waiting"].sum() == waiting_then


def test_households_are_created_per_case_not_per_resident(preset_path):
    from sim.agents import Household
    from sim.model import WijkModel

    scenario = load_scenario(preset_path, overrides={"run.years": 1.0, "run.warmup_years": 0})
    model = WijkModel(scenario, seed=1)
    model.run_to_end()
    alive = len(model.agents_by_type.get(Household, []))
    pending = sum(h.pending_returns > 0 for h in model.agents_by_type[Household])
    assert alive <= len(model.open_cases) + pending
    assert alive < scenario.municipality.residents / 20
