"""The ``wijksim`` command line: run, compare, sweep, report, dashboard, validate, scenarios.

Bad input never ends in a traceback: scenario problems are printed one per line and the command
exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tomllib
from functools import partial
from pathlib import Path
from typing import NoReturn

import pandas as pd

from analysis.compare import format_verdict, verdict_table
from analysis.objective import objective
from analysis.precision import precise_enough, relative_half_widths
from analysis.public_figures import PUBLIC_FIGURES_FILE, format_public_figures, public_figures_of_folder
from analysis.summary import format_grid, format_number, format_table, summarise
from analysis.verdict import verdict_sentences
from analysis.warmup import warmup_check
from experiments.compare import run_comparison
from experiments.derived import SENSITIVITY, STRUCTURES
from experiments.extras import MissingExtra, require_extra
from experiments.files import OutputError
from experiments.presets import missing_scenario_message, presets_dir, resolve_scenario
from experiments.replications import run_replications
from experiments.run_folder import RunFolder, start_compare_folder, write_compare_folder
from experiments.shards import Shard
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec, load_spec
from experiments.store import SweepError, SweepStore
from sim import METRIC_NAMES, RunResult, ScenarioError, load_scenario
from sim.scenario.loader import read_toml_file
from sim.units import WEEKS_PER_YEAR

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 130

DEFAULT_TARGET_METRICS = ("wait_first_contact_mean_weeks", "waiting_list_mean", "cost_eur")
"""What ``--target-ci`` watches unless told otherwise: the waits and what they cost."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(_attach_report_language(sys.argv[1:] if argv is None else list(argv)))
    try:
        return args.handler(args)
    except ScenarioError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OutputError, MissingExtra) as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT


