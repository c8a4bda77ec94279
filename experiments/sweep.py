"""Run every (design point, replication) of an experiment spec, serially, in processes or on Dask.

Run ``point * replications + replication`` loads the base scenario with the point's factor values
as overrides and runs it with the seed of its replication. Replication ``r`` uses the same seed at
every design point (common random numbers), so differences between points are not chance.

The parent process writes each result to the sweep folder as soon as it arrives (see
``experiments.store``) and keeps only counts in memory, so a sweep of any size runs in flat memory,
and a sweep that was killed continues with ``resume=True`` from the runs that have no file yet.
"""

from __future__ import annotations

import contextlib
import copy
import math
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from experiments.cluster import ClusterFile, load_cluster_file, start_slurm_cluster
from experiments.derived import write_derived_tables
from experiments.extras import require_extra
from experiments.lock import FolderLock, FolderLocked
from experiments.run_folder import package_versions
from experiments.shards import Shard
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec, spec_hash
from experiments.store import SweepError, SweepStore, load, now, run_schema
from sim.random_streams import replication_seeds
from sim.scenario.loader import read_merged_toml, scenario_from_dict, set_dotted

DASK_CONNECT_TIMEOUT_S = 10
"""How long to wait for a Dask scheduler before giving up, seconds."""

DASK_CHECK_INTERVAL_S = 2.0
"""How often a sweep on Dask that is waiting for results checks that the cluster still has workers."""

DASK_NO_WORKER_GRACE_S = 30
"""How long a sweep on Dask waits for a worker when the cluster has none, seconds."""

RESUME_HINT = "run the same command with --resume to continue"

IN_FLIGHT_PER_WORKER = 4
"""Tasks submitted ahead per worker: enough to keep every worker busy, few enough to stay small."""


@dataclass(frozen=True)
class Context:
    """What every task of a sweep shares; sent to each worker once."""

    base_raw: dict[str, Any]
    """The base scenario as merged TOML (``extends`` resolved), read once by the parent."""
    base_source: str
    base_dir: str
    metrics: tuple[str, ...]
    structures: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The ``scenario`` factor's files as merged TOML, by path (empty without that factor)."""


@dataclass(frozen=True)
class Task:
    """One run: its indices, its seed and the overrides of its design point."""

    run: int
    point: int
    replication: int
    seed: int
    overrides: dict[str, Any]
    factors: dict[str, Any]


def run_task(context: Context, task: Task) -> dict[str, Any]:
    """Run one task and return its row; an exception of the model becomes the row's ``error``."""
    started = time.perf_counter()
    row: dict[str, Any] = {
        "run": task.run,
        "point": task.point,
        "replication": task.replication,
        "seed": task.seed,
        **task.factors,
    }
    try:
        source = task.factors.get(SCENARIO_FACTOR, context.base_source)
        raw = copy.deepcopy(context.structures.get(source, context.base_raw))
        for dotted, value in task.overrides.items():
            if dotted != SCENARIO_FACTOR:
                set_dotted(raw, dotted, value)
        base_dir = Path(source).parent if source != context.base_source else Path(context.base_dir)
        scenario = scenario_from_dict(raw, source=source, base_dir=base_dir)
        result = sim.run(scenario, task.seed)
    except Exception as exc:  # any failure of one run is recorded, the sweep goes on
        row.update({name: float("nan") for name in context.metrics})
        row["error"] = f"{type(exc).__name__}: {exc}"
    else:
        row.update({name: float(result.metrics[name]) for name in context.metrics})
        row["error"] = ""
    row["wall_time_s"] = time.perf_counter() - started
    return row


def run_sweep(
    spec: ExperimentSpec,
    out_dir: str | Path,
    workers: int | None = None,
    dask: str | None = None,
    resume: bool = False,
    quiet: bool = False,
    shard: Shard | None = None,
    cluster: str | Path | None = None,
) -> pd.DataFrame:
    """Run the sweep into ``out_dir`` and return every stored run (``experiments.store.load``).

    ``shard=Shard(i, n)``: only the runs of shard ``i`` of ``n`` (``run % n == i - 1``), into
    ``out_dir`` as a sweep folder of their own; ``experiments.shards.merge_shards`` joins the shards.
    ``cluster``: a cluster file (``experiments.cluster``): Dask workers started as Slurm jobs.

    ``workers=1``: in this process; ``workers=N``: N worker processes (None: one per CPU);
    ``dask="local"``: a local Dask cluster of ``workers or 2`` processes; ``dask="tcp://host:port"``:
    an existing Dask scheduler (its workers need wijksim installed and the base scenario's files).
    Raises SweepError when the folder is not empty (without ``resume``) or holds another spec.
    On Ctrl-C the finished runs stay stored, the manifest says so, and KeyboardInterrupt is raised.
    """
    if dask:
        require_extra("cluster", "a sweep on Dask", ("distributed",))
    slurm = load_cluster_file(cluster) if cluster is not None else None  # checked before the folder
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise SweepError(f"{out_dir}: is a file, not a folder; give a folder for the sweep (--out)")
    backend = Backend(workers, dask, slurm, cluster)
    try:
        with FolderLock(out_dir):
            return _run_sweep_locked(spec, out_dir, backend, resume, quiet, shard)
    except FolderLocked as exc:
        raise SweepError(str(exc)) from None
    except PermissionError as exc:
        raise SweepError(
            f"{out_dir}: cannot write in the folder ({exc.strerror}); choose another --out"
        ) from None


