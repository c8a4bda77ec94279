"""One assumption at a time (``oat`` designs): the verdict at each end of each range, beside its own.

The design runs the structures at the scenarios' own values, then each factor at its low and at its
high with the others at their own values; ``one_at_a_time.csv`` says where the answer changes.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.objective import DEFAULT_OBJECTIVE
from analysis.one_at_a_time import HIGH, LOW, OWN, flip_summary, one_at_a_time_table
from analysis.robustness import point_verdict
from experiments.assumptions import applicable
from experiments.design import design_points
from experiments.spec import load_spec
from experiments.sweep import run_sweep
from sim import load_scenario, run
from sim.random_streams import replication_seeds
from sim.scenario.errors import ScenarioError
from tests.conftest import ROOT, SCENARIOS

SPLIT, MERGED = SCENARIOS / "gouda_split.toml", SCENARIOS / "gouda_merged.toml"
WRONG_DOOR, SHARE = "split_teams.wrong_door_probability", "workforce.youth_team_fte_share"
METRICS = ["wait_first_contact_mean_weeks", "dropped_out", "closed", "cost_eur"]


def spec_file(tmp_path: Path, factors: str, replications: int = 2) -> Path:
    path = tmp_path / "oat.toml"
    path.write_text(
        f'name = "oat"\nbase = "{SPLIT.as_posix()}"\nreplications = {replications}\nseed = 7\nyears = 0.25\n'
        f"metrics = {METRICS!r}\n".replace("'", '"')
        + '[design]\nkind = "oat"\n[factors]\n'
        + f'scenario = {{ values = ["{SPLIT.as_posix()}", "{MERGED.as_posix()}"] }}\n'
        + factors
    )
    return path


FACTORS = f'"{WRONG_DOOR}" = {{ low = 0.0, high = 0.3 }}\n"{SHARE}" = {{ low = 0.25, high = 0.42 }}\n'


def test_the_design_is_the_own_values_then_each_factor_at_each_end_on_both_structures(tmp_path):
    design = design_points(load_spec(spec_file(tmp_path, FACTORS)))
    assert len(design) == 2 * (1 + 2 * 2)
    assert list(design["scenario"]) == [str(SPLIT), str(MERGED)] * 5
    own = design.iloc[:2]
    assert own[WRONG_DOOR].isna().all() and own[SHARE].isna().all()
    varied = [
        (row[WRONG_DOOR], row[SHARE])
        for _, row in design.iloc[2:].iterrows()
        if row["scenario"] == str(SPLIT)
    ]
    assert [tuple("own" if math.isnan(v) else v for v in pair) for pair in varied] == [
        (0.0, "own"),
        (0.3, "own"),
        ("own", 0.25),
        ("own", 0.42),
    ]


def test_an_oat_factor_needs_both_ends(tmp_path):
    with pytest.raises(ScenarioError, match=r"an oat design needs low and high for every factor"):
        load_spec(spec_file(tmp_path, f'"{WRONG_DOOR}" = {{ low = 0.0 }}\n'))


def test_a_point_at_its_own_values_runs_the_file_as_it_is(tmp_path):
    """NaN in the design is no override: the own-value runs are the files run directly, on the same seeds."""
    spec = load_spec(spec_file(tmp_path, f'"{WRONG_DOOR}" = {{ low = 0.0, high = 0.3 }}\n'))
    runs = run_sweep(spec, tmp_path / "out", workers=1, quiet=True)
    assert (runs["error"] == "").all()
    seed = replication_seeds(7, 2)[0]
    for file, overrides in ((SPLIT, {}), (SPLIT, {WRONG_DOOR: 0.3})):
        direct = run(load_scenario(file, overrides={"run.years": 0.25, **overrides}), seed).metrics
        value = overrides.get(WRONG_DOOR, math.nan)
        chosen = runs[(runs["scenario"] == str(file)) & (runs["replication"] == 0)]
        chosen = (
            chosen[chosen[WRONG_DOOR].isna()] if math.isnan(value) else chosen[chosen[WRONG_DOOR] == value]
        )
        assert len(chosen) == 1
        assert chosen.iloc[0]["dropped_out"] == direct["dropped_out"]
        assert chosen.iloc[0]["wait_first_contact_mean_weeks"] == direct["wait_first_contact_mean_weeks"]
    table = pd.read_csv(tmp_path / "out" / "one_at_a_time.csv")
    assert list(table["end"]) == [OWN, LOW, HIGH] and (table["pairs"] == 2).all()


def verdicts(wait_difference: float, closed_difference: float, **point: float) -> pd.DataFrame:
    """A verdict table of merged against split with these differences, as ``structure_verdicts`` has it."""
    judged = {m: DEFAULT_OBJECTIVE[m] for m in ("wait_first_contact_mean_weeks", "closed")}
    a = {"wait_first_contact_mean_weeks": 3.0, "closed": 1000.0}
    b = {"wait_first_contact_mean_weeks": 3.0 + wait_difference, "closed": 1000.0 + closed_difference}
    table = point_verdict(a, b, judged)
    table["ci_low"], table["ci_high"] = table["difference"] - 0.1, table["difference"] + 0.1
    table.insert(0, "alternative", "merged")
    table.insert(0, "reference", "split")
    for position, key in enumerate((WRONG_DOOR, SHARE)):
        table.insert(position, key, point.get(key, math.nan))
    table["pairs"] = 5
    return table


def test_the_table_says_which_end_of_which_assumption_changes_the_answer(tmp_path):
    spec = load_spec(spec_file(tmp_path, FACTORS))
    structures = pd.concat(
        [
            verdicts(-1.0, 0.0),  # own values: merged waits a week less, closes as many: merged better
            verdicts(-1.0, 0.0, **{WRONG_DOOR: 0.0}),
            verdicts(-0.5, -50.0, **{WRONG_DOOR: 0.3}),  # shorter waits but fewer closed: a trade-off
            verdicts(-1.0, 0.0, **{SHARE: 0.25}),
            verdicts(-1.0, 5.0, **{SHARE: 0.42}),
        ],
        ignore_index=True,
    )
    table = one_at_a_time_table(structures, spec)
    assert list(table["end"]) == [OWN, LOW, HIGH, LOW, HIGH]
    assert list(table["kind"]) == ["b_better", "b_better", "trade_off", "b_better", "b_better"]
    assert list(table["holds"]) == [True, True, False, True, True]
    assert list(table["flips"]) == [False, False, True, False, False]
    assert table.loc[0, "winner"] == "alternative" and table.loc[2, "winner"] == ""
    assert table.loc[2, "wait_first_contact_mean_weeks_difference"] == pytest.approx(-0.5)
    summary = flip_summary(table, "merged")
    assert "merged better at the scenarios' own values" in summary
    assert "It flips at the wrong-door chance = 0.3 (high): a trade-off" in summary
    assert "both ends of the 1 assumption: the youth team's share of the split's FTE" in summary
    assert "not shown" not in summary
    # an end where nothing is shown (inconclusive) is not a flip
    structures.loc[structures[SHARE] == 0.42, "verdict"] = "inconclusive"
    table = one_at_a_time_table(structures, spec)
    assert list(table["flips"]) == [False, False, True, False, False]
    summary = flip_summary(table, "merged")
    assert "not shown (inconclusive) at the youth team's share of the split's FTE = 0.42 (high)" in summary
    assert "both ends of the 0 assumptions." in summary


def test_the_case_study_sweep_varies_assumptions_of_the_table_over_their_ranges():
    """experiments/merge_youth_adult_assumptions.toml: every factor a varied assumption of both structures."""
    spec = load_spec(ROOT / "experiments" / "merge_youth_adult_assumptions.toml")
    files = [Path(str(f)) for f in spec.factors["scenario"].values or ()]
    assert [f.name for f in files] == ["split.toml", "merged.toml"]
    varied = {a.key: a for a in applicable([load_scenario(f).model_dump() for f in files])}
    keys = [key for key in spec.factors if key != "scenario"]
    for key in keys:
        assert key in varied, f"{key}: not an assumption robustness varies for split and merged"
        assert (spec.factors[key].low, spec.factors[key].high) == (varied[key].low, varied[key].high)
    # what could favour either structure is varied: the other need's cost, expertise dilution,
    # hand-offs, the staff division and wrong doors (the brief of the case study's caveats)
    for key in (
        "split_teams.mixed_household_probability.multiple",
        "pathway.other_need_support_share",
        "expertise.generalist_level",
        "handoffs.cold_loss_probability",
        "workforce.youth_team_fte_share",
        "split_teams.wrong_door_probability",
    ):
        assert key in keys
