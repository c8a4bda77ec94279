"""The case flow as an alluvial diagram: where requests enter, which units they pass, how they end.

Each case requested in the measurement window is a path: the kinds of unit it visited, in order
(consecutive visits to the same kind counted once; transit and mandate decisions left out), then
its ending at the end of the run. Columns are the first, second (and, when any case has one, third)
unit and the ending; bands between columns are as wide as the cases per year that take that step,
coloured by how they end, so one can follow where the cases that were lost came from.

Drawn with matplotlib patches (cubic Bezier bands): ``matplotlib.sankey`` cannot draw this.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from analysis.labels import label
from analysis.plots.data import RunData
from analysis.plots.spec import FigureSpec
from analysis.plots.style import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    PURPLE,
    VERMILLION,
    finish,
    new_figure,
    styled,
)
from analysis.report.numbers import whole

SKIPPED_KINDS: frozenset[str] = frozenset({"handoff", "approval"})
"""Visits that are not a unit a resident would name: in transit between units, a mandate decision."""

ENDINGS: tuple[str, ...] = (
    "closed_team",
    "closed_specialised",
    "stopped_support",
    "gave_up_waiting",
    "lost_in_handoff",
    "open",
)
ENDING_COLOURS: dict[str, str] = {
    "closed_team": GREEN,
    "closed_specialised": BLUE,
    "stopped_support": ORANGE,
    "gave_up_waiting": PURPLE,
    "lost_in_handoff": VERMILLION,
    "open": LIGHT_GREY,
}
NOWHERE = "flow.direct"
GAP = 0.025
"""Gap between nodes of a column, as a share of the column's height."""
NO_UNIT = "flow.no_unit"
LABEL_SPACING = 0.04
"""Least vertical distance between two ending labels (share of the height), so small endings stay legible."""
MAX_STEPS = 3
MIN_SHARE = 0.02
"""A column of units passed is drawn when at least this share of cases got that far."""


def _team_groups(scenario: dict) -> dict[str, str]:
    """Label key per team: youth / adult team when the teams split by age, else plain team."""
    teams = scenario.get("teams", {})
    ages = {tuple(t.get("ages", (0, 120))) for t in teams.values()}
    out = {}
    for name, team in teams.items():
        lo, hi = team.get("ages", (0, 120))
        if team.get("role") == "expert":
            out[name] = "kind.expert"
        elif len(ages) > 1 and hi < 18:
            out[name] = "flow.youth_team"
        elif len(ages) > 1 and lo >= 18:
            out[name] = "flow.adult_team"
        else:
            out[name] = "kind.team"
    return out


def case_paths(data: RunData) -> pd.DataFrame:
    """One row per case requested in the window: ``step1 .. stepK`` (label keys) and ``ending``.

    Steps are the kinds of unit visited in order, a repeat of the previous kind dropped; a path
    shorter than K is padded with ``flow.direct`` ("nowhere else").
    """
    cases, visits = data.records("cases"), data.records("visits")
    request = cases["request_t"].to_numpy(dtype=float)
    cohort = cases[(request >= data.warmup_weeks) & (request <= data.end_weeks)]
    groups = _team_groups(data.scenario)
    visits = visits[~visits["kind"].isin(list(SKIPPED_KINDS))]
    visits = visits.sort_values(["replication", "case", "arrive_t"], kind="stable")
    team_key = visits["unit"].map(groups).fillna("kind.team")
    unit_key = np.where(
        visits["kind"].isin(["team", "expert"]), team_key, "kind." + visits["kind"].astype(str)
    )
    steps = pd.Series(unit_key, index=pd.MultiIndex.from_arrays([visits["replication"], visits["case"]]))
    paths: dict[tuple[int, int], list[str]] = {}
    for key, step in steps.items():
        path = paths.setdefault(key, [])
        if not path or path[-1] != step:
            path.append(step)
    keys = list(zip(cohort["replication"], cohort["case"], strict=True))
    lengths = np.array([len(paths.get(k, [])) for k in keys])
    depth = max(
        1,
        min(
            MAX_STEPS,
            max((n for n in range(1, MAX_STEPS + 1) if np.mean(lengths >= n) >= MIN_SHARE), default=1),
        ),
    )
    rows = []
    for k in keys:
        path = paths.get(k, [])[:depth] or [NO_UNIT]
        padded = path + [NOWHERE] * depth
        rows.append(padded[:depth])
    table = pd.DataFrame(rows, columns=[f"step{i + 1}" for i in range(depth)], index=cohort.index)
    escalated = cohort["escalation"].to_numpy() != ""
    outcome = cohort["outcome"].to_numpy()
    ending = np.where(
        outcome == "closed",
        np.where(escalated, "closed_specialised", "closed_team"),
        np.where(outcome == "open", "open", cohort["drop_reason"].to_numpy()),
    )
    table["ending"] = ending
    return table.reset_index(drop=True)


def _order(values: pd.Series, column: str) -> list[str]:
    if column == "ending":
        return [e for e in ENDINGS if e in set(values)] + sorted(set(values) - set(ENDINGS))
    counts = values.value_counts()
    nodes = [v for v in counts.index if v != NOWHERE]
    return nodes + ([NOWHERE] if NOWHERE in counts.index else [])


