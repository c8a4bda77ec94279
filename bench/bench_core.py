"""Benchmark of the wijksim engine (a script, not a test).

    python bench/bench_core.py [--repeat N] [--presets] [--command-only]
    python bench/bench_core.py --against DIR [--repeat N] [--instructions]
    python bench/bench_core.py --scaling [--against DIR] [--repeat N]

First the command a user types, ``wijksim run scenarios/integral_a1.toml --reps 1 --years 5``: its
CPU time (user + sys) and peak memory as a whole, in a subprocess (its own resource usage, from
``os.wait4``), next to the CPU time of the ``sim.run`` call inside it (measured in a fresh process of
its own), interleaved ``--repeat`` times. This runs before this script imports wijksim, so that the
children's peak memory is theirs and not this process's (Linux carries a parent's resident memory
into ``ru_maxrss`` over fork and exec).

Then it times a 5-year run (after the preset's warm-up) of the 50,000- and 150,000-resident A1 presets,
measures peak memory of one run in a fresh process, and compares the engine's SimPy events per
second with a bare SimPy M/M/c loop of similar size run in the same process. With ``--presets``
it also times every preset in scenarios/ against the same budget per case.

With ``--against DIR`` it compares this tree's time per case with another checkout's (made with
``git worktree add DIR COMMIT``): the CPU time of ``sim.run`` on a 5-year ``integral_a1`` divided by
its cases, each in a fresh process of the same Python with that tree first on ``sys.path``, in
``--repeat`` ABBA rounds (other, this, this, other; seeds 0 and 1). With ``--instructions`` it also
counts, with valgrind's callgrind, the instructions of one 2-year run (seed 0) less those of loading
the scenario, in each tree: a measure that the load of a shared machine does not blur.

With ``--scaling`` it compares the CPU time per case of ``integral_a1`` (5 years) at 50,000 residents
with the same town at 500,000 residents: its three areas and teams ten times over, and ten times
the specialised-care places (``SCALED``), each in a fresh process, in ``--repeat`` ABBA rounds; with
``--against DIR`` it does so in that checkout instead of this one.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRESETS = {"A1 50k": ROOT / "scenarios/integral_a1.toml", "A1 150k": ROOT / "scenarios/integral_a1_150k.toml"}
YEARS = 5.0
COMMAND = ["run", "scenarios/integral_a1.toml", "--reps", "1", "--years", "5"]
"""The user's command (with ``--quiet`` and a temporary ``--out`` added)."""


def wijksim_command() -> list[str]:
    """The ``wijksim`` console script of this Python, or ``python -m wijksim`` without one."""
    script = Path(sys.executable).with_name("wijksim")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "wijksim"]


