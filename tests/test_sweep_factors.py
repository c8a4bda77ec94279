"""The one-key sweep factors: ``workforce.fte_factor``, ``demand.rate_factor``, ``staffing.seconded_share``,
``workforce.youth_team_fte_share``.

They scale staff hours and demand, and set the share of seconded workers, without editing every staff
line; at their defaults they change nothing at all.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.summary import mean_ci
from experiments.spec import load_spec
from sim import load_scenario, run
from sim.random_streams import replication_seeds
from sim.scenario.effective import effective_scenario, seconded_flags
from tests.conftest import SCENARIOS

SHORT = {"run.years": 1.0, "run.warmup_years": 0.5}


def preset(name: str = "integral_a1", **overrides):
    return load_scenario(SCENARIOS / f"{name}.toml", overrides={**SHORT, **overrides})


def workers(scenario) -> list[tuple[str, str, float]]:
    """(team, contract, fte) of every worker, in staff-line order."""
    return [
        (name, line.contract, line.fte)
        for name, team in scenario.teams.items()
        for line in team.staff
        for _ in range(line.people)
    ]


@given(st.integers(0, 200), st.floats(0, 1))
def test_seconded_flags_pick_floor_of_share_evenly(n, share):
    flags = seconded_flags(n, share)
    assert sum(flags) == math.floor(n * share + 1e-9)
    # Evenly: any stretch of k workers holds floor or ceil of k * share seconded ones (give or take one).
    for start in range(0, n, 7):
        stretch = flags[start : start + 10]
        assert abs(sum(stretch) - len(stretch) * share) <= 1.0 + 1e-9


def test_defaults_leave_the_scenario_itself():
    scenario = preset()
    assert effective_scenario(scenario) is scenario


def test_factors_rewrite_teams_and_rates_once():
    base = preset("heerlen")
    changed = preset(
        "heerlen", **{"workforce.fte_factor": 1.5, "demand.rate_factor": 0.8, "staffing.seconded_share": 0.5}
    )
    effective = effective_scenario(changed)
    before, after = workers(base), workers(effective)
    assert len(before) == len(after)
    assert [fte for *_, fte in after] == [1.5 * fte for *_, fte in before]
    for team in base.teams:
        contracts = [c for name, c, _ in after if name == team]
        assert contracts.count("seconded") == math.floor(len(contracts) * 0.5)
    rates = effective.demand.requests_per_1000_residents_per_year
    for group, by_domain in base.demand.requests_per_1000_residents_per_year.items():
        for domain, rate in by_domain.items():
            assert rates[group][domain] == rate * 0.8
    assert effective_scenario(effective) is effective  # the factors are reset: applying twice is once


def test_fte_factor_scales_staff_hours_exactly():
    seed = replication_seeds(3, 1)[0]
    base = run(preset(), seed).metrics["staff_hours"]
    more = run(preset(**{"workforce.fte_factor": 1.25}), seed).metrics["staff_hours"]
    assert more == pytest.approx(1.25 * base, rel=1e-12)


def test_rate_factor_scales_requests():
    """Requests are Poisson counts: the ratio of totals has a 95% CI that must hold 1.3 and not 1."""
    seeds = replication_seeds(5, 3)
    base = sum(run(preset(), s).metrics["requests"] for s in seeds)
    more = sum(run(preset(**{"demand.rate_factor": 1.3}), s).metrics["requests"] for s in seeds)
    ratio = more / base
    half_width = 1.96 * ratio * math.sqrt(1 / base + 1 / more)
    assert abs(ratio - 1.3) < half_width
    assert ratio - half_width > 1.0


def test_seconded_share_raises_overhead_share():
    diffs = []
    for seed in replication_seeds(11, 4):
        employed = run(preset(), seed).metrics["overhead_share"]
        seconded = run(preset(**{"staffing.seconded_share": 1.0}), seed).metrics["overhead_share"]
        diffs.append(seconded - employed)
    mean, low, high = mean_ci(np.array(diffs))
    assert low > 0, (mean, low, high)


def test_staffing_sweep_spec_varies_the_three_factors():
    spec = load_spec("experiments/staffing_sweep.toml")
    assert set(spec.factors) == {"workforce.fte_factor", "demand.rate_factor", "staffing.seconded_share"}


def team_totals(scenario) -> dict[str, float]:
    """FTE per team of the scenario the model runs."""
    effective = effective_scenario(scenario)
    return {
        name: sum(line.fte * line.people for line in team.staff) for name, team in effective.teams.items()
    }


@pytest.mark.parametrize("share", [0.2, 0.25, 0.42, 0.6])
def test_youth_team_fte_share_moves_staff_with_the_total_fixed(share):
    base = team_totals(preset("gouda_split"))
    moved = team_totals(preset("gouda_split", **{"workforce.youth_team_fte_share": share}))
    assert sum(moved.values()) == pytest.approx(sum(base.values()), rel=1e-12)
    assert moved["youth"] / sum(moved.values()) == pytest.approx(share, rel=1e-12)
    adults = [name for name in base if name != "youth"]
    for name in adults:  # the adult teams keep their proportions to each other
        assert moved[name] / moved[adults[0]] == pytest.approx(base[name] / base[adults[0]], rel=1e-12)


def test_youth_team_fte_share_leaves_teams_of_all_ages_alone():
    """The merged teams serve 0-100: no youth-only team, so the key changes none of their staff."""
    assert team_totals(preset("gouda_merged", **{"workforce.youth_team_fte_share": 0.2})) == team_totals(
        preset("gouda_merged")
    )


def test_starving_the_youth_team_lengthens_the_waits_with_the_same_staff_hours():
    """A youth team with 15% of the FTE instead of its third: the same hours, longer waits (paired)."""
    diffs = []
    for seed in replication_seeds(17, 3):
        base = run(preset("gouda_split"), seed).metrics
        starved = run(preset("gouda_split", **{"workforce.youth_team_fte_share": 0.15}), seed).metrics
        assert starved["staff_hours"] == pytest.approx(base["staff_hours"], rel=1e-9)
        diffs.append(starved["wait_first_contact_mean_weeks"] - base["wait_first_contact_mean_weeks"])
    mean, low, high = mean_ci(np.array(diffs))
    assert low > 0, (mean, low, high)
