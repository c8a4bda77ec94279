"""A run against the public Dutch figures of shared/DOMAIN.md: each value, its CI, and whether it is inside.

Each figure is a pure function of one replication's public tables (the ``cases``, ``visits`` and
``timeseries`` frames of a run, and its row of ``summary.csv``), so it can be worked out by hand on a
few made-up rows. Over the replications a figure gets its mean and Student-t 95% CI, and the mean is
judged against the public range: ``inside``, ``outside``, ``not judged`` (no public range applies to
this scenario) or ``not measured`` (the run holds nothing to measure it on, e.g. a measured period
shorter than a year for re-entry within a year).

``PUBLIC_FIGURES`` is the one table of definitions, ranges and sources; README ("Against public
figures") documents it. ``wijksim run`` prints :func:`format_public_figures` and writes
``public_figures.csv``; a report can call :func:`public_figures_of_folder` on a run folder.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.summary import format_number, mean_ci
from sim.metrics import Window
from sim.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from experiments.replications import Replications
    from sim.scenario.schema import Scenario

PUBLIC_FIGURES_FILE = "public_figures.csv"
"""The file name of the table in a run folder."""

MONTHS_PER_YEAR = 12
YOUTH_BELOW_AGE = 18
"""Cases of residents younger than this are youth cases (Jeugdwet), years."""
CITY_RESIDENTS = 250_000
"""A scenario with at least this many residents is a city, to which Rotterdam's wait applies (Rotterdam
has ~650,000 residents; every G4 city has more than 350,000)."""

INSIDE, OUTSIDE, NOT_JUDGED, NOT_MEASURED = "inside", "outside", "not judged", "not measured"
TEAM_KINDS = ("team", "expert")
"""Time-series kinds that are teams with caseload slots."""


@dataclass(frozen=True, slots=True)
class PublicFigure:
    """One public figure: what is measured, in which unit, the public range and where it comes from.

    ``low`` or ``high`` is None when the public figure bounds one side only; both None: no public
    range, the value is reported and not judged.
    """

    key: str
    label: str
    unit: str
    low: float | None
    high: float | None
    source: str
    short_source: str
    definition: str
    city_only: bool = False
    """The range is a city's figure: judged only for scenarios with ``CITY_RESIDENTS`` or more."""

    def range_text(self) -> str:
        """The public range as people write it: ``0.15 - 0.50``, ``>= 6.5``, or ``-``."""
        if self.low is None and self.high is None:
            return "-"
        if self.high is None:
            return f">= {_bound(self.low)}"
        if self.low is None:
            return f"<= {_bound(self.high)}"
        return f"{_bound(self.low)} - {_bound(self.high)}"


def _bound(value: float | None) -> str:
    """A bound as written in the table: shares with two decimals (0.50), other numbers short (6.5)."""
    assert value is not None
    return f"{value:.2f}" if abs(value) < 1 else f"{value:g}"


