"""The figure of a sweep whose only varied factor is ``scenario``: every structure against the first.

One forest panel per alternative structure, side by side: each judged metric's paired difference from
the reference structure as a percentage of the reference's mean, with its 95% CI over common random
numbers, green where the alternative is clearly better and red where it is clearly worse. Metrics
that describe rather than judge (requests, hand-offs, staff hours) are left out. This is the picture
behind the verdict table ``wijksim sweep`` prints for such a sweep.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.compare import NO_CLEAR_DIFFERENCE
from analysis.labels import label
from analysis.plots.compare import CLIP_PCT, draw_forest, forest_table, verdict_legend
from analysis.plots.data import read_manifest
from analysis.plots.spec import FigureSpec
from analysis.plots.style import finish, new_figure, styled
from analysis.plots.sweep import sweep_frame
from analysis.structures import structure_names, structure_verdicts
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec


def structures_table(folder: Path) -> tuple[pd.DataFrame, dict[str, str], str] | None:
    """Judged metrics' verdicts of each structure against the first, the structures' titles, the name.

    None without a ``scenario`` factor, or when another factor takes more than one value (then there
    is a verdict per combination, in ``structures.csv``).
    """
    runs, factors, _, name = sweep_frame(folder)
    if SCENARIO_FACTOR not in factors or runs.empty:
        return None
    if any(runs[factor].nunique() > 1 for factor in factors if factor != SCENARIO_FACTOR):
        return None
    manifest = read_manifest(folder)
    spec = ExperimentSpec.model_validate(manifest.get("spec", {}))
    table = structure_verdicts(runs, spec)
    table = table[table["better"].fillna("") != ""]
    return table, _titles(spec), name


def _titles(spec: ExperimentSpec) -> dict[str, str]:
    """Short name -> the scenario's own name, or the short name when its file is no longer there."""
    from sim import ScenarioError, load_scenario

    titles = {}
    for file, short in structure_names(spec).items():
        try:
            titles[short] = load_scenario(file).name
        except (ScenarioError, OSError):
            titles[short] = short
    return titles


def structures_figure(folder: Path, lang: str = "en") -> FigureSpec | None:
    """Per alternative structure, a forest panel of its differences from the reference structure."""
    found = structures_table(folder)
    if found is None:
        return None
    table, titles, name = found
    alternatives = list(dict.fromkeys(table["alternative"]))
    if not alternatives:
        return None
    reference = table["reference"].iloc[0]
    metrics = list(dict.fromkeys(table["metric"]))
    fig = new_figure(max(10.0, 4.6 * len(alternatives) + 3.2), 1.9 + 0.34 * len(metrics))
    with styled():
        axes = fig.subplots(1, len(alternatives), sharey=True, squeeze=False)[0]
        for ax, alternative in zip(axes, alternatives, strict=True):
            rows = table[table["alternative"] == alternative].set_index("metric").loc[metrics].reset_index()
            draw_forest(ax, forest_table(rows), alternative, reference, lang)
            ax.set_title(titles.get(alternative, alternative), loc="left", fontsize=9.5)
            ax.set_xlabel(label("axis.difference_structure_pct", lang))
        span = max(max(abs(limit) for limit in ax.get_xlim()) for ax in axes)
        for ax in axes:  # one scale, so the panels compare at a glance
            ax.set_xlim(-span, span)
        for ax in axes[1:]:
            ax.tick_params(labelleft=False)
        verdict_legend(fig, lang, "legend.alternative_better", "legend.alternative_worse")
    title = label("title.structures", lang)
    pairs = int(table["pairs"].min())
    finish(fig, title, f"{name}   A: {titles.get(reference, reference)}",
           label("note.replications", lang, n=pairs))
    caption = label("caption.structures", lang, reference=titles.get(reference, reference), clip=CLIP_PCT,
                    none=NO_CLEAR_DIFFERENCE)
    return FigureSpec("structures", title, caption, fig)
