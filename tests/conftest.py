"""Shared fixtures: the repository's scenarios, and small scenarios built as dicts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from sim.scenario.loader import read_merged_toml

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
PRESET = SCENARIOS / "integral_a1.toml"


def preset_dict() -> dict[str, Any]:
    """The A1 preset as a plain dict (its ``extends`` resolved), to modify in tests."""
    return read_merged_toml(PRESET)


def tiny_dict(**changes: Any) -> dict[str, Any]:
    """A one-team scenario with fixed durations and nothing random but arrivals, for exact tests."""
    base: dict[str, Any] = {
        "name": "tiny",
        "run": {"years": 1, "warmup_years": 0, "replications": 1, "seed": 1},
        "municipality": {
            "residents": 5200,
            "age_groups": {"all": {"min_age": 0, "max_age": 100, "share": 1.0}},
        },
        "demand": {
            "requests_per_1000_residents_per_year": {"all": {"wmo": 10}},
            "severity": {"growth_per_week_waiting": 0.0},
        },
        "pathway": {
            "assessment_weeks": {c: {"dist": "fixed", "value": 1} for c in _CLASSES},
            "support_weeks": {c: {"dist": "fixed", "value": 4} for c in _CLASSES},
            "consultation_probability": {c: 0 for c in _CLASSES},
            "referral_probability": {c: 0 for c in _CLASSES},
            "support_dropout_probability": 0.0,
        },
        "behaviour": {"reentry_probability": 0.0},
        "workforce": {"hours_per_week_per_fte": 1, "client_hours_per_case_per_week": 1},
        "overhead": {
            "meeting_share": 0,
            "registration_hours_per_intake": 0,
            "registration_hours_per_case_per_week": 0,
            "consultation_hours": 0,
        },
        "teams": {"only": {"staff": [{"discipline": "generalist", "fte": 1, "people": 1}]}},
        "specialised_care": {"places": 1, "duration_weeks": {"dist": "fixed", "value": 2}},
    }
    merged = copy.deepcopy(base)
    for dotted, value in changes.items():
        node = merged
        *parents, last = dotted.split("__")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return merged


_CLASSES = ("single", "multiple", "multi_problem")


@pytest.fixture
def preset_path() -> Path:
    return PRESET
