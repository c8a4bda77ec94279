"""The metrics of DESIGN.md, as pure functions of a run's records.

Everything is counted in the measurement window ``[warmup_end, end]``. Flows use the window:
a case ended inside it counts as closed or dropped out, whenever it started. So conservation reads
``requests + open_at_warmup == closed + dropped_out + open_at_end``, over a household's requests (a
split team's second case for another member of the household is not one: ``case_flow``); ``open_at_warmup`` is reported
beside the DESIGN metrics (it is 0 when a run starts empty and has no warm-up).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.costs import crisis_cost, provision_cost
from sim.forms import form_named
from sim.forms.base import value_at
from sim.handoffs import FAILED_OUTCOMES
from sim.hours import meeting_hours
from sim.scenario.schema import Scenario
from sim.units import WEEKS_PER_YEAR, Weeks

METRIC_NAMES: tuple[str, ...] = (
    "requests",
    "closed",
    "dropped_out",
    "open_at_end",
    "wait_first_contact_mean_weeks",
    "wait_first_contact_p90_weeks",
    "wait_total_mean_weeks",
    "waiting_list_mean",
    "waiting_list_end",
    "over_norm_share",
    "escalation_rate",
    "escalation_by_worsening_rate",
    "staff_hours",
    "overhead_hours",
    "overhead_share",
    "handoffs",
    "handoff_failures",
    "handoff_failure_rate",
    "handoffs_lost",
    "handoffs_bounced",
    "handoffs_duplicated",
    "handoffs_delayed",
    "duplicate_cases",
    "coordinators_per_household_mean",
    "cost_eur",
    "unmet_need",
    "onset_to_help_mean_weeks",
    "severity_at_first_contact_mean",
    "crises",
    "staff_sick_leave_share",
    "staff_turnover_per_fte_year",
    "vacancy_fte_mean",
    "trajectory_escalation_rate",
)
"""The metric names of the interface, in the order of the summary table."""

EXTRA_NAMES: tuple[str, ...] = ("open_at_warmup",)
"""Reported beside the metrics so that conservation can be checked from summary.csv alone."""

COUNT_NAMES: frozenset[str] = frozenset(
    {
        "requests",
        "closed",
        "dropped_out",
        "open_at_end",
        "waiting_list_end",
        "handoffs",
        "handoff_failures",
        "handoffs_lost",
        "handoffs_bounced",
        "handoffs_duplicated",
        "handoffs_delayed",
        "duplicate_cases",
        "open_at_warmup",
        "unmet_need",
        "crises",
    }
)
"""Metrics that count cases or events: whole numbers."""


@dataclass(frozen=True, slots=True)
class PeopleRecords:
    """The records of residents' needs and professionals' absences, beside cases, visits and hand-offs."""

    absences: pd.DataFrame | None = None
    """``sim.records.AbsenceRow``: claimed back, sick, vacancies, onboarding."""
    needs: pd.DataFrame | None = None
    """``sim.records.NeedRow``: every need, from onset to help, resolution or the end."""


@dataclass(frozen=True, slots=True)
class Window:
    """The measurement window of a run, in weeks."""

    start: Weeks
    end: Weeks

    @property
    def length(self) -> Weeks:
        """Length of the window in weeks."""
        return self.end - self.start

    def contains(self, t: np.ndarray) -> np.ndarray:
        """Which times fall in the window (NaN never does)."""
        return (t >= self.start) & (t <= self.end)


def compute_metrics(
    scenario: Scenario,
    window: Window,
    cases: pd.DataFrame,
    visits: pd.DataFrame,
    handoffs: pd.DataFrame,
    people: PeopleRecords | pd.DataFrame | None = None,
) -> dict[str, float]:
    """Every metric of one replication, from its records (``people``: a table alone is the absences)."""
    if not isinstance(people, PeopleRecords):
        people = PeopleRecords(absences=people)
    absences = people.absences
    m: dict[str, float] = {}
    m.update(case_flow(cases, window))
    m.update(waiting(cases, visits, window, scenario.pathway.norm_weeks))
    m.update(escalation(cases, window))
    m.update(staff_time(scenario, cases, visits, window, absences))
    m.update(handoff_metrics(handoffs, window))
    m.update(households(cases, window))
    m["cost_eur"] = cost(scenario, visits, window)
    if scenario.costs.provision_eur_by_domain or scenario.costs.crisis_eur:
        m["cost_eur"] += provision_cost(scenario, cases, window.start, window.end)
        m["cost_eur"] += crisis_cost(scenario, cases, window.start, window.end)
    m.update(need_metrics(people.needs, window))
    m["crises"] = int(
        np.sum(window.contains(cases["end_t"].to_numpy()) & (cases["escalation"] == "worsening"))
    )
    m.update(staff_strain(scenario, absences, window))
    return {
        name: int(m[name]) if name in COUNT_NAMES else float(m[name]) for name in METRIC_NAMES + EXTRA_NAMES
    }


def case_flow(cases: pd.DataFrame, window: Window) -> dict[str, float]:
    """Requests, endings and open cases: the terms of the conservation law.

    Every term counts a household's requests, in every form alike: the second case that split teams
    open for another member of a mixed household (``member``) is not a request of its own (an
    integral team helps that need within the first case), so it is neither a request nor a closed or
    dropped-out one; ``duplicate_cases`` and the hand-off metrics count it.
    """
    own = ~member_cases(cases)
    request_t, end_t = cases["request_t"].to_numpy()[own], cases["end_t"].to_numpy()[own]
    ended_in = window.contains(end_t)
    outcome = cases["outcome"].to_numpy()[own]
    open_at_end = (request_t <= window.end) & (np.isnan(end_t) | (end_t > window.end))
    open_at_start = (request_t < window.start) & (np.isnan(end_t) | (end_t >= window.start))
    return {
        "requests": int(np.sum(window.contains(request_t) & (request_t >= window.start))),
        "closed": int(np.sum(ended_in & (outcome == "closed"))),
        "dropped_out": int(np.sum(ended_in & (outcome == "dropped_out"))),
        "open_at_end": int(np.sum(open_at_end)),
        "open_at_warmup": int(np.sum(open_at_start)),
    }


def member_cases(cases: pd.DataFrame) -> np.ndarray:
    """True for the cases that are a split team's second case for another member of a household."""
    if "member" not in cases:
        return np.zeros(len(cases), dtype=bool)
    return cases["member"].to_numpy(dtype=bool)


