"""The result store of one sweep folder: ``manifest.json`` and one parquet file per finished run.

A sweep folder looks like::

    manifest.json          the spec, its hash, package versions, timestamps, runs planned, status
    runs/000000.parquet    one row per finished run, named by run index
    runs/000001.parquet
    ...

Every file is written to a temporary name and then moved into place with ``os.replace``, so a
process killed at any moment leaves either a whole file or none: a run is stored exactly when its
file exists and can be read, and ``--resume`` runs the runs that have no such file (an empty, cut-off
or damaged file, as a full disk or a copy may leave, is deleted and its run run again). One process
at a time writes to a folder: it holds ``.lock`` (``experiments.lock``) for its whole session.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.lock import LOCK_NAME
from experiments.spec import ExperimentSpec

MANIFEST = "manifest.json"
RUNS = "runs"
ID_COLUMNS = ("run", "point", "replication", "seed")
TAIL_COLUMNS = ("wall_time_s", "error")


class SweepError(Exception):
    """A sweep that cannot start or continue in the folder given; the message says why."""


def now() -> str:
    """The current UTC time as an ISO 8601 string, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_file_name(run: int) -> str:
    """``runs/`` file name of run index ``run``: ``000123.parquet`` (wider when needed)."""
    return f"{run:06d}.parquet"


def run_schema(spec: ExperimentSpec, design: pd.DataFrame) -> pa.Schema:
    """Columns of a run row: ids, one column per factor, one per metric (float), wall time, error.

    Metrics are stored as float64 so that a failed run's NaN fits the same column as counts.
    """
    fields = [pa.field(name, pa.int64()) for name in ID_COLUMNS]
    for key in spec.factors:
        column = design[key]
        kind = (
            pa.int64()
            if pd.api.types.is_integer_dtype(column)
            else pa.string()
            if pd.api.types.is_string_dtype(column)
            else pa.float64()
        )
        fields.append(pa.field(key, kind))
    fields += [pa.field(name, pa.float64()) for name in spec.metrics]
    fields += [pa.field("wall_time_s", pa.float64()), pa.field("error", pa.string())]
    return pa.schema(fields)


class SweepStore:
    """Reads and writes the files of one sweep folder. Only one process should write to it."""

    def __init__(self, folder: str | Path, schema: pa.Schema | None = None):
        self.folder = Path(folder)
        self.runs_dir = self.folder / RUNS
        self.schema = schema

    @property
    def manifest_path(self) -> Path:
        """Path of ``manifest.json``."""
        return self.folder / MANIFEST

    def is_empty(self) -> bool:
        """True when the folder does not exist or holds nothing (but perhaps its lock file)."""
        return not self.folder.exists() or all(p.name == LOCK_NAME for p in self.folder.iterdir())

    def read_manifest(self) -> dict[str, Any] | None:
        """The manifest as a dict, or None when the folder has none."""
        if not self.manifest_path.is_file():
            return None
        return json.loads(self.manifest_path.read_text())

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Write ``manifest.json`` atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _atomic_write_bytes(self.manifest_path, (json.dumps(manifest, indent=2) + "\n").encode())

    def run_files(self) -> list[Path]:
        """The stored run files (temporary files of an interrupted write are not included)."""
        if not self.runs_dir.is_dir():
            return []
        return [p for p in self.runs_dir.glob("*.parquet") if p.stem.isdigit()]

    def stored_run_files(self) -> list[Path]:
        """The run files that can be read: a missing, empty, truncated or damaged file is no run."""
        return [p for p in self.run_files() if _is_whole_run_file(p)]

    def done(self) -> set[int]:
        """Run indices that have a whole, readable file."""
        return {int(p.stem) for p in self.stored_run_files()}

    def remove_damaged_run_files(self) -> list[Path]:
        """Delete run files that cannot be read (so that their runs are run again); returns them."""
        damaged = [p for p in self.run_files() if not _is_whole_run_file(p)]
        for path in damaged:
            path.unlink(missing_ok=True)
        return damaged

    def remove_temporary_files(self) -> None:
        """Delete half-written temporary files left by a process that was killed while writing."""
        if self.runs_dir.is_dir():
            for path in self.runs_dir.glob(".*.tmp"):
                path.unlink(missing_ok=True)

    def write_run(self, row: dict[str, Any]) -> Path:
        """Store one run row as ``runs/<run>.parquet`` (temporary name first, then ``os.replace``)."""
        if self.schema is None:
            raise ValueError("SweepStore needs a schema to write runs")
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist([row], schema=self.schema)
        path = self.runs_dir / run_file_name(int(row["run"]))
        temporary = path.with_name(f".{path.name}.tmp")
        pq.write_table(table, temporary, compression="zstd")
        with temporary.open("rb") as handle:  # on disk before it counts as stored
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return path


def load(folder: str | Path) -> pd.DataFrame:
    """All stored runs of a sweep folder as one DataFrame, one row per run, sorted by run index.

    Columns: run, point, replication, seed, one per factor, one per metric, wall_time_s, error
    (``""`` for a run that finished; ``"Type: message"`` for one that raised, with NaN metrics).
    """
    store = SweepStore(folder)
    files = sorted(store.stored_run_files())
    if not files:
        manifest = store.read_manifest()
        if manifest is None:
            raise FileNotFoundError(f"{folder}: not a sweep folder (no {MANIFEST}, no {RUNS}/*.parquet)")
        columns = [*ID_COLUMNS, *manifest["factors"], *manifest["metrics"], *TAIL_COLUMNS]
        return pd.DataFrame(columns=columns)
    import pyarrow.dataset as ds  # here: about 7 MB of memory and some CPU that a wijksim run needs not

    table = ds.dataset([str(p) for p in files], format="parquet").scanner(fragment_readahead=64).to_table()
    frame = table.to_pandas()
    return frame.sort_values("run", ignore_index=True)


def _is_whole_run_file(path: Path) -> bool:
    """True when ``path`` is a readable parquet file of one run row (its footer and schema intact)."""
    try:
        return pq.read_metadata(path).num_rows == 1
    except (OSError, ValueError, pa.ArrowException):
        return False


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
