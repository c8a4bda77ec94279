"""A small Python API for notebooks: run a sweep, or compare two scenarios, in one call.

>>> import experiments
>>> runs = experiments.run("experiments/sobol_a1.toml", workers=2)        # doctest: +SKIP
>>> paired = experiments.compare("integral_a1", "split_youth_b", reps=10)  # doctest: +SKIP

``run`` is ``wijksim sweep`` without the printing; ``compare`` gives the paired table of
``wijksim compare``. The statistics live in ``analysis`` (which depends on ``experiments``, not the
other way round): ``analysis.compare.verdict_table(paired, metrics)`` turns the paired table into the
verdict per metric, and ``analysis.sensitivity.sobol_indices(runs, spec)`` gives the Sobol' indices of
a Sobol sweep.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd

from experiments.compare import run_comparison
from experiments.presets import resolve_scenario
from experiments.spec import ExperimentSpec, load_spec
from sim import Scenario, ScenarioError, load_scenario

RESULTS = Path("results")
"""Parent of the temporary sweep folders ``run`` makes when no ``out`` is given."""


def run(
    spec_or_path: ExperimentSpec | str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    dask: str | None = None,
    resume: bool = False,
    quiet: bool = True,
) -> pd.DataFrame:
    """Run a sweep and return its runs: one row per (design point, replication).

    ``spec_or_path`` is an ``ExperimentSpec`` or the path of a spec file (checked with
    ``load_spec``; a bad file raises ScenarioError listing every problem). ``out`` is the sweep
    folder; without it, a new folder ``results/<spec name>_XXXXXXXX`` is made (relative to the current
    directory) and kept, so the runs can be loaded again with ``experiments.load``. ``workers``,
    ``dask``, ``resume`` and ``quiet`` are those of ``experiments.sweep.run_sweep``, which this calls;
    the frame has its columns: run, point, replication, seed, the factors, the metrics, wall_time_s,
    error.
    """
    from experiments.sweep import run_sweep

    spec = spec_or_path if isinstance(spec_or_path, ExperimentSpec) else load_spec(Path(spec_or_path))
    if dask is None and workers != 1:
        unguarded = unguarded_script_call()
        if unguarded is not None:
            warnings.warn(
                f"experiments.run: worker processes import {unguarded} again; put the call under "
                f'`if __name__ == "__main__":` to use them (running in this process instead)',
                stacklevel=2,
            )
            workers = 1
    made = None
    if out is None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = made = tempfile.mkdtemp(prefix=f"{_slug(spec.name)}_", dir=RESULTS)
    try:
        return run_sweep(spec, Path(out), workers=workers, dask=dask, resume=resume, quiet=quiet)
    except BaseException:
        if made is not None and not any(Path(made, "runs").glob("*.parquet")):
            shutil.rmtree(made, ignore_errors=True)  # a folder of its own with nothing in it
        raise


def unguarded_script_call() -> str | None:
    """The script's name when ``experiments.run`` is called from its top level outside a main guard.

    Worker processes are started with ``spawn``: each imports the main script again, so a call at
    the top level of a script without ``if __name__ == "__main__":`` would run again in every
    worker and break the pool. None when the call is guarded, inside a function, or not from a script.
    """
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None)
    if main is None or not script or not str(script).endswith(".py"):
        return None
    frame = inspect.currentframe()
    while frame is not None and not (frame.f_globals is main.__dict__ and frame.f_code.co_name == "<module>"):
        frame = frame.f_back
    if frame is None:
        return None  # called from a function, a notebook or another module
    line = frame.f_lineno
    try:
        tree = ast.parse(Path(script).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_main_guard(node.test):
            if node.lineno <= line <= (node.end_lineno or node.lineno):
                return None
    return Path(script).name


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def compare(
    a: Scenario | str | os.PathLike[str],
    b: Scenario | str | os.PathLike[str],
    reps: int = 10,
    seed: int | None = None,
    years: float | None = None,
) -> pd.DataFrame:
    """Run scenarios A and B on common random numbers and return the paired table.

    ``a`` and ``b`` are scenario files, preset names (``"integral_a1"``, as ``wijksim compare``
    accepts them) or loaded Scenarios. ``seed`` is the master seed (default: A's ``run.seed``);
    ``years`` overrides each scenario's measured years. One row per replication both finished:
    ``replication``, ``seed`` and ``<metric>_a``, ``<metric>_b`` for every metric. The verdict per
    metric is ``analysis.compare.verdict_table(paired, metrics)``.
    """
    if reps < 1:
        raise ValueError(f"reps = {reps}: must be at least 1")
    scenario_a, scenario_b = _load_pair(a, b)
    master_seed = scenario_a.run.seed if seed is None else seed
    return run_comparison(scenario_a, scenario_b, reps, master_seed, years).paired


def _load_pair(
    a: Scenario | str | os.PathLike[str], b: Scenario | str | os.PathLike[str]
) -> tuple[Scenario, Scenario]:
    """Both scenarios loaded; the problems of both are raised together."""
    loaded: list[Scenario] = []
    problems: list[str] = []
    for item in (a, b):
        if isinstance(item, Scenario):
            loaded.append(item)
            continue
        try:
            loaded.append(load_scenario(resolve_scenario(item)))
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    return loaded[0], loaded[1]


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()[:40] or "sweep"
