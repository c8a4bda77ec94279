"""What a scenario names, in the report's language: its title and description, teams, areas, disciplines.

A scenario gives its Dutch title and description in ``name_nl`` and ``description_nl``; without them the
English ones are shown. Team and area names are identifiers in the file (``north_youth``): in Dutch they
are shown word by word in Dutch (``noord jeugd``), so that a Dutch report reads Dutch; identifiers
without a known word (``n01``, ``rosmalen``) stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "north": "noord",
        "south": "zuid",
        "east": "oost",
        "west": "west",
        "centre": "centrum",
        "youth": "jeugd",
        "adults": "volwassenen",
        "adult": "volwassenen",
        "front": "front",
        "experts": "experts",
        "expertise": "expertise",
        "social": "sociaal",
        "team": "team",
        "generalist": "generalist",
        "wmo": "Wmo",
        "debt": "schulden",
        "work": "werk",
        "income": "inkomen",
        "mental": "geestelijke",
        "health": "gezondheid",
        "door": "deur",
        "expert": "expert",
        "employed": "in dienst",
        "seconded": "gedetacheerd",
    }
}
"""Words of identifiers in Dutch; an identifier is split at ``_`` and translated word by word."""

NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "work_income": "werk en inkomen",
        "mental_health": "ggz",
        "social_team": "sociaal team",
        "cjg": "CJG",
        "single": "enkelvoudig",
        "multiple": "meervoudig",
        "multi_problem": "multiproblematiek",
    }
}
"""Whole identifiers with a Dutch name of their own (disciplines and domains, known teams)."""


def scenario_title(values: dict[str, Any], lang: str, default: str = "") -> str:
    """The scenario's title in ``lang``: ``name_nl`` in Dutch when given, else ``name``."""
    if lang == "nl" and values.get("name_nl"):
        return str(values["name_nl"])
    return str(values.get("name") or default)


def scenario_description(values: dict[str, Any], lang: str) -> str:
    """The scenario's description in ``lang``: ``description_nl`` in Dutch when given."""
    if lang == "nl" and values.get("description_nl"):
        return str(values["description_nl"])
    return str(values.get("description") or "")


def identifier(name: str, lang: str) -> str:
    """A team, area, discipline or domain name for a reader: ``north_youth`` -> ``noord jeugd`` in Dutch.

    In English the identifier is shown as in the file, so it can be found there.
    """
    if lang == "en" or lang not in WORDS:
        return name
    if name in NAMES[lang]:
        return NAMES[lang][name]
    words = WORDS[lang]
    return " ".join(words.get(part, part) for part in re.split(r"_+", name) if part)