@dataclass(frozen=True)
class Backend:
    """Where a sweep's runs go: ``workers`` processes, a Dask scheduler, or Dask workers on Slurm."""

    workers: int | None
    dask: str | None
    slurm: ClusterFile | None
    cluster: str | Path | None
    """The cluster file that ``slurm`` was read from (for the manifest)."""


def _run_sweep_locked(
    spec: ExperimentSpec, out_dir: Path, backend_: Backend, resume: bool, quiet: bool, shard: Shard | None
) -> pd.DataFrame:
    """``run_sweep`` once this process holds the folder's lock."""
    from experiments.design import design_points  # scipy: not needed by the workers, so imported here

    workers, dask, slurm, cluster = backend_.workers, backend_.dask, backend_.slurm, backend_.cluster

    design = design_points(spec)
    store = SweepStore(out_dir, run_schema(spec, design))
    digest = spec_hash(spec)
    planned = len(shard.runs(len(design) * spec.replications)) if shard else len(design) * spec.replications
    manifest = _open_folder(store, spec, digest, planned, resume)
    if shard is not None:
        manifest["shard"] = [shard.index, shard.count]
    store.remove_temporary_files()
    store.remove_damaged_run_files()
    done = store.done()
    tasks = _tasks(spec, design, done, shard)
    todo = planned - len(done)

    used: int | None
    if slurm is not None:
        backend, used = f"slurm {cluster}", None
    elif dask:
        backend, used = f"dask {dask}", (workers or 2) if dask == "local" else None
    else:
        used = workers or os.cpu_count() or 1
        backend = "serial" if used == 1 else "processes"
    session: dict[str, Any] = {
        "started_at": now(),
        "ended_at": None,
        "backend": backend,
        "workers": used,
        "runs_done": 0,
        "failed": 0,
        "status": "running",
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "versions": package_versions(),
    }
    manifest["sessions"].append(session)
    manifest.update(status="running", ended_at=None)
    store.write_manifest(manifest)

    structure_files = spec.factors[SCENARIO_FACTOR].values if SCENARIO_FACTOR in spec.factors else ()
    structures = {str(file): read_merged_toml(Path(str(file))) for file in structure_files or ()}
    context = Context(
        read_merged_toml(spec.base), str(spec.base), str(spec.base.parent), spec.metrics, structures
    )
    progress = _progress_bar(planned, len(done), spec.name, quiet)
    counts = {"done": 0, "failed": 0}

    def handle(row: dict[str, Any]) -> None:
        try:
            store.write_run(row)
        except OSError as exc:  # a full disk, a folder removed: the runs stored so far stay
            raise SweepError(
                f"{out_dir}: cannot store run {row['run']} ({exc.strerror}); {RESUME_HINT} once it can be written"
            ) from None
        counts["done"] += 1
        if row["error"]:
            counts["failed"] += 1
            progress.set_postfix(failed=counts["failed"], refresh=False)
        progress.update(1)

    status = "failed"
    try:
        if todo > 0:
            if slurm is not None:
                _run_dask(context, tasks, handle, "slurm", workers, slurm)
            elif dask:
                _run_dask(context, tasks, handle, dask, workers)
            elif used is None or used == 1:
                for task in tasks:
                    handle(run_task(context, task))
            else:
                _run_processes(context, tasks, handle, used or 1)
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except BaseException as exc:
        session["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        progress.close()
        session.update(ended_at=now(), runs_done=counts["done"], failed=counts["failed"], status=status)
        stored = len(store.done())
        manifest.update(
            ended_at=session["ended_at"],
            status=status,
            runs_stored=stored,
            interrupted=status == "interrupted",
        )
        store.write_manifest(manifest)
    runs = load(out_dir)
    write_derived_tables(runs, spec, out_dir)
    return runs


# --- the folder and the tasks --------------------------------------------------------------------


def _open_folder(
    store: SweepStore, spec: ExperimentSpec, digest: str, planned: int, resume: bool
) -> dict[str, Any]:
    """The manifest to continue: a new one, or (with resume) the folder's own after checking it."""
    if not store.is_empty():
        old = store.read_manifest()
        if not resume:
            raise SweepError(
                f"{store.folder}: the folder is not empty; use --resume to continue the sweep "
                "stored there, or a new --out folder"
            )
        if old is None or old.get("kind") != "sweep":
            raise SweepError(
                f"{store.folder}: not a sweep folder (no sweep {store.manifest_path.name}); "
                "use a new --out folder"
            )
        if old.get("spec_hash") != digest:
            raise SweepError(
                f"{store.folder}: the spec changed since this sweep started; use a new --out folder"
            )
        for session in old.get("sessions", []):
            if session.get("status") == "running":  # this process holds the lock: that one is gone
                session["status"] = "killed"
        return old
    return {
        "kind": "sweep",
        "name": spec.name,
        "spec": spec.model_dump(mode="json"),
        "spec_hash": digest,
        "runs_planned": planned,
        "design_points": planned // spec.replications,
        "replications": spec.replications,
        "factors": list(spec.factors),
        "metrics": list(spec.metrics),
        "versions": package_versions(),
        "started_at": now(),
        "ended_at": None,
        "status": "running",
        "interrupted": False,
        "runs_stored": 0,
        "time_unit": "weeks",
        "sessions": [],
    }


def _tasks(
    spec: ExperimentSpec, design: pd.DataFrame, done: set[int], shard: Shard | None = None
) -> Iterator[Task]:
    """Every (point, replication) without a stored file (of the shard), in run-index order, made lazily."""
    seeds = replication_seeds(spec.seed, spec.replications)
    common: dict[str, Any] = {"run.years": spec.years} if spec.years is not None else {}
    for point, record in enumerate(design.to_dict("records")):
        factors: dict[str, Any] = {str(key): value for key, value in record.items()}
        overrides: dict[str, Any] = {**common, **{k: v for k, v in factors.items() if not _own_value(v)}}
        for replication, seed in enumerate(seeds):
            run = point * spec.replications + replication
            if run not in done and (shard is None or shard.holds(run)):
                yield Task(run, point, replication, seed, overrides, factors)


def _own_value(value: Any) -> bool:
    """A design value that means 'the scenario's own value' (NaN, in a one-at-a-time design)."""
    return isinstance(value, float) and math.isnan(value)


def _progress_bar(total: int, initial: int, label: str, quiet: bool):
    from tqdm import tqdm

    hidden = quiet or bool(os.environ.get("CI")) or not sys.stderr.isatty()
    bar = tqdm(
        total=total, initial=initial, desc=label, unit="run", disable=hidden, file=sys.stderr, smoothing=0.05
    )
    bar.set_postfix(failed=0, refresh=False)
    return bar


# --- backends ------------------------------------------------------------------------------------

_WORKER_CONTEXT: Context | None = None


PARENT_CHECK_INTERVAL_S = 0.5
"""How often a worker process looks whether the sweep's main process is still there, seconds."""


def _init_process_worker(context: Context, parent: int) -> None:
    """Keep the sweep's context in the worker, leave Ctrl-C to the parent, and die with the parent."""
    global _WORKER_CONTEXT
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_CONTEXT = context
    _exit_when_parent_dies(parent)


def _exit_when_parent_dies(parent: int) -> None:
    """End this process as soon as ``parent`` is gone, however it died (``kill -9`` included).

    An orphan is adopted by another process, so its parent id changes; a daemon thread watches for
    that. Without it, workers killed the out-of-memory killer's way would live on, holding memory.
    """
    _kill_with_parent_on_linux()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_INTERVAL_S)
        os._exit(1)

    threading.Thread(target=watch, name="wijksim-parent-watch", daemon=True).start()


