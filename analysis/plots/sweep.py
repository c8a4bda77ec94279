"""Figures of a sweep folder: each metric against each factor, a heat map of two factors, Sobol' indices.

The runs come from ``experiments.load``; failed runs (``error`` not empty) are left out. A factor
with many distinct values (a Latin hypercube or Sobol design) is cut into ``BINS`` equal-count bins
and each bin drawn at its mean value. The band is the 95% CI of the mean over the runs at that value,
averaged over the other factors, so it shows the factor's effect on average ("main effect").
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.labels import factor_label, label, metric_label
from analysis.plots.data import read_manifest
from analysis.plots.spec import FigureSpec
from analysis.plots.style import BLUE, LIGHT_GREY, ORANGE, finish, new_figure, plain_numbers, styled, t_band

SOBOL_YLIM = (-0.3, 1.3)
"""Indices are shares of variance (0..1); wider confidence intervals run off the panel."""
BINS = 8
MAX_METRICS = 4
"""Most metrics drawn in one figure (the first of the spec's list)."""


def sweep_frame(folder: Path) -> tuple[pd.DataFrame, list[str], list[str], str]:
    """The finished runs, the factor and metric columns, and the sweep's name."""
    from experiments.store import load

    manifest = read_manifest(folder)
    runs = load(folder)
    runs = runs[runs["error"].fillna("") == ""]
    spec = manifest.get("spec", manifest)
    factors = [f for f in manifest.get("factors", spec.get("factors", {})) if f in runs.columns]
    metrics = [m for m in manifest.get("metrics", spec.get("metrics", [])) if m in runs.columns]
    name = spec.get("name", manifest.get("name", folder.name))
    return runs, factors, metrics, name


def _factor_x(runs: pd.DataFrame, factor: str) -> pd.Series:
    """Each run's x position for a factor: its value, its bin's mean value, or its category."""
    values = runs[factor]
    if not pd.api.types.is_numeric_dtype(values):
        return values.map(lambda v: Path(str(v)).stem)
    if values.nunique() <= BINS:
        return values.astype(float)
    bins = pd.qcut(values.rank(method="first"), BINS, labels=False)
    return values.groupby(bins).transform("mean")


def effect_table(runs: pd.DataFrame, factor: str, metric: str) -> pd.DataFrame:
    """Per value (or bin) of ``factor``: mean of ``metric`` over runs, its 95% CI, and the number of runs."""
    x = _factor_x(runs, factor)
    rows = []
    for value, part in runs.groupby(x, sort=True):
        mean, low, high = (float(v[0]) for v in t_band(part[metric].to_numpy(dtype=float)[:, None]))
        rows.append({"x": value, "mean": mean, "low": low, "high": high, "runs": len(part)})
    return pd.DataFrame(rows)


def factor_effects_figure(folder: Path, lang: str = "en") -> FigureSpec | None:
    """Small multiples: one row per metric, one column per factor; mean with a 95% band."""
    runs, factors, metrics, name = sweep_frame(folder)
    metrics = metrics[:MAX_METRICS]
    if runs.empty or not factors or not metrics:
        return None
    fig = new_figure(max(8.0, 3.2 * len(factors) + 1.5), 1.1 + 2.2 * len(metrics))
    with styled():
        axes = fig.subplots(len(metrics), len(factors), squeeze=False, sharey="row")
        for i, metric in enumerate(metrics):
            for j, factor in enumerate(factors):
                ax = axes[i, j]
                table = effect_table(runs, factor, metric)
                categorical = not pd.api.types.is_numeric_dtype(table["x"])
                x = np.arange(len(table)) if categorical else table["x"].to_numpy(dtype=float)
                if categorical:
                    error = [table["mean"] - table["low"], table["high"] - table["mean"]]
                    ax.errorbar(x, table["mean"], yerr=error, fmt="o", color=BLUE, capsize=3)
                    ax.set_xticks(x, table["x"], rotation=20, ha="right")
                else:
                    ax.plot(x, table["mean"], "o-", color=BLUE, markersize=4)
                    ax.fill_between(x, table["low"], table["high"], color=BLUE, alpha=0.2, linewidth=0)
                if i == len(metrics) - 1:
                    ax.set_xlabel(factor_label(factor, lang))
                plain_numbers(ax.yaxis, lang)
                if runs[metric].min() >= 0 and ax.get_ylim()[0] < 0:
                    ax.set_ylim(bottom=0)  # a band below 0 for a quantity that cannot be negative
                if j == 0:
                    ax.set_ylabel(textwrap.fill(metric_label(metric, lang), 24))
    title = label("title.factor_effects", lang)
    finish(fig, title, name, label("note.runs", lang, n=len(runs)))
    return FigureSpec("factor_effects", title, label("caption.factor_effects", lang), fig)


def heatmap_table(runs: pd.DataFrame, fx: str, fy: str, metric: str) -> pd.DataFrame:
    """Mean of ``metric`` per (value of fy, value of fx): rows fy, columns fx (binned when continuous)."""
    frame = pd.DataFrame({"x": _factor_x(runs, fx), "y": _factor_x(runs, fy), "v": runs[metric]})
    return frame.pivot_table(index="y", columns="x", values="v", aggfunc="mean").sort_index(ascending=False)


def heatmap_figure(folder: Path, lang: str = "en") -> FigureSpec | None:
    """The first two factors against each other, one heat map per metric, cells labelled with the mean."""
    runs, factors, metrics, name = sweep_frame(folder)
    numeric = [f for f in factors if pd.api.types.is_numeric_dtype(runs[f])]
    metrics = metrics[:MAX_METRICS]
    if runs.empty or len(numeric) < 2 or not metrics:
        return None
    fx, fy = numeric[0], numeric[1]
    cols = min(2, len(metrics))
    rows = int(np.ceil(len(metrics) / cols))
    fig = new_figure(6.0 * cols, 1.0 + 3.6 * rows)
    with styled():
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, metric in zip(axes, metrics, strict=False):
            table = heatmap_table(runs, fx, fy, metric)
            image = ax.imshow(table.to_numpy(dtype=float), cmap="cividis", aspect="auto")
            ax.set_xticks(range(table.shape[1]), [f"{v:.3g}" for v in table.columns])
            ax.set_yticks(range(table.shape[0]), [f"{v:.3g}" for v in table.index])
            ax.set_xlabel(factor_label(fx, lang))
            ax.set_ylabel(factor_label(fy, lang))
            ax.set_title(metric_label(metric, lang), loc="left")
            ax.grid(False)
            values = table.to_numpy(dtype=float)
            if table.size <= 64:
                middle = np.nanmean(values)
                for (r, c), v in np.ndenumerate(values):
                    if np.isfinite(v):
                        ax.text(
                            c,
                            r,
                            _short(v, lang),
                            ha="center",
                            va="center",
                            fontsize=8,
                            color="white" if v < middle else "black",
                        )
            plain_numbers(fig.colorbar(image, ax=ax, shrink=0.85).ax.yaxis, lang)
        for ax in axes[len(metrics) :]:
            ax.set_visible(False)
    title = label("title.heatmap", lang)
    others = len(factors) - 2
    note = label("note.heatmap", lang, other=others) if others else label("note.heatmap_reps", lang)
    finish(fig, title, name, note)
    return FigureSpec("heatmap", title, label("caption.heatmap", lang), fig)


def sobol_figure(folder: Path, lang: str = "en") -> FigureSpec | None:
    """Grouped bars of S1 and ST per factor with their 95% CIs, one panel per metric (sensitivity.csv)."""
    path = folder / "sensitivity.csv"
    if not path.is_file():
        return None
    table = pd.read_csv(path)
    table = table[table["S1"].notna()]
    if table.empty:
        return None
    _, _, _, name = sweep_frame(folder)
    metrics = list(dict.fromkeys(table["metric"]))
    cols = min(2, len(metrics))
    rows = int(np.ceil(len(metrics) / cols))
    fig = new_figure(6.0 * cols, 1.2 + 3.2 * rows)
    with styled():
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, metric in zip(axes, metrics, strict=False):
            part = table[table["metric"] == metric]
            x = np.arange(len(part))
            ax.bar(
                x - 0.2,
                part["S1"],
                0.38,
                yerr=part["S1_conf"],
                color=BLUE,
                capsize=3,
                label=label("legend.s1", lang),
                error_kw={"linewidth": 1},
            )
            ax.bar(
                x + 0.2,
                part["ST"],
                0.38,
                yerr=part["ST_conf"],
                color=ORANGE,
                capsize=3,
                label=label("legend.st", lang),
                error_kw={"linewidth": 1},
            )
            ax.set_xticks(x, [factor_label(f, lang) for f in part["factor"]], rotation=15, ha="right")
            ax.set_title(metric_label(metric, lang), loc="left")
            ax.axhline(0, color=LIGHT_GREY, linewidth=1)
            ax.set_ylabel(label("axis.sobol_index", lang))
            ax.set_ylim(*SOBOL_YLIM)
        for ax in axes[len(metrics) :]:
            ax.set_visible(False)
        axes[0].legend(loc="upper right")
    title = label("title.sobol", lang)
    finish(fig, title, name)
    return FigureSpec("sobol", title, label("caption.sobol", lang), fig)


def _short(value: float, lang: str = "en") -> str:
    """A heat-map cell: thousands as '12k', else a whole or three-digit number, for ``lang``."""
    from analysis.report.numbers import number, whole

    if abs(value) >= 10_000:
        return whole(value / 1000, lang) + "k"
    if abs(value) >= 100:
        return whole(value, lang)
    return number(float(f"{value:.3g}"), lang, trim=True)
