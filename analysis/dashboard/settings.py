"""What the dashboard's controls set: a preset and a handful of scenario values, turned into a scenario.

The controls are the few levers a class can reason about. Each one is a scenario key (the same dotted
keys an experiment spec varies), applied with the loader's ``overrides``, so the dashboard runs
exactly the model that ``wijksim run`` would run with those values. A control left at the preset's
own value is not applied at all: with every control untouched, the dashboard runs the preset as is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from experiments.presets import presets_dir, resolve_scenario
from sim.forms import form_named
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

HORIZON_YEARS = 60.0
"""How long a dashboard run may go on; a class rarely watches more than a few decades."""

FORM_NAMES: dict[str, str] = {
    "A1": "A1 one integral team per area",
    "A2": "A2 triage desk + first line + team for complex cases",
    "B": "B youth and adult teams side by side",
    "C": "C generalist front teams + expert team",
}
"""The organisation forms, in words a class understands."""


@dataclass(frozen=True)
class Settings:
    """The values of the dashboard's controls. Factors are relative to the preset (1.0 = as is)."""

    preset: str
    """A preset name (``integral_a1``) or a scenario file."""
    arrival_factor: float = 1.0
    """Requests for help, times the preset's rate (``demand.rate_factor``)."""
    staff_factor: float = 1.0
    """Staff FTE of every team, times the preset's (``workforce.fte_factor``)."""
    seconded_share: float = 0.0
    """Share of team workers seconded from a mother organisation (``staffing.seconded_share``)."""
    triage_accuracy: float = 0.85
    """Chance that triage puts a case in its true class (``triage.accuracy``; forms A2 and C)."""
    specialised_places: int = 180
    """Places in specialised (second-line) care (``specialised_care.places``)."""
    patience_weeks: float = 40.0
    """Mean weeks a resident waits for a first contact before giving up (``behaviour.patience_weeks``)."""
    bridge_worker: bool = False
    """A bridge worker between youth and adult teams (``bridge_worker.enabled``; form B)."""
    shared_front_office: bool = False
    """One front office routing to the youth and adult teams (``split_teams.shared_front_office``; form B)."""
    warm_handoffs: bool = False
    """Every hand-off warm: cold transfers get the warm delay and loss (``handoffs.cold_*``)."""
    seed: int = 0
    """The replication seed: the same seed meets the same residents with the same needs."""


def preset_names() -> list[str]:
    """The preset scenarios, by name, sorted."""
    return sorted(path.stem for path in presets_dir().glob("*.toml"))


@lru_cache(maxsize=32)
def load_preset(preset: str) -> Scenario:
    """The preset (or scenario file) as written, with the dashboard's horizon (and its own warm-up)."""
    return load_scenario(resolve_scenario(preset), overrides=_horizon())


@lru_cache(maxsize=32)
def defaults_for(preset: str) -> Settings:
    """The controls as the preset has them: running these settings runs the preset itself."""
    scenario = load_preset(preset)
    workers = [line for team in scenario.teams.values() for line in team.staff for _ in range(line.people)]
    seconded = scenario.staffing.seconded_share
    if seconded is None:
        seconded = sum(line.contract == "seconded" for line in workers) / max(len(workers), 1)
    patience = scenario.behaviour.patience_weeks
    return Settings(
        preset=preset,
        arrival_factor=scenario.demand.rate_factor,
        staff_factor=scenario.workforce.fte_factor,
        seconded_share=round(seconded, 2),
        triage_accuracy=scenario.triage.accuracy,
        specialised_places=scenario.specialised_care.places,
        patience_weeks=float(patience.mean) if patience is not None and hasattr(patience, "mean") else 0.0,
        bridge_worker=scenario.bridge_worker.enabled,
        shared_front_office=scenario.split_teams.shared_front_office,
        warm_handoffs=False,
        seed=scenario.run.seed,
    )


def applies(form: str, name: str) -> bool:
    """Whether a control means anything for a scenario of ``form``."""
    sections = form_named(form).sections
    if name == "triage_accuracy":
        return "triage" in sections
    if name in ("bridge_worker", "shared_front_office"):
        return "split_teams" in sections
    return True


def overrides_for(settings: Settings) -> dict[str, Any]:
    """The scenario keys the controls change, as dotted keys for the loader (only what differs)."""
    base = defaults_for(settings.preset)
    form = load_preset(settings.preset).form
    changed = {
        f.name
        for f in fields(Settings)
        if f.name not in ("preset", "seed")
        and getattr(settings, f.name) != getattr(base, f.name)
        and applies(form, f.name)
    }
    out: dict[str, Any] = _horizon()
    if "arrival_factor" in changed:
        out["demand.rate_factor"] = settings.arrival_factor
    if "staff_factor" in changed:
        out["workforce.fte_factor"] = settings.staff_factor
    if "seconded_share" in changed:
        out["staffing.seconded_share"] = settings.seconded_share
    if "triage_accuracy" in changed:
        out["triage.accuracy"] = settings.triage_accuracy
    if "specialised_places" in changed:
        out["specialised_care.places"] = settings.specialised_places
    if "patience_weeks" in changed:
        out["behaviour.patience_weeks"] = {"dist": "exponential", "mean": settings.patience_weeks}
    if "bridge_worker" in changed:
        out["bridge_worker.enabled"] = settings.bridge_worker
    if "shared_front_office" in changed:
        out["split_teams.shared_front_office"] = settings.shared_front_office
    if settings.warm_handoffs:
        handoffs = load_preset(settings.preset).handoffs
        warm_delay = handoffs.warm_delay_weeks.model_dump(mode="json")
        out["handoffs.cold_delay_weeks"] = warm_delay
        out["handoffs.cold_loss_probability"] = handoffs.warm_loss_probability
        out["transition_18.cold_delay_weeks"] = warm_delay
        out["transition_18.cold_loss_probability"] = handoffs.warm_loss_probability
    return out


@lru_cache(maxsize=64)
def scenario_for(settings: Settings) -> Scenario:
    """The scenario the controls describe (raises ScenarioError if the scenario refuses a value).

    Kept for the settings seen last: a scenario is frozen, and a slider going back and forth asks
    for the same few again (each costs milliseconds of TOML and validation).
    """
    return load_scenario(resolve_scenario(settings.preset), overrides=overrides_for(settings))


def with_preset(preset: str, **changes: Any) -> Settings:
    """The preset's own settings with some controls changed (a lesson's starting point)."""
    return replace(defaults_for(preset), **changes)


def _horizon() -> dict[str, Any]:
    return {"run.years": HORIZON_YEARS}


def default_preset() -> str:
    """The scenario the dashboard opens with: ``$WIJKSIM_DASHBOARD_SCENARIO`` or ``integral_a1``."""
    return os.environ.get("WIJKSIM_DASHBOARD_SCENARIO", "integral_a1")


def preset_label(preset: str) -> str:
    """``integral_a1 (A1)``: a preset's name with its form, for the chooser."""
    try:
        form = load_preset(preset).form
    except Exception:  # a broken file is reported when chosen, not while listing
        return preset
    return f"{Path(preset).stem} ({form})"
