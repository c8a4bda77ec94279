"""Checks that need the whole scenario at once: shares, names, and a team for every resident.

Shares must sum to one, names must exist, and every resident with a need must have a team to go to.
Each problem is a sentence naming the key path, the value and what would be right.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path

from sim.forms import FORMS, form_named
from sim.forms.base import OrganisationForm, value_at
from sim.scenario.capacity import (
    hours_per_case,
    non_client_share,
    team_caseload_capacity,
    worker_caseload_capacity,
)
from sim.scenario.effective import effective_scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.files import file_problem
from sim.scenario.open_cases import read_open_cases
from sim.scenario.schema import Scenario

_TOLERANCE = 1e-6
MAX_RATE = 1000.0
"""Most new requests per 1,000 residents of an age group per year in one domain: each resident once."""

__all__ = ["consistency_problems", "non_client_share", "team_caseload_capacity", "worker_caseload_capacity"]


def consistency_problems(scenario: Scenario, base_dir: Path | None = None) -> list[str]:
    """Every cross-field problem of a validated scenario, as readable lines (empty when fine)."""
    problems = _municipality_problems(scenario)
    problems += _demand_problems(scenario)
    problems += _team_problems(scenario)
    problems += _coverage_problems(scenario)
    problems += _form_problems(scenario)
    problems += _start_state_problems(scenario, base_dir)
    problems += effort_problems(scenario)
    return problems


def _municipality_problems(scenario: Scenario) -> list[str]:
    """Shares that sum to one, no negative area, age groups that make sense and do not overlap."""
    problems: list[str] = []
    muni = scenario.municipality
    problems += _sums_to_one("municipality.areas", muni.areas)
    problems += _sums_to_one(
        "municipality.age_groups (share)", {n: g.share for n, g in muni.age_groups.items()}
    )
    mix = scenario.demand.complexity_mix
    problems += _sums_to_one(
        "demand.complexity_mix",
        {"single": mix.single, "multiple": mix.multiple, "multi_problem": mix.multi_problem},
    )
    for name, share in muni.areas.items():
        if share < 0:
            problems.append(f"municipality.areas.{name} = {share}: must be >= 0")
    for name, group in muni.age_groups.items():
        if group.min_age > group.max_age:
            problems.append(
                f"municipality.age_groups.{name}: min_age = {group.min_age} is above "
                f"max_age = {group.max_age}"
            )
    return problems + _age_groups_disjoint(scenario)


def _demand_problems(scenario: Scenario) -> list[str]:
    """Rates for known age groups, not negative, not all 0; a monthly profile above 0."""
    problems = []
    rates = scenario.demand.requests_per_1000_residents_per_year
    for group, by_domain in rates.items():
        if group not in scenario.municipality.age_groups:
            problems.append(
                f"demand.requests_per_1000_residents_per_year.{group}: no age group of that "
                f"name; age groups are {', '.join(scenario.municipality.age_groups)}"
            )
        for domain, rate in by_domain.items():
            if not 0 <= rate <= MAX_RATE:  # also NaN
                problems.append(
                    f"demand.requests_per_1000_residents_per_year.{group}.{domain} = "
                    f"{rate:g}: must be a number from 0 to {MAX_RATE:g}"
                )
    if sum(sum(d.values()) for d in rates.values()) <= 0:
        problems.append(
            "demand.requests_per_1000_residents_per_year: all rates are 0, so nobody ever asks for help"
        )
    if any(m <= 0 for m in scenario.demand.monthly_profile):
        problems.append(
            f"demand.monthly_profile = {scenario.demand.monthly_profile}: every month's "
            "multiplier must be > 0"
        )
    return problems


def _team_problems(scenario: Scenario) -> list[str]:
    """Every team in known areas, with ages in order and room for at least one case."""
    problems = []
    for team_name, team in scenario.teams.items():
        for area in team.areas or []:
            if area not in scenario.municipality.areas:
                problems.append(
                    f"teams.{team_name}.areas: '{area}' is not an area of the municipality; "
                    f"areas are {', '.join(scenario.municipality.areas)}"
                )
        low, high = team.ages
        if low > high:
            problems.append(
                f"teams.{team_name}.ages = [{low}, {high}]: the first age must not be above the second"
            )
        if team_caseload_capacity(effective_scenario(scenario), team_name) < 1:
            problems.append(
                f"teams.{team_name}: its staff has no room for even one case (client hours per week "
                f"after meetings, divided by {hours_per_case(scenario):g} hours per case, is below 1)"
            )
    return problems


def _start_state_problems(scenario: Scenario, base_dir: Path | None) -> list[str]:
    """The open-cases CSV, if any, is a readable file next to the scenario."""
    csv = scenario.start_state.open_cases_csv
    if not csv or base_dir is None:
        return []
    missing = file_problem(base_dir / csv, "CSV file")
    if missing and missing.endswith("no such CSV file"):
        return [f"start_state.open_cases_csv = {csv!r}: no such file next to the scenario"]
    if missing:
        return [f"start_state.open_cases_csv = {csv[:100]!r}: {missing}"]
    try:
        read_open_cases(str(base_dir / csv), list(scenario.teams))
    except ScenarioError as exc:
        return [f"start_state.open_cases_csv: {line}" for line in exc.problems]
    return []


MAX_REQUESTS_PER_REPLICATION = 500_000
"""Most requests (first requests and re-entries) one replication may be expected to simulate.

