"""Sweeps: every backend gives the same runs, a killed sweep resumes to the same frame, failures are kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import experiments
import sim
from experiments.design import design_points
from experiments.spec import load_spec
from experiments.store import SweepError
from experiments.sweep import run_sweep
from sim.random_streams import replication_seeds
from tests.conftest import PRESET, ROOT

REPLICATIONS = 13
METRICS = ["requests", "closed", "wait_first_contact_mean_weeks", "waiting_list_mean", "cost_eur"]
HOURS = "workforce.client_hours_per_case_per_week"
RESIDENTS = "municipality.residents"

# A quarter year without warm-up keeps a run near 0.05 s; the two factors still move the waits.
SPEC = f"""
name = "Tiny sweep"
base = "{PRESET.as_posix()}"
replications = {REPLICATIONS}
seed = 20261122
years = 0.25
metrics = {json.dumps(METRICS)}

[design]
kind = "factorial"

[factors]
"run.warmup_years" = {{ values = [0] }}
"{HOURS}" = {{ values = [1.4, 4.0] }}
"{RESIDENTS}" = {{ values = [50000, 100000] }}
"""


def write_spec(folder: Path, text: str = SPEC) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.toml"
    path.write_text(text)
    return path


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns="wall_time_s").sort_values("run", ignore_index=True)


def subprocess_env() -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def wijksim_sweep(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wijksim", "sweep", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=subprocess_env(),
    )


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory) -> Path:
    return write_spec(tmp_path_factory.mktemp("spec"))


@pytest.fixture(scope="module")
def serial_folder(spec_path, tmp_path_factory) -> Path:
    """The reference: the whole sweep in this process."""
    out = tmp_path_factory.mktemp("serial") / "out"
    run_sweep(load_spec(spec_path), out, workers=1, quiet=True)
    return out


@pytest.fixture(scope="module")
def serial(serial_folder) -> pd.DataFrame:
    return experiments.load(serial_folder)


def test_serial_sweep_has_one_row_per_point_and_replication(serial, spec_path):
    spec = load_spec(spec_path)
    design = design_points(spec)
    assert len(serial) == len(design) * REPLICATIONS == 52
    assert serial["run"].tolist() == list(range(52))
    assert (serial["run"] == serial["point"] * REPLICATIONS + serial["replication"]).all()
    assert list(serial.columns) == [
        "run",
        "point",
        "replication",
        "seed",
        *spec.factors,
        *METRICS,
        "wall_time_s",
        "error",
    ]
    assert (serial["error"] == "").all()
    # common random numbers: replication r has the same seed at every design point
    seeds = replication_seeds(spec.seed, REPLICATIONS)
    assert (serial["seed"] == [seeds[r] for r in serial["replication"]]).all()
    # every row carries its point's factor values, and the factors did reach the model
    for point, row in design.iterrows():
        rows = serial[serial["point"] == point]
        assert (rows[HOURS] == row[HOURS]).all() and (rows[RESIDENTS] == row[RESIDENTS]).all()
    assert serial.groupby(RESIDENTS)["requests"].mean().is_monotonic_increasing
    assert serial.groupby(HOURS)["wait_first_contact_mean_weeks"].mean().is_monotonic_increasing
    # a run is the same as running the scenario by hand
    first = sim.run(
        sim.load_scenario(spec.base, overrides={"run.years": 0.25, **design.iloc[0].to_dict()}), seeds[0]
    )
    assert serial.loc[0, "closed"] == first.metrics["closed"]


def test_store_files_and_manifest(serial_folder):
    out = serial_folder
    names = sorted(p.name for p in (out / "runs").iterdir())
    assert names == [f"{i:06d}.parquet" for i in range(52)]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs_planned"] == manifest["runs_stored"] == 52
    assert manifest["status"] == "finished" and manifest["ended_at"]
    assert len(manifest["spec_hash"]) == 64 and "simpy" in manifest["versions"]
    assert manifest["sessions"][0]["backend"] == "serial"


def test_processes_and_dask_give_the_same_frame(serial, spec_path, tmp_path):
    spec = load_spec(spec_path)
    processes = run_sweep(spec, tmp_path / "processes", workers=2, quiet=True)
    pd.testing.assert_frame_equal(comparable(processes), comparable(serial))
    on_dask = run_sweep(spec, tmp_path / "dask", workers=2, dask="local", quiet=True)
    pd.testing.assert_frame_equal(comparable(on_dask), comparable(serial))


def test_killed_sweep_resumes_to_the_uninterrupted_frame(serial, spec_path, tmp_path):
    out = tmp_path / "killed"
    runs = out / "runs"
    command = [
        sys.executable,
        "-m",
        "wijksim",
        "sweep",
        str(spec_path),
        "--out",
        str(out),
        "--workers",
        "1",
        "--quiet",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not (runs.is_dir() and len(list(runs.glob("*.parquet"))) >= 26):
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the sweep stored no runs within 60 s"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stderr.close()
    stored = len(list(runs.glob("*.parquet")))
    assert 26 <= stored < 52, "killed too late to test resuming"
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"

    refused = wijksim_sweep(str(spec_path), "--out", str(out), "--workers", "1", "--quiet")
    assert refused.returncode == 1
    assert "--resume" in refused.stderr and "Traceback" not in refused.stderr

    resumed = wijksim_sweep(str(spec_path), "--out", str(out), "--workers", "1", "--quiet", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "52 of 52 runs stored" in resumed.stdout and "0 failed" in resumed.stdout
    assert "mean per design point" in resumed.stdout
    frame = experiments.load(out)
    assert frame["run"].is_unique and frame["run"].tolist() == list(range(52))
    pd.testing.assert_frame_equal(comparable(frame), comparable(serial))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "finished"
    assert [s["runs_done"] for s in manifest["sessions"]] == [0, 52 - stored]  # the killed one never ended
    assert [s["status"] for s in manifest["sessions"]] == ["killed", "finished"]
    assert not list(runs.glob(".*")), "temporary files left behind"


def test_resume_refuses_a_changed_spec(tmp_path):
    out = tmp_path / "out"
    small = SPEC.replace(f"replications = {REPLICATIONS}", "replications = 2")
    spec = load_spec(write_spec(tmp_path / "small", small))
    run_sweep(spec, out, workers=1, quiet=True)
    changed = write_spec(tmp_path / "changed", small.replace("[1.4, 4.0]", "[1.4, 4.5]"))
    with pytest.raises(SweepError, match="the spec changed since this sweep started; use a new --out folder"):
        run_sweep(load_spec(changed), out, workers=1, resume=True, quiet=True)
    with pytest.raises(SweepError, match="--resume"):
        run_sweep(spec, out, workers=1, quiet=True)
    done = wijksim_sweep(str(changed), "--out", str(out), "--resume", "--quiet")
    assert done.returncode == 1
    assert "the spec changed" in done.stderr and "Traceback" not in done.stderr
    # the same spec resumes fine and has nothing left to run
    assert len(run_sweep(spec, out, workers=1, resume=True, quiet=True)) == 8


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(serial, spec_path, tmp_path, monkeypatch):
    spec = load_spec(spec_path)
    bad_seed = replication_seeds(spec.seed, REPLICATIONS)[3]
    real_run = sim.run

    def flaky_run(scenario, seed, **kwargs):
        if seed == bad_seed and scenario.workforce.client_hours_per_case_per_week == 4.0:
            raise RuntimeError("the model fell over")
        return real_run(scenario, seed, **kwargs)

    monkeypatch.setattr(sim, "run", flaky_run)
    frame = run_sweep(spec, tmp_path / "out", workers=1, quiet=True)
    failed = frame[frame["error"] != ""]
    assert len(frame) == 52
    assert sorted(failed["run"]) == [2 * REPLICATIONS + 3, 3 * REPLICATIONS + 3]
    assert (failed["error"] == "RuntimeError: the model fell over").all()
    assert failed[METRICS].isna().all().all()
    fine = frame["error"] == ""
    pd.testing.assert_frame_equal(comparable(frame[fine]), comparable(serial[fine]))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["sessions"][-1]["failed"] == 2


def test_bad_spec_exits_1_without_traceback(tmp_path):
    bad = write_spec(tmp_path, SPEC.replace("replications = 13", "replications = 0"))
    done = wijksim_sweep(str(bad), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "replications" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_load_of_a_sweep_without_runs_has_the_columns(spec_path, tmp_path):
    spec = load_spec(spec_path).model_copy(update={"replications": 1})
    out = tmp_path / "one"
    frame = run_sweep(spec, out, workers=1, quiet=True)
    assert len(frame) == 4 and np.isfinite(frame["closed"]).all()
    for path in (out / "runs").iterdir():
        path.unlink()
    empty = experiments.load(out)
    assert empty.empty and list(empty.columns) == list(frame.columns)


def test_sweep_table_wraps_long_names_and_keeps_every_value_on_its_row():
    import re

    from analysis.summary import format_grid

    table = pd.DataFrame(
        {"workforce.fte_factor": ["0.9", "1.1"], "wait_first_contact_mean_weeks": ["1.472", "12.5"]},
        index=pd.Index([0, 1], name="point"),
    )
    lines = format_grid(table, header_width=12).splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"-"})
    header, rows = lines[:rule], lines[rule + 1 :]
    assert len(header) > 1 and all(len(line) <= 40 for line in lines)
    spans = [m.span() for m in re.finditer(r"-+", lines[rule])]
    names = ["".join(line.ljust(len(lines[rule]))[a:b].strip() for line in header) for a, b in spans]
    assert names == ["point", "workforce.fte_factor", "wait_first_contact_mean_weeks"]
    assert [row.split() for row in rows] == [["0", "0.9", "1.472"], ["1", "1.1", "12.5"]]


def test_three_shards_merge_into_the_unsharded_sweep(serial, serial_folder, spec_path, tmp_path):
    from experiments.shards import Shard

    spec = load_spec(spec_path)
    out = tmp_path / "sharded"
    shards = [Shard(i, 3) for i in (1, 2, 3)]
    parts = [run_sweep(spec, shards[0].folder(out), workers=1, quiet=True, shard=shards[0])]
    # each shard holds a deterministic third of the runs: run % 3 == i - 1
    assert parts[0]["run"].tolist() == list(range(0, 52, 3))
    refused = wijksim_sweep(str(spec_path), "--out", str(out), "--merge")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "shard 2/3: no folder" in refused.stderr and not (out / "runs").exists()
    parts.append(run_sweep(spec, shards[1].folder(out), workers=2, quiet=True, shard=shards[1]))
    # shard 3 from the command line, killed half-way in effect: one run file lost, then resumed
    third = wijksim_sweep(str(spec_path), "--out", str(out), "--shard", "3/3", "--workers", "1", "--quiet")
    assert third.returncode == 0, third.stderr
    assert "17 of 17 runs stored" in third.stdout and "--merge" in third.stdout
    (shards[2].folder(out) / "runs" / "000005.parquet").unlink()
    incomplete = wijksim_sweep(str(spec_path), "--out", str(out), "--merge")
    assert incomplete.returncode == 1
    assert (
        "shard 3/3: 1 of 17 runs not stored; run wijksim sweep SPEC --shard 3/3 --resume" in incomplete.stderr
    )
    resumed = wijksim_sweep(str(spec_path), "--out", str(out), "--shard", "3/3", "--resume", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    merged = wijksim_sweep(str(spec_path), "--out", str(out), "--merge")
    assert merged.returncode == 0, merged.stderr
    assert "52 of 52 runs stored" in merged.stdout and "mean per design point" in merged.stdout
    frame = experiments.load(out)
    pd.testing.assert_frame_equal(comparable(frame), comparable(serial))
    manifest = json.loads((out / "manifest.json").read_text())
    reference = json.loads((serial_folder / "manifest.json").read_text())
    for key in ("kind", "spec_hash", "runs_planned", "runs_stored", "design_points", "factors", "metrics"):
        assert manifest[key] == reference[key], key
    assert manifest["status"] == "finished" and manifest["merged"]["shards"] == 3
    assert sorted({tuple(s["shard"]) for s in manifest["sessions"]}) == [(1, 3), (2, 3), (3, 3)]
    again = wijksim_sweep(str(spec_path), "--out", str(out), "--merge")
    assert again.returncode == 1 and "already holds runs/" in again.stderr


def test_bad_shard_and_merge_arguments_exit_1(spec_path, tmp_path, capsys):
    from wijksim.cli import main

    out = str(tmp_path / "out")
    for shard in ("0/3", "4/3", "two"):
        with pytest.raises(SystemExit) as stopped:  # argparse: usage and the rule, status 1 (bad input)
            main(["sweep", str(spec_path), "--out", out, "--shard", shard])
        assert stopped.value.code == 1 and "a shard is I/N" in capsys.readouterr().err, shard
    assert main(["sweep", str(spec_path), "--out", out, "--merge", "--shard", "1/2"]) == 1
    assert "--merge joins finished shards" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_sweep_survives_a_dask_worker_that_dies(serial, spec_path, tmp_path):
    """A worker killed mid-sweep (a Slurm job at its walltime): its runs run again elsewhere, once."""
    import threading

    from distributed import Client, LocalCluster

    spec = load_spec(spec_path)
    out = tmp_path / "killed_worker"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            sweep = threading.Thread(
                target=run_sweep, args=(spec, out), kwargs={"dask": cluster.scheduler_address, "quiet": True}
            )
            sweep.start()
            deadline = time.monotonic() + 60
            victim, lost = None, []
            while victim is None:
                assert time.monotonic() < deadline, "no worker was busy within 60 s"
                stored = len(list((out / "runs").glob("*.parquet"))) if (out / "runs").is_dir() else 0
                if stored >= 8:
                    for address, keys in client.processing().items():
                        if keys:
                            victim, lost = address, list(keys)
                            break
                time.sleep(0.005)
            pid = client.run(os.getpid, workers=[victim])[victim]
            os.kill(pid, signal.SIGKILL)
            sweep.join(timeout=120)
            assert not sweep.is_alive()
    assert stored < 52 and lost, "the worker died after the sweep, not during it"
    frame = experiments.load(out)
    pd.testing.assert_frame_equal(comparable(frame), comparable(serial))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "finished"
    assert manifest["sessions"][-1]["runs_done"] == 52, "a run was lost or handled twice"
    assert (frame["error"] == "").all()
