"""The run's time series: weekly snapshots per unit, and hand-offs per boundary per interval.

Unit rows come from the model's snapshots (queue, caseload, staff hours); boundary rows (kind
``boundary``, unit = the boundary's name) count the hand-offs that started in each interval and how
many of them failed, so a plot can show where cases fall between units, and when.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.handoffs import FAILED_OUTCOMES
from sim.records import SnapshotRow

SNAPSHOT_COLUMNS: tuple[str, ...] = SnapshotRow._fields
"""Columns of a unit's snapshot row (see ``sim.records.SnapshotRow``)."""

TIMESERIES_COLUMNS: tuple[str, ...] = (*SNAPSHOT_COLUMNS, "handoffs", "handoff_failures")


def timeseries_frame(
    snapshot_rows: list[SnapshotRow], handoffs: pd.DataFrame, interval: float, end: float
) -> pd.DataFrame:
    """Unit snapshots and hand-off counts per boundary, one table, sorted by time."""
    units = pd.DataFrame.from_records(snapshot_rows, columns=SNAPSHOT_COLUMNS)
    units["handoffs"] = np.nan
    units["handoff_failures"] = np.nan
    boundaries = handoff_counts(handoffs, interval, end)
    frame = pd.concat([units, boundaries], ignore_index=True) if len(boundaries) else units
    return frame.sort_values(["t_weeks", "kind", "unit"], kind="stable", ignore_index=True)[
        list(TIMESERIES_COLUMNS)
    ]


def handoff_counts(handoffs: pd.DataFrame, interval: float, end: float) -> pd.DataFrame:
    """Hand-offs that started in each interval [t, t + interval), per boundary, and their failures."""
    if handoffs.empty:
        return pd.DataFrame(columns=TIMESERIES_COLUMNS)
    start = np.floor(handoffs["t"].to_numpy() / interval) * interval
    keep = (start >= 0) & (start <= end)
    table = pd.DataFrame(
        {
            "t_weeks": start[keep],
            "unit": handoffs["boundary"].to_numpy()[keep],
            "failed": np.isin(handoffs["outcome"].to_numpy()[keep], list(FAILED_OUTCOMES)),
        }
    )
    counts = (
        table.groupby(["t_weeks", "unit"], sort=True)
        .agg(handoffs=("failed", "size"), handoff_failures=("failed", "sum"))
        .reset_index()
    )
    counts["kind"] = "boundary"
    for column in SNAPSHOT_COLUMNS[3:]:
        counts[column] = np.nan
    counts["handoff_failures"] = counts["handoff_failures"].astype(float)
    counts["handoffs"] = counts["handoffs"].astype(float)
    return counts[list(TIMESERIES_COLUMNS)]
