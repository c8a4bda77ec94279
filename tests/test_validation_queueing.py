"""The engine validated against queueing theory: M/M/c queues, a Jackson network and Little's law.

The scenarios in ``scenarios/validation/`` switch the social-domain detail off, so that a team is a
textbook M/M/c queue (Poisson requests, exponential support, ``c`` caseload slots, no impatience)
and referrals make an open Jackson network. Their theoretical values follow from Erlang's C formula
(``tests/theory.py``); the theory's inputs (arrival rates, service rates, numbers of servers) are
derived here from the scenario itself, independently of the engine.

Statistical method: each scenario file fixes its run length, warm-up, number of replications and
master seed; replication ``r`` runs with ``replication_seeds(seed, R)[r]``. Replications are
independent, so the Student-t interval of the replication means is a valid 95% confidence interval;
the test asserts that the theoretical value lies inside it. The warm-up bias (the system starts
empty) is computed exactly for every M/M/c file and shown to be negligible. The seeds were chosen
once, before any result was seen; a miss is to be answered with longer runs or more replications,
never with other seeds. A power test shows the same setup rejects an engine whose service is 10%
too slow.

Replications run in a pool of (at most) two forked processes; the whole module takes about a
minute on two cores. Run with ``-s`` to see the observed values next to the theory.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import tomllib
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import sim
from sim.random_streams import replication_seeds
from sim.scenario.loader import scenario_from_dict
from sim.scenario.schema import COMPLEXITIES, Scenario
from tests.conftest import SCENARIOS
from tests.theory import erlang_c, mmc_transient_wq, mmc_wq, t_interval

VALIDATION = SCENARIOS / "validation"
MMC_FILES = {0.5: "mmc_rho050.toml", 0.8: "mmc_rho080.toml", 0.95: "mmc_rho095.toml"}
JACKSON_FILE = "jackson_two_teams.toml"
ALL_FILES = [*MMC_FILES.values(), JACKSON_FILE]
CONFIDENCE = 0.95
WEEKS_PER_YEAR = 52.0  # the model's convention: rates per year / 52 = rates per week
SPECIALISED = "specialised_care"


# --- the theory's inputs, read from the scenario -----------------------------------------------


@dataclass(frozen=True)
class Station:
    """One unit as an M/M/c queue: arrival rate and service rate per week, number of servers."""

    lam: float
    mu: float
    c: int

    @property
    def rho(self) -> float:
        """Utilisation of one server."""
        return self.lam / (self.c * self.mu)

    @property
    def wq(self) -> float:
        """Mean wait in the queue (Erlang C)."""
        return mmc_wq(self.c, self.lam, self.mu)


def exponential_mean(dist: Any, where: str) -> float:
    """The mean of an exponential distribution; anything else is not a textbook setup."""
    assert dist.dist == "exponential", f"{where} must be exponential, is {dist.dist}"
    return dist.mean


def same_for_every_class(table: Any, where: str) -> Any:
    """The one value (or distribution) a per-complexity table has for all classes."""
    values = [table.get(c) for c in COMPLEXITIES]
    assert all(v == values[0] for v in values), f"{where} must be the same for every class"
    return values[0]


def stations(scenario: Scenario) -> dict[str, Station]:
    """Every unit with arrivals as an M/M/c station, after checking the scenario is a textbook queue."""
    demand, pathway, overhead = scenario.demand, scenario.pathway, scenario.overhead
    assert len(set(demand.monthly_profile)) == 1, "requests must not be seasonal"
    assert demand.severity.growth_per_week_waiting == 0, "nobody may escalate by worsening"
    assert scenario.behaviour.patience_weeks is None, "nobody may give up waiting"
    assert scenario.behaviour.reentry_probability == 0, "nobody may come back"
    assert pathway.support_dropout_probability == 0, "nobody may stop during support"
    assert same_for_every_class(pathway.consultation_probability, "consultation_probability") == 0
    assessment = same_for_every_class(pathway.assessment_weeks, "assessment_weeks")
    assert assessment.dist == "fixed" and assessment.value == 0, "assessment must take no time"
    assert scenario.start_state.open_cases_csv is None, "the system must start empty"
    assert overhead.meeting_share == 0 and overhead.registration_hours_per_case_per_week == 0

    muni = scenario.municipality
    lam = sum(
        muni.residents / 1000 * muni.age_groups[group].share * rate / WEEKS_PER_YEAR
        for group, by_domain in demand.requests_per_1000_residents_per_year.items()
        for rate in by_domain.values()
    )
    mu_team = 1 / exponential_mean(
        same_for_every_class(pathway.support_weeks, "support_weeks"), "support_weeks"
    )
    hours_per_case = (
        scenario.workforce.client_hours_per_case_per_week + overhead.registration_hours_per_case_per_week
    )
    result = {}
    for name, team in scenario.teams.items():
        share = sum(s for area, s in muni.areas.items() if team.areas is None or area in team.areas)
        slots = sum(
            math.floor(
                line.fte
                * scenario.workforce.hours_per_week_per_fte
                * (1 - overhead.meeting_share)
                / hours_per_case
                + 1e-9
            )
            * line.people
            for line in team.staff
        )
        result[name] = Station(lam * share, mu_team, slots)
    p = same_for_every_class(pathway.referral_probability, "referral_probability")
    if p > 0:
        care = scenario.specialised_care
        assert not care.team_keeps_case_while_waiting, "a referred case must leave its team at once"
        mu_care = 1 / exponential_mean(care.duration_weeks, "specialised_care.duration_weeks")
        result[SPECIALISED] = Station(p * lam, mu_care, care.places)
    return result


def load(file: str, service_factor: float = 1.0) -> Scenario:
    """A validation scenario; with ``service_factor`` != 1 every support duration is that much longer."""
    path = VALIDATION / file
    if service_factor == 1.0:
        return sim.load_scenario(path)
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    for dist in raw["pathway"]["support_weeks"].values():
        dist["mean"] *= service_factor
    return scenario_from_dict(raw, source=f"{path} (support x {service_factor})", base_dir=path.parent)


# --- running replications ---------------------------------------------------------------------


def summarise(scenario: Scenario, seed: int) -> dict[str, Any]:
    """Run one replication and keep only what the tests need (this runs in a worker process).

    Per unit: the mean wait of the visits whose service started in the measurement window (in a
    first-come-first-served queue these are consecutive customers, so their mean is unbiased at
    steady state), the visits that arrived in the window, the time-average number waiting from
    the weekly snapshots in the window, and the slots the engine gave the unit.
    """
    result = sim.run(scenario, seed)
    window, visits, ts = result.window, result.visits, result.timeseries
    ts = ts[ts["kind"] != "boundary"]  # the units' snapshots, not the hand-off counts
    start_t = visits["start_t"].to_numpy()
    arrive_t = visits["arrive_t"].to_numpy()
    served_in = window.contains(start_t)
    arrived_in = window.contains(arrive_t)
    snap_t = ts["t_weeks"].to_numpy()
    snaps = ts[(snap_t >= window.start) & (snap_t < window.end)]
    units = {}
    for unit in ts["unit"].unique():
        at = visits["unit"].to_numpy() == unit
        waits = (start_t - arrive_t)[at & served_in]
        unit_snaps = snaps[snaps["unit"] == unit]
        units[unit] = {
            "wait_mean": float(waits.mean()) if len(waits) else math.nan,
            "wait_sum": float(waits.sum()),
            "served": int(len(waits)),
            "arrivals": int(np.sum(at & arrived_in)),
            "waiting_snapshot_mean": float(unit_snaps["waiting"].mean()),
            "capacity": int(unit_snaps["capacity"].iloc[0]),
        }
    return {"metrics": result.metrics, "window_weeks": window.length, "units": units}


@pytest.fixture(scope="module")
def replicate():
    """``replicate(file, service_factor=1.0)``: the summaries of a file's replications, cached."""
    cache: dict[tuple[str, float, int | None], list[dict[str, Any]]] = {}
    workers = min(2, os.cpu_count() or 1)
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    pool: Executor | None = (
        ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        if workers > 1 and can_fork
        else None
    )

    def run_replications(
        file: str, service_factor: float = 1.0, replications: int | None = None
    ) -> list[dict[str, Any]]:
        key = (file, service_factor, replications)
        if key not in cache:
            scenario = load(file, service_factor)
            seeds = replication_seeds(scenario.run.seed, replications or scenario.run.replications)
            if pool is None:
                cache[key] = [summarise(scenario, s) for s in seeds]
            else:
                cache[key] = list(pool.map(summarise, [scenario] * len(seeds), seeds))
        return cache[key]

    yield run_replications
    if pool is not None:
        pool.shutdown()


