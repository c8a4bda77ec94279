"""The contents of a run folder, read once, as the figures need them.

A run folder (``wijksim run --out DIR``) holds ``manifest.json``, ``summary.csv``,
``timeseries.parquet`` and, since the figures came, the records ``cases.parquet``,
``visits.parquet`` and ``handoffs.parquet``. A compare folder holds the same for each side with the
suffixes ``_a`` and ``_b``. Figures that need a missing file are left out, not faked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.units import WEEKS_PER_YEAR

RECORDS: tuple[str, ...] = ("cases", "visits", "handoffs")
"""Per-record files of a run folder (one row per case, unit visit, hand-off; with ``replication``)."""


@dataclass(frozen=True)
class RunData:
    """One scenario's replications: what the manifest says and the tables the run wrote."""

    name: str
    """The scenario's name (its ``name`` in the file)."""
    scenario: dict[str, Any]
    """The resolved scenario as the manifest stores it."""
    warmup_weeks: float
    end_weeks: float
    """The measurement window is ``[warmup_weeks, end_weeks]``."""
    replications: int

    def title(self, lang: str = "en") -> str:
        """The scenario's title in ``lang``: its ``name_nl`` in Dutch when it has one, else ``name``."""
        dutch = self.scenario.get("name_nl") if lang == "nl" else None
        return str(dutch) if dutch else self.name

    summary: pd.DataFrame
    timeseries: pd.DataFrame
    cases: pd.DataFrame | None = None
    visits: pd.DataFrame | None = None
    handoffs: pd.DataFrame | None = None

    def records(self, name: str) -> pd.DataFrame:
        """The record table ``name`` (one of ``RECORDS``); a ValueError if the run folder has none.

        Figures that draw records check first that the folder has them (and are left out if not).
        """
        if name not in RECORDS:
            raise ValueError(f"{name!r} is not a record table; one of {', '.join(RECORDS)}")
        table = getattr(self, name)
        if table is None:
            raise ValueError(f"the run folder of {self.name!r} has no {name}.parquet")
        return table

    @property
    def years(self) -> float:
        """Length of the measurement window in years."""
        return (self.end_weeks - self.warmup_weeks) / WEEKS_PER_YEAR

    @property
    def norm_weeks(self) -> float:
        """The assessment norm of the scenario (``pathway.norm_weeks``)."""
        return float(self.scenario.get("pathway", {}).get("norm_weeks", 6.0))


def read_manifest(folder: Path) -> dict[str, Any]:
    """``manifest.json`` of a folder, or an empty dict when there is none."""
    path = Path(folder) / "manifest.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def _parquet(path: Path) -> pd.DataFrame | None:
    return pd.read_parquet(path) if path.is_file() else None


def read_run(folder: Path, manifest: dict[str, Any] | None = None, suffix: str = "") -> RunData:
    """One scenario of a run folder (``suffix=""``) or one side of a compare folder (``"_a"``/``"_b"``).

    Raises FileNotFoundError when the folder has no time series for that scenario.
    """
    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    side = manifest.get(suffix.lstrip("_"), manifest) if suffix else manifest
    series_path = folder / f"timeseries{suffix}.parquet"
    if not series_path.is_file():
        raise FileNotFoundError(f"{folder}: no timeseries{suffix}.parquet")
    warmup = float(side.get("warmup_years", 0.0)) * WEEKS_PER_YEAR
    summary_path = folder / f"summary{suffix}.csv"
    summary = pd.read_csv(summary_path) if summary_path.is_file() else pd.DataFrame()
    records = {name: _parquet(folder / f"{name}{suffix}.parquet") for name in RECORDS}
    return RunData(
        name=side.get("scenario_name", folder.name),
        scenario=side.get("scenario", {}),
        warmup_weeks=warmup,
        end_weeks=warmup + float(side.get("years", 1.0)) * WEEKS_PER_YEAR,
        replications=int(side.get("replications", len(summary))),
        summary=summary,
        timeseries=pd.read_parquet(series_path),
        **records,
    )
