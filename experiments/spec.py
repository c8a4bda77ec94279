"""Experiment specs: a TOML file naming a base scenario, the factors to vary and the design to vary them by.

A spec is checked completely before anything runs, including whether the base scenario accepts every
factor value, and all problems are reported together as ``file: key.path = value: what is allowed``.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.metrics import METRIC_NAMES
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import describe_errors, did_you_mean, load_scenario, read_toml_file
from sim.scenario.schema import MetricObjective

DesignKind = Literal["factorial", "lhs", "sobol", "oat"]


class SpecSection(BaseModel):
    """Base of every spec section: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Design(SpecSection):
    """How the factor space is sampled."""

    kind: DesignKind = Field(
        description="factorial: every combination of values; lhs or sobol: low/high; oat: the scenarios' "
        "own values, then one factor at a time at its low and at its high"
    )
    samples: int | None = Field(
        None,
        ge=1,
        le=1_000_000,
        description="lhs: number of points; sobol: base N of Saltelli's scheme (a power of 2)",
    )


class Factor(SpecSection):
    """One scenario key to vary: a list of values (factorial) or a range (lhs, sobol)."""

    values: tuple[int | float | str, ...] | None = Field(
        None,
        min_length=1,
        description="factorial levels; for the `scenario` factor, scenario files relative to the spec",
    )
    low: float | None = Field(None, description="lower bound of the range (lhs, sobol, oat)")
    high: float | None = Field(None, description="upper bound of the range (lhs, sobol, oat)")
    integer: bool = Field(False, description="round sampled values to whole numbers")


class ExperimentSpec(SpecSection):
    """A resolved experiment spec: ``base`` is an absolute path and ``metrics`` is filled in."""

    name: str = Field(min_length=1, description="name of the experiment")
    base: Path = Field(description="base scenario file, relative to the spec file")
    replications: int = Field(ge=1, le=100_000, description="replications per design point")
    seed: int = Field(ge=0, le=2**63 - 1, description="master seed of the design and the replications")
    years: float | None = Field(None, gt=0, le=200, description="overrides the scenario's run.years")
    metrics: tuple[str, ...] = Field(METRIC_NAMES, min_length=1, description="names in METRIC_NAMES")
    design: Design
    factors: dict[str, Factor] = Field(min_length=1, description="scenario key -> factor, in file order")
    objective: dict[str, MetricObjective] = Field(
        default_factory=dict,
        description="per metric, how the structures are judged (overrides analysis.objective's defaults)",
    )


SCENARIO_FACTOR = "scenario"
"""The factor whose values are whole scenario files (structures), not values of one scenario key.

Each run loads its design point's file instead of ``base`` and applies the other factors to it;
replication ``r`` has the same seed for every file, so the structures are compared on common random
numbers. The first file is the reference the others are compared with.
"""


def load_spec(path: str | Path) -> ExperimentSpec:
    """Read and check an experiment spec file; ``base`` is resolved relative to the spec file.

    Raises ScenarioError listing every problem: unknown keys, bad ranges, missing values or bounds
    for the design, unknown metrics, and factor values the base scenario refuses.
    """
    path = Path(path)
    raw = _read_toml(path)
    problems: list[str] = []
    spec: ExperimentSpec | None = None
    try:
        spec = ExperimentSpec.model_validate(raw)
    except ValidationError as exc:
        problems += _quote_factor_keys(describe_errors(exc, ExperimentSpec), raw.get("factors"))
    problems += _cross_problems(raw)
    base = raw.get("base")
    if isinstance(base, str):
        base_path = (path.parent / base).resolve()
        factors = _valid_factors(raw.get("factors"))
        structures = _structure_files(path, factors.pop(SCENARIO_FACTOR, None))
        raw_values = raw["factors"][SCENARIO_FACTOR]["values"] if structures else []
        problems += [
            f"factors.scenario.values: {str(file)!r} is listed twice ({raw_values[i]!r}); list each file once"
            for i, file in enumerate(structures)
            if file in structures[:i] and raw_values[i] not in _twice(raw_values)
        ]
        for file in structures or [base_path]:
            problems += _scenario_problems(file, raw, factors, "factors.scenario" if structures else "base")
        if spec is not None:
            update: dict[str, Any] = {"base": base_path}
            if structures:
                resolved = spec.factors[SCENARIO_FACTOR].model_copy(
                    update={"values": tuple(str(file) for file in structures)}
                )
                update["factors"] = {**spec.factors, SCENARIO_FACTOR: resolved}
            spec = spec.model_copy(update=update)
    if problems or spec is None:
        raise ScenarioError([f"{path}: {line}" for line in problems])
    return spec


