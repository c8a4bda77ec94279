"""wijksim next to its peers on the same queue (a script, not a test).

    pip install -e ".[bench]"          # Ciw, next to wijksim's own dependencies
    python bench/bench_peers.py [--customers 200000] [--rounds 3]

Every engine simulates the same M/M/20 queue from empty: Poisson arrivals of 36 a week, exponential
service of mean half a week, 20 servers (utilisation 0.9), FIFO, until ``--customers`` customers have
arrived (Ciw: have finished). The engines:

- ``simpy``: bare SimPy, one process per customer and a ``Resource`` of 20 (the SimPy idiom);
- ``ciw``: Ciw's M/M/c network of one node;
- ``heapq``: a plain loop over arrivals with a heap of the servers' free times (FIFO M/M/c needs no
  more: a customer starts when the earliest server is free);
- ``wijksim``: ``sim.run`` on scenarios/validation/mmc_rho080.toml made an M/M/20 at 36 a week
  (one team of 20 one-slot people, support of mean half a week, no warm-up, as many years as the
  customers need).

Each measurement runs in a fresh Python process (``--engine NAME``), which times the simulation
alone with ``time.process_time`` (CPU, user + sys; imports and start-up are not counted) and reports
customers and their mean wait. The rounds are interleaved, the order of the engines reversed from
one round to the next (ABBA), so drift of a shared machine falls on every engine alike. The table
gives customers per CPU second as a ratio to SimPy (median over rounds) and each engine's mean wait
against Erlang C (tests/theory.py).
"""

from __future__ import annotations

import argparse
import datetime
import heapq
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = 20
ARRIVALS_PER_WEEK = 36.0
MEAN_SERVICE_WEEKS = 0.5
ENGINES = ("simpy", "ciw", "heapq", "wijksim")


