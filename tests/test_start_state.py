"""Starting from today's situation: an open-cases CSV loads a caseload and a waiting list."""

from __future__ import annotations

import pytest

from sim import ScenarioError, load_scenario, run
from sim.scenario.capacity import team_caseload_capacity
from tests.conftest import PRESET


def scenario_with_csv(tmp_path, rows: list[str]):
    tmp_path.mkdir(parents=True, exist_ok=True)
    csv = tmp_path / "open_cases.csv"
    csv.write_text("team,state,weeks_in_state,complexity\n" + "\n".join(rows) + "\n")
    child = tmp_path / "today.toml"
    child.write_text(
        f'extends = "{PRESET}"\n[start_state]\nopen_cases_csv = "open_cases.csv"\n'
        "[run]\nyears = 1\nwarmup_years = 0\n"
    )
    return load_scenario(child)


def test_open_cases_fill_the_caseload_and_the_waiting_list(tmp_path):
    probe = load_scenario(PRESET)
    full = team_caseload_capacity(probe, "north")
    rows = ["north,in_support,10,single"] * full + ["north,waiting,4,multiple"] * 30
    scenario = scenario_with_csv(tmp_path, rows)
    result = run(scenario, seed=1)
    ts = result.timeseries
    at_start = ts[(ts["t_weeks"] == 0) & (ts["unit"] == "north")].iloc[0]
    assert at_start["caseload"] == full
    assert at_start["waiting"] == 30
    loaded = result.cases[result.cases["request_t"] < 0]
    assert len(loaded) == full + 30
    waiting = loaded[loaded["complexity"] == "multiple"]
    assert (waiting["request_t"] == -4).all()
    # their wait for a first contact includes the 4 weeks before the run started
    contacted = waiting.dropna(subset=["first_contact_t"])
    assert ((contacted["first_contact_t"] - contacted["request_t"]) >= 4).all()
    m = result.metrics
    assert m["open_at_warmup"] == full + 30
    assert m["requests"] + m["open_at_warmup"] == m["closed"] + m["dropped_out"] + m["open_at_end"]


def test_the_waiting_list_from_the_csv_raises_early_waits(tmp_path):
    probe = load_scenario(PRESET)
    full = team_caseload_capacity(probe, "north")
    loaded = scenario_with_csv(
        tmp_path, ["north,in_support,10,single"] * full + ["north,waiting,2,single"] * 60
    )
    empty = load_scenario(PRESET, overrides={"run.years": 1, "run.warmup_years": 0})
    with_list = [run(loaded, s).metrics["wait_first_contact_mean_weeks"] for s in range(3)]
    without = [run(empty, s).metrics["wait_first_contact_mean_weeks"] for s in range(3)]
    assert min(with_list) > max(without)


@pytest.mark.parametrize(
    "row, message",
    [
        ("east,waiting,3,single", "team = 'east': not a team of the scenario"),
        ("north,sleeping,3,single", "state = 'sleeping': must be one of waiting, in_support"),
        ("north,waiting,-2,single", "weeks_in_state = -2: must be a number >= 0"),
        ("north,waiting,3,simple", "complexity = 'simple': must be one of single, multiple, multi_problem"),
    ],
)
def test_bad_rows_are_named_by_line_and_column(tmp_path, row, message):
    with pytest.raises(ScenarioError, match="line 3: " + message.replace("(", r"\(")):
        scenario_with_csv(tmp_path, ["north,waiting,1,single", row])


def test_the_order_of_the_rows_changes_nothing(tmp_path):
    import random

    import pandas as pd

    full = team_caseload_capacity(load_scenario(PRESET), "north")
    rows = (
        [f"north,waiting,{w},multiple" for w in (1, 2, 3, 4, 5, 6) * 5]
        + [f"north,in_support,{w},single" for w in range(full)]
        + ["south,waiting,2,single", "south,in_support,3,multi_problem"]
    )
    waiting_first = run(scenario_with_csv(tmp_path / "a", rows), seed=4)
    random.Random(1).shuffle(rows)
    shuffled = run(scenario_with_csv(tmp_path / "b", rows), seed=4)
    pd.testing.assert_frame_equal(waiting_first.cases, shuffled.cases)
    assert waiting_first.metrics == shuffled.metrics
    ts = waiting_first.timeseries
    at_start = ts[(ts["t_weeks"] == 0) & (ts["unit"] == "north")].iloc[0]
    assert at_start["caseload"] == full and at_start["waiting"] == 30  # no case in support queues
