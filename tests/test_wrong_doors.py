"""Wrong doors wherever residents choose among doors (forms A2, B, C), and the shared front office.

Switched off (``wrong_doors.enabled = false``, the front office's new chances 0, the known-door factor
1) a run is exactly as before: the back-test holds that for every preset, and the tests here that a
switch on with nothing to do changes no record. Switched on, each moves its metric in its direction on
common random numbers: two variants on the same seeds, the 95% CI of the paired difference excluding 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.summary import mean_ci
from sim import run
from sim.random_streams import replication_seeds
from tests.test_mechanisms import scenario, with_changes

SHORT = {"run__years": 1.0, "run__warmup_years": 0.5}
OFF = {"wrong_doors__enabled": False, "wrong_doors__known_door_factor": 1.0}
"""The presets of forms A2, B and C switch wrong doors on; the tests start from them switched off."""
REPS = 5


def paired(a, b, metrics: tuple[str, ...], reps: int = REPS, seed: int = 7) -> dict[str, tuple]:
    """Per metric, the mean and 95% CI of (b - a) over replications on common random numbers."""
    diffs: dict[str, list[float]] = {metric: [] for metric in metrics}
    for s in replication_seeds(seed, reps):
        ra, rb = run(a, s).metrics, run(b, s).metrics
        for metric in metrics:
            diffs[metric].append(rb[metric] - ra[metric])
    return {metric: mean_ci(np.array(values)) for metric, values in diffs.items()}


def wrong_door_handoffs(result) -> pd.DataFrame:
    """The hand-offs of boundary ``wrong_door`` in the run."""
    return result.handoffs[result.handoffs["boundary"] == "wrong_door"]


def _same_records(a, b, seed: int = 4) -> None:
    ra, rb = run(a, seed), run(b, seed)
    for table in ("cases", "visits", "handoffs"):
        pd.testing.assert_frame_equal(getattr(ra, table), getattr(rb, table))


@pytest.mark.parametrize(
    ("preset", "changes"),
    [
        ("complex_a2", {"wrong_doors__enabled": True, "wrong_doors__first_line_probability": 0.0}),
        ("front_expert_c", {"wrong_doors__enabled": True, "wrong_doors__front_probability": 0.0}),
        ("complex_a2", {"wrong_doors__first_line_probability": 0.9, "wrong_doors__known_door_factor": 0.2}),
        ("front_expert_c", {"wrong_doors__front_probability": 0.9}),
        (
            "split_youth_b",
            {"wrong_doors__front_probability": 0.9, "wrong_doors__first_line_probability": 0.9},
        ),
        ("split_youth_b", {"split_teams__front_office_misroute_probability": 0.5}),
        ("split_youth_b", {"split_teams__front_office_one_plan_probability": 0.9}),
        ("split_youth_b", {"split_teams__front_office_books_intake": True}),
    ],
    ids=[
        "A2 on, no chance",
        "C on, no chance",
        "A2 off",
        "C off",
        "B: A2's and C's chances",
        "B: misroutes without a front office",
        "B: one plan without a front office",
        "B: booked intake without a front office",
    ],
)
def test_a_door_switch_with_nothing_to_act_on_changes_no_record(preset, changes):
    base = scenario(preset, **OFF, **SHORT)
    _same_records(base, with_changes(base, **changes))


def test_in_form_a2_a_wrong_door_is_the_team_or_the_first_line_and_sends_the_resident_to_the_desk():
    result = run(scenario("complex_a2", wrong_doors__enabled=True, **SHORT), 5)
    wrong = wrong_door_handoffs(result)
    assert len(wrong) > 50
    assert set(wrong["to_unit"]) == {"triage_desk"}
    assert set(wrong["from_unit"]) == {"first_line", "north", "centre", "south"}
    assert set(wrong["outcome"]) <= {"bounced", "lost"}


def test_in_form_c_a_wrong_door_is_the_expert_team_or_another_area_and_sends_the_resident_to_the_front():
    result = run(scenario("front_expert_c", wrong_doors__enabled=True, **SHORT), 5)
    wrong = wrong_door_handoffs(result)
    assert len(wrong) > 30
    assert set(wrong["from_unit"]) == {"experts", "north_front", "centre_front", "south_front"}
    assert (wrong["from_unit"] != wrong["to_unit"]).all()
    cases = result.cases.set_index("case")
    areas = cases.loc[wrong["case"], "area"].to_numpy()
    assert (wrong["to_unit"].to_numpy() == [f"{area}_front" for area in areas]).all()


@pytest.mark.parametrize(
    ("preset", "key"),
    [("complex_a2", "first_line_probability"), ("front_expert_c", "front_probability")],
)
def test_wrong_doors_in_a2_and_c_raise_the_wait_bounces_and_drop_outs(preset, key):
    off = scenario(preset, **OFF, **SHORT)
    on = with_changes(off, wrong_doors__enabled=True, **{f"wrong_doors__{key}": 0.3})
    effects = paired(off, on, ("wait_first_contact_mean_weeks", "handoffs_bounced", "dropped_out"))
    for metric, (mean, low, high) in effects.items():
        assert low > 0, (metric, mean, low, high)


def test_a_household_that_knows_the_door_goes_to_a_wrong_one_less_often():
    base = scenario("split_youth_b", **OFF, **SHORT)
    knowing = with_changes(base, wrong_doors__known_door_factor=0.2)
    mean, low, high = paired(base, knowing, ("handoffs_bounced",))["handoffs_bounced"]
    assert high < 0, (mean, low, high)
    # only returning households know the door: the first requests (by arrival time) keep their wrong doors
    assert first_requests_at_a_wrong_door(run(base, 6)) == first_requests_at_a_wrong_door(run(knowing, 6))


def first_requests_at_a_wrong_door(result) -> set[float]:
    """Request times (weeks) of the first requests (not returns) that went to a wrong door."""
    cases = result.cases.set_index("case")
    wrong = cases.loc[sorted(set(wrong_door_handoffs(result)["case"]))]
    return set(wrong.loc[~wrong["reentry"], "request_t"])


FRONT_OFFICE = {
    "split_teams__shared_front_office": True,
    "split_teams__front_office": {"servers": 15, "fte": 1.5},
}


def test_a_front_office_that_misroutes_bounces_residents_and_makes_them_wait_longer():
    office = scenario("split_youth_b", **OFF, **FRONT_OFFICE, **SHORT)
    misroutes = with_changes(office, split_teams__front_office_misroute_probability=0.1)
    effects = paired(office, misroutes, ("handoffs_bounced", "wait_first_contact_mean_weeks"))
    for metric, (mean, low, high) in effects.items():
        assert low > 0, (metric, mean, low, high)
    bounced = run(misroutes, 5).handoffs
    bounced = bounced[(bounced["boundary"] == "front_office") & (bounced["outcome"] == "bounced")]
    assert len(bounced) > 10


def test_a_front_office_that_makes_one_plan_lowers_duplicate_cases():
    office = scenario("split_youth_b", **OFF, **FRONT_OFFICE, **SHORT)
    one_plan = with_changes(office, split_teams__front_office_one_plan_probability=0.6)
    effects = paired(office, one_plan, ("handoffs_duplicated", "coordinators_per_household_mean"))
    for metric, (mean, low, high) in effects.items():
        assert high < 0, (metric, mean, low, high)


def test_a_front_office_that_books_the_intake_shortens_the_wait_for_a_first_contact():
    office = scenario("split_youth_b", **OFF, **FRONT_OFFICE, **SHORT)
    booked = with_changes(office, split_teams__front_office_books_intake=True)
    mean, low, high = paired(office, booked, ("wait_first_contact_mean_weeks",))[
        "wait_first_contact_mean_weeks"
    ]
    assert high < 0, (mean, low, high)
