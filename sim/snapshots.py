"""Snapshot rows: every interval, each unit's queue, caseload and staff hours (``SnapshotRow``).

A team's paid hours over the interval are booked to the categories of ``sim.hours.HOUR_CATEGORIES``;
``idle_hours`` is what is left. The work of events (intake registrations, consultations, mandate
decisions, outreach) comes in bursts: what does not fit in an interval's paid hours is done in the
next ones (``deferred_hours``, the team's backlog), so a team never books more than its paid hours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.hours import team_meeting_share
from sim.records import SnapshotRow
from sim.unit_interface import waiting_now

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.places import PlacesUnit
    from sim.scenario.schema import Scenario
    from sim.units import Hours, Weeks


def team_snapshot(scenario: Scenario, team: TeamAgent, t: Weeks, interval: Weeks) -> SnapshotRow:
    """A team at ``t``, with its hours over the ``interval`` weeks before (its counters start again)."""
    workforce, overhead = scenario.workforce, scenario.overhead
    caseload = team.caseload
    in_support = caseload - team.waiting_for_specialised
    paid = team.paid_hours_per_week() * interval
    mother, training = _staff_hours(scenario, team, interval)
    row = SnapshotRow(
        t_weeks=t,
        unit=team.name,
        kind=team.kind,
        waiting=waiting_now(team),
        in_service=in_support,
        caseload=caseload,
        capacity=team.capacity,
        paid_hours=paid,
        client_hours=in_support * workforce.client_hours_per_case_per_week * interval,
        meeting_hours=paid * team_meeting_share(scenario, team.name),
        registration_hours=caseload * overhead.registration_hours_per_case_per_week * interval,
        consultation_hours=0.0,
        approval_hours=0.0,
        outreach_hours=0.0,
        mother_organisation_hours=mother,
        training_hours=training,
    )
    row = _with_event_hours(row, team, scenario)
    _restart_counters(team)
    idle = max(paid - booked_hours(row), 0.0)
    return row._replace(idle_hours=idle, deferred_hours=sum(team.deferred.values()))


EVENT_CATEGORIES: tuple[str, ...] = ("registration", "consultation", "approval", "outreach")
"""Hours of events (intake registrations, consultations, decisions, outreach): the work that may wait."""


def _with_event_hours(row: SnapshotRow, team: TeamAgent, scenario: Scenario) -> SnapshotRow:
    """The interval's event work and the team's backlog, as far as the paid hours left allow.

    Every event category gets the same fraction of its work (backlog first) done; the rest waits.
    """
    overhead = scenario.overhead
    new = (
        team.intakes_since_snapshot * overhead.registration_hours_per_intake,
        team.consultations_since_snapshot * overhead.consultation_hours * 2,
        team.approval_hours_since_snapshot,
        team.outreach_hours_since_snapshot,
    )
    work = [n + team.deferred.get(c, 0.0) for c, n in zip(EVENT_CATEGORIES, new, strict=True)]
    total = sum(work)
    if total <= 0:
        return row
    room = max(row.paid_hours - booked_hours(row), 0.0)
    done = min(room / total, 1.0)
    team.deferred = {c: w * (1 - done) for c, w in zip(EVENT_CATEGORIES, work, strict=True) if done < 1}
    registration, consultation, approval, outreach = (w * done for w in work)
    return row._replace(
        registration_hours=row.registration_hours + registration,
        consultation_hours=consultation,
        approval_hours=approval,
        outreach_hours=outreach,
    )


def booked_hours(row: SnapshotRow) -> Hours:
    """Hours of a team's snapshot booked to work (every category but idle)."""
    return (
        row.client_hours
        + row.meeting_hours
        + row.registration_hours
        + row.consultation_hours
        + row.approval_hours
        + row.outreach_hours
        + row.mother_organisation_hours
        + row.training_hours
    )


def _restart_counters(team: TeamAgent) -> None:
    """The team's counters of intakes, consultations and hours start again for the next interval."""
    team.intakes_since_snapshot = 0
    team.consultations_since_snapshot = 0
    team.approval_hours_since_snapshot = 0.0
    team.outreach_hours_since_snapshot = 0.0


def _staff_hours(scenario: Scenario, team: TeamAgent, interval: Weeks) -> tuple[Hours, Hours]:
    """Hours owed to (or claimed by) the mother organisation, and training hours, over ``interval``.

    A claimed seconded worker's hours beyond meetings and their share owed go to the mother
    organisation too (their slots are held meanwhile, so they hold no cases).
    """
    staffing = scenario.staffing
    per_fte = team.hours_per_fte * interval
    meeting = team_meeting_share(scenario, team.name)
    mother = training = 0.0
    for worker in team.professionals:
        hours = worker.fte * per_fte
        if worker.contract == "seconded":
            mother += hours * staffing.seconded_mother_hours_share
            if worker.absent:
                mother += hours * max(1 - meeting - staffing.seconded_mother_hours_share, 0.0)
        else:
            training += hours * staffing.employed_training_share
    return mother, training


def place_snapshot(scenario: Scenario, unit: PlacesUnit, t: Weeks, interval: Weeks) -> SnapshotRow:
    """A unit of places at ``t``; a decision waited for counts as waiting until it is made."""
    hours_per_fte = scenario.workforce.hours_per_week_per_fte
    paid = unit.fte * hours_per_fte * interval if unit.fte else np.nan
    deciding = unit.caseload if unit.kind == "approval" else 0
    return SnapshotRow(
        t_weeks=t,
        unit=unit.name,
        kind=unit.kind,
        waiting=waiting_now(unit) + deciding,
        in_service=unit.caseload,
        caseload=unit.caseload,
        capacity=unit.capacity,
        paid_hours=paid,
        client_hours=np.nan,
        meeting_hours=np.nan,
        registration_hours=np.nan,
        consultation_hours=np.nan,
    )
