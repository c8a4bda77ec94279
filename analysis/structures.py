"""Structures compared within one sweep: each ``scenario`` file against the first, on common seeds.

A sweep with a ``scenario`` factor runs replication ``r`` of every structure with the same seed, so the
per-replication difference from the reference shows the structure, not chance (as ``wijksim compare``
does for two files). With other factors in the spec, runs are paired within the same design values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from analysis.compare import (
    BETTER,
    INCONCLUSIVE,
    NO_RELEVANT_DIFFERENCE,
    WORSE,
    format_verdict,
    verdict_table,
)
from analysis.objective import Judgement, objective
from analysis.selection import Selection
from analysis.summary import format_number
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec
from sim import ScenarioError, load_scenario


def structure_names(spec: ExperimentSpec) -> dict[str, str]:
    """Each structure file's short name: its file name without the folder and ``.toml``."""
    files = [str(f) for f in spec.factors[SCENARIO_FACTOR].values or ()]
    names = {file: Path(file).stem for file in files}
    if len(set(names.values())) < len(names):  # two folders with the same file name
        names = {file: f"{Path(file).parent.name}/{Path(file).stem}" for file in files}
    return names


def structure_titles(spec: ExperimentSpec, lang: str = "en") -> dict[str, str]:
    """Each structure's short name -> its scenario's title in ``lang`` (``name``, or ``name_nl`` in Dutch).

    A file that can no longer be read (a sweep folder moved to another machine) keeps its short name.
    """
    titles = {}
    for file, short in structure_names(spec).items():
        try:
            scenario = load_scenario(file)
            titles[short] = scenario.name_nl if lang == "nl" and scenario.name_nl else scenario.name
        except (ScenarioError, OSError):
            titles[short] = short
    return titles


def sweep_structure_verdicts(
    runs: pd.DataFrame, spec: dict[str, Any] | ExperimentSpec
) -> tuple[pd.DataFrame, ExperimentSpec] | None:
    """``structure_verdicts`` of a stored sweep whose only varied factor is ``scenario``, and its spec.

    None without a ``scenario`` factor, without finished runs, or when another factor takes more than
    one value (then there is a verdict per combination, as ``structures.csv`` holds).
    """
    if not isinstance(spec, ExperimentSpec):
        if SCENARIO_FACTOR not in (spec.get("factors") or {}):
            return None
        spec = ExperimentSpec.model_validate(spec)
    finished = runs[runs["error"].fillna("") == ""] if "error" in runs else runs
    others = [key for key in spec.factors if key != SCENARIO_FACTOR]
    if SCENARIO_FACTOR not in spec.factors or finished.empty:
        return None
    if any(finished[key].nunique() > 1 for key in others):
        return None
    return structure_verdicts(finished, spec), spec


def spec_objective(spec: ExperimentSpec) -> dict[str, Judgement]:
    """The objective the structures are judged by: the defaults with the spec's ``[objective]``."""
    overrides = {metric: entry.model_dump() for metric, entry in spec.objective.items()}
    return objective(overrides, "objective")


SELECTION_METRICS = ("wait_first_contact_mean_weeks", "waiting_list_mean", "cost_eur")
"""The metric the best structure is chosen on: the first of these that the sweep kept."""


def best_structure(runs: pd.DataFrame, spec: ExperimentSpec) -> tuple[str, str | None, Selection] | None:
    """Which structure is best on the selection metric (Kim-Nelson over the stored replications).

    Returns (metric, the best structure's short name or None when undecided, the selection); None when
    the sweep has other varied factors or no judged selection metric. The indifference zone is the
    metric's minimum relevant difference.
    """
    from analysis.selection import select_from_replications

    judged = spec_objective(spec)
    metric = next((m for m in SELECTION_METRICS if m in spec.metrics and m in judged), None)
    others = [key for key in spec.factors if key != SCENARIO_FACTOR]
    finished = runs[runs["error"].fillna("") == ""] if "error" in runs else runs
    if metric is None or any(finished[key].nunique() > 1 for key in others):
        return None
    names = structure_names(spec)
    table = finished.pivot_table(index="replication", columns=SCENARIO_FACTOR, values=metric).dropna()
    table = table[[file for file in names if file in table.columns]]
    if table.shape[1] < 2 or len(table) < 2:
        return None
    means = table.mean().to_numpy()
    judgement = judged[metric]
    delta = judgement.threshold(float(means.min()), float(means.max()))
    selection = select_from_replications(
        table.to_numpy(), delta, lower_is_better=judgement.direction == "lower"
    )
    best = None if selection.best is None else names[str(table.columns[selection.best])]
    return metric, best, selection


