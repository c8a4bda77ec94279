"""The folders ``wijksim run`` and ``wijksim compare`` write, with a manifest that says how they were made.

A folder holds only the files of one run, and its manifest says whether the run is complete:
before the first replication the manifest of the new run (``"complete": false``) replaces the old
one and the old run's files are removed; each finished replication is stored at once under
``parts/`` (so a run killed even with ``kill -9`` keeps its finished replications there); at the
end the parts are joined into the folder's files, each written under a temporary name and renamed,
and the manifest is rewritten last with ``"complete": true``. ``wijksim report`` refuses a folder
that is not complete, so a folder is never read half old and half new.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from experiments.files import (
    OutputError,
    atomic_write_json,
    atomic_write_parquet,
    atomic_write_text,
    check_output_folder,
    concat_parquet_files,
    is_temporary,
)
from experiments.replications import RECORD_NAMES, Replications
from sim import RunResult, Scenario

if TYPE_CHECKING:
    from experiments.compare import Comparison

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


RUN_FILES = (
    "summary.csv",
    "timeseries.parquet",
    *(f"{name}.parquet" for name in RECORD_NAMES),
    "events.parquet",
    "public_figures.csv",
)
"""The data files of a run folder (besides ``manifest.json``)."""

COMPARE_FILES = (
    "compare.csv",
    "summary_a.csv",
    "summary_b.csv",
    "timeseries_a.parquet",
    "timeseries_b.parquet",
)
"""The data files of a compare folder (besides ``manifest.json``)."""

DERIVED = ("report.html", "figures")
"""What ``wijksim report`` writes into a folder by default: stale once the folder's run is redone."""

PARTS = "parts"
"""Sub-folder of a run folder holding each finished replication until the run is complete."""

PART_TABLES = ("summary", "timeseries", *RECORD_NAMES, "events")


def start_folder(out: Path, kind: str, manifest: dict[str, Any], own_files: tuple[str, ...]) -> None:
    """Check ``out``, mark it incomplete with ``manifest``, and remove the files of an earlier run.

    The manifest of the new run goes first, so from this moment the folder reads as incomplete
    (``"complete": false``) until ``finish_folder``; then the old data files, the old report and the
    parts of an earlier killed run are removed, so no file of another run stays beside this one's.
    """
    check_output_folder(out, kind)
    atomic_write_json(
        out / "manifest.json", {"kind": kind, "complete": False, "status": "running", **manifest}
    )
    for name in (*own_files, *DERIVED, PARTS):
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for path in out.iterdir():
        if is_temporary(path):
            path.unlink(missing_ok=True)


def finish_folder(out: Path, manifest: dict[str, Any]) -> Path:
    """Write the final manifest (``"complete": true``) last, and drop the parts; returns its path."""
    path = out / "manifest.json"
    atomic_write_json(path, {**manifest, "complete": True, "status": "finished"})
    shutil.rmtree(out / PARTS, ignore_errors=True)
    return path


def folder_is_complete(manifest: dict[str, Any]) -> bool:
    """True when a run or compare manifest says its folder was completely written."""
    return manifest.get("complete") is True


