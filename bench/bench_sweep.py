"""Benchmark of sweeps (a script, not a test): speed-up on 2 workers, and overhead per run.

    python bench/bench_sweep.py [--runs 200] [--years 5]

Runs the same sweep of the 50,000-resident A1 preset (one design point, ``--runs`` replications)
in this process (``--workers 1``) and on 2 worker processes, and reports wall times, the speed-up,
and the overhead per run: the sweep's wall time beyond the runs' own time (loading the scenario,
pickling, writing the parquet file), as a share of a run's own time. The parent's peak memory is
reported too: results stream to disk, so it stays flat whatever the number of runs.
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


def write_spec(folder: Path, runs: int, years: float) -> Path:
    """A spec of one design point of the A1 preset with ``runs`` replications."""
    spec = folder / "bench_sweep.toml"
    spec.write_text(
        f'name = "A1 preset, {runs} replications"\n'
        f'base = "{(ROOT / "scenarios/integral_a1.toml").as_posix()}"\n'
        f'replications = {runs}\nseed = 20261122\nyears = {years}\n'
        '[design]\nkind = "factorial"\n[factors]\n"run.replications" = { values = [10] }\n')
    return spec


class RssSampler(threading.Thread):
    """Samples this process's resident memory once a second, to show it stays flat over a sweep."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self.stopped.wait(1.0):
            resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
            self.samples.append(resident_pages * page_mb)

    def at_quarters(self) -> list[float]:
        """Resident memory (MB) at 25, 50, 75 and 100% of the sweep's wall time."""
        n = len(self.samples)
        return [self.samples[max(0, round(n * q) - 1)] for q in (0.25, 0.5, 0.75, 1.0)] if n else []


def main() -> None:
    """Time the sweep on 1 and 2 workers and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--years", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spec = load_spec(write_spec(Path(tmp), args.runs, args.years))
        rows = {}
        memory: dict[int, list[float]] = {}
        for workers in (1, 2):
            sampler = RssSampler()
            sampler.start()
            started = time.perf_counter()
            frame = run_sweep(spec, Path(tmp) / f"w{workers}", workers=workers, quiet=True)
            wall = time.perf_counter() - started
            sampler.stopped.set()
            memory[workers] = sampler.at_quarters()
            rows[workers] = (wall, float(frame["wall_time_s"].sum()), len(frame),
                             int((frame["error"] != "").sum()))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"wijksim sweep benchmark, {datetime.date.today()}, {platform.platform()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.runs} runs of the A1 preset ({args.years:g} years "
          "after its 3-year warm-up)\n")
    print("| workers | wall s | runs' own time s | failed | overhead per run |")
    print("|---:|---:|---:|---:|---:|")
    for workers, (wall, own, _runs, failed) in rows.items():
        overhead = (wall * workers - own) / own
        print(f"| {workers} | {wall:.1f} | {own:.1f} | {failed} | {overhead:.1%} |")
    speedup = rows[1][0] / rows[2][0]
    print(f"\n- speed-up on 2 workers: {speedup:.2f}x (target >= 1.8x)")
    print(f"- parent's peak memory over both sweeps: {peak_mb:.0f} MB")
    for workers, quarters in memory.items():
        print(f"- parent's resident memory at 25/50/75/100% of the {workers}-worker sweep: "
              + " / ".join(f"{mb:.0f}" for mb in quarters) + " MB")


if __name__ == "__main__":
    main()