def report(label: str, values: list[float], theory: float, tested: bool = True) -> tuple[float, float, float]:
    """The t interval of ``values``, printed next to the theoretical value.

    ``tested=False`` marks a figure printed for information only, which no assertion checks.
    """
    mean, low, high = t_interval(values, CONFIDENCE)
    verdict = ("inside" if low <= theory <= high else "OUTSIDE") if tested else "not tested"
    print(
        f"\n{label}: {len(values)} replications, mean {mean:.4f}, {CONFIDENCE:.0%} CI "
        f"[{low:.4f}, {high:.4f}], theory {theory:.4f} ({verdict}; mean/theory {mean / theory:.3f})"
    )
    return mean, low, high


# --- the theory itself ------------------------------------------------------------------------


def test_erlang_c_agrees_with_closed_forms():
    # M/M/1: P(wait) = rho and Wq = rho / (mu - lambda)
    assert erlang_c(1, 0.7, 1.0) == pytest.approx(0.7)
    assert mmc_wq(1, 0.7, 2.0) == pytest.approx(0.35 / (2.0 - 0.7))
    # M/M/2: P(wait) = 2 rho^2 / (1 + rho)
    for rho in (0.3, 0.5, 0.9):
        assert erlang_c(2, 2 * rho, 1.0) == pytest.approx(2 * rho**2 / (1 + rho))
    # many servers: against the Erlang B recursion, C = c B / (c - a (1 - B))
    for c, a in ((10, 8.0), (50, 45.0), (3, 2.85)):
        b = 1.0
        for k in range(1, c + 1):
            b = a * b / (k + a * b)
        assert erlang_c(c, a, 1.0) == pytest.approx(c * b / (c - a * (1 - b)), rel=1e-12)
    with pytest.raises(ValueError):
        mmc_wq(2, 2.0, 1.0)