def _kill_with_parent_on_linux() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (``prctl(PR_SET_PDEATHSIG)``).

    The watcher thread alone is not enough: a worker whose main thread is blocked in C code while
    holding the interpreter lock never lets the watcher run. Elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def _run_in_process_worker(task: Task) -> dict[str, Any]:
    assert _WORKER_CONTEXT is not None, "worker started without _init_process_worker"
    return run_task(_WORKER_CONTEXT, task)


def _run_processes(
    context: Context, tasks: Iterator[Task], handle: Callable[[dict[str, Any]], None], workers: int
) -> None:
    """A process pool fed a few tasks ahead of the workers; the parent writes every result."""
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_process_worker,
        initargs=(context, os.getpid()),  # the parent's own id: a worker may start after it died
    )
    in_flight: set[Future] = set()
    try:
        with _children_ignore_sigint():  # the first submit starts the workers
            _top_up(
                in_flight,
                tasks,
                lambda task: executor.submit(_run_in_process_worker, task),
                workers * IN_FLIGHT_PER_WORKER,
            )
        while in_flight:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                in_flight.discard(future)
                handle(future.result())
            _top_up(
                in_flight,
                tasks,
                lambda task: executor.submit(_run_in_process_worker, task),
                workers * IN_FLIGHT_PER_WORKER,
            )
    except BaseException as exc:
        # Ctrl-C or a broken pool: keep what has finished, drop the rest without waiting for it.
        for future in in_flight:
            if future.done() and not future.cancelled() and future.exception() is None:
                handle(future.result())
            else:
                future.cancel()
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)
        if isinstance(exc, BrokenProcessPool):
            raise SweepError(
                f"a worker process died ({exc}); perhaps out of memory: fewer --workers, then {RESUME_HINT}"
            ) from None
        raise
    executor.shutdown(wait=True)


