"""The model's register of Mesa agents (WijkModel.register_agent) keeps Mesa's sets in step."""

from __future__ import annotations

import sim
from sim.agents import Household, Professional, TeamAgent
from sim.model import WijkModel


def test_households_that_are_done_leave_every_set_and_the_others_are_in_every_set() -> None:
    scenario = sim.load_scenario("scenarios/integral_a1.toml", overrides={"run.years": 1.0})
    model = WijkModel(scenario, 5)
    model.run_to_end()
    everyone = set(model.agents)
    households = set(model.agents_by_type[Household])
    assert everyone == set(model._agents)
    assert everyone == set().union(*(set(agents) for agents in model.agents_by_type.values()))
    assert len(households) > 100 and model.cases_started > 2 * len(households)  # many came and left
    # a household stays while it has an open case, a return to come or a need not yet done (help
    # seeking, on in the presets, makes households with a latent need agents before they ask)
    assert all(
        h.open_cases > 0 or h.pending_returns > 0 or (h.need is not None and not h.need.done)
        for h in households
    )
    assert set(model.agents_by_type[TeamAgent]) == set(model.teams.values())
    assert len(model.agents_by_type[Professional]) == sum(len(t.professionals) for t in model.teams.values())
    late = Household(model, "late")
    assert late in set(model.agents_by_type[Household]) and late in set(model.agents)
    late.remove()
    assert late not in set(model.agents) and late not in set(model.agents_by_type[Household])
