"""Extras: a command that needs one that is missing names it and exits 1; the core needs none of them.

A missing extra is simulated without uninstalling anything: the child process puts ``None`` in
``sys.modules`` for the extra's modules, which makes Python treat them as not importable.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import numpy as np
import pandas as pd
import pytest

from analysis.discovery import discover
from experiments.extras import EXTRAS, MissingExtra, require_extra
from experiments.spec import load_spec
from experiments.sweep import run_sweep
from tests.conftest import PRESET, ROOT

SPEC = f"""
name = "One point"
base = "{PRESET.as_posix()}"
replications = 2
seed = 1
years = 0.1
[design]
kind = "factorial"
[factors]
"run.warmup_years" = {{ values = [0] }}
"""


def wijksim_without(modules: list[str], *args: str) -> subprocess.CompletedProcess:
    """``wijksim ARGS`` in a fresh process in which ``modules`` cannot be imported."""
    code = (
        "import sys\n"
        f"for name in {modules!r}: sys.modules[name] = None\n"
        "from wijksim.cli import main\n"
        f"sys.exit(main({list(args)!r}))\n"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_sweep_on_dask_without_the_cluster_extra_names_it_and_exits_1(tmp_path):
    spec = tmp_path / "one.toml"
    spec.write_text(SPEC)
    out = tmp_path / "out"
    done = wijksim_without(["distributed", "dask"], "sweep", str(spec), "--dask", "local", "--out", str(out))
    assert done.returncode == 1
    assert "pip install 'wijksim[cluster]'" in done.stderr and "--dask" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists(), "the sweep folder was started before the check"
    # the same sweep on local processes needs no extra
    local = wijksim_without(["distributed", "dask"], "sweep", str(spec), "--workers", "2", "--out", str(out))
    assert local.returncode == 0, local.stderr
    assert "2 of 2 runs stored" in local.stdout


def test_discover_without_the_discover_extra_names_it_and_exits_1(tmp_path):
    done = wijksim_without(["ema_workbench"], "discover", str(tmp_path), "--metric", "closed", "--below", "1")
    assert done.returncode == 1
    assert "pip install 'wijksim[discover]'" in done.stderr and "Traceback" not in done.stderr


def test_dashboard_without_the_dashboard_extra_names_it_and_exits_1():
    done = wijksim_without(["solara"], "dashboard")
    assert done.returncode == 1
    assert "pip install 'wijksim[dashboard]'" in done.stderr and "Traceback" not in done.stderr


def test_the_python_api_raises_missing_extra_before_touching_the_folder(tmp_path, monkeypatch):
    spec = tmp_path / "one.toml"
    spec.write_text(SPEC)
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "ema_workbench", None)
    with pytest.raises(MissingExtra, match=r"wijksim\[cluster\]"):
        run_sweep(load_spec(spec), tmp_path / "out", dask="local", quiet=True)
    assert not (tmp_path / "out").exists()
    with pytest.raises(MissingExtra, match=r"wijksim\[discover\]"):
        discover(pd.DataFrame({"x": [0.0, 1.0]}), np.array([True, False]))


def test_an_installed_extra_passes_and_only_the_named_modules_are_checked(monkeypatch):
    require_extra("cluster", "test", ("distributed",))  # the test install has every extra
    monkeypatch.setitem(sys.modules, "dask_jobqueue", None)
    require_extra("cluster", "a local Dask cluster", ("distributed",))
    with pytest.raises(MissingExtra, match="no module dask_jobqueue"):
        require_extra("cluster", "a Slurm cluster")


def test_the_core_install_depends_on_no_extra_and_all_holds_every_extra():
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    core = " ".join(project["dependencies"]).lower()
    extras = project["optional-dependencies"]
    for name in ("dask", "distributed", "jobqueue", "ema_workbench", "solara"):
        assert name not in core, f"{name} is in the core install"
    assert set(EXTRAS) <= set(extras)
    assert extras["all"] == [f"wijksim[{','.join(EXTRAS)}]"]
    assert "wijksim[all]" in extras["test"] and any(p.startswith("pytest-xdist") for p in extras["test"])


def test_core_commands_import_no_extra():
    code = (
        "import sys, json\n"
        "import wijksim.cli, experiments.sweep, analysis.report, analysis.figures\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(m for e in EXTRAS.values() for m in e.modules)!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_robustness_and_sweep_on_slurm_name_their_missing_extra(tmp_path, monkeypatch, capsys):
    """In this process: the extra's modules made unimportable, each command says what to install."""
    from wijksim.cli import main

    spec = tmp_path / "one.toml"
    spec.write_text(SPEC)
    monkeypatch.setitem(sys.modules, "ema_workbench", None)
    monkeypatch.setitem(sys.modules, "distributed", None)
    out = tmp_path / "out"
    assert main(["robustness", "integral_a1", "gouda_split", "--out", str(out), "--quiet"]) == 1
    assert "wijksim robustness needs the 'discover' extra" in capsys.readouterr().err
    cluster = str(ROOT / "experiments" / "slurm_cluster.toml")
    assert main(["sweep", str(spec), "--cluster", cluster, "--out", str(out), "--quiet"]) == 1
    assert "pip install 'wijksim[cluster]'" in capsys.readouterr().err
    assert not out.exists()
