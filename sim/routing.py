"""Which team a request belongs to: looked up by area, age and domain in a precomputed table.

Only door teams are in the table; expert teams (form C) are found through the front team they back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.scenario.schema import DOMAINS

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.scenario.schema import Scenario

MAX_AGE = 120


class Router:
    """Finds the team that serves a resident's need, the wrong doors beside it, and expert teams."""

    def __init__(self, scenario: Scenario, areas: list[str], teams: dict[str, TeamAgent]):
        self._doors = [team for team in teams.values() if team.role == "door"]
        self._area_index = {a: i for i, a in enumerate(areas)}
        self._table: np.ndarray = np.full((len(areas), len(DOMAINS), MAX_AGE + 1), -1, dtype=int)
        self._in_area: list[list[TeamAgent]] = [[] for _ in areas]
        for t_index, team in enumerate(self._doors):
            spec = scenario.teams[team.name]
            for a_index, area in enumerate(areas):
                if spec.areas is not None and area not in spec.areas:
                    continue
                self._in_area[a_index].append(team)
                for d_index, domain in enumerate(DOMAINS):
                    if spec.domains is not None and domain not in spec.domains:
                        continue
                    self._table[a_index, d_index, spec.ages[0] : spec.ages[1] + 1] = t_index
        self._experts: dict[str, TeamAgent] = {}
        for team in teams.values():
            if team.role != "expert":
                continue
            for door in self._doors:
                if team.spec.serves is None or door.name in team.spec.serves:
                    self._experts.setdefault(door.name, team)

    def team_for(self, area: str, age: int, domain: str) -> TeamAgent:
        """The door team that serves this resident; the scenario check guarantees there is one."""
        index = self._table[self._area_index[area], DOMAINS.index(domain), min(age, MAX_AGE)]
        if index < 0:
            raise LookupError(f"no team serves {domain} needs of age {age} in area '{area}'")
        return self._doors[index]

    def serving_team(self, area: str, age: int, domain: str) -> TeamAgent | None:
        """The door team that serves this resident, or None if there is none."""
        index = self._table[self._area_index[area], DOMAINS.index(domain), min(age, MAX_AGE)]
        return self._doors[index] if index >= 0 else None

    def wrong_doors(self, area: str, right: TeamAgent) -> list[TeamAgent]:
        """The other door teams of the area: where a resident may knock by mistake."""
        return [team for team in self._in_area[self._area_index[area]] if team is not right]

    def doors_elsewhere(self, area: str) -> list[TeamAgent]:
        """The door teams that do not serve ``area``: another area's front team (form C's wrong doors)."""
        here = self._in_area[self._area_index[area]]
        return [team for team in self._doors if team not in here]

    def expert_for(self, front: TeamAgent) -> TeamAgent:
        """The expert team behind a front team (form C; the scenario check guarantees one)."""
        return self._experts[front.name]
