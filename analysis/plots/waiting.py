"""The waiting list over time, per queue: mean over replications with a 95% band, warm-up shaded.

Queues are grouped by the kind of unit (teams, desk, first line, specialised care, ...), one panel
per kind. Within a panel each unit has its own line and band; a kind with more units than
``MAX_LINES`` shows the total of its units with a band and each unit's mean as a thin grey line,
so that fourteen neighbourhood teams stay readable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.labels import label, unit_label
from analysis.plots.data import RunData
from analysis.plots.spec import FigureSpec
from analysis.plots.style import GREY, WARMUP_GREY, colour, finish, new_figure, styled, t_band

KIND_ORDER: tuple[str, ...] = ("desk", "first_line", "team", "expert", "approval", "specialised")
"""Panels in the order a request meets them."""

MAX_LINES = 6
"""Most units drawn one by one in a panel; more are drawn as their total."""


def waiting_by_unit(timeseries: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per unit kind: a table of cases waiting with one row per (replication, week), one column per unit."""
    units = timeseries[timeseries["kind"] != "boundary"]
    tables = {}
    for kind in [k for k in KIND_ORDER if k in set(units["kind"])] + sorted(
        set(units["kind"]) - set(KIND_ORDER)
    ):
        part = units[units["kind"] == kind]
        tables[kind] = part.pivot_table(
            index=["replication", "t_weeks"], columns="unit", values="waiting", aggfunc="sum"
        ).sort_index()
    return tables


def curves(table: pd.DataFrame) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, ...]]]:
    """Weeks, and per column of ``table`` its mean, band low and band high over replications."""
    weeks = np.asarray(sorted(table.index.get_level_values("t_weeks").unique()), dtype=float)
    out: dict[str, tuple[np.ndarray, ...]] = {}
    for column in table.columns:
        grid = table[column].unstack("t_weeks").reindex(columns=weeks).to_numpy(dtype=float)
        out[column] = t_band(grid, axis=0)
    return weeks, out


def draw_curve(
    ax: Axes, weeks: np.ndarray, band: tuple[np.ndarray, ...], colour_: str, name: str, linestyle: str = "-"
) -> None:
    """A mean line with its 95% band, cut at 0 cases (no band when it is NaN, as with one replication)."""
    mean, low, high = band
    ax.plot(weeks, mean, color=colour_, linewidth=1.6, label=name, linestyle=linestyle)
    if not np.all(np.isnan(low)):
        ax.fill_between(weeks, np.clip(low, 0, None), high, color=colour_, alpha=0.2, linewidth=0)


def shade_warmup(ax: Axes, warmup_weeks: float, lang: str) -> None:
    """The warm-up as a grey span, labelled in the legend."""
    if warmup_weeks > 0:
        ax.axvspan(0, warmup_weeks, color=WARMUP_GREY, zorder=0, label=label("legend.warmup", lang))


def waiting_list_figure(data: RunData, lang: str = "en") -> FigureSpec:
    """The waiting list per queue over time, one panel per kind of unit."""
    tables = waiting_by_unit(data.timeseries)
    n = max(len(tables), 1)
    cols = 1 if n <= 3 else 2
    rows = int(np.ceil(n / cols))
    fig = new_figure(10.5, 1.0 + 2.35 * rows)
    with styled():
        axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, squeeze=False)).ravel()
        for ax, (kind, table) in zip(axes, tables.items(), strict=False):
            weeks, bands = curves(table)
            shade_warmup(ax, data.warmup_weeks, lang)
            if len(bands) <= MAX_LINES:
                for i, (unit, band) in enumerate(bands.items()):
                    name = label(f"kind.{kind}", lang) if len(bands) == 1 else unit_label(unit, lang)
                    draw_curve(ax, weeks, band, colour(i), name)
            else:
                for j, band in enumerate(bands.values()):
                    ax.plot(
                        weeks,
                        band[0],
                        color=GREY,
                        linewidth=0.6,
                        alpha=0.7,
                        label=label("legend.each_team", lang) if j == 0 else None,
                    )
                _, total = curves(table.sum(axis=1).to_frame("total"))
                draw_curve(ax, weeks, total["total"], colour(0), label("legend.total", lang, n=len(bands)))
            ax.set_title(label(f"kind.{kind}", lang), loc="left")
            ax.set_ylabel(label("axis.waiting_cases", lang))
            ax.set_ylim(0, max(ax.get_ylim()[1], 1.0))  # an empty queue still gets a readable axis
            ax.set_xlim(0, weeks.max() if len(weeks) else 1)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
        for ax in axes[len(tables) :]:
            ax.set_visible(False)
        for ax in axes[-cols:]:
            ax.set_xlabel(label("axis.time_weeks", lang))
            ax.tick_params(labelbottom=True)
    title = label("title.waiting_list", lang)
    finish(fig, title, data.title(lang), _band_note(data.replications, lang))
    return FigureSpec(
        "waiting_list",
        title,
        label("caption.waiting_list", lang, warmup=data.warmup_weeks, n=data.replications),
        fig,
    )


def _band_note(replications: int, lang: str) -> str:
    text = label("note.replications", lang, n=replications)
    return f"{text}; {label('legend.band', lang)}" if replications > 1 else text
