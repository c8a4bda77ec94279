"""An honest 'better': a declared objective, Holm's correction, four words, conflicts said aloud."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import (
    BETTER,
    INCONCLUSIVE,
    NO_RELEVANT_DIFFERENCE,
    WORSE,
    holm,
    paired_p_values,
    verdict_table,
)
from analysis.objective import DEFAULT_OBJECTIVE, objective
from analysis.verdict import PHRASES, judged_count, overall, verdict_sentences
from sim import ScenarioError


def paired(n: int = 10, seed: int = 1, **pairs: tuple[float, float, float]) -> pd.DataFrame:
    """Paired columns ``<metric>_a``/``_b``: A ~ N(mean, 5% of mean) per replication, B = A + shift + noise."""
    rng = np.random.default_rng(seed)
    columns = {}
    for metric, (mean, shift, noise) in pairs.items():
        a = mean + rng.normal(0, 0.05 * abs(mean) + 1e-9, n)
        columns[f"{metric}_a"] = a
        columns[f"{metric}_b"] = a + shift + rng.normal(0, noise, n)
    return pd.DataFrame(columns)


def verdicts(table: pd.DataFrame) -> dict[str, str]:
    return dict(zip(table["metric"], table["verdict"], strict=True))


def test_holm_adjusts_step_down_and_keeps_order():
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5, float("nan"), 0.001]) == pytest.approx([0.5, float("nan"), 0.002], nan_ok=True)


def test_a_significant_but_small_difference_is_not_better():
    # overhead share 0.1 percentage point lower, measured very precisely: not relevant (>= 2 points)
    data = paired(overhead_share=(0.40, -0.001, 0.0002), wait_first_contact_mean_weeks=(3.9, -2.0, 0.1))
    table = verdict_table(data, ["overhead_share", "wait_first_contact_mean_weeks"], "split", "merged")
    assert verdicts(table) == {
        "overhead_share": NO_RELEVANT_DIFFERENCE,
        "wait_first_contact_mean_weeks": BETTER,
    }
    assert table.set_index("metric").loc["overhead_share", "ci_high"] < 0  # significant all the same
    assert list(table["better"]) == ["", "merged"]


def test_noise_leaves_the_verdict_open_and_worse_names_a():
    data = paired(n=4, closed=(1000, 5, 40), dropped_out=(200, 60, 5))
    table = verdict_table(data, ["closed", "dropped_out"], "a", "b")
    assert verdicts(table) == {"closed": INCONCLUSIVE, "dropped_out": WORSE}
    assert list(table["better"]) == ["", "a"]


def test_holm_correction_over_many_metrics_withholds_a_lone_borderline_claim():
    # one metric whose raw p-value is about 0.01: better when judged alone ...
    rng = np.random.default_rng(7)
    diffs = rng.normal(-1.0, 1.0, 8)
    diffs = diffs - diffs.mean() - 0.9  # mean -0.9, sd ~1 -> t ~ -2.5, p ~ 0.04
    p, _ = paired_p_values(diffs, 0.25)
    assert 0.01 < p < 0.05
    base = {"wait_total_mean_weeks_a": np.full(8, 4.0), "wait_total_mean_weeks_b": 4.0 + diffs}
    alone = verdict_table(pd.DataFrame(base), ["wait_total_mean_weeks"])
    assert verdicts(alone)["wait_total_mean_weeks"] == BETTER
    # ... but not among seventeen judged metrics where nothing else differs
    others = {f"{m}_{side}": np.linspace(1, 2, 8) for m in DEFAULT_OBJECTIVE for side in "ab"}
    many = verdict_table(pd.DataFrame({**others, **base}), list(DEFAULT_OBJECTIVE))
    assert verdicts(many)["wait_total_mean_weeks"] == INCONCLUSIVE
    assert many.set_index("metric").loc["wait_total_mean_weeks", "p_holm"] == pytest.approx(
        min(1.0, p * len(DEFAULT_OBJECTIVE))
    )


def test_a_metric_constant_on_both_sides_is_not_judged_and_leaves_holms_family():
    # the borderline claim of the test above, among metrics that are 0 in every replication of both
    # scenarios (a mechanism switched off): they cannot differ, so they do not dilute the claim
    rng = np.random.default_rng(7)
    diffs = rng.normal(-1.0, 1.0, 8)
    diffs = diffs - diffs.mean() - 0.9
    p, _ = paired_p_values(diffs, 0.25)
    base = {"wait_total_mean_weeks_a": np.full(8, 4.0), "wait_total_mean_weeks_b": 4.0 + diffs}
    zeros = {f"{m}_{side}": np.zeros(8) for m in DEFAULT_OBJECTIVE for side in "ab"}
    table = verdict_table(pd.DataFrame({**zeros, **base}), list(DEFAULT_OBJECTIVE))
    assert verdicts(table)["wait_total_mean_weeks"] == BETTER
    row = table.set_index("metric").loc["wait_total_mean_weeks"]
    assert row["p_holm"] == pytest.approx(p)  # a family of one
    constant = table[table["metric"] != "wait_total_mean_weeks"]
    assert set(constant["verdict"]) == {""} and set(constant["direction"]) == {""}
    assert judged_count(table) == 1
    # one constant on each side but not the same constant: that is a difference, and it is judged
    shifted = {**zeros, "closed_b": np.full(8, 3.0), **base}
    table = verdict_table(pd.DataFrame(shifted), list(DEFAULT_OBJECTIVE))
    assert verdicts(table)["closed"] == BETTER and judged_count(table) == 2


def test_every_judged_metric_has_a_phrase_in_both_languages():
    from analysis.verdict import PHRASES, THEME_ORDER, THEMES

    for metric in DEFAULT_OBJECTIVE:
        theme = THEMES.get(metric)
        assert theme in THEME_ORDER, f"{metric}: no theme, its name would stand in the answer"
        assert theme in PHRASES["en"] and theme in PHRASES["nl"]
    data = paired(handoffs_lost=(50, -20, 1), unmet_need=(80, -30, 1))
    first = verdict_sentences(
        verdict_table(data, ["handoffs_lost", "unmet_need"], "A", "B"), "A", "B", 10, 2
    )[0]
    assert "leaves fewer needs unmet" in first and "unmet_need" not in first


def test_describing_metrics_get_no_verdict():
    data = paired(requests=(5000, -300, 10), staff_hours=(150_000, 0, 0))
    table = verdict_table(data, ["requests", "staff_hours"])
    assert list(table["verdict"]) == ["", ""] and list(table["direction"]) == ["", ""]


def test_conflicting_metrics_are_said_and_no_winner_named():
    data = paired(wait_first_contact_mean_weeks=(3.9, -1.5, 0.1), cost_eur=(20e6, 1e6, 5e4))
    table = verdict_table(data, ["wait_first_contact_mean_weeks", "cost_eur"], "A", "B")
    found = overall(table)
    assert found.kind == "trade_off" and found.winner is None
    first = verdict_sentences(table, "A", "B", 10, 2)[0]
    assert first == "Neither is better on everything: B has shorter waits, but costs more than A."


def test_cheaper_but_helping_fewer_is_never_better_on_cost_alone():
    # B is cheaper (relevantly so), but closes fewer cases: not shown to help as many
    data = paired(n=6, cost_eur=(20e6, -1e6, 5e4), closed=(4000, -60, 40), dropped_out=(600, 0.5, 2))
    table = verdict_table(data, ["closed", "dropped_out", "cost_eur"], "A", "B")
    assert verdicts(table)["cost_eur"] == BETTER and verdicts(table)["closed"] in (WORSE, INCONCLUSIVE)
    found = overall(table)
    assert found.winner is None and found.kind in ("cost_only", "trade_off")
    assert "costs less" in verdict_sentences(table, "A", "B", 6, 1)[0]
    # with the same number of cases closed (shown to be within 1%), the cheaper structure is better
    same = paired(n=10, cost_eur=(20e6, -1e6, 5e4), closed=(4000, 0, 2))
    table = verdict_table(same, ["closed", "cost_eur"], "A", "B")
    assert overall(table).winner == "b"


def test_objective_overrides_and_their_mistakes():
    judged = objective(
        {"overhead_share": {"direction": "none"}, "cost_eur": {"min_relative_difference": 0.1}}
    )
    assert "overhead_share" not in judged and judged["cost_eur"].threshold(100, 90) == pytest.approx(10)
    judged = objective({"requests": {"direction": "lower", "min_difference": 50}})
    assert judged["requests"].threshold(1, 2) == 50
    with pytest.raises(ScenarioError) as error:
        objective(
            {
                "cost_euro": {"direction": "lower"},
                "closed": {"direction": "up", "min_diference": 1},
                "requests": {"direction": "lower"},
            },
            "a.toml",
        )
    problems = error.value.problems
    assert "a.toml: objective.cost_euro: unknown metric; did you mean 'cost_eur'?" in problems
    assert "a.toml: objective.closed.direction = 'up': must be one of lower, higher, none" in problems
    assert any(
        "objective.closed.min_diference: unknown key; did you mean 'min_difference'?" in p for p in problems
    )
    assert any(
        p.startswith("a.toml: objective.requests: requests is not judged by default") for p in problems
    )


def test_fewer_worsening_and_more_referral_are_not_said_as_one_thing_both_ways():
    # The Gouda case study: the merged teams have fewer cases that worsen into specialised care but
    # refer more cases overall; the answer must not say "refers fewer ... but refers more".
    data = paired(
        trajectory_escalation_rate=(0.19, 0.04, 0.005), escalation_by_worsening_rate=(0.15, -0.08, 0.01)
    )
    judged = ["trajectory_escalation_rate", "escalation_by_worsening_rate"]
    table = verdict_table(data, judged, "split", "merged")
    first = verdict_sentences(table, "split", "merged", 10, 2)[0]
    assert "worsen into specialised care while they wait" in first
    assert "refers more cases to specialised care" in first
    assert "refers fewer cases" not in first


def test_the_readme_judges_exactly_the_metrics_the_objective_judges():
    import re
    from pathlib import Path

    from sim.metrics import METRIC_NAMES

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    table = text[text.index("| metric | better | δ |") : text.index("The others (`requests`")]
    listed = set(re.findall(r"`([a-z_0-9]+)`", table))
    assert listed == set(DEFAULT_OBJECTIVE)
    others = text[text.index("The others (`requests`") :].split("describe; they are not judged")[0]
    described = set(re.findall(r"`([a-z_0-9]+)`", others))
    assert described == set(METRIC_NAMES) - set(DEFAULT_OBJECTIVE)


def test_a_theme_that_differs_both_ways_is_said_by_its_metrics_not_as_one_phrase_both_ways():
    # the Gouda bridge worker: fewer duplicate cases, but more residents lost in its warm hand-overs
    data = paired(duplicate_cases=(190, -117, 3), handoffs_lost=(140, 49, 3))
    table = verdict_table(data, ["duplicate_cases", "handoffs_lost"], "split", "split_bridge")
    for lang, better, worse in (
        ("en", "does better on", "does worse on"),
        ("nl", "doet het beter op", "doet het slechter op"),
    ):
        first = verdict_sentences(table, "split", "split_bridge", 10, 2, lang)[0]
        phrases = PHRASES[lang]["handoffs"]
        assert phrases[0] not in first and phrases[1] not in first, first
        assert better in first and worse in first, first
