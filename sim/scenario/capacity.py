"""Caseload capacity from a scenario: how many cases a worker, and a team, can hold at once.

A worker's paid hours, less meetings and the mother organisation (seconded) or training (employed),
divided by the hours one case takes per week (client contact and registration).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario, StaffLine


def hours_per_case(scenario: Scenario, contract: str = "employed") -> float:
    """Hours per week one case takes a worker of ``contract``: client contact and registration."""
    registration = scenario.overhead.registration_hours_per_case_per_week
    if contract == "seconded":
        registration *= scenario.staffing.seconded_registration_factor
    return scenario.workforce.client_hours_per_case_per_week + registration


def non_client_share(scenario: Scenario, contract: str) -> float:
    """Share of a worker's paid hours not available for cases.

    Meetings, and the mother organisation (seconded) or training (employed).
    """
    staffing = scenario.staffing
    extra = (
        staffing.seconded_mother_hours_share if contract == "seconded" else staffing.employed_training_share
    )
    return min(scenario.overhead.meeting_share + extra, 1.0)


def worker_caseload_capacity(scenario: Scenario, line: StaffLine) -> int:
    """Cases one professional can hold at once: hours left for cases / hours per case-week."""
    paid = line.fte * scenario.workforce.hours_per_week_per_fte
    hours = paid * (1 - non_client_share(scenario, line.contract))
    return int(math.floor(hours / hours_per_case(scenario, line.contract) + 1e-9))


def team_caseload_capacity(scenario: Scenario, team_name: str) -> int:
    """Cases a whole team can hold at once."""
    team = scenario.teams[team_name]
    return sum(worker_caseload_capacity(scenario, line) * line.people for line in team.staff)
