"""Run and compare folders: checked before any simulation, never mixed, and kept replication by replication."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import experiments.run_folder as run_folder
from analysis.report import ReportError
from analysis.report.folder import read_folder
from tests.conftest import ROOT, SCENARIOS
from wijksim.cli import main

BIG = SCENARIOS / "integral_a1_150k.toml"
"""A preset whose 200 years would take hours: a refusal that comes in seconds came before simulating."""


def quick(tmp_path: Path) -> Path:
    path = tmp_path / "quick.toml"
    path.write_text(
        f'extends = "{(SCENARIOS / "integral_a1.toml").as_posix()}"\n[run]\nwarmup_years = 0\nyears = 0.05\n'
    )
    return path


def run_cli(*args: str) -> int:
    return main(["run", *args, "--quiet"])


@pytest.mark.parametrize(
    ("make_out", "needle"),
    [
        (lambda d: (d / "file.txt").write_text("x") and d / "file.txt", "is a file, not a folder"),
        (lambda d: (d / "file.txt").write_text("x") and d / "file.txt" / "sub", "cannot create the folder"),
        (lambda d: Path("/proc/wijksim-out"), "cannot create the folder"),
        (lambda d: (d / "notes.txt").write_text("mine") and d, "holds other files (notes.txt"),
    ],
    ids=["existing-file", "below-a-file", "read-only-filesystem", "foreign-folder"],
)
@pytest.mark.parametrize("command", ["run", "compare"])
def test_bad_out_is_refused_before_any_simulation(tmp_path, capsys, make_out, needle, command):
    out = make_out(tmp_path)
    scenarios = [str(BIG)] if command == "run" else [str(BIG), str(BIG)]
    started = time.process_time()
    status = main([command, *scenarios, "--years", "200", "--out", str(out), "--quiet"])
    assert status == 1
    assert time.process_time() - started < 10
    err = capsys.readouterr().err
    assert needle in err and str(out) in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_refused(tmp_path, capsys):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    assert run_cli(str(BIG), "--years", "200", "--out", str(out)) == 1
    assert "cannot write in the folder" in capsys.readouterr().err


def test_a_rerun_leaves_only_its_own_files(tmp_path):
    scenario, out = quick(tmp_path), tmp_path / "out"
    assert run_cli(str(scenario), "--reps", "3", "--seed", "99", "--events", "--out", str(out)) == 0
    (out / "report.html").write_text("<html>the report of the first run</html>")
    assert run_cli(str(scenario), "--reps", "2", "--seed", "5", "--out", str(out)) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            "summary.csv",
            "public_figures.csv",
            "timeseries.parquet",
            "cases.parquet",
            "visits.parquet",
            "handoffs.parquet",
            "manifest.json",
        ]
    )
    manifest = json.loads((out / "manifest.json").read_text())
    summary = pd.read_csv(out / "summary.csv")
    assert manifest["complete"] is True and manifest["master_seed"] == 5
    assert manifest["seeds"] == summary["seed"].tolist() and len(summary) == 2
    assert sorted(pd.read_parquet(out / "cases.parquet")["replication"].unique()) == [0, 1]
    assert read_folder(out).manifest["replications"] == 2


def test_a_run_killed_before_its_manifest_is_refused_by_the_report(tmp_path, monkeypatch):
    scenario, out = quick(tmp_path), tmp_path / "out"
    assert run_cli(str(scenario), "--reps", "3", "--seed", "99", "--out", str(out)) == 0

    def killed(*_args, **_kwargs):
        raise SystemExit(137)  # the data files are in place, the final manifest is not

    monkeypatch.setattr(run_folder, "finish_folder", killed)
    with pytest.raises(SystemExit):
        run_cli(str(scenario), "--reps", "2", "--seed", "5", "--out", str(out))
    with pytest.raises(ReportError, match="not completely written"):
        read_folder(out)
    assert main(["report", str(out)]) == 1


def test_kill_9_of_a_run_keeps_its_finished_replications(tmp_path):
    scenario, out = quick(tmp_path), tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wijksim",
            "run",
            str(scenario),
            "--reps",
            "500",
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parts = out / "parts" / "summary"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(parts.glob("*.parquet"))) < 3:
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    kept = sorted(parts.glob("*.parquet"))
    assert len(kept) >= 3
    rows = pd.concat([pd.read_parquet(p) for p in kept])  # every kept file is whole
    assert rows["replication"].tolist() == list(range(len(kept)))
    with pytest.raises(ReportError, match="not completely written"):
        read_folder(out)


def test_a_full_disk_ends_in_one_line(tmp_path, monkeypatch, capsys):
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(run_folder, "atomic_write_parquet", full)
    assert run_cli(str(quick(tmp_path)), "--reps", "2", "--out", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    assert "cannot store replication 0 (No space left on device)" in err and "Traceback" not in err
