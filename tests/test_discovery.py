"""Scenario discovery finds the box that is there, from sweep frames shaped as the store writes them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.discovery import discover, factor_columns, paired_outcome, point_means


def sweep_frame(metric_of, points: int = 300, reps: int = 2, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "workforce.fte": rng.uniform(5, 15, points),
            "demand.rate": rng.uniform(10, 40, points),
            "triage.accuracy": rng.uniform(0.5, 1.0, points),
        }
    )
    rows = []
    for p in range(points):
        for r in range(reps):
            rows.append(
                {
                    "run": p * reps + r,
                    "point": p,
                    "replication": r,
                    "seed": 100 + r,
                    **x.iloc[p].to_dict(),
                    "wait": metric_of(x.iloc[p], r),
                    "wall_time_s": 0.1,
                    "error": "",
                }
            )
    return pd.DataFrame(rows)


def test_prim_finds_where_a_metric_stays_low():
    frame = sweep_frame(lambda x, r: 1.0 if x["workforce.fte"] > 10 and x["demand.rate"] < 25 else 5.0)
    factors = factor_columns(frame, ["wait"])
    means = point_means(frame, "wait", factors)
    box = discover(means[factors], means["wait"].to_numpy() < 2.0, threshold=0.9)
    assert box.density >= 0.9 and box.coverage >= 0.8
    assert set(box.limits.index) == {"workforce.fte", "demand.rate"}
    assert box.limits.loc["workforce.fte", "min"] == pytest.approx(10, abs=1.0)
    assert box.limits.loc["demand.rate", "max"] == pytest.approx(25, abs=2.0)


def test_paired_outcome_says_where_b_beats_a():
    a = sweep_frame(lambda x, r: 3.0 + r)
    b = sweep_frame(lambda x, r: (2.0 if x["triage.accuracy"] > 0.8 else 4.0) + r)
    factors = factor_columns(a, ["wait"])
    table = paired_outcome(a, b, "wait", factors)
    assert table["b_better"].sum() == (table["triage.accuracy"] > 0.8).sum()
    box = discover(table[factors], table["b_better"].to_numpy())
    assert list(box.limits.index) == ["triage.accuracy"]
    assert box.limits.loc["triage.accuracy", "min"] == pytest.approx(0.8, abs=0.03)


def test_paired_outcome_refuses_sweeps_of_different_designs():
    a = sweep_frame(lambda x, r: 1.0, seed=1)
    b = sweep_frame(lambda x, r: 1.0, seed=2)
    with pytest.raises(ValueError, match="same design"):
        paired_outcome(a, b, "wait", factor_columns(a, ["wait"]))


def test_discover_command_on_two_paired_sweeps_of_gouda(tmp_path, capsys):
    from experiments.spec import load_spec
    from experiments.sweep import run_sweep
    from tests.conftest import SCENARIOS
    from wijksim.cli import main

    folders = []
    for name in ("gouda_split", "gouda_merged"):
        spec = tmp_path / f"{name}.toml"
        spec.write_text(
            f'name = "{name}"\nbase = "{(SCENARIOS / name).as_posix()}.toml"\nreplications = 2\n'
            'seed = 11\nyears = 0.5\nmetrics = ["wait_first_contact_mean_weeks", "duplicate_cases"]\n'
            '[design]\nkind = "factorial"\n[factors]\n'
            '"run.warmup_years" = { values = [0.25] }\n'
            '"workforce.client_hours_per_case_per_week" = { values = [1.2, 1.5, 1.8] }\n'
            '"municipality.residents" = { values = [60000, 80000] }\n'
        )
        run_sweep(load_spec(spec), tmp_path / name, workers=1, quiet=True)
        folders.append(str(tmp_path / name))
    assert main(["discover", *folders, "--metric", "duplicate_cases"]) == 0
    out = capsys.readouterr().out
    # merging removes every duplicate, at every design point
    assert "points where gouda_merged beats gouda_split" in out
    assert "6 of 6 design points are of interest" in out
    assert "no factor needs restricting" in out
    assert main(["discover", folders[0], "--metric", "nonsense", "--below", "1"]) == 1
    assert main(["discover", folders[0], "--metric", "duplicate_cases"]) == 1
