"""The open-cases CSV of ``start_state``: read and checked here, so ``wijksim validate`` checks it too."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sim.scenario.errors import ScenarioError
from sim.scenario.files import file_problem
from sim.scenario.schema import COMPLEXITIES, DOMAINS

STATES = ("waiting", "in_support")
REQUIRED = ("team", "state", "weeks_in_state")


def read_open_cases(path: str, team_names: list[str]) -> pd.DataFrame:
    """Read and check the CSV; every problem names the file, row and column.

    The rows come back in one fixed order, whatever their order in the file: cases in support
    first (they hold their places from before the start), then the waiting cases, longest waiting
    first; ties by team, age, domain and complexity. So a shuffled file gives the same run.
    """
    table = _read_table(path)
    problems = []
    for row, record in enumerate(table.to_dict("records"), start=2):
        problems += _row_problems(f"{path}: line {row}", record, team_names, set(table.columns))
    if problems:
        raise ScenarioError(problems)
    return canonical_order(table)


def _read_table(path: str) -> pd.DataFrame:
    """The CSV as a table with the required columns, or ScenarioError saying why not."""
    problem = file_problem(Path(path), "CSV file")
    if problem:
        raise ScenarioError([problem])
    try:
        table = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise ScenarioError(
            [f"{path}: the file is empty; it needs a header line with {', '.join(REQUIRED)}"]
        ) from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}: cannot be read as CSV: {exc}"]) from None
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise ScenarioError(
            [
                f"{path}: missing column(s) {', '.join(missing)}; "
                f"needs {', '.join(REQUIRED)} (and optionally age, domain, complexity)"
            ]
        )
    return table


def _row_problems(where: str, record: dict, team_names: list[str], columns: set[str]) -> list[str]:
    """What is wrong with one row of the CSV (``where`` names the file and line)."""
    problems = []
    if record["team"] not in team_names:
        problems.append(
            f"{where}: team = {record['team']!r}: not a team of the scenario ({', '.join(team_names)})"
        )
    if record["state"] not in STATES:
        problems.append(f"{where}: state = {record['state']!r}: must be one of {', '.join(STATES)}")
    weeks = pd.to_numeric(record["weeks_in_state"], errors="coerce")
    if not (isinstance(weeks, float | int) and math.isfinite(weeks) and weeks >= 0):
        problems.append(f"{where}: weeks_in_state = {record['weeks_in_state']!r}: must be a number >= 0")
    for column, allowed in (("domain", DOMAINS), ("complexity", COMPLEXITIES)):
        value = record.get(column)
        if column in columns and not pd.isna(value) and value not in allowed:
            problems.append(f"{where}: {column} = {value!r}: must be one of {', '.join(allowed)}")
    if "age" in columns and not pd.isna(record.get("age")):
        age = pd.to_numeric(record["age"], errors="coerce")
        if not (math.isfinite(age) and 0 <= age <= 120):
            problems.append(f"{where}: age = {record['age']!r}: must be 0-120")
    return problems


def canonical_order(table: pd.DataFrame) -> pd.DataFrame:
    """The open cases in the order they are put into the model, independent of the file's order."""
    keys = pd.DataFrame(
        {
            "support_first": table["state"].map({"in_support": 0, "waiting": 1}),
            "weeks": -pd.to_numeric(table["weeks_in_state"]),
            "team": table["team"].astype(str),
        }
    )
    for column in ("age", "domain", "complexity"):
        if column in table.columns:
            keys[column] = table[column].astype(str)
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return table.loc[order].reset_index(drop=True)
