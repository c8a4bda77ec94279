"""Figures of a compare folder: a forest plot of the differences B - A, and both waiting lists over time.

Metrics live on different scales (weeks, cases, euros, shares), so the forest plot draws each
difference and its 95% CI as a percentage of A's mean, and writes both means beside it in their own
units. A metric whose A mean is 0 has no percentage; its means are written and no point is drawn.
Points beyond ``CLIP_PCT`` are drawn at the edge as a triangle with their value.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.compare import NO_CLEAR_DIFFERENCE
from analysis.labels import label, metric_label
from analysis.plots.data import RunData, read_manifest, read_run
from analysis.plots.spec import FigureSpec
from analysis.plots.style import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    VERMILLION,
    finish,
    new_figure,
    styled,
)
from analysis.plots.waiting import curves, draw_curve, shade_warmup, waiting_by_unit
from analysis.report.numbers import metric_value, whole

CLIP_PCT = 150.0


def side_names(folder: Path, lang: str = "en") -> tuple[str, str, str, str]:
    """Short names (file stems, as compare.csv's ``better`` column uses) and full scenario names of A, B."""
    manifest = read_manifest(folder)
    a, b = manifest.get("a", {}), manifest.get("b", {})
    short_a = Path(a.get("scenario_file", "A")).stem
    short_b = Path(b.get("scenario_file", "B")).stem

    def title(side: dict, short: str) -> str:
        dutch = (side.get("scenario") or {}).get("name_nl") if lang == "nl" else None
        return str(dutch or side.get("scenario_name", short))

    return short_a, short_b, title(a, short_a), title(b, short_b)


def forest_table(compare: pd.DataFrame) -> pd.DataFrame:
    """compare.csv with the difference and its CI as a percentage of A's mean (NaN where A's mean is 0)."""
    table = compare.copy()
    base = table["mean_a"].abs().replace(0, np.nan)
    for column, source in (("pct", "difference"), ("pct_low", "ci_low"), ("pct_high", "ci_high")):
        table[column] = 100 * table[source] / base
    return table


def draw_forest(ax, table: pd.DataFrame, better: str, worse: str, lang: str) -> None:
    """One forest panel: per row of ``forest_table``, the difference as % with its CI and both means.

    ``better`` / ``worse`` are the names in the ``better`` column that make a row green / red.
    """
    n = len(table)
    y = np.arange(n)[::-1]
    ax.axvline(0, color="#333333", linewidth=1)
    for yi, row in zip(y, table.itertuples(), strict=True):
        if row.better == better:
            colour, face = GREEN, GREEN
        elif row.better == worse:
            colour, face = VERMILLION, VERMILLION
        else:
            colour, face = GREY, "white"
        if math.isnan(row.pct):
            ax.text(0, yi, "  (A = 0)", va="center", ha="left", fontsize=8, color=GREY)
        else:
            low = np.clip(row.pct_low, -CLIP_PCT, CLIP_PCT) if not math.isnan(row.pct_low) else row.pct
            high = np.clip(row.pct_high, -CLIP_PCT, CLIP_PCT) if not math.isnan(row.pct_high) else row.pct
            point = float(np.clip(row.pct, -CLIP_PCT, CLIP_PCT))
            ax.plot([low, high], [yi, yi], color=colour, linewidth=2, solid_capstyle="butt")
            marker = "o" if abs(row.pct) <= CLIP_PCT else (">" if row.pct > 0 else "<")
            ax.plot(
                point,
                yi,
                marker,
                markersize=7,
                markerfacecolor=face,
                markeredgecolor=colour,
                markeredgewidth=1.5,
            )
            if abs(row.pct) > CLIP_PCT:
                ax.annotate(
                    whole(row.pct, lang, signed=True) + "%",
                    (point, yi),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                    color=colour,
                )
        ax.annotate(
            f"{metric_value(row.metric, row.mean_a, lang)} → {metric_value(row.metric, row.mean_b, lang)}",
            (1.0, yi),
            xycoords=("axes fraction", "data"),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
        )
    ax.set_yticks(y, [metric_label(m, lang) for m in table["metric"]])
    ax.set_ylim(-0.8, n - 0.2)
    finite = table[["pct_low", "pct_high", "pct"]].to_numpy(dtype=float)
    finite = finite[np.isfinite(finite)]
    span = min(CLIP_PCT, float(np.max(np.abs(finite)))) if finite.size else 10.0
    ax.set_xlim(-span * 1.1 - 2, span * 1.1 + 2)
    ax.grid(axis="x", color=LIGHT_GREY)
    ax.grid(axis="y", visible=False)
    ax.annotate(
        "A → B",
        (1.0, 1.0),
        xycoords="axes fraction",
        xytext=(8, 4),
        textcoords="offset points",
        fontsize=8.5,
        fontweight="bold",
        va="bottom",
    )


def verdict_legend(fig, lang: str, better: str = "legend.b_better", worse: str = "legend.b_worse") -> None:
    """The three-way legend of a forest figure (green better, red worse, open no clear difference)."""
    ax = fig.axes[0]
    handles = [
        ax.plot([], [], "o", color=GREEN, label=label(better, lang))[0],
        ax.plot([], [], "o", color=VERMILLION, label=label(worse, lang))[0],
        ax.plot(
            [],
            [],
            "o",
            markerfacecolor="white",
            markeredgecolor=GREY,
            label=label("legend.no_difference", lang),
        )[0],
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)


def forest_figure(folder: Path, lang: str = "en") -> FigureSpec:
    """Per metric: the difference B - A as % of A's mean with its 95% CI, coloured by the verdict."""
    short_a, short_b, name_a, name_b = side_names(folder, lang)
    table = forest_table(pd.read_csv(folder / "compare.csv", keep_default_na=False, na_values=[""]))
    table["better"] = table["better"].astype(object).where(table["better"].notna(), "")
    fig = new_figure(11.0, 1.6 + 0.34 * len(table))
    with styled():
        ax = fig.subplots()
        draw_forest(ax, table, short_b, short_a, lang)
        ax.set_xlabel(label("axis.difference_pct", lang))
        verdict_legend(fig, lang)
    title = label("title.forest", lang)
    finish(fig, title, f"A: {name_a}   B: {name_b}")
    return FigureSpec(
        "forest", title, label("caption.forest", lang, clip=CLIP_PCT, none=NO_CLEAR_DIFFERENCE), fig
    )


def kind_totals(data: RunData) -> dict[str, pd.DataFrame]:
    """Cases waiting per kind of unit (summed over its units), and in all queues: (replication, week) rows."""
    by_unit = waiting_by_unit(data.timeseries)
    tables = {kind: table.sum(axis=1).to_frame(kind) for kind, table in by_unit.items()}
    if tables:
        tables = {"all": pd.concat(tables.values(), axis=1).sum(axis=1).to_frame("all"), **tables}
    return tables


def waiting_lists_figure(folder: Path, lang: str = "en") -> FigureSpec | None:
    """A's and B's waiting lists over time in one panel per kind of queue (and all queues together)."""
    if not (folder / "timeseries_a.parquet").is_file():
        return None
    manifest = read_manifest(folder)
    a, b = read_run(folder, manifest, "_a"), read_run(folder, manifest, "_b")
    short_a, short_b, _, _ = side_names(folder)
    ta, tb = kind_totals(a), kind_totals(b)
    kinds = list(dict.fromkeys([*ta, *tb]))
    cols = 1 if len(kinds) <= 3 else 2
    rows = int(np.ceil(len(kinds) / cols))
    fig = new_figure(10.5, 1.2 + 2.3 * rows)
    with styled():
        axes = fig.subplots(rows, cols, sharex=True, squeeze=False).ravel()
        for ax, kind in zip(axes, kinds, strict=False):
            shade_warmup(ax, a.warmup_weeks, lang)
            for tables, colour, style, side in (
                (ta, BLUE, "-", f"A: {short_a}"),
                (tb, ORANGE, "--", f"B: {short_b}"),
            ):
                if kind in tables:
                    weeks, bands = curves(tables[kind])
                    draw_curve(ax, weeks, bands[kind], colour, side, linestyle=style)
            key = "legend.all_queues" if kind == "all" else f"kind.{kind}"
            ax.set_title(label(key, lang), loc="left")
            ax.set_ylabel(label("axis.waiting_cases", lang))
            ax.set_ylim(bottom=0)
            ax.set_xlim(left=0)
        for ax in axes[len(kinds) :]:
            ax.set_visible(False)
        for ax in axes[-cols:]:
            ax.set_xlabel(label("axis.time_weeks", lang))
            ax.tick_params(labelbottom=True)
        axes[0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    title = label("title.waiting_lists_compared", lang)
    finish(
        fig,
        title,
        f"A: {a.title(lang)}   B: {b.title(lang)}",
        label("note.replications", lang, n=a.replications),
    )
    return FigureSpec("waiting_lists", title, label("caption.waiting_lists_compared", lang), fig)
