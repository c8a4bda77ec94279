"""Checks that need the whole scenario at once: shares, names, and a team for every resident.

Shares must sum to one, names must exist, and every resident with a need must have a team to go to.
Each problem is a sentence naming the key path, the value and what would be right.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path

from sim.scenario.effective import effective_scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.files import file_problem
from sim.scenario.open_cases import read_open_cases
from sim.scenario.schema import Scenario, StaffLine

_TOLERANCE = 1e-6
MAX_RATE = 1000.0
"""Most new requests per 1,000 residents of an age group per year in one domain: each resident once."""


def consistency_problems(scenario: Scenario, base_dir: Path | None = None) -> list[str]:
    """Every cross-field problem of a validated scenario, as readable lines (empty when fine)."""
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
    problems += _age_groups_disjoint(scenario)

    rates = scenario.demand.requests_per_1000_residents_per_year
    for group, by_domain in rates.items():
        if group not in muni.age_groups:
            problems.append(
                f"demand.requests_per_1000_residents_per_year.{group}: no age group of that "
                f"name; age groups are {', '.join(muni.age_groups)}"
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

    for team_name, team in scenario.teams.items():
        for area in team.areas or []:
            if area not in muni.areas:
                problems.append(
                    f"teams.{team_name}.areas: '{area}' is not an area of the municipality; "
                    f"areas are {', '.join(muni.areas)}"
                )
        low, high = team.ages
        if low > high:
            problems.append(
                f"teams.{team_name}.ages = [{low}, {high}]: the first age must not be above the second"
            )
        slots = team_caseload_capacity(effective_scenario(scenario), team_name)
        if slots < 1:
            problems.append(
                f"teams.{team_name}: its staff has no room for even one case (client hours per week "
                f"after meetings, divided by {_hours_per_case(scenario):g} hours per case, is below 1)"
            )
    problems += _coverage_problems(scenario)
    problems += _form_problems(scenario)
    problems += effort_problems(scenario)

    csv = scenario.start_state.open_cases_csv
    if csv and base_dir is not None:
        missing = file_problem(base_dir / csv, "CSV file")
        if missing and missing.endswith("no such CSV file"):
            problems.append(f"start_state.open_cases_csv = {csv!r}: no such file next to the scenario")
        elif missing:
            problems.append(f"start_state.open_cases_csv = {csv[:100]!r}: {missing}")
        else:
            try:
                read_open_cases(str(base_dir / csv), list(scenario.teams))
            except ScenarioError as exc:
                problems += [f"start_state.open_cases_csv: {line}" for line in exc.problems]
    return problems


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


def _hours_per_case(scenario: Scenario, contract: str = "employed") -> float:
    registration = scenario.overhead.registration_hours_per_case_per_week
    if contract == "seconded":
        registration *= scenario.staffing.seconded_registration_factor
    return scenario.workforce.client_hours_per_case_per_week + registration


def non_client_share(scenario: Scenario, contract: str) -> float:
    """Share of a worker's paid hours not available for cases.

    Meetings, and the mother organisation (seconded) or training (employed).
    """
    staffing = scenario.staffing
    extra = (
        staffing.seconded_mother_hours_share if contract == "seconded" else staffing.employed_training_share
    )
    return min(scenario.overhead.meeting_share + extra, 1.0)


def worker_caseload_capacity(scenario: Scenario, line: StaffLine) -> int:
    """Cases one professional can hold at once: hours left for cases / hours per case-week."""
    paid = line.fte * scenario.workforce.hours_per_week_per_fte
    hours = paid * (1 - non_client_share(scenario, line.contract))
    return int(math.floor(hours / _hours_per_case(scenario, line.contract) + 1e-9))


def team_caseload_capacity(scenario: Scenario, team_name: str) -> int:
    """Cases a whole team can hold at once."""
    team = scenario.teams[team_name]
    return sum(worker_caseload_capacity(scenario, line) * line.people for line in team.staff)


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
    """The structure must fit the form, and every option must belong to it."""
    problems = []
    form = scenario.form
    doors = [name for name, team in scenario.teams.items() if team.role == "door"]
    experts = {name: team for name, team in scenario.teams.items() if team.role == "expert"}
    if not doors:
        problems.append("teams: no team has role 'door', so no request has anywhere to go")
    for name, team in scenario.teams.items():
        if team.role == "door" and team.serves is not None:
            problems.append(f"teams.{name}.serves: only an expert team (role = 'expert') backs other teams")
    for name, team in experts.items():
        if form != "C":
            problems.append(
                f"teams.{name}.role = 'expert': expert teams belong to form C; this scenario is form {form}"
            )
        for served in team.serves or []:
            if served not in scenario.teams:
                problems.append(f"teams.{name}.serves: '{served}' is not a team{_suggest(served, doors)}")
            elif served not in doors:
                problems.append(f"teams.{name}.serves: '{served}' is an expert team; experts back door teams")
    if form == "C":
        if not experts:
            problems.append(
                "form = 'C': a generalist front team needs an expert team behind it; give one "
                "team role = 'expert'"
            )
        else:
            backed = {d for team in experts.values() for d in (team.serves or doors)}
            for door in doors:
                if door not in backed:
                    problems.append(
                        f"teams.{door}: no expert team serves it (form C refers multi-problem "
                        "cases up); add it to an expert team's serves"
                    )
    if form == "B":
        areas = scenario.municipality.areas
        side_by_side = any(
            sum(1 for d in doors if scenario.teams[d].areas is None or area in scenario.teams[d].areas) > 1
            for area in areas
        )
        if not side_by_side:
            problems.append(
                "form = 'B': teams side by side need at least two teams for one area "
                "(e.g. youth 0-17 and adults 18+)"
            )
    split = scenario.split_teams
    if form != "B":
        for key, on in (
            ("shared_front_office", split.shared_front_office),
            ("shared_methods", split.shared_methods),
        ):
            if on:
                problems.append(
                    f"split_teams.{key} = true: an option of form B (teams side by side); "
                    f"this scenario is form {form}"
                )
        if scenario.bridge_worker.enabled:
            problems.append(
                f"bridge_worker.enabled = true: an option of form B (teams side by side); "
                f"this scenario is form {form}"
            )
    if form != "C" and scenario.expert_teams.coupling:
        problems.append(
            f"expert_teams.coupling = true: an option of form C (front and expert teams); "
            f"this scenario is form {form}"
        )
    problems += _mandate_problems(scenario)
    low, high = scenario.bridge_worker.ages
    if low > high:
        problems.append(f"bridge_worker.ages = [{low}, {high}]: the first age must not be above the second")
    return problems


def _mandate_problems(scenario: Scenario) -> list[str]:
    levels = scenario.mandate.levels
    problems = []
    for i, level in enumerate(levels[:-1]):
        if level.up_to_eur is None:
            problems.append(
                f"mandate.levels[{i}] ({level.name}): only the last level may leave out up_to_eur"
            )
        elif levels[i + 1].up_to_eur is not None and levels[i + 1].up_to_eur <= level.up_to_eur:
            problems.append(
                f"mandate.levels[{i + 1}].up_to_eur = {levels[i + 1].up_to_eur:g}: levels go up "
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
    for age in ages[1:] + [None]:  # type: ignore[list-item]
        if age is not None and age == prev + 1:
            prev = age
            continue
        spans.append(f"{start}-{prev}" if start != prev else f"{start}")
        if age is not None:
            start = prev = age
    return ", ".join(spans)