PUBLIC_FIGURES: tuple[PublicFigure, ...] = (
    PublicFigure(
        key="escalation_share",
        label="escalation to specialised care",
        unit="share",
        low=0.15,
        high=0.50,
        source="DOMAIN.md suggested range for referral from the team to specialised care (15/30/50%, "
        "an assumption); CBS StatLine 85096NED (2021): the municipal access refers 31% of youth care "
        "trajectories",
        short_source="CBS 85096NED; DOMAIN.md (A)",
        definition="the run's escalation_rate: ended cases in the window that went to specialised care "
        "(per ended trajectory, trajectory_escalation_rate, rotterdam_city is above the range: README)",
    ),
    PublicFigure(
        key="trajectory_median_months",
        label="median trajectory duration",
        unit="months",
        low=4.0,
        high=12.0,
        source="CBS StatLine 85096NED (2021, ended youth care trajectories: median between 6 and 12 "
        "months); DOMAIN.md: lognormal with median ~8 months",
        short_source="CBS 85096NED",
        definition="median of first contact to end, over cases that ended in the window after a first "
        "contact (closed or dropped out)",
    ),
    PublicFigure(
        key="trajectory_within_year_share",
        label="ended trajectories within a year",
        unit="share",
        low=0.50,
        high=0.87,
        source="CBS StatLine 85096NED (2021): 16% + 17% + 30% = 63% of ended youth care trajectories "
        "lasted at most a year; the range is what a lognormal with CBS's spread (sigma 0.97, fitted to "
        "its seven duration classes) gives for a median of 12 and of 4 months",
        short_source="CBS 85096NED",
        definition="share of the same trajectories that lasted at most 12 months",
    ),
    PublicFigure(
        key="specialised_wait_weeks",
        label="wait for specialised care",
        unit="weeks",
        low=6.0,
        high=40.0,
        source="DOMAIN.md suggested range 6/14/40 weeks; Jeugdhulp Rijnmond (2022-23): mean 13-14 "
        "weeks for ambulatory, 11 for residential youth care",
        short_source="Jeugdhulp Rijnmond; DOMAIN.md",
        definition="mean of arrival to start over places in specialised care that started in the window",
    ),
    PublicFigure(
        key="overhead_share",
        label="overhead share of paid hours",
        unit="share",
        low=0.30,
        high=0.55,
        source="Movisie 'Stand administratie- en regeldruk sociaal werk' (social workers 37%, youth care "
        "38%) and CBS/AZW (care and welfare 30%); the range runs from the lowest administration share "
        "(0.30) to the highest (0.38) plus DOMAIN.md's base meeting share (0.15, an assumption)",
        short_source="Movisie; CBS/AZW",
        definition="the run's overhead_share: overhead hours over paid hours",
    ),
    PublicFigure(
        key="requests_percent_of_residents",
        label="requests a year",
        unit="% of residents",
        low=1.5,
        high=5.0,
        source="Wijkteams Arnhem annual report 2020 (~2.8% of the population new each year); DOMAIN.md "
        "suggested range 1.5/3/5%",
        short_source="Wijkteams Arnhem 2020; DOMAIN.md",
        definition="the run's requests (new cases in the window, re-entries included) per resident per "
        "measured year, in %",
    ),
    PublicFigure(
        key="reentry_within_year_share",
        label="re-entry within a year",
        unit="share",
        low=0.07,
        high=0.15,
        source="SCP 'Voorzieningen in 3D' (2012-18): return within about a year after leaving, youth "
        "care 15%, Wmo 10%, participation 7%",
        short_source="SCP Voorzieningen in 3D",
        definition="households whose last open case closed in the window at least a year before its end, "
        "and the share of them with a new request within 52 weeks",
    ),
    PublicFigure(
        key="youth_first_contact_wait_weeks",
        label="youth wait for a first contact",
        unit="weeks",
        low=1.5 * WEEKS_PER_YEAR / MONTHS_PER_YEAR,
        high=None,
        source="Rekenkamer Rotterdam (2018): youth and families wait more than 1.5 months on average at "
        "the wijkteam (90% without a plan after 6 weeks); one city, judged for city scenarios only",
        short_source="Rekenkamer Rotterdam 2018",
        definition="mean of request to first contact over cases of residents under 18 with a first "
        "contact in the window",
        city_only=True,
    ),
    PublicFigure(
        key="slot_utilisation",
        label="slot utilisation",
        unit="share",
        low=None,
        high=None,
        source="no public figure; reported per team",
        short_source="-",
        definition="per team: caseload over capacity, summed over the weekly snapshots in the window",
    ),
)
"""The public figures, their definitions, ranges and sources (README: "Against public figures")."""

FIGURES_BY_KEY: dict[str, PublicFigure] = {figure.key: figure for figure in PUBLIC_FIGURES}

TABLE_COLUMNS: tuple[str, ...] = (
    "figure",
    "team",
    "label",
    "unit",
    "value",
    "ci_low",
    "ci_high",
    "replications",
    "low",
    "high",
    "verdict",
    "source",
    "definition",
)
"""Columns of the table :func:`public_figures` returns (and of ``public_figures.csv``)."""


