"""Writing output files safely: folders checked before any simulation, files complete or absent.

Every file is written under a temporary name in its own folder (``.NAME.tmp-PID``), flushed to disk
and then renamed over its final name with ``os.replace``, so a process killed at any moment leaves
either the whole new file, the old one, or none; never half a file. ``check_output_folder`` is
called before anything is simulated, so a folder that cannot be written to (read-only, an existing
file, a folder of something else) is refused at once instead of after hours of simulation.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "manifest.json"


class OutputError(Exception):
    """An output folder or file that cannot be written; the message names it and says what to do."""


def temporary_name(path: Path) -> Path:
    """The temporary name a file is written under before it is renamed to ``path``."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def is_temporary(path: Path) -> bool:
    """True for a file left by an interrupted write (``.NAME.tmp`` or ``.NAME.tmp-PID``)."""
    return path.name.startswith(".") and (".tmp-" in path.name or path.name.endswith(".tmp"))


def _replace_synced(temporary: Path, path: Path) -> None:
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file: the file is whole or unchanged."""
    path = Path(path)
    temporary = temporary_name(path)
    try:
        temporary.write_bytes(data)
        _replace_synced(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: str | Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented JSON to ``path`` through a temporary file."""
    atomic_write_text(path, json.dumps(data, indent=2) + "\n")


def atomic_write_parquet(path: str | Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` (without its index) as parquet to ``path`` through a temporary file."""
    path = Path(path)
    temporary = temporary_name(path)
    try:
        frame.to_parquet(temporary, index=False)
        _replace_synced(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def concat_parquet_files(parts: Iterable[Path], path: str | Path) -> bool:
    """Join parquet files of the same columns into one file at ``path``, one part at a time.

    Memory stays at one part, whatever the number of parts; columns whose type differs between parts
    (all-null in one, numbers in another) are unified. Returns False (and writes nothing) without parts.
    """
    files = sorted(parts)
    if not files:
        return False
    schema = pa.unify_schemas([pq.read_schema(file) for file in files], promote_options="permissive")
    schema = schema.remove_metadata()
    path = Path(path)
    temporary = temporary_name(path)
    try:
        with pq.ParquetWriter(temporary, schema) as writer:
            for file in files:
                table = pq.read_table(file).select(schema.names)
                writer.write_table(table.cast(schema))
        _replace_synced(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def check_output_folder(out: str | Path, kind: str, option: str = "--out") -> Path:
    """Make sure ``out`` can hold a ``kind`` folder (run, compare) before anything is simulated.

    Creates the folder if needed and writes a probe file in it. Raises OutputError when ``out`` is a
    file, cannot be created or written, or already holds files that are not a wijksim ``kind`` folder
    (so that writing there would mix this run's files with others, or delete them).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{option} {out}: is a file, not a folder; give a folder for the {kind}'s files")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{option} {out}: cannot create the folder ({exc.strerror}); choose another"
        ) from None
    probe = out / f".wijksim-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"ok")
    except OSError as exc:
        raise OutputError(
            f"{option} {out}: cannot write in the folder ({exc.strerror}); choose another"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    others = [p.name for p in out.iterdir() if not is_temporary(p)]
    if others and folder_kind(out) != kind:
        shown = ", ".join(sorted(others)[:5]) + (", ..." if len(others) > 5 else "")
        raise OutputError(
            f"{option} {out}: the folder holds other files ({shown}), not a wijksim {kind} folder; "
            "give a new or empty folder"
        )
    return out


def folder_kind(folder: Path) -> str | None:
    """The ``kind`` of a wijksim folder's manifest (run, compare, sweep), or None when it has none."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    kind = manifest.get("kind") if isinstance(manifest, dict) else None
    return kind if isinstance(kind, str) else None
