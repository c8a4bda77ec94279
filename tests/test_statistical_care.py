"""The warm-up check and the precision rule: they find what is there, and say so when they cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.precision import precise_enough, relative_half_widths
from analysis.warmup import grows, mser5, trend, warmup_check
from experiments.replications import run_replications
from sim import load_scenario
from tests.conftest import PRESET
from wijksim.cli import main


def test_mser5_cuts_where_a_transient_dies_out():
    rng = np.random.default_rng(4)
    t = np.arange(600)
    series = 100 * (1 - np.exp(-t / 25)) + rng.normal(0, 2, len(t))  # ~steady after ~120 weeks
    cut, conclusive = mser5(series)
    assert conclusive
    assert 60 <= cut <= 200


def test_mser5_keeps_everything_of_a_steady_series():
    series = np.random.default_rng(5).normal(50, 3, 500)
    cut, conclusive = mser5(series)
    assert conclusive and cut <= 25


def test_mser5_says_when_a_run_is_too_short_to_judge():
    series = np.linspace(0, 100, 400) + np.random.default_rng(6).normal(0, 1, 400)  # drifts throughout
    _, conclusive = mser5(series)
    assert not conclusive


def test_warmup_check_reads_the_replications_time_series():
    weeks = np.arange(300.0)
    rows = []
    for rep in range(3):
        level = 80 * (1 - np.exp(-weeks / 20)) + np.random.default_rng(rep).normal(0, 1, len(weeks))
        rows.append(
            pd.DataFrame(
                {
                    "replication": rep,
                    "t_weeks": weeks,
                    "unit": "north",
                    "kind": "team",
                    "waiting": 0.1 * level,
                    "caseload": level,
                }
            )
        )
    check = warmup_check(pd.concat(rows), warmup_weeks=156)
    assert check.conclusive and 40 <= check.recommended_weeks <= 130
    assert check.long_enough
    assert not warmup_check(pd.concat(rows), warmup_weeks=10).long_enough


def _frame(weeks: np.ndarray, levels: list[np.ndarray]) -> pd.DataFrame:
    return pd.concat(
        pd.DataFrame(
            {
                "replication": rep,
                "t_weeks": weeks,
                "unit": "north",
                "kind": "team",
                "waiting": level,
                "caseload": 0.0,
            }
        )
        for rep, level in enumerate(levels)
    )


def test_a_growing_waiting_list_is_not_steady_whatever_mser5_says():
    """Issue 14: A1's waiting list grew through all five measured years and the check called it steady.

    The synthetic list settles in the first year of a three-year warm-up and then grows ~60% over five
    measured years (accelerating, as the preset's did): MSER-5 alone still finds an early optimum.
    """
    weeks = np.arange(0.0, 8 * 52)
    measured = np.clip(weeks - 156, 0, None)
    levels = [
        100 * (1 - np.exp(-weeks / 15))
        + 60 * (measured / 260) ** 2
        + np.random.default_rng(rep).normal(0, 8, len(weeks))
        for rep in range(3)
    ]
    frame = _frame(weeks, levels)
    cut, conclusive = mser5(frame.groupby("t_weeks")["waiting"].mean().to_numpy())
    assert conclusive and cut < 156  # MSER-5 by itself: steady after the warm-up
    check = warmup_check(frame, warmup_weeks=156)
    assert check.growing and not check.long_enough
    assert 0.3 < check.growth_share < 0.9
    assert "NOT STEADY" in check.sentence()


def test_the_trend_test_leaves_a_steady_noisy_series_alone():
    rng = np.random.default_rng(7)
    weeks = np.arange(0.0, 8 * 52)
    levels = [100 * (1 - np.exp(-weeks / 15)) + rng.normal(0, 15, len(weeks)) for _ in range(3)]
    check = warmup_check(_frame(weeks, levels), warmup_weeks=156)
    assert not check.growing and check.long_enough
    # and over many steady series it calls hardly any growing (a false alarm rate of a few percent)
    alarms = sum(grows(np.random.default_rng(s).normal(50, 10, 260)) for s in range(200))
    assert alarms <= 10
    rise, t = trend(np.linspace(10, 20, 260))
    assert abs(rise - 10 / 15) < 0.05 and t > 100


def test_precision_rule_on_hand_made_replications():
    summary = pd.DataFrame(
        {"a": [10.0, 10.2, 9.8, 10.1, 9.9], "b": [1.0, 3.0, 0.5, 2.0, 4.0], "c": [0.0] * 5}
    )
    widths = relative_half_widths(summary, ["a", "b", "c"])
    assert widths["a"] < 0.02 < widths["b"]
    assert widths["c"] == 0.0
    assert precise_enough(summary, ["a", "c"], 2.0)
    assert not precise_enough(summary, ["a", "b"], 2.0)
    assert not precise_enough(summary.head(4), ["a"], 50.0)  # too few replications to judge


def test_replications_stop_when_the_rule_says_enough_and_keep_their_seeds():
    scenario = load_scenario(PRESET, overrides={"run.years": 0.5, "run.warmup_years": 0})
    stopped = run_replications(scenario, 20, 9, until=lambda summary: len(summary) >= 3)
    full = run_replications(scenario, 4, 9)
    assert stopped.completed == 3
    pd.testing.assert_frame_equal(stopped.summary, full.summary.head(3))


def test_run_with_a_target_reports_how_many_replications_it_took(tmp_path, capsys):
    code = main(
        [
            "run",
            str(PRESET),
            "--years",
            "0.5",
            "--quiet",
            "--out",
            str(tmp_path),
            "--target-ci",
            "50",
            "--target-metrics",
            "cost_eur",
            "--max-reps",
            "12",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "target ±50% reached after 5 replications" in out
    assert "warm-up check (MSER-5)" in out
    assert len(pd.read_csv(tmp_path / "summary.csv")) == 5


@pytest.mark.parametrize("bad", ["nonsense", "cost_eur,wait"])
def test_run_refuses_unknown_target_metrics(tmp_path, capsys, bad):
    code = main(
        [
            "run",
            str(PRESET),
            "--years",
            "0.5",
            "--quiet",
            "--out",
            str(tmp_path),
            "--target-ci",
            "5",
            "--target-metrics",
            bad,
        ]
    )
    assert code == 1
    assert "unknown metric" in capsys.readouterr().err
