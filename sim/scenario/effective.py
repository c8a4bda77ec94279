"""The scenario the model runs: the one-key sweep factors applied to the teams and the demand.

``workforce.fte_factor``, ``demand.rate_factor`` and ``staffing.seconded_share`` let an analyst vary
staff hours, demand and secondment with one key each instead of editing every staff line and rate.
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
    if fte_factor == 1.0 and rate_factor == 1.0 and seconded_share is None:
        return scenario
    teams = {name: _team(team, fte_factor, seconded_share) for name, team in scenario.teams.items()}
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
            "workforce": scenario.workforce.model_copy(update={"fte_factor": 1.0}),
            "staffing": scenario.staffing.model_copy(update={"seconded_share": None}),
        }
    )


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
