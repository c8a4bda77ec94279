"""Each mechanism moves the metric it drives, in the right direction, and does nothing when switched off.

Directional tests run two variants of a preset on the same seeds (common random numbers) and require
the 95% confidence interval of the paired difference to exclude zero. "Switched off" tests require
the numbers to be exactly equal: a mechanism that is off draws no random numbers that others see.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.summary import mean_ci
from sim import load_scenario, run
from sim.metrics import METRIC_NAMES
from sim.random_streams import replication_seeds
from sim.scenario.loader import scenario_from_dict
from tests.conftest import SCENARIOS


def scenario(name: str, **overrides):
    """A preset with dotted-key overrides (``run__years=1`` style keys become ``run.years``)."""
    return load_scenario(
        SCENARIOS / f"{name}.toml",
        overrides={key.replace("__", "."): value for key, value in overrides.items()},
    )


def with_changes(base, **changes):
    """A copy of a loaded scenario with dotted-key changes, validated again."""
    raw = base.model_dump(mode="json")
    for dotted, value in changes.items():
        node = raw
        *parents, last = dotted.split("__")
        for key in parents:
            node = node[key]
        node[last] = value
    return scenario_from_dict(raw)


def paired(a, b, metric, reps: int, seed: int = 7):
    """Mean and 95% CI of (b - a) over replications on common random numbers; ``metric`` may be a
    function of a RunResult."""
    diffs = []
    for s in replication_seeds(seed, reps):
        ra, rb = run(a, s), run(b, s)
        value = metric if callable(metric) else (lambda r, name=metric: r.metrics[name])
        diffs.append(value(rb) - value(ra))
    return mean_ci(np.array(diffs))


def transition_failures(result) -> int:
    """Failed hand-offs at the 18th birthday inside the measurement window."""
    h = result.handoffs
    inside = (h["t"] >= result.window.start) & (h["boundary"] == "transition_18")
    return int((inside & h["outcome"].isin(["lost", "delayed", "bounced", "duplicated"])).sum())


def team_caseload_mean(result) -> float:
    """Mean number of cases the teams hold, over the snapshots of the measurement window."""
    ts = result.timeseries
    inside = ts["kind"].isin(["team", "expert"]) & (ts["t_weeks"] > result.window.start)
    return float(ts.loc[inside, "caseload"].mean())


SHORT = {"run__years": 1.5, "run__warmup_years": 1.0}


def test_a_bridge_worker_lowers_failures_at_the_18th_birthday():
    split = scenario("split_youth_b", **SHORT)
    bridged = with_changes(split, bridge_worker__enabled=True)
    mean, low, high = paired(split, bridged, transition_failures, reps=8)
    assert high < 0, (mean, low, high)


def test_seconded_staff_raise_the_overhead_share():
    base = scenario("integral_a1", **SHORT)
    teams = base.model_dump(mode="json")["teams"]
    for team in teams.values():
        for line in team["staff"]:
            line["contract"] = "seconded"
    seconded = with_changes(base, teams=teams)
    mean, low, high = paired(base, seconded, "overhead_share", reps=5)
    assert low > 0, (mean, low, high)


def test_merging_gouda_removes_duplicates_and_lowers_coordinators_per_household():
    split = scenario("gouda_split", **SHORT)
    merged = scenario("gouda_merged", **SHORT)
    _, low, high = paired(split, merged, "duplicate_cases", reps=6)
    assert high < 0
    _, low, high = paired(split, merged, "coordinators_per_household_mean", reps=6)
    assert high < 0
    assert run(merged, 1).metrics["duplicate_cases"] == 0


def failure_rate_past_the_front_door(result) -> float:
    """Failed share of the hand-offs in the measurement window that are not a wrong door's bounce.

    Triage acts after the front door; the preset's wrong doors (a resident who first asks the expert
    team or another area's front team) add bounces that triage cannot change.
    """
    h = result.handoffs
    h = h[(h["t"] >= result.window.start) & (h["boundary"] != "wrong_door")]
    return float(h["outcome"].isin(["lost", "delayed", "bounced", "duplicated"]).mean())


def test_better_triage_lowers_the_handoff_failure_rate_in_form_c():
    rough = scenario("front_expert_c", triage__accuracy=0.6, **SHORT)
    sharp = with_changes(rough, triage__accuracy=0.95)
    mean, low, high = paired(rough, sharp, failure_rate_past_the_front_door, reps=6)
    assert high < 0, (mean, low, high)


def test_less_specialised_care_raises_waiting_and_escalation_by_worsening():
    # Problems worsen ten times faster than in the preset, so that the waits of a short run do
    # cross the threshold; with too few places, teams keep referred cases and their queues grow.
    # That needs teams with little room to spare: at 85% of the preset's staff they are nearly full,
    # so the cases they keep push new requests into a queue (with the preset's staff a team holds
    # the kept cases in room it has anyway, and no one waits long enough to worsen in 1.5 years).
    base = scenario(
        "integral_a1", demand__severity__growth_per_week_waiting=0.1, workforce__fte_factor=0.85, **SHORT
    )
    scarce = with_changes(base, specialised_care__places=100)
    mean, low, high = paired(base, scarce, "waiting_list_mean", reps=6)
    assert low > 0, (mean, low, high)
    # Escalation by worsening rises where a wait restarts the crisis timer (severity as state off).
    # With severity as state (on in the presets) the share of cases escalated by worsening does not
    # move in this short run (2026-12-02: -0.012, CI -0.029 .. +0.004): the extra waiting is mostly
    # for a specialised place, and a referred case that worsens there is already escalated.
    timer = with_changes(base, severity_state__enabled=False)
    mean, low, high = paired(
        timer, with_changes(timer, specialised_care__places=100), "escalation_by_worsening_rate", reps=6
    )
    assert low > 0, (mean, low, high)


def test_a_mandate_adds_waiting_and_overhead_hours():
    # Teams with room to spare (30% more staff than the preset), so that the decisions' hours are
    # not hidden by fewer cases: a full team whose capacity keeps room for the expected decision hours
    # (overhead.reserve_event_hours) holds fewer cases, and registers fewer case-weeks.
    base = scenario("integral_a1", workforce__fte_factor=1.3, **SHORT)
    mandated = with_changes(base, mandate__enabled=True)
    for metric in ("wait_total_mean_weeks", "overhead_hours"):
        mean, low, high = paired(base, mandated, metric, reps=5)
        assert low > 0, (metric, mean, low, high)


def test_breadth_versus_depth_lets_problems_hang_around_in_a_team_of_generalists():
    base = scenario("integral_a1", **SHORT)
    teams = base.model_dump(mode="json")["teams"]
    for team in teams.values():
        for line in team["staff"]:
            line["discipline"] = "generalist"
    generalists = with_changes(base, teams=teams, expertise__enabled=True)
    mixed = with_changes(base, expertise__enabled=True)
    mean, low, high = paired(mixed, generalists, "wait_first_contact_mean_weeks", reps=5)
    assert low > 0, (mean, low, high)


def test_a_households_other_need_costs_an_integral_team_support_time_and_a_split_team_a_second_case():
    # the same households (common random numbers) have a need on the other side of the 18 line; the
    # merged teams handle it in the household's one case, which in the presets takes half as long
    # again (scenarios/shared/dutch_demand.toml) against a need that would cost nothing
    costly = scenario("gouda_merged", **SHORT)
    assert costly.pathway.other_need_support_share == 0.5
    free = with_changes(costly, pathway__other_need_support_share=0.0)
    mean, low, high = paired(free, costly, team_caseload_mean, reps=5)
    assert low > 0, (mean, low, high)
    # split teams serve one side each: they open a second case instead, so the share changes nothing
    split = scenario("gouda_split", run__years=1.0, run__warmup_years=0.5)
    _same_metrics(split, with_changes(split, pathway__other_need_support_share=0.0))
    assert run(split, 3).metrics["duplicate_cases"] > 0


# --- switched off: exactly no effect ------------------------------------------------------------


def _same_metrics(a, b, seed: int = 3) -> None:
    ma, mb = run(a, seed).metrics, run(b, seed).metrics
    for name in METRIC_NAMES:
        assert ma[name] == mb[name] or (math.isnan(ma[name]) and math.isnan(mb[name])), name


@pytest.mark.parametrize(
    "changes",
    [
        {
            "expertise__recognition_delay_weeks": {"dist": "fixed", "value": 30},
            "expertise__generalist_level": 0.1,
        },  # breadth versus depth is on in the presets: both sides switch it off (see the test)
        {"mandate__provision_probability": {"single": 1, "multiple": 1, "multi_problem": 1}},
        {"staffing__seconded_mother_hours_share": 0.5, "staffing__seconded_claims_per_year": 10},
        {"bridge_worker__households_at_once": 1, "transition_18__cold_loss_probability": 0.9},
        {"split_teams__wrong_door_probability": 0.9, "triage__accuracy": 0.1},
        {"split_teams__mixed_household_probability": {"single": 1, "multiple": 1, "multi_problem": 1}},
    ],
    ids=[
        "expertise off",
        "mandate off",
        "no seconded staff",
        "no youth team",
        "one door, no triage",
        "other needs cost nothing",
    ],
)
def test_a_mechanism_switched_off_changes_nothing_in_the_a1_preset(changes):
    # the presets switch breadth versus depth on and give a household's other need half a case's
    # work (scenarios/shared/dutch_demand.toml): here both are switched off on both sides
    off = {"expertise__enabled": False, "pathway__other_need_support_share": 0.0}
    base = scenario("integral_a1", run__years=1.0, run__warmup_years=0.5, **off)
    assert not base.expertise.enabled
    _same_metrics(base, with_changes(base, **changes))


def test_without_wrong_doors_or_mixed_households_form_b_has_no_bounces_and_no_duplicates():
    never = {"single": 0, "multiple": 0, "multi_problem": 0}
    clean = scenario(
        "split_youth_b",
        split_teams__wrong_door_probability=0.0,
        split_teams__mixed_household_probability=never,
        **SHORT,
    )
    result = run(clean, 5)
    assert result.metrics["duplicate_cases"] == 0
    assert not result.handoffs["boundary"].isin(["wrong_door", "mixed_household"]).any()


def test_perfect_triage_sends_nothing_back_in_form_c():
    result = run(scenario("front_expert_c", triage__accuracy=1.0, **SHORT), 5)
    sent_back = result.handoffs["boundary"] == "expert_to_front"  # a wrong door also bounces (C has them)
    assert not (sent_back & (result.handoffs["outcome"] == "bounced")).any()
    assert (result.handoffs["boundary"] == "front_to_expert").any()
