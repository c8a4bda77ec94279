"""The dashboard's pictures, as matplotlib figures redrawn every update.

``structure_figure`` draws the organisation: each unit a box of places (a dot per place, filled when a
case is in it), its queue a growing pile of orange dots to its left, and the hand-offs of the last year
as arrows with their counts. The other figures are the waiting list over time (this run against the
previous one), where the teams' hours go, and which hand-offs fail. Figures are built with
``matplotlib.figure.Figure`` (no pyplot), so several sessions can draw at once.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from analysis.dashboard.lab import HOUR_CATEGORIES, YEAR, Recorder, UnitView, failed
from sim.units import WEEKS_PER_YEAR

IN_SERVICE = "#2f6db3"
FREE = "#d5dbe3"
WAITING = "#e8772e"
TRANSIT = "#9b59b6"
FAILED = "#c0392b"
OK = "#7f8c8d"
PREVIOUS = "#9aa3ad"

KIND_LABEL = {
    "team": "team",
    "expert": "expert team",
    "desk": "desk",
    "first_line": "first line",
    "specialised": "specialised care",
    "bridge": "bridge worker",
    "approval": "approval",
}
COLUMN_TITLES = ("entry desk", "teams residents go to", "behind the teams", "specialised care")
HOUR_COLOURS = ("#2f6db3", "#f1c40f", "#e67e22", "#16a085", "#8e44ad", "#dfe6ee")
MAX_DOTS = 200
"""At most this many dots per box; above it, one dot stands for several cases."""


def structure_figure(recorder: Recorder, residents: int, width: float = 13.0) -> Figure:
    """The organisation now: units as boxes of places, queues as piles of dots, hand-offs as arrows."""
    units = [u for u in recorder.units() if u.kind != "approval" or u.in_service or u.waiting]
    columns = sorted({u.column for u in units})
    tallest = max(sum(1 for u in units if u.column == c) for c in columns)
    height = max(3.8, 1.55 * tallest + 1.2)
    fig = Figure(figsize=(width, height), dpi=80)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.axis("off")
    _ASPECT[0] = height / width

    scale = max(1, math.ceil(max(u.capacity for u in units) / MAX_DOTS))
    x_left, x_right = 20.0, 99.0
    slot = (x_right - x_left) / len(columns)
    box_w = slot * 0.5
    positions: dict[str, tuple[float, float, float, float]] = {}
    for c_index, column in enumerate(columns):
        members = [u for u in units if u.column == column]
        gap = 86.0 / len(members)
        box_h = min(gap * 0.6, 36.0)
        x0 = x_left + c_index * slot + slot - box_w - 1.0
        ax.text(x0 + box_w / 2, 99, COLUMN_TITLES[column], ha="center", va="top", fontsize=10, color="#555")
        for r, unit in enumerate(members):
            y0 = 94 - gap * (r + 0.5) - box_h / 2
            w, h = box_w, box_h
            if unit.capacity / scale <= 24:  # a small unit (a desk): a smaller box
                w, h = box_w * 0.55, box_h * 0.7
                y0 += (box_h - h) / 2
            positions[unit.name] = (x0 + box_w - w, y0, w, h)
            _draw_unit(ax, fig, unit, x0 + box_w - w, y0, w, h, scale, slot - w - 3.0)

    _draw_residents(ax, recorder, residents, units, positions)
    _draw_handoffs(ax, recorder, positions)
    ax.text(0.5, 0.5, _legend_text(scale), fontsize=9, color="#333", va="bottom")
    return fig


def _draw_unit(
    ax, fig: Figure, unit: UnitView, x0: float, y0: float, w: float, h: float, scale: int, queue_room: float
) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x0, y0),
            w,
            h,
            boxstyle="round,pad=0.3,rounding_size=1.2",
            facecolor="white",
            edgecolor="#34495e",
            linewidth=1.4,
        )
    )
    title = unit.name.replace("_", " ")
    detail = f"{KIND_LABEL.get(unit.kind, unit.kind)}"
    if unit.fte:
        detail += f", {unit.fte:.1f} FTE"
    ax.text(x0 + w / 2, y0 + h + 0.8, title, ha="center", va="bottom", fontsize=10, weight="bold")
    ax.text(
        x0 + w / 2,
        y0 - 0.8,
        f"{unit.in_service} of {unit.capacity} places used · {detail}",
        ha="center",
        va="top",
        fontsize=8,
        color="#333",
    )
    # places: one dot per place (or per `scale` places)
    n = max(1, math.ceil(unit.capacity / scale))
    used = min(n, math.ceil(unit.in_service / scale)) if unit.in_service else 0
    xs, ys, size = _grid(n, x0 + 0.8, y0 + 0.8, w - 1.6, h - 1.6, fig, ax)
    colours = [IN_SERVICE] * used + [FREE] * (n - used)
    ax.scatter(xs, ys, s=size, c=colours, linewidths=0)
    # the queue: dots piling up to the left of the box, in the same scale
    waiting = unit.waiting
    transit = unit.in_transit
    q = math.ceil((waiting + transit) / scale) if waiting + transit else 0
    if q:
        spacing = math.sqrt(size) / _points_per_unit(fig, ax) * 1.35
        rows = max(1, int((h - 1.0) / spacing))
        cols_room = max(1, int(queue_room / spacing))
        shown = min(q, rows * cols_room)
        k = np.arange(shown)
        qx = x0 - 1.2 - spacing * (k // rows) - spacing / 2
        qy = y0 + 0.5 + spacing * (k % rows) + spacing / 2
        n_transit = min(shown, math.ceil(transit / scale)) if transit else 0
        colours = [TRANSIT] * n_transit + [WAITING] * (shown - n_transit)
        ax.scatter(qx, qy, s=size, c=colours, linewidths=0)
        parts = [f"{waiting} waiting"] if waiting else []
        if transit:
            parts.append(f"{transit} on the way")
        label = "\n".join(parts) + (" (more)" if shown < q else "")
        ax.text(
            float(qx.min()) - spacing,
            y0 + h / 2,
            label,
            ha="right",
            va="center",
            fontsize=9,
            color=WAITING,
            weight="bold",
        )


def _points_per_unit(fig: Figure, ax) -> float:
    """Points per data unit along y (the axes fill the figure)."""
    return fig.get_figheight() * 72 / 100


def _grid(n: int, x0: float, y0: float, w: float, h: float, fig: Figure, ax):
    """``n`` dots in a grid filling the box, and a marker size that fits the spacing."""
    aspect = (w * fig.get_figwidth()) / (h * fig.get_figheight())
    cols = max(1, math.ceil(math.sqrt(n * aspect)))
    rows = math.ceil(n / cols)
    dx, dy = w / cols, h / rows
    k = np.arange(n)
    xs = x0 + dx * (k % cols) + dx / 2
    ys = y0 + h - dy * (k // cols) - dy / 2
    x_points = dx * fig.get_figwidth() * 72 / 100
    y_points = dy * fig.get_figheight() * 72 / 100
    size = (min(x_points, y_points) * 0.72) ** 2
    return xs, ys, size


def _draw_residents(
    ax,
    recorder: Recorder,
    residents: int,
    units: list[UnitView],
    positions: dict[str, tuple[float, float, float, float]],
) -> None:
    first = min(u.column for u in units)
    entries = [u for u in units if u.column == first]
    requests = recorder.headline().requests
    weeks = min(recorder.week, YEAR)
    ax.add_patch(
        FancyBboxPatch(
            (1.5, 40),
            11,
            20,
            boxstyle="round,pad=0.3,rounding_size=3",
            facecolor="#eef5ec",
            edgecolor="#5b8c51",
        )
    )
    ax.text(7, 55, "residents", ha="center", va="center", fontsize=10, weight="bold")
    ax.text(7, 49, f"{residents:,}", ha="center", va="center", fontsize=10)
    rate = f"{requests / weeks:.0f} requests\na week" if weeks else "requests"
    ax.text(7, 36, rate, ha="center", va="top", fontsize=9, color="#333")
    for unit in entries:
        x0, y0, w, h = positions[unit.name]
        ax.add_patch(
            FancyArrowPatch(
                (12.8, 50),
                (x0 - 1.0, y0 + h / 2),
                arrowstyle="-|>",
                zorder=0,
                mutation_scale=10,
                color="#b7d3b0",
                linewidth=1.2,
            )
        )


def _draw_handoffs(ax, recorder: Recorder, positions: dict[str, tuple[float, float, float, float]]) -> None:
    since = max(recorder.week - YEAR, 0)
    pairs: dict[tuple[str, str], Counter[str]] = {}
    for (_, src, dst), outcomes in recorder.handoffs(since).items():
        if src not in positions or dst not in positions:
            continue
        if abs(positions[src][0] - positions[dst][0]) < 1:  # same column: one arc per pair, both ways
            src, dst = sorted((src, dst), key=lambda name: -positions[name][1])
        pairs.setdefault((src, dst), Counter()).update(outcomes)
    if not pairs:
        return
    biggest = max(sum(c.values()) for c in pairs.values())
    for (src, dst), outcomes in pairs.items():
        total = sum(outcomes.values())
        bad = failed(outcomes)
        sx, sy, sw, sh = positions[src]
        dx, dy, dw, dh = positions[dst]
        colour = FAILED if bad > total / 4 else OK
        width = 0.6 + 3.0 * total / biggest
        if abs(sx - dx) < 1:  # same column: an arc on the right-hand side, heads both ways
            start, end = (sx + sw + 0.8, sy + sh * 0.35), (dx + dw + 0.8, dy + dh * 0.65)
            rad, head = -0.4, "<|-|>"
            at = 0.5
        else:
            start = (sx + sw + 0.4, sy + sh / 2) if dx > sx else (sx - 0.4, sy + sh / 2)
            end = (dx - 1.0, dy + dh / 2) if dx > sx else (dx + dw + 0.4, dy + dh / 2)
            rad, head = 0.08, "-|>"
            at = 0.7
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle=head,
                mutation_scale=9 + width * 2,
                color=colour,
                linewidth=width,
                alpha=0.75,
            )
        )
        label_at = _on_arc(start, end, rad, at)
        text = f"{total}" + (f" ({bad} failed)" if bad else "")
        ax.text(
            *label_at,
            text,
            ha="center",
            va="center",
            fontsize=8,
            color=colour,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 0.5},
        )


def _on_arc(
    start: tuple[float, float],
    end: tuple[float, float],
    rad: float,
    t: float,
) -> tuple[float, float]:
    """The point at ``t`` along matplotlib's ``arc3`` curve from start to end (in data units)."""
    (x1, y1), (x2, y2) = start, end
    # arc3 bends in display space; the axes are wider than tall, so scale x to display first
    cx = (x1 + x2) / 2 + rad * (y2 - y1) * _ASPECT[0]
    cy = (y1 + y2) / 2 - rad * (x2 - x1) / _ASPECT[0]
    u = 1 - t
    return (u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2)


