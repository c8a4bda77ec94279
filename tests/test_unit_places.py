"""WijkModel.set_unit_places: a unit's places changed between weeks, without touching the residents."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.model import WijkModel
from sim.scenario.loader import load_scenario

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "integral_a1.toml"


def _model(**overrides) -> WijkModel:
    return WijkModel(load_scenario(SCENARIO, overrides={"run.warmup_years": 0.0, **overrides}), seed=3)


def _run(model: WijkModel, weeks: int) -> None:
    for _ in range(weeks):
        model.step()


def test_more_places_take_in_the_queue_at_once_and_fewer_send_nobody_away():
    model = _model(**{"workforce.fte_factor": 0.6})  # short-staffed: a queue builds
    _run(model, 60)
    team = model.teams["north"]
    waiting, caseload = team.waiting, team.caseload
    assert waiting > 5
    fte = team.fte
    model.set_unit_places("north", team.capacity + waiting, fte=fte * 2)
    assert team.waiting == 0 and team.caseload == caseload + waiting
    assert team.paid_hours_per_week() == pytest.approx(
        2 * fte * model.scenario.workforce.hours_per_week_per_fte
    )
    model.set_unit_places("north", 1)
    assert team.caseload == caseload + waiting  # nobody sent away
    _run(model, 10)
    assert team.caseload < caseload + waiting  # new cases wait: the caseload drains towards one place


def test_same_residents_until_the_change():
    plain, changed = _model(), _model()
    _run(plain, 30)
    _run(changed, 30)
    changed.set_unit_places("specialised_care", 20)
    assert plain.cases_started == changed.cases_started
    _run(plain, 20)
    _run(changed, 20)
    # the same requests arrive (arrivals are drawn up front); the specialised queue differs
    assert plain.cases_started == changed.cases_started
    assert changed.units["specialised_care"].waiting > plain.units["specialised_care"].waiting


def test_no_place_at_all_is_refused():
    with pytest.raises(ValueError, match="north: places must be at least 1"):
        _model().set_unit_places("north", 0)


def _chosen_by_key(team, match: str | None = None):
    """The worker a team should pick: present with room first, then the discipline, then the most room."""
    return max(
        team.professionals,
        key=lambda p: (
            not p.absent and p.caseload < p.capacity,
            match is not None and (p.discipline == match or match in p.breadth),
            p.capacity - p.caseload,
        ),
    )


def test_a_team_gives_a_case_to_the_same_worker_as_its_rule_says_while_caseloads_change():
    import random

    rng = random.Random(5)
    team = _model().teams["north"]
    taken = []
    for step in range(2000):
        if step % 97 == 0:  # now and then workers are away (their slots held) or back
            for worker in team.professionals:
                worker.absent = rng.random() < 0.3
            team.held_slots = sum(p.absent for p in team.professionals)
        if taken and rng.random() < 0.3:  # more taken than given back: workers fill up, then overflow
            taken.pop(rng.randrange(len(taken))).drop_case()
            continue
        expected = _chosen_by_key(team)
        worker = team.assign()
        assert worker is expected
        taken.append(worker)
    assert min(p.capacity - p.caseload for p in team.professionals) < 0  # every branch of the rule met
    assert [p.capacity - p.caseload for p in team.professionals] == team._rooms
