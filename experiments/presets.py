"""Where the preset scenarios live, and how a name like ``integral_a1`` becomes a scenario file."""

from __future__ import annotations

import os
from pathlib import Path


def presets_dir() -> Path:
    """Where the preset scenarios live: ``$WIJKSIM_SCENARIOS``, ``./scenarios``, or the source tree."""
    if "WIJKSIM_SCENARIOS" in os.environ:
        return Path(os.environ["WIJKSIM_SCENARIOS"])
    here = Path("scenarios")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[1] / "scenarios"


def resolve_scenario(name: str | os.PathLike[str]) -> Path:
    """A path as given, or the name of a preset (``integral_a1``)."""
    text = os.fspath(name)
    path = Path(text)
    if path.exists() or path.suffix == ".toml" or os.sep in text:
        return path
    return presets_dir() / f"{text}.toml"