About a minute and a few GB of memory (bench/bench_core.py: ~100 us and ~3 KB per case); the largest
preset simulates ~40,000. A scenario above it would run for hours or exhaust memory, so it is refused.
"""


def expected_requests(scenario: Scenario) -> float:
    """Requests one replication is expected to simulate (warm-up and measured years), re-entries included.

    First requests follow from residents, age shares, rates and ``demand.rate_factor``. A household
    that asks again (``behaviour.reentry_probability`` p) comes back at most once per cycle (its
    shortest mean assessment and support plus the mean re-entry delay): the requests are multiplied
    by the smaller of ``1 / (1 - p)`` and ``1 + horizon / cycle``; infinite when p = 1 and the cycle
    takes no time, a run that cannot advance time.
    """
    muni, demand = scenario.municipality, scenario.demand
    weeks = (scenario.run.years + scenario.run.warmup_years) * 52
    per_year = sum(
        muni.residents * muni.age_groups[group].share / 1000 * sum(by_domain.values())
        for group, by_domain in demand.requests_per_1000_residents_per_year.items()
        if group in muni.age_groups
    )
    first = per_year * demand.rate_factor * weeks / 52
    p = scenario.behaviour.reentry_probability
    if p <= 0 or first <= 0:
        return first
    pathway = scenario.pathway
    cycle = scenario.behaviour.reentry_delay_weeks.mean_value + min(
        pathway.assessment_weeks.get(c).mean_value + pathway.support_weeks.get(c).mean_value
        for c in ("single", "multiple", "multi_problem")
    )
    by_cycles = 1 + weeks / cycle if cycle > 0 else math.inf
    by_chance = 1 / (1 - p) if p < 1 else math.inf
    return first * min(by_cycles, by_chance)


def effort_problems(scenario: Scenario) -> list[str]:
    """A run that could not advance time, or would simulate more than MAX_REQUESTS_PER_REPLICATION."""
    requests = expected_requests(scenario)
    if requests <= MAX_REQUESTS_PER_REPLICATION:
        return []
    if math.isinf(requests):
        return [
            f"behaviour.reentry_probability = {scenario.behaviour.reentry_probability:g}: every case comes "
            "back at once (re-entry delay, assessment and support all take 0 weeks), so time cannot "
            "advance; give behaviour.reentry_delay_weeks or the pathway's durations a mean > 0, or a "
            "re-entry probability below 1"
        ]
    return [
        f"municipality.residents = {scenario.municipality.residents}: with these request rates, years "
        f"and re-entries one replication would simulate about {requests:,.0f} requests; at most "
        f"{MAX_REQUESTS_PER_REPLICATION:,} are allowed (fewer residents, years or requests per 1,000 "
        "residents)"
    ]


def _sums_to_one(path: str, shares: dict[str, float]) -> list[str]:
    total = sum(shares.values())
    if abs(total - 1.0) > _TOLERANCE:
        return [f"{path}: shares sum to {total:g}; they must sum to 1"]
    return []


def _age_groups_disjoint(scenario: Scenario) -> list[str]:
    problems = []
    groups = sorted(scenario.municipality.age_groups.items(), key=lambda item: item[1].min_age)
    for (name_a, a), (name_b, b) in zip(groups, groups[1:], strict=False):
        if b.min_age <= a.max_age:
            problems.append(
                f"municipality.age_groups: '{name_a}' ({a.min_age}-{a.max_age}) and "
                f"'{name_b}' ({b.min_age}-{b.max_age}) overlap"
            )
    return problems


def _coverage_problems(scenario: Scenario) -> list[str]:
    """Every area, age with demand, and domain with demand must have exactly one door team."""
    problems = []
    muni = scenario.municipality
    rates = scenario.demand.requests_per_1000_residents_per_year
    for area in muni.areas:
        for group_name, group in muni.age_groups.items():
            for domain, rate in rates.get(group_name, {}).items():
                if rate <= 0:
                    continue
                gaps, doubles = [], []
                for age in range(group.min_age, group.max_age + 1):
                    serving = [
                        name
                        for name, team in scenario.teams.items()
                        if team.role == "door"
                        and (team.areas is None or area in team.areas)
                        and team.ages[0] <= age <= team.ages[1]
                        and (team.domains is None or domain in team.domains)
                    ]
                    if not serving:
                        gaps.append(age)
                    elif len(serving) > 1:
                        doubles.append((age, serving))
                if gaps:
                    problems.append(
                        f"teams: no team serves {domain} needs of ages {_ranges(gaps)} in area '{area}'"
                    )
                if doubles:
                    age, serving = doubles[0]
                    problems.append(
                        f"teams: {', '.join(serving)} all serve {domain} needs of age {age} in area "
                        f"'{area}'; in form {scenario.form} each need has exactly one team to go to"
                    )
    return sorted(set(problems))


def _form_problems(scenario: Scenario) -> list[str]:
    """The structure must fit the form (its own rules), and every option must belong to it."""
    problems = []
    form = form_named(scenario.form)
    doors = [name for name, team in scenario.teams.items() if team.role == "door"]
    experts = {name: team for name, team in scenario.teams.items() if team.role == "expert"}
    if not doors:
        problems.append("teams: no team has role 'door', so no request has anywhere to go")
    for name, team in scenario.teams.items():
        if team.role == "door" and team.serves is not None:
            problems.append(f"teams.{name}.serves: only an expert team (role = 'expert') backs other teams")
    with_experts = " or ".join(f.code for f in FORMS.values() if f.expert_teams)
    for name, team in experts.items():
        if not form.expert_teams:
            problems.append(
                f"teams.{name}.role = 'expert': expert teams belong to form {with_experts}; "
                f"this scenario is form {form.code}"
            )
        for served in team.serves or []:
            if served not in scenario.teams:
                problems.append(f"teams.{name}.serves: '{served}' is not a team{_suggest(served, doors)}")
            elif served not in doors:
                problems.append(f"teams.{name}.serves: '{served}' is an expert team; experts back door teams")
    problems += form.problems(scenario)
    problems += _options_of_other_forms(scenario, form)
    problems += _mandate_problems(scenario)
    low, high = scenario.bridge_worker.ages
    if low > high:
        problems.append(f"bridge_worker.ages = [{low}, {high}]: the first age must not be above the second")
    return problems


def _options_of_other_forms(scenario: Scenario, form: OrganisationForm) -> list[str]:
    """An option switched on that belongs to another form."""
    return [
        f"{option.key} = true: an option of form {other.code} ({other.short}); this scenario is form {form.code}"
        for other in FORMS.values()
        if other is not form
        for option in other.options
        if value_at(scenario, option.key)
    ]


def _mandate_problems(scenario: Scenario) -> list[str]:
    levels = scenario.mandate.levels
    problems = []
    for i, level in enumerate(levels[:-1]):
        if level.up_to_eur is None:
            problems.append(
                f"mandate.levels[{i}] ({level.name}): only the last level may leave out up_to_eur"
            )
        elif (above := levels[i + 1].up_to_eur) is not None and above <= level.up_to_eur:
            problems.append(
                f"mandate.levels[{i + 1}].up_to_eur = {above:g}: levels go up "
                f"in amount; the level before decides up to {level.up_to_eur:g}"
            )
    if levels[-1].up_to_eur is not None:
        problems.append(
            f"mandate.levels[{len(levels) - 1}] ({levels[-1].name}): the last level decides "
            "on any amount; leave out its up_to_eur"
        )
    names = [level.name for level in levels]
    if len(set(names)) != len(names):
        problems.append(f"mandate.levels: names must differ, got {', '.join(names)}")
    return problems


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; teams are {', '.join(choices)}"


def _ranges(ages: list[int]) -> str:
    spans, start, prev = [], ages[0], ages[0]
    following: list[int | None] = [*ages[1:], None]
    for age in following:
        if age is not None and age == prev + 1:
            prev = age
            continue
        spans.append(f"{start}-{prev}" if start != prev else f"{start}")
        if age is not None:
            start = prev = age
    return ", ".join(spans)
