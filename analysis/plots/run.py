"""Figures of one scenario's replications: waits per stage, escalation, staff hours, hand-offs.

Each figure has a pure ``*_table`` function that computes the numbers it draws from the run folder's
tables, so a test can check the drawing against the records and the metrics. Everything is counted
in the measurement window, as the metrics are; rates per year divide by replications x years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from analysis.labels import label, unit_label
from analysis.plots.data import RunData
from analysis.plots.spec import FigureSpec
from analysis.plots.style import (
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    ORANGE,
    PURPLE,
    SKY,
    VERMILLION,
    YELLOW,
    finish,
    new_figure,
    styled,
    t_band,
)
from analysis.report.numbers import percent, whole
from sim.handoffs import FAILED_OUTCOMES

COMPLEXITY_ORDER: tuple[str, ...] = ("single", "multiple", "multi_problem")
STAGE_KINDS: tuple[str, ...] = ("desk", "first_line", "team", "expert", "approval", "specialised")
"""Units whose queues are shown as a stage, in the order a request meets them."""

# --- waiting times per stage ------------------------------------------------------------------------


def _inside(values: np.ndarray, data: RunData) -> np.ndarray:
    return (values >= data.warmup_weeks) & (values <= data.end_weeks)


def stage_waits(data: RunData) -> dict[str, np.ndarray]:
    """Waits in weeks per stage: request to first contact, request to assessment, then each kind of queue.

    A first contact or assessment counts when it happened in the window (as in
    ``wait_first_contact_mean_weeks``); a queue wait when service started in the window.
    """
    cases, visits = data.records("cases"), data.records("visits")
    out: dict[str, np.ndarray] = {}
    first = cases["first_contact_t"].to_numpy(dtype=float)
    request = cases["request_t"].to_numpy(dtype=float)
    contacted = _inside(first, data)
    out["stage.first_contact"] = first[contacted] - request[contacted]
    assessed = cases["assessed_t"].to_numpy(dtype=float)
    done = _inside(assessed, data)
    out["stage.assessment"] = assessed[done] - request[done]
    start = visits["start_t"].to_numpy(dtype=float)
    kind = visits["kind"].to_numpy()
    served = _inside(start, data)
    for stage in STAGE_KINDS:
        chosen = served & (kind == stage)
        if chosen.any():
            out[f"kind.{stage}"] = start[chosen] - visits["arrive_t"].to_numpy(dtype=float)[chosen]
    return out


def waits_by_stage_figure(data: RunData, lang: str = "en") -> FigureSpec | None:
    """Box plots of the waits per stage (5th-95th percentile whiskers, mean as a diamond), the norm drawn."""
    if data.cases is None or data.visits is None:
        return None
    waits = stage_waits(data)
    waits = {k: v for k, v in waits.items() if len(v)}
    fig = new_figure(10.0, 5.4)
    names = [label(key, lang) for key in waits]
    with styled():
        ax = fig.subplots()
        positions = np.arange(len(waits))
        ax.boxplot(
            list(waits.values()),
            positions=positions,
            widths=0.55,
            whis=(5, 95),
            showfliers=False,
            patch_artist=True,
            showmeans=True,
            boxprops={"facecolor": SKY, "edgecolor": "#333333", "alpha": 0.85},
            medianprops={"color": "#333333", "linewidth": 1.4},
            meanprops={
                "marker": "D",
                "markerfacecolor": VERMILLION,
                "markeredgecolor": "white",
                "markersize": 7,
            },
            whiskerprops={"color": "#333333"},
            capprops={"color": "#333333"},
        )
        norm = data.norm_weeks
        ax.axhline(
            norm,
            color=VERMILLION,
            linestyle="--",
            linewidth=1.4,
            label=label("legend.norm", lang, weeks=norm),
        )
        ax.plot([], [], "D", color=VERMILLION, label=label("legend.mean", lang))
        ax.set_xticks(positions, names)
        for i, values in enumerate(waits.values()):
            ax.annotate(
                label("note.n_cases", lang, n=whole(len(values), lang)),
                (i, 0),
                xytext=(0, -34),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
                color=GREY,
                annotation_clip=False,
            )
        ax.set_ylabel(label("axis.wait_weeks", lang))
        top = max(norm * 1.25, max(np.percentile(v, 95) for v in waits.values()) * 1.1) if waits else norm
        ax.set_ylim(0, top)
        ax.legend(loc="upper right")
    title = label("title.waits_by_stage", lang)
    finish(fig, title, data.title(lang), label("note.replications", lang, n=data.replications))
    return FigureSpec("waits_by_stage", title, label("caption.waits_by_stage", lang, norm=norm), fig)


# --- escalation to specialised care -----------------------------------------------------------------


def escalation_table(data: RunData) -> pd.DataFrame:
    """Per complexity class (and ``all``): ended cases, escalated as needed, by worsening, and their shares.

    Cases that ended in the window, as in ``escalation_rate``; shares are pooled over replications.
    """
    cases = data.records("cases")
    ended = cases[_inside(cases["end_t"].to_numpy(dtype=float), data)]
    rows = []
    groups = [(c, ended[ended["complexity"] == c]) for c in COMPLEXITY_ORDER] + [("all", ended)]
    for name, part in groups:
        n = len(part)
        needed = int(np.sum(part["escalation"] == "needed"))
        worsening = int(np.sum(part["escalation"] == "worsening"))
        rows.append(
            {
                "complexity": name,
                "ended": n,
                "needed": needed,
                "worsening": worsening,
                "needed_share": needed / n if n else np.nan,
                "worsening_share": worsening / n if n else np.nan,
            }
        )
    return pd.DataFrame(rows)


def escalation_figure(data: RunData, lang: str = "en") -> FigureSpec | None:
    """Stacked bars: share of ended cases escalated as needed and by worsening, per complexity class."""
    if data.cases is None:
        return None
    table = escalation_table(data)
    fig = new_figure(8.5, 5.0)
    with styled():
        ax = fig.subplots()
        x = np.arange(len(table))
        needed = 100 * table["needed_share"].fillna(0).to_numpy()
        worse = 100 * table["worsening_share"].fillna(0).to_numpy()
        ax.bar(x, needed, 0.6, color=BLUE, label=label("legend.needed", lang))
        ax.bar(x, worse, 0.6, bottom=needed, color=VERMILLION, label=label("legend.worsening", lang))
        names = [
            label(f"complexity.{c}", lang) if c != "all" else label("legend.all_cases", lang)
            for c in table["complexity"]
        ]
        ax.set_xticks(x, names)
        for xi, total, n in zip(x, needed + worse, table["ended"], strict=True):
            ax.annotate(
                percent(total / 100, lang),
                (xi, total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
                fontweight="bold",
            )
            ax.annotate(
                label("note.n_cases", lang, n=whole(n, lang)),
                (xi, 0),
                xytext=(0, -24),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
                color=GREY,
                annotation_clip=False,
            )
        ax.axvline(len(table) - 1.5, color=LIGHT_GREY, linewidth=1)
        ax.set_ylabel(label("axis.ended_cases_share", lang))
        ax.set_ylim(0, max(10.0, float(np.max(needed + worse)) * 1.2))
        ax.legend(loc="upper left")
    title = label("title.escalation", lang)
    finish(fig, title, data.title(lang), label("note.replications", lang, n=data.replications))
    return FigureSpec("escalation", title, label("caption.escalation", lang), fig)


# --- staff hours by category ------------------------------------------------------------------------

HOUR_COLUMNS: tuple[str, ...] = ("client_hours", "meeting_hours", "registration_hours", "consultation_hours")
HOUR_COLOURS: dict[str, str] = {
    "client_hours": GREEN,
    "meeting_hours": ORANGE,
    "registration_hours": BLUE,
    "consultation_hours": SKY,
    "approval_hours": PURPLE,
    "mother_hours": VERMILLION,
    "training_hours": YELLOW,
    "other_hours": LIGHT_GREY,
}


def stacked_bars(ax: Axes, table: pd.DataFrame, colours: dict[str, str], kind: str, lang: str) -> np.ndarray:
    """One horizontal bar per row of ``table``, stacked from its ``colours`` columns in that order.

    Each part is labelled ``<kind>.<column>`` for the legend; returns the bars' y positions (first
    row at the top).
    """
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for column, colour in colours.items():
        values = table[column].to_numpy()
        ax.barh(
            y,
            values,
            0.7,
            left=left,
            color=colour,
            label=label(f"{kind}.{column}", lang),
            edgecolor="white",
            linewidth=0.5,
        )
        left += values
    return y


def staff_hours_table(data: RunData) -> pd.DataFrame:
    """Hours per week per team and category, averaged over the window and the replications.

    Client time, meetings, registration and consultation come from the weekly time series; approvals
    from the mandate decisions on the team's cases; hours owed to a mother organisation and training
    from the scenario's staffing shares; ``other_hours`` is what is left of the paid hours.
    """
    ts = data.timeseries
    teams = ts[
        ts["kind"].isin(["team", "expert"])
        & (ts["t_weeks"] >= data.warmup_weeks)
        & (ts["t_weeks"] < data.end_weeks)
    ]
    reps = max(int(ts["replication"].nunique()), 1)
    weeks = (data.end_weeks - data.warmup_weeks) * reps
    table = teams.groupby("unit", sort=False)[["paid_hours", *HOUR_COLUMNS]].sum() / weeks
    scenario = data.scenario
    staffing = scenario.get("staffing", {})
    per_fte = scenario.get("workforce", {}).get("hours_per_week_per_fte", 36.0)
    mother, training = {}, {}
    for name, team in scenario.get("teams", {}).items():
        seconded = sum(s["fte"] * s["people"] for s in team["staff"] if s["contract"] == "seconded")
        employed = sum(s["fte"] * s["people"] for s in team["staff"] if s["contract"] != "seconded")
        mother[name] = seconded * per_fte * staffing.get("seconded_mother_hours_share", 0.0)
        training[name] = employed * per_fte * staffing.get("employed_training_share", 0.0)
    table["approval_hours"] = _approval_hours(data).reindex(table.index, fill_value=0.0) / weeks
    table["mother_hours"] = pd.Series(mother).reindex(table.index, fill_value=0.0)
    table["training_hours"] = pd.Series(training).reindex(table.index, fill_value=0.0)
    booked = table[[*HOUR_COLUMNS, "approval_hours", "mother_hours", "training_hours"]].sum(axis=1)
    table["other_hours"] = (table["paid_hours"] - booked).clip(lower=0.0)
    return table


def _approval_hours(data: RunData) -> pd.Series:
    """Hours of mandate decisions made in the window, per team of the case."""
    if data.visits is None or data.cases is None:
        return pd.Series(dtype=float)
    mandate = data.scenario.get("mandate", {})
    hours = {f"mandate_{lv['name']}": lv.get("hours_per_decision", 0.0) for lv in mandate.get("levels", [])}
    if mandate.get("back_office"):
        hours["back_office"] = mandate["back_office"].get("hours_per_decision", 0.0)
    visits = data.records("visits")
    decided = visits[(visits["kind"] == "approval") & _inside(visits["end_t"].to_numpy(dtype=float), data)]
    if decided.empty:
        return pd.Series(dtype=float)
    teams = data.records("cases").set_index(["replication", "case"])["team"]
    team = teams.reindex(pd.MultiIndex.from_arrays([decided["replication"], decided["case"]])).to_numpy()
    return pd.Series(decided["unit"].map(hours).fillna(0.0).to_numpy()).groupby(team).sum()


def staff_hours_figure(data: RunData, lang: str = "en") -> FigureSpec | None:
    """Horizontal stacked bars of hours per week by category, one bar per team."""
    table = staff_hours_table(data)
    if table.empty:
        return None
    categories = [c for c in HOUR_COLOURS if c == "other_hours" or table[c].sum() > 0]
    fig = new_figure(10.0, 1.9 + 0.36 * len(table))
    with styled():
        ax = fig.subplots()
        y = stacked_bars(ax, table, {c: HOUR_COLOURS[c] for c in categories}, "hours", lang)
        paid = table["paid_hours"].to_numpy()
        ax.scatter(
            paid,
            y,
            marker="|",
            s=900,
            color="#222222",
            linewidths=2.2,
            zorder=3,
            label=label("legend.paid", lang),
        )
        ax.set_yticks(y, [unit_label(u, lang) for u in table.index])
        ax.set_xlabel(label("axis.hours_per_week", lang))
        ax.grid(axis="x", color=LIGHT_GREY)
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    title = label("title.staff_hours", lang)
    finish(fig, title, data.title(lang), label("note.replications", lang, n=data.replications))
    return FigureSpec("staff_hours", title, label("caption.staff_hours", lang), fig)


# --- hand-offs by boundary --------------------------------------------------------------------------

OUTCOME_COLOURS: dict[str, str] = {
    "completed": GREEN,
    "delayed": ORANGE,
    "bounced": SKY,
    "duplicated": PURPLE,
    "lost": VERMILLION,
    "pending": LIGHT_GREY,
}


def handoff_table(data: RunData) -> pd.DataFrame:
    """Per boundary: hand-offs per outcome per year, and the failure rate with its 95% CI over replications.

    Hand-offs that started in the window, as in the ``handoffs`` metric.
    """
    handoffs = data.records("handoffs")
    inside = handoffs[_inside(handoffs["t"].to_numpy(dtype=float), data)]
    reps = max(data.replications, 1)
    counts = inside.groupby(["boundary", "outcome"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[o for o in OUTCOME_COLOURS if o in counts.columns])
    table = counts / (reps * data.years)
    failed = inside.assign(failed=inside["outcome"].isin(list(FAILED_OUTCOMES)))
    per_rep = failed.groupby(["boundary", "replication"])["failed"].mean().unstack("replication")
    rates = {b: t_band(row.dropna().to_numpy()[:, None], axis=0) for b, row in per_rep.iterrows()}
    table["handoffs"] = counts.sum(axis=1) / (reps * data.years)
    table["failure_rate"] = failed.groupby("boundary")["failed"].mean()
    table["rate_low"] = [float(rates[b][1][0]) for b in table.index]
    table["rate_high"] = [float(rates[b][2][0]) for b in table.index]
    return table.sort_values("handoffs", ascending=False)


def handoffs_figure(data: RunData, lang: str = "en") -> FigureSpec | None:
    """Left: hand-offs per year by boundary, stacked by outcome. Right: failure rate per boundary with CI."""
    if data.handoffs is None:
        return None
    table = handoff_table(data)
    title = label("title.handoffs", lang)
    fig = new_figure(10.5, 2.1 + 0.45 * max(len(table), 2))
    with styled():
        ax, ax_rate = fig.subplots(1, 2, sharey=True, width_ratios=(2.2, 1))
        if table.empty:
            ax.text(0.5, 0.5, label("note.no_handoffs", lang), transform=ax.transAxes, ha="center")
            ax_rate.set_visible(False)
        colours = {o: c for o, c in OUTCOME_COLOURS.items() if o in table.columns}
        y = stacked_bars(ax, table, colours, "outcome", lang)
        ax.set_yticks(y, [label(f"boundary.{b}", lang) for b in table.index])
        ax.set_xlabel(label("axis.handoffs_per_year", lang))
        ax.grid(axis="x", color=LIGHT_GREY)
        ax.grid(axis="y", visible=False)
        if len(table):
            ax.legend(loc="lower right", ncols=1)
            rate = 100 * table["failure_rate"].to_numpy()
            low, high = 100 * table["rate_low"].to_numpy(), 100 * table["rate_high"].to_numpy()
            has_ci = ~np.isnan(low)
            ax_rate.errorbar(
                rate[has_ci],
                y[has_ci],
                xerr=[
                    rate[has_ci] - np.clip(low[has_ci], 0, 100),
                    np.clip(high[has_ci], 0, 100) - rate[has_ci],
                ],
                fmt="none",
                ecolor="#333333",
                capsize=3,
                linewidth=1,
            )
            ax_rate.plot(rate, y, "o", color=VERMILLION, markersize=7)
            for yi, r in zip(y, rate, strict=True):
                ax_rate.annotate(
                    f"{r:.0f}%", (r, yi), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=8
                )
            ax_rate.set_xlim(-3, 103)
            ax_rate.set_xlabel(label("axis.failure_rate", lang))
            ax_rate.grid(axis="x", color=LIGHT_GREY)
            ax_rate.grid(axis="y", visible=False)
            ax_rate.set_ylim(-0.7, len(table) - 0.3)
    finish(fig, title, data.title(lang), label("note.replications", lang, n=data.replications))
    return FigureSpec("handoffs", title, label("caption.handoffs", lang), fig)
