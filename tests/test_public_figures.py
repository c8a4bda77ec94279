"""The public figures of a run, worked out by hand on a few made-up records, and their range check."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.public_figures import (
    CITY_RESIDENTS,
    FIGURES_BY_KEY,
    INSIDE,
    NOT_JUDGED,
    NOT_MEASURED,
    OUTSIDE,
    PUBLIC_FIGURES,
    PUBLIC_FIGURES_FILE,
    PublicFigure,
    judge,
    public_figures,
    public_figures_of_folder,
    reentry_within_year_share,
    replication_figures,
    requests_percent_of_residents,
    slot_utilisation,
    specialised_wait_weeks,
    trajectory_median_months,
    trajectory_within_year_share,
    youth_first_contact_wait_weeks,
)
from sim.metrics import Window
from sim.records import CaseRow, VisitRow, frame
from tests.conftest import PRESET, ROOT
from wijksim.cli import main

NAN = math.nan
TWO_YEARS = Window(0.0, 104.0)  # wijksim's year is 52 weeks, so 13 weeks are 3 months


def case(
    number: int,
    request: float,
    first: float = NAN,
    end: float = NAN,
    outcome: str = "closed",
    household: int | None = None,
    age: int = 40,
) -> CaseRow:
    """A case record with only the fields the figures read filled in."""
    return CaseRow(
        case=number,
        household=number if household is None else household,
        reentry=False,
        area="whole",
        age=age,
        domain="wmo",
        complexity="single",
        severity0=0.0,
        team="only",
        plan=number,
        request_t=request,
        first_contact_t=first,
        assessed_t=NAN,
        consult_t=NAN,
        end_t=end,
        outcome="open" if math.isnan(end) else outcome,
        escalation="",
        drop_reason="",
    )


def cases_frame(*rows: CaseRow) -> pd.DataFrame:
    return frame(list(rows), CaseRow)


def test_trajectories_run_from_first_contact_to_an_end_inside_the_window():
    cases = cases_frame(
        case(1, request=0, first=1, end=1 + 13),  # 3 months
        case(2, request=2, first=4, end=4 + 26),  # 6 months
        case(3, request=5, first=10, end=10 + 52),  # 12 months: within a year
        case(4, request=6, first=20, end=20 + 78),  # 18 months
        case(5, request=-80, first=-79, end=-1),  # ended before the window
        case(6, request=30, end=40, outcome="dropped_out"),  # gave up before any contact
        case(7, request=40, first=41),  # still open
        case(8, request=90, first=95, end=110),  # ends after the window
    )
    assert trajectory_median_months(cases, TWO_YEARS) == pytest.approx(9.0)  # of 3, 6, 12, 18
    assert trajectory_within_year_share(cases, TWO_YEARS) == pytest.approx(3 / 4)
    nothing = cases_frame(case(1, request=0, first=1))
    assert math.isnan(trajectory_median_months(nothing, TWO_YEARS))
    assert math.isnan(trajectory_within_year_share(nothing, TWO_YEARS))


def test_specialised_wait_is_the_mean_over_places_that_started_in_the_window():
    visits = frame(
        [
            VisitRow(1, "specialised_care", "specialised", 10, 14, 30, "served"),  # waited 4
            VisitRow(2, "specialised_care", "specialised", 20, 28, NAN, "open"),  # waited 8
            VisitRow(3, "specialised_care", "specialised", -30, -10, 5, "served"),  # started before
            VisitRow(4, "specialised_care", "specialised", 50, NAN, 60, "gave_up"),  # never started
            VisitRow(5, "north", "team", 0, 30, 40, "served"),  # a team's queue
        ],
        VisitRow,
    )
    assert specialised_wait_weeks(visits, TWO_YEARS) == pytest.approx(6.0)
    assert math.isnan(specialised_wait_weeks(visits.iloc[2:], TWO_YEARS))


def test_youth_wait_counts_first_contacts_of_under_18s_in_the_window():
    cases = cases_frame(
        case(1, request=10, first=12, age=10),  # 2 weeks
        case(2, request=20, first=24, age=17),  # 4 weeks
        case(3, request=20, first=30, age=18),  # an adult
        case(4, request=-10, first=-2, age=5),  # contacted before the window
        case(5, request=100, age=3),  # not contacted yet
    )
    assert youth_first_contact_wait_weeks(cases, TWO_YEARS) == pytest.approx(3.0)


def test_requests_are_a_percentage_of_residents_per_measured_year():
    assert requests_percent_of_residents(300, 5_000, TWO_YEARS) == pytest.approx(3.0)
    assert requests_percent_of_residents(150, 5_000, Window(52.0, 104.0)) == pytest.approx(3.0)


def test_reentry_counts_households_that_left_and_asked_again_within_a_year():
    cases = cases_frame(
        case(1, request=0, first=1, end=10, household=1),
        case(2, request=30, first=31, end=60, household=1),  # back 20 weeks after leaving: returned
        case(3, request=0, first=1, end=20, household=2),
        case(4, request=80, first=81, household=2),  # back after 60 weeks: too late
        case(5, request=0, first=1, end=15, household=3),  # closes while case 6 is open: no leaving
        case(6, request=5, first=6, end=40, household=3),  # the household leaves at 40
        case(7, request=50, first=51, household=3),  # and is back 10 weeks later
        case(8, request=30, first=31, end=60, household=4),  # leaves after week 52: not followed a year
        case(9, request=70, household=4),
        case(10, request=0, end=10, outcome="dropped_out", household=5),  # never left a provision
        case(11, request=20, household=5),
        case(12, request=0, first=1, end=30, household=6),
        case(13, request=82, household=6),  # exactly 52 weeks later: within a year
    )
    # leavings: household 1 at 10, 2 at 20, 3 at 40, 6 at 30; returned: 1, 3 and 6
    assert reentry_within_year_share(cases, TWO_YEARS) == pytest.approx(3 / 4)
    assert math.isnan(reentry_within_year_share(cases, Window(0.0, 52.0)))  # no year to follow anyone


def timeseries_frame(rows: list[tuple[int, float, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["replication", "t_weeks", "unit", "kind", "caseload", "capacity"])


def test_slot_utilisation_is_caseload_over_capacity_per_team_inside_the_window():
    series = timeseries_frame(
        [
            (0, -1.0, "north", "team", 0, 10),  # warm-up
            (0, 0.0, "north", "team", 8, 10),
            (0, 1.0, "north", "team", 10, 10),
            (0, 0.0, "experts", "expert", 1, 4),
            (0, 1.0, "experts", "expert", 2, 4),
            (0, 0.0, "specialised_care", "specialised", 5, 5),  # not a team
        ]
    )
    assert slot_utilisation(series, TWO_YEARS) == pytest.approx({"north": 0.9, "experts": 3 / 8})


@pytest.mark.parametrize(
    ("value", "low", "high", "city_only", "city", "verdict"),
    [
        (0.15, 0.15, 0.50, False, False, INSIDE),  # the bounds belong to the range
        (0.50, 0.15, 0.50, False, False, INSIDE),
        (0.149, 0.15, 0.50, False, False, OUTSIDE),
        (0.501, 0.15, 0.50, False, False, OUTSIDE),
        (NAN, 0.15, 0.50, False, False, NOT_MEASURED),
        (0.9, None, None, False, False, NOT_JUDGED),
        (7.0, 6.5, None, True, True, INSIDE),
        (1.3, 6.5, None, True, True, OUTSIDE),
        (1.3, 6.5, None, True, False, NOT_JUDGED),  # a city's figure, not a town's
        (3.0, None, 5.0, False, False, INSIDE),
        (5.5, None, 5.0, False, False, OUTSIDE),
    ],
)
def test_the_range_check(value, low, high, city_only, city, verdict):
    figure = PublicFigure("x", "x", "share", low, high, "source", "source", "definition", city_only)
    assert judge(value, figure, city) == verdict


def two_replications() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Replication 0 and 1 of a made-up run: one trajectory each, and one team."""
    summary = pd.DataFrame(
        {
            "replication": [0, 1],
            "escalation_rate": [0.20, 0.30],
            "overhead_share": [0.60, 0.62],
            "requests": [300, 320],
        }
    )
    cases = pd.concat(
        [
            cases_frame(case(1, request=0, first=1, end=1 + 26, age=10)).assign(replication=0),
            cases_frame(case(1, request=0, first=2, end=2 + 39, age=10)).assign(replication=1),
        ],
        ignore_index=True,
    )
    visits = frame([], VisitRow).assign(replication=pd.Series(dtype=int))
    series = timeseries_frame([(0, 0.0, "only", "team", 9, 10), (1, 0.0, "only", "team", 10, 10)])
    return summary, cases, visits, series


