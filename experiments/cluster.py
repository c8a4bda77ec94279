"""Dask workers on a Slurm cluster, from a cluster file (``wijksim sweep SPEC --cluster cluster.toml``).

A cluster file has two tables (example: ``experiments/slurm_cluster.toml``)::

    [slurm]                    # keyword arguments of dask-jobqueue's SLURMCluster, as in its docs
    account = "my_project"
    queue = "normal"
    cores = 4                  # per job
    processes = 4              # Dask workers per job; each runs one simulation at a time
    memory = "8GB"             # per job
    walltime = "02:00:00"
    job_script_prologue = ["source ~/wijksim/.venv/bin/activate"]
    worker_extra_args = ["--lifetime", "115m", "--lifetime-stagger", "4m"]

    [jobs]
    minimum = 1                # adapt between 1 and 10 jobs; or count = N to keep N jobs
    maximum = 10

The sweep's parent process runs the Dask scheduler and writes every result to the sweep folder; the
workers run as Slurm jobs submitted by dask-jobqueue. A job that reaches its walltime takes its
workers down; the scheduler runs their unfinished tasks again on the other workers, and each task's
result comes back once, so no run is lost or stored twice. With ``--lifetime`` the workers retire
just before the walltime instead, and adapt submits new jobs in their place.
"""

from __future__ import annotations

import difflib
import inspect
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from experiments.extras import require_extra
from experiments.store import SweepError

NOT_FROM_A_FILE = {"self", "scheduler", "name", "config_name", "job_cls", "loop", "asynchronous", "n_workers"}
"""SLURMCluster arguments that a cluster file may not set: wijksim sets or needs them as they are."""


@dataclass(frozen=True)
class ClusterFile:
    """A cluster file, checked: the SLURMCluster arguments and how many jobs to run."""

    path: Path
    slurm: dict[str, Any]
    jobs: int | None = None
    """Jobs kept running (``cluster.scale(jobs=...)``), or None to adapt between minimum and maximum."""
    minimum: int = 0
    maximum: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def workers(self) -> int:
        """Dask workers when every job runs: jobs (or maximum) x processes per job."""
        per_job = int(self.slurm.get("processes") or 1)
        return (self.jobs if self.jobs is not None else self.maximum) * per_job


def slurm_options() -> set[str]:
    """The keyword arguments SLURMCluster takes (its own, its job class's and the base job's)."""
    require_extra("cluster", "a sweep on Slurm (--cluster)")
    from dask_jobqueue import SLURMCluster
    from dask_jobqueue.core import Job
    from dask_jobqueue.slurm import SLURMJob

    names: set[str] = set()
    for function in (SLURMCluster.__init__, SLURMJob.__init__, Job.__init__):
        names |= {
            name
            for name, parameter in inspect.signature(function).parameters.items()
            if parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
        }
    return names - NOT_FROM_A_FILE


def load_cluster_file(path: str | Path) -> ClusterFile:
    """Read and check a cluster file; SweepError naming the file, key and what is allowed otherwise."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except OSError as exc:
        raise SweepError(f"{path}: cannot read the cluster file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise SweepError(f"{path}: not valid TOML ({exc})") from None
    unknown_tables = sorted(set(raw) - {"slurm", "jobs"})
    if unknown_tables or not isinstance(raw.get("slurm"), dict):
        raise SweepError(
            f"{path}: a cluster file has the tables [slurm] (SLURMCluster's arguments) and [jobs]"
            + (f"; unknown: {', '.join(unknown_tables)}" if unknown_tables else "; [slurm] is missing")
        )
    allowed = slurm_options()
    problems = []
    for key in raw["slurm"]:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(f"{path}: slurm.{key}: not an argument of dask-jobqueue's SLURMCluster{hint}")
    jobs = raw.get("jobs", {"count": 1})
    if not isinstance(jobs, dict):
        jobs = {}
    keys = set(jobs)
    counts = {key: jobs[key] for key in keys}
    bad_values = [
        key
        for key, value in counts.items()
        if not isinstance(value, int) or isinstance(value, bool) or value < 0
    ]
    if keys not in ({"count"}, {"minimum", "maximum"}, {"maximum"}) or bad_values or counts.get("count") == 0:
        problems.append(
            f"{path}: [jobs] is count = N (jobs to keep running, N >= 1) or minimum = M and maximum = N "
            f"(0 <= M <= N, N >= 1) to adapt; got {jobs}"
        )
    elif "maximum" in keys and not (
        0 <= counts.get("minimum", 0) <= counts["maximum"] and counts["maximum"] >= 1
    ):
        problems.append(f"{path}: [jobs] needs 0 <= minimum <= maximum and maximum >= 1; got {jobs}")
    if problems:
        raise SweepError("\n".join(problems))
    if "count" in keys:
        return ClusterFile(path, dict(raw["slurm"]), jobs=counts["count"])
    return ClusterFile(path, dict(raw["slurm"]), minimum=counts.get("minimum", 0), maximum=counts["maximum"])


def build_slurm_cluster(config: ClusterFile) -> Any:
    """The SLURMCluster of a cluster file, with no job submitted yet (its ``job_script()`` shows one)."""
    require_extra("cluster", "a sweep on Slurm (--cluster)")
    from dask_jobqueue import SLURMCluster

    return SLURMCluster(**config.slurm)


def start_slurm_cluster(config: ClusterFile) -> Any:
    """The SLURMCluster of a cluster file, with its jobs submitted (``scale``) or adapting."""
    cluster = build_slurm_cluster(config)
    if config.jobs is not None:
        cluster.scale(jobs=config.jobs)
    else:
        cluster.adapt(minimum_jobs=config.minimum, maximum_jobs=config.maximum)
    return cluster
