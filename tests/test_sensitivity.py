"""Sobol' indices of a sweep, the sweep command's sensitivity.csv, spec validation and the notebook API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import experiments
from analysis.compare import verdict_table
from analysis.sensitivity import COLUMNS, sobol_indices
from experiments.design import design_points
from experiments.spec import load_spec
from experiments.sweep import run_sweep
from sim.random_streams import replication_seeds
from tests.conftest import PRESET, ROOT

HOURS = "workforce.client_hours_per_case_per_week"
RESIDENTS = "municipality.residents"
REENTRY = "behaviour.reentry_probability"
EXAMPLES = [ROOT / "experiments" / "staffing_sweep.toml", ROOT / "experiments" / "sobol_a1.toml"]


def subprocess_env() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def wijksim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wijksim", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=subprocess_env(),
    )


def quick_base(folder: Path) -> Path:
    """The A1 preset without warm-up, so that a run of a few weeks takes a few hundredths of a second."""
    path = folder / "a1_no_warmup.toml"
    path.write_text(f'extends = "{PRESET.as_posix()}"\n\n[run]\nwarmup_years = 0\n')
    return path


def write_spec(
    folder: Path,
    base: Path,
    design: str,
    factors: str,
    metrics: list[str],
    replications: int = 1,
    years: float = 0.1,
    seed: int = 20261122,
    name: str = "spec",
) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(
        f'name = "{name}"\nbase = "{base.as_posix()}"\nreplications = {replications}\n'
        f"seed = {seed}\nyears = {years}\nmetrics = {json.dumps(metrics)}\n\n"
        f"[design]\n{design}\n\n[factors]\n{factors}\n"
    )
    return path


# --- (a) the indices of an analytic function ------------------------------------------------------

X1, X2, X3 = HOURS, RESIDENTS, REENTRY
RANGES = {X1: (1.0, 2.0), X2: (40000.0, 60000.0), X3: (0.05, 0.15)}
TRUE_SHARES = {X1: 16 / 17, X2: 1 / 17, X3: 0.0}
"""Y = 4 u1 + u2 + 0 u3 on unit-scaled factors: Var = 16/12 + 1/12, so the shares are 16/17, 1/17, 0."""


def analytic_frame(spec, replications: int) -> pd.DataFrame:
    """A sweep frame of the function, with a replication offset that averages out at every point."""
    design = design_points(spec)
    unit = {key: (design[key] - low) / (high - low) for key, (low, high) in RANGES.items()}
    y = 4 * unit[X1] + unit[X2] + 0 * unit[X3]
    seeds = replication_seeds(spec.seed, replications)
    offsets = np.linspace(-1, 1, replications)  # sums to 0: the mean over replications is y itself
    rows = []
    for point, value in enumerate(y):
        for replication in range(replications):
            rows.append(
                {
                    "run": point * replications + replication,
                    "point": point,
                    "replication": replication,
                    "seed": seeds[replication],
                    **design.iloc[point].to_dict(),
                    "cost_eur": value + offsets[replication],
                    "requests": 8000.0,
                    "closed": value,
                    "wall_time_s": 0.0,
                    "error": "",
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def analytic_spec(tmp_path_factory):
    folder = tmp_path_factory.mktemp("analytic")
    factors = "\n".join(f'"{key}" = {{ low = {low}, high = {high} }}' for key, (low, high) in RANGES.items())
    path = write_spec(
        folder,
        PRESET,
        'kind = "sobol"\nsamples = 512',
        factors,
        ["cost_eur", "requests", "closed"],
        replications=3,
        seed=42,
        name="analytic",
    )
    return load_spec(path)


def test_sobol_indices_of_an_analytic_function_bracket_the_true_shares(analytic_spec):
    frame = analytic_frame(analytic_spec, 3).sample(frac=1, random_state=3)  # row order must not matter
    table = sobol_indices(frame, analytic_spec)
    assert list(table.columns) == list(COLUMNS)
    cost = table[table["metric"] == "cost_eur"].set_index("factor")
    assert list(cost.index) == [X1, X2, X3]
    assert (cost["note"] == "").all()
    assert cost.loc[X1, "S1"] > cost.loc[X2, "S1"] > 0.02
    assert abs(cost.loc[X3, "S1"]) < 0.01
    for factor, share in TRUE_SHARES.items():
        for index in ("S1", "ST"):
            value, half = cost.loc[factor, index], cost.loc[factor, f"{index}_conf"]
            assert value - half - 1e-12 <= share <= value + half + 1e-12, (factor, index, value, half)
        assert cost.loc[factor, "ST_conf"] < 0.1
    # The replication offsets average out: the same indices as the noiseless metric.
    closed = table[table["metric"] == "closed"].set_index("factor")
    np.testing.assert_allclose(cost[["S1", "ST"]], closed[["S1", "ST"]], atol=1e-12)
    # Fixed seed: the bootstrap intervals are reproducible.
    pd.testing.assert_frame_equal(table, sobol_indices(frame, analytic_spec))


def test_sobol_indices_note_instead_of_crashing(analytic_spec):
    frame = analytic_frame(analytic_spec, 3)
    clean = sobol_indices(frame, analytic_spec)
    assert "the same value (8,000)" in clean.set_index("metric").loc["requests", "note"].iloc[0]
    assert (clean[clean["metric"] != "requests"]["note"] == "").all()
    # A failed run, stored as the sweep stores it: NaN metrics and its error. Its point has no mean
    # (a mean of the other 2 replications would break the pairing of common random numbers).
    failed = frame["run"] == 4
    frame.loc[failed, ["cost_eur", "requests", "closed"]] = np.nan
    frame.loc[failed, "error"] = "RuntimeError: boom"
    table = sobol_indices(frame, analytic_spec)
    assert len(table) == 9
    assert table[["S1", "S1_conf", "ST", "ST_conf"]].isna().all().all()
    for note in table["note"]:
        assert note == "not analysed: 1 of 2560 design points have no mean (failed or missing runs)"
    # A sweep that stopped early: the missing points are named the same way.
    partial = sobol_indices(analytic_frame(analytic_spec, 3).head(300), analytic_spec)
    assert "2460 of 2560 design points have no mean" in partial["note"].iloc[0]


def test_sobol_indices_refuse_a_frame_of_another_design(analytic_spec, tmp_path):
    frame = analytic_frame(analytic_spec, 1)
    frame[X1] = frame[X1][::-1].to_numpy()
    with pytest.raises(ValueError, match="not the spec's design points"):
        sobol_indices(frame, analytic_spec)
    factorial = load_spec(
        write_spec(tmp_path, PRESET, 'kind = "factorial"', f'"{X1}" = {{ values = [1.4] }}', ["cost_eur"])
    )
    with pytest.raises(ValueError, match="sobol design"):
        sobol_indices(frame, factorial)


# --- (b) wijksim sweep writes sensitivity.csv ----------------------------------------------------


def test_sobol_sweep_writes_sensitivity_csv(tmp_path):
    metrics = ["requests", "wait_first_contact_mean_weeks", "cost_eur"]
    factors = (
        f'"{RESIDENTS}" = {{ low = 40000, high = 60000, integer = true }}\n'
        f'"{HOURS}" = {{ low = 1.2, high = 1.6 }}'
    )
    spec_path = write_spec(
        tmp_path,
        quick_base(tmp_path),
        'kind = "sobol"\nsamples = 4',
        factors,
        metrics,
        replications=1,
        years=0.1,
        name="tiny_sobol",
    )
    out = tmp_path / "out"
    done = wijksim("sweep", str(spec_path), "--out", str(out), "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "16 of 16 runs stored" in done.stdout
    assert "Sobol' indices" in done.stdout and "S1 [95% CI]" in done.stdout
    assert f"wrote {out / 'sensitivity.csv'}" in done.stdout
    table = pd.read_csv(out / "sensitivity.csv", keep_default_na=False, na_values=[""])
    assert list(table.columns) == list(COLUMNS)
    assert list(table["metric"]) == [m for m in metrics for _ in range(2)]
    assert list(table["factor"]) == [RESIDENTS, HOURS] * 3
    requests = table[table["metric"] == "requests"]
    assert requests["note"].isna().all()  # arrivals scale with residents: analysed
    assert requests.set_index("factor").loc[RESIDENTS, "ST"] > 0


def test_factorial_sweep_writes_no_sensitivity_csv(tmp_path):
    spec_path = write_spec(
        tmp_path,
        quick_base(tmp_path),
        'kind = "factorial"',
        f'"{HOURS}" = {{ values = [1.4] }}',
        ["requests"],
        years=0.05,
        name="one",
    )
    out = tmp_path / "out"
    done = wijksim("sweep", str(spec_path), "--out", str(out), "--workers", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    assert not (out / "sensitivity.csv").exists()
    assert "Sobol'" not in done.stdout


# --- (c) wijksim validate checks experiment specs -------------------------------------------------


def test_validate_accepts_the_example_specs():
    done = wijksim("validate", *(str(p) for p in EXAMPLES), str(PRESET))
    assert done.returncode == 0, done.stderr
    for path in (*EXAMPLES, PRESET):
        assert f"{path}: ok" in done.stdout


def test_validate_refuses_a_spec_with_a_typo(tmp_path):
    spec_path = write_spec(
        tmp_path, PRESET, 'kind = "factorial"', f'"{HOURS}" = {{ values = [1.4] }}', ["cost_eur"], name="typo"
    )
    spec_path.write_text(spec_path.read_text().replace("replications =", "replicatoins ="))
    bad_factor = write_spec(
        tmp_path,
        PRESET,
        'kind = "factorial"',
        '"workforce.client_hours_per_cse_per_week" = { values = [1.4] }',
        ["cost_eur"],
        name="bad_factor",
    )
    done = wijksim("validate", str(spec_path), str(bad_factor), str(EXAMPLES[0]))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{EXAMPLES[0]}: ok" in done.stdout
    assert f"{spec_path}: ok" not in done.stdout
    assert f"{spec_path}: replicatoins" in done.stderr
    assert f"{spec_path}: replications" in done.stderr  # the missing key is named too
    assert f'{bad_factor}: factors."workforce.client_hours_per_cse_per_week"' in done.stderr


def test_validate_still_reads_a_file_without_design_as_a_scenario(tmp_path):
    bad = tmp_path / "scenario.toml"
    bad.write_text(f'extends = "{PRESET.as_posix()}"\n\n[municipality]\nresdents = 50000\n')
    done = wijksim("validate", str(bad))
    assert done.returncode == 1
    assert "municipality.resdents: unknown key" in done.stderr


# --- (d) the notebook API -------------------------------------------------------------------------


def test_run_returns_the_frame_of_run_sweep(tmp_path):
    factors = f'"{HOURS}" = {{ values = [1.2, 1.6] }}\n"{RESIDENTS}" = {{ values = [45000, 55000] }}'
    spec_path = write_spec(
        tmp_path,
        quick_base(tmp_path),
        'kind = "factorial"',
        factors,
        ["requests", "waiting_list_mean", "cost_eur"],
        replications=2,
        years=0.1,
    )
    expected = run_sweep(load_spec(spec_path), tmp_path / "reference", workers=1, quiet=True)
    from_path = experiments.run(spec_path, out=tmp_path / "api_path", workers=1)
    from_spec = experiments.run(load_spec(spec_path), out=tmp_path / "api_spec", workers=1)
    for frame in (from_path, from_spec):
        pd.testing.assert_frame_equal(frame.drop(columns="wall_time_s"), expected.drop(columns="wall_time_s"))
    assert len(expected) == 8


def test_run_without_out_makes_a_folder_under_results(tmp_path, monkeypatch):
    spec_path = write_spec(
        tmp_path,
        quick_base(tmp_path),
        'kind = "factorial"',
        f'"{HOURS}" = {{ values = [1.4] }}',
        ["requests"],
        years=0.05,
        name="My sweep",
    )
    monkeypatch.chdir(tmp_path)
    frame = experiments.run(spec_path, workers=1)
    folders = list((tmp_path / "results").iterdir())
    assert len(folders) == 1 and folders[0].name.startswith("my_sweep_")
    pd.testing.assert_frame_equal(frame, experiments.load(folders[0]))


def test_compare_returns_the_paired_table(tmp_path):
    quick = quick_base(tmp_path)
    paired = experiments.compare(quick, str(quick), reps=2, seed=7, years=0.1)
    assert list(paired["replication"]) == [0, 1]
    assert list(paired["seed"]) == replication_seeds(7, 2)
    assert {
        "wait_first_contact_mean_weeks_a",
        "wait_first_contact_mean_weeks_b",
        "cost_eur_a",
        "cost_eur_b",
    } <= set(paired.columns)
    # The same scenario on the same seeds: identical, and the verdict says so.
    np.testing.assert_array_equal(paired["requests_a"], paired["requests_b"])
    verdict = verdict_table(paired, ["cost_eur"])
    assert verdict.loc[0, "difference"] == 0
    assert verdict.loc[0, "verdict"] == "no relevant difference" and verdict.loc[0, "better"] == ""


def test_compare_accepts_preset_names_and_reports_both_bad_names():
    from sim import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        experiments.compare("no_such_preset_a", "no_such_preset_b", reps=1)
    text = "\n".join(caught.value.problems)
    assert "no_such_preset_a.toml" in text and "no_such_preset_b.toml" in text


def test_compare_runs_a_preset_by_name():
    paired = experiments.compare("integral_a1", "integral_a1", reps=1, years=0.05)
    assert len(paired) == 1
    assert paired.loc[0, "requests_a"] == paired.loc[0, "requests_b"] > 0
