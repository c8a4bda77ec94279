"""A quick start: the command line imports only what a command uses, and ends without a teardown.

Each check runs in a fresh interpreter, as a user's command does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd

from tests.conftest import PRESET, ROOT

HEAVY = [
    "scipy.stats",
    "scipy.spatial",
    "networkx",
    "matplotlib",
    "SALib",
    "jinja2",
    "tqdm",
    "multiprocessing",
    "mesa.space",
]
"""Modules that ``wijksim run --quiet`` needs not; importing any of them costs start-up time.

(scipy.special is allowed: with two or more replications the t quantile of the CI comes from it.)
"""


def python(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter, as a user's terminal would: without CI's ``CI`` variable,
    which hides every progress bar."""
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )


def test_a_quiet_run_imports_no_heavy_library(tmp_path):
    code = (
        "import sys\n"
        "from wijksim.cli import main\n"
        f"status = main(['run', {str(PRESET)!r}, '--reps', '2', '--years', '0.1', '--quiet', "
        f"'--out', {str(tmp_path / 'out')!r}])\n"
        "import json\n"
        f"print(json.dumps([status, [m for m in {HEAVY!r} if m in sys.modules]]))\n"
    )
    status, loaded = json.loads(python(code).stdout.splitlines()[-1])
    assert status == 0
    assert loaded == []


def test_mesa_core_gives_mesas_own_classes_and_the_rest_on_first_use():
    code = (
        "import sys, json\n"
        "import wijksim, sim\n"
        "import mesa, mesa.agent, mesa.model\n"
        "light = 'mesa.space' not in sys.modules and 'scipy' not in sys.modules\n"
        "same = mesa.Agent is mesa.agent.Agent and mesa.Model is mesa.model.Model\n"
        "import sim.model\n"
        "model_base = sim.model.WijkModel.__mro__[1] is mesa.model.Model\n"
        "collector = mesa.DataCollector.__module__\n"
        "print(json.dumps([light, same, model_base, collector, mesa.__version__]))\n"
    )
    light, same, model_base, collector, version = json.loads(python(code).stdout)
    assert light and same and model_base
    assert collector == "mesa.datacollection"  # Mesa's own __init__ ran at first use of another name
    assert version.split(".")[0] == "3"


def test_the_console_command_ends_with_every_file_and_line_written(tmp_path):
    """``python -m wijksim`` ends with os._exit: its output must still be whole, piped or not."""
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "wijksim", "run", str(PRESET), "--reps", "2", "--years", "0.2"]
        + ["--out", str(out), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith(f"wrote {out}/summary.csv")
    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == 2 and summary["replication"].tolist() == [0, 1]
    for name in ("timeseries", "cases", "visits", "handoffs"):
        assert (pd.read_parquet(out / f"{name}.parquet")["replication"].unique() == [0, 1]).all()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["replications"] == 2
    bad = subprocess.run(
        [sys.executable, "-m", "wijksim", "run", str(tmp_path / "missing.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1 and "missing.toml" in bad.stderr


def test_a_progress_bar_starts_no_second_process(tmp_path):
    """A bar on a terminal is drawn with a thread lock, not tqdm's multiprocessing lock.

    That lock imports multiprocessing, and where processes start by spawn or forkserver (the default
    from Python 3.14 on Linux) it also starts multiprocessing's resource tracker, a second Python.
    """
    code = (
        "import sys\n"
        "sys.stderr.isatty = lambda: True\n"
        "from wijksim.cli import main\n"
        f"status = main(['run', {str(PRESET)!r}, '--reps', '2', '--years', '0.1', "
        f"'--out', {str(tmp_path / 'out')!r}])\n"
        "multiprocessing = 'multiprocessing' in sys.modules\n"
        "from multiprocessing import resource_tracker\n"
        "import json\n"
        "print(json.dumps([status, 'tqdm' in sys.modules, multiprocessing, resource_tracker._resource_tracker._pid]))\n"
    )
    done = python(code)
    status, bar_shown, multiprocessing, tracker = json.loads(done.stdout.splitlines()[-1])
    assert status == 0 and bar_shown and "2/2" in done.stderr
    assert not multiprocessing and tracker is None


def test_a_reader_that_goes_away_ends_the_command_without_a_traceback():
    """``wijksim scenarios | head``, with a reader gone before the first line: status 141, stderr empty.

    The pipe is closed at once, long before the child has imported enough to print anything.
    """
    child = subprocess.Popen(
        [sys.executable, "-m", "wijksim", "scenarios"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=120) == 141 and err == ""
