"""The figures tell the truth: what is drawn equals what the records and metrics say; every figure renders.

Runs are short (half a year of warm-up, one measured year) so the whole file stays fast; the
numbers are read back from the matplotlib artists, not from the functions that made them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from analysis.compare import verdict_table
from analysis.figures import figures_for_folder, folder_kind, save_figures
from analysis.plots.compare import CLIP_PCT
from analysis.plots.data import read_run
from analysis.plots.run import escalation_table
from experiments.compare import run_comparison
from experiments.replications import run_replications, window_records
from experiments.run_folder import write_compare_folder, write_run_folder
from sim import METRIC_NAMES, load_scenario, run
from sim.metrics import PeopleRecords, compute_metrics

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
PRESETS = sorted(p for p in SCENARIOS.glob("*.toml"))
RUN_KEYS = ["waiting_list", "waits_by_stage", "case_flow", "escalation", "staff_hours", "handoffs"]


def short(path: Path, warmup_years: float = 0.5):
    """A scenario with a short warm-up, so a test run takes well under a second."""
    scenario = load_scenario(path)
    return scenario.model_copy(update={"run": scenario.run.model_copy(update={"warmup_years": warmup_years})})


def texts_of(fig) -> str:
    """Every text on a figure: figure texts, titles, axis labels, tick labels, legends."""
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        parts += [ax.get_xlabel(), ax.get_ylabel()]
        parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def split_run(tmp_path_factory) -> Path:
    """Form B with hand-offs of every kind, two replications."""
    out = tmp_path_factory.mktemp("split")
    reps = run_replications(short(SCENARIOS / "split_youth_b.toml", 1.0), 2, 7, years=1)
    write_run_folder(out, reps, "split_youth_b.toml", 1)
    return out


@pytest.fixture(scope="module")
def split_specs(split_run) -> dict:
    return {spec.key: spec for spec in figures_for_folder(split_run)}


def test_records_reproduce_every_metric():
    """The cases, visits and hand-offs a run folder keeps give exactly the run's metrics."""
    scenario = short(SCENARIOS / "front_expert_c.toml")
    result = run(scenario, 11, years=1)
    kept = window_records(result)
    assert len(kept["cases"]) < len(result.cases)  # cases that ended in the warm-up are left out
    people = PeopleRecords(absences=result.absences, needs=result.needs)  # needs: not in a run folder yet
    again = compute_metrics(scenario, result.window, kept["cases"], kept["visits"], kept["handoffs"], people)
    assert again == pytest.approx(result.metrics, nan_ok=True)


def test_waiting_list_lines_are_the_time_series_means(split_run, split_specs):
    fig = split_specs["waiting_list"].figure
    series = pd.read_parquet(split_run / "timeseries.parquet")
    teams = series[series["kind"] == "team"]
    expected = teams.groupby(["unit", "t_weeks"])["waiting"].mean()
    ax = next(a for a in fig.axes if a.get_title(loc="left") == "teams")
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert len(lines) == teams["unit"].nunique()
    for unit in teams["unit"].unique():
        line = lines[unit.replace("_", " ")]
        np.testing.assert_allclose(line.get_ydata(), expected[unit].to_numpy())
        np.testing.assert_allclose(line.get_xdata(), expected[unit].index.to_numpy())
    # a band per line, and the warm-up shaded up to its end
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == len(lines)
    warmup = [p for p in ax.patches if p.get_label().startswith("warm-up")]
    assert warmup and warmup[0].get_x() + warmup[0].get_width() == pytest.approx(52.0)


def test_escalation_bars_are_the_shares_in_the_records(split_run, split_specs):
    data = read_run(split_run)
    cases = data.cases
    ended = cases[(cases["end_t"] >= data.warmup_weeks) & (cases["end_t"] <= data.end_weeks)]
    # per replication the records give exactly the metric
    summary = pd.read_csv(split_run / "summary.csv").set_index("replication")
    for r, part in ended.groupby("replication"):
        assert (part["escalation"] != "").mean() == pytest.approx(summary.loc[r, "escalation_rate"])
    ax = split_specs["escalation"].figure.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    needed, worsening = bars[:4], bars[4:8]
    for bar, complexity in zip(needed, ["single", "multiple", "multi_problem"], strict=False):
        part = ended[ended["complexity"] == complexity]
        assert bar.get_height() == pytest.approx(100 * (part["escalation"] == "needed").mean())
    assert needed[3].get_height() + worsening[3].get_height() == pytest.approx(
        100 * (ended["escalation"] != "").mean()
    )
    table = escalation_table(data)
    assert table.loc[table["complexity"] == "all", "ended"].item() == len(ended)