# --- one replication ----------------------------------------------------------------------------


def weeks_to_months(weeks: np.ndarray | float) -> np.ndarray | float:
    """Weeks as months (a month is a twelfth of wijksim's year of ``WEEKS_PER_YEAR`` weeks)."""
    return weeks * MONTHS_PER_YEAR / WEEKS_PER_YEAR


def trajectory_months(cases: pd.DataFrame, window: Window) -> np.ndarray:
    """Months from first contact to end of every case that ended in the window after a first contact."""
    end = cases["end_t"].to_numpy(dtype=float)
    first = cases["first_contact_t"].to_numpy(dtype=float)
    ended = window.contains(end) & ~np.isnan(first)
    return np.asarray(weeks_to_months(end[ended] - first[ended]), dtype=float)


def trajectory_median_months(cases: pd.DataFrame, window: Window) -> float:
    """Median trajectory duration in months (NaN without ended trajectories)."""
    months = trajectory_months(cases, window)
    return float(np.median(months)) if len(months) else math.nan


def trajectory_within_year_share(cases: pd.DataFrame, window: Window) -> float:
    """Share of ended trajectories that lasted at most 12 months (NaN without any)."""
    months = trajectory_months(cases, window)
    return float(np.mean(months <= MONTHS_PER_YEAR)) if len(months) else math.nan


def specialised_wait_weeks(visits: pd.DataFrame, window: Window) -> float:
    """Mean wait in weeks for specialised care, over places that started in the window."""
    unit = visits[visits["kind"].to_numpy() == "specialised"]
    start = unit["start_t"].to_numpy(dtype=float)
    started = window.contains(start)
    if not started.any():
        return math.nan
    return float(np.mean(start[started] - unit["arrive_t"].to_numpy(dtype=float)[started]))


def youth_first_contact_wait_weeks(cases: pd.DataFrame, window: Window) -> float:
    """Mean wait in weeks from request to first contact of youth cases first contacted in the window."""
    first = cases["first_contact_t"].to_numpy(dtype=float)
    chosen = window.contains(first) & (cases["age"].to_numpy() < YOUTH_BELOW_AGE)
    if not chosen.any():
        return math.nan
    return float(np.mean(first[chosen] - cases["request_t"].to_numpy(dtype=float)[chosen]))


def requests_percent_of_residents(requests: float, residents: int, window: Window) -> float:
    """Requests in the window as % of the residents, per measured year."""
    years = window.length / WEEKS_PER_YEAR
    return 100.0 * requests / residents / years if years > 0 and residents > 0 else math.nan


def reentry_within_year_share(cases: pd.DataFrame, window: Window) -> float:
    """Share of households that left and asked again within a year (SCP's "return within a year").

    A household leaves when a case of it closes and none of its other cases is open at that moment;
    it returns when any case of it is requested in the 52 weeks after. Only leavings at least a year
    before the end of the window count, so that every return is seen: NaN when there are none (a
    measured period of a year or less). Households are linked by the ``household`` column: a new
    household for every first request, the same one when it returns.
    """
    horizon = window.end - WEEKS_PER_YEAR
    end = cases["end_t"].to_numpy(dtype=float)
    leaving = (cases["outcome"].to_numpy() == "closed") & (end >= window.start) & (end <= horizon)
    if not leaving.any():
        return math.nan
    left = pd.DataFrame(
        {"household": cases["household"].to_numpy()[leaving], "case": cases["case"].to_numpy()[leaving]}
    ).assign(left_t=end[leaving])
    others = cases[["household", "case", "request_t", "end_t"]]
    pairs = left.merge(others, on="household", suffixes=("", "_other"))
    other_end = pairs["end_t"].to_numpy(dtype=float)
    still_open = (
        (pairs["case_other"] != pairs["case"])
        & (pairs["request_t"] <= pairs["left_t"])
        & (np.isnan(other_end) | (other_end > pairs["left_t"]))
    )
    staying = set(zip(pairs.loc[still_open, "household"], pairs.loc[still_open, "left_t"], strict=True))
    returned = (pairs["request_t"] > pairs["left_t"]) & (
        pairs["request_t"] <= pairs["left_t"] + WEEKS_PER_YEAR
    )
    came_back = set(zip(pairs.loc[returned, "household"], pairs.loc[returned, "left_t"], strict=True))
    leavings = {(h, t) for h, t in zip(left["household"], left["left_t"], strict=True)} - staying
    if not leavings:
        return math.nan
    return len(leavings & came_back) / len(leavings)


