"""Benchmark of sweeps (a script, not a test): speed-up on 2 workers, and overhead per run.

    python bench/bench_sweep.py [--runs 200] [--years 5] [--rounds 2]

Runs the same sweep of the 50,000-resident A1 preset (one design point, ``--runs`` replications)
in this process (``--workers 1``) and on 2 worker processes, and reports wall times, the speed-up,
and the overhead per run: the sweep's wall time beyond the runs' own time (loading the scenario,
pickling, writing the parquet file), as a share of a run's own time. The parent's peak memory is
reported too: results stream to disk, so it stays flat whatever the number of runs.

The runs are split into ``--rounds`` sweeps of different seeds, each run on 1 and on 2 workers, the
order alternating from round to round (1-2, 2-1: an ABBA design). A shared virtual machine's speed
drifts by 10-30% over minutes; timing all of one mode and then all of the other would put that drift
into the speed-up, and ABBA cancels a drift that is steady over the benchmark. Each round starts its
own worker pool, as a real sweep does once, so more rounds charge the 2-worker mode more start-ups.
Each round's own speed-up is printed too, so the spread is visible.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import tempfile
import threading
import time
from pathlib import Path

from experiments.spec import load_spec
from experiments.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[1]


def write_spec(folder: Path, runs: int, years: float, seed: int = 20261122) -> Path:
    """A spec of one design point of the A1 preset with ``runs`` replications."""
    spec = folder / f"bench_sweep_{seed}.toml"
    spec.write_text(
        f'name = "A1 preset, {runs} replications"\n'
        f'base = "{(ROOT / "scenarios/integral_a1.toml").as_posix()}"\n'
        f"replications = {runs}\nseed = {seed}\nyears = {years}\n"
        '[design]\nkind = "factorial"\n[factors]\n"run.replications" = { values = [10] }\n'
    )
    return spec


class RssSampler(threading.Thread):
    """Samples this process's resident memory once a second while its mode runs, to show it stays flat."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stopped = threading.Event()
        self.paused = threading.Event()
        """Set while the other mode runs: its samples belong to that mode."""

    def run(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self.stopped.wait(1.0):
            if self.paused.is_set():
                continue
            resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
            self.samples.append(resident_pages * page_mb)

    def at_quarters(self) -> list[float]:
        """Resident memory (MB) at 25, 50, 75 and 100% of the sweep's wall time."""
        n = len(self.samples)
        return [self.samples[max(0, round(n * q) - 1)] for q in (0.25, 0.5, 0.75, 1.0)] if n else []


def main() -> None:
    """Time the sweep on 1 and 2 workers, in alternating rounds, and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--years", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    per_round = args.runs // args.rounds
    totals = {1: [0.0, 0.0, 0, 0], 2: [0.0, 0.0, 0, 0]}  # wall, runs' own time, runs, failed
    samplers = {1: RssSampler(), 2: RssSampler()}
    round_speedups = []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            spec = load_spec(write_spec(Path(tmp), per_round, args.years, seed=20261122 + round_))
            walls = {}
            for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
                sampler = samplers[workers]
                if not sampler.is_alive():
                    sampler.start()
                sampler.paused.clear()
                started = time.perf_counter()
                frame = run_sweep(spec, Path(tmp) / f"r{round_}w{workers}", workers=workers, quiet=True)
                walls[workers] = time.perf_counter() - started
                sampler.paused.set()
                total = totals[workers]
                total[0] += walls[workers]
                total[1] += float(frame["wall_time_s"].sum())
                total[2] += len(frame)
                total[3] += int((frame["error"] != "").sum())
            round_speedups.append(walls[1] / walls[2])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"wijksim sweep benchmark, {datetime.date.today()}, {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {per_round * args.rounds} runs of the A1 preset "
        f"({args.years:g} years after its 3-year warm-up) per mode, in {args.rounds} alternating rounds\n"
    )
    print("| workers | wall s | runs' own time s | runs | failed | overhead per run |")
    print("|---:|---:|---:|---:|---:|---:|")
    for workers, (wall, own, runs, failed) in totals.items():
        overhead = (wall * workers - own) / own
        print(f"| {workers} | {wall:.1f} | {own:.1f} | {runs} | {failed} | {overhead:.1%} |")
    speedup = totals[1][0] / totals[2][0]
    print(
        f"\n- speed-up on 2 workers: {speedup:.2f}x (target >= 1.8x); per round: "
        + ", ".join(f"{s:.2f}x" for s in round_speedups)
    )
    print(f"- parent's peak memory over both modes: {peak_mb:.0f} MB")
    for workers, sampler in samplers.items():
        sampler.stopped.set()
        print(
            f"- parent's resident memory at 25/50/75/100% of the {workers}-worker sweeps: "
            + " / ".join(f"{mb:.0f}" for mb in sampler.at_quarters())
            + " MB"
        )


if __name__ == "__main__":
    main()
