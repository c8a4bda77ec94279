"""Facts about one scenario that a reader wants first: teams, staff, demand, mechanisms switched on.

Everything is computed from the resolved scenario as the manifest stores it (a plain dict), so a
report can be made of a folder whose scenario file has since changed or gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.forms import FORMS, form_named
from sim.forms.base import OrganisationForm, value_at

WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class TeamFacts:
    """One team: whom it serves and who works in it."""

    name: str
    role: str
    areas: list[str] | None
    ages: tuple[int, int]
    domains: list[str] | None
    people: int
    fte: float
    seconded_fte: float
    disciplines: dict[str, float]
    """FTE per discipline."""


def teams(values: dict[str, Any]) -> list[TeamFacts]:
    """The teams in file order, with their people and FTE."""
    out = []
    for name, team in (values.get("teams") or {}).items():
        people, fte, seconded = 0, 0.0, 0.0
        disciplines: dict[str, float] = {}
        for line in team.get("staff", []):
            n, each = int(line.get("people", 1)), float(line.get("fte", 0))
            people += n
            fte += n * each
            if line.get("contract") == "seconded":
                seconded += n * each
            disciplines[line["discipline"]] = disciplines.get(line["discipline"], 0.0) + n * each
        ages = tuple(team.get("ages") or (0, 120))
        out.append(
            TeamFacts(
                name,
                team.get("role", "door"),
                team.get("areas"),
                (int(ages[0]), int(ages[1])),
                team.get("domains"),
                people,
                fte,
                seconded,
                disciplines,
            )
        )
    return out


def other_fte(values: dict[str, Any]) -> dict[str, float]:
    """FTE outside the teams that the scenario pays for: desk, shared front office, bridge worker."""
    return {
        unit.name: float(value_at(values, unit.fte_key, 0))
        for unit in _form(values).paid_units
        if unit.enabled_key is None or value_at(values, unit.enabled_key)
    }


def _form(values: dict[str, Any]) -> OrganisationForm:
    """The organisation form of a scenario given as plain dicts."""
    return form_named(values.get("form", "A1"))


def total_fte(values: dict[str, Any]) -> float:
    """All FTE: the teams' and the others'."""
    return sum(t.fte for t in teams(values)) + sum(other_fte(values).values())


def expected_requests_per_year(values: dict[str, Any]) -> float:
    """First requests per year implied by the demand rates and age shares (without re-entries)."""
    residents = float(values.get("municipality", {}).get("residents", 0))
    groups = values.get("municipality", {}).get("age_groups", {})
    rates = values.get("demand", {}).get("requests_per_1000_residents_per_year", {})
    total = 0.0
    for group, per_domain in rates.items():
        share = float(groups.get(group, {}).get("share", 0))
        total += residents * share / 1000 * sum(float(v) for v in per_domain.values())
    return total


def requests_per_1000(values: dict[str, Any]) -> float:
    """First requests per 1,000 residents per year."""
    residents = float(values.get("municipality", {}).get("residents", 0))
    return 1000 * expected_requests_per_year(values) / residents if residents else 0.0


def mechanisms(values: dict[str, Any]) -> list[str]:
    """Text keys of the mechanisms that act in this scenario (see ``texts.MECHANISMS``)."""
    found = ["demand", "pathway", "patience", "worsening", "specialised_care", "reentry"]
    if not values.get("behaviour", {}).get("patience_weeks"):
        found.remove("patience")
    found += [
        m.text_key
        for m in _form(values).report_mechanisms
        if m.enabled_key is None or value_at(values, m.enabled_key)
    ]
    if _has_age_boundary(values):
        found.append("transition_18")
    if any(t.seconded_fte > 0 for t in teams(values)):
        found.append("secondment")
    for key in ("expertise", "mandate"):
        if values.get(key, {}).get("enabled"):
            found.append(key)
    if values.get("start_state", {}).get("open_cases_csv"):
        found.append("start_state")
    return found


def _has_age_boundary(values: dict[str, Any]) -> bool:
    """True when some team serves youth only, so that a case moves on at the 18th birthday."""
    age = int(values.get("transition_18", {}).get("age", 18))
    return any(t.ages[1] < age and t.role == "door" for t in teams(values))


FORM_SECTIONS: dict[str, frozenset[str]] = {code: form.sections for code, form in FORMS.items()}
"""Scenario sections that belong to one organisation form only (the others act in every form)."""

FORM_ONLY = frozenset().union(*FORM_SECTIONS.values())


def section_in_use(values: dict[str, Any], section: str) -> bool:
    """False for a section that the scenario's form or switches leave unused."""
    if section in FORM_ONLY and section not in _form(values).sections:
        return False
    if section in ("bridge_worker", "expertise", "mandate"):
        return bool(values.get(section, {}).get("enabled"))
    if section == "start_state":
        return bool(values.get(section, {}).get("open_cases_csv"))
    if section == "transition_18":
        return _has_age_boundary(values)
    return True
