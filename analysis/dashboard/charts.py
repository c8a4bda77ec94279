"""The dashboard's charts as ECharts options, built from one snapshot and drawn in the browser.

The chart widget (:mod:`analysis.dashboard.echarts`) sends the option to the page, where ECharts
(served by solara-assets from the local machine, no CDN) draws it; only the data travel, not a
picture. Every text is at least 14 px. A series longer than :data:`MAX_POINTS` is thinned to every k-th week.
"""

from __future__ import annotations

from typing import Any

from analysis.dashboard.lab import HOUR_CATEGORIES, Series, Snapshot
from analysis.dashboard.words import FIELD_WORDS, say
from sim.units import WEEKS_PER_YEAR

FONT = 14
MAX_POINTS = 360
"""At most this many points per line: about one per pixel of a chart beside the drawing at 1024x768."""
THIS_RUN = "#111111"
BASELINE = "#8a96a3"
MARKER = "#c0392b"
HOUR_COLOURS = ("#2f6db3", "#f1c40f", "#e67e22", "#16a085", "#8e44ad", "#dfe6ee")

Option = dict[str, Any]


def _points(weeks: tuple[int, ...], values: tuple[float, ...] | list[float]) -> list[list[float]]:
    step = max(1, len(weeks) // MAX_POINTS + (len(weeks) % MAX_POINTS > 0))
    picked = list(range(0, len(weeks), step))
    if picked and picked[-1] != len(weeks) - 1:
        picked.append(len(weeks) - 1)
    return [[round(weeks[i] / WEEKS_PER_YEAR, 3), values[i]] for i in picked if i < len(values)]


def _base(title: str, y_name: str, lang: str) -> Option:
    return {
        "animation": False,
        "textStyle": {"fontSize": FONT},
        "title": {"text": title, "left": 4, "top": 0, "textStyle": {"fontSize": 16, "fontWeight": "bold"}},
        "grid": {"left": 56, "right": 20, "top": 62, "bottom": 52},
        "legend": {"top": 26, "left": 4, "textStyle": {"fontSize": FONT}, "itemGap": 12},
        "xAxis": {
            "type": "value",
            "name": say(lang, "years"),
            "nameLocation": "middle",
            "nameGap": 28,
            "nameTextStyle": {"fontSize": FONT},
            "min": 0,
            "axisLabel": {"fontSize": FONT, "showMaxLabel": False},
        },
        "yAxis": {
            "type": "value",
            "name": y_name,
            "nameTextStyle": {"fontSize": FONT},
            "axisLabel": {"fontSize": FONT},
            "min": 0,
        },
    }


def _change_label(fields: tuple[str, ...], lang: str) -> str:
    names = [say(lang, FIELD_WORDS[f]) for f in fields if f in FIELD_WORDS]
    return ", ".join(names) if names else say(lang, "change_marker")


def waiting_option(snapshot: Snapshot, lang: str) -> Option:
    """The main chart: residents waiting per week, this run against the pinned baseline; changes marked."""
    option = _base(say(lang, "waiting_chart"), "", lang)
    series: list[Option] = []
    if snapshot.baseline is not None:
        series.append(
            {
                "name": say(lang, "baseline"),
                "type": "line",
                "showSymbol": False,
                "data": _points(snapshot.baseline.weeks, snapshot.baseline.waiting_total),
                "lineStyle": {"color": BASELINE, "width": 3, "type": "dashed"},
                "itemStyle": {"color": BASELINE},
            }
        )
    current: Option = {
        "name": say(lang, "this_run"),
        "type": "line",
        "showSymbol": False,
        "data": _points(snapshot.series.weeks, snapshot.series.waiting_total) if snapshot.series else [],
        "lineStyle": {"color": THIS_RUN, "width": 3},
        "itemStyle": {"color": THIS_RUN},
    }
    if snapshot.changes:
        current["markLine"] = {
            "symbol": "none",
            "silent": True,
            "lineStyle": {"color": MARKER, "width": 2, "type": "solid"},
            "label": {"fontSize": FONT, "color": MARKER, "formatter": "{b}"},
            "data": [
                {"xAxis": round(week / WEEKS_PER_YEAR, 3), "name": _change_label(names, lang)}
                for week, names in _changes_by_week(snapshot)
            ],
        }
    series.append(current)
    option["series"] = series
    option["xAxis"]["max"] = _x_max(snapshot)
    return option


def _changes_by_week(snapshot: Snapshot) -> list[tuple[int, tuple[str, ...]]]:
    """The mid-run changes, one per week (a slider dragged in one week is one change)."""
    weeks: dict[int, list[str]] = {}
    for change in snapshot.changes:
        names = weeks.setdefault(change.week, [])
        names.extend(f for f in change.fields if f not in names)
    return [(week, tuple(names)) for week, names in weeks.items()]


def _x_max(snapshot: Snapshot) -> float:
    weeks = snapshot.week
    if snapshot.baseline is not None:
        weeks = max(weeks, snapshot.baseline.weeks[-1])
    return max(1.0, round(weeks / WEEKS_PER_YEAR + 0.05, 1))


def circle_option(snapshot: Snapshot, lang: str) -> Option:
    """The vicious circle in numbers: cases stuck on the teams' books, and specialised care in use."""
    option = _base(say(lang, "loops_chart"), "", lang)
    option["yAxis"] = [
        {"type": "value", "min": 0, "axisLabel": {"fontSize": FONT}},
        {
            "type": "value",
            "min": 0,
            "axisLabel": {"fontSize": FONT, "formatter": "{value}%"},
            "splitLine": {"show": False},
        },
    ]
    option["grid"]["right"] = 56
    option["legend"]["top"] = 24
    option["grid"]["top"] = 80
    series: list[Option] = []
    runs: list[tuple[Series, str, str]] = []
    if snapshot.baseline is not None:
        runs.append((snapshot.baseline, "dashed", f" ({say(lang, 'baseline')})"))
    if snapshot.series is not None:
        runs.append((snapshot.series, "solid", ""))
    for run, style, suffix in runs:
        series.append(
            {
                "name": say(lang, "stuck") + suffix,
                "type": "line",
                "showSymbol": False,
                "data": _points(run.weeks, run.stuck),
                "lineStyle": {"color": "#c0392b", "width": 2.5, "type": style},
                "itemStyle": {"color": "#c0392b"},
            }
        )
        series.append(
            {
                "name": say(lang, "specialised_use") + suffix,
                "type": "line",
                "yAxisIndex": 1,
                "showSymbol": False,
                "data": _points(run.weeks, [round(100 * u, 1) for u in run.specialised_use]),
                "lineStyle": {"color": "#2f6db3", "width": 2.5, "type": style},
                "itemStyle": {"color": "#2f6db3"},
            }
        )
    option["series"] = series
    option["legend"]["type"] = "scroll"
    option["xAxis"]["max"] = _x_max(snapshot)
    return option


def hours_option(snapshot: Snapshot, lang: str) -> Option:
    """Where the teams' paid hours go each week, stacked (snapshot weeks)."""
    option = _base(say(lang, "hours_chart"), "", lang)
    series: list[Option] = []
    if snapshot.series is not None:
        hours = snapshot.series.hours
        weeks = tuple(range(len(hours[HOUR_CATEGORIES[0]])))
        for name, colour in zip(HOUR_CATEGORIES, HOUR_COLOURS, strict=True):
            series.append(
                {
                    "name": name,
                    "type": "line",
                    "stack": "hours",
                    "areaStyle": {"color": colour},
                    "lineStyle": {"width": 0},
                    "itemStyle": {"color": colour},
                    "showSymbol": False,
                    "data": _points(weeks, [round(v, 1) for v in hours[name]]),
                }
            )
    option["series"] = series
    option["grid"]["top"] = 96
    option["xAxis"]["max"] = _x_max(snapshot)
    return option


OUTCOME_COLOURS: tuple[tuple[str, str], ...] = (
    ("completed", "#27ae60"),
    ("pending", "#bdc3c7"),
    ("delayed", "#f39c12"),
    ("bounced", "#e67e22"),
    ("duplicated", "#8e44ad"),
    ("lost", "#c0392b"),
)


def handoff_option(snapshot: Snapshot, lang: str) -> Option:
    """Hand-offs of the last 52 weeks per pair of units, stacked by outcome."""
    by_pair = snapshot.handoffs
    names = sorted(by_pair, key=lambda b: sum(by_pair[b].values()))
    option: Option = {
        "animation": False,
        "textStyle": {"fontSize": FONT},
        "title": {"text": say(lang, "handoff_chart"), "left": 4, "textStyle": {"fontSize": 16}},
        "legend": {"top": 26, "left": 4, "textStyle": {"fontSize": FONT}},
        "grid": {"left": 8, "right": 24, "top": 84, "bottom": 24, "containLabel": True},
        "xAxis": {"type": "value", "axisLabel": {"fontSize": FONT}},
        "yAxis": {
            "type": "category",
            "data": [n.replace("_", " ") for n in names],
            "axisLabel": {"fontSize": FONT},
        },
        "series": [
            {
                "name": outcome,
                "type": "bar",
                "stack": "outcomes",
                "itemStyle": {"color": colour},
                "data": [by_pair[n][outcome] for n in names],
            }
            for outcome, colour in OUTCOME_COLOURS
            if any(by_pair[n][outcome] for n in names)
        ],
    }
    # always set: the browser merges a new option into the chart, so a subtext once set would stay
    option["title"]["subtext"] = "" if names else say(lang, "no_handoffs")
    option["title"]["subtextStyle"] = {"fontSize": FONT}
    return option