def run_simpy(customers: int, seed: int) -> tuple[int, float]:
    """Bare SimPy: (customers served, mean wait in weeks)."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=SERVERS)
    waits: list[float] = []

    def customer():
        arrived = env.now
        with desk.request() as request:
            yield request
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1 / MEAN_SERVICE_WEEKS))

    def arrivals():
        for _ in range(customers):
            yield env.timeout(rng.expovariate(ARRIVALS_PER_WEEK))
            env.process(customer())

    env.process(arrivals())
    env.run()
    return len(waits), statistics.fmean(waits)


def run_ciw(customers: int, seed: int) -> tuple[int, float]:
    """Ciw: (customers finished, mean wait in weeks)."""
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=ARRIVALS_PER_WEEK)],
        service_distributions=[ciw.dists.Exponential(rate=1 / MEAN_SERVICE_WEEKS)],
        number_of_servers=[SERVERS],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_customers(customers, method="Finish")
    waits = [record.waiting_time for record in simulation.get_all_records()]
    return len(waits), statistics.fmean(waits)


def run_heapq(customers: int, seed: int) -> tuple[int, float]:
    """A plain loop: each arrival takes the server that is free first (FIFO M/M/c)."""
    rng = random.Random(seed)
    free_at = [0.0] * SERVERS
    now = total_wait = 0.0
    for _ in range(customers):
        now += rng.expovariate(ARRIVALS_PER_WEEK)
        start = max(now, free_at[0])
        total_wait += start - now
        heapq.heapreplace(free_at, start + rng.expovariate(1 / MEAN_SERVICE_WEEKS))
    return customers, total_wait / customers


def wijksim_scenario(customers: int):
    """The validation M/M/3 scenario made the M/M/20 above, long enough for ``customers``."""
    from sim.scenario.loader import read_merged_toml, scenario_from_dict

    path = ROOT / "scenarios/validation/mmc_rho080.toml"
    raw = read_merged_toml(path)
    # lambda = residents / 1000 * rate / 52 a week, with 52,000 residents: lambda = rate.
    raw["demand"]["requests_per_1000_residents_per_year"] = {"all": {"wmo": ARRIVALS_PER_WEEK}}
    for complexity in raw["pathway"]["support_weeks"]:
        raw["pathway"]["support_weeks"][complexity] = {"dist": "exponential", "mean": MEAN_SERVICE_WEEKS}
    raw["teams"]["only"]["staff"] = [{"discipline": "generalist", "fte": 1, "people": SERVERS}]
    raw["run"].update(warmup_years=0, years=customers / ARRIVALS_PER_WEEK / 52.0)
    return scenario_from_dict(raw, source=str(path), base_dir=path.parent)


def run_wijksim(customers: int, seed: int) -> tuple[int, float]:
    """``sim.run``: (requests, mean wait for a first contact in weeks)."""
    import sim

    scenario = wijksim_scenario(customers)
    started = time.process_time()
    result = sim.run(scenario, seed)
    run_wijksim.cpu_s = time.process_time() - started  # type: ignore[attr-defined]
    return int(result.metrics["requests"]), float(result.metrics["wait_first_contact_mean_weeks"])


RUNNERS = {"simpy": run_simpy, "ciw": run_ciw, "heapq": run_heapq, "wijksim": run_wijksim}


def measure(engine: str, customers: int, seed: int) -> dict[str, float]:
    """Run one engine in this process: customers, CPU seconds of the simulation, mean wait."""
    if engine == "wijksim":
        served, wait = run_wijksim(customers, seed)
        cpu = run_wijksim.cpu_s  # type: ignore[attr-defined]  # the scenario's loading not counted
    else:
        started = time.process_time()
        served, wait = RUNNERS[engine](customers, seed)
        cpu = time.process_time() - started
    return {"customers": served, "cpu_s": cpu, "mean_wait": wait}


def in_fresh_process(engine: str, customers: int, seed: int) -> dict[str, float]:
    """``measure`` in a new Python process; its JSON line back."""
    done = subprocess.run(
        [sys.executable, __file__, "--engine", engine, "--customers", str(customers), "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Interleaved rounds of every engine in fresh processes, then the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--engine", choices=ENGINES, help="(internal) measure one engine in this process")
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(measure(args.engine, args.customers, args.seed)))
        return

    sys.path.insert(0, str(ROOT))
    from tests.theory import mmc_wq

    theory = mmc_wq(SERVERS, ARRIVALS_PER_WEEK, 1 / MEAN_SERVICE_WEEKS)
    results: dict[str, list[dict[str, float]]] = {engine: [] for engine in ENGINES}
    for round_ in range(args.rounds):
        order = ENGINES if round_ % 2 == 0 else tuple(reversed(ENGINES))
        for engine in order:
            results[engine].append(in_fresh_process(engine, args.customers, args.seed + round_))
            row = results[engine][-1]
            print(
                f"round {round_ + 1}: {engine:<8} {row['customers']:,.0f} customers in {row['cpu_s']:.2f} s CPU",
                file=sys.stderr,
            )

    def rate(row: dict[str, float]) -> float:
        return row["customers"] / row["cpu_s"]

    import ciw
    import simpy

    import sim  # noqa: F401  (its version is wijksim's)

    versions = f"SimPy {simpy.__version__}, Ciw {ciw.__version__}"
    print(
        f"\nM/M/{SERVERS}, {args.customers:,} customers, utilisation "
        f"{ARRIVALS_PER_WEEK / (SERVERS / MEAN_SERVICE_WEEKS):.2f}; {datetime.date.today()}, "
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, {versions}; "
        f"{args.rounds} interleaved rounds, each engine in a fresh process, CPU time of the simulation\n"
    )
    print(
        "| engine | customers per CPU s (median) | vs SimPy (median of rounds) | us per customer "
        f"| mean wait, weeks (mean of rounds) | Erlang C {theory:.4f}: off by |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for engine in ENGINES:
        rows = results[engine]
        ratios = [rate(row) / rate(base) for row, base in zip(rows, results["simpy"], strict=True)]
        wait = statistics.fmean(row["mean_wait"] for row in rows)
        per_customer = statistics.median(row["cpu_s"] / row["customers"] for row in rows) * 1e6
        print(
            f"| {engine} | {statistics.median(rate(row) for row in rows):,.0f} | "
            f"{statistics.median(ratios):.2f} | {per_customer:.1f} | {wait:.4f} | "
            f"{(wait - theory) / theory:+.1%} |"
        )


if __name__ == "__main__":
    main()