def _run_dask(
    context: Context,
    tasks: Iterator[Task],
    handle: Callable[[dict[str, Any]], None],
    address: str,
    workers: int | None,
    slurm: ClusterFile | None = None,
) -> None:
    """Tasks on Dask: a LocalCluster (``"local"``), Slurm jobs (a cluster file), or a scheduler's address.

    A worker that dies (a Slurm job at its walltime) takes its unfinished tasks with it; the Dask
    scheduler runs them again on another worker, and each task's result comes back once.
    """
    import logging

    from distributed import Client, LocalCluster

    cluster: Any = None
    try:
        if slurm is not None:
            cluster = start_slurm_cluster(slurm)
            client = Client(cluster, timeout=DASK_CONNECT_TIMEOUT_S)
        elif address == "local":
            with _children_ignore_sigint():
                cluster = LocalCluster(
                    n_workers=workers or 2,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster, timeout=DASK_CONNECT_TIMEOUT_S)
        else:
            client = Client(address, timeout=DASK_CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise SweepError(
            f"--dask {address}: cannot reach the Dask scheduler within {DASK_CONNECT_TIMEOUT_S} s "
            f"({type(exc).__name__}: {exc}); check the address, start the scheduler, then {RESUME_HINT}"
        ) from None
    try:
        _run_on_client(client, context, tasks, handle, slurm.workers if slurm is not None else None)
    except (KeyboardInterrupt, SweepError):
        raise
    except Exception as exc:  # the model's errors are rows (run_task); what is left is Dask's
        raise SweepError(
            f"--dask {address}: the cluster failed ({type(exc).__name__}: {exc}); the runs that "
            f"finished are stored; {RESUME_HINT}"
        ) from None
    finally:
        with contextlib.suppress(Exception):
            client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()


def _run_on_client(
    client: Any,
    context: Context,
    tasks: Iterator[Task],
    handle: Callable[[dict[str, Any]], None],
    planned_workers: int | None = None,
) -> None:
    """Feed the tasks to a Dask client a few ahead of its workers; the parent writes every result.

    ``planned_workers``: the workers a Slurm cluster will have (its jobs may not have started yet).

    Raises SweepError when the cluster has had no worker for DASK_NO_WORKER_GRACE_S seconds (the
    scheduler would otherwise wait for ever for one to come back).
    """
    from distributed import wait as dask_wait

    in_flight: set[Any] = set()
    try:
        threads = planned_workers if planned_workers is not None else sum(client.nthreads().values())
        slots = max(1, threads) * IN_FLIGHT_PER_WORKER
        shared = client.scatter(context, broadcast=True)

        def submit(task: Task) -> Any:
            return client.submit(run_task, shared, task, pure=False)

        _top_up(in_flight, tasks, submit, slots)
        idle_since: float | None = None
        while in_flight:
            try:
                finished, _ = dask_wait(
                    list(in_flight), timeout=DASK_CHECK_INTERVAL_S, return_when="FIRST_COMPLETED"
                )
            except TimeoutError:
                if client.nthreads():
                    idle_since = None
                    continue
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > DASK_NO_WORKER_GRACE_S:
                    raise SweepError(
                        f"the Dask cluster has had no worker for {DASK_NO_WORKER_GRACE_S} s; the runs that "
                        f"finished are stored; start workers, then {RESUME_HINT}"
                    ) from None
                continue
            for future in finished:
                in_flight.discard(future)
                handle(future.result())
                future.release()
            _top_up(in_flight, tasks, submit, slots)
    except BaseException:
        for future in list(in_flight):
            if future.status == "finished":
                handle(future.result())
        if in_flight:
            with contextlib.suppress(Exception):
                client.cancel(list(in_flight))
        raise


@contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored (inherited), so that only the parent handles it.

    A terminal sends SIGINT to every process of the foreground group; without this, each worker
    would print its own KeyboardInterrupt traceback while the parent is shutting the sweep down.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _top_up(in_flight: set, tasks: Iterator[Task], submit: Callable[[Task], Any], limit: int) -> None:
    while len(in_flight) < limit:
        task = next(tasks, None)
        if task is None:
            return
        in_flight.add(submit(task))
