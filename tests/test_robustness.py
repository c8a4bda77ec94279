"""wijksim robustness: the verdict re-evaluated over the assumptions' ranges, paired, resumable, PRIM.

The Gouda runs use the Gouda presets with a short warm-up (a child file that extends each), so that a
run takes a fraction of a second; the verdict machinery is the same as for the full presets.
"""

from __future__ import annotations

import copy
import re

import numpy as np
import pandas as pd
import pytest

from analysis.objective import DEFAULT_OBJECTIVE
from analysis.robustness import (
    ASSUMPTION_LABELS,
    analyse,
    assumption_label,
    flip_box,
    flip_sentence,
    point_verdict,
)
from analysis.verdict import overall
from experiments.assumptions import ASSUMPTIONS, FORMS, NOT_VARIED, applicable, by_key, render
from experiments.design import design_points
from experiments.robustness import FUTURES, futures_spec, plan_robustness
from experiments.store import SweepStore
from sim import load_scenario
from tests.conftest import ROOT
from tests.test_extras import wijksim_without
from wijksim.cli import main

SPLIT, MERGED = ROOT / "scenarios" / "gouda_split.toml", ROOT / "scenarios" / "gouda_merged.toml"


def short_gouda(tmp_path):
    """The two Gouda presets with a quarter-year warm-up."""
    files = []
    for source in (SPLIT, MERGED):
        path = tmp_path / source.name
        path.write_text(f'extends = "{source.as_posix()}"\n[run]\nwarmup_years = 0.25\n')
        files.append(path)
    return files


# --- the table of assumptions --------------------------------------------------------------------


def test_assumption_ranges_doc_is_generated_from_the_table():
    committed = (ROOT / "docs" / "assumption-ranges.md").read_text()
    assert committed == render(), "run: python -m experiments.assumptions > docs/assumption-ranges.md"


def _marked_in_reference() -> set[str]:
    """Keys whose meaning in docs/scenario-reference.md marks them as an assumption."""
    marked = set()
    for line in (ROOT / "docs" / "scenario-reference.md").read_text().splitlines():
        found = re.match(r"^\| `\[?([^`\]]+)\]?` \|", line)
        if found and re.search(r"\(A[);]|\(assumption", line.rsplit("|", 2)[-2]):
            marked.add(found.group(1))
    return marked


def _root(key: str, marked: set[str]) -> str | None:
    """The marked key that ``key`` is, or is a parameter of (a distribution, a table per class)."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in marked:
            return ".".join(parts[:end])
    return None


def test_every_assumption_the_reference_marks_is_varied_or_said_why_not():
    marked = _marked_in_reference()
    assert len(marked) > 30  # the parser found the reference's marks
    varied = {_root(a.key, marked) for a in ASSUMPTIONS}
    assert None not in varied, [a.key for a in ASSUMPTIONS if _root(a.key, marked) is None]
    unaccounted = sorted(k for k in marked if k not in varied and k not in NOT_VARIED and "[i]" not in k)
    assert not unaccounted, f"marked (A) in the reference, neither varied nor in NOT_VARIED: {unaccounted}"
    assert not set(NOT_VARIED) & varied


@pytest.mark.parametrize("assumption", ASSUMPTIONS, ids=lambda a: a.key)
def test_each_range_is_accepted_by_a_preset_of_its_form(assumption):
    presets = {"A1": "integral_a1", "A2": "complex_a2", "B": "split_youth_b", "C": "front_expert_c"}
    assert assumption.low < assumption.high and set(assumption.forms) <= set(FORMS)
    path = ROOT / "scenarios" / f"{presets[assumption.forms[0]]}.toml"
    for value in (assumption.low, assumption.high):
        scenario = load_scenario(path, overrides={assumption.key: value})
        node = scenario.model_dump()
        for part in assumption.key.split("."):
            node = node[part]
        assert node == pytest.approx(value)
    assert assumption_label(assumption.key, "en") != assumption_label(assumption.key, "nl")
    assert set(ASSUMPTION_LABELS[assumption.key]) == {"en", "nl"}


def test_the_gouda_comparison_varies_the_split_and_hand_off_assumptions_not_triage():
    keys = [a.key for a in applicable([load_scenario(f).model_dump() for f in (SPLIT, MERGED)])]
    assert "split_teams.wrong_door_probability" in keys and "handoffs.cold_delay_weeks.mean" in keys
    assert "triage.accuracy" not in keys and "first_line.push_on_probability" not in keys
    # two A1 scenarios have no wrong doors to vary
    a1 = [a.key for a in applicable([load_scenario(MERGED).model_dump()] * 2)]
    assert "split_teams.wrong_door_probability" not in a1 and "overhead.meeting_share" in a1


def test_the_gouda_comparison_varies_what_could_favour_either_structure():
    """Other needs (both sides pay), the split's staff division, and expertise once it is switched on."""
    dumped = [load_scenario(f).model_dump() for f in (SPLIT, MERGED)]
    keys = [a.key for a in applicable(dumped)]
    for key in (
        "split_teams.mixed_household_probability.multiple",
        "pathway.other_need_support_share",
        "workforce.youth_team_fte_share",
        "handoffs.warm_loss_probability",
    ):
        assert key in keys
    by = by_key()
    assert by["split_teams.mixed_household_probability.multiple"].applies_to("A1")
    switched = [a for a in ASSUMPTIONS if a.requires]
    assert {a.requires for a in switched} >= {"expertise.enabled", "help_seeking.enabled"}
    for assumption in switched:  # varied exactly when one side has its mechanism on
        assert assumption.requires is not None
        section, switch = assumption.requires.split(".")
        off, on = copy.deepcopy(dumped), copy.deepcopy(dumped)
        for values in off:
            values[section][switch] = False
        on[1][section][switch] = True  # the merged side only: one side with the mechanism is enough
        assert assumption.key not in [a.key for a in applicable(off)]
        if "A1" in assumption.forms:
            assert assumption.key in [a.key for a in applicable(on)]