class RunFolder:
    """The folder of one ``wijksim run``, written replication by replication.

    ``start()`` before the first replication (checks the folder, marks it incomplete, clears the old
    run); ``add(r, result)`` after each replication (stores it under ``parts/``, so nothing is held in
    memory and a killed run keeps it); ``finish(reps)`` joins the parts into the folder's files.
    """

    def __init__(
        self,
        out: str | Path,
        scenario: Scenario,
        scenario_path: str,
        years: float | None,
        master_seed: int,
        command: list[str] | None = None,
    ):
        self.out = Path(out)
        self.scenario = scenario
        self.scenario_path = scenario_path
        self.years = years
        self.master_seed = master_seed
        self.command = command

    def start(self, replications: int) -> None:
        """Check and claim the folder for this run (raises OutputError when it cannot be written)."""
        start_folder(
            self.out,
            "run",
            {
                "scenario_file": self.scenario_path,
                "scenario_name": self.scenario.name,
                "master_seed": self.master_seed,
                "replications_planned": replications,
                "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            RUN_FILES,
        )
        (self.out / PARTS).mkdir()

    def add(self, replication: int, result: RunResult) -> None:
        """Store the tables of one finished replication under ``parts/<table>/<replication>.parquet``.

        Raises OutputError when they cannot be written (a full disk, the folder removed).
        """
        from experiments.replications import replication_tables

        try:
            for name, table in replication_tables(replication, result).items():
                folder = self.out / PARTS / name
                folder.mkdir(exist_ok=True)
                atomic_write_parquet(folder / f"{replication:06d}.parquet", table)
        except OSError as exc:
            raise OutputError(
                f"--out {self.out}: cannot store replication {replication} ({exc.strerror}); "
                f"the replications before it are in {self.out / PARTS}"
            ) from None

    def finish(
        self, reps: Replications, derived: Callable[[Path], Mapping[str, pd.DataFrame]] | None = None
    ) -> list[Path]:
        """Join the parts into the folder's files and mark the folder complete; returns the paths.

        ``derived`` computes more tables from the joined files (``public_figures.csv``, by file name);
        they are written as CSV before the folder is marked complete.
        """
        try:
            return self._finish(reps, derived)
        except OSError as exc:
            raise OutputError(
                f"--out {self.out}: cannot write the run's files ({exc.strerror}); the folder is left "
                "incomplete (wijksim report refuses it)"
            ) from None

    def _finish(
        self, reps: Replications, derived: Callable[[Path], Mapping[str, pd.DataFrame]] | None
    ) -> list[Path]:
        written = [self.out / "summary.csv"]
        atomic_write_text(written[0], reps.summary.to_csv(index=False))
        for name in ("timeseries", *RECORD_NAMES, "events"):
            parts = (self.out / PARTS / name).glob("*.parquet")
            kept = sorted(p for p in parts if int(p.stem) < reps.completed)
            if concat_parquet_files(kept, self.out / f"{name}.parquet"):
                written.append(self.out / f"{name}.parquet")
        for file_name, table in (derived(self.out) if derived is not None else {}).items():
            written.append(self.out / file_name)
            atomic_write_text(written[-1], table.to_csv(index=False))
        manifest = {"kind": "run", **_manifest(reps, self.scenario_path, self.years), **_common(self.command)}
        written.append(finish_folder(self.out, manifest))
        return written


def write_run_folder(
    out: Path, reps: Replications, scenario_path: str, years: float | None, command: list[str] | None = None
) -> list[Path]:
    """Write the run's files (all held in ``reps``) into ``out``; returns the paths written."""
    start_folder(out, "run", {"scenario_file": scenario_path}, RUN_FILES)
    written = [out / "summary.csv", out / "timeseries.parquet"]
    atomic_write_text(written[0], reps.summary.to_csv(index=False))
    atomic_write_parquet(written[1], reps.timeseries)
    for name in RECORD_NAMES:
        table = getattr(reps, name)
        if len(table.columns):
            written.append(out / f"{name}.parquet")
            atomic_write_parquet(written[-1], table)
    if reps.events is not None:
        written.append(out / "events.parquet")
        atomic_write_parquet(written[-1], reps.events)
    manifest = {"kind": "run", **_manifest(reps, scenario_path, years), **_common(command)}
    written.append(finish_folder(out, manifest))
    return written


def start_compare_folder(out: Path, path_a: str, path_b: str) -> None:
    """Check and claim ``out`` for a comparison before it runs (raises OutputError)."""
    start_folder(
        out, "compare", {"a": {"scenario_file": path_a}, "b": {"scenario_file": path_b}}, COMPARE_FILES
    )


def write_compare_folder(
    out: Path,
    comparison: Comparison,
    table: pd.DataFrame,
    path_a: str,
    path_b: str,
    years: float | None,
    command: list[str] | None = None,
) -> list[Path]:
    """Write ``compare.csv`` (the verdict), both summaries, both time series and a manifest into ``out``."""
    start_compare_folder(out, path_a, path_b)
    written = [out / name for name in COMPARE_FILES]
    atomic_write_text(written[0], table.to_csv(index=False))
    atomic_write_text(written[1], comparison.a.summary.to_csv(index=False))
    atomic_write_text(written[2], comparison.b.summary.to_csv(index=False))
    atomic_write_parquet(written[3], comparison.a.timeseries)
    atomic_write_parquet(written[4], comparison.b.timeseries)
    manifest = {
        "kind": "compare",
        "a": _manifest(comparison.a, path_a, years),
        "b": _manifest(comparison.b, path_b, years),
        **_common(command),
    }
    written.append(finish_folder(out, manifest))
    return written