def slot_utilisation(timeseries: pd.DataFrame, window: Window) -> dict[str, float]:
    """Per team: caseload over capacity, summed over the snapshots in the window (teams and experts)."""
    rows = timeseries[
        np.isin(timeseries["kind"].to_numpy(), TEAM_KINDS)
        & window.contains(timeseries["t_weeks"].to_numpy(dtype=float))
    ]
    sums = rows.groupby("unit", sort=True)[["caseload", "capacity"]].sum()
    return {
        str(team): float(row.caseload / row.capacity) if row.capacity > 0 else math.nan
        for team, row in sums.iterrows()
    }


def replication_figures(
    metrics: Mapping[str, float],
    cases: pd.DataFrame,
    visits: pd.DataFrame,
    timeseries: pd.DataFrame,
    window: Window,
    residents: int,
) -> dict[tuple[str, str], float]:
    """Every figure of one replication, keyed by (figure key, team); team is "" but for utilisation."""
    values: dict[tuple[str, str], float] = {
        ("escalation_share", ""): float(metrics["escalation_rate"]),
        ("trajectory_median_months", ""): trajectory_median_months(cases, window),
        ("trajectory_within_year_share", ""): trajectory_within_year_share(cases, window),
        ("specialised_wait_weeks", ""): specialised_wait_weeks(visits, window),
        ("overhead_share", ""): float(metrics["overhead_share"]),
        ("requests_percent_of_residents", ""): requests_percent_of_residents(
            float(metrics["requests"]), residents, window
        ),
        ("reentry_within_year_share", ""): reentry_within_year_share(cases, window),
        ("youth_first_contact_wait_weeks", ""): youth_first_contact_wait_weeks(cases, window),
    }
    for team, share in slot_utilisation(timeseries, window).items():
        values[("slot_utilisation", team)] = share
    return values


# --- over replications --------------------------------------------------------------------------


def judge(value: float, figure: PublicFigure, city: bool) -> str:
    """``inside``, ``outside``, ``not judged`` (no range applies) or ``not measured`` (NaN)."""
    if math.isnan(value):
        return NOT_MEASURED
    if (figure.low is None and figure.high is None) or (figure.city_only and not city):
        return NOT_JUDGED
    above_low = figure.low is None or value >= figure.low
    below_high = figure.high is None or value <= figure.high
    return INSIDE if above_low and below_high else OUTSIDE


def public_figures(
    summary: pd.DataFrame,
    cases: pd.DataFrame,
    visits: pd.DataFrame,
    timeseries: pd.DataFrame,
    window: Window,
    residents: int,
) -> pd.DataFrame:
    """One row per figure (per team for utilisation): mean and 95% CI over replications, and the verdict.

    The tables are a run's (``summary.csv`` and the record frames, each with a ``replication``
    column); ``window`` is its measurement window and ``residents`` its municipality's size.
    """
    per_replication: dict[tuple[str, str], list[float]] = {}
    for replication in summary["replication"].to_numpy():
        of_replication = replication_figures(
            summary[summary["replication"] == replication].iloc[0].to_dict(),
            _of(cases, replication),
            _of(visits, replication),
            _of(timeseries, replication),
            window,
            residents,
        )
        for figure_team, value in of_replication.items():
            per_replication.setdefault(figure_team, []).append(value)
    city = residents >= CITY_RESIDENTS
    rows = []
    order = {figure.key: i for i, figure in enumerate(PUBLIC_FIGURES)}
    for key, team in sorted(per_replication, key=lambda kt: (order[kt[0]], kt[1])):
        figure = FIGURES_BY_KEY[key]
        values = np.array(per_replication[(key, team)], dtype=float)
        mean, low, high = mean_ci(values)
        rows.append(
            {
                "figure": key,
                "team": team,
                "label": figure.label,
                "unit": figure.unit,
                "value": mean,
                "ci_low": low,
                "ci_high": high,
                "replications": int(np.sum(~np.isnan(values))),
                "low": math.nan if figure.low is None else figure.low,
                "high": math.nan if figure.high is None else figure.high,
                "verdict": judge(mean, figure, city),
                "source": figure.source,
                "definition": figure.definition,
            }
        )
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _of(table: pd.DataFrame, replication: int) -> pd.DataFrame:
    """The rows of one replication (an empty table has no columns at all)."""
    if "replication" not in table.columns:
        return table
    return table[table["replication"].to_numpy() == replication]


