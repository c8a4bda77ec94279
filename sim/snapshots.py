"""Snapshot rows: every interval, each unit's queue, caseload and staff hours (``SnapshotRow``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.records import SnapshotRow
from sim.unit_interface import waiting_now

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.places import PlacesUnit
    from sim.scenario.schema import Scenario
    from sim.units import Weeks


def team_snapshot(scenario: Scenario, team: TeamAgent, t: Weeks, interval: Weeks) -> SnapshotRow:
    """A team at ``t``, with its hours over the ``interval`` weeks before (its counters start again)."""
    workforce, overhead = scenario.workforce, scenario.overhead
    caseload = team.caseload
    in_support = caseload - team.waiting_for_specialised
    paid = team.paid_hours_per_week() * interval
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
        meeting_hours=paid * overhead.meeting_share,
        registration_hours=caseload * overhead.registration_hours_per_case_per_week * interval
        + team.intakes_since_snapshot * overhead.registration_hours_per_intake,
        consultation_hours=team.consultations_since_snapshot * overhead.consultation_hours * 2,
    )
    team.intakes_since_snapshot = 0
    team.consultations_since_snapshot = 0
    return row


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