def test_transient_wait_agrees_with_matrix_exponential_and_steady_state():
    from scipy.linalg import expm

    c, lam, mu, start, end = 2, 1.5, 1.0, 1.0, 6.0
    n_max = 120
    q = np.diag(np.full(n_max, lam), 1) + np.diag(mu * np.minimum(np.arange(1, n_max + 1), c), -1)
    q -= np.diag(q.sum(axis=1))
    wait_if_arriving = np.maximum(np.arange(n_max + 1) - c + 1, 0) / (c * mu)
    steps = 2000
    step = expm(q * (end - start) / steps)
    p = np.eye(n_max + 1)[0] @ expm(q * start)  # empty at time 0
    at_times = []
    for _ in range(steps + 1):
        at_times.append(p @ wait_if_arriving)
        p = p @ step
    expected = np.trapezoid(at_times, dx=1.0) / steps
    assert mmc_transient_wq(c, lam, mu, start, end) == pytest.approx(expected, rel=1e-6)
    assert mmc_transient_wq(c, lam, mu, 5000.0, 6000.0) == pytest.approx(mmc_wq(c, lam, mu), rel=1e-9)


# --- the scenarios are what they claim to be ----------------------------------------------------


@pytest.mark.parametrize("file", ALL_FILES)
def test_validation_scenarios_are_textbook_queues(file):
    units = stations(load(file))  # asserts the textbook setup
    assert all(unit.rho < 1 for unit in units.values())
    if file in MMC_FILES.values():
        (only,) = units.values()
        rho = next(r for r, f in MMC_FILES.items() if f == file)
        assert only.rho == pytest.approx(rho)
        assert only.mu == 1.0


@pytest.mark.parametrize("rho", sorted(MMC_FILES))
def test_warm_up_bias_is_negligible(rho):
    """From an empty start, the expected mean wait in the window is within 0.1% of steady state."""
    scenario = load(MMC_FILES[rho])
    (station,) = stations(scenario).values()
    warm_up = scenario.run.warmup_years * WEEKS_PER_YEAR
    end = warm_up + scenario.run.years * WEEKS_PER_YEAR
    expected = mmc_transient_wq(station.c, station.lam, station.mu, warm_up, end)
    print(
        f"\nM/M/{station.c} at rho {rho}: expected mean wait in the window {expected:.5f}, "
        f"steady state {station.wq:.5f}, bias {expected / station.wq - 1:+.3%}"
    )
    assert abs(expected / station.wq - 1) < 1e-3


# --- M/M/c: Erlang C ----------------------------------------------------------------------------