_ASPECT = [1.0]
"""Display units per data unit of y over those of x in the current structure figure."""


def _legend_text(scale: int) -> str:
    per_dot = "1 dot = 1 case" if scale == 1 else f"1 dot = {scale} cases"
    return (
        f"{per_dot}.  Blue: a case being helped.  Grey: a free place.  Orange, left of a box: waiting "
        "for a first contact.  Purple: on the way to this unit (a hand-off).\n"
        "Arrows: hand-offs in the last 52 weeks, with how many failed "
        "(red when more than a quarter fail)."
    )


# --- time series --------------------------------------------------------------------------------


def waiting_figure(current: Recorder, previous: Recorder | None, width: float = 6.4) -> Figure:
    """Residents waiting (all queues) per week, per unit, and the previous run's total in grey."""
    fig = Figure(figsize=(width, 3.4), dpi=80)
    fig.subplots_adjust(left=0.8 / width, right=1 - 0.13 / width, top=0.9, bottom=0.15)
    ax = fig.add_subplot()
    years = np.asarray(current.weeks) / WEEKS_PER_YEAR
    units = [name for name, series in current.waiting.items() if max(series) > 0]
    if previous is not None and len(previous.weeks) > 1:
        ax.plot(
            np.asarray(previous.weeks) / WEEKS_PER_YEAR,
            previous.waiting_total,
            color=PREVIOUS,
            linewidth=2.2,
            linestyle="--",
            label="all queues, previous run",
        )
    ax.plot(years, current.waiting_total, color="black", linewidth=2.2, label="all queues, this run")
    if len(units) > 1:
        for name in units:
            ax.plot(years, current.waiting[name], linewidth=1.0, alpha=0.8, label=name.replace("_", " "))
    ax.set_xlabel("years since the start")
    ax.set_ylabel("residents waiting")
    ax.set_title("Waiting list", loc="left", fontsize=11, weight="bold")
    ax.set_xlim(0, max(1.0, years[-1], _last_year(previous)))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, loc="upper left", ncol=2, frameon=False)
    return fig


