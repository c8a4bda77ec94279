"""Runs of ``wijksim robustness``: the verdict of A against B, re-run in many futures of the assumptions.

A robustness folder holds two sweep folders (``experiments.sweep``), each resumable on its own:

- ``nominal/``: A and B at the scenarios' own values, ``nominal_reps`` paired replications: the verdict
  that is tested, and the replication noise;
- ``futures/``: ``futures`` points of a Latin hypercube over the assumptions of
  ``experiments.assumptions`` that matter to A or B, each run on both structures with the same
  ``reps`` seeds (paired, common random numbers);

and ``robustness.json``, the settings (checked when the same folder is run again, so that a
continued run never mixes two robustness studies). ``analysis.robustness`` reads the two sweeps and
writes the results beside them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from experiments.assumptions import Assumption, applicable
from experiments.files import atomic_write_text
from experiments.lock import FolderLock, FolderLocked
from experiments.spec import SCENARIO_FACTOR, Design, ExperimentSpec, Factor
from experiments.store import SweepError, now
from sim import load_scenario

MANIFEST = "robustness.json"
NOMINAL, FUTURES = "nominal", "futures"

DEFAULT_FUTURES = 100
"""Futures sampled by default: enough for PRIM to find a range that flips the verdict."""


@dataclass(frozen=True)
class RobustnessPlan:
    """What a robustness run runs: two scenario files, the futures, the replications, the ranges."""

    a: Path
    b: Path
    futures: int
    reps: int
    """Paired replications per future and structure."""
    nominal_reps: int
    """Paired replications at the scenarios' own values (the verdict tested)."""
    years: float | None
    seed: int
    assumptions: tuple[Assumption, ...]

    def settings(self) -> dict[str, Any]:
        """The plan as plain JSON values (what ``robustness.json`` records and checks)."""
        return {
            "a": str(self.a),
            "b": str(self.b),
            "futures": self.futures,
            "reps": self.reps,
            "nominal_reps": self.nominal_reps,
            "years": self.years,
            "seed": self.seed,
            "assumptions": [asdict(a) for a in self.assumptions],
        }


def plan_robustness(
    a: str | Path,
    b: str | Path,
    futures: int = DEFAULT_FUTURES,
    reps: int = 1,
    nominal_reps: int | None = None,
    years: float | None = None,
) -> RobustnessPlan:
    """The plan for scenario files ``a`` and ``b``; raises ScenarioError for a file that is refused.

    ``nominal_reps`` defaults to A's ``run.replications``; the seed is A's ``run.seed``.
    """
    path_a, path_b = Path(a).resolve(), Path(b).resolve()
    scenario_a, scenario_b = load_scenario(path_a), load_scenario(path_b)
    varied = applicable([scenario_a.model_dump(mode="json"), scenario_b.model_dump(mode="json")])
    return RobustnessPlan(
        path_a,
        path_b,
        futures,
        reps,
        nominal_reps or scenario_a.run.replications,
        years,
        scenario_a.run.seed,
        tuple(varied),
    )


def nominal_spec(plan: RobustnessPlan) -> ExperimentSpec:
    """A and B at their own values: a sweep of the two structures."""
    return _spec(plan, "nominal", Design(kind="factorial"), {}, plan.nominal_reps)


def futures_spec(plan: RobustnessPlan) -> ExperimentSpec:
    """A Latin hypercube over the assumptions, every future on both structures."""
    ranges = {a.key: Factor(low=a.low, high=a.high, integer=a.integer) for a in plan.assumptions}
    return _spec(plan, "futures", Design(kind="lhs", samples=plan.futures), ranges, plan.reps)


def _spec(
    plan: RobustnessPlan, part: str, design: Design, ranges: dict[str, Factor], replications: int
) -> ExperimentSpec:
    scenario_a = load_scenario(plan.a)
    return ExperimentSpec(
        name=f"Robustness ({part}): {plan.a.stem} vs {plan.b.stem}",
        base=plan.a,
        replications=replications,
        seed=plan.seed,
        years=plan.years,
        design=design,
        factors={SCENARIO_FACTOR: Factor(values=(str(plan.a), str(plan.b))), **ranges},
        objective=dict(scenario_a.objective),
    )


def run_robustness(
    plan: RobustnessPlan, out: str | Path, workers: int | None = None, quiet: bool = False
) -> None:
    """Run (or continue) both sweeps of ``plan`` into ``out``.

    A folder that holds a robustness run with other settings, or anything else, is refused
    (SweepError); one with the same settings is continued from the runs it has. On Ctrl-C the
    finished runs stay stored and KeyboardInterrupt is raised.
    """
    from experiments.sweep import run_sweep

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SweepError(f"{out}: is a file, not a folder; give a folder for the robustness run (--out)")
    try:
        with FolderLock(out):
            manifest = _open(out, plan)
            for part, spec in ((NOMINAL, nominal_spec(plan)), (FUTURES, futures_spec(plan))):
                run_sweep(spec, out / part, workers=workers, resume=True, quiet=quiet)
            manifest.update(status="finished", ended_at=now())
            _write(out, manifest)
    except FolderLocked as exc:
        raise SweepError(str(exc)) from None


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """``robustness.json`` of a folder, or None when it has none."""
    path = Path(out) / MANIFEST
    return json.loads(path.read_text()) if path.is_file() else None


def _open(out: Path, plan: RobustnessPlan) -> dict[str, Any]:
    settings = json.loads(json.dumps(plan.settings()))  # as robustness.json holds it (lists, not tuples)
    old = read_manifest(out)
    others = [p.name for p in out.iterdir() if p.name not in (MANIFEST, ".lock", NOMINAL, FUTURES)]
    if old is None and (others or (out / NOMINAL).exists() or (out / FUTURES).exists()):
        raise SweepError(
            f"{out}: the folder is not empty and holds no robustness run; use a new --out folder"
        )
    if old is not None:
        if old.get("kind") != "robustness" or old.get("settings") != settings:
            raise SweepError(
                f"{out}: holds a robustness run with other settings (scenarios, futures, replications, "
                "years or ranges); use a new --out folder"
            )
        old.update(status="running", ended_at=None)
        _write(out, old)
        return old
    manifest = {"kind": "robustness", "settings": settings, "started_at": now(), "status": "running"}
    _write(out, manifest)
    return manifest


def _write(out: Path, manifest: dict[str, Any]) -> None:
    atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
