"""Every euro accounted: staff, specialised care, the first line, individual provisions and crises.

``cost_eur`` of a run is the staff cost of the window (seconded FTE at their own price), care outside
the teams per case-week served (specialised care, form A2's first line), the individual provisions
decided on for the cases assessed in the window (``costs.provision_eur_by_domain``, per case of the
domain) and a cost per crisis (``costs.crisis_eur``, per case that escalated by worsening in the
window). A resident who gave up or was lost costs nothing then, and costs again when they return.
All amounts are euros.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from sim.scenario.schema import Scenario
    from sim.units import Weeks


def _inside(t: np.ndarray, start: Weeks, end: Weeks) -> np.ndarray:
    """Which times fall in the window ``[start, end]`` (NaN never does)."""
    return (t >= start) & (t <= end)


def provision_cost(scenario: Scenario, cases: pd.DataFrame, start: Weeks, end: Weeks) -> float:
    """Individual provisions of the cases assessed in ``[start, end]`` (weeks), by the domain of their need."""
    by_domain = scenario.costs.provision_eur_by_domain
    if not by_domain:
        return 0.0
    assessed = cases[_inside(cases["assessed_t"].to_numpy(), start, end)]
    # astype: with no case assessed the mapped column is empty and of object type, whose sum is ''
    return float(assessed["domain"].map(by_domain).astype(float).fillna(0.0).sum())


def crisis_cost(scenario: Scenario, cases: pd.DataFrame, start: Weeks, end: Weeks) -> float:
    """Crises (escalation by worsening) of the cases that ended in ``[start, end]`` (weeks)."""
    per_crisis = scenario.costs.crisis_eur
    if per_crisis == 0:
        return 0.0
    ended = _inside(cases["end_t"].to_numpy(), start, end)
    crises = np.sum(ended & (cases["escalation"].to_numpy() == "worsening"))
    return float(crises) * per_crisis
