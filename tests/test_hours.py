"""Every paid hour accounted (sim.hours): meetings by team size and boundaries, booked within paid hours."""

from __future__ import annotations

import pytest

from sim import load_scenario, run
from sim.hours import HOUR_CATEGORIES, team_boundaries, team_meeting_share
from sim.scenario.capacity import team_caseload_capacity
from tests.conftest import ROOT

SCENARIOS = ROOT / "scenarios"


def _with(scenario, section: str, **values):
    return scenario.model_copy(update={section: getattr(scenario, section).model_copy(update=values)})


def test_boundaries_count_the_teams_that_share_residents_or_cases():
    split = load_scenario(SCENARIOS / "split_youth_b.toml")
    assert {name: team_boundaries(split, name) for name in split.teams} == {name: 1 for name in split.teams}
    integral = load_scenario(SCENARIOS / "integral_a1.toml")
    assert all(team_boundaries(integral, name) == 0 for name in integral.teams)
    front = load_scenario(SCENARIOS / "front_expert_c.toml")
    doors = [n for n, t in front.teams.items() if t.role == "door"]
    assert team_boundaries(front, "experts") == len(doors)
    assert all(team_boundaries(front, n) == 1 for n in doors)


def test_meetings_grow_with_team_size_and_boundaries_and_take_capacity():
    split = load_scenario(SCENARIOS / "split_youth_b.toml")
    name = next(iter(split.teams))
    people = sum(line.people for line in split.teams[name].staff)
    grown = _with(
        split,
        "overhead",
        meeting_share_per_extra_person=0.01,
        meeting_base_people=people - 2,
        case_conference_share_per_boundary=0.03,
    )
    assert team_meeting_share(grown, name) == pytest.approx(split.overhead.meeting_share + 0.02 + 0.03)
    assert team_caseload_capacity(grown, name) < team_caseload_capacity(split, name)


def test_fractional_capacity_rounds_only_the_team_sum():
    a1 = _with(load_scenario(SCENARIOS / "integral_a1.toml"), "workforce", fractional_capacity=False)
    fractional = _with(a1, "workforce", fractional_capacity=True)
    for name in a1.teams:
        assert team_caseload_capacity(fractional, name) >= team_caseload_capacity(a1, name)
    assert sum(map(lambda n: team_caseload_capacity(fractional, n), a1.teams)) > sum(
        map(lambda n: team_caseload_capacity(a1, n), a1.teams)
    )


def test_without_the_reserve_a1_falls_behind_on_its_events_and_with_it_not():
    """A week's paid hours are never overbooked; work that does not fit waits (``deferred_hours``).

    Without the reserve a full team's intakes and consultations do not fit in its paid hours, so the
    backlog grows; with it, the backlog left at the end is a sliver of the paid hours.
    """
    # full teams (80% of the preset's staff): a team with room to spare has idle hours for its events.
    # With needs before requests (on in the presets) the same teams book at most 90-94% of their
    # paid hours on work and have room for their events anyway, so help seeking is off here: every
    # request then arrives as drawn and the teams are full in hours too
    a1 = load_scenario(
        SCENARIOS / "integral_a1.toml",
        overrides={"workforce.fte_factor": 0.8, "help_seeking.enabled": False},
    )
    a1 = _with(a1, "overhead", reserve_event_hours=False)
    reserved = _with(a1, "overhead", reserve_event_hours=True)
    booked, owed = _worst_booked_and_owed_shares(a1)
    assert booked <= 1.0 + 1e-9
    assert owed > 0.005
    booked, owed = _worst_booked_and_owed_shares(reserved)
    assert booked <= 1.0 + 1e-9
    assert owed <= 0.005


def _worst_booked_and_owed_shares(scenario) -> tuple[float, float]:
    """Largest shares, over the teams, of paid hours booked to work (idle left out) in the window,
    and of event work still owed at its end."""
    result = run(scenario, 7, years=2)
    ts = result.timeseries
    inside = ts[
        ts["kind"].isin(["team", "expert"])
        & (ts["t_weeks"] > result.window.start)
        & (ts["t_weeks"] <= result.window.end)
    ]
    work = [f"{c}_hours" for c in HOUR_CATEGORIES if c != "idle"]
    per_team = inside.groupby("unit")[["paid_hours", *work]].sum()
    booked = per_team[work].sum(axis=1) / per_team["paid_hours"]
    last = inside[inside["t_weeks"] == inside["t_weeks"].max()].set_index("unit")["deferred_hours"]
    return float(booked.max()), float((last / per_team["paid_hours"]).max())