@pytest.mark.parametrize("rho", sorted(MMC_FILES))
def test_mmc_mean_wait_for_first_contact_matches_erlang_c(rho, replicate):
    file = MMC_FILES[rho]
    ((name, station),) = stations(load(file)).items()
    runs = replicate(file)
    assert all(run["units"][name]["capacity"] == station.c for run in runs), "engine has other c"
    waits = [run["metrics"]["wait_first_contact_mean_weeks"] for run in runs]
    _, low, high = report(f"M/M/{station.c} rho {rho} Wq", waits, station.wq)
    assert low <= station.wq <= high


POWER_REPLICATIONS = 10
"""Replications of the power test, sized by its variance. A 10% slower service raises Erlang C's
wait from 0.333 to 0.477 weeks at rho 0.5 and from 1.079 to 2.389 at rho 0.8: the theory lies 30%
and 55% below the slower engine's wait. One replication's mean wait of the slower engine varies by
about 9% (rho 0.5) and 27% (rho 0.8) around its mean (relative standard deviation), so 10
replications give 95% intervals of about +-6% and +-19% (t(9) 2.262 / sqrt(10) x that; measured:
0.453 .. 0.513 and 1.96 .. 2.89 weeks): the theory (0.333, 1.079) lies 4 and 2.9 half-widths below
the centre of the interval, well outside it. 20 replications, as before, only widened that margin."""


@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_validation_rejects_service_ten_percent_too_long(rho, replicate):
    """The same runs with every support duration 10% longer: Erlang C falls outside the interval.

    This is the power of the M/M/c test: an engine that served 10% too slowly would fail it. (At
    rho 0.95 a 10% slower service makes the queue unstable, which no interval would miss.)
    """
    file = MMC_FILES[rho]
    ((name, station),) = stations(load(file)).items()
    runs = replicate(file, 1.1, replications=POWER_REPLICATIONS)
    waits = [run["metrics"]["wait_first_contact_mean_weeks"] for run in runs]
    _, low, high = report(
        f"M/M/{station.c} rho {rho} Wq with service x 1.1 (a wrong engine)", waits, station.wq
    )
    slow = mmc_wq(station.c, station.lam, station.mu / 1.1)
    print(f"  (Erlang C for the slower service itself: {slow:.4f})")
    assert low > station.wq, "a 10% slower service went unnoticed: the test has no power"


# --- Jackson network ----------------------------------------------------------------------------


def test_jackson_network_waits_match_erlang_c_per_unit(replicate):
    units = stations(load(JACKSON_FILE))
    assert set(units) == {"east", "west", SPECIALISED}
    runs = replicate(JACKSON_FILE)
    misses = []
    for name, station in units.items():
        assert all(run["units"][name]["capacity"] == station.c for run in runs), "engine has other c"
        arrivals = [run["units"][name]["arrivals"] / run["window_weeks"] for run in runs]
        report(f"Jackson {name} arrivals per week", arrivals, station.lam, tested=False)
        waits = [run["units"][name]["wait_mean"] for run in runs]
        _, low, high = report(
            f"Jackson {name} (M/M/{station.c}, rho {station.rho:.3f}) Wq", waits, station.wq
        )
        if not low <= station.wq <= high:
            misses.append(name)
    assert not misses, f"Erlang C outside the confidence interval at {misses}"


# --- Little's law -------------------------------------------------------------------------------


def test_littles_law_over_the_network(replicate):
    """Time-average number waiting (weekly snapshots) = arrival rate x mean wait, over all units."""
    differences, little, snapshot = [], [], []
    for run in replicate(JACKSON_FILE):
        units = run["units"].values()
        l_snapshot = sum(u["waiting_snapshot_mean"] for u in units)
        lam = sum(u["arrivals"] for u in units) / run["window_weeks"]
        w = sum(u["wait_sum"] for u in units) / sum(u["served"] for u in units)
        differences.append(l_snapshot - lam * w)
        little.append(lam * w)
        snapshot.append(l_snapshot)
    lq = sum(s.lam * s.wq for s in stations(load(JACKSON_FILE)).values())
    report("Little: L from snapshots", snapshot, lq, tested=False)
    report("Little: lambda x W", little, lq, tested=False)
    mean, low, high = t_interval(differences, CONFIDENCE)
    print(f"Little: L - lambda W = {mean:+.4f}, {CONFIDENCE:.0%} CI [{low:+.4f}, {high:+.4f}]")
    assert low <= 0.0 <= high
