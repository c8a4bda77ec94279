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
from analysis.structures import structure_titles, sweep_structure_verdicts


def structures_table(folder: Path, lang: str = "en") -> tuple[pd.DataFrame, dict[str, str], str] | None:
    """Judged metrics' verdicts of each structure against the first, the structures' titles, the name.

    None unless ``scenario`` is the sweep's only varied factor (see ``sweep_structure_verdicts``).
    """
    runs, _, _, name = sweep_frame(folder)
    found = sweep_structure_verdicts(runs, read_manifest(folder).get("spec", {}))
    if found is None:
        return None
    table, spec = found
    return table[table["direction"].fillna("") != ""], structure_titles(spec, lang), name


def structures_figure(folder: Path, lang: str = "en") -> FigureSpec | None:
    """Per alternative structure, a forest panel of its differences from the reference structure."""
    found = structures_table(folder, lang)
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
    finish(
        fig,
        title,
        f"{name}   A: {titles.get(reference, reference)}",
        label("note.replications", lang, n=pairs),
    )
    caption = label(
        "caption.structures",
        lang,
        reference=titles.get(reference, reference),
        clip=CLIP_PCT,
        none=NO_CLEAR_DIFFERENCE,
    )
    return FigureSpec("structures", title, caption, fig)