def test_the_table_gives_the_mean_its_ci_over_replications_and_the_verdict():
    summary, cases, visits, series = two_replications()
    table = public_figures(summary, cases, visits, series, TWO_YEARS, residents=5_000).set_index("figure")
    assert list(table.index) == [figure.key for figure in PUBLIC_FIGURES]  # one team: one row each
    half = stats.t.ppf(0.975, 1) * np.std([0.2, 0.3], ddof=1) / math.sqrt(2)
    escalation = table.loc["escalation_share"]
    assert escalation["value"] == pytest.approx(0.25)
    assert (escalation["ci_low"], escalation["ci_high"]) == pytest.approx((0.25 - half, 0.25 + half))
    assert (escalation["low"], escalation["high"], escalation["verdict"]) == (0.15, 0.50, INSIDE)
    assert escalation["source"] == FIGURES_BY_KEY["escalation_share"].source
    assert table.loc["overhead_share", "verdict"] == OUTSIDE  # 0.61 > 0.55
    assert table.loc["requests_percent_of_residents", "value"] == pytest.approx((3.0 + 3.2) / 2)
    assert table.loc["trajectory_median_months", "value"] == pytest.approx((6 + 9) / 2)
    assert table.loc["trajectory_within_year_share", "value"] == pytest.approx(1.0)
    assert table.loc["trajectory_within_year_share", "verdict"] == OUTSIDE
    assert table.loc["specialised_wait_weeks", "verdict"] == NOT_MEASURED  # nobody went there
    reentry = table.loc["reentry_within_year_share"]  # each replication's one household left, none came back
    assert (reentry["value"], reentry["verdict"]) == (0.0, OUTSIDE)
    youth = table.loc["youth_first_contact_wait_weeks"]
    assert (youth["value"], youth["verdict"]) == (pytest.approx(1.5), NOT_JUDGED)  # a town, not a city
    utilisation = table.loc["slot_utilisation"]
    assert (utilisation["team"], utilisation["value"]) == ("only", pytest.approx(0.95))
    assert utilisation["verdict"] == NOT_JUDGED
    city = public_figures(summary, cases, visits, series, TWO_YEARS, residents=CITY_RESIDENTS)
    assert city.set_index("figure").loc["youth_first_contact_wait_weeks", "verdict"] == OUTSIDE  # 1.5 < 6.5


