"""Every paid hour of a team accounted: what a team's hours go to, and what that leaves for cases.

A team's paid hours (FTE x hours per FTE) are split into the categories of ``HOUR_CATEGORIES``:
client work, registration, meetings, consultation, outreach, the mother organisation (seconded
workers), training (employed workers), mandate approvals, and what is left (idle). Meetings grow with
the team's size and with the number of other teams it shares residents or cases with (case
conferences, coordination across the boundary). With ``overhead.reserve_event_hours`` the caseload
capacity leaves room for the expected hours of intakes, consultations and approvals, so that booked
hours stay within paid hours (``sim.scenario.capacity`` reads :func:`event_hours_per_case_week`).
All hours are hours; all shares are fractions of paid hours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.scenario.schema import COMPLEXITIES
from sim.team_load import team_load

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario, Team

HOUR_CATEGORIES: tuple[str, ...] = (
    "client",
    "registration",
    "meeting",
    "consultation",
    "outreach",
    "mother_organisation",
    "training",
    "approval",
    "idle",
)
"""What a team's paid hours go to; the time series has a column ``<category>_hours`` for each."""

APPROVAL_GRID = 200
"""Points at which the provision-cost distribution is read to find the mandate level of a decision."""


def _shares_residents(a: Team, b: Team) -> bool:
    """Whether two door teams serve an area in common (a team without areas serves them all)."""
    if a.areas is None or b.areas is None:
        return True
    return bool(set(a.areas) & set(b.areas))


def team_boundaries(scenario: Scenario, team_name: str) -> int:
    """Other teams this team shares residents or cases with: door teams side by side, expert teams.

    A door team counts the other door teams of its areas and the expert teams behind it; an expert
    team counts the door teams it backs.
    """
    team = scenario.teams[team_name]
    count = 0
    for name, other in scenario.teams.items():
        if name == team_name:
            continue
        if team.role == "door" and other.role == "door":
            count += _shares_residents(team, other)
        elif team.role == "door" and other.role == "expert":
            count += other.serves is None or team_name in other.serves
        elif team.role == "expert" and other.role == "door":
            count += team.serves is None or name in team.serves
    return count


def team_meeting_share(scenario: Scenario, team_name: str | None) -> float:
    """Share of a team's paid hours in meetings: the base share, more for a larger team and per boundary.

    Without a team (a desk or front office) the base share.
    """
    overhead = scenario.overhead
    share = overhead.meeting_share
    if team_name is None:
        return share
    people = sum(line.people for line in scenario.teams[team_name].staff)
    extra_people = max(0, people - overhead.meeting_base_people)
    share += overhead.meeting_share_per_extra_person * extra_people
    share += overhead.case_conference_share_per_boundary * team_boundaries(scenario, team_name)
    return share


def approval_hours_per_case(scenario: Scenario, decisions: dict[str, float] | None = None) -> float:
    """Expected hours of mandate decisions (and back-office checks) per case.

    ``decisions`` gives per complexity the share of cases whose decision the team asks for (all).
    """
    mandate = scenario.mandate
    if not mandate.enabled:
        return 0.0
    per_decision = 0.0
    for i in range(APPROVAL_GRID):
        cost = mandate.provision_cost_eur.quantile((i + 0.5) / APPROVAL_GRID)
        level = next(lv for lv in mandate.levels if lv.up_to_eur is None or cost <= lv.up_to_eur)
        per_decision += level.hours_per_decision if level.servers is not None else 0.0
    per_decision /= APPROVAL_GRID
    if mandate.back_office is not None:
        per_decision += mandate.back_office.hours_per_decision
    mix = scenario.demand.complexity_mix
    chance = sum(
        mix.get(c) * mandate.provision_probability.get(c) * (1.0 if decisions is None else decisions[c])
        for c in COMPLEXITIES
    )
    return chance * per_decision


def event_hours_per_case_week(scenario: Scenario, contract: str, team_name: str | None = None) -> float:
    """Expected hours of intakes, consultations and approvals per case-week (0 unless reserved).

    The intake registrations (double for a seconded worker), consultations (two people) and mandate
    decisions a case brings ``team_name``, spread over its weeks with that team (``sim.team_load``:
    in form C a front team has a second intake for aftercare, an expert team only multi-problem cases).
    """
    overhead = scenario.overhead
    if not overhead.reserve_event_hours:
        return 0.0
    load = team_load(scenario, team_name)
    intake = overhead.registration_hours_per_intake
    if contract == "seconded":
        intake *= scenario.staffing.seconded_registration_factor
    consult = load.consultations * 2 * overhead.consultation_hours
    approvals = approval_hours_per_case(scenario, load.decisions)
    return (load.intakes * intake + consult + approvals) / load.weeks


def booked_share(hours: dict[str, float], paid: float) -> float:
    """Booked hours (every category, idle included) over paid hours; NaN without paid hours."""
    return sum(hours.values()) / paid if paid > 0 else float("nan")


def meeting_hours(scenario: Scenario, staff_hours: float, team_hours_per_fte: float) -> float:
    """Meeting hours of all paid staff: each team at its own share, the rest at the base share.

    ``staff_hours`` are all paid hours of the period, ``team_hours_per_fte`` one FTE's hours in it.
    """
    base = scenario.overhead.meeting_share
    shares = {name: team_meeting_share(scenario, name) for name in scenario.teams}
    if all(share == base for share in shares.values()):
        return staff_hours * base
    hours = staff_hours * base
    for name, share in shares.items():
        fte = sum(line.fte * line.people for line in scenario.teams[name].staff)
        hours += fte * team_hours_per_fte * (share - base)
    return hours