def _last_year(recorder: Recorder | None) -> float:
    return recorder.weeks[-1] / WEEKS_PER_YEAR if recorder is not None else 0.0


def hours_figure(current: Recorder, width: float = 6.4, smooth: int = 4) -> Figure:
    """Where the teams' paid hours go each week (a 4-week average), stacked."""
    fig = Figure(figsize=(width, 3.4), dpi=80)
    fig.subplots_adjust(left=0.12, right=0.98, top=0.9, bottom=0.15)
    ax = fig.add_subplot()
    n = len(current.hours[HOUR_CATEGORIES[0]])
    if n:
        weeks = np.arange(n) / WEEKS_PER_YEAR
        stacks = [_trailing_mean(np.asarray(current.hours[c]), smooth) for c in HOUR_CATEGORIES]
        ax.stackplot(weeks, stacks, labels=HOUR_CATEGORIES, colors=HOUR_COLOURS, linewidth=0)
        ax.plot(weeks, current.paid_hours[:n], color="black", linewidth=1.2, label="paid hours")
        ax.set_xlim(0, max(1.0, weeks[-1]))
        ax.legend(fontsize=8.5, loc="lower left", ncol=3, frameon=True, framealpha=0.85)
    ax.set_xlabel("years since the start")
    ax.set_ylabel("hours per week, all teams")
    ax.set_title("Where the teams' hours go", loc="left", fontsize=11, weight="bold")
    ax.set_ylim(bottom=0)
    return fig