def test_every_future_runs_on_both_structures_with_the_same_assumption_values(tmp_path):
    a, b = short_gouda(tmp_path)
    spec = futures_spec(plan_robustness(a, b, futures=8, years=0.25))
    points = design_points(spec)
    keys = [k for k in spec.factors if k != "scenario"]
    assert len(points) == 16
    assert list(points["scenario"]) == [str(a.resolve()), str(b.resolve())] * 8
    pairs = points[keys].to_numpy()
    assert np.array_equal(pairs[0::2], pairs[1::2])
    ranges = by_key()
    for key in keys:  # a Latin hypercube: one sample in each eighth of every range
        cells = np.floor(
            (pairs[0::2, keys.index(key)] - ranges[key].low) / (ranges[key].high - ranges[key].low) * 8
        )
        assert sorted(cells) == list(range(8))


# --- the verdict in one future, and PRIM's sentence --------------------------------------------


def test_a_future_verdict_uses_the_minimum_relevant_difference():
    judged = {m: DEFAULT_OBJECTIVE[m] for m in ("wait_first_contact_mean_weeks", "closed", "cost_eur")}
    a = {"wait_first_contact_mean_weeks": 3.0, "closed": 1000.0, "cost_eur": 1e6}
    b_better = {"wait_first_contact_mean_weeks": 2.0, "closed": 1005.0, "cost_eur": 1.005e6}
    table = point_verdict(a, b_better, judged).set_index("metric")
    assert list(table["verdict"]) == ["better", "no relevant difference", "no relevant difference"]
    assert overall(table.reset_index()).kind == "b_better"
    trade = {**b_better, "cost_eur": 1.2e6}
    assert overall(point_verdict(a, trade, judged)).kind == "trade_off"