def user_environment() -> dict[str, str]:
    """This environment as a user's shell has it: Python may cache bytecode (``__pycache__``).

    With PYTHONDONTWRITEBYTECODE set (some sandboxes set it) no module of a source checkout is ever
    cached, and every command compiles wijksim's ~100 modules again, about 0.1-0.2 s of CPU.
    """
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def command_cost(out: Path) -> tuple[float, float]:
    """CPU seconds (user + sys) and peak MB of one ``wijksim run`` in a subprocess (``os.wait4``)."""
    child = subprocess.Popen(
        [*wijksim_command(), *COMMAND, "--quiet", "--out", str(out)],
        cwd=ROOT,
        env=user_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"wijksim {' '.join(COMMAND)} exited with {child.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def sim_run_cost() -> float:
    """CPU seconds of the ``sim.run`` call of that command, in a fresh process."""
    code = (
        "import time, sim\n"
        f"s = sim.load_scenario({str(ROOT / COMMAND[1])!r}, overrides={{'run.years': {YEARS}}})\n"
        "t = time.process_time(); sim.run(s, s.run.seed); print(time.process_time() - t)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=user_environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def command_table(repeat: int) -> None:
    """The whole command's CPU and peak memory next to its ``sim.run`` CPU, interleaved."""
    commands, runs, peaks = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeat):
            first_command = i % 2 == 0  # ABBA: command, sim.run; sim.run, command; ...
            if not first_command:
                runs.append(sim_run_cost())
            cpu, peak = command_cost(Path(tmp) / f"out{i}")
            commands.append(cpu)
            peaks.append(peak)
            if first_command:
                runs.append(sim_run_cost())
    command, simulation = statistics.median(commands), statistics.median(runs)
    print(f"`wijksim {' '.join(COMMAND)}`, {repeat} interleaved repeats (median; min .. max):\n")
    print("| measure | CPU s (user + sys) | peak MB |")
    print("|---|---:|---:|")
    print(
        f"| whole command | {command:.2f} ({min(commands):.2f} .. {max(commands):.2f}) | {max(peaks):.0f} |"
    )
    print(f"| its sim.run | {simulation:.2f} ({min(runs):.2f} .. {max(runs):.2f}) | - |")
    print(f"| start-up, output and exit | {command - simulation:.2f} | - |")
    print(
        f"\n- whole command {command:.2f} s CPU (target <= 1.8 s), peak {max(peaks):.0f} MB (target <= 180 MB)\n"
    )


def time_runs(path: Path, repeat: int) -> dict:
    """Wall time of whole ``sim.run`` calls, and of the simulation loop alone."""
    import mesa

    import sim
    from sim.model import WijkModel

    scenario = sim.load_scenario(path, overrides={"run.years": YEARS})
    walls, loops, events, cases = [], [], 0, 0
    for seed in range(repeat):
        result = sim.run(scenario, seed)
        walls.append(result.wall_time_s)
        events, cases = result.sim_events, len(result.cases)
        model = WijkModel(scenario, seed)
        started = time.perf_counter()
        model.run_to_end()
        loops.append(time.perf_counter() - started)
        mesa.Agent._ids.pop(model, None)
    return {
        "wall_median": statistics.median(walls),
        "wall_min": min(walls),
        "loop_min": min(loops),
        "events": events,
        "cases": cases,
        "peak_mb": peak_memory_mb(path),
    }


def peak_memory_mb(path: Path) -> float:
    """Peak resident memory of a fresh Python process that imports wijksim and runs once.

    The child reports its own high-water mark (``VmHWM``), not ``ru_maxrss``: Linux carries
    ``ru_maxrss`` over an exec, so it would include this (large) parent process at the fork.
    """
    code = (
        f"import re, sim; s = sim.load_scenario({str(path)!r}, "
        f"overrides={{'run.years': {YEARS}}}); sim.run(s, 0); "
        "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def bare_simpy_mmc(
    servers: int, arrivals_per_week: float, mean_service: float, weeks: float, seed: int = 1
) -> tuple[int, float]:
    """A plain SimPy M/M/c loop: returns (events scheduled, wall seconds)."""
    import numpy as np
    import simpy

    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=servers)

    def customer():
        with desk.request() as request:
            yield request
            yield env.timeout(rng.exponential(mean_service))

    def arrivals():
        while True:
            yield env.timeout(rng.exponential(1 / arrivals_per_week))
            env.process(customer())

    env.process(arrivals())
    started = time.perf_counter()
    env.run(until=weeks)
    return next(env._eid), time.perf_counter() - started


PER_CASE = (
    "import sys, time, sim\n"
    "s = sim.load_scenario('scenarios/integral_a1.toml', overrides={'run.years': float(sys.argv[1])})\n"
    "if sys.argv[2] != 'load':\n"
    "    t = time.process_time(); r = sim.run(s, int(sys.argv[2])); t = time.process_time() - t\n"
    "    print(t / len(r.cases))\n"
)
"""A fresh process's CPU seconds per case of ``sim.run`` (argv: years, seed or "load")."""


def per_case_cpu(tree: Path, seed: int) -> float:
    """CPU seconds per case of a 5-year ``integral_a1`` run in ``tree``, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", PER_CASE, str(YEARS), str(seed)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def instructions(tree: Path, mode: str) -> int:
    """Instructions (callgrind) of a fresh process that loads ``integral_a1`` and, unless ``mode`` is
    "load", runs it for 2 years with seed ``mode``."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", sys.executable, "-c"]
            + [PER_CASE, "2", mode],
            cwd=tree,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    return int(done.stderr.split("Collected : ")[1].split()[0])


