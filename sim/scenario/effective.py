"""The scenario the model runs: the one-key sweep factors applied to the teams and the demand.

``workforce.fte_factor``, ``demand.rate_factor`` and ``staffing.seconded_share`` let an analyst vary
staff hours, demand and secondment with one key each instead of editing every staff line and rate;
``workforce.youth_team_fte_share`` moves staff between a split's youth team and its other teams with
the total FTE fixed.
They are resolved here, once, before a model is built, so every part of the model, the metrics and
the checks see the same teams and rates.
"""

from __future__ import annotations

import math

from sim.scenario.schema import Scenario, StaffLine, Team


def effective_scenario(scenario: Scenario) -> Scenario:
    """``scenario`` with its sweep factors applied (and reset, so applying twice changes nothing)."""
    fte_factor = scenario.workforce.fte_factor
    rate_factor = scenario.demand.rate_factor
    seconded_share = scenario.staffing.seconded_share
    youth_share = scenario.workforce.youth_team_fte_share
    if fte_factor == 1.0 and rate_factor == 1.0 and seconded_share is None and youth_share is None:
        return scenario
    division = staff_division_factors(scenario)
    teams = {
        name: _team(team, fte_factor * division.get(name, 1.0), seconded_share)
        for name, team in scenario.teams.items()
    }
    rates = {
        group: {domain: rate * rate_factor for domain, rate in by_domain.items()}
        for group, by_domain in scenario.demand.requests_per_1000_residents_per_year.items()
    }
    return scenario.model_copy(
        update={
            "teams": teams,
            "demand": scenario.demand.model_copy(
                update={"requests_per_1000_residents_per_year": rates, "rate_factor": 1.0}
            ),
            "workforce": scenario.workforce.model_copy(
                update={"fte_factor": 1.0, "youth_team_fte_share": None}
            ),
            "staffing": scenario.staffing.model_copy(update={"seconded_share": None}),
        }
    )


def youth_only(team: Team, adult_age: int) -> bool:
    """Whether ``team`` serves only residents under ``adult_age`` (a split's youth team)."""
    return team.ages[1] < adult_age


def team_fte(team: Team) -> float:
    """The FTE of a team's workers as its staff lines give them."""
    return sum(line.fte * line.people for line in team.staff)


def staff_division_factors(scenario: Scenario) -> dict[str, float]:
    """Per team, the factor on its workers' FTE that ``workforce.youth_team_fte_share`` asks for.

    The youth-only teams together get that share of the teams' total FTE and the other teams the
    rest, each group scaled evenly, so the total stays the same. Empty (no change) when the key is
    not set or the scenario has no youth-only team or no other team.
    """
    share = scenario.workforce.youth_team_fte_share
    if share is None:
        return {}
    adult_age = scenario.transition_18.age
    youth = {name for name, team in scenario.teams.items() if youth_only(team, adult_age)}
    youth_fte = sum(team_fte(scenario.teams[name]) for name in youth)
    total = sum(team_fte(team) for team in scenario.teams.values())
    if not youth or youth_fte >= total:
        return {}
    youth_factor = share * total / youth_fte
    other_factor = (1 - share) * total / (total - youth_fte)
    return {name: youth_factor if name in youth else other_factor for name in scenario.teams}


def seconded_flags(workers: int, share: float) -> list[bool]:
    """Which of ``workers`` are seconded: ``floor(workers * share)`` of them, spread evenly."""
    return [math.floor((i + 1) * share + 1e-9) > math.floor(i * share + 1e-9) for i in range(workers)]


def _team(team: Team, fte_factor: float, seconded_share: float | None) -> Team:
    workers = [line for line in team.staff for _ in range(line.people)]
    if seconded_share is None:
        contracts = [line.contract for line in workers]
    else:
        contracts = [
            "seconded" if flag else "employed" for flag in seconded_flags(len(workers), seconded_share)
        ]
    lines: list[StaffLine] = []
    for line, contract in zip(workers, contracts, strict=True):
        last = lines[-1] if lines else None
        if (
            last is not None
            and last.discipline == line.discipline
            and last.contract == contract
            and last.fte == line.fte * fte_factor
            and last.breadth == line.breadth
        ):
            lines[-1] = last.model_copy(update={"people": last.people + 1})
        else:
            lines.append(
                line.model_copy(update={"fte": line.fte * fte_factor, "people": 1, "contract": contract})
            )
    return team.model_copy(update={"staff": lines})