def test_prim_names_the_assumption_that_flips_the_verdict():
    rng = np.random.default_rng(7)
    keys = ["split_teams.wrong_door_probability", "overhead.meeting_share", "handoffs.cold_loss_probability"]
    ranges = [{"key": k, "low": by_key()[k].low, "high": by_key()[k].high} for k in keys]
    x = pd.DataFrame({r["key"]: rng.uniform(r["low"], r["high"], 300) for r in ranges})
    flips = (x["split_teams.wrong_door_probability"] < 0.1).to_numpy()
    box = flip_box(x, flips, ranges)
    assert list(box.limits.index) == ["split_teams.wrong_door_probability"]
    assert box.limits.loc["split_teams.wrong_door_probability", "max"] == pytest.approx(0.1, abs=0.01)
    assert box.density > 0.9 and box.coverage > 0.9
    en, nl = flip_sentence(box, "en"), flip_sentence(box, "nl")
    assert re.search(r"flips mostly when the wrong-door chance is below 0\.(09|1)", en), en
    assert "meeting" not in en and "cold hand-off" not in en
    assert "de kans op een verkeerde deur lager is dan 0,1" in nl or "lager is dan 0,09" in nl, nl


def test_prim_names_no_range_when_the_flips_are_noise():
    rng = np.random.default_rng(11)
    keys = ["split_teams.wrong_door_probability", "overhead.meeting_share", "handoffs.cold_loss_probability"]
    ranges = [{"key": k, "low": by_key()[k].low, "high": by_key()[k].high} for k in keys]
    x = pd.DataFrame({r["key"]: rng.uniform(r["low"], r["high"], 200) for r in ranges})
    box = flip_box(x, rng.random(200) < 0.3, ranges)
    assert box.limits.empty
    assert "No range of the assumptions explains" in flip_sentence(box, "en")


# --- the command on the Gouda case ---------------------------------------------------------------


def run_command(a, b, out, *extra: str) -> int:
    return main(
        ["robustness", str(a), str(b), "--years", "0.25", "--workers", "1", "--out", str(out), *extra]
    )


def test_robustness_on_gouda_names_what_it_varies_and_the_share_and_resumes(tmp_path, capsys):
    a, b = short_gouda(tmp_path)
    out = tmp_path / "rob"
    assert run_command(a, b, out, "--futures", "12", "--nominal-reps", "4", "--quiet") == 0
    printed = capsys.readouterr().out
    result = analyse(out)
    for assumption in result.settings["assumptions"]:
        assert assumption_label(assumption["key"]) in printed
    held = int(result.futures["holds"].sum())
    assert f"holds in {held} of 12 futures" in printed
    # at the calibrated presets' values the merged teams wait less but refer more: a trade-off, no winner
    assert result.verdict == "trade_off" and result.winner is None
    futures_csv = (out / "futures.csv").read_text()
    assert len(pd.read_csv(out / "futures.csv")) == 12
    # an interruption: a third of the futures' runs are gone; the same command runs only those again
    store = SweepStore(out / FUTURES)
    removed = sorted(store.run_files())[::3]
    for path in removed:
        path.unlink()
    assert run_command(a, b, out, "--futures", "12", "--nominal-reps", "4", "--quiet") == 0
    assert (out / "futures.csv").read_text() == futures_csv
    sessions = store.read_manifest()["sessions"]
    assert sessions[-1]["runs_done"] == len(removed)
    # other settings in the same folder are refused
    capsys.readouterr()
    assert run_command(a, b, out, "--futures", "13", "--nominal-reps", "4", "--quiet") == 1
    assert "other settings" in capsys.readouterr().err


def test_robustness_runs_100_futures_by_default(tmp_path, capsys):
    a, b = short_gouda(tmp_path)
    out = tmp_path / "rob"
    assert run_command(a, b, out, "--nominal-reps", "10", "--quiet") == 0
    printed = capsys.readouterr().out
    result = analyse(out)
    assert len(result.futures) == 100
    held = int(result.futures["holds"].sum())
    assert f"holds in {held} of 100 futures ({held}%)" in printed
    # the merged teams' shorter waits hold in every future: the split has wrong doors and second cases
    assert (result.futures["diff_wait_first_contact_mean_weeks"] < 0).all()
    sentences = [line for line in printed.splitlines() if line and not line.startswith("wrote")]
    assert re.match(r"(The verdict flips|No future flips|No range of the assumptions)", sentences[-1])


def test_robustness_without_the_discover_extra_names_it_and_exits_1(tmp_path):
    done = wijksim_without(
        ["ema_workbench"], "robustness", str(SPLIT), str(MERGED), "--out", str(tmp_path / "r")
    )
    assert done.returncode == 1
    assert "pip install 'wijksim[discover]'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r").exists()
