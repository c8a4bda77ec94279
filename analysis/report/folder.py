"""Reading a run, compare or sweep folder for the report: its manifest, its tables, its scenarios.

Every problem with the folder becomes a ``ReportError`` whose message names the folder and what is
wrong with it, so that ``wijksim report`` can print one line instead of a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

KINDS = ("run", "compare", "sweep")


class ReportError(Exception):
    """A folder the report cannot be made of; the message says why, in one line."""


@dataclass(frozen=True)
class ScenarioInfo:
    """One scenario of the folder: the resolved values and where they came from."""

    label: str
    """Short name used in tables: the scenario file's stem (``integral_a1``)."""
    values: dict[str, Any]
    """The resolved scenario (after ``extends`` and defaults), as in the manifest."""
    file: str | None
    """The scenario file as given on the command line (may no longer exist)."""
    hash: str | None
    """SHA-256 of the resolved scenario, when the manifest has it."""


@dataclass(frozen=True)
class FolderData:
    """What the report needs from one folder."""

    folder: Path
    kind: str
    manifest: dict[str, Any]
    scenarios: list[ScenarioInfo]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    """``summary`` (run), ``compare``, ``summary_a``, ``summary_b`` (compare), ``runs`` and
    optionally ``sensitivity`` (sweep)."""
    notes: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    """Things the reader should know about the folder (a missing base scenario): a text key of
    ``analysis.report.texts`` and its values."""
    robustness: Any = None
    """A robustness folder's result (``analysis.robustness.Robustness``); the rest of the data is
    its ``nominal/`` sweep, the comparison at the scenarios' own values."""


def read_folder(folder: str | Path) -> FolderData:
    """Read ``folder``; raises ReportError when it is not a run, compare or sweep folder."""
    folder = Path(folder)
    if not folder.exists():
        raise ReportError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise ReportError(
            f"{folder}: not a folder; give the folder that wijksim run, compare or sweep wrote (--out)"
        )
    if (folder / "robustness.json").is_file():
        return _read_robustness(folder)
    manifest = _read_manifest(folder)
    kind = manifest.get("kind")
    if kind not in KINDS:
        raise ReportError(f"{folder / 'manifest.json'}: kind = {kind!r}: must be one of {', '.join(KINDS)}")
    if kind in ("run", "compare") and manifest.get("complete") is not True:
        raise ReportError(
            f"{folder}: the {kind} was not completely written (killed or still running, or written by "
            f"an older wijksim); run wijksim {kind} again"
        )
    reader = {"run": _read_run, "compare": _read_compare, "sweep": _read_sweep}[kind]
    return reader(folder, manifest)


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.is_file():
        raise ReportError(
            f"{folder}: no manifest.json; give a folder written by wijksim run, compare or sweep (--out)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: cannot be read as JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise ReportError(f"{path}: must hold a JSON object")
    return manifest


def _csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise ReportError(f"{path.parent}: {path.name} is missing")
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: cannot be read as CSV ({exc})") from None


def _scenario(part: dict[str, Any], where: Path) -> ScenarioInfo:
    values = part.get("scenario")
    if not isinstance(values, dict):
        raise ReportError(f"{where}: the manifest has no resolved scenario")
    file = part.get("scenario_file")
    label = Path(file).stem if file else str(values.get("name", "scenario"))
    return ScenarioInfo(label, values, file, part.get("scenario_hash"))


def _read_run(folder: Path, manifest: dict[str, Any]) -> FolderData:
    scenario = _scenario(manifest, folder / "manifest.json")
    return FolderData(folder, "run", manifest, [scenario], {"summary": _csv(folder / "summary.csv")})


def _read_compare(folder: Path, manifest: dict[str, Any]) -> FolderData:
    where = folder / "manifest.json"
    if not isinstance(manifest.get("a"), dict) or not isinstance(manifest.get("b"), dict):
        raise ReportError(f"{where}: a compare manifest needs 'a' and 'b'")
    a, b = _scenario(manifest["a"], where), _scenario(manifest["b"], where)
    if a.label == b.label:
        a, b = (
            ScenarioInfo(f"A: {a.label}", a.values, a.file, a.hash),
            ScenarioInfo(f"B: {b.label}", b.values, b.file, b.hash),
        )
    tables = {
        "compare": _csv(folder / "compare.csv"),
        "summary_a": _csv(folder / "summary_a.csv"),
        "summary_b": _csv(folder / "summary_b.csv"),
    }
    return FolderData(folder, "compare", manifest, [a, b], tables)


def _read_sweep(folder: Path, manifest: dict[str, Any]) -> FolderData:
    from experiments.store import load

    try:
        runs = load(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise ReportError(f"{folder}: the stored runs cannot be read ({exc})") from None
    tables = {"runs": runs}
    if (folder / "sensitivity.csv").is_file():
        tables["sensitivity"] = _csv(folder / "sensitivity.csv")
    notes: list[tuple[str, dict[str, str]]] = []
    scenarios: list[ScenarioInfo] = []
    base = (manifest.get("spec") or {}).get("base")
    if base:
        scenario, note = _load_base(Path(base), manifest)
        if scenario is not None:
            scenarios.append(scenario)
        notes.append(note)
    return FolderData(folder, "sweep", manifest, scenarios, tables, notes)


def _read_robustness(folder: Path) -> FolderData:
    """A robustness folder: its nominal sweep (the verdict tested) and the analysed futures."""
    from dataclasses import replace

    from analysis.robustness import analyse

    nominal = folder / "nominal"
    data = _read_sweep(nominal, _read_manifest(nominal))
    try:
        result = analyse(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise ReportError(f"{folder}: the robustness run cannot be read ({exc}); run it again") from None
    return replace(data, robustness=result)


Note = tuple[str, dict[str, str]]


def _load_base(path: Path, manifest: dict[str, Any]) -> tuple[ScenarioInfo | None, Note]:
    """The sweep's base scenario as it is now on disk (a sweep manifest keeps only its path).

    The note says whether the file is unchanged since the sweep: the spec hash covers the base
    scenario's content, so recomputing it tells.
    """
    from experiments.run_folder import scenario_hash
    from experiments.spec import ExperimentSpec, spec_hash
    from sim import ScenarioError, load_scenario

    if not path.is_file():
        return None, ("base_missing", {"path": str(path)})
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return None, ("base_broken", {"path": str(path), "problem": exc.problems[0] if exc.problems else ""})
    try:
        unchanged = spec_hash(ExperimentSpec.model_validate(manifest["spec"])) == manifest.get("spec_hash")
    except (ValueError, KeyError, ScenarioError):
        unchanged = False
    info = ScenarioInfo(path.stem, scenario.model_dump(mode="json"), str(path), scenario_hash(scenario))
    return info, ("base_unchanged" if unchanged else "base_changed", {"path": str(path)})