def structure_verdicts(runs: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """Per alternative structure and metric: means, paired difference alternative - reference, verdict.

    The reference is the first file of the ``scenario`` factor; the difference has its 95% CI. With
    other factors in the spec there is one verdict per combination of their values (in columns), so
    one can see whether the verdict holds across the assumptions swept.
    """
    names = structure_names(spec)
    files = list(names)
    judged = spec_objective(spec)
    others = [key for key in spec.factors if key != SCENARIO_FACTOR]
    finished = runs[runs["error"] == ""]
    # dropna=False: in a one-at-a-time design NaN is a factor's own value, a combination of its own
    groups = finished.groupby(others, sort=False, dropna=False) if others else [((), finished)]
    tables = []
    for values, group in groups:
        values = values if isinstance(values, tuple) else (values,)
        reference = group[group[SCENARIO_FACTOR] == files[0]]
        for file in files[1:]:
            alternative = group[group[SCENARIO_FACTOR] == file]
            paired = reference.merge(alternative, on=["replication", *others], suffixes=("_a", "_b"))
            table = verdict_table(paired, list(spec.metrics), names[files[0]], names[file], judged)
            table.insert(0, "alternative", names[file])
            table.insert(0, "reference", names[files[0]])
            for position, (key, value) in enumerate(zip(others, values, strict=True)):
                table.insert(position, key, value)
            table.insert(len(table.columns) - 1, "pairs", len(paired))
            tables.append(table)
    return pd.concat(tables, ignore_index=True)


def format_structure_verdicts(table: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """One verdict table per alternative structure (and per combination of other factors), as text."""
    titles = titles or {}
    others = list(table.columns[: list(table.columns).index("reference")])
    blocks = []
    for keys, rows in table.groupby([*others, "alternative"], sort=False, dropna=False):
        alternative = keys[-1] if isinstance(keys, tuple) else keys
        reference = rows["reference"].iloc[0]
        title = (
            f"{alternative} ({titles.get(str(alternative), alternative)}) vs {reference} "
            f"({titles.get(reference, reference)}): {rows['pairs'].iloc[0]} paired replications "
            "(common random numbers)"
        )
        if others:
            title += "\n" + ", ".join(f"{key} = {value}" for key, value in zip(others, keys, strict=False))
        blocks.append(format_verdict(rows.reset_index(drop=True), reference, str(alternative), title))
    return "\n\n".join(blocks)


VERDICT_MARKS = {BETTER: "better", WORSE: "worse", NO_RELEVANT_DIFFERENCE: "~", INCONCLUSIVE: "?"}
"""How the overview writes each verdict of an alternative against the reference."""


def format_structure_overview(table: pd.DataFrame, titles: dict[str, str] | None = None) -> str:
    """One table for all structures: the reference's mean, and each alternative's difference from it.

    Per alternative: the difference with its 95% CI and whether that is better, worse or no clear
    difference. For a sweep without other factors (their combinations are in ``structures.csv``).
    """
    titles = titles or {}
    reference = table["reference"].iloc[0]
    alternatives = list(dict.fromkeys(table["alternative"]))
    by = {alt: rows.set_index("metric") for alt, rows in table.groupby("alternative", sort=False)}
    metrics = list(dict.fromkeys(table["metric"]))
    header = ["metric", reference] + [f"{alt} - {reference}" for alt in alternatives]
    lines = []
    for metric in metrics:
        first = by[alternatives[0]].loc[metric]
        cells = [metric, format_number(first["mean_a"])]
        for alt in alternatives:
            row = by[alt].loc[metric]
            verdict = VERDICT_MARKS.get(str(row["verdict"]), "")
            cells.append(
                f"{format_number(row['difference'])} [{format_number(row['ci_low'])}, "
                f"{format_number(row['ci_high'])}] {verdict}".rstrip()
            )
        lines.append(cells)
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(len(header))]
    pairs = int(table["pairs"].min())
    names = "; ".join(f"{short} = {titles[short]}" for short in [reference, *alternatives] if short in titles)
    out = [
        f"Each structure against {reference}: difference and 95% CI over {pairs} paired replications "
        "(common random numbers); better / worse than the reference (Holm, at least the minimum relevant "
        "difference), ~ no relevant difference, ? inconclusive"
    ]
    if names:
        out.append(names)
    out.append(
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    out += [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    return "\n".join(out)
