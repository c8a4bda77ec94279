"""The small, pure entry point: ``run(scenario, seed) -> RunResult``. No files, no printing."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import mesa
import pandas as pd

from sim.metrics import PeopleRecords, Window, compute_metrics
from sim.model import WijkModel
from sim.records import AbsenceRow, EventRow, frame
from sim.scenario.schema import Scenario
from sim.timeseries import timeseries_frame


@dataclass(frozen=True)
class RunResult:
    """Everything one replication produced: metrics, records and the weekly time series."""

    seed: int
    metrics: dict[str, float]
    cases: pd.DataFrame
    visits: pd.DataFrame
    handoffs: pd.DataFrame
    absences: pd.DataFrame
    """Seconded workers claimed back by their mother organisation: team, start_t, end_t, fte."""
    timeseries: pd.DataFrame
    events: pd.DataFrame | None
    window: Window
    wall_time_s: float
    sim_events: int
    """SimPy events scheduled during the run (for events-per-second figures)."""
    needs: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Every need of a household: onset, who found it, first help, resolved by the own network."""


def run(scenario: Scenario, seed: int, years: float | None = None, record_events: bool = False) -> RunResult:
    """Simulate one replication of ``scenario`` with ``seed``; same inputs, same result."""
    started = time.perf_counter()
    with _no_gc_passes():
        model = WijkModel(scenario, seed, record_events=record_events, years=years)
        try:
            model.run_to_end()
            model.finish()
            # The journeys still under way when the run ended hold, in reference cycles with their
            # events, the cases and with them the whole horizon's pre-drawn numbers: collected now
            # (the young generations), the tables below are built in their memory. M/M/20 with
            # 200,000 customers: 847 instead of 1,241 bytes of peak memory per customer (README).
            gc.collect(1)
            result = _result(model, seed, started)
        finally:
            # Mesa keeps a per-model id counter in a class-level dict; drop ours so that many
            # replications in one process do not keep every finished model alive.
            mesa.Agent._ids.pop(model, None)
    return result


def _result(model: WijkModel, seed: int, started: float) -> RunResult:
    """The tables and metrics of a finished run (``started``: its ``time.perf_counter()`` at the start)."""
    scenario = model.scenario
    sim_events = next(model.env._eid)  # SimPy's running count of scheduled events
    window = Window(model.warmup_end, model.end_t)
    cases = model.case_rows.frame(release=True).sort_values("case", ignore_index=True)
    visits = model.visit_rows.frame(release=True)
    handoffs = model.handoff_rows.frame(release=True)
    absences = frame(model.absence_rows, AbsenceRow)
    # helped needs are written first: back in the order of their number
    needs = model.need_rows.frame(release=True).sort_values("need", ignore_index=True)
    timeseries = timeseries_frame(
        model.snapshot_rows, handoffs, scenario.run.snapshot_interval_weeks, model.end_t
    )
    events = frame(model.event_rows, EventRow) if model.event_rows is not None else None
    people = PeopleRecords(absences=absences, needs=needs)
    metrics = compute_metrics(scenario, window, cases, visits, handoffs, people)
    return RunResult(
        seed,
        metrics,
        cases,
        visits,
        handoffs,
        absences,
        timeseries,
        events,
        window,
        time.perf_counter() - started,
        sim_events,
        needs,
    )


@contextmanager
def _no_gc_passes() -> Iterator[None]:
    """Switch the cyclic garbage collector off for a run, and back on (if it was) afterwards.

    The simulation makes no reference cycles while it runs (its objects go when their count of
    references does; a 5-year ``integral_a1`` run leaves 52 objects in cycles, all at the end), and
    most of what it allocates lives for weeks of simulated time or until its tables are built: each
    pass of the collector walked objects that it could not free. With the young generation collected
    every 100,000 allocations while simulating and as usual while the tables were built (until
    2026-12-02), a 5-year ``integral_a1`` run spent about 0.16 of its 1.5 s of CPU in 31 young and 4
    middle passes; peak memory is the same. ``run`` collects the young generations once, when the
    run has ended and before its tables are built.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
