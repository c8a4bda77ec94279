"""Which team a request goes to: looked up by area, age and domain in a precomputed table."""

from __future__ import annotations

import numpy as np

from sim.agents import TeamAgent
from sim.scenario.schema import DOMAINS, Scenario

MAX_AGE = 120


class Router:
    """Finds the team that serves a resident (form A1: exactly one per area, age and domain)."""

    def __init__(self, scenario: Scenario, areas: list[str], teams: dict[str, TeamAgent]):
        self._teams = list(teams.values())
        self._area_index = {a: i for i, a in enumerate(areas)}
        self._table = np.full((len(areas), len(DOMAINS), MAX_AGE + 1), -1, dtype=int)
        for t_index, team in enumerate(self._teams):
            spec = scenario.teams[team.name]
            for a_index, area in enumerate(areas):
                if spec.areas is not None and area not in spec.areas:
                    continue
                for d_index, domain in enumerate(DOMAINS):
                    if spec.domains is not None and domain not in spec.domains:
                        continue
                    self._table[a_index, d_index, spec.ages[0]:spec.ages[1] + 1] = t_index

    def team_for(self, area: str, age: int, domain: str) -> TeamAgent:
        """The team that serves this resident; the scenario check guarantees there is one."""
        index = self._table[self._area_index[area], DOMAINS.index(domain), min(age, MAX_AGE)]
        if index < 0:
            raise LookupError(f"no team serves {domain} needs of age {age} in area '{area}'")
        return self._teams[index]
