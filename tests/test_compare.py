"""Paired comparison: common random numbers make the CI narrow, and the verdict reads it right."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare import BETTER, COLUMNS, INCONCLUSIVE, verdict_table
from analysis.objective import DEFAULT_OBJECTIVE
from analysis.summary import mean_ci
from experiments.compare import run_comparison
from experiments.replications import run_replications
from sim import load_scenario
from tests.conftest import PRESET
from wijksim.cli import main


def thinner(scenario):
    """The same municipality with one generalist fewer in every team."""
    teams = {}
    for name, team in scenario.teams.items():
        staff = [
            line.model_copy(update={"people": line.people - 1}) if line.discipline == "generalist" else line
            for line in team.staff
        ]
        teams[name] = team.model_copy(update={"staff": staff})
    return scenario.model_copy(update={"teams": teams})


def test_common_random_numbers_narrow_the_confidence_interval():
    a = load_scenario(PRESET, overrides={"run.years": 1.5, "run.warmup_years": 1})
    b = thinner(a)
    paired = run_comparison(a, b, replications=8, master_seed=101).paired
    independent = run_replications(b, 8, master_seed=202).summary  # B on other seeds
    t = 2.365  # t(0.975, 7 df)
    for metric in ("closed", "cost_eur"):
        diff = paired[f"{metric}_b"] - paired[f"{metric}_a"]
        _, low, high = mean_ci(diff.to_numpy())
        crn_half_width = (high - low) / 2
        se_independent = np.sqrt(paired[f"{metric}_a"].var(ddof=1) / 8 + independent[metric].var(ddof=1) / 8)
        assert crn_half_width < 0.6 * t * se_independent, metric
    # ... and the paired interval sees that fewer staff means longer waits
    wait = paired["wait_first_contact_mean_weeks_b"] - paired["wait_first_contact_mean_weeks_a"]
    assert mean_ci(wait.to_numpy())[1] > 0


def test_verdict_names_the_better_scenario_only_for_a_relevant_certain_difference():
    paired = pd.DataFrame(
        {
            "waiting_list_mean_a": [10.0, 11, 12, 13],
            "waiting_list_mean_b": [8.0, 9, 10, 11],
            "closed_a": [100.0, 101, 102, 103],
            "closed_b": [101.0, 100, 103, 102],
            "requests_a": [5.0, 5, 5, 5],
            "requests_b": [6.0, 6, 6, 6],
        }
    )
    table = verdict_table(paired, ["waiting_list_mean", "closed", "requests"], "split", "merged")
    better = dict(zip(table["metric"], table["better"], strict=True))
    assert better == {"waiting_list_mean": "merged", "closed": "", "requests": ""}
    verdict = dict(zip(table["metric"], table["verdict"], strict=True))
    assert verdict == {"waiting_list_mean": BETTER, "closed": INCONCLUSIVE, "requests": ""}
    row = table.set_index("metric").loc["waiting_list_mean"]
    assert row["difference"] == -2.0


def test_compare_command_prints_a_verdict_and_writes_compare_csv(tmp_path, capsys):
    thin = tmp_path / "thin.toml"
    thin.write_text(f'extends = "{PRESET}"\nname = "thin"\n[specialised_care]\nplaces = 120\n')
    out = tmp_path / "cmp"
    assert (
        main(["compare", str(PRESET), str(thin), "--reps", "3", "--years", "1", "--quiet", "--out", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "thin is" in printed and "escalation_rate" in printed
    table = pd.read_csv(out / "compare.csv", keep_default_na=False)
    judged = table[table["verdict"] != ""]
    # the answer in sentences counts the judged metrics: those of the objective that can differ
    assert f"after Holm's correction over the {len(judged)} judged metrics" in printed
    summary_a = pd.read_csv(out / "summary_a.csv")
    summary_b = pd.read_csv(out / "summary_b.csv")
    constant = [m for m in DEFAULT_OBJECTIVE if pd.concat([summary_a[m], summary_b[m]]).nunique() == 1]
    assert "duplicate_cases" in constant  # form A1: one team per household, never a second case
    assert set(constant).isdisjoint(judged["metric"])
    assert len(judged) == len(DEFAULT_OBJECTIVE) - len(constant)
    assert tuple(table.columns) == COLUMNS
    assert set(table["verdict"]) <= {"", "better", "worse", "no relevant difference", "inconclusive"}
    assert summary_a["seed"].tolist() == summary_b["seed"].tolist()


def test_the_objective_of_scenario_a_is_checked_before_anything_runs(tmp_path, capsys):
    own = tmp_path / "own.toml"
    own.write_text(
        f'extends = "{PRESET}"\nname = "own"\n[objective.cost_euro]\nmin_relative_difference = 0.1\n'
    )
    assert (
        main(["compare", str(own), str(PRESET), "--reps", "2", "--quiet", "--out", str(tmp_path / "c")]) == 1
    )
    err = capsys.readouterr().err
    assert "objective.cost_euro: unknown metric; did you mean 'cost_eur'?" in err and "Traceback" not in err
    assert not (tmp_path / "c").exists()
    assert main(["validate", str(own)]) == 1