def test_handoff_bars_add_up_to_the_handoff_metric(split_run, split_specs):
    summary = pd.read_csv(split_run / "summary.csv")
    ax = split_specs["handoffs"].figure.axes[0]
    widths = sum(p.get_width() for p in ax.patches if isinstance(p, Rectangle))
    reps, years = len(summary), 1.0
    assert widths * reps * years == pytest.approx(summary["handoffs"].sum())
    handoffs = pd.read_parquet(split_run / "handoffs.parquet")
    wrong = handoffs[(handoffs["boundary"] == "wrong_door") & (handoffs["t"] >= 52) & (handoffs["t"] <= 104)]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    row = len(labels) - 1 - labels.index("wrong door")
    on_row = [
        p.get_width()
        for p in ax.patches
        if isinstance(p, Rectangle) and abs(p.get_y() + p.get_height() / 2 - row) < 1e-9
    ]
    assert sum(on_row) * reps == pytest.approx(len(wrong))
    rate_ax = split_specs["handoffs"].figure.axes[1]
    points = next(line for line in rate_ax.get_lines() if line.get_marker() == "o")
    failed = wrong["outcome"].isin(["lost", "bounced", "duplicated", "delayed"]).mean()
    assert points.get_xdata()[labels.index("wrong door")] == pytest.approx(100 * failed)


def test_case_flow_counts_every_request_of_the_window(split_run, split_specs):
    data = read_run(split_run)
    requested = ((data.cases["request_t"] >= 52) & (data.cases["request_t"] <= 104)).sum()
    ax = split_specs["case_flow"].figure.axes[0]
    ending_texts = [t.get_text() for t in ax.texts if t.get_ha() == "left" and "  " in t.get_text()]
    per_year = sum(float(t.rsplit("  ", 1)[1].replace(",", "")) for t in ending_texts)
    assert per_year == pytest.approx(requested / 2, abs=len(ending_texts))  # rounded to whole cases


def test_staff_hours_bars_are_the_time_series_hours(split_run, split_specs):
    series = pd.read_parquet(split_run / "timeseries.parquet")
    window = series[(series["kind"] == "team") & (series["t_weeks"] >= 52) & (series["t_weeks"] < 104)]
    client = window.groupby("unit")["client_hours"].sum() / (52 * 2)
    ax = split_specs["staff_hours"].figure.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    green = [p for p in ax.patches if isinstance(p, Rectangle)][: len(labels)]  # client time is drawn first
    for bar, name in zip(green, labels, strict=True):
        assert bar.get_width() == pytest.approx(client[name.replace(" ", "_")])


@pytest.fixture(scope="module")
def compare_folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("compare")
    comparison = run_comparison(
        short(SCENARIOS / "gouda_split.toml"), short(SCENARIOS / "gouda_merged.toml"), 2, 5, years=1
    )
    table = verdict_table(comparison.paired, METRIC_NAMES, "gouda_split", "gouda_merged")
    write_compare_folder(
        out, comparison, table, "scenarios/gouda_split.toml", "scenarios/gouda_merged.toml", 1
    )
    return out


def test_forest_points_are_compare_csv_as_percent_of_a(compare_folder):
    assert folder_kind(compare_folder) == "compare"
    specs = {s.key: s for s in figures_for_folder(compare_folder)}
    assert set(specs) == {"forest", "waiting_lists"}
    ax = specs["forest"].figure.axes[0]
    table = pd.read_csv(compare_folder / "compare.csv")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    points = {
        round(line.get_ydata()[0]): line.get_xdata()[0]
        for line in ax.get_lines()
        if line.get_marker() in ("o", ">", "<") and len(line.get_xdata()) == 1
    }
    checked = 0
    for i, row in enumerate(table.itertuples()):
        y = len(table) - 1 - i
        if row.mean_a == 0:
            assert y not in points
            continue
        pct = 100 * row.difference / abs(row.mean_a)
        assert points[y] == pytest.approx(np.clip(pct, -CLIP_PCT, CLIP_PCT))
        checked += 1
    assert checked >= 15 and ticks[0] == "requests"
    # both waiting lists, A's line the mean of A's time series over replications
    wl = specs["waiting_lists"].figure.axes[0]
    series = pd.read_parquet(compare_folder / "timeseries_a.parquet")
    units = series[series["kind"] != "boundary"]
    total = units.groupby(["replication", "t_weeks"])["waiting"].sum().groupby("t_weeks").mean()
    line_a = next(line for line in wl.get_lines() if line.get_label().startswith("A:"))
    np.testing.assert_allclose(line_a.get_ydata(), total.to_numpy())
    assert any(line.get_label().startswith("B:") for line in wl.get_lines())


