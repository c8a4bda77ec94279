"""Bad scenario files are refused with a message that names the file, the key, the value and the rule."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import ScenarioError, load_scenario
from sim.scenario.loader import scenario_from_dict
from tests.conftest import PRESET, preset_dict

TEXT = (Path(__file__).parent / "data" / "integral_a1_self_contained.toml").read_text()
"""A valid A1 scenario in one file (see its header), broken one key at a time below."""
GENERALISTS = '{ discipline = "generalist",    people = 4, fte = 0.9 }'


def test_the_fixed_scenario_loads_as_it_is(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(TEXT)
    assert load_scenario(good).form == "A1"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("people = 4, fte = 0.9", "people = 4, fte = -1", "teams.north.staff[0].fte = -1: must be > 0"),
        (
            "residents = 50000",
            "resdents = 50000",
            "municipality.resdents: unknown key; did you mean 'residents'?",
        ),
        (
            'discipline = "generalist"',
            'discipline = "generalst"',
            "teams.north.staff[0].discipline = 'generalst': must be one of",
        ),
        (
            '{ dist = "lognormal", mean = 40, cv = 0.8 }',
            '{ dist = "lognorml", mean = 40, cv = 0.8 }',
            "did you mean 'lognormal'?",
        ),
        (
            '{ dist = "lognormal", mean = 40, cv = 0.8 }',
            '{ dist = "triangular", low = 9, mode = 5, high = 3 }',
            "specialised_care.duration_weeks = ",
        ),
        ("north = 0.34", "north = 0.24", "municipality.areas: shares sum to 0.9; they must sum to 1"),
        (
            'areas = ["north"]',
            'areas = ["noth"]',
            "teams.north.areas: 'noth' is not an area of the municipality",
        ),
        (
            "[teams.north]\n",
            "[teams.north]\nages = [18, 120]\n",
            "no team serves youth needs of ages 0-17 in area 'north'",
        ),
        ('[teams.south]\nareas = ["south"]', '[teams.south]\nareas = ["south", "north"]', "all serve"),
        ("places = 180", 'places = "many"', "specialised_care.places = 'many': must be a number"),
        ("residents = 50000", "residents = 50000\n[[oops", "not valid TOML"),
        (
            "client_hours_per_case_per_week = 1.4",
            "client_hours_per_case_per_week = 400",
            "has no room for even one case",
        ),
    ],
)
def test_bad_value_is_named_precisely(tmp_path, old, new, expected):
    assert old in TEXT
    bad = tmp_path / "bad.toml"
    bad.write_text(TEXT.replace(old, new, 1))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(bad)
    message = str(caught.value)
    assert expected in message
    assert str(bad) in message


def test_missing_section_is_named(tmp_path):
    start = TEXT.index("[specialised_care]")
    end = TEXT.index("# Each team")
    bad = tmp_path / "bad.toml"
    bad.write_text(TEXT[:start] + TEXT[end:])
    with pytest.raises(ScenarioError, match="specialised_care: missing; this key is required"):
        load_scenario(bad)


def test_extends_missing_and_circular_files_are_refused(tmp_path):
    orphan = tmp_path / "orphan.toml"
    orphan.write_text('extends = "nowhere.toml"\n')
    with pytest.raises(ScenarioError, match="nowhere.toml: no such scenario file"):
        load_scenario(orphan)
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    with pytest.raises(ScenarioError, match="circular inheritance"):
        load_scenario(tmp_path / "a.toml")


def test_missing_open_cases_csv_is_refused(tmp_path):
    child = tmp_path / "today.toml"
    child.write_text(f'extends = "{PRESET}"\n[start_state]\nopen_cases_csv = "gone.csv"\n')
    with pytest.raises(ScenarioError, match="open_cases_csv = 'gone.csv': no such file"):
        load_scenario(child)


def test_extends_overrides_one_key_and_inherits_the_rest(tmp_path):
    child = tmp_path / "child.toml"
    child.write_text(
        f'extends = "{PRESET}"\n[municipality]\nresidents = 60000\n'
        '[specialised_care]\nduration_weeks = { dist = "exponential", mean = 30 }\n'
    )
    base, derived = load_scenario(PRESET), load_scenario(child)
    assert derived.municipality.residents == 60000
    assert derived.municipality.areas == base.municipality.areas
    assert derived.teams == base.teams
    # a distribution table replaces the base's whole table (no leftover 'cv')
    assert derived.specialised_care.duration_weeks.model_dump() == {"dist": "exponential", "mean": 30.0}


@pytest.mark.parametrize(
    "path",
    [
        ("municipality", "areas", "north"),
        ("demand", "monthly_profile", 0),
        ("specialised_care", "cost_eur_per_week"),
    ],
)
@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_not_a_number_and_infinity_are_refused_everywhere(path, value):
    raw = copy.deepcopy(preset_dict())
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(ScenarioError, match="must be a finite number"):
        scenario_from_dict(raw)


def _numeric_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _numeric_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _numeric_paths(value, (*path, index))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path


NUMERIC_PATHS = list(_numeric_paths(preset_dict()))


@settings(max_examples=60, deadline=None)
@given(
    path=st.sampled_from(NUMERIC_PATHS),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**12), 10**12),
        st.text(max_size=5),
        st.booleans(),
        st.none().map(lambda _: []),
    ),
)
def test_any_value_anywhere_loads_or_fails_with_a_scenario_error(path, value):
    raw = copy.deepcopy(preset_dict())
    node = raw
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        scenario = scenario_from_dict(raw)
    except ScenarioError as error:
        assert error.problems and all(isinstance(line, str) for line in error.problems)
    else:
        # whatever was accepted is a usable number within the documented rules
        assert scenario.municipality.residents >= 100
        assert all(math.isfinite(share) for share in scenario.municipality.areas.values())
        assert all(math.isfinite(m) for m in scenario.demand.monthly_profile)