def waiting(cases: pd.DataFrame, visits: pd.DataFrame, window: Window, norm_weeks: Weeks) -> dict[str, float]:
    """Waits for a first contact, all waiting, the waiting list, and the assessment norm.

    ``over_norm_share``: of the requests whose norm deadline falls in the window, the share not
    assessed within ``norm_weeks`` and not closed by then; a resident who gave up or was lost before
    an assessment counts as over the norm.
    """
    first = cases["first_contact_t"].to_numpy()
    request_t = cases["request_t"].to_numpy()
    contacted = window.contains(first)
    first_waits = first[contacted] - request_t[contacted]

    arrive, start = visits["arrive_t"].to_numpy(), visits["start_t"].to_numpy()
    left = visits["end_t"].to_numpy()
    wait_end = np.where(~np.isnan(start), start, np.where(~np.isnan(left), left, np.inf))
    per_case_wait = (
        pd.Series(np.minimum(wait_end, window.end) - arrive).groupby(visits["case"].to_numpy()).sum()
    )
    ended = cases.loc[window.contains(cases["end_t"].to_numpy()), "case"]
    total_waits = per_case_wait.reindex(ended.to_numpy(), fill_value=0.0).to_numpy()

    overlap = np.clip(np.minimum(wait_end, window.end) - np.maximum(arrive, window.start), 0, None)
    still_waiting = (arrive <= window.end) & (wait_end > window.end)

    deadline = request_t + norm_weeks
    judged = (request_t >= window.start) & (deadline <= window.end)
    assessed, end_t = cases["assessed_t"].to_numpy(), cases["end_t"].to_numpy()
    # A resident who gave up or was lost before an assessment did not get one within the norm.
    closed_in_time = (end_t <= deadline) & (cases["outcome"].to_numpy() == "closed")
    breached = judged & ~(assessed <= deadline) & ~closed_in_time
    return {
        "wait_first_contact_mean_weeks": _mean(first_waits),
        "wait_first_contact_p90_weeks": (
            float(np.percentile(first_waits, 90)) if len(first_waits) else np.nan
        ),
        "wait_total_mean_weeks": _mean(total_waits),
        "waiting_list_mean": float(overlap.sum() / window.length),
        "waiting_list_end": int(still_waiting.sum()),
        "over_norm_share": float(breached.sum() / judged.sum()) if judged.any() else np.nan,
    }


