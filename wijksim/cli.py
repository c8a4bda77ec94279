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

import pandas as pd

from analysis.compare import format_verdict, verdict_table
from analysis.objective import objective
from analysis.precision import precise_enough, relative_half_widths
from analysis.summary import format_grid, format_number, format_table, summarise
from analysis.verdict import verdict_sentences
from analysis.warmup import warmup_check
from experiments.compare import run_comparison
from experiments.presets import missing_scenario_message, presets_dir, resolve_scenario
from experiments.replications import run_replications
from experiments.run_folder import write_compare_folder, write_run_folder
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec, load_spec
from experiments.store import SweepError, SweepStore
from sim import METRIC_NAMES, ScenarioError, load_scenario
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(
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
        help="folder for summary.csv, timeseries.parquet, cases.parquet, "
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
    run_p.add_argument("--quiet", action="store_true", help="no progress bar")
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
    sweep_p.add_argument("--out", type=Path, help="sweep folder (default: results/<spec file name>)")
    sweep_p.add_argument(
        "--resume",
        action="store_true",
        help="continue the sweep stored in --out: run only the runs it does not have",
    )
    sweep_p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_report_option(sweep_p)
    sweep_p.set_defaults(handler=cmd_sweep)

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
    progress = _progress(reps, quiet=args.quiet, label=path.stem)
    result = run_replications(
        scenario,
        reps,
        seed,
        years=args.years,
        record_events=args.events,
        on_done=lambda r, _: progress.update(1),
        until=until,
    )
    progress.close()
    if result.completed == 0:
        print("interrupted before the first replication finished; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    written = write_run_folder(out, result, str(path), args.years)
    years = args.years or scenario.run.years
    title = (
        f"{scenario.name}: {result.completed} replications x {years:g} years "
        f"(after {scenario.run.warmup_years:g} years warm-up), master seed {seed}"
    )
    print(format_table(summarise(result.summary, METRIC_NAMES), title))
    if args.target_ci is not None:
        widths = relative_half_widths(result.summary, targets)
        reached = precise_enough(result.summary, targets, args.target_ci)
        detail = ", ".join(f"{name} ±{100 * width:.1f}%" for name, width in widths.items())
        print(
            f"\ntarget ±{args.target_ci:g}% {'reached' if reached else 'NOT reached'} after "
            f"{result.completed} replications ({detail})"
        )
    print("\n" + warmup_check(result.timeseries, scenario.run.warmup_years * WEEKS_PER_YEAR).sentence())
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
    from experiments.sweep import run_sweep

    spec = load_spec(args.spec)
    out = args.out or Path("results") / args.spec.stem
    started = time.perf_counter()
    try:
        runs = run_sweep(
            spec, out, workers=args.workers, dask=args.dask, resume=args.resume, quiet=args.quiet
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
    if spec.design.kind == "sobol":
        print("\n" + write_sensitivity(runs, spec, out))
    if SCENARIO_FACTOR in spec.factors:
        print("\n" + write_structure_verdicts(runs, spec, out))
    return _write_report(out, args.report)


def write_structure_verdicts(runs: pd.DataFrame, spec: ExperimentSpec, out: Path) -> str:
    """Paired verdicts of each structure against the first into ``out/structures.csv``; returns text."""
    from analysis.structures import (
        best_structure,
        format_structure_overview,
        format_structure_verdicts,
        structure_titles,
        structure_verdicts,
    )

    table = structure_verdicts(runs, spec)
    path = out / "structures.csv"
    table.to_csv(path, index=False)
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


def write_sensitivity(runs: pd.DataFrame, spec: ExperimentSpec, out: Path) -> str:
    """Sobol' indices of a Sobol sweep into ``out/sensitivity.csv``; returns the table as text."""
    from analysis.sensitivity import format_sensitivity, sobol_indices

    table = sobol_indices(runs, spec)
    path = out / "sensitivity.csv"
    table.to_csv(path, index=False)
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
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "design" in raw or "factors" in raw


def cmd_discover(args: argparse.Namespace) -> int:
    """``wijksim discover``: the factor ranges where a metric does well, or where B beats A (PRIM)."""
    from analysis.discovery import discover, factor_columns, paired_outcome, point_means
    from experiments.store import load

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


def _progress(total: int, quiet: bool, label: str):
    from tqdm import tqdm

    hidden = quiet or os.environ.get("CI") == "true" or not sys.stderr.isatty()
    return tqdm(total=total, desc=label, unit="rep", disable=hidden, file=sys.stderr)


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
