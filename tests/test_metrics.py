"""Metrics as pure functions of hand-made records: every number below is worked out by hand."""

from __future__ import annotations

import math

import pytest

from sim.metrics import Window, case_flow, compute_metrics, handoff_metrics, households, waiting
from sim.records import NAN, CaseRow, HandoffRow, VisitRow, frame
from sim.scenario.loader import scenario_from_dict
from tests.conftest import tiny_dict

WINDOW = Window(10.0, 30.0)


def case(
    cid,
    household,
    request_t,
    first=NAN,
    assessed=NAN,
    end=NAN,
    outcome="open",
    escalation="",
    team="only",
    consult=NAN,
    plan=None,
):
    return CaseRow(
        cid,
        household,
        False,
        "whole",
        40,
        "wmo",
        "single",
        0.2,
        team,
        cid if plan is None else plan,
        request_t,
        first,
        assessed,
        consult,
        end,
        outcome,
        escalation,
        "",
    )


def test_case_flow_counts_window_flows_and_conserves():
    cases = frame(
        [
            case(0, 0, 2.0, 3.0, 4.0, 8.0, "closed"),  # before the window: not counted
            case(1, 1, 5.0, 6.0, 7.0, 12.0, "closed"),  # open at warm-up end, closed inside
            case(2, 2, 11.0, 12.0, 13.0, 20.0, "closed"),
            case(3, 3, 15.0, end=18.0, outcome="dropped_out"),
            case(4, 4, 25.0),  # still open at the end
            case(5, 5, 9.0, 9.5, 10.5),  # open throughout
        ],
        CaseRow,
    )
    flow = case_flow(cases, WINDOW)
    assert flow == {"requests": 3, "closed": 2, "dropped_out": 1, "open_at_end": 2, "open_at_warmup": 2}
    assert flow["requests"] + flow["open_at_warmup"] == (
        flow["closed"] + flow["dropped_out"] + flow["open_at_end"]
    )


def test_a_split_teams_second_case_is_not_a_request_nor_a_closed_one():
    # household 1 asked once; split teams opened a second case for another member (closed too):
    # the household's request closed once, as in an integral team that helps both needs in one case
    first = case(1, 1, 12.0, 13.0, 14.0, 20.0, "closed", team="youth")
    second = case(2, 1, 14.0, 16.0, 17.0, 25.0, "closed", team="adults")._replace(member=True)
    lost = case(3, 2, 15.0, 16.0, 17.0)
    lost_second = case(4, 2, 17.0, end=19.0, outcome="dropped_out")._replace(member=True)
    flow = case_flow(frame([first, second, lost, lost_second], CaseRow), WINDOW)
    assert flow == {"requests": 2, "closed": 1, "dropped_out": 0, "open_at_end": 1, "open_at_warmup": 0}
    dup = households(frame([first, second], CaseRow), WINDOW)
    assert dup["duplicate_cases"] == 1  # the second case is counted where it belongs


def test_waiting_list_is_the_time_average_of_the_queue():
    cases = frame([case(0, 0, 12.0, 14.0, 15.0, 16.0, "closed"), case(1, 1, 20.0)], CaseRow)
    visits = frame(
        [
            VisitRow(0, "only", "team", 12.0, 14.0, 16.0, "served"),  # waited 2 weeks
            VisitRow(1, "only", "team", 20.0, NAN, NAN, "open"),  # waits 10 weeks to the end
        ],
        VisitRow,
    )
    result = waiting(cases, visits, WINDOW, norm_weeks=6.0)
    assert result["waiting_list_mean"] == pytest.approx((2 + 10) / 20)
    assert result["waiting_list_end"] == 1
    assert result["wait_first_contact_mean_weeks"] == pytest.approx(2.0)
    assert result["wait_total_mean_weeks"] == pytest.approx(2.0)
    # case 0 was assessed within 6 weeks; case 1 is still waiting 10 weeks after its request
    assert result["over_norm_share"] == pytest.approx(0.5)


def test_over_norm_counts_only_requests_old_enough_to_judge():
    cases = frame([case(0, 0, 27.0)], CaseRow)  # 3 weeks before the end: not yet judged
    visits = frame([VisitRow(0, "only", "team", 27.0, NAN, NAN, "open")], VisitRow)
    assert math.isnan(waiting(cases, visits, WINDOW, 6.0)["over_norm_share"])