def escalation(cases: pd.DataFrame, window: Window) -> dict[str, float]:
    """Shares of ended cases that went to specialised care, of those by worsening, and per trajectory.

    ``escalation_rate`` and ``escalation_by_worsening_rate`` divide by every case that ended in the
    window, residents who gave up before anyone saw them included. ``trajectory_escalation_rate``
    divides by the ended trajectories only: cases that had a first contact, or went to specialised
    care before one (a crisis). That is what CBS counts, and it does not fall when a structure loses
    more residents before a first contact, as the other two do.
    """
    ended = cases[window.contains(cases["end_t"].to_numpy())]
    n = len(ended)
    if n == 0:
        return {
            "escalation_rate": np.nan,
            "escalation_by_worsening_rate": np.nan,
            "trajectory_escalation_rate": np.nan,
        }
    esc = ended["escalation"].to_numpy()
    escalated = esc != ""
    trajectories = escalated | ~np.isnan(ended["first_contact_t"].to_numpy(dtype=float))
    n_trajectories = int(np.sum(trajectories))
    return {
        "escalation_rate": float(np.sum(escalated) / n),
        "escalation_by_worsening_rate": float(np.sum(esc == "worsening") / n),
        "trajectory_escalation_rate": (
            float(np.sum(escalated) / n_trajectories) if n_trajectories else np.nan
        ),
    }


def _overlap_weeks(start: np.ndarray, end: np.ndarray, window: Window) -> np.ndarray:
    """Weeks of each interval [start, end) inside the window; an open end runs to the window end."""
    end = np.where(np.isnan(end), window.end, end)
    return np.clip(np.minimum(end, window.end) - np.maximum(start, window.start), 0, None)


def staff_time(
    scenario: Scenario,
    cases: pd.DataFrame,
    visits: pd.DataFrame,
    window: Window,
    absences: pd.DataFrame | None = None,
) -> dict[str, float]:
    """Paid hours, and the overhead in them.

    Overhead is meetings, registration (double for seconded workers), consultation, mandate
    decisions, training, and hours owed to or claimed by a seconded worker's mother organisation.
    """
    overhead, staffing = scenario.overhead, scenario.staffing
    per_week = scenario.workforce.hours_per_week_per_fte
    staff_hours = total_fte(scenario) * per_week * window.length
    seconded_fte, employed_fte = team_fte_by_contract(scenario)

    registration = registration_hours(scenario, visits, window)
    consultations = np.sum(window.contains(cases["consult_t"].to_numpy()))
    mother = seconded_fte * per_week * window.length * staffing.seconded_mother_hours_share
    training = employed_fte * per_week * window.length * staffing.employed_training_share
    claimed = claimed_hours(scenario, absences, window)
    overhead_hours = (
        meeting_hours(scenario, staff_hours, per_week * window.length)
        + registration
        + consultations * overhead.consultation_hours * 2
        + approval_hours(scenario, visits, window)
        + mother
        + training
        + claimed
    )
    return {
        "staff_hours": staff_hours,
        "overhead_hours": overhead_hours,
        "overhead_share": overhead_hours / staff_hours if staff_hours > 0 else np.nan,
    }


def registration_hours(scenario: Scenario, visits: pd.DataFrame, window: Window) -> float:
    """Hours registering team cases (per case-week and per intake) in the window; double for seconded."""
    overhead, staffing = scenario.overhead, scenario.staffing
    team_visits = visits[np.isin(visits["kind"].to_numpy(), ("team", "expert"))]
    served_from = team_visits["start_t"].to_numpy()
    served = ~np.isnan(served_from)
    weeks = _overlap_weeks(served_from[served], team_visits["end_t"].to_numpy()[served], window)
    intake = window.contains(served_from[served])
    factor = np.where(
        team_visits["contract"].to_numpy()[served] == "seconded", staffing.seconded_registration_factor, 1.0
    )
    per_case = weeks * overhead.registration_hours_per_case_per_week
    return float(np.sum(factor * (per_case + intake * overhead.registration_hours_per_intake)))


def claimed_hours(scenario: Scenario, absences: pd.DataFrame | None, window: Window) -> float:
    """Hours of seconded workers claimed back by their mother organisation, inside the window."""
    if absences is None or not len(absences):
        return 0.0
    if "kind" in absences:  # sick leave, vacancies and onboarding are not owed to a mother organisation
        absences = absences[absences["kind"].to_numpy() == "claimed"]
    overhead, staffing = scenario.overhead, scenario.staffing
    per_week = scenario.workforce.hours_per_week_per_fte
    absent_weeks = _overlap_weeks(absences["start_t"].to_numpy(), absences["end_t"].to_numpy(), window)
    available = 1 - overhead.meeting_share - staffing.seconded_mother_hours_share
    return float(np.sum(absent_weeks * absences["fte"].to_numpy())) * per_week * max(available, 0.0)