def _trailing_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of each value and the ``k - 1`` before it (fewer at the start)."""
    cumsum = np.concatenate([[0.0], np.cumsum(values)])
    i = np.arange(1, len(values) + 1)
    lo = np.maximum(i - k, 0)
    return (cumsum[i] - cumsum[lo]) / (i - lo)


def handoff_figure(current: Recorder, width: float = 6.4) -> Figure:
    """Hand-offs of the last 52 weeks per boundary: how many arrived, how many failed and how."""
    fig = Figure(figsize=(width, 3.4), dpi=80)
    fig.subplots_adjust(left=0.24, right=0.98, top=0.9, bottom=0.15)
    ax = fig.add_subplot()
    since = max(current.week - YEAR, 0)
    by_boundary: dict[str, Counter[str]] = {}
    for (boundary, _, _), outcomes in current.handoffs(since).items():
        by_boundary.setdefault(boundary, Counter()).update(outcomes)
    ax.set_title("Hand-offs in the last 52 weeks", loc="left", fontsize=11, weight="bold")
    if not by_boundary:
        ax.text(0.5, 0.5, "no hand-offs yet", ha="center", va="center", transform=ax.transAxes)
        ax.axis("off")
        return fig
    names = sorted(by_boundary, key=lambda b: sum(by_boundary[b].values()))
    parts = (
        ("completed", "arrived in time", "#27ae60"),
        ("pending", "on the way", "#bdc3c7"),
        ("delayed", "arrived late", "#f39c12"),
        ("bounced", "bounced (wrong door)", "#e67e22"),
        ("duplicated", "duplicate case", "#8e44ad"),
        ("lost", "lost on the way", FAILED),
    )
    left = np.zeros(len(names))
    for key, label, colour in parts:
        values = np.array([by_boundary[b][key] for b in names], dtype=float)
        if values.any():
            ax.barh([b.replace("_", " ") for b in names], values, left=left, color=colour, label=label)
            left += values
    for i, b in enumerate(names):
        total = sum(by_boundary[b].values())
        ax.text(left[i], i, f" {failed(by_boundary[b])} of {total} failed", va="center", fontsize=8)
    ax.set_xlim(0, left.max() * 1.45)
    ax.set_xlabel("hand-offs")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=9, loc="lower right", frameon=False)
    return fig