def spec_hash(spec: ExperimentSpec) -> str:
    """sha256 of the canonical JSON of the spec with its base scenario's content in place of its path.

    Two checkouts of the same study hash alike; editing the base scenario (or a file it extends)
    changes the hash, so a resumed sweep never mixes results of two different models.
    """
    data = spec.model_dump(mode="json", exclude={"objective"})  # how runs are judged, not how they run
    data["base"] = load_scenario(spec.base).model_dump(mode="json")
    if SCENARIO_FACTOR in data["factors"]:
        structures = data["factors"][SCENARIO_FACTOR]
        structures["values"] = [load_scenario(file).model_dump(mode="json") for file in structures["values"]]
    data["factors"] = [[key, factor] for key, factor in data["factors"].items()]
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def factor_values_to_check(factor: Factor, kind: str) -> list[int | float | str]:
    """The values of a factor that the base scenario must accept: its levels, or its two bounds."""
    if kind == "factorial":
        return list(factor.values or ())
    bounds = [factor.low, factor.high]
    return [round(b) if factor.integer else b for b in bounds if b is not None]


# --- checks pydantic cannot make on its own ---------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml_file(path, "spec file")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _cross_problems(raw: dict[str, Any]) -> list[str]:
    """Rules between keys, checked on the raw TOML so they are reported even beside type errors."""
    problems: list[str] = []
    design = _table(raw, "design")
    kind, samples = design.get("kind"), design.get("samples")
    if kind in ("lhs", "sobol") and samples is None:
        problems.append(f"design.samples: missing; a {kind} design needs samples = <number of points>")
    if kind == "sobol" and isinstance(samples, int) and samples >= 1 and samples & (samples - 1):
        problems.append(f"design.samples = {samples}: a sobol design needs a power of 2 (e.g. 64, 128, 256)")

    metrics = raw.get("metrics")
    if isinstance(metrics, list):
        for name in metrics:
            if isinstance(name, str) and name not in METRIC_NAMES:
                problems.append(f"metrics = {name!r}: unknown metric{did_you_mean(name, METRIC_NAMES)}")
        problems += [f"metrics: {name!r} is listed twice; list each metric once" for name in _twice(metrics)]
    problems += _size_problems(raw)

    objective = raw.get("objective")
    for name in objective if isinstance(objective, dict) else ():
        if name not in METRIC_NAMES:
            problems.append(f"objective.{name}: unknown metric{did_you_mean(name, METRIC_NAMES)}")

    factors = raw.get("factors")
    for key, factor in factors.items() if isinstance(factors, dict) else ():
        if not isinstance(factor, dict):
            continue
        where = f'factors."{key}"'
        low, high = factor.get("low"), factor.get("high")
        if isinstance(low, int | float) and isinstance(high, int | float) and _is_number(low) and low >= high:
            problems.append(f"{where}.low = {low!r}: must be < high ({high!r})")
        if kind == "factorial" and "values" not in factor:
            problems.append(f"{where}: a factorial design needs values = [...] for every factor")
        if kind in ("lhs", "sobol", "oat") and key != SCENARIO_FACTOR and (low is None or high is None):
            article = "an" if kind == "oat" else "a"
            problems.append(f"{where}: {article} {kind} design needs low and high for every factor")
        values = factor.get("values")
        if isinstance(values, list):
            problems += [
                f"{where}.values: {value!r} is listed twice; list each value once" for value in _twice(values)
            ]
        if key == SCENARIO_FACTOR:
            if kind == "sobol":
                problems.append(
                    f"{where}: scenario files can be combined in a factorial design, or crossed with "
                    "every point of an lhs design; not in a sobol design"
                )
            if kind in ("lhs", "oat") and len(factors or {}) < 2:
                problems.append(
                    f"{where}: an {kind} design with scenario files needs a factor with low and high"
                )
            if isinstance(values, list) and not all(isinstance(v, str) for v in values):
                problems.append(f"{where}.values: must be scenario file names (strings)")
        elif isinstance(values, list) and any(isinstance(v, str) for v in values):
            problems.append(
                f"{where}.values: must be numbers (only the '{SCENARIO_FACTOR}' factor takes scenario files)"
            )
    return problems


MAX_RUNS = 200_000
"""Most runs (design points x replications) a spec may plan: a day on a few hundred cores."""


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    """``raw[key]`` when it is a table, else an empty one (pydantic reports what it is instead)."""
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _twice(items: list[Any]) -> list[Any]:
    """The items that occur more than once (first occurrence order); unhashable items are skipped."""
    seen: set[Any] = set()
    twice: list[Any] = []
    for item in items:
        try:
            if item in seen and item not in twice:
                twice.append(item)
            seen.add(item)
        except TypeError:
            continue
    return twice