def test_two_overlapping_cases_in_two_teams_are_a_duplicate_with_two_coordinators():
    cases = frame(
        [
            case(0, 7, 11.0, 12.0, team="youth"),
            case(1, 7, 13.0, 14.0, end=20.0, outcome="closed", team="adults"),
            case(2, 8, 11.0, 12.0, end=14.0, outcome="closed"),
            case(3, 8, 15.0, 16.0, end=18.0, outcome="closed"),  # after the first: one at a time
        ],
        CaseRow,
    )
    result = households(cases, WINDOW)
    assert result["duplicate_cases"] == 1
    assert result["coordinators_per_household_mean"] == pytest.approx((2 + 1) / 2)


def test_staff_hours_overhead_and_cost_follow_the_scenario():
    raw = tiny_dict(
        overhead={
            "meeting_share": 0.25,
            "registration_hours_per_intake": 2,
            "registration_hours_per_case_per_week": 0.5,
            "consultation_hours": 1.5,
        },
        workforce={
            "hours_per_week_per_fte": 40,
            "client_hours_per_case_per_week": 1,
            "cost_eur_per_fte_per_year": 52_000,
        },
    )
    scenario = scenario_from_dict(raw)
    cases = frame([case(0, 0, 10.0, 12.0, 13.0, 18.0, "closed", consult=13.0)], CaseRow)
    visits = frame(
        [
            VisitRow(0, "only", "team", 10.0, 12.0, 18.0, "served"),
            VisitRow(1, "specialised_care", "specialised", 10.0, 20.0, 40.0, "open"),
        ],
        VisitRow,
    )
    handoffs = frame(
        [
            HandoffRow(0, "a", "b", "wrong_door", 12.0, False, 1.0, "lost"),
            HandoffRow(0, "a", "b", "front_to_expert", 13.0, True, 0.0, "completed"),
            HandoffRow(0, "b", "c", "front_to_expert", 29.0, True, NAN, "pending"),
        ],
        HandoffRow,
    )
    m = compute_metrics(scenario, WINDOW, cases, visits, handoffs)
    assert m["staff_hours"] == pytest.approx(1 * 40 * 20)
    # meetings 200 + one intake 2 + six case-weeks x 0.5 + one consultation x 2 people x 1.5
    assert m["overhead_hours"] == pytest.approx(200 + 2 + 3 + 3)
    assert m["overhead_share"] == pytest.approx(208 / 800)
    # 20 weeks of one FTE at 52,000 a year, plus 10 weeks of specialised care at the default 500
    assert m["cost_eur"] == pytest.approx(20_000 + 10 * 500)
    # a hand-off still pending at the end counts as a hand-off, not (yet) as a failure
    assert (m["handoffs"], m["handoff_failures"], m["handoff_failure_rate"]) == (3, 1, pytest.approx(1 / 3))


def test_no_handoffs_reads_zero_not_missing():
    scenario = scenario_from_dict(tiny_dict())
    empty_cases = frame([case(0, 0, 12.0, 12.0, 13.0, 17.0, "closed")], CaseRow)
    visits = frame([VisitRow(0, "only", "team", 12.0, 12.0, 17.0, "served")], VisitRow)
    m = compute_metrics(scenario, WINDOW, empty_cases, visits, frame([], HandoffRow))
    assert (m["handoffs"], m["handoff_failures"], m["handoff_failure_rate"]) == (0, 0, 0.0)
    assert m["duplicate_cases"] == 0 and m["coordinators_per_household_mean"] == 1.0


def test_cases_that_share_a_plan_count_as_one_coordinator_and_no_duplicate():
    cases = frame(
        [
            case(0, 7, 11.0, 12.0, team="youth"),
            case(1, 7, 13.0, 14.0, end=20.0, outcome="closed", team="adults", plan=0),  # bridged: one plan
        ],
        CaseRow,
    )
    result = households(cases, WINDOW)
    assert result["duplicate_cases"] == 0
    assert result["coordinators_per_household_mean"] == pytest.approx(1.0)


def test_the_time_series_counts_handoffs_per_boundary_and_interval():
    from sim.records import SnapshotRow
    from sim.timeseries import timeseries_frame

    handoffs = frame(
        [
            HandoffRow(0, "a", "b", "wrong_door", 0.5, False, 1.0, "bounced"),
            HandoffRow(1, "a", "b", "wrong_door", 0.9, False, 1.0, "bounced"),
            HandoffRow(2, "b", "c", "front_to_expert", 1.2, True, 0.5, "completed"),
            HandoffRow(3, "b", "c", "front_to_expert", 1.7, True, NAN, "pending"),
        ],
        HandoffRow,
    )
    units = [
        SnapshotRow(0.0, "b", "team", 3, 1, 1, 5, 36.0, 1.0, 5.0, 0.4, 0.0),
        SnapshotRow(1.0, "b", "team", 2, 2, 2, 5, 36.0, 2.0, 5.0, 0.8, 0.0),
    ]
    ts = timeseries_frame(units, handoffs, interval=1.0, end=2.0)
    boundary = ts[ts["kind"] == "boundary"].set_index(["t_weeks", "unit"])
    assert boundary.loc[(0.0, "wrong_door"), ["handoffs", "handoff_failures"]].tolist() == [2, 2]
    assert boundary.loc[(1.0, "front_to_expert"), ["handoffs", "handoff_failures"]].tolist() == [2, 0]
    assert len(boundary) == 2
    assert ts.loc[ts["kind"] == "team", "waiting"].tolist() == [3, 2]