def fake_sweep(folder: Path, sobol: bool) -> pd.DataFrame:
    """A sweep folder with made-up runs (the store's format), so the plot can be checked against it."""
    from experiments.store import run_file_name

    rng = np.random.default_rng(3)
    rows = []
    for run_index, (fte, rate, rep) in enumerate(
        (f, r, k) for f in (0.9, 1.0, 1.1) for r in (0.8, 1.2) for k in range(3)
    ):
        rows.append(
            {
                "run": run_index,
                "point": run_index // 3,
                "replication": rep,
                "seed": rep,
                "workforce.fte_factor": fte,
                "demand.rate_factor": rate,
                "waiting_list_mean": 100 * rate / fte + rng.normal(0, 5),
                "cost_eur": 1e6 * fte,
                "wall_time_s": 0.1,
                "error": "",
            }
        )
    runs = pd.DataFrame(rows)
    (folder / "runs").mkdir(parents=True)
    for row in rows:
        pd.DataFrame([row]).to_parquet(folder / "runs" / run_file_name(row["run"]), index=False)
    manifest = {
        "kind": "sweep",
        "name": "made-up sweep",
        "factors": ["workforce.fte_factor", "demand.rate_factor"],
        "metrics": ["waiting_list_mean", "cost_eur"],
        "spec": {"name": "made-up sweep"},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    if sobol:
        pd.DataFrame(
            {
                "metric": ["waiting_list_mean"] * 2,
                "factor": manifest["factors"],
                "S1": [0.3, 0.6],
                "S1_conf": [0.1, 0.1],
                "ST": [0.35, 0.7],
                "ST_conf": [0.05, 0.2],
                "note": ["", ""],
            }
        ).to_csv(folder / "sensitivity.csv", index=False)
    return runs


def test_sweep_figures_draw_the_stored_runs(tmp_path):
    runs = fake_sweep(tmp_path, sobol=True)
    assert folder_kind(tmp_path) == "sweep"
    specs = {s.key: s for s in figures_for_folder(tmp_path)}
    assert list(specs) == ["factor_effects", "heatmap", "sobol"]
    effects = specs["factor_effects"].figure.axes[0]  # waiting list against FTE
    line = effects.get_lines()[0]
    expected = runs.groupby("workforce.fte_factor")["waiting_list_mean"].mean()
    np.testing.assert_allclose(line.get_xdata(), expected.index.to_numpy())
    np.testing.assert_allclose(line.get_ydata(), expected.to_numpy())
    heat = specs["heatmap"].figure.axes[0]
    cells = heat.get_images()[0].get_array()
    grid = runs.pivot_table(
        index="demand.rate_factor", columns="workforce.fte_factor", values="waiting_list_mean"
    ).sort_index(ascending=False)
    np.testing.assert_allclose(np.asarray(cells), grid.to_numpy())
    sobol = specs["sobol"].figure.axes[0]
    heights = [p.get_height() for p in sobol.patches if isinstance(p, Rectangle)]
    assert heights == pytest.approx([0.3, 0.6, 0.35, 0.7])


def test_dutch_labels(split_run, compare_folder):
    specs = {s.key: s for s in figures_for_folder(split_run, lang="nl")}
    assert specs["waiting_list"].title == "Wachtlijst in de tijd"
    text = texts_of(specs["waiting_list"].figure)
    assert "wachtende cases" in text and "inloopperiode (telt niet mee)" in text
    assert "cases waiting" not in text
    assert "verkeerde deur" in texts_of(specs["handoffs"].figure)
    assert "herhalingen" in specs["waiting_list"].caption
    forest = figures_for_folder(compare_folder, lang="nl")[0]
    assert "wachttijd tot eerste contact, gemiddeld (weken)" in texts_of(forest.figure)
    with pytest.raises(ValueError, match="lang = 'de'"):
        figures_for_folder(split_run, lang="de")


def test_folder_kind_refuses_other_folders(tmp_path):
    with pytest.raises(ValueError, match="not a wijksim run, compare or sweep folder"):
        folder_kind(tmp_path)


@pytest.fixture(scope="module")
def preset_folders(tmp_path_factory) -> dict[str, Path]:
    """Every preset, one replication of one measured year after a quarter-year warm-up."""
    folders = {}
    for path in PRESETS:
        out = tmp_path_factory.mktemp(path.stem)
        write_run_folder(out, run_replications(short(path, 0.25), 1, 3, years=1), str(path), 1)
        folders[path.stem] = out
    return folders


@pytest.mark.parametrize("preset", [p.stem for p in PRESETS])
def test_every_figure_renders_for_every_preset(preset, preset_folders, tmp_path):
    folder = preset_folders[preset]
    name = json.loads((folder / "manifest.json").read_text())["scenario_name"]
    specs = figures_for_folder(folder)
    assert [s.key for s in specs] == RUN_KEYS
    for spec in specs:
        assert name in texts_of(spec.figure), spec.key  # the scenario name on every figure
        assert spec.title and spec.caption.endswith(".")
        buffer = io.BytesIO()
        spec.figure.savefig(buffer, format="png", dpi=30)
        assert buffer.getvalue()[:4] == b"\x89PNG"
    if preset == "integral_a1":
        written = save_figures(folder, tmp_path / "png", fmt="svg")
        assert [p.name for p in written] == [f"{k}.svg" for k in RUN_KEYS]