def measurement_window(warmup_years: float, years: float) -> Window:
    """The measurement window of a run: after the warm-up, ``years`` long (as the model sets it)."""
    start = warmup_years * WEEKS_PER_YEAR
    return Window(start, start + years * WEEKS_PER_YEAR)


def public_figures_of_run(reps: Replications, years: float | None) -> pd.DataFrame:
    """The table for a finished :class:`experiments.replications.Replications` run with ``--years``."""
    scenario = reps.scenario
    window = measurement_window(scenario.run.warmup_years, years if years is not None else scenario.run.years)
    return public_figures(
        reps.summary, reps.cases, reps.visits, reps.timeseries, window, scenario.municipality.residents
    )


def public_figures_of_folder(
    folder: Path, scenario: Scenario | None = None, years: float | None = None
) -> pd.DataFrame:
    """The table for a run folder (``summary.csv``, the record parquet files and ``manifest.json``).

    For the report: it recomputes from the folder's tables, so it also serves folders written before
    ``public_figures.csv`` existed. While ``wijksim run`` finishes its folder (before the manifest is
    written) it passes the run's ``scenario`` and ``years`` instead. Raises FileNotFoundError when a
    file is missing.
    """
    if scenario is None:
        manifest = json.loads((folder / "manifest.json").read_text())
        window = measurement_window(float(manifest["warmup_years"]), float(manifest["years"]))
        residents = int(manifest["scenario"]["municipality"]["residents"])
    else:
        measured = years if years is not None else scenario.run.years
        window = measurement_window(scenario.run.warmup_years, measured)
        residents = scenario.municipality.residents
    return public_figures(
        pd.read_csv(folder / "summary.csv"),
        pd.read_parquet(folder / "cases.parquet"),
        pd.read_parquet(folder / "visits.parquet"),
        pd.read_parquet(folder / "timeseries.parquet"),
        window,
        residents,
    )


# --- text ---------------------------------------------------------------------------------------


def format_public_figures(table: pd.DataFrame) -> str:
    """The short block ``wijksim run`` prints: figure, the run's value with its CI, range, verdict, source."""
    header = ("figure", "run's value", "95% CI", "public range", "verdict", "source")
    lines = []
    for row in table.itertuples():
        figure = FIGURES_BY_KEY[str(row.figure)]
        name = f"{figure.label} ({figure.unit})"
        if row.team:
            name = f"{figure.label}, {row.team}"
        ci = "-" if math.isnan(row.ci_low) else f"{format_number(row.ci_low)} .. {format_number(row.ci_high)}"
        lines.append(
            (name, format_number(row.value), ci, figure.range_text(), str(row.verdict), figure.short_source)
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    align: list[Callable[[str, int], str]] = [
        str.ljust,
        str.rjust,
        str.rjust,
        str.rjust,
        str.ljust,
        str.ljust,
    ]
    out = ["against public figures (mean over replications; shared/DOMAIN.md)"]
    out.append("  ".join(fit(h, w) for fit, h, w in zip(align, header, widths, strict=True)).rstrip())
    out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    for line in lines:
        out.append("  ".join(fit(c, w) for fit, c, w in zip(align, line, widths, strict=True)).rstrip())
    return "\n".join(out)
