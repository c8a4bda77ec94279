"""Outreach and early signalling: a latent need found by the team or a partner before the household asks.

Outreach: each door team spends ``outreach.hours_per_team_per_week``; each hour finds a given latent
need in its area with weekly chance ``find_probability_per_hour``. Signalling partners (school, youth
doctor for those under 18; the GP for adults) refer with a weekly chance of their own. CPB found that
active, outreaching wijkteams raise youth-care inflow (public figures, shared/DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario


@dataclass(frozen=True, slots=True)
class Finding:
    """Weekly chances that a latent need is found: by outreach per area, by a signal per age."""

    outreach_by_area: dict[str, float]
    youth: float
    adult: float
    adult_age: int

    @classmethod
    def of(cls, scenario: Scenario) -> Finding:
        """The chances of ``scenario`` (0 where a mechanism is off)."""
        spec, signal = scenario.outreach, scenario.signalling
        by_area = dict.fromkeys(scenario.municipality.areas, 0.0)
        if spec.enabled:
            for team in scenario.teams.values():
                if team.role != "door":
                    continue
                for area in team.areas or list(by_area):
                    by_area[area] += spec.hours_per_team_per_week * spec.find_probability_per_hour
        return cls(
            {area: min(p, 1.0) for area, p in by_area.items()},
            signal.youth_per_week if signal.enabled else 0.0,
            signal.adult_per_week if signal.enabled else 0.0,
            scenario.transition_18.age,
        )

    def chances(self, area: str, age: int) -> tuple[float, float]:
        """Weekly chances that a latent need in ``area`` of someone aged ``age`` is found: by outreach, by a signal."""
        return self.outreach_by_area.get(area, 0.0), (self.youth if age < self.adult_age else self.adult)