def approval_hours(scenario: Scenario, visits: pd.DataFrame, window: Window) -> float:
    """Hours spent on mandate decisions (and back-office checks) made inside the window."""
    decided = visits[(visits["kind"].to_numpy() == "approval") & window.contains(visits["end_t"].to_numpy())]
    if decided.empty:
        return 0.0
    mandate = scenario.mandate
    hours = {f"mandate_{level.name}": level.hours_per_decision for level in mandate.levels}
    if mandate.back_office is not None:
        hours["back_office"] = mandate.back_office.hours_per_decision
    return float(decided["unit"].map(hours).fillna(0.0).sum())


def team_fte_by_contract(scenario: Scenario) -> tuple[float, float]:
    """FTE of seconded and of employed workers in the teams."""
    seconded = employed = 0.0
    for team in scenario.teams.values():
        for line in team.staff:
            if line.contract == "seconded":
                seconded += line.fte * line.people
            else:
                employed += line.fte * line.people
    return seconded, employed


def handoff_metrics(handoffs: pd.DataFrame, window: Window) -> dict[str, float]:
    """Transfers between units, how many failed, and of each kind of failure; 0 when there are none.

    A failure is lost (the resident never arrived), bounced (a wrong door sent them on), duplicated
    (a second case for another member of the household, in another team) or delayed (the first
    contact came later than ``handoffs.limit_weeks``).
    """
    inside = handoffs[window.contains(handoffs["t"].to_numpy())]
    outcome = inside["outcome"].to_numpy()
    failures = int(np.sum(np.isin(outcome, list(FAILED_OUTCOMES))))
    by_kind = {f"handoffs_{kind}": int(np.sum(outcome == kind)) for kind in sorted(FAILED_OUTCOMES)}
    return {
        "handoffs": len(inside),
        "handoff_failures": failures,
        "handoff_failure_rate": failures / len(inside) if len(inside) else 0.0,
        **by_kind,
    }


def households(cases: pd.DataFrame, window: Window) -> dict[str, float]:
    """Duplicates and coordinators: how many plans and coordinators a household has at once.

    A household's coordinators are its plans that have had a first contact (cases that share a plan,
    as with a bridge worker, count once); the measure is the most it had open at the same moment
    during the window, averaged over households with a coordinated case in the window. A duplicate
    is a household open in two teams at once without a shared plan.
    """
    first = cases["first_contact_t"].to_numpy()
    start = np.maximum(first, window.start)
    end = cases["end_t"].to_numpy()
    end = np.where(np.isnan(end), window.end, np.minimum(end, window.end))
    keep = ~np.isnan(first) & (start <= end)
    if not keep.any():
        return {"duplicate_cases": 0, "coordinators_per_household_mean": np.nan}
    plans = pd.DataFrame(
        {
            "household": cases["household"].to_numpy()[keep],
            "plan": cases["plan"].to_numpy()[keep],
            "team": cases["team"].to_numpy()[keep],
            "s": start[keep],
            "e": end[keep],
        }
    )
    plans = (
        plans.groupby(["household", "plan"], sort=False)
        .agg(team=("team", "first"), s=("s", "min"), e=("e", "max"))
        .reset_index()
    )
    household = plans["household"].to_numpy()
    peak = _peak_concurrency(household, plans["s"].to_numpy(), plans["e"].to_numpy())
    active = plans[np.isin(household, peak.index[peak > 1])]
    pairs = active.merge(active, on="household")
    overlapping = (
        (pairs["team_x"] != pairs["team_y"]) & (pairs["s_x"] < pairs["e_y"]) & (pairs["s_y"] < pairs["e_x"])
    )
    return {
        "duplicate_cases": int(pairs.loc[overlapping, "household"].nunique()),
        "coordinators_per_household_mean": float(peak.mean()),
    }


def _peak_concurrency(household: np.ndarray, start: np.ndarray, end: np.ndarray) -> pd.Series:
    """Most intervals open at once, per household (an end at t comes before a start at t)."""
    n = len(household)
    keys = np.concatenate([household, household])
    times = np.concatenate([start, end])
    steps = np.concatenate([np.ones(n, dtype=int), -np.ones(n, dtype=int)])
    order = np.lexsort((steps, times, keys))
    # Each household's steps sum to zero, so one running sum restarts at every household.
    level = np.cumsum(steps[order])
    return pd.Series(level).groupby(keys[order]).max()