def abba_rounds(
    before: Callable[[int], float], after: Callable[[int], float], repeat: int, labels: tuple[str, str]
) -> None:
    """``repeat`` ABBA rounds (before seed 0, after seed 0, after seed 1, before seed 1) of two measures
    of CPU seconds per case (each called with a seed, each a fresh process); prints every round, then
    the table of medians and of the ratio after / before per round."""
    ratios, befores, afters = [], [], []
    for r in range(repeat):
        a1, b1, b2, a2 = before(0), after(0), after(1), before(1)
        befores += [a1, a2]
        afters += [b1, b2]
        ratios.append((b1 + b2) / (a1 + a2))
        print(
            f"round {r + 1}: {labels[0]} {1e6 * (a1 + a2) / 2:.1f} us/case, {labels[1]} "
            f"{1e6 * (b1 + b2) / 2:.1f} us/case, ratio {ratios[-1]:.3f}",
            flush=True,
        )
    print(
        f"\n| rounds | us per case {labels[0]} / {labels[1]} (median) | ratio {labels[1]} / {labels[0]} "
        "(median of rounds; min .. max) |"
    )
    print("|---:|---:|---:|")
    print(
        f"| {repeat} ABBA ({4 * repeat} runs) | {1e6 * statistics.median(befores):.1f} / "
        f"{1e6 * statistics.median(afters):.1f} | {statistics.median(ratios):.3f} "
        f"({min(ratios):.3f} .. {max(ratios):.3f}) |"
    )


def against_table(other: Path, repeat: int, count_instructions: bool) -> None:
    """This tree's time per case against ``other``'s: ABBA rounds of CPU, and callgrind if asked."""
    here = ROOT
    abba_rounds(
        lambda seed: per_case_cpu(other, seed),
        lambda seed: per_case_cpu(here, seed),
        repeat,
        ("before", "after"),
    )
    if count_instructions:
        counts = {tree: instructions(tree, "0") - instructions(tree, "load") for tree in (other, here)}
        print(
            f"\ncallgrind, one 2-year run less loading: {counts[other] / 1e6:,.0f} million instructions before, "
            f"{counts[here] / 1e6:,.0f} million after, ratio {counts[here] / counts[other]:.3f}"
        )


SCALED = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from sim.scenario.loader import read_merged_toml, scenario_from_dict\n"
    "import sim\n"
    "path = Path('scenarios/integral_a1.toml'); factor = int(sys.argv[1]); raw = read_merged_toml(path)\n"
    "muni = raw['municipality']; muni['residents'] *= factor; raw['specialised_care']['places'] *= factor\n"
    "copies = [f'{k}' if k else '' for k in range(factor)]\n"
    "muni['areas'] = {area + k: share / factor for k in copies for area, share in muni['areas'].items()}\n"
    "raw['teams'] = {name + k: {**team, 'areas': [a + k for a in team['areas']]}\n"
    "                for k in copies for name, team in raw['teams'].items()}\n"
    "raw['run']['years'] = 5.0\n"
    "s = scenario_from_dict(raw, source=str(path), base_dir=path.parent)\n"
    "t = time.process_time(); r = sim.run(s, int(sys.argv[2])); t = time.process_time() - t\n"
    "print(t / len(r.cases), len(r.cases))\n"
)
"""A fresh process's CPU seconds per case of ``integral_a1`` as ``factor`` copies of its town (argv: factor, seed).

Every area and its team is there ``factor`` times (the same team in each copy of the area, each area
``1 / factor`` of its share), with ``factor`` times the residents and places of specialised care: the
same town, larger, at the same load. (Making each team ``factor`` times larger instead gives a team of
110 with less than half the caseload slots per worker, as a team's meetings grow with its size, so
almost every case waits: another system, not a larger one.)
"""


