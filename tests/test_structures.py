"""Structures as a sweep factor: whole scenario files compared on common random numbers.

A spec's ``scenario`` factor lists scenario files; every run loads its point's file, the other factors
apply to each, and each file is compared with the first on the same seeds (``structures.csv``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.structures import structure_verdicts
from analysis.summary import mean_ci
from experiments.spec import load_spec, spec_hash
from experiments.sweep import run_sweep
from sim import load_scenario, run
from sim.random_streams import replication_seeds
from sim.scenario.errors import ScenarioError

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
A1, B = SCENARIOS / "integral_a1.toml", SCENARIOS / "split_youth_b.toml"
METRICS = ["wait_first_contact_mean_weeks", "duplicate_cases", "cost_eur"]


def spec_file(
    tmp_path: Path,
    files: list[Path | str],
    design: str = 'kind = "factorial"',
    extra: str = "",
    replications: int = 4,
) -> Path:
    values = ", ".join(f'"{Path(f).as_posix()}"' for f in files)
    path = tmp_path / "structures.toml"
    path.write_text(
        f'name = "A1 or B"\nbase = "{A1.as_posix()}"\nreplications = {replications}\nseed = 99\n'
        f"years = 0.5\nmetrics = {METRICS!r}\n".replace("'", '"')
        + f"[design]\n{design}\n[factors]\nscenario = {{ values = [{values}] }}\n"
        + '"run.warmup_years" = { values = [0.5] }\n'
        + extra
    )
    return path


def test_each_run_is_its_file_run_directly_and_verdicts_pair_by_seed(tmp_path):
    spec = load_spec(spec_file(tmp_path, [A1, B]))
    runs = run_sweep(spec, tmp_path / "out", workers=1, quiet=True)
    assert len(runs) == 8 and (runs["error"] == "").all()
    seeds = replication_seeds(99, 4)
    direct = {}
    for file in (A1, B):
        scenario = load_scenario(file, overrides={"run.years": 0.5, "run.warmup_years": 0.5})
        direct[file] = [run(scenario, seed).metrics for seed in seeds]
        stored = runs[runs["scenario"] == str(file)].sort_values("replication")
        for metric in METRICS:
            assert stored[metric].tolist() == [m[metric] for m in direct[file]]
    table = structure_verdicts(runs, spec).set_index("metric")
    assert (table["alternative"] == "split_youth_b").all() and (table["reference"] == "integral_a1").all()
    for metric in METRICS:
        diffs = np.array([b[metric] - a[metric] for a, b in zip(direct[A1], direct[B], strict=True)])
        mean, low, high = mean_ci(diffs)
        assert table.loc[metric, "difference"] == pytest.approx(mean)
        assert (table.loc[metric, "ci_low"], table.loc[metric, "ci_high"]) == pytest.approx((low, high))
    # Split teams duplicate households, integral teams never do: a verdict the CI must carry.
    assert table.loc["duplicate_cases", "better"] == "integral_a1"


def test_scenario_factor_is_refused_outside_factorial_and_with_numbers(tmp_path):
    with pytest.raises(ScenarioError, match="not in a sobol design"):
        load_spec(spec_file(tmp_path, [A1, B], design='kind = "sobol"\nsamples = 4'))
    path = spec_file(tmp_path, [A1, B])
    path.write_text(path.read_text().replace(f'"{B.as_posix()}"', "3"))
    with pytest.raises(ScenarioError, match="must be scenario file names"):
        load_spec(path)


def test_missing_structure_file_and_refused_factor_values_are_named(tmp_path):
    with pytest.raises(ScenarioError, match="nowhere.toml"):
        load_spec(spec_file(tmp_path, [A1, tmp_path / "nowhere.toml"]))
    # bridge_worker.fte = 0 is refused by every file: the message names the factor and the value
    extra = '"bridge_worker.fte" = { values = [0] }\n'
    with pytest.raises(ScenarioError, match=r'factors\."bridge_worker.fte" = 0'):
        load_spec(spec_file(tmp_path, [A1, B], extra=extra))


def test_hash_follows_the_content_of_every_structure_file(tmp_path):
    copy = tmp_path / "b_copy.toml"
    copy.write_text(f'extends = "{B.as_posix()}"\n')
    before = spec_hash(load_spec(spec_file(tmp_path, [A1, copy])))
    copy.write_text(f'extends = "{B.as_posix()}"\n[specialised_care]\nplaces = 90\n')
    assert spec_hash(load_spec(spec_file(tmp_path, [A1, copy]))) != before


def test_overview_puts_each_alternative_in_a_column_with_its_own_verdict(tmp_path):
    from analysis.structures import format_structure_overview

    spec = load_spec(spec_file(tmp_path, [A1, B, A1.parent / "front_expert_c.toml"], replications=3))
    runs = run_sweep(spec, tmp_path / "out", workers=1, quiet=True)
    table = structure_verdicts(runs, spec)
    text = format_structure_overview(table)
    header = next(line for line in text.splitlines() if line.startswith("metric"))
    assert "split_youth_b - integral_a1" in header and "front_expert_c - integral_a1" in header
    duplicates = next(line for line in text.splitlines() if line.startswith("duplicate_cases"))
    verdicts = table[table["metric"] == "duplicate_cases"].set_index("alternative")["better"]
    assert duplicates.count("worse") == int((verdicts == "integral_a1").sum())
    assert duplicates.count("better") == int(verdicts.isin(["split_youth_b", "front_expert_c"]).sum())


def test_structures_figure_draws_each_judged_verdict_as_percent_of_the_reference(tmp_path):
    from analysis.figures import figures_for_folder
    from analysis.plots.compare import CLIP_PCT

    spec = load_spec(spec_file(tmp_path, [A1, B]))
    runs = run_sweep(spec, tmp_path / "out", workers=1, quiet=True)
    specs = {s.key: s for s in figures_for_folder(tmp_path / "out")}
    assert list(specs)[0] == "structures"
    ax = specs["structures"].figure.axes[0]
    assert ax.get_title(loc="left") == load_scenario(B).name
    table = structure_verdicts(runs, spec)
    judged = table[table["better"] != ""].reset_index(drop=True)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    points = {
        round(line.get_ydata()[0]): line.get_xdata()[0]
        for line in ax.get_lines()
        if line.get_marker() in ("o", ">", "<") and len(line.get_xdata()) == 1
    }
    assert len(ticks) == len(judged) and len(points) == sum(judged["mean_a"] != 0)
    for i, row in judged.iterrows():
        y = len(judged) - 1 - i
        if row["mean_a"] != 0:
            pct = 100 * row["difference"] / abs(row["mean_a"])
            assert points[y] == pytest.approx(np.clip(pct, -CLIP_PCT, CLIP_PCT))
    # a sweep that also varies another factor has a verdict per combination, not one picture
    spec2 = load_spec(
        spec_file(tmp_path, [A1, B], extra='"demand.rate_factor" = { values = [0.9, 1.1] }\n', replications=2)
    )
    run_sweep(spec2, tmp_path / "out2", workers=1, quiet=True)
    assert "structures" not in {s.key for s in figures_for_folder(tmp_path / "out2")}
