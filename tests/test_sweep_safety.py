"""Sweep folders at the edges: damaged run files are run again, one writer at a time, sessions that end."""

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

import experiments
from experiments.spec import load_spec
from experiments.store import SweepError
from experiments.sweep import run_sweep
from tests.conftest import PRESET, ROOT

SPEC = """
name = "safety"
base = "{base}"
replications = {replications}
seed = 3
years = 0.05
metrics = ["requests", "closed", "waiting_list_mean"]

[design]
kind = "factorial"

[factors]
"run.warmup_years" = {{ values = [0] }}
"workforce.client_hours_per_case_per_week" = {{ values = [1.4, 4.0] }}
"""


def spec_file(tmp_path: Path, replications: int) -> Path:
    path = tmp_path / "safety.toml"
    path.write_text(SPEC.format(base=PRESET.as_posix(), replications=replications))
    return path


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns="wall_time_s").reset_index(drop=True)


def test_empty_truncated_and_missing_run_files_are_run_again(tmp_path):
    spec = load_spec(spec_file(tmp_path, replications=3))
    out = tmp_path / "out"
    whole = run_sweep(spec, out, workers=1, quiet=True)
    runs = out / "runs"
    truncated = runs / "000001.parquet"
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    (runs / "000002.parquet").write_bytes(b"")
    (runs / "000004.parquet").unlink()

    partial = experiments.load(out)  # does not crash: the damaged files are no runs
    assert partial["run"].tolist() == [0, 3, 5]

    resumed = run_sweep(spec, out, workers=1, quiet=True, resume=True)
    pd.testing.assert_frame_equal(comparable(resumed), comparable(whole))
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["runs_done"] for s in manifest["sessions"]] == [6, 3]
    assert [s["status"] for s in manifest["sessions"]] == ["finished", "finished"]


HOLD_LOCK = """
import sys, time
from experiments.lock import FolderLock
with FolderLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_second_writer_is_refused_and_a_dead_writers_lock_is_taken_over(tmp_path):
    spec_path = spec_file(tmp_path, replications=2)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(SweepError, match=f"another wijksim sweep is writing.*process {holder.pid}"):
            run_sweep(load_spec(spec_path), out, workers=1, quiet=True, resume=True)
        refused = subprocess.run(
            [sys.executable, "-m", "wijksim", "sweep", str(spec_path), "--out", str(out), "--resume"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode == 1, refused.stderr
        assert "another wijksim sweep" in refused.stderr and "Traceback" not in refused.stderr
        assert not (out / "runs").exists(), "the refused writer wrote runs"
    finally:
        holder.send_signal(signal.SIGKILL)  # dies holding the lock
        holder.wait(timeout=10)
    frame = run_sweep(
        load_spec(spec_path), out, workers=1, quiet=True
    )  # the dead process's lock is taken over
    assert frame["run"].tolist() == [0, 1, 2, 3]


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    spec_path = spec_file(tmp_path, replications=400)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    main = subprocess.Popen(
        [sys.executable, "-m", "wijksim", "sweep", str(spec_path), "--out", str(out), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while len(list((out / "runs").glob("*.parquet"))) < 4:
            assert main.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        children = children_of(main.pid)
        assert len(children) >= 2  # the two workers (and multiprocessing's resource tracker)
    finally:
        main.send_signal(signal.SIGKILL)  # what the out-of-memory killer does
        main.wait(timeout=10)
    time.sleep(10)
    assert [pid for pid in children if alive(pid)] == []


def test_an_unreachable_dask_scheduler_ends_in_a_message_and_a_hint(tmp_path, capsys):
    import socket

    from wijksim.cli import main

    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spec_path = spec_file(tmp_path, replications=1)
    status = main(
        ["sweep", str(spec_path), "--out", str(tmp_path / "out"), "--dask", f"tcp://127.0.0.1:{port}"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert f"--dask tcp://127.0.0.1:{port}: cannot reach the Dask scheduler" in err
    assert "--resume" in err and "Traceback" not in err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["sessions"][-1]["status"] == "failed"
