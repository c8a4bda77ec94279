"""Scenario discovery: under which factor ranges does something hold? PRIM, from EMA Workbench.

Two uses. Over one sweep: where does a metric stay below (or above) a threshold. Over two sweeps of
the same design on the same seeds, one per structure (say Gouda split and merged): at which design
points does B beat A on a metric, and which box of factor ranges captures those points. PRIM (Friedman
and Fisher's patient rule induction) peels the factor space down to a box where the share of such
points (density) is high while keeping most of them (coverage).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.compare import HIGHER_IS_BETTER
from experiments.extras import require_extra

ID_COLUMNS = ("run", "point", "replication", "seed", "wall_time_s", "error")


@dataclass(frozen=True)
class DiscoveredBox:
    """A box of factor ranges found by PRIM, and how good it is."""

    limits: pd.DataFrame
    """Per restricted factor: ``min`` and ``max`` of the box (factors left free are not listed)."""
    coverage: float
    """Share of the points of interest that fall in the box."""
    density: float
    """Share of the points in the box that are of interest."""
    mass: float
    """Share of all points that fall in the box."""
    of_interest: int
    points: int

    def describe(self) -> str:
        """A few lines for people."""
        if self.of_interest == 0:
            return f"none of the {self.points} design points is of interest"
        lines = [
            f"{self.of_interest} of {self.points} design points are of interest; PRIM's box holds "
            f"{self.coverage:.0%} of them (coverage) and {self.density:.0%} of the points in it are "
            f"(density), {self.mass:.0%} of all points:"
        ]
        if self.limits.empty:
            lines.append("  no factor needs restricting: it holds across the whole design")
        for factor, row in self.limits.iterrows():
            lines.append(f"  {factor} in [{row['min']:.4g}, {row['max']:.4g}]")
        return "\n".join(lines)


def factor_columns(frame: pd.DataFrame, metrics: list[str] | tuple[str, ...]) -> list[str]:
    """The factor columns of a sweep frame: everything that is neither an id nor a metric."""
    return [c for c in frame.columns if c not in ID_COLUMNS and c not in metrics]


def point_means(frame: pd.DataFrame, metric: str, factors: list[str]) -> pd.DataFrame:
    """Per design point: its factor values and the metric's mean over replications (failed runs left out)."""
    ok = frame[frame["error"].fillna("") == ""] if "error" in frame else frame
    return ok.groupby("point").agg({**{f: "first" for f in factors}, metric: "mean"})


def paired_outcome(
    frame_a: pd.DataFrame, frame_b: pd.DataFrame, metric: str, factors: list[str]
) -> pd.DataFrame:
    """Per design point of two sweeps of the same design: where B beats A.

    Columns: the factor values, the paired mean difference B - A of ``metric`` and ``b_better`` (by
    the metric's direction: less is better unless the metric is one where more is).
    """
    a = frame_a.set_index(["point", "replication"])
    b = frame_b.set_index(["point", "replication"])
    if not a[factors].reindex(b.index).equals(b[factors]):
        raise ValueError("the two sweeps do not have the same design points (factors and their values)")
    both = (a["error"].fillna("") == "") & (b["error"].reindex(a.index).fillna("") == "")
    diff = (b[metric].reindex(a.index) - a[metric])[both]
    per_point = diff.groupby(level="point").mean()
    table = a.groupby(level="point")[factors].first().loc[per_point.index]
    table["difference"] = per_point
    sign = 1.0 if metric in HIGHER_IS_BETTER else -1.0
    table["b_better"] = sign * table["difference"] > 0
    return table


def discover(x: pd.DataFrame, of_interest: np.ndarray, threshold: float = 0.8) -> DiscoveredBox:
    """Run PRIM on factor values ``x`` with a boolean outcome.

    Of the boxes on PRIM's peeling trajectory, the one with the highest coverage among those whose
    density reaches ``threshold`` is chosen (or else the densest).
    """
    require_extra("discover", "scenario discovery (PRIM)")
    with warnings.catch_warnings():  # heavy import, only when discovering; it warns about extras
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

    y = np.asarray(of_interest, dtype=bool)
    x = x.reset_index(drop=True).astype(float)
    if y.all() or not y.any():  # nothing to tell apart: the whole design, or nowhere
        share = float(y.all())
        return DiscoveredBox(pd.DataFrame(columns=["min", "max"]), share, share, share, int(y.sum()), len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        box = prim.Prim(x, y, threshold=threshold).find_box()
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory["density"] >= threshold]
    chosen = (
        int(dense.sort_values(["coverage", "density"]).index[-1])
        if len(dense)
        else int(trajectory["density"].idxmax())
    )
    row = trajectory.loc[chosen]
    lims = box.box_lims[chosen]
    full = box.box_lims[0]
    restricted = [c for c in x.columns if not np.isclose(lims[c].to_numpy(), full[c].to_numpy()).all()]
    limits = pd.DataFrame(
        {"min": [float(lims[c][0]) for c in restricted], "max": [float(lims[c][1]) for c in restricted]},
        index=restricted,
    )
    return DiscoveredBox(
        limits, float(row["coverage"]), float(row["density"]), float(row["mass"]), int(y.sum()), len(y)
    )