def scaled_per_case_cpu(tree: Path, factor: int, seed: int) -> float:
    """CPU seconds per case of a 5-year ``integral_a1`` at ``factor`` times its size, in ``tree``."""
    done = subprocess.run(
        [sys.executable, "-c", SCALED, str(factor), str(seed)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip().splitlines()[-1].split()[0])


def scaling_table(tree: Path, repeat: int) -> None:
    """Time per case at 500,000 residents against 50,000 (``SCALED``) in ``tree``, ABBA rounds."""
    abba_rounds(
        lambda seed: scaled_per_case_cpu(tree, 1, seed),
        lambda seed: scaled_per_case_cpu(tree, 10, seed),
        repeat,
        ("50k", "500k"),
    )


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--presets", action="store_true", help="also time every preset in scenarios/")
    parser.add_argument("--command-only", action="store_true", help="only the whole command's table")
    parser.add_argument("--against", type=Path, help="compare time per case with this checkout")
    parser.add_argument("--instructions", action="store_true", help="with --against: callgrind counts too")
    parser.add_argument(
        "--scaling", action="store_true", help="time per case at 500,000 against 50,000 residents"
    )
    args = parser.parse_args()
    if args.scaling:  # in this tree, or with --against in that one
        scaling_table(ROOT if args.against is None else args.against.resolve(), args.repeat)
        return
    if args.against is not None:
        against_table(args.against.resolve(), args.repeat, args.instructions)
        return
    command_table(args.repeat)
    if args.command_only:
        return
    import mesa
    import simpy

    import sim

    rows = {name: time_runs(path, args.repeat) for name, path in PRESETS.items()}
    base = rows["A1 50k"]
    scenario = sim.load_scenario(PRESETS["A1 50k"])
    weeks = (YEARS + scenario.run.warmup_years) * 52
    # Same throughput and caseload as the preset: ~31 requests a week, ~460 slots, ~14 weeks each.
    bare_events, bare_wall = min(
        (bare_simpy_mmc(460, 31.0, 14.0, weeks, s) for s in range(3)), key=lambda pair: pair[1]
    )
    engine_rate = base["events"] / base["loop_min"]
    bare_rate = bare_events / bare_wall

    print(
        f"wijksim engine benchmark, {datetime.date.today()}, {platform.platform()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SimPy {simpy.__version__}, "
        f"Mesa {mesa.__version__}; {YEARS:g} measured years + warm-up, {args.repeat} repeats\n"
    )
    print("| run | cases | SimPy events | wall s (median / min) | events/s (loop) | peak MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows.items():
        print(
            f"| {name} | {r['cases']:,} | {r['events']:,} | {r['wall_median']:.2f} / "
            f"{r['wall_min']:.2f} | {r['events'] / r['loop_min']:,.0f} | {r['peak_mb']:.0f} |"
        )
    print(f"| bare SimPy M/M/460 | - | {bare_events:,} | {bare_wall:.2f} | {bare_rate:,.0f} | - |")
    ratio = rows["A1 150k"]["wall_median"] / base["wall_median"]
    print(
        f"\n- 50k run: {base['wall_median']:.2f} s (target < 2 s), peak {base['peak_mb']:.0f} MB "
        "(target < 300 MB)"
    )
    print(
        f"- 150k / 50k wall time: {ratio:.2f} (target <= 3.5; cases ratio "
        f"{rows['A1 150k']['cases'] / base['cases']:.2f})"
    )
    print(f"- engine events/s vs bare SimPy: {engine_rate / bare_rate:.2f} (target >= 0.33)")
    if args.presets:
        # The A1 targets (2 s and 300 MB for the 50,000-resident run) as a budget per case.
        preset_table(args.repeat, 2.0 / base["cases"], 300.0 / base["cases"])


def preset_table(repeat: int, budget_per_case_s: float, memory_per_case_mb: float) -> None:
    """Every preset against the A1 targets, scaled by its number of cases (cost follows cases)."""
    print(
        "\n| preset | form | residents | cases | wall s (median) | us per case | peak MB | within targets |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    import sim

    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        scenario = sim.load_scenario(path, overrides={"run.years": YEARS})
        r = time_runs(path, repeat)
        per_case = r["wall_median"] / r["cases"]
        ok = per_case <= budget_per_case_s and r["peak_mb"] <= max(300.0, memory_per_case_mb * r["cases"])
        print(
            f"| {path.stem} | {scenario.form} | {scenario.municipality.residents:,} | {r['cases']:,} | "
            f"{r['wall_median']:.2f} | {per_case * 1e6:.0f} | {r['peak_mb']:.0f} | "
            f"{'yes' if ok else 'NO'} |"
        )


if __name__ == "__main__":
    main()