class BadInputParser(argparse.ArgumentParser):
    """An argument parser whose errors (unknown option, bad value) exit with status 1, as bad input does.

    argparse's own status is 2; its message (usage, then ``wijksim run: error: ...``) is kept.
    Sub-command parsers are of the same class (``add_subparsers`` makes them so).
    """

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` to stderr and exit with EXIT_BAD_INPUT."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = BadInputParser(
        prog="wijksim",
        description="Simulate access to the Dutch social domain: neighbourhood teams, waiting lists, "
        "escalation, overhead and hand-offs.",
    )
    parser.add_argument("--version", action="version", version=f"wijksim {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run_p = sub.add_parser("run", help="run replications of a scenario and print the metrics")
    run_p.add_argument("scenario", help="scenario file, or the name of a preset")
    run_p.add_argument("--reps", type=_positive_int, help="replications (default: the scenario's)")
    run_p.add_argument("--seed", type=_seed, help="master seed (default: the scenario's)")
    run_p.add_argument("--years", type=_positive_float, help="measured years (default: the scenario's)")
    run_p.add_argument(
        "--out",
        type=Path,
        help="folder for summary.csv, public_figures.csv, timeseries.parquet, cases.parquet, "
        "visits.parquet, handoffs.parquet, manifest.json (default: results/<scenario name>)",
    )
    run_p.add_argument("--events", action="store_true", help="also write events.parquet")
    run_p.add_argument(
        "--target-ci",
        type=_positive_float,
        metavar="PCT",
        help="run replications until the 95%% CI half-width of the target metrics is "
        "within PCT%% of their mean (at most --max-reps)",
    )
    run_p.add_argument(
        "--target-metrics",
        default=",".join(DEFAULT_TARGET_METRICS),
        help="comma-separated metrics for --target-ci (default: %(default)s)",
    )
    run_p.add_argument(
        "--max-reps",
        type=_positive_int,
        default=200,
        help="most replications with --target-ci (default: %(default)s)",
    )
    run_p.add_argument("--quiet", action="store_true", help="no progress bar, no public-figures block")
    _add_report_option(run_p)
    run_p.set_defaults(handler=cmd_run)

    cmp_p = sub.add_parser("compare", help="paired comparison of two scenarios on common random numbers")
    cmp_p.add_argument("a", help="scenario A (file or preset name)")
    cmp_p.add_argument("b", help="scenario B (file or preset name)")
    cmp_p.add_argument("--reps", type=_positive_int, help="replications (default: A's)")
    cmp_p.add_argument("--seed", type=_seed, help="master seed (default: A's)")
    cmp_p.add_argument("--years", type=_positive_float, help="measured years (default: each scenario's)")
    cmp_p.add_argument("--out", type=Path, help="folder for compare.csv (default: results/compare_A_B)")
    cmp_p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_report_option(cmp_p)
    cmp_p.set_defaults(handler=cmd_compare)

    sweep_p = sub.add_parser("sweep", help="run every design point of an experiment spec, with replications")
    sweep_p.add_argument("spec", type=Path, help="experiment spec file (TOML)")
    sweep_p.add_argument(
        "--workers",
        type=_positive_int,
        help="worker processes; 1 runs in this process (default: one per CPU; with --dask local: 2)",
    )
    sweep_p.add_argument(
        "--dask",
        metavar="ADDRESS|local",
        help="run on Dask: 'local' starts a local cluster, tcp://host:port uses a scheduler",
    )
    sweep_p.add_argument(
        "--cluster",
        type=Path,
        metavar="FILE",
        help="run on Dask workers started as Slurm jobs, as the cluster file says (dask-jobqueue)",
    )
    sweep_p.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="run only shard I of N (runs with run %% N == I-1) into OUT/shard-I-of-N, as in a Slurm job array",
    )
    sweep_p.add_argument(
        "--merge",
        action="store_true",
        help="join the finished shards in OUT into the sweep folder OUT (same as an unsharded sweep)",
    )
    sweep_p.add_argument("--out", type=Path, help="sweep folder (default: results/<spec file name>)")
    sweep_p.add_argument(
        "--resume",
        action="store_true",
        help="continue the sweep stored in --out: run only the runs it does not have",
    )
    sweep_p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_report_option(sweep_p)
    sweep_p.set_defaults(handler=cmd_sweep)

    rob_p = sub.add_parser("robustness", help="does A's verdict against B survive the assumptions? (PRIM)")
    rob_p.add_argument("a", help="scenario A (file or preset name)")
    rob_p.add_argument("b", help="scenario B (file or preset name)")
    rob_p.add_argument("--futures", type=_positive_int, default=100, help="futures of the assumptions (100)")
    rob_p.add_argument("--reps", type=_positive_int, default=1, help="paired replications per future (1)")
    rob_p.add_argument(
        "--nominal-reps", type=_positive_int, help="paired replications at the scenarios' own values (A's)"
    )
    rob_p.add_argument("--years", type=_positive_float, help="measured years (default: each scenario's)")
    rob_p.add_argument("--workers", type=_positive_int, help="worker processes (default: one per CPU)")
    rob_p.add_argument("--out", type=Path, help="robustness folder (default: results/robustness_A_B)")
    rob_p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_report_option(rob_p)
    rob_p.set_defaults(handler=cmd_robustness)

    val_p = sub.add_parser("validate", help="check scenario files or experiment specs without running them")
    val_p.add_argument(
        "scenarios",
        nargs="+",
        help="scenario files (or preset names) and experiment specs (TOML with [design])",
    )
    val_p.set_defaults(handler=cmd_validate)

    dash_p = sub.add_parser("dashboard", help="the teacher dashboard: the model live in the browser")
    dash_p.add_argument(
        "scenario",
        nargs="?",
        default="integral_a1",
        help="scenario file, or the name of a preset (default: %(default)s)",
    )
    dash_p.add_argument("--port", type=_positive_int, help="port on localhost (default: 8765)")
    dash_p.set_defaults(handler=cmd_dashboard)

    list_p = sub.add_parser("scenarios", help="list the preset scenarios")
    list_p.set_defaults(handler=cmd_scenarios)

    rep_p = sub.add_parser("report", help="a self-contained HTML report of a run, compare or sweep folder")
    rep_p.add_argument(
        "folder", type=Path, metavar="DIR", help="folder written by wijksim run, compare or sweep"
    )
    rep_p.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="FILE",
        help="report file (default: DIR/report.html); with --format png, a folder (default: DIR/figures)",
    )
    rep_p.add_argument(
        "--format",
        choices=("html", "png"),
        default="html",
        help="html: one self-contained file; png: the figures alone (default: %(default)s)",
    )
    rep_p.add_argument(
        "--lang",
        choices=("en", "nl"),
        default="en",
        help="language of headings, labels and texts (default: %(default)s)",
    )
    rep_p.set_defaults(handler=cmd_report)

    disc_p = sub.add_parser("discover", help="scenario discovery (PRIM) over one sweep, or two paired sweeps")
    disc_p.add_argument(
        "sweeps",
        nargs="+",
        type=Path,
        metavar="SWEEP_DIR",
        help="one sweep folder, or two of the same spec with different bases (A then B)",
    )
    disc_p.add_argument("--metric", required=True, help="the metric to explain")
    disc_p.add_argument("--below", type=float, help="one sweep: points where the metric's mean is below this")
    disc_p.add_argument("--above", type=float, help="one sweep: points where the metric's mean is above this")
    disc_p.add_argument(
        "--threshold", type=float, default=0.8, help="least density of the box, 0-1 (default: %(default)s)"
    )
    disc_p.set_defaults(handler=cmd_discover)
    return parser


REPORT_LANGUAGES = ("en", "nl")


def _version() -> str:
    """The installed version of wijksim (from its package metadata)."""
    from importlib import metadata

    try:
        return metadata.version("wijksim")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _add_report_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report",
        nargs="?",
        const="en",
        choices=REPORT_LANGUAGES,
        metavar="LANG",
        help="also write OUT/report.html, as wijksim report does; LANG en (default) or nl. "
        "Only en or nl after --report is taken as LANG, never a file",
    )


def _write_report(out: Path, lang: str | None) -> int:
    """The HTML report of a folder just written, when ``--report`` asked for it."""
    if lang is None:
        return EXIT_OK
    return cmd_report(argparse.Namespace(folder=out, out=None, format="html", lang=lang))


def cmd_run(args: argparse.Namespace) -> int:
    """``wijksim run``: replications, a summary table, a warm-up check, and the output folder."""
    path = _scenario_path(args.scenario)
    scenario = load_scenario(path)
    reps = args.reps or scenario.run.replications
    seed = scenario.run.seed if args.seed is None else args.seed
    out = args.out or Path("results") / path.stem
    until = None
    if args.target_ci is not None:
        targets = [name.strip() for name in args.target_metrics.split(",") if name.strip()]
        unknown = [name for name in targets if name not in METRIC_NAMES]
        if unknown:
            print(
                f"--target-metrics: unknown metric {', '.join(unknown)}; metrics are "
                f"{', '.join(METRIC_NAMES)}",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        reps = args.max_reps
        until = partial(precise_enough, metrics=targets, percent=args.target_ci)
    folder = RunFolder(out, scenario, str(path), args.years, seed)
    folder.start(reps)  # before any simulation: a folder that cannot be written is refused now
    progress = _progress(reps, quiet=args.quiet, label=path.stem)

    def done(r: int, run_result: RunResult) -> None:
        folder.add(r, run_result)
        progress.update(1)

    result = run_replications(
        scenario,
        reps,
        seed,
        years=args.years,
        record_events=args.events,
        on_done=done,
        until=until,
        keep_tables=False,
    )
    progress.close()
    if result.completed == 0:
        print("interrupted before the first replication finished; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    figures = pd.DataFrame()

    def derived(done: Path) -> dict[str, pd.DataFrame]:
        nonlocal figures
        figures = public_figures_of_folder(done, scenario, args.years)
        return {PUBLIC_FIGURES_FILE: figures}

    written = folder.finish(result, derived=derived)
    timeseries = pd.read_parquet(out / "timeseries.parquet")
    years = args.years or scenario.run.years
    title = (
        f"{scenario.name}: {result.completed} replications x {years:g} years "
        f"(after {scenario.run.warmup_years:g} years warm-up), master seed {seed}"
    )
    print(format_table(summarise(result.summary, METRIC_NAMES), title))
    if not args.quiet:
        print("\n" + format_public_figures(figures))
    if args.target_ci is not None:
        widths = relative_half_widths(result.summary, targets)
        reached = precise_enough(result.summary, targets, args.target_ci)
        detail = ", ".join(f"{name} ±{100 * width:.1f}%" for name, width in widths.items())
        print(
            f"\ntarget ±{args.target_ci:g}% {'reached' if reached else 'NOT reached'} after "
            f"{result.completed} replications ({detail})"
        )
    print("\n" + warmup_check(timeseries, scenario.run.warmup_years * WEEKS_PER_YEAR).sentence())
    print(f"\nwrote {', '.join(str(p) for p in written)}")
    if _write_report(out, args.report) != EXIT_OK:
        return EXIT_BAD_INPUT
    if result.interrupted:
        print(f"interrupted: kept the {result.completed} replications that had finished", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """``wijksim compare``: both scenarios on the same seeds, the difference per metric with its CI."""
    problems = [message for message in map(missing_scenario_message, (args.a, args.b)) if message]
    if problems:
        raise ScenarioError(problems)
    path_a, path_b = resolve_scenario(args.a), resolve_scenario(args.b)
    scenarios = []
    for path in (path_a, path_b):
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    a, b = scenarios
    judged = objective({m: o.model_dump() for m, o in a.objective.items()}, str(path_a))
    reps = args.reps or a.run.replications
    seed = a.run.seed if args.seed is None else args.seed
    out = args.out or Path("results") / f"compare_{path_a.stem}_{path_b.stem}"
    start_compare_folder(out, str(path_a), str(path_b))  # refused now rather than after the runs
    progress = _progress(2 * reps, quiet=args.quiet, label=f"{path_a.stem} vs {path_b.stem}")
    comparison = run_comparison(a, b, reps, seed, args.years, on_done=lambda *_: progress.update(1))
    progress.close()
    paired = comparison.paired
    if paired.empty:
        print("interrupted before both scenarios finished a replication; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    name_a, name_b = path_a.stem, path_b.stem
    table = verdict_table(paired, METRIC_NAMES, name_a, name_b, judged)
    written = write_compare_folder(out, comparison, table, str(path_a), str(path_b), args.years)
    title = (
        f"{a.name}  vs  {b.name}\n{len(paired)} paired replications (common random numbers), "
        f"master seed {seed}; difference = {name_b} - {name_a}"
    )
    print(format_verdict(table, name_a, name_b, title))
    years = args.years or a.run.years
    print("\n" + "\n".join(verdict_sentences(table, name_a, name_b, len(paired), years)))
    print(f"\nwrote {', '.join(str(p) for p in written)}")
    if _write_report(out, args.report) != EXIT_OK:
        return EXIT_BAD_INPUT
    if comparison.a.interrupted or comparison.b.interrupted:
        print(f"interrupted: compared the {len(paired)} replications both had finished", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


SWEEP_TABLE_ROWS = 20
"""Design points shown in the summary of ``wijksim sweep``; the folder holds them all."""


def cmd_sweep(args: argparse.Namespace) -> int:
    """``wijksim sweep``: every (design point, replication) of a spec, stored run by run."""
    from experiments.design import design_points
    from experiments.shards import merge_shards
    from experiments.sweep import run_sweep

    if args.dask or args.cluster:
        require_extra("cluster", f"wijksim sweep {'--dask' if args.dask else '--cluster'}", ("distributed",))
    if args.merge and (args.shard or args.resume or args.dask or args.cluster):
        print(
            "--merge joins finished shards; it takes no --shard, --resume, --dask or --cluster",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    spec = load_spec(args.spec)
    out = args.out or Path("results") / args.spec.stem
    whole = out
    if args.shard is not None:
        out = args.shard.folder(out)
    started = time.perf_counter()
    try:
        if args.merge:
            runs = merge_shards(spec, out, len(design_points(spec)) * spec.replications)
        else:
            runs = run_sweep(
                spec,
                out,
                workers=args.workers,
                dask=args.dask,
                resume=args.resume,
                quiet=args.quiet,
                shard=args.shard,
                cluster=args.cluster,
            )
    except SweepError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        store = SweepStore(out)
        stored, planned = len(store.done()), (store.read_manifest() or {}).get("runs_planned", "?")
        print(
            f"\ninterrupted: {stored} of {planned} runs are stored in {out}; "
            f"run the same command with --resume to continue",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    planned = (SweepStore(out).read_manifest() or {}).get("runs_planned", len(runs))
    print(format_sweep_summary(runs, spec, out, planned, time.perf_counter() - started))
    if args.shard is not None:
        print(
            f"\nshard {args.shard.index} of {args.shard.count} done; when all are, join them with "
            f"wijksim sweep {args.spec} --out {whole} --merge"
        )
        return EXIT_OK
    if spec.design.kind == "sobol":
        print("\n" + format_sensitivity_file(spec, out / SENSITIVITY))
    if SCENARIO_FACTOR in spec.factors:
        print("\n" + format_structures_file(runs, spec, out / STRUCTURES))
    return _write_report(out, args.report)


def format_structures_file(runs: pd.DataFrame, spec: ExperimentSpec, path: Path) -> str:
    """Each structure against the first (as ``run_sweep`` wrote them) and the best one, as text.

    The best is chosen by Kim-Nelson on the stored replications (``analysis.structures.best_structure``).
    """
    from analysis.one_at_a_time import ONE_AT_A_TIME, format_one_at_a_time, is_one_at_a_time
    from analysis.structures import (
        best_structure,
        format_structure_overview,
        format_structure_verdicts,
        structure_titles,
    )

    if is_one_at_a_time(spec):  # a verdict per point is long: the answers, and which assumptions change them
        oat = _read_table(
            path.parent / ONE_AT_A_TIME,
            ("assumption", "answer", "reference", "alternative", "winner", "kind", "end"),
        )
        wait = "wait_first_contact_mean_weeks"
        text = format_one_at_a_time(oat, wait if wait in spec.metrics else None)
        return f"{text}\n\nwrote {path} and {path.parent / ONE_AT_A_TIME} (per point: the answer, whether it holds)"
    table = _read_table(path, ("reference", "alternative", "metric", "better"))
    titles = structure_titles(spec)
    if len(spec.factors) == 1:  # one table for all; with other factors, one table per combination
        text = format_structure_overview(table, titles)
    else:
        text = format_structure_verdicts(table, titles)
    best = best_structure(runs, spec)
    if best is not None:
        metric, name, selection = best
        text += (
            f"\n\nbest on {metric}: {name} (Kim-Nelson on common random numbers, probability of correct "
            f"selection >= {selection.probability:.0%} at the minimum relevant difference)"
            if name
            else f"\n\nbest on {metric}: not decided after {selection.replications} replications; "
            "more are needed (Kim-Nelson)"
        )
    return f"{text}\n\nwrote {path} (per structure and metric: both means, the difference, its CI)"


def _read_table(path: Path, text_columns: tuple[str, ...]) -> pd.DataFrame:
    """A CSV written by ``experiments.derived``, its empty text cells as ``""`` (not NaN)."""
    table = pd.read_csv(path)
    for column in text_columns:
        table[column] = table[column].fillna("").astype(str)
    return table


def format_sensitivity_file(spec: ExperimentSpec, path: Path) -> str:
    """The Sobol' indices of a Sobol sweep, as ``run_sweep`` wrote them; as text."""
    from analysis.sensitivity import format_sensitivity

    table = _read_table(path, ("metric", "factor", "note"))
    title = (
        f"Sobol' indices (mean of {spec.replications} replications per design point; "
        "S1 alone, ST with interactions; 95% bootstrap CI)"
    )
    return f"{format_sensitivity(table, title)}\n\nwrote {path}"


def format_sweep_summary(
    runs: pd.DataFrame, spec: ExperimentSpec, out: Path, planned: int, wall_time_s: float
) -> str:
    """Runs done and failed (with the distinct errors), wall time, and mean metrics per design point."""
    failed = runs[runs["error"] != ""]
    lines = [
        f"{spec.name}: {len(runs)} of {planned} runs stored in {out} "
        f"({planned // spec.replications} design points x {spec.replications} replications), "
        f"{len(failed)} failed, wall time {wall_time_s:.1f} s"
    ]
    for message, count in failed["error"].value_counts().items():
        lines.append(f"  {count} x {message}")
    ok = runs[runs["error"] == ""]
    if ok.empty:
        return "\n".join(lines)
    groups = ok.groupby("point")
    means = groups[list(spec.metrics)].mean().map(format_number)
    factors = groups[list(spec.factors)].first()
    for key in factors:
        if key == SCENARIO_FACTOR:  # a structure's file name, not its whole path
            factors[key] = factors[key].map(lambda file: Path(file).stem)
        elif pd.api.types.is_float_dtype(factors[key]):  # sampled values: four significant digits
            factors[key] = factors[key].map(lambda value: f"{value:.4g}")
    table = pd.concat([factors, groups.size().rename("runs"), means], axis=1)
    shown = table.head(SWEEP_TABLE_ROWS)
    title = "\nmean per design point (finished runs only"
    title += f"; first {SWEEP_TABLE_ROWS} of {len(table)} points)" if len(table) > SWEEP_TABLE_ROWS else ")"
    lines.append(title)
    lines.append(format_grid(shown.astype(str)))
    return "\n".join(lines)


def cmd_robustness(args: argparse.Namespace) -> int:
    """``wijksim robustness``: the verdict of A against B in many futures of the assumptions."""
    from analysis.robustness import analyse, sentences, write_results
    from experiments.robustness import plan_robustness, run_robustness

    require_extra("discover", "wijksim robustness")
    problems = [message for message in map(missing_scenario_message, (args.a, args.b)) if message]
    if problems:
        raise ScenarioError(problems)
    path_a, path_b = resolve_scenario(args.a), resolve_scenario(args.b)
    plan = plan_robustness(path_a, path_b, args.futures, args.reps, args.nominal_reps, args.years)
    out = args.out or Path("results") / f"robustness_{path_a.stem}_{path_b.stem}"
    try:
        run_robustness(plan, out, workers=args.workers, quiet=args.quiet)
    except SweepError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: the finished runs are stored in {out}; run the same command to continue",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    result = analyse(out)
    written = write_results(out, result)
    print("\n".join(sentences(result)))
    print(f"\nwrote {', '.join(str(p) for p in written)}")
    return _write_report(out, args.report)


def cmd_report(args: argparse.Namespace) -> int:
    """``wijksim report``: the HTML report of a folder, or its figures as PNG files."""
    from analysis.report import ReportError, write_figures, write_report

    try:
        if args.format == "png":
            written = write_figures(args.folder, args.out, lang=args.lang)
            print(f"wrote {len(written)} figures: {', '.join(str(p) for p in written)}")
        else:
            print(f"wrote {write_report(args.folder, args.out, lang=args.lang)}")
    except ReportError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """``wijksim validate``: every file checked, every problem printed, exit 1 if any.

    A file with a ``[design]`` table or ``factors`` is checked as an experiment spec, including
    whether its base scenario accepts every factor value; any other file as a scenario.
    """
    status = EXIT_OK
    for name in args.scenarios:
        try:
            path = _scenario_path(name)
            if is_experiment_spec(path):
                load_spec(path)
            else:
                scenario = load_scenario(path)
                objective({m: o.model_dump() for m, o in scenario.objective.items()}, str(path))
            print(f"{name}: ok")
        except ScenarioError as exc:
            status = EXIT_BAD_INPUT
            for line in exc.problems:
                print(line, file=sys.stderr)
    return status


def is_experiment_spec(path: Path) -> bool:
    """True when the file is TOML with a ``design`` or ``factors`` key at the top: an experiment spec.

    A file that cannot be read or parsed is not a spec here; the scenario loader reports why.
    """
    try:
        raw = read_toml_file(path)  # checks first: a FIFO or a device is never opened
    except ScenarioError:
        return False
    return "design" in raw or "factors" in raw


def cmd_discover(args: argparse.Namespace) -> int:
    """``wijksim discover``: the factor ranges where a metric does well, or where B beats A (PRIM)."""
    from analysis.discovery import discover, factor_columns, paired_outcome, point_means
    from experiments.store import load

    require_extra("discover", "wijksim discover")
    if len(args.sweeps) > 2 or (len(args.sweeps) == 1) == (args.below is None and args.above is None):
        print(
            "discover: give one sweep folder with --below or --above, or two sweep folders (A, B)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        frames = [load(folder) for folder in args.sweeps]
    except (FileNotFoundError, OSError) as exc:
        print(f"discover: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.metric not in frames[0].columns:
        print(
            f"discover: --metric {args.metric} is not in the sweep; it kept "
            f"{', '.join(c for c in frames[0].columns if c in METRIC_NAMES)}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    metrics = [c for c in frames[0].columns if c in METRIC_NAMES]
    factors = factor_columns(frames[0], metrics)
    if len(frames) == 2:
        try:
            table = paired_outcome(frames[0], frames[1], args.metric, factors)
        except ValueError as exc:
            print(f"discover: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        interest, what = table["b_better"].to_numpy(), f"{args.sweeps[1].name} beats {args.sweeps[0].name}"
    else:
        table = point_means(frames[0], args.metric, factors)
        values = table[args.metric].to_numpy()
        interest = values < args.below if args.below is not None else values > args.above
        what = (
            f"mean {args.metric} {'<' if args.below is not None else '>'} "
            f"{args.below if args.below is not None else args.above:g}"
        )
    box = discover(table[factors], interest, threshold=args.threshold)
    print(f"Scenario discovery (PRIM) on {args.metric}: points where {what}")
    print(box.describe())
    return EXIT_OK


def cmd_dashboard(args: argparse.Namespace) -> int:
    """``wijksim dashboard``: serve the teacher dashboard on localhost until Ctrl-C."""
    from analysis.dashboard.serve import serve  # here: Solara is needed for this command only

    require_extra("dashboard", "wijksim dashboard")
    return serve(args.scenario, args.port)


def cmd_scenarios(args: argparse.Namespace) -> int:
    """``wijksim scenarios``: one line per preset with its name."""
    folder = presets_dir()
    files = sorted(folder.glob("*.toml"))
    if not files:
        print(f"no preset scenarios found in {folder}", file=sys.stderr)
        return EXIT_BAD_INPUT
    width = max(len(f.stem) for f in files)
    for file in files:
        try:
            with file.open("rb") as handle:
                title = tomllib.load(handle).get("name", "")
        except (OSError, tomllib.TOMLDecodeError):
            title = "(unreadable)"
        print(f"{file.stem:<{width}}  {title}")
    return EXIT_OK


def _scenario_path(name: str) -> Path:
    """The scenario file ``name`` stands for; ScenarioError (with a did-you-mean for presets) if none."""
    message = missing_scenario_message(name)
    if message:
        raise ScenarioError([message])
    return resolve_scenario(name)


def _attach_report_language(argv: list[str]) -> list[str]:
    """``--report nl`` -> ``--report=nl``; a bare ``--report`` -> ``--report=en``.

    So ``--report`` takes the next word only when it is a language, never a scenario file or a path.
    """
    out = []
    for i, word in enumerate(argv):
        if word == "--report":
            following = argv[i + 1] if i + 1 < len(argv) else ""
            out.append(f"--report={following}" if following in REPORT_LANGUAGES else "--report=en")
        elif i > 0 and argv[i - 1] == "--report" and word in REPORT_LANGUAGES:
            continue
        else:
            out.append(word)
    return out


class _NoProgress:
    """What ``_progress`` gives when no bar is shown: tqdm is then not even imported (nor its lock)."""

    def update(self, n: int = 1) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


def _progress(total: int, quiet: bool, label: str):
    hidden = quiet or os.environ.get("CI") == "true" or not sys.stderr.isatty()
    if hidden:
        return _NoProgress()
    import threading

    from tqdm import tqdm

    # Only this process draws the bar: a thread lock does, and tqdm's default multiprocessing lock
    # would start a second Python process (multiprocessing's resource tracker) for nothing.
    tqdm.set_lock(threading.RLock())
    return tqdm(total=total, desc=label, unit="rep", file=sys.stderr)


def _shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_int(text: str) -> int:
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: must be a whole number >= 1")
    return value


def _seed(text: str) -> int:
    value = _number(text, int)
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text}: must be a whole number from 0 to 2^63-1")
    return value


def _positive_float(text: str) -> float:
    value = _number(text, float)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text}: must be a number > 0")
    return value


def _number(text: str, kind: type):
    try:
        return kind(text)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None


if __name__ == "__main__":
    sys.exit(main())
