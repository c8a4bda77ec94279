"""The tables a finished sweep folder holds beside its runs: ``sensitivity.csv`` and ``structures.csv``.

``sensitivity.csv`` (a Sobol design): the Sobol' indices of every metric and factor.
``structures.csv`` (a spec with a ``scenario`` factor): the paired verdict of each structure against
the first; ``one_at_a_time.csv`` (and an ``oat`` design): whether that verdict holds at each end of
each factor's range. ``experiments.sweep.run_sweep`` writes them when a sweep finishes, so ``wijksim sweep`` and
``experiments.run(spec)`` leave the same folder.

The statistics themselves live in ``analysis`` (``analysis.sensitivity``, ``analysis.structures``);
they are imported here only when a folder is finished, the one place where experiments reaches up to
analysis, and never at import time (``import experiments`` stays free of analysis and its libraries).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from experiments.files import atomic_write_text
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec

SENSITIVITY = "sensitivity.csv"
STRUCTURES = "structures.csv"


def derived_tables(runs: pd.DataFrame, spec: ExperimentSpec) -> dict[str, pd.DataFrame]:
    """The derived tables of a sweep of ``spec`` by file name (empty for a factorial of values)."""
    tables: dict[str, pd.DataFrame] = {}
    if spec.design.kind == "sobol":
        from analysis.sensitivity import sobol_indices

        tables[SENSITIVITY] = sobol_indices(runs, spec)
    if SCENARIO_FACTOR in spec.factors:
        from analysis.one_at_a_time import ONE_AT_A_TIME, is_one_at_a_time, one_at_a_time_table
        from analysis.structures import structure_verdicts

        tables[STRUCTURES] = structure_verdicts(runs, spec)
        if is_one_at_a_time(spec):
            tables[ONE_AT_A_TIME] = one_at_a_time_table(tables[STRUCTURES], spec)
    return tables


def write_derived_tables(runs: pd.DataFrame, spec: ExperimentSpec, out: str | Path) -> dict[str, Path]:
    """Write the derived tables into ``out`` (each complete or not at all); returns their paths by name."""
    written: dict[str, Path] = {}
    for name, table in derived_tables(runs, spec).items():
        path = Path(out) / name
        atomic_write_text(path, table.to_csv(index=False))
        written[name] = path
    return written