def cost(scenario: Scenario, visits: pd.DataFrame, window: Window) -> float:
    """Staff cost for the window, plus care outside the teams (specialised care, the first line).

    Seconded FTE are costed at their own price; outside care per case-week.
    """
    seconded, _ = team_fte_by_contract(scenario)
    per_year = (
        (total_fte(scenario) - seconded) * scenario.workforce.cost_eur_per_fte_per_year
        + seconded * scenario.staffing.seconded_cost_eur_per_fte_per_year
    )
    staff_cost = per_year * window.length / WEEKS_PER_YEAR
    return (
        staff_cost
        + _served_weeks(visits, "specialised", window) * scenario.specialised_care.cost_eur_per_week
        + _served_weeks(visits, "first_line", window) * scenario.first_line.cost_eur_per_week
    )


def _served_weeks(visits: pd.DataFrame, kind: str, window: Window) -> float:
    """Case-weeks served in units of one kind, inside the window."""
    unit = visits[visits["kind"].to_numpy() == kind]
    start = unit["start_t"].to_numpy()
    served = ~np.isnan(start)
    return float(_overlap_weeks(start[served], unit["end_t"].to_numpy()[served], window).sum())


def total_fte(scenario: Scenario) -> float:
    """FTE of all paid staff: the teams, and the form's own paid units (desk, front office, bridge worker)."""
    fte = sum(line.fte * line.people for team in scenario.teams.values() for line in team.staff)
    for unit in form_named(scenario.form).paid_units:
        if unit.enabled_key is None or value_at(scenario, unit.enabled_key):
            fte += float(value_at(scenario, unit.fte_key, 0.0))
    return fte


def need_balance(needs: pd.DataFrame, window: Window) -> dict[str, int]:
    """The books of needs: arose + open at the start == helped + resolved by the network + unmet at the end."""
    onset = needs["onset_t"].to_numpy()
    helped_t, resolved_t = needs["help_t"].to_numpy(), needs["resolved_t"].to_numpy()
    done_t = np.fmin(helped_t, resolved_t)  # NaN only when neither happened
    return {
        "arose": int(np.sum((onset >= window.start) & (onset <= window.end))),
        "open_at_start": int(np.sum((onset < window.start) & ~(done_t < window.start))),
        "helped": int(np.sum(window.contains(helped_t) & ~(resolved_t < helped_t))),
        "resolved_by_network": int(np.sum(window.contains(resolved_t) & ~(helped_t <= resolved_t))),
        "unmet_at_end": int(np.sum((onset <= window.end) & ~(done_t <= window.end))),
    }


def need_metrics(needs: pd.DataFrame | None, window: Window) -> dict[str, float]:
    """Needs that did not reach help by the end, the time from onset to help, the severity then."""
    if needs is None or not len(needs):
        return {"unmet_need": 0, "onset_to_help_mean_weeks": np.nan, "severity_at_first_contact_mean": np.nan}
    helped_t = needs["help_t"].to_numpy()
    helped = window.contains(helped_t)
    return {
        "unmet_need": need_balance(needs, window)["unmet_at_end"],
        "onset_to_help_mean_weeks": _mean(helped_t[helped] - needs["onset_t"].to_numpy()[helped]),
        "severity_at_first_contact_mean": _mean(needs["severity_help"].to_numpy()[helped]),
    }


def staff_strain(scenario: Scenario, absences: pd.DataFrame | None, window: Window) -> dict[str, float]:
    """Sick leave as a share of the teams' FTE-weeks, leavers per FTE-year, vacant FTE on average."""
    team_fte = sum(line.fte * line.people for team in scenario.teams.values() for line in team.staff)
    if absences is None or not len(absences) or "kind" not in absences or team_fte <= 0:
        return {"staff_sick_leave_share": 0.0, "staff_turnover_per_fte_year": 0.0, "vacancy_fte_mean": 0.0}
    kind = absences["kind"].to_numpy()
    fte_weeks = (
        _overlap_weeks(absences["start_t"].to_numpy(), absences["end_t"].to_numpy(), window)
        * absences["fte"].to_numpy()
    )
    leavers = np.sum((kind == "vacancy") & window.contains(absences["start_t"].to_numpy()))
    return {
        "staff_sick_leave_share": float(fte_weeks[kind == "sick"].sum() / (team_fte * window.length)),
        "staff_turnover_per_fte_year": float(leavers / (team_fte * window.length / WEEKS_PER_YEAR)),
        "vacancy_fte_mean": float(fte_weeks[kind == "vacancy"].sum() / window.length),
    }


def _mean(values: np.ndarray) -> float:
    return float(np.mean(values)) if len(values) else np.nan