def _size_problems(raw: dict[str, Any]) -> list[str]:
    """A design whose points times replications exceed MAX_RUNS is refused before it is sampled."""
    design, factors = _table(raw, "design"), _table(raw, "factors")
    kind, samples, replications = design.get("kind"), design.get("samples"), raw.get("replications")
    if not isinstance(replications, int) or isinstance(replications, bool) or replications < 1:
        replications = 1
    if kind == "factorial":
        points: int = math.prod(
            len(f["values"])
            for f in factors.values()
            if isinstance(f, dict) and isinstance(f.get("values"), list)
        )
        where = "factors"
    elif (
        kind in ("lhs", "sobol")
        and isinstance(samples, int)
        and not isinstance(samples, bool)
        and samples >= 1
    ):
        points = samples * (len(factors) + 2) if kind == "sobol" else samples
        structures = factors.get(SCENARIO_FACTOR)
        if kind == "lhs" and isinstance(structures, dict) and isinstance(structures.get("values"), list):
            points *= max(1, len(structures["values"]))  # every sample on every structure
        where = f"design.samples = {samples}"
    elif kind == "oat":
        varied = [key for key in factors if key != SCENARIO_FACTOR]
        points = 1 + 2 * len(varied)
        structures = factors.get(SCENARIO_FACTOR)
        if isinstance(structures, dict) and isinstance(structures.get("values"), list):
            points *= max(1, len(structures["values"]))
        where = "factors"
    else:
        return []
    if points * replications <= MAX_RUNS:
        return []
    return [
        f"{where}: {points:,} design points x {replications:,} replications = {points * replications:,} runs; "
        f"at most {MAX_RUNS:,} runs are allowed (fewer samples, values or replications)"
    ]


def _quote_factor_keys(lines: list[str], factors: Any) -> list[str]:
    """``factors.a.b.low`` -> ``factors."a.b".low``, so the dotted factor key reads as one key."""
    keys = sorted(factors, key=len, reverse=True) if isinstance(factors, dict) else []
    quoted = []
    for line in lines:
        for key in keys:
            prefix = f"factors.{key}"
            if line.startswith(prefix) and line[len(prefix) : len(prefix) + 1] in (".", ":", " ", "["):
                line = f'factors."{key}"' + line[len(prefix) :]
                break
        quoted.append(line)
    return quoted


def _valid_factors(factors: Any) -> dict[str, Factor]:
    """The factors that pass the schema on their own; the others are reported by pydantic."""
    valid: dict[str, Factor] = {}
    for key, factor in factors.items() if isinstance(factors, dict) else ():
        try:
            valid[key] = Factor.model_validate(factor)
        except ValidationError:
            continue
    return valid


def _structure_files(spec_path: Path, factor: Factor | None) -> list[Path]:
    """The ``scenario`` factor's files, resolved relative to the spec file."""
    if factor is None or not factor.values:
        return []
    return [(spec_path.parent / str(value)).resolve() for value in factor.values]


def _scenario_problems(
    base: Path, raw: dict[str, Any], factors: dict[str, Factor], label: str = "base"
) -> list[str]:
    """Apply every factor value to the base scenario; each refusal becomes a problem line."""
    years = raw.get("years")
    common: dict[str, Any] = (
        {"run.years": years} if isinstance(years, int | float) and _is_number(years) and years > 0 else {}
    )
    try:
        load_scenario(base, overrides=common)
    except ScenarioError as exc:
        return [f"{label} = {str(base)!r}: the scenario is refused: {line}" for line in exc.problems]
    design = raw.get("design")
    kind = design.get("kind") if isinstance(design, dict) else None
    if kind not in ("factorial", "lhs", "sobol", "oat"):
        return []
    problems: list[str] = []
    for key, factor in factors.items():
        seen: set[str] = set()
        for value in factor_values_to_check(factor, kind):
            try:
                load_scenario(base, overrides={**common, key: value})
            except ScenarioError as exc:
                lines = [line.removeprefix(f"{base}: ") for line in exc.problems]
            except (AttributeError, TypeError):
                lines = [f"{key}: not a key of the scenario (a part of it is a value, not a table)"]
            else:
                continue
            for line in lines:
                if line not in seen:
                    seen.add(line)
                    problems.append(f'factors."{key}" = {value!r}: refused by the base scenario: {line}')
    return problems
