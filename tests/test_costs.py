"""Provision costs: by the domain of each case assessed in the window, and 0 when none was."""

from __future__ import annotations

import pandas as pd

from sim import load_scenario
from sim.costs import provision_cost
from tests.conftest import PRESET


def test_provisions_cost_by_domain_and_nothing_when_no_case_was_assessed():
    scenario = load_scenario(PRESET)
    prices = scenario.costs.provision_eur_by_domain
    assert prices, "the preset prices provisions"
    domain, price = next(iter(prices.items()))
    cases = pd.DataFrame({"assessed_t": [1.0, 5.0, float("nan")], "domain": [domain, domain, domain]})
    assert provision_cost(scenario, cases, 0.0, 2.0) == price  # one assessed inside the window
    nobody = pd.DataFrame({"assessed_t": pd.Series([], dtype=float), "domain": pd.Series([], dtype=object)})
    assert provision_cost(scenario, nobody, 0.0, 2.0) == 0.0
