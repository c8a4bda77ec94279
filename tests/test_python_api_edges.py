"""The Python API from a plain script, after a failure, and over many replications."""

from __future__ import annotations

import gc
import os
import socket
import subprocess
import sys
import textwrap
import tracemalloc
from pathlib import Path

import pytest

import experiments
from experiments.replications import run_replications
from experiments.run_folder import RunFolder
from experiments.store import SweepError
from sim import load_scenario
from tests.conftest import PRESET, ROOT

SPEC = f"""
name = "inline"
base = "{PRESET.as_posix()}"
replications = 2
seed = 5
years = 0.05
metrics = ["requests", "closed"]

[design]
kind = "factorial"

[factors]
"run.warmup_years" = {{ values = [0] }}
"workforce.client_hours_per_case_per_week" = {{ values = [1.4, 2.0] }}
"""


def test_workers_from_a_plain_script_without_a_main_guard_work_and_say_what_to_add(tmp_path):
    (tmp_path / "spec.toml").write_text(SPEC)
    script = tmp_path / "plain.py"
    script.write_text(
        textwrap.dedent(
            """
            import experiments
            runs = experiments.run("spec.toml", workers=2)
            print(len(runs), int(runs["requests"].sum()))
            """
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "BrokenProcessPool" not in done.stderr
    warning = [line for line in done.stderr.splitlines() if "experiments.run:" in line]
    assert len(warning) == 1 and 'if __name__ == "__main__":' in warning[0] and "plain.py" in warning[0]
    serial = experiments.run(tmp_path / "spec.toml", out=tmp_path / "serial", workers=1)
    assert done.stdout.split() == [str(len(serial)), str(int(serial["requests"].sum()))]
    assert len(list((tmp_path / "results").iterdir())) == 1


def test_a_failed_attempt_leaves_no_folder_behind(tmp_path, monkeypatch):
    (tmp_path / "spec.toml").write_text(SPEC)
    monkeypatch.chdir(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for _ in range(2):
        with pytest.raises(SweepError, match="cannot reach the Dask scheduler"):
            experiments.run("spec.toml", dask=f"tcp://127.0.0.1:{port}")
    assert list((tmp_path / "results").iterdir()) == []


def resident_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def held_after_each(scenario, reps: int, keep_tables: bool, on_done=None, rss=None) -> dict[int, int]:
    """Bytes held by Python (tracemalloc) after each replication, with its result dropped."""
    held: dict[int, int] = {}

    def done(r, result):
        if on_done is not None:
            on_done(r, result)
        del result
        gc.collect()
        held[r + 1] = tracemalloc.get_traced_memory()[0]
        if rss is not None:
            rss[r + 1] = resident_bytes()

    tracemalloc.start()
    try:
        run_replications(scenario, reps, 3, on_done=done, keep_tables=keep_tables)
    finally:
        tracemalloc.stop()
    return held


def test_memory_of_a_run_stays_flat_across_replications(tmp_path):
    # A quarter year is enough (and halves the traced runs): a replication's tables, if kept, still
    # hold more than ten times what a replication may add, as the last assertion checks.
    scenario = load_scenario(PRESET, overrides={"run.years": 0.25, "run.warmup_years": 0})
    folder = RunFolder(tmp_path / "out", scenario, str(PRESET), None, 3)
    folder.start(10)
    rss: dict[int, int] = {}
    held = held_after_each(scenario, 10, keep_tables=False, on_done=folder.add, rss=rss)
    per_replication = (held[10] - held[2]) / 8
    assert rss[10] <= 1.10 * rss[2], rss
    assert per_replication < 16_000  # the summary row of each replication, no more
    # what this guards against: keeping every replication's tables in memory
    kept = held_after_each(scenario, 3, keep_tables=True)
    assert kept[3] - kept[2] > 10 * per_replication, (kept, per_replication)
