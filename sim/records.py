"""What a run leaves behind: immutable rows, appended while running, turned into tables once.

Metrics are computed later from these rows by pure functions (`sim.metrics`), so they can be tested
on hand-made records without running a simulation. "Not yet" is NaN, never False or 0.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

NAN = float("nan")


class CaseRow(NamedTuple):
    """One case from request to its end (or to the end of the run)."""

    case: int
    household: int
    reentry: bool  # the household asked before
    area: str
    age: int  # years, at the request
    domain: str
    complexity: str
    severity0: float
    team: str  # the team that owns the case (at its end)
    plan: int  # cases of one household that share a plan share this number
    request_t: float  # weeks
    first_contact_t: float  # first real contact with a professional; NaN if none
    assessed_t: float  # plan agreed; NaN if not reached
    consult_t: float  # a colleague consulted; NaN if not
    end_t: float  # NaN while open
    outcome: str  # "closed", "dropped_out" or "open"
    escalation: str  # "", "needed" or "worsening"
    drop_reason: str  # "", "gave_up_waiting", "stopped_support", "lost_in_handoff"
    member: bool = False  # a split team's second case for another member of the household, not a request


class VisitRow(NamedTuple):
    """A stay of a case at one unit: queueing from ``arrive_t``, served from ``start_t``."""

    case: int
    unit: str
    kind: str  # "team", "expert", "desk", "first_line", "specialised", "wrong_door", "handoff"
    arrive_t: float
    start_t: float  # NaN if never served
    end_t: float  # NaN if still there at the end of the run
    outcome: str  # "served", "gave_up", "crisis", "stopped", "moved", "bounced", "lost", "open"
    contract: str = ""  # the worker's contract in a team visit ("employed", "seconded"); "" elsewhere


class HandoffRow(NamedTuple):
    """A transfer of a case between two units of the social domain."""

    case: int
    from_unit: str
    to_unit: str
    boundary: str  # what kind of transfer: "wrong_door", "front_to_expert", "transition_18", ...
    t: float  # when the case left from_unit
    warm: bool
    delay_weeks: float  # to the first contact in to_unit; NaN if none (yet)
    outcome: str  # "completed", "lost", "bounced", "duplicated", "delayed", "pending"


class AbsenceRow(NamedTuple):
    """A worker away for a while: claimed back by a mother organisation, ill, a vacancy, onboarding.

    ``fte`` is the worker's FTE away (for onboarding: the share of a caseload not yet taken).
    """

    team: str
    start_t: float
    end_t: float
    fte: float
    kind: str = "claimed"  # "claimed" (mother organisation), "sick", "vacancy", "onboarding"


class NeedRow(NamedTuple):
    """A household's need, from its onset until it reached help, was resolved, or the run ended."""

    need: int
    household: int
    onset_t: float  # weeks; the request itself when needs before requests are off
    severity_onset: float
    found_by: str  # "self", "outreach", "signal", "crisis"; "" while nobody knows
    requests: int  # requests for help made for it
    help_t: float  # first contact with a professional; NaN if not reached
    severity_help: float  # severity at that first contact; NaN if not reached
    resolved_t: float  # resolved by the household's own network; NaN if not


class SnapshotRow(NamedTuple):
    """One unit at one snapshot: its queue, its cases and its staff hours over the interval before."""

    t_weeks: float
    unit: str
    kind: str  # "team", "expert", "desk", "first_line", "specialised", "bridge", "approval"
    waiting: int  # residents queueing or in transit to the unit (and, for approvals, being decided)
    in_service: int  # cases being served (a team's cases waiting for specialised care excluded)
    caseload: int  # cases the unit holds
    capacity: int  # cases it can hold at once
    paid_hours: float  # contracted hours over the interval; NaN for a unit without staff of its own
    client_hours: float  # hours with or for clients over the interval (teams; NaN elsewhere)
    meeting_hours: float  # ... in meetings
    registration_hours: float  # ... registering cases and intakes
    consultation_hours: float  # ... consulting colleagues (two people an hour each)
    approval_hours: float = NAN  # ... preparing and taking mandate decisions
    outreach_hours: float = NAN  # ... reaching out to residents who have not asked (yet)
    mother_organisation_hours: float = (
        NAN  # ... owed to or claimed by a seconded worker's mother organisation
    )
    training_hours: float = NAN  # ... in training (employed workers)
    idle_hours: float = NAN  # paid hours not booked to any of the above (never below 0)
    deferred_hours: float = NAN  # event work (intakes, consultations, decisions, outreach) carried on


class EventRow(NamedTuple):
    """One row of the optional event log."""

    time: float
    case: int
    household: int
    unit: str
    event: str
    detail: str


def frame(rows: list[Any], row_type: Any) -> pd.DataFrame:
    """A DataFrame with the row type's columns, also when there are no rows."""
    if rows:
        return pd.DataFrame.from_records(rows, columns=row_type._fields)
    return pd.DataFrame({name: pd.Series(dtype=_dtype(row_type, name)) for name in row_type._fields})


def _dtype(row_type: Any, name: str) -> object:
    annotation = row_type.__annotations__[name]
    return {"int": np.int64, "float": np.float64, "bool": bool, "str": object}.get(annotation, object)
