"""Experiment specs: designs have the promised shape and spread; bad specs are refused naming the key."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from experiments.design import design_points, sobol_problem
from experiments.spec import ExperimentSpec, load_spec, spec_hash
from sim import load_scenario
from sim.metrics import METRIC_NAMES
from sim.scenario.errors import ScenarioError

BASE = Path(__file__).resolve().parents[1] / "scenarios" / "integral_a1.toml"

HOURS = "workforce.client_hours_per_case_per_week"
PLACES = "specialised_care.places"
REENTRY = "behaviour.reentry_probability"


def write_spec(tmp_path: Path, design: str, factors: str, top: str = "", name: str = "spec.toml") -> Path:
    text = (
        f'name = "Test sweep"\nbase = "{BASE.as_posix()}"\nreplications = 3\nseed = 20261122\n{top}\n'
        f"[design]\n{design}\n[factors]\n{factors}\n"
    )
    path = tmp_path / name
    path.write_text(text)
    return path


RANGES = (
    f'"{HOURS}" = {{ low = 1.2, high = 1.6 }}\n'
    f'"{REENTRY}" = {{ low = 0.05, high = 0.2 }}\n'
    f'"{PLACES}" = {{ low = 120, high = 240, integer = true }}\n'
)


def lhs_spec(tmp_path: Path, samples: int = 20, seed: int = 20261122) -> ExperimentSpec:
    path = write_spec(tmp_path, f'kind = "lhs"\nsamples = {samples}', RANGES, name=f"lhs_{seed}.toml")
    text = path.read_text().replace("seed = 20261122", f"seed = {seed}")
    path.write_text(text)
    return load_spec(path)


def refusal(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_spec(path)
    assert info.value.problems, "a ScenarioError must carry at least one problem line"
    assert all(line.startswith(f"{path}: ") for line in info.value.problems)
    return "\n".join(info.value.problems)


# --- good specs --------------------------------------------------------------------------------


def test_spec_is_resolved(tmp_path):
    factors = f'"{HOURS}" = {{ values = [1.2, 1.4] }}'
    path = write_spec(tmp_path, 'kind = "factorial"', factors, top="years = 2")
    spec = load_spec(path)
    assert spec.base == BASE
    assert spec.years == 2
    assert spec.metrics == METRIC_NAMES
    assert len(spec_hash(spec)) == 64
    with pytest.raises(Exception):  # noqa: B017 - frozen: any pydantic error will do
        spec.replications = 4


def test_relative_base_is_resolved_from_the_spec_file(tmp_path):
    path = write_spec(tmp_path, 'kind = "factorial"', f'"{HOURS}" = {{ values = [1.2] }}')
    relative = Path(*[".."] * len(tmp_path.parts[1:])) / BASE.relative_to("/")
    path.write_text(path.read_text().replace(f'"{BASE.as_posix()}"', f'"{relative.as_posix()}"'))
    assert load_spec(path).base == BASE


def test_factorial_gives_every_combination_once(tmp_path):
    factors = (
        f'"{HOURS}" = {{ values = [1.2, 1.4, 1.6] }}\n'
        f'"{PLACES}" = {{ values = [120, 180] }}\n'
        f'"{REENTRY}" = {{ values = [0.05, 0.1, 0.15, 0.2] }}\n'
    )
    spec = load_spec(write_spec(tmp_path, 'kind = "factorial"', factors))
    design = design_points(spec)
    assert list(design.columns) == [HOURS, PLACES, REENTRY]
    assert len(design) == 3 * 2 * 4
    rows = [tuple(row) for row in design.itertuples(index=False)]
    expected = list(itertools.product([1.2, 1.4, 1.6], [120, 180], [0.05, 0.1, 0.15, 0.2]))
    assert sorted(rows) == sorted(expected)
    assert len(set(rows)) == len(rows)
    assert rows == expected  # file order: the last factor varies fastest


def test_lhs_hits_every_stratum_once(tmp_path):
    n = 20
    spec = lhs_spec(tmp_path, samples=n)
    design = design_points(spec)
    assert len(design) == n
    for key in (HOURS, REENTRY):
        low, high = spec.factors[key].low, spec.factors[key].high
        values = design[key].to_numpy()
        assert np.all((values >= low) & (values <= high))
        strata = np.minimum(np.floor((values - low) / (high - low) * n).astype(int), n - 1)
        assert sorted(strata) == list(range(n)), key
    places = design[PLACES]
    assert places.dtype.kind == "i"
    assert places.between(120, 240).all()


def test_sobol_gives_n_times_d_plus_2_rows_inside_bounds(tmp_path):
    spec = load_spec(write_spec(tmp_path, 'kind = "sobol"\nsamples = 16', RANGES))
    design = design_points(spec)
    assert len(design) == 16 * (3 + 2)
    for key, factor in spec.factors.items():
        assert design[key].between(factor.low, factor.high).all(), key
    assert design[PLACES].dtype.kind == "i"
    problem = sobol_problem(spec)
    assert problem["names"] == [HOURS, REENTRY, PLACES]
    assert problem["bounds"] == [[1.2, 1.6], [0.05, 0.2], [120.0, 240.0]]


@pytest.mark.parametrize("kind", ["lhs", "sobol"])
def test_same_seed_same_design(tmp_path, kind):
    first = load_spec(write_spec(tmp_path, f'kind = "{kind}"\nsamples = 16', RANGES, name="one.toml"))
    second = load_spec(write_spec(tmp_path, f'kind = "{kind}"\nsamples = 16', RANGES, name="two.toml"))
    assert spec_hash(first) == spec_hash(second)
    assert design_points(first).equals(design_points(second))


def test_other_seed_other_design_and_hash(tmp_path):
    one, other = lhs_spec(tmp_path, seed=1), lhs_spec(tmp_path, seed=2)
    assert spec_hash(one) != spec_hash(other)
    assert not design_points(one).equals(design_points(other))


def test_hash_depends_on_factor_order(tmp_path):
    a = f'"{HOURS}" = {{ values = [1.2] }}\n"{PLACES}" = {{ values = [120] }}\n'
    b = f'"{PLACES}" = {{ values = [120] }}\n"{HOURS}" = {{ values = [1.2] }}\n'
    first = load_spec(write_spec(tmp_path, 'kind = "factorial"', a, name="a.toml"))
    second = load_spec(write_spec(tmp_path, 'kind = "factorial"', b, name="b.toml"))
    assert spec_hash(first) != spec_hash(second)


# --- bad specs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "top, design, factors, expected",
    [
        (
            "replicatons = 3",
            'kind = "factorial"',
            f'"{HOURS}" = {{ values = [1.2] }}',
            ["replicatons: unknown key; did you mean 'replications'?"],
        ),
        (
            "",
            'kind = "factorial"',
            f'"{HOURS}" = {{ valeus = [1.2] }}',
            [
                f"factors.\"{HOURS}\".valeus: unknown key; did you mean 'values'?",
                f'factors."{HOURS}": a factorial design needs values',
            ],
        ),
        (
            "",
            'kind = "lhs"\nsamples = 8',
            f'"{PLACES}" = {{ low = 240, high = 120 }}',
            [f'factors."{PLACES}".low = 240: must be < high (120)'],
        ),
        (
            "",
            'kind = "lhs"\nsamples = 8',
            f'"{PLACES}" = {{ low = 120, high = 120 }}',
            [f'factors."{PLACES}".low = 120: must be < high (120)'],
        ),
        (
            "",
            'kind = "sobol"\nsamples = 8',
            f'"{PLACES}" = {{ values = [120, 180] }}',
            [f'factors."{PLACES}": a sobol design needs low and high'],
        ),
        (
            "",
            'kind = "sobol"\nsamples = 60',
            f'"{PLACES}" = {{ low = 120, high = 180 }}',
            ["design.samples = 60: a sobol design needs a power of 2"],
        ),
        (
            'metrics = ["closed", "wait_first_contact_mean_wekes"]',
            'kind = "factorial"',
            f'"{HOURS}" = {{ values = [1.2] }}',
            [
                "metrics = 'wait_first_contact_mean_wekes': unknown metric; "
                "did you mean 'wait_first_contact_mean_weeks'?"
            ],
        ),
        (
            "",
            'kind = "factorial"',
            '"workforce.client_hours_per_cas" = { values = [1.2, 1.4] }',
            [
                'factors."workforce.client_hours_per_cas" = 1.2: refused by the base scenario: '
                "workforce.client_hours_per_cas: unknown key; did you mean 'client_hours_per_case_per_week'?"
            ],
        ),
        (
            "",
            'kind = "lhs"\nsamples = 8',
            f'"{PLACES}" = {{ low = -5, high = 120, integer = true }}',
            [f'factors."{PLACES}" = -5: refused by the base scenario: {PLACES} = -5: must be >= 1'],
        ),
        (
            "",
            'kind = "factorial"',
            f'"{PLACES}" = {{ values = [180, -1] }}',
            [f'factors."{PLACES}" = -1: refused by the base scenario: {PLACES} = -1: must be >= 1'],
        ),
        (
            "",
            'kind = "factorial"',
            '"run.years.extra" = { values = [1] }',
            ['factors."run.years.extra" = 1: refused by the base scenario: run.years.extra: not a key'],
        ),
        (
            "",
            'kind = "fractional"',
            f'"{HOURS}" = {{ values = [1.2] }}',
            ["design.kind = 'fractional': must be one of factorial, lhs, sobol"],
        ),
    ],
)
def test_bad_spec_is_refused_naming_the_key(tmp_path, top, design, factors, expected):
    message = refusal(write_spec(tmp_path, design, factors, top=top))
    for part in expected:
        assert part in message


def test_all_problems_are_reported_together(tmp_path):
    factors = (
        f'"{PLACES}" = {{ low = 240, high = 120 }}\n'
        '"workforce.client_hours_per_cas" = { low = 1, high = 2 }\n'
    )
    message = refusal(
        write_spec(tmp_path, 'kind = "lhs"\nsamples = 8', factors, top='metrics = ["closd"]\nreplicatons = 3')
    )
    for part in [
        "replicatons: unknown key",
        "metrics = 'closd'",
        f'factors."{PLACES}".low = 240',
        'factors."workforce.client_hours_per_cas" = 1.0: refused by the base scenario',
    ]:
        assert part in message


def test_missing_base_is_refused(tmp_path):
    path = write_spec(tmp_path, 'kind = "factorial"', f'"{HOURS}" = {{ values = [1.2] }}')
    path.write_text(path.read_text().replace(BASE.as_posix(), (tmp_path / "nope.toml").as_posix()))
    assert "no such scenario file" in refusal(path)


def test_hash_follows_the_base_scenarios_content_not_its_path(tmp_path):
    import shutil

    town = BASE.parent / "shared" / "town_50k.toml"
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(BASE, copy / "a1.toml")
    (copy / "a1.toml").write_text(BASE.read_text().replace('"shared/town_50k.toml"', f'"{town.as_posix()}"'))
    factors = f'"{PLACES}" = {{ values = [120] }}\n'
    original = load_spec(write_spec(tmp_path, 'kind = "factorial"', factors, name="o.toml"))
    moved_text = write_spec(tmp_path, 'kind = "factorial"', factors, name="m.toml").read_text()
    (tmp_path / "m.toml").write_text(moved_text.replace(BASE.as_posix(), (copy / "a1.toml").as_posix()))
    assert spec_hash(load_spec(tmp_path / "m.toml")) == spec_hash(original)
    edited = (copy / "a1.toml").read_text().replace("people = 4, fte = 0.9", "people = 5, fte = 0.9", 1)
    (copy / "a1.toml").write_text(edited)
    assert spec_hash(load_spec(tmp_path / "m.toml")) != spec_hash(original)


def test_factor_on_one_key_of_a_table_the_file_leaves_out_keeps_its_other_defaults(tmp_path):
    """integral_a1 has no [split_teams]: setting one of its keys must not drop the others."""
    key = "split_teams.mixed_household_probability.multiple"
    spec = load_spec(write_spec(tmp_path, 'kind = "factorial"', f'"{key}" = {{ values = [0.4] }}'))
    assert spec.factors[key].values == (0.4,)
    loaded = load_scenario(BASE, overrides={key: 0.4}).split_teams.mixed_household_probability
    default = load_scenario(BASE).split_teams.mixed_household_probability
    assert (loaded.single, loaded.multiple, loaded.multi_problem) == (
        default.single,
        0.4,
        default.multi_problem,
    )