def _band(ax, x0: float, x1: float, y0: tuple[float, float], y1: tuple[float, float], colour: str) -> None:
    """A band from [y0] at x0 to [y1] at x1 with smooth (cubic) edges."""
    mid = (x0 + x1) / 2
    verts = [
        (x0, y0[0]),
        (mid, y0[0]),
        (mid, y1[0]),
        (x1, y1[0]),
        (x1, y1[1]),
        (mid, y1[1]),
        (mid, y0[1]),
        (x0, y0[1]),
        (x0, y0[0]),
    ]
    codes = [
        MplPath.MOVETO,
        MplPath.CURVE4,
        MplPath.CURVE4,
        MplPath.CURVE4,
        MplPath.LINETO,
        MplPath.CURVE4,
        MplPath.CURVE4,
        MplPath.CURVE4,
        MplPath.CLOSEPOLY,
    ]
    ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=colour, edgecolor="none", alpha=0.55))


def case_flow_figure(data: RunData, lang: str = "en") -> FigureSpec | None:
    """The alluvial diagram of entries, units passed and endings, in cases per year."""
    if data.cases is None or data.visits is None:
        return None
    paths = case_paths(data)
    if paths.empty:
        return None
    per_year = 1.0 / (max(data.replications, 1) * data.years)
    columns = [c for c in paths.columns if c != "ending"] + ["ending"]
    total = len(paths)
    node_pos: dict[tuple[int, str], list[float]] = {}
    xs = np.arange(len(columns)) * 1.0
    width = 0.06
    fig = new_figure(11.0, 6.2)
    with styled():
        ax = fig.subplots()
        ax.set_axis_off()
        for ci, column in enumerate(columns):
            values = paths[column]
            nodes = _order(values, column)
            sizes = [(values == n).sum() / total for n in nodes]
            gap = GAP if len(nodes) > 1 else 0
            scale = 1 - gap * (len(nodes) - 1)
            y = 1.0
            last_label_y = 1.0 + LABEL_SPACING
            for node, size in zip(nodes, sizes, strict=True):
                height = size * scale
                node_pos[(ci, node)] = [y - height, y, y, y]  # bottom, top, out-cursor, in-cursor
                colour = (
                    ENDING_COLOURS.get(node, GREY)
                    if column == "ending"
                    else "#BBBBBB"
                    if node in (NOWHERE, NO_UNIT)
                    else "#555555"
                )
                ax.add_patch(
                    Rectangle(
                        (xs[ci] - width / 2, y - height), width, height, facecolor=colour, edgecolor="none"
                    )
                )
                text = label(f"end.{node}", lang) if column == "ending" else label(node, lang)
                count = whole(size * total * per_year, lang)
                if ci == 0:
                    ax.text(
                        xs[ci] - width / 2 - 0.02,
                        y - height / 2,
                        f"{text}\n{count}",
                        ha="right",
                        va="center",
                        fontsize=9,
                    )
                elif column == "ending":
                    label_y = min(y - height / 2, last_label_y - LABEL_SPACING)
                    last_label_y = label_y
                    ax.text(
                        xs[ci] + width / 2 + 0.02,
                        label_y,
                        f"{text}  {count}",
                        ha="left",
                        va="center",
                        fontsize=9,
                    )
                elif height > 0.02:
                    ax.text(
                        xs[ci] + width / 2 + 0.01,
                        y - height / 2,
                        f"{text}\n{count}",
                        ha="left",
                        va="center",
                        fontsize=8.5,
                        bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1},
                    )
                y -= height + gap
        for ci in range(len(columns) - 1):
            a, b = columns[ci], columns[ci + 1]
            flows = paths.groupby([a, b, "ending"], sort=False).size()
            order_a = _order(paths[a], a)
            order_b = _order(paths[b], b)

            def rank(item, order_a=order_a, order_b=order_b):
                (src, dst, ending), _ = item
                return (
                    order_a.index(src),
                    order_b.index(dst),
                    ENDINGS.index(ending) if ending in ENDINGS else len(ENDINGS),
                )

            ranked = sorted(flows.items(), key=rank)
            for (src, dst, ending), n in ranked:
                h = n / total * (1 - GAP * (len(order_a) - 1))
                s, d = node_pos[(ci, src)], node_pos[(ci + 1, dst)]
                h_dst = n / total * (1 - GAP * (len(order_b) - 1))
                _band(
                    ax,
                    xs[ci] + width / 2,
                    xs[ci + 1] - width / 2,
                    (s[2], s[2] - h),
                    (d[3], d[3] - h_dst),
                    ENDING_COLOURS.get(ending, GREY),
                )
                s[2] -= h
                d[3] -= h_dst
        for ci, column in enumerate(columns):
            key = "flow.entry" if ci == 0 else "flow.ending" if column == "ending" else "flow.passed"
            ax.text(xs[ci], 1.04, label(key, lang), ha="center", va="bottom", fontsize=10, fontweight="bold")
        ax.set_xlim(-0.55, xs[-1] + 0.75)
        ax.set_ylim(-0.02, 1.08)
    title = label("title.case_flow", lang)
    finish(fig, title, data.title(lang), label("note.cases_per_year", lang, n=data.replications))
    return FigureSpec("case_flow", title, label("caption.case_flow", lang), fig)
