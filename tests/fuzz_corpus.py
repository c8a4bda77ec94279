"""A fixed corpus of bad and odd input files: mutated presets, experiment specs and open-cases CSVs.

``write_corpus(folder)`` writes the same files every time (one seeded generator): mutations of every
preset (each made small and short so that a run takes a fraction of a second), specs over them,
start-state CSVs, and the hand-made files that once gave a traceback or a run that never ended.
``tests/test_fuzz.py`` puts every file through ``wijksim validate`` and a short ``wijksim run`` (or
``sweep``).
"""

from __future__ import annotations

import copy
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from sim.scenario.loader import read_merged_toml

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SEED = 20261201

ODD_VALUES: list[Any] = [
    0,
    -1,
    1,
    0.5,
    1e-6,
    1e-300,
    1.7e308,
    2**63 - 1,
    -(2**63),
    math.inf,
    math.nan,
    "",
    "text",
    True,
    [],
    [1, 2],
    {},
    {"dist": "fixed", "value": 0},
    {"dist": "exponential", "mean": 1e-9},
    {"dist": "lognormal", "mean": 1e6, "cv": 10},
    {"dist": "nonsense"},
]
"""Values put in place of a scenario value: bounds, types, distributions."""

ZERO = {"dist": "fixed", "value": 0}
ZERO_BY_CLASS = {"single": ZERO, "multiple": ZERO, "multi_problem": ZERO}


@dataclass(frozen=True)
class Case:
    """One corpus file and what to run it with: ``scenario`` or ``spec``."""

    path: Path
    kind: str


