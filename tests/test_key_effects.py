"""Every numeric scenario key has an effect: set to two values, it moves a metric or a record.

The keys come from the schema itself (``sim.scenario.numeric_keys``), so a new key is tested the
moment it exists. Each key is run where its cause exists: the conditions of the reference's section
"Where a key acts" (read back from docs/scenario-reference.md, so that list cannot rot) name the
form whose preset is used and the switches to turn on; a key not listed there runs in form A1.

The preset is shrunk to a small town for a short horizon (10,000 residents with staff and places in
proportion, a quarter-year warm-up and one measured year, one replication). The key is run at the
preset's value and at a second value inside its allowed range, on the same master seed (common random
numbers), and the summary row or one of the run's records (cases, unit visits, hand-offs, time series)
must differ. Nothing here depends on the presets' numbers: only on "something moves".
"""

from __future__ import annotations

import copy
import functools
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from analysis.objective import objective
from experiments.replications import run_replications
from sim import ScenarioError
from sim.distributions import DISTRIBUTION_NAMES
from sim.scenario.loader import read_merged_toml, scenario_from_dict
from sim.scenario.numeric_keys import Condition, NumericKey, condition_for, numeric_keys
from sim.scenario.reference import render
from sim.scenario.schema import DOMAINS

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "scenario-reference.md"
PRESET_OF_FORM = {
    "A1": "integral_a1.toml",
    "A2": "complex_a2.toml",
    "B": "split_youth_b.toml",
    "C": "front_expert_c.toml",
}
TOWN_RESIDENTS = 10_000
SETTINGS = {"run.years": 1.0, "run.warmup_years": 0.25, "run.replications": 1}
INSTANCE = {"mandate.levels[i]": 1, "municipality.age_groups.<name>.min_age": 1}
"""Where the first item cannot show the key: the default mandate's first level (the worker) decides
on the spot, without a queue, so its second (the line manager, with every key set) is used; the
youngest age group starts at age 0, so a group's lower age is moved in the second group."""

TEST_FORM = {"teams.<name>.ages": "B"}
"""Keys that act in every form but are moved in another form's preset: an A1 team serves every age,
so its ages cannot move without leaving some age unserved; B's youth team gives ages to its adult team."""

KEYS = numeric_keys()


def conditions_in_reference(text: str) -> dict[str, Condition]:
    """The table of the reference's section "Where a key acts", as prefix -> Condition."""
    section = text.split("## Where a key acts", 1)[1].split("\n## ", 1)[0]
    found: dict[str, Condition] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        prefix, forms, settings, reason = cells
        parsed: dict[str, Any] = {}
        for item in re.findall(r"`([^`]+)`", settings):
            key, value = item.split(" = ", 1)
            parsed[key] = tomllib.loads(f"v = {value}")["v"]
        form_list = tuple(re.findall(r"`([^`]+)`", forms))
        found[prefix.strip("`")] = Condition(form_list, parsed, reason)
    return found


CONDITIONS = conditions_in_reference(REFERENCE.read_text(encoding="utf-8"))


def test_the_reference_lists_where_keys_act_and_is_up_to_date():
    assert REFERENCE.read_text(encoding="utf-8") == render()
    assert CONDITIONS, "the reference has no table of where keys act"
    paths = {key.path for key in KEYS}
    for prefix in CONDITIONS:
        assert any(path.startswith(prefix) for path in paths), f"{prefix}: no numeric key has this prefix"


@functools.cache
def preset_raw(form: str) -> dict[str, Any]:
    """The form's preset as a plain dict, every default written out."""
    scenario = scenario_from_dict(read_merged_toml(ROOT / "scenarios" / PRESET_OF_FORM[form]))
    return scenario.model_dump(mode="json")


def set_path(raw: dict[str, Any], parts: list[str | int], value: Any) -> None:
    node: Any = raw
    for part in parts[:-1]:
        if isinstance(part, str) and (part not in node or node[part] is None):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value


def get_path(raw: dict[str, Any], parts: list[str | int]) -> Any:
    node: Any = raw
    for part in parts:
        if node is None:
            return None
        node = node[part] if isinstance(part, int) else node.get(part)
    return node


def small_town(raw: dict[str, Any]) -> dict[str, Any]:
    """The preset shrunk to ``TOWN_RESIDENTS``: staff, care places and first-line places in proportion."""
    factor = TOWN_RESIDENTS / raw["municipality"]["residents"]
    raw["municipality"]["residents"] = TOWN_RESIDENTS
    raw["workforce"]["fte_factor"] *= factor
    for section in ("specialised_care", "first_line"):
        raw[section]["places"] = max(1, round(raw[section]["places"] * factor))
    for dotted, value in SETTINGS.items():
        set_path(raw, list(dotted.split(".")), value)
    return raw


