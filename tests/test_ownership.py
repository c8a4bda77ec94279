"""Ownership (sim.ownership): only a team pooled over several areas pays for not knowing each one."""

from __future__ import annotations

from sim import load_scenario, run
from tests.conftest import ROOT


def _with_factor(scenario, factor: float):
    return scenario.model_copy(
        update={"ownership": scenario.ownership.model_copy(update={"pooled_support_factor": factor})}
    )


def test_teams_of_one_area_are_untouched_by_the_ownership_factor():
    a1 = load_scenario(ROOT / "scenarios" / "integral_a1.toml")  # one team per area
    assert run(_with_factor(a1, 0.2), 3, years=1).metrics == run(a1, 3, years=1).metrics


def test_a_pooled_team_supports_longer_with_the_factor():
    a1 = load_scenario(ROOT / "scenarios" / "integral_a1.toml")
    teams = dict(a1.teams)
    teams["north"] = teams["north"].model_copy(update={"areas": ["north", "centre"]})
    teams["centre"] = teams["centre"].model_copy(update={"areas": ["south"]})
    teams.pop("south")
    pooled = a1.model_copy(update={"teams": teams})
    plain, slower = run(pooled, 3, years=1), run(_with_factor(pooled, 0.3), 3, years=1)
    weeks = {}
    for name, result in (("plain", plain), ("slower", slower)):
        cases = result.cases[(result.cases["team"] == "north") & (result.cases["escalation"] == "")]
        weeks[name] = (cases["end_t"] - cases["assessed_t"]).median()
    assert weeks["slower"] > weeks["plain"] * 1.15
