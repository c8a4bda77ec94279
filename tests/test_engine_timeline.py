"""Exact behaviour of the engine on small scenarios with fixed durations."""

from __future__ import annotations

import numpy as np
import pytest

from sim import run
from sim.scenario.loader import scenario_from_dict
from tests.conftest import tiny_dict


def team_visits(result):
    v = result.visits
    return v[v["kind"] == "team"].sort_values("arrive_t")


def test_one_professional_serves_first_come_first_served():
    # 1 slot, 5 weeks per case (1 assessment + 4 support), 0.16 requests a week: utilisation 0.8.
    raw = tiny_dict(
        demand__requests_per_1000_residents_per_year={"all": {"wmo": 1.6}},
        run={"years": 5, "warmup_years": 0},
    )
    result = run(scenario_from_dict(raw), seed=3)
    v = team_visits(result)
    served = v[~np.isnan(v["start_t"].to_numpy())]
    assert len(served) > 20
    # Lindley: each case starts when it arrives or when the one before it leaves.
    previous_end = 0.0
    for arrive, start, end in served[["arrive_t", "start_t", "end_t"]].itertuples(index=False):
        assert start == pytest.approx(max(arrive, previous_end))
        if not np.isnan(end):
            assert end == pytest.approx(start + 5.0)
        previous_end = end
    cases = result.cases.set_index("case")
    done = cases[cases["outcome"] == "closed"]
    assert (done["assessed_t"] - done["first_contact_t"]).to_numpy() == pytest.approx(1.0)


def test_waiting_case_becomes_a_crisis_when_severity_crosses_the_threshold():
    raw = tiny_dict(
        demand__severity={
            "growth_per_week_waiting": 0.1,
            "initial": {c: {"dist": "fixed", "value": 0.5} for c in ("single", "multiple", "multi_problem")},
        },
        demand__requests_per_1000_residents_per_year={"all": {"wmo": 40}},
    )
    result = run(scenario_from_dict(raw), seed=5)
    v = result.visits
    crises = v[v["outcome"] == "crisis"]
    assert len(crises) > 5
    # (1.0 - 0.5) / 0.1 = 5 weeks of waiting, then straight to specialised care
    assert (crises["end_t"] - crises["arrive_t"]).to_numpy() == pytest.approx(5.0)
    spec = v[v["kind"] == "specialised"].set_index("case")
    assert spec.loc[crises["case"], "arrive_t"].to_numpy() == pytest.approx(crises["end_t"].to_numpy())
    escalated = result.cases.set_index("case").loc[crises["case"], "escalation"]
    assert set(escalated) == {"worsening"}


def test_resident_gives_up_after_exactly_their_patience():
    raw = tiny_dict(
        behaviour={"reentry_probability": 0.0, "patience_weeks": {"dist": "fixed", "value": 3}},
        demand__requests_per_1000_residents_per_year={"all": {"wmo": 40}},
    )
    result = run(scenario_from_dict(raw), seed=5)
    v = result.visits
    gave_up = v[v["outcome"] == "gave_up"]
    assert len(gave_up) > 5
    assert (gave_up["end_t"] - gave_up["arrive_t"]).to_numpy() == pytest.approx(3.0)
    assert set(result.cases.set_index("case").loc[gave_up["case"], "drop_reason"]) == {"gave_up_waiting"}


@pytest.mark.parametrize("keeps", [True, False])
def test_referred_case_stays_on_the_team_books_until_a_place_is_free(keeps):
    raw = tiny_dict(
        pathway__referral_probability={"single": 1, "multiple": 1, "multi_problem": 1},
        specialised_care={
            "places": 1,
            "duration_weeks": {"dist": "fixed", "value": 6},
            "team_keeps_case_while_waiting": keeps,
        },
        teams={"only": {"staff": [{"discipline": "generalist", "fte": 1, "people": 3}]}},
    )
    result = run(scenario_from_dict(raw), seed=2)
    v = result.visits
    team = v[v["kind"] == "team"].set_index("case")
    spec = v[v["kind"] == "specialised"].set_index("case")
    both = spec.index.intersection(team.index)
    started = spec.loc[both, "start_t"].notna().to_numpy()
    assert started.sum() > 3 and (~started).sum() > 0  # some had to wait for the one place
    team_end = team.loc[both, "end_t"].to_numpy()[started]
    if keeps:
        assert team_end == pytest.approx(spec.loc[both, "start_t"].to_numpy()[started])
    else:
        assert team_end == pytest.approx(spec.loc[both, "arrive_t"].to_numpy()[started])