def concrete(raw: dict[str, Any], path: str) -> list[str | int]:
    """The parts of ``path`` with ``<name>`` and ``[i]`` resolved to an item of the scenario."""
    parts: list[str | int] = []
    node: Any = raw
    for piece in re.split(r"\.", path.replace("[i]", ".[i]")):
        if piece == "<name>":
            piece_value: str | int = list(node)[INSTANCE.get(path, 0)]
        elif piece == "[i]":
            so_far = ".".join(str(p) for p in parts)
            piece_value = INSTANCE.get(f"{so_far}[i]", 0)
        else:
            piece_value = piece
        parts.append(piece_value)
        node = node[piece_value] if isinstance(piece_value, int) else (node or {}).get(piece_value)
    return parts


def other_number(value: float | None, key: NumericKey, whole: bool) -> list[float]:
    """A value of the key's range other than ``value`` (two values when ``value`` is None).

    A chance or share (0 to 1) goes to the far end of its range, so that even a rare event shows it;
    another number is doubled, or halved when there is more room below it than above (or no upper
    bound); a whole number (a count of places, servers, people or an age) is quartered, down to its
    lowest allowed value, so that a capacity binds even in a small town; 0 becomes the middle of the
    range (or 1).
    """
    bounds = key.bounds
    low = bounds.ge if bounds.ge is not None else bounds.gt
    high = bounds.le if bounds.le is not None else bounds.lt
    if value is None:
        low, high = (low or 0.0), (high if high is not None else 2 * (low or 1.0))
        picks = [low + 0.25 * (high - low), low + 0.75 * (high - low)]
        return [round(p) if whole else p for p in picks]
    if bounds.ge == 0 and bounds.le == 1 and not whole:  # a chance or a share: the far end
        candidates = [1.0 if value < 0.5 else 0.0]
    elif value == 0:
        candidates = [high / 2 if high is not None else 1.0, 1.0]
    elif whole:
        candidates = [max(low or 0.0, value // 4), value + 1, value * 2]
    else:
        room_above = (high - value) if high is not None else 0.0  # no upper bound: halve
        halves = [value / 2, value * 2]
        candidates = halves[::-1] if room_above >= value - (low or 0.0) else halves
        candidates += [(value + (low or 0.0)) / 2] + ([(value + high) / 2] if high is not None else [])
    for candidate in candidates:
        if candidate != value and bounds.allows(candidate):
            return [int(candidate) if whole else candidate]
    raise AssertionError(f"{key.path}: no second value inside {bounds} for {value}")


def other_distribution(dist: dict[str, Any]) -> dict[str, Any]:
    """The distribution with its location halved (a fixed 0 becomes a fixed 1)."""
    assert dist["dist"] in DISTRIBUTION_NAMES
    if dist["dist"] == "fixed" and dist["value"] == 0:
        return {"dist": "fixed", "value": 1.0}
    return {
        name: (v / 2 if name in ("value", "mean", "low", "mode", "high") else v) for name, v in dist.items()
    }


def variants(raw: dict[str, Any], key: NumericKey) -> list[dict[str, Any]]:
    """One or two copies of ``raw`` with the key at another value (the preset's value is ``raw``)."""
    parts = concrete(raw, key.path)
    value = get_path(raw, parts)
    out = []
    if key.kind == "distribution":
        changed = copy.deepcopy(raw)
        default = {"dist": "exponential", "mean": 20.0}  # an optional distribution left out
        set_path(changed, parts, other_distribution(value) if value else default)
        return [changed]
    if key.kind in ("number", "whole number"):
        others = [value / 2] if shares_a_sum(parts) else other_number(value, key, key.kind == "whole number")
        for number in others:
            changed = copy.deepcopy(raw)
            set_path(changed, parts, number)
            keep_sums(changed, parts, value, number)
            out.append(changed)
        return out
    changed = copy.deepcopy(raw)
    if key.kind.startswith("table of"):
        table = value
        inner: list[str | int] = []
        while isinstance(table, dict):
            first = next(iter(table), None) if table else None
            if first is None:  # an empty table (a default of none): give it one entry
                first = DOMAINS[0]
                set_path(changed, [*parts, *inner], {first: 0.0})
                table = 0.0
                inner.append(first)
                break
            inner.append(first)
            table = table[first]
        moved = float(table) / 2 if shares_a_sum(parts) else other_number(float(table), key, whole=False)[0]
        set_path(changed, [*parts, *inner], moved)
        if key.path == "municipality.areas":
            keep_sums(changed, [*parts, *inner], float(table), moved)
    elif key.kind.startswith("list of"):
        changed_list = list(value)
        changed_list[0] = changed_list[0] / 2
        set_path(changed, parts, changed_list)
    elif key.kind.startswith("pair of") and parts[0] == "teams":
        # move the upper age of a team and the lower age of the teams that start right above it
        low, high = value
        set_path(changed, parts, [low, high + 1])
        for team in changed["teams"].values():
            if team["ages"][0] == high + 1 and team["areas"] == get_path(changed, parts[:-1])["areas"]:
                team["ages"] = [high + 2, team["ages"][1]]
    elif key.kind.startswith("pair of"):
        low, high = value
        set_path(changed, parts, [low + 1, high])
    return [changed]


def shares_a_sum(parts: list[str | int]) -> bool:
    """A share of residents or requests: the key and a partner sum to 1, so it is halved."""
    return parts[:2] in (["municipality", "areas"], ["demand", "complexity_mix"]) or (
        parts[:2] == ["municipality", "age_groups"] and parts[-1] == "share"
    )


def keep_sums(raw: dict[str, Any], parts: list[str | int], old: float | None, new: float) -> None:
    """Shares that must sum to 1 and age groups that must touch: move the partner with the key."""
    if old is None:
        return
    parent, name = parts[:-1], parts[-1]
    if parts[0] == "municipality" and parts[1] == "areas":
        table = get_path(raw, parent)
        partner = [area for area in table if area != name][0]
        table[partner] += old - new
    elif parts[:2] == ["demand", "complexity_mix"]:
        table = get_path(raw, parent)
        partner = "multiple" if name == "single" else "single"
        table[partner] += old - new
    elif parts[:2] == ["municipality", "age_groups"]:
        groups = get_path(raw, parts[:2])
        names = list(groups)
        group = parts[2]
        if name == "share":
            partner = names[1] if group == names[0] else names[0]
            groups[partner]["share"] += old - new
        elif name == "max_age":
            after = names[names.index(group) + 1]
            groups[after]["min_age"] = int(new) + 1
        elif name == "min_age":
            before = names[names.index(group) - 1]
            groups[before]["max_age"] = int(new) - 1


def fingerprint(raw: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The summary row and the records of one replication of ``raw``, on the scenario's master seed."""
    scenario = scenario_from_dict(raw, source="key effect test")
    found = run_replications(scenario, scenario.run.replications, scenario.run.seed)
    return {
        "summary": found.summary,
        "cases": found.cases,
        "visits": found.visits,
        "handoffs": found.handoffs,
        "timeseries": found.timeseries,
    }


@functools.cache
def base_of(form: str, settings: str) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    raw = small_town(copy.deepcopy(preset_raw(form)))
    for dotted, value in json.loads(settings).items():
        set_path(raw, concrete(raw, dotted) if "<" in dotted or "[" in dotted else dotted.split("."), value)
    return raw, fingerprint(raw)


def moved(first: dict[str, pd.DataFrame], second: dict[str, pd.DataFrame]) -> list[str]:
    """Names of the tables that differ."""
    return [name for name in first if not first[name].equals(second[name])]


def where(key: NumericKey) -> tuple[str, dict[str, Any]]:
    condition = condition_for(key.path, CONDITIONS)
    if condition is None:
        return TEST_FORM.get(key.path, "A1"), {}
    return (condition.forms[0] if condition.forms else "A1"), condition.settings


FORM_BOUND = [k for k in KEYS if (c := condition_for(k.path, CONDITIONS)) and c.forms and "A1" not in c.forms]


@pytest.mark.parametrize("key", FORM_BOUND, ids=lambda k: k.path)
def test_a_key_bound_to_other_forms_has_no_effect_in_form_a1(key: NumericKey):
    _, settings = where(key)
    try:
        raw, base = base_of("A1", json.dumps(settings, sort_keys=True))
    except ScenarioError as refused:  # the switch itself is refused outside its form: bound all the more
        assert "an option of form" in str(refused)
        return
    for changed in variants(raw, key):
        assert not moved(base, fingerprint(changed)), f"{key.path} acts in form A1 too"


@pytest.mark.parametrize(
    "key", [k for k in KEYS if not k.path.startswith("objective.")], ids=lambda k: k.path
)
def test_each_numeric_key_moves_a_metric_or_a_record(key: NumericKey):
    form, settings = where(key)
    raw, base = base_of(form, json.dumps(settings, sort_keys=True))
    runs = [fingerprint(changed) for changed in variants(raw, key)]
    if len(runs) == 1:
        runs.insert(0, base)
    assert moved(*runs), f"{key.path} ({form}, {settings}): two values, the same summary and records"


@pytest.mark.parametrize("key", [k for k in KEYS if k.path.startswith("objective.")], ids=lambda k: k.path)
def test_each_objective_key_moves_the_judgement_of_a_comparison(key: NumericKey):
    field = key.path.rsplit(".", 1)[1]
    values = other_number(None, key, whole=False)
    judged = [objective({"closed": {field: v}})["closed"] for v in values]
    assert judged[0] != judged[1]
