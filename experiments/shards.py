"""A sweep in shards, for Slurm job arrays: shard ``i`` of ``n`` runs every run with ``run % n == i - 1``.

Each shard is a sweep folder of its own, ``OUT/shard-I-of-N/`` (``wijksim sweep SPEC --shard I/N``),
with its own manifest and ``runs/`` files, so that the shards of a job array never write to the same
file and each can be resumed alone (``--resume``). Once every shard is done, ``merge_shards`` (``wijksim
sweep SPEC --merge``) puts all run files into ``OUT/runs/`` with a manifest of the whole sweep: the
folder is then the one an unsharded sweep would have written (same runs, same numbers; tested).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.derived import write_derived_tables
from experiments.spec import ExperimentSpec, spec_hash
from experiments.store import SweepError, SweepStore, load, now, run_file_name

SHARD_PATTERN = re.compile(r"^(\d+)/(\d+)$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1 .. ``count``) of a sweep cut into ``count`` shards."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"3/10"`` -> Shard(3, 10); ValueError with the rule when the text does not follow it."""
        match = SHARD_PATTERN.match(text.strip())
        if match is None or not 1 <= int(match.group(1)) <= int(match.group(2)):
            raise ValueError(f"{text!r}: a shard is I/N with whole numbers 1 <= I <= N, such as 3/10")
        return cls(int(match.group(1)), int(match.group(2)))

    def holds(self, run: int) -> bool:
        """True when run index ``run`` belongs to this shard."""
        return run % self.count == self.index - 1

    def runs(self, planned: int) -> list[int]:
        """The run indices of this shard among ``planned`` runs."""
        return list(range(self.index - 1, planned, self.count))

    def folder(self, out: Path) -> Path:
        """This shard's sweep folder inside the sweep folder ``out``."""
        return Path(out) / f"shard-{self.index}-of-{self.count}"


def shard_folders(out: Path) -> dict[int, tuple[Path, int]]:
    """The shard folders inside ``out``: by shard index, (folder, number of shards)."""
    found: dict[int, tuple[Path, int]] = {}
    for path in sorted(Path(out).glob("shard-*-of-*")):
        match = re.fullmatch(r"shard-(\d+)-of-(\d+)", path.name)
        if match and path.is_dir():
            found[int(match.group(1))] = (path, int(match.group(2)))
    return found


def merge_shards(spec: ExperimentSpec, out: Path, planned: int) -> pd.DataFrame:
    """Join the shard folders in ``out`` into ``out/runs`` and ``out/manifest.json``; return the runs.

    Raises SweepError, saying what is missing, when a shard folder is missing, holds another spec or
    number of shards, or has not stored all its runs; nothing is written then. ``planned`` is the
    number of runs of the whole sweep (design points x replications).
    """
    out = Path(out)
    found = shard_folders(out)
    if not found:
        raise SweepError(
            f"{out}: no shard folders (shard-I-of-N) to merge; run wijksim sweep SPEC --shard I/N"
        )
    counts = {count for _, count in found.values()}
    if len(counts) > 1:
        raise SweepError(f"{out}: shard folders of different numbers of shards: {sorted(counts)}")
    count = counts.pop()
    digest = spec_hash(spec)
    problems, manifests, sources = [], [], {}
    for index in range(1, count + 1):
        shard = Shard(index, count)
        if index not in found:
            problems.append(f"shard {index}/{count}: no folder {shard.folder(out)}")
            continue
        store = SweepStore(found[index][0])
        manifest = store.read_manifest()
        if manifest is None or manifest.get("spec_hash") != digest:
            problems.append(f"shard {index}/{count}: {store.folder} holds another spec (or no manifest)")
            continue
        missing = sorted(set(shard.runs(planned)) - store.done())
        if missing:
            problems.append(
                f"shard {index}/{count}: {len(missing)} of {len(shard.runs(planned))} runs not stored; "
                f"run wijksim sweep SPEC --shard {index}/{count} --resume"
            )
        manifests.append(manifest)
        sources.update({run: store.runs_dir / run_file_name(run) for run in shard.runs(planned)})
    if problems:
        raise SweepError(f"{out}: cannot merge the shards yet:\n  " + "\n  ".join(problems))
    merged = SweepStore(out)
    if merged.runs_dir.is_dir() and any(merged.runs_dir.iterdir()):
        raise SweepError(f"{out}: already holds runs/; merge into a new --out folder")
    merged.runs_dir.mkdir(parents=True, exist_ok=True)
    for _, source in sorted(sources.items()):
        target = merged.runs_dir / source.name
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    merged.write_manifest(_merged_manifest(manifests, planned, count))
    runs = load(out)
    write_derived_tables(runs, spec, out)  # sensitivity.csv, structures.csv, as an unsharded sweep
    return runs


def _merged_manifest(shards: list[dict[str, Any]], planned: int, count: int) -> dict[str, Any]:
    """The whole sweep's manifest: the first shard's, with every shard's sessions and the totals."""
    manifest = {key: value for key, value in shards[0].items() if key != "shard"}
    sessions = [
        {**session, "shard": shard["shard"]} for shard in shards for session in shard.get("sessions", [])
    ]
    manifest.update(
        runs_planned=planned,
        design_points=planned // manifest["replications"],
        runs_stored=planned,
        started_at=min(shard["started_at"] for shard in shards),
        ended_at=max((shard.get("ended_at") or "") for shard in shards) or None,
        status="finished",
        interrupted=False,
        sessions=sessions,
        merged={"shards": count, "merged_at": now()},
    )
    return manifest
