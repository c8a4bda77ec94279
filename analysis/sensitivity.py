"""Sobol' sensitivity indices of a Sobol sweep: how much of each metric's variance each factor explains.

A Sobol sweep runs the points of Saltelli's scheme (``experiments.design.design_points``), in the
order SALib made them: blocks of ``A, AB_1 .. AB_D, B`` rows. The analysis needs the model output in
exactly that order, so Y is the mean of the metric over the replications of each design point, indexed
by point number. Averaging over replications removes most of the run-to-run noise, which would
otherwise be counted as variance that no factor explains.

S1 is the share of the variance a factor explains on its own, ST the share it has a part in (alone or
in interaction with others). ``S1_conf`` and ``ST_conf`` are half-widths of 95% confidence intervals
from SALib's bootstrap over the N base rows (seeded with the spec's seed, so they are reproducible).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd

from analysis.summary import format_number
from experiments.design import design_points, sobol_problem
from experiments.spec import ExperimentSpec

COLUMNS = ("metric", "factor", "S1", "S1_conf", "ST", "ST_conf", "note")
CONF_LEVEL = 0.95


def sobol_indices(frame: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """First-order and total Sobol' indices with their 95% CI half-widths, per metric and factor.

    ``frame`` is a sweep of ``spec`` as ``experiments.store.load`` returns it (columns ``point``,
    the factors, the metrics, ``error``); ``spec`` must have a sobol design. One row per (metric,
    factor) in the order of ``spec.metrics`` and ``spec.factors``. A metric that cannot be analysed
    (a design point with no mean because runs failed or are missing, or the same value at every
    point) gets NaN indices and says why in ``note``; ``note`` is ``""`` otherwise.

    Raises ValueError when the spec is not a sobol design, or the frame's factor values do not match
    the spec's design points (a frame of another spec).
    """
    from SALib.analyze import sobol

    if spec.design.kind != "sobol":
        raise ValueError(f"Sobol' indices need a sobol design; this spec's design is {spec.design.kind!r}")
    design = design_points(spec)
    factors = list(spec.factors)
    _check_points(frame, design, factors)
    problem = sobol_problem(spec)
    rows: list[dict[str, object]] = []
    for metric in spec.metrics:
        y = _point_means(frame, metric, len(design))
        note = _why_not(y)
        if note:
            rows += [_row(metric, factor, note=note) for factor in factors]
            continue
        with _seeded_bootstrap(spec.seed), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            result = sobol.analyze(problem, y, calc_second_order=False, conf_level=CONF_LEVEL, seed=spec.seed)
        for j, factor in enumerate(factors):
            rows.append(
                _row(
                    metric,
                    factor,
                    float(result["S1"][j]),
                    float(result["S1_conf"][j]),
                    float(result["ST"][j]),
                    float(result["ST_conf"][j]),
                )
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def format_sensitivity(table: pd.DataFrame, title: str = "") -> str:
    """The indices as aligned text: metric, factor, ``S1 [low, high]``, ``ST [low, high]``.

    A metric that was not analysed takes one line below the table, with the reason.
    """
    header = ("metric", "factor", "S1 [95% CI]", "ST [95% CI]")
    analysed = table[table["note"] == ""]
    lines = [
        (r.metric, r.factor, _with_ci(r.S1, r.S1_conf), _with_ci(r.ST, r.ST_conf))
        for r in analysed.itertuples()
    ]
    widths = [
        max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(header)
    ]
    fmt = "  ".join(f"{{:{'>' if i >= 2 else '<'}{w}}}" for i, w in enumerate(widths))
    out = [title] if title else []
    out.append(fmt.format(*header).rstrip())
    out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    previous = None
    for line in lines:
        out.append(fmt.format("" if line[0] == previous else line[0], *line[1:]).rstrip())
        previous = line[0]
    skipped = table[table["note"] != ""].drop_duplicates("metric")
    out += [f"{r.metric}: {r.note}" for r in skipped.itertuples()]
    return "\n".join(out)


# --- helpers -------------------------------------------------------------------------------------


def _row(
    metric: str,
    factor: str,
    s1: float = math.nan,
    s1_conf: float = math.nan,
    st: float = math.nan,
    st_conf: float = math.nan,
    note: str = "",
) -> dict[str, object]:
    return {
        "metric": metric,
        "factor": factor,
        "S1": s1,
        "S1_conf": s1_conf,
        "ST": st,
        "ST_conf": st_conf,
        "note": note,
    }


def _point_means(frame: pd.DataFrame, metric: str, points: int) -> np.ndarray:
    """Mean over replications per design point, in point order; NaN where any run failed or is missing.

    A failed run is not left out of its point's mean: with common random numbers, a mean over fewer
    replications at one point than at the others would compare different draws.
    """
    if metric not in frame.columns:
        return np.full(points, np.nan)
    values = pd.to_numeric(frame[metric], errors="coerce").astype(float)
    if "error" in frame.columns:
        values = values.where(frame["error"].fillna("") == "")
    groups = values.groupby(frame["point"])
    means = groups.mean().mask(values.isna().groupby(frame["point"]).any())
    return means.reindex(range(points)).to_numpy(dtype=float)


def _why_not(y: np.ndarray) -> str:
    missing = int(np.isnan(y).sum())
    if missing:
        return f"not analysed: {missing} of {len(y)} design points have no mean (failed or missing runs)"
    if np.ptp(y) <= np.finfo(float).eps * max(1.0, float(np.abs(y).max())):
        return f"not analysed: the same value ({format_number(float(y[0]))}) at every design point"
    return ""


def _check_points(frame: pd.DataFrame, design: pd.DataFrame, factors: list[str]) -> None:
    """The frame's factor values per point must be the spec's design points (same spec, same order)."""
    absent = [key for key in ("point", *factors) if key not in frame.columns]
    if absent:
        raise ValueError(f"the sweep frame has no column {', '.join(absent)}")
    if frame.empty:
        return
    first = frame.groupby("point")[factors].first()
    if first.index.min() < 0 or first.index.max() >= len(design):
        raise ValueError(f"the sweep frame has points outside 0..{len(design) - 1} of the spec's design")
    expected = design.iloc[first.index.to_numpy()][factors].to_numpy(dtype=float)
    if not np.allclose(first.to_numpy(dtype=float), expected, rtol=1e-9, atol=0.0):
        raise ValueError(
            "the sweep frame's factor values are not the spec's design points "
            "(a sweep of another spec, or another seed)"
        )


@contextmanager
def _seeded_bootstrap(seed: int) -> Iterator[None]:
    """SALib ignores ``seed=0`` (``if seed:``) and then draws from numpy's global generator.

    For seed 0 the global generator is seeded with 0 for the call and restored after it, so the
    confidence intervals are reproducible for every seed.
    """
    if seed:
        yield
        return
    state = np.random.get_state()
    np.random.seed(0)
    try:
        yield
    finally:
        np.random.set_state(state)


def _with_ci(value: float, half_width: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.2f} [{value - half_width:.2f}, {value + half_width:.2f}]"