def test_one_replication_keys_a_row_per_team():
    summary, cases, visits, series = two_replications()
    two_teams = pd.concat([series, series.assign(unit="other")], ignore_index=True)
    first = two_teams[two_teams["replication"] == 0]
    values = replication_figures(
        summary.iloc[0].to_dict(), cases[cases["replication"] == 0], visits, first, TWO_YEARS, 5_000
    )
    assert values[("slot_utilisation", "only")] == pytest.approx(0.9)
    assert values[("slot_utilisation", "other")] == pytest.approx(0.9)
    assert values[("escalation_share", "")] == pytest.approx(0.2)


def test_every_figure_has_a_source_and_a_definition():
    for figure in PUBLIC_FIGURES:
        assert figure.source and figure.short_source and figure.definition, figure.key
        assert figure.low is None or figure.high is None or figure.low < figure.high, figure.key


def test_the_readme_documents_every_figure_with_its_range():
    readme = (ROOT / "README.md").read_text()
    for figure in PUBLIC_FIGURES:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{figure.key}` |"))
        assert f"| {figure.range_text()}" in row, figure.key


def test_wijksim_run_prints_the_block_and_writes_the_csv(tmp_path, capsys):
    scenario = tmp_path / "small.toml"
    scenario.write_text(
        f'extends = "{PRESET}"\nname = "small A1"\n[run]\nwarmup_years = 0.25\n'
        "[municipality]\nresidents = 10000\n"
    )
    out = tmp_path / "run"
    assert main(["run", str(scenario), "--reps", "2", "--years", "1.2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.index("cost_eur") < printed.index("against public figures")  # after the table
    block = printed.split("against public figures")[1]
    written = pd.read_csv(out / PUBLIC_FIGURES_FILE)
    written["team"] = written["team"].fillna("")
    assert str(out / PUBLIC_FIGURES_FILE) in printed
    for row in written.itertuples():
        label = FIGURES_BY_KEY[row.figure].label
        line = next(line for line in block.splitlines() if line.startswith(label) and row.team in line)
        assert row.verdict in line
        assert FIGURES_BY_KEY[row.figure].range_text() in line
    assert set(written["team"]) >= {"north", "centre", "south"}
    assert (written["replications"] <= 2).all()
    assert written.set_index("figure").loc["reentry_within_year_share", "verdict"] in (INSIDE, OUTSIDE)
    recomputed = public_figures_of_folder(out)  # what a report reads gives the same table
    pd.testing.assert_frame_equal(recomputed, written, check_dtype=False, check_exact=False, rtol=1e-12)

    quiet = tmp_path / "quiet"
    assert main(["run", str(scenario), "--reps", "1", "--years", "0.25", "--out", str(quiet), "--quiet"]) == 0
    assert "against public figures" not in capsys.readouterr().out
    assert (quiet / PUBLIC_FIGURES_FILE).exists()
