"""Caseload capacity from a scenario: how many cases a worker, and a team, can hold at once.

A worker's paid hours, less meetings (the team's share, ``sim.hours``) and the mother organisation
(seconded) or training (employed), divided by the hours one case takes per week (client contact,
registration, and with ``overhead.reserve_event_hours`` the expected hours of its intake,
consultation and approvals). Each worker's capacity is rounded down, or with
``workforce.fractional_capacity`` only the team's sum.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.hours import event_hours_per_case_week, team_meeting_share

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario, StaffLine


def hours_per_case(scenario: Scenario, contract: str = "employed", team_name: str | None = None) -> float:
    """Hours per week one case takes a worker of ``contract`` in ``team_name``.

    Client contact, registration, and the reserve for the events a case brings that team.
    """
    registration = scenario.overhead.registration_hours_per_case_per_week
    if contract == "seconded":
        registration *= scenario.staffing.seconded_registration_factor
    hours = scenario.workforce.client_hours_per_case_per_week + registration
    if scenario.overhead.reserve_event_hours:
        hours += event_hours_per_case_week(scenario, contract, team_name)
    return hours


def non_client_share(scenario: Scenario, contract: str, team_name: str | None = None) -> float:
    """Share of a worker's paid hours not available for cases.

    Meetings (of ``team_name``'s size and boundaries), and the mother organisation (seconded) or
    training (employed).
    """
    staffing = scenario.staffing
    extra = (
        staffing.seconded_mother_hours_share if contract == "seconded" else staffing.employed_training_share
    )
    return min(team_meeting_share(scenario, team_name) + extra, 1.0)


def exact_worker_capacity(scenario: Scenario, line: StaffLine, team_name: str | None = None) -> float:
    """Cases one professional can hold at once, unrounded: hours left for cases / hours per case-week."""
    paid = line.fte * scenario.workforce.hours_per_week_per_fte
    hours = paid * (1 - non_client_share(scenario, line.contract, team_name))
    return hours / hours_per_case(scenario, line.contract, team_name)


def worker_caseload_capacity(scenario: Scenario, line: StaffLine, team_name: str | None = None) -> float:
    """Cases one professional can hold at once: rounded down, unless capacity is fractional."""
    exact = exact_worker_capacity(scenario, line, team_name)
    if scenario.workforce.fractional_capacity:
        return exact
    return int(math.floor(exact + 1e-9))


def team_caseload_capacity(scenario: Scenario, team_name: str) -> int:
    """Cases a whole team can hold at once."""
    team = scenario.teams[team_name]
    total = sum(worker_caseload_capacity(scenario, line, team_name) * line.people for line in team.staff)
    return int(math.floor(total + 1e-9))
