"""The folders ``wijksim run`` and ``wijksim compare`` write, with a manifest that says how they were made."""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from experiments.replications import RECORD_NAMES, Replications
from sim import Scenario

PACKAGES = ("wijksim", "mesa", "simpy", "numpy", "pandas", "pyarrow", "pydantic")


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the resolved scenario (after ``extends`` and defaults), as canonical JSON."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def package_versions() -> dict[str, str]:
    """Versions of wijksim and the libraries that shape its numbers."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _manifest(reps: Replications, scenario_path: str, years: float | None) -> dict[str, Any]:
    return {
        "scenario_file": scenario_path,
        "scenario_name": reps.scenario.name,
        "scenario_hash": scenario_hash(reps.scenario),
        "scenario": reps.scenario.model_dump(mode="json"),
        "years": years if years is not None else reps.scenario.run.years,
        "warmup_years": reps.scenario.run.warmup_years,
        "master_seed": reps.master_seed,
        "seeds": reps.seeds,
        "replications": reps.completed,
        "interrupted": reps.interrupted,
        "wall_time_s": round(reps.wall_time_s, 3),
    }


def _common(command: list[str] | None) -> dict[str, Any]:
    return {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command if command is not None else sys.argv,
        "versions": package_versions(),
        "time_unit": "weeks",
    }


def write_compare_folder(
    out: Path,
    comparison,
    table,
    path_a: str,
    path_b: str,
    years: float | None,
    command: list[str] | None = None,
) -> list[Path]:
    """Write ``compare.csv`` (the verdict), both summaries, both time series and a manifest into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = [
        out / "compare.csv",
        out / "summary_a.csv",
        out / "summary_b.csv",
        out / "timeseries_a.parquet",
        out / "timeseries_b.parquet",
        out / "manifest.json",
    ]
    table.to_csv(written[0], index=False)
    comparison.a.summary.to_csv(written[1], index=False)
    comparison.b.summary.to_csv(written[2], index=False)
    comparison.a.timeseries.to_parquet(written[3], index=False)
    comparison.b.timeseries.to_parquet(written[4], index=False)
    manifest = {
        "kind": "compare",
        "a": _manifest(comparison.a, path_a, years),
        "b": _manifest(comparison.b, path_b, years),
        **_common(command),
    }
    written[-1].write_text(json.dumps(manifest, indent=2) + "\n")
    return written


def write_run_folder(
    out: Path,
    reps: Replications,
    scenario_path: str,
    years: float | None,
    command: list[str] | None = None,
    tables: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write the run's files into ``out`` (created if needed); returns the paths written.

    ``tables`` are more DataFrames to write as CSV, by file name (``public_figures.csv``).
    """
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "summary.csv", out / "timeseries.parquet"]
    reps.summary.to_csv(written[0], index=False)
    reps.timeseries.to_parquet(written[1], index=False)
    for file_name, extra in (tables or {}).items():
        written.append(out / file_name)
        extra.to_csv(written[-1], index=False)
    for name in RECORD_NAMES:
        table = getattr(reps, name)
        if len(table.columns):
            written.append(out / f"{name}.parquet")
            table.to_parquet(written[-1], index=False)
    if reps.events is not None:
        written.append(out / "events.parquet")
        reps.events.to_parquet(written[-1], index=False)
    manifest = {"kind": "run", **_manifest(reps, scenario_path, years), **_common(command)}
    written.append(out / "manifest.json")
    written[-1].write_text(json.dumps(manifest, indent=2) + "\n")
    return written