def test_a_resident_who_gave_up_before_assessment_is_over_the_norm():
    cases = frame(
        [
            case(0, 0, 12.0, 13.0, 14.0, 16.0, "closed"),  # assessed in time
            case(1, 1, 12.0, end=14.0, outcome="dropped_out"),  # gave up after 2 weeks
            case(2, 2, 12.0, 13.0, end=15.0, outcome="closed"),  # closed in time without assessment
        ],
        CaseRow,
    )
    visits = frame([VisitRow(1, "only", "team", 12.0, NAN, 14.0, "gave_up")], VisitRow)
    assert waiting(cases, visits, WINDOW, 6.0)["over_norm_share"] == pytest.approx(1 / 3)


def test_handoff_failures_are_counted_by_kind():
    outcomes = ["lost", "bounced", "bounced", "duplicated", "delayed", "completed", "pending"]
    handoffs = frame(
        [HandoffRow(i, "a", "b", "wrong_door", 12.0 + i, False, 1.0, o) for i, o in enumerate(outcomes)],
        HandoffRow,
    )
    m = handoff_metrics(handoffs, WINDOW)
    kinds = [m[f"handoffs_{k}"] for k in ("lost", "bounced", "duplicated", "delayed")]
    assert kinds == [1, 2, 1, 1]
    assert m["handoff_failures"] == sum(kinds) == 5


def test_cost_counts_provisions_per_assessed_case_by_domain_and_crises():
    data = tiny_dict()
    data["costs"] = {"provision_eur_by_domain": {"wmo": 3000.0}, "crisis_eur": 10_000.0}
    scenario = scenario_from_dict(data)
    plain = scenario_from_dict(tiny_dict())
    cases = frame(
        [
            case(0, 0, 12.0, 12.0, 13.0, 17.0, "closed"),  # a wmo case assessed in the window
            case(1, 1, 12.0, end=14.0, outcome="closed", escalation="worsening"),  # a crisis
            case(2, 2, 2.0, 2.5, 3.0, 5.0, "closed"),  # assessed before the window
        ],
        CaseRow,
    )
    visits = frame([VisitRow(0, "only", "team", 12.0, 12.0, 17.0, "served")], VisitRow)
    with_costs = compute_metrics(scenario, WINDOW, cases, visits, frame([], HandoffRow))["cost_eur"]
    without = compute_metrics(plain, WINDOW, cases, visits, frame([], HandoffRow))["cost_eur"]
    assert with_costs - without == pytest.approx(3000.0 + 10_000.0)


def test_escalation_per_trajectory_does_not_fall_when_more_residents_give_up_unseen():
    from sim.metrics import escalation

    seen = [
        case(1, 1, 11.0, first=12.0, end=20.0, outcome="closed", escalation="needed"),
        case(2, 2, 11.0, first=12.0, end=21.0, outcome="closed"),
        case(3, 3, 11.0, first=12.0, end=22.0, outcome="dropped_out"),  # stopped during support
        case(4, 4, 11.0, end=13.0, outcome="closed", escalation="worsening"),  # a crisis before contact
    ]
    gave_up = [case(10 + i, 10 + i, 11.0, end=15.0, outcome="dropped_out") for i in range(4)]
    few = escalation(frame(seen + gave_up[:1], CaseRow), WINDOW)
    many = escalation(frame(seen + gave_up, CaseRow), WINDOW)
    # per ended case: 2 of 5, then 2 of 8; per trajectory (first contact, or a crisis): 2 of 4 both times
    assert few["escalation_rate"] == pytest.approx(2 / 5) and many["escalation_rate"] == pytest.approx(2 / 8)
    assert few["trajectory_escalation_rate"] == many["trajectory_escalation_rate"] == pytest.approx(2 / 4)
    assert many["escalation_by_worsening_rate"] == pytest.approx(1 / 8)
