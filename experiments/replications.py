"""Replications of one scenario: one seed per replication, derived from a master seed.

Replication ``r`` of master seed ``S`` always gets the same seed, in every scenario, so two
scenarios run with the same master seed are compared on common random numbers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim import RunResult, Scenario, run
from sim.metrics import EXTRA_NAMES, METRIC_NAMES
from sim.random_streams import replication_seeds


@dataclass
class Replications:
    """The results of several replications of one scenario, as tidy tables."""

    scenario: Scenario
    master_seed: int
    seeds: list[int]
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One row per replication: ``replication``, ``seed``, then every metric."""
    timeseries: pd.DataFrame = field(default_factory=pd.DataFrame)
    events: pd.DataFrame | None = None
    cases: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One row per case open at some moment of the measurement window, with ``replication``."""
    visits: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The unit visits of those cases (queueing and service at each unit), with ``replication``."""
    handoffs: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The hand-offs of those cases, with ``replication``."""
    wall_time_s: float = 0.0
    interrupted: bool = False

    @property
    def completed(self) -> int:
        """Number of replications that finished."""
        return len(self.summary)


def run_replications(
    scenario: Scenario,
    replications: int,
    master_seed: int,
    years: float | None = None,
    record_events: bool = False,
    on_done: Callable[[int, RunResult], None] | None = None,
    until: Callable[[pd.DataFrame], bool] | None = None,
    keep_tables: bool = True,
) -> Replications:
    """Run up to ``replications`` replications one after another.

    ``until`` is asked after each replication, with the summary so far, whether that is enough (a
    precision rule, say); replication ``r`` has the same seed however many are run. On Ctrl-C the
    replications finished so far are kept and returned with ``interrupted=True``.

    ``keep_tables=False`` keeps only the summary: the time series and records of each replication
    are left to ``on_done`` (``experiments.run_folder.RunFolder`` stores them on disk), so memory
    stays flat however many replications run.
    """
    seeds = replication_seeds(master_seed, replications)
    started = time.perf_counter()
    rows, series, events = [], [], []
    records: dict[str, list[pd.DataFrame]] = {name: [] for name in RECORD_NAMES}
    interrupted = False
    try:
        for r, seed in enumerate(seeds):
            result = run(scenario, seed, years=years, record_events=record_events)
            rows.append({"replication": r, "seed": seed, **result.metrics})
            if keep_tables:
                series.append(result.timeseries.assign(replication=r))
                for name, table in window_records(result).items():
                    records[name].append(table.assign(replication=r))
                if result.events is not None:
                    events.append(result.events.assign(replication=r))
            if on_done is not None:
                on_done(r, result)
            del result  # nothing of a finished replication is held but its summary row
            if until is not None and until(pd.DataFrame(rows)):
                break
    except KeyboardInterrupt:
        interrupted = True
    columns = ["replication", "seed", *METRIC_NAMES, *EXTRA_NAMES]
    summary = pd.DataFrame(rows, columns=columns)
    return Replications(
        scenario=scenario,
        master_seed=master_seed,
        seeds=seeds[: len(rows)],
        summary=summary,
        timeseries=_tidy_series(series),
        events=pd.concat(events, ignore_index=True) if events else None,
        **{name: _tidy_series(tables) for name, tables in records.items()},
        wall_time_s=time.perf_counter() - started,
        interrupted=interrupted,
    )


RECORD_NAMES: tuple[str, ...] = ("cases", "visits", "handoffs")
"""The per-record tables a run folder keeps (``cases.parquet``, ``visits.parquet``, ``handoffs.parquet``)."""


def window_records(result: RunResult) -> dict[str, pd.DataFrame]:
    """The cases open at some moment of the measurement window, their unit visits and hand-offs.

    Every metric is a function of these rows alone (tested), so the figures drawn from them agree
    with the metrics; cases that ended during the warm-up are left out to keep the files small.
    """
    cases, window = result.cases, result.window
    end_t = cases["end_t"].to_numpy()
    keep = (cases["request_t"].to_numpy() <= window.end) & (np.isnan(end_t) | (end_t >= window.start))
    kept = cases[keep]
    ids = kept["case"].to_numpy()
    return {
        "cases": kept.reset_index(drop=True),
        "visits": result.visits[np.isin(result.visits["case"].to_numpy(), ids)].reset_index(drop=True),
        "handoffs": result.handoffs[np.isin(result.handoffs["case"].to_numpy(), ids)].reset_index(drop=True),
    }


def replication_tables(replication: int, result: RunResult) -> dict[str, pd.DataFrame]:
    """The tables one replication adds to a run folder, each with its ``replication`` column.

    ``summary`` (one row), ``timeseries`` (replication first), the window records (replication last)
    and ``events`` when they were recorded: the same rows ``run_replications`` keeps in memory.
    """
    tables = {
        "summary": pd.DataFrame(
            [{"replication": replication, "seed": result.seed, **result.metrics}],
            columns=["replication", "seed", *METRIC_NAMES, *EXTRA_NAMES],
        ),
        "timeseries": _tidy_series([result.timeseries.assign(replication=replication)]),
    }
    for name, table in window_records(result).items():
        tables[name] = table.assign(replication=replication)
    if result.events is not None:
        tables["events"] = result.events.assign(replication=replication)
    return tables


def _tidy_series(series: list[pd.DataFrame]) -> pd.DataFrame:
    if not series:
        return pd.DataFrame()
    frame = pd.concat(series, ignore_index=True)
    return frame[["replication", *[c for c in frame.columns if c != "replication"]]]