def small(raw: dict[str, Any]) -> dict[str, Any]:
    """A preset made quick to run: no warm-up, a tenth of the residents (at least 1,000)."""
    raw = copy.deepcopy(raw)
    raw.setdefault("run", {})["warmup_years"] = 0
    muni = raw.setdefault("municipality", {})
    muni["residents"] = max(1000, int(muni.get("residents", 10_000)) // 10)
    return raw


def leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path to a value (not a table) in a nested dict, lists indexed."""
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in leaves(value, (*path, key))] or [path]
    if isinstance(node, list) and node and isinstance(node[0], dict):
        return [p for i, value in enumerate(node) for p in leaves(value, (*path, i))]
    return [path]


def put(raw: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = raw
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value


_DELETE = object()


def write_toml(path: Path, raw: dict[str, Any]) -> Path:
    path.write_text(tomli_w.dumps(raw))
    return path


def mutated_scenarios(
    folder: Path, rng: random.Random, bases: dict[str, dict[str, Any]], n: int
) -> list[Case]:
    """``n`` presets with one to three values replaced by odd ones (or deleted)."""
    cases = []
    names = sorted(bases)
    for i in range(n):
        name = names[i % len(names)]
        raw = copy.deepcopy(bases[name])
        for _ in range(rng.choice((1, 1, 2, 3))):
            paths = [p for p in leaves(raw) if p]
            target = rng.choice(paths)
            value = _DELETE if rng.random() < 0.1 else copy.deepcopy(rng.choice(ODD_VALUES))
            put(raw, target, value)
        cases.append(Case(write_toml(folder / f"scenario_{i:03d}_{name}.toml", raw), "scenario"))
    return cases


SPEC_KEYS = [
    ("workforce.fte_factor", 0.5, 2.0),
    ("demand.rate_factor", 0.5, 3.0),
    ("workforce.client_hours_per_case_per_week", 0.5, 4.0),
    ("municipality.residents", 1000, 20000),
    ("run.snapshot_interval_weeks", 1e-6, 2.0),
    ("behaviour.reentry_probability", 0.0, 1.0),
    ("no.such_key", 0, 1),
]


def specs(folder: Path, rng: random.Random, bases: dict[str, Path], n: int) -> list[Case]:
    """``n`` experiment specs over the small presets: factorial, lhs and sobol, some broken."""
    cases = []
    names = sorted(bases)
    for i in range(n):
        base = bases[names[i % len(names)]]
        kind = rng.choice(("factorial", "lhs", "sobol"))
        metrics = rng.sample(["requests", "closed", "waiting_list_mean", "cost_eur", "nonsense"], 2)
        spec: dict[str, Any] = {
            "name": f"fuzz {i}",
            "base": base.name,
            "replications": rng.choice((1, 1, 2, 0, 10**9)),
            "seed": rng.choice((1, 2, -1)),
            "years": rng.choice((0.02, 0.05, 0, 1e9)),
            "metrics": metrics if rng.random() > 0.1 else [metrics[0], metrics[0]],
            "design": {"kind": kind},
            "factors": {},
        }
        if kind != "factorial":
            spec["design"]["samples"] = rng.choice((1, 2, 3, 4, 10**6))
        for key, low, high in rng.sample(SPEC_KEYS, rng.choice((1, 2))):
            if kind == "factorial":
                values = [low, high] if rng.random() > 0.1 else [low, low]
                spec["factors"][key] = {"values": values}
            else:
                spec["factors"][key] = (
                    {"low": low, "high": high} if rng.random() > 0.1 else {"low": high, "high": low}
                )
        if rng.random() < 0.1:
            spec["factors"]["scenario"] = {"values": [base.name, base.name]}
        cases.append(Case(write_toml(folder / f"spec_{i:03d}.toml", spec), "spec"))
    return cases


CSV_ROWS = ["north,waiting,4,single", "north,in_support,10,multiple", "south,waiting,1,multi_problem"]


def csvs(folder: Path, rng: random.Random, base: Path, n: int) -> list[Case]:
    """``n`` scenarios that start from an open-cases CSV, the CSV mutated."""
    cases = []
    header = "team,state,weeks_in_state,complexity"
    odd_cells = ["", "nan", "-1", "1e308", "inf", "east", "sleeping", "simple", '"', "0"]
    for i in range(n):
        rows = [rng.choice(CSV_ROWS) for _ in range(rng.randint(0, 40))]
        choice = rng.random()
        if choice < 0.3 and rows:
            cells = rows[0].split(",")
            cells[rng.randrange(4)] = rng.choice(odd_cells)
            rows[0] = ",".join(cells)
        text = header + "\n" + "\n".join(rows) + "\n"
        if choice > 0.9:
            text = rng.choice(["", "\n \n", "team\n", "team,state\nnorth\n", "\x00\x01", header])
        data = text.encode() if rng.random() > 0.05 else b"team,state,weeks_in_state\n\xff\xfe,\x80,1\n"
        (folder / f"open_{i:03d}.csv").write_bytes(data)
        raw = {"extends": base.name, "start_state": {"open_cases_csv": f"open_{i:03d}.csv"}}
        cases.append(Case(write_toml(folder / f"csv_{i:03d}.toml", raw), "scenario"))
    return cases


def hand_made(folder: Path, base: Path) -> list[Case]:
    """The inputs that once gave a traceback, a block or a run that did not end."""
    made: dict[str, str | None] = {
        "rate_int64": "[demand.requests_per_1000_residents_per_year.adults]\nwmo = 9223372036854775807",
        "rate_huge": "[demand.requests_per_1000_residents_per_year.adults]\nwmo = 1.7e308",
        "snapshots": "[run]\nsnapshot_interval_weeks = 1e-6",
        "client_hours": "[workforce]\nclient_hours_per_case_per_week = 1e-300\n"
        "[overhead]\nregistration_hours_per_case_per_week = 0\nregistration_hours_per_intake = 0",
        "residents_5m": "[municipality]\nresidents = 5000000",
        "extends_nul": None,
        "extends_long": None,
    }
    cases = []
    for name, body in made.items():
        if body is None:
            continue
        path = folder / f"hand_{name}.toml"
        path.write_text(f'extends = "{base.name}"\n{body}\n')
        cases.append(Case(path, "scenario"))
    standstill = {
        "extends": base.name,
        "behaviour": {"reentry_probability": 1, "reentry_delay_weeks": ZERO},
        "pathway": {"assessment_weeks": ZERO_BY_CLASS, "support_weeks": ZERO_BY_CLASS},
    }
    cases.append(Case(write_toml(folder / "hand_standstill.toml", standstill), "scenario"))
    (folder / "hand_nul.toml").write_text('extends = "a\\u0000b.toml"\n')
    (folder / "hand_long.toml").write_text(f'extends = "{"x" * 300}.toml"\n')
    (folder / "hand_deep.toml").write_text("x = " + "[" * 2000 + "]" * 2000 + "\n")
    for i in range(1000):
        target = f"hand_chain_{i + 1:04d}.toml" if i < 999 else base.name
        (folder / f"hand_chain_{i:04d}.toml").write_text(f'extends = "{target}"\n')
    os.symlink(folder / "hand_loop_b.toml", folder / "hand_loop_a.toml")
    os.symlink(folder / "hand_loop_a.toml", folder / "hand_loop_b.toml")
    os.mkfifo(folder / "hand_fifo.toml")
    areas = "\n".join(f"a{i} = 0.0001" for i in range(10_000))
    (folder / "hand_areas.toml").write_text(f'extends = "{base.name}"\n[municipality.areas]\n{areas}\n')
    (folder / "hand_empty_csv.csv").write_text("")
    (folder / "hand_blank_csv.csv").write_text("\n   \n")
    for name in ("empty", "blank"):
        write_toml(
            folder / f"hand_{name}_csv.toml",
            {"extends": base.name, "start_state": {"open_cases_csv": f"hand_{name}_csv.csv"}},
        )
    spec = {
        "name": "twice",
        "base": base.name,
        "replications": 1,
        "seed": 1,
        "years": 0.02,
        "design": {"kind": "factorial"},
    }
    write_toml(
        folder / "hand_spec_metric_twice.toml",
        {**spec, "metrics": ["requests", "requests"], "factors": {"demand.rate_factor": {"values": [1]}}},
    )
    write_toml(
        folder / "hand_spec_file_twice.toml",
        {**spec, "metrics": ["requests"], "factors": {"scenario": {"values": [base.name, base.name]}}},
    )
    write_toml(
        folder / "hand_spec_lhs_million.toml",
        {
            **spec,
            "metrics": ["requests"],
            "design": {"kind": "lhs", "samples": 1_000_000},
            "factors": {"demand.rate_factor": {"low": 0.5, "high": 2}},
        },
    )
    names = ["nul", "long", "deep", "chain_0000", "loop_a", "fifo", "areas", "empty_csv", "blank_csv"]
    cases += [Case(folder / f"hand_{name}.toml", "scenario") for name in names]
    cases += [
        Case(folder / f"hand_spec_{name}.toml", "spec")
        for name in ("metric_twice", "file_twice", "lhs_million")
    ]
    return cases


def write_corpus(folder: Path) -> list[Case]:
    """Write the whole corpus into ``folder``; the same files on every call."""
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    presets = sorted(SCENARIOS.glob("*.toml"))
    raws = {path.stem: small(read_merged_toml(path)) for path in presets}
    bases = {name: write_toml(folder / f"base_{name}.toml", raw) for name, raw in raws.items()}
    cases = [Case(path, "scenario") for path in bases.values()]
    cases += mutated_scenarios(folder, rng, raws, 240)
    cases += specs(folder, rng, bases, 30)
    cases += csvs(folder, rng, write_toml(folder / "csv_base.toml", raws["integral_a1"]), 30)
    cases += hand_made(folder, bases["integral_a1"])
    return cases
