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


def preset_names() -> list[str]:
    """The names of the preset scenarios (file names without ``.toml``), sorted."""
    return sorted(path.stem for path in presets_dir().glob("*.toml"))


def missing_scenario_message(name: str | os.PathLike[str]) -> str | None:
    """None when ``name`` resolves to an existing file; else a one-line message, with a did-you-mean.

    A bare name is taken as a preset and compared with the presets' names; a path is just missing.
    """
    from sim.scenario.loader import did_you_mean

    path = resolve_scenario(name)
    if os.path.lexists(path):  # there, if perhaps unreadable (a symlink loop): the loader says why
        return None
    text = os.fspath(name)
    if path.parent == presets_dir() and not text.endswith(".toml"):
        return f"{text}: no such scenario file or preset{did_you_mean(text, preset_names())}"
    return f"{text}: no such scenario file"
