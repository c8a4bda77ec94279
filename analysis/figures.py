"""Every figure of a run, compare or sweep folder, as ``FigureSpec``s for a report or as image files.

>>> specs = figures_for_folder(Path("results/integral_a1"), lang="nl")    # doctest: +SKIP
>>> save_figures(Path("results/integral_a1"), Path("figures"))            # doctest: +SKIP

``folder_kind`` tells the three kinds of folder apart by their manifest (``"kind"``) or, for a
folder without one, by the files present. A figure whose data the folder does not hold (an older
run folder without ``cases.parquet``, a sweep without ``sensitivity.csv``) is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.labels import LANGUAGES
from analysis.plots.compare import forest_figure, waiting_lists_figure
from analysis.plots.data import read_manifest, read_run
from analysis.plots.flow import case_flow_figure
from analysis.plots.run import escalation_figure, handoffs_figure, staff_hours_figure, waits_by_stage_figure
from analysis.plots.spec import FigureSpec
from analysis.plots.structures import structures_figure
from analysis.plots.sweep import factor_effects_figure, heatmap_figure, sobol_figure
from analysis.plots.waiting import waiting_list_figure

__all__ = ["FigureSpec", "figures_for_folder", "folder_kind", "save_figures"]

KINDS: tuple[str, ...] = ("run", "compare", "sweep")


def folder_kind(folder: Path) -> str:
    """``"run"``, ``"compare"`` or ``"sweep"``, from ``manifest.json`` or the files present.

    Raises ValueError when the folder is none of the three.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    kind = manifest.get("kind")
    if kind in KINDS:
        return kind
    if (folder / "runs").is_dir() or "design" in manifest or "factors" in manifest:
        return "sweep"
    if (folder / "compare.csv").is_file():
        return "compare"
    if (folder / "timeseries.parquet").is_file():
        return "run"
    raise ValueError(
        f"{folder}: not a wijksim run, compare or sweep folder "
        "(no manifest.json kind, runs/, compare.csv or timeseries.parquet)"
    )


def _run_figures(folder: Path, lang: str) -> list[FigureSpec]:
    data = read_run(folder)
    makers: list[Callable[..., FigureSpec | None]] = [
        waiting_list_figure,
        waits_by_stage_figure,
        case_flow_figure,
        escalation_figure,
        staff_hours_figure,
        handoffs_figure,
    ]
    return [spec for make in makers if (spec := make(data, lang)) is not None]


def _compare_figures(folder: Path, lang: str) -> list[FigureSpec]:
    specs = [forest_figure(folder, lang), waiting_lists_figure(folder, lang)]
    return [spec for spec in specs if spec is not None]


def _sweep_figures(folder: Path, lang: str) -> list[FigureSpec]:
    makers = (structures_figure, factor_effects_figure, heatmap_figure, sobol_figure)
    specs = [make(folder, lang) for make in makers]
    return [spec for spec in specs if spec is not None]


def figures_for_folder(folder: Path, lang: str = "en") -> list[FigureSpec]:
    """The figures of a run, compare or sweep folder, in reading order, with titles in ``lang``.

    Raises ValueError for an unknown language or a folder that is not a wijksim folder.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang = {lang!r}: must be one of {', '.join(LANGUAGES)}")
    folder = Path(folder)
    kind = folder_kind(folder)
    maker = {"run": _run_figures, "compare": _compare_figures, "sweep": _sweep_figures}[kind]
    return maker(folder, lang)


def save_figures(folder: Path, out: Path, lang: str = "en", fmt: str = "png") -> list[Path]:
    """Render every figure of ``folder`` into ``out`` as ``<key>.<fmt>``; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in figures_for_folder(folder, lang):
        path = out / f"{spec.key}.{fmt}"
        spec.figure.savefig(path, format=fmt)
        written.append(path)
    return written
