"""Optional parts of wijksim (pip extras) and the message when a command needs one that is missing.

The core install runs ``wijksim run``, ``compare``, ``sweep`` (in this process or on local worker
processes) and ``report``. Three extras add the rest:

- ``cluster``: sweeps on Dask (``--dask``) and on Slurm through dask-jobqueue (``--cluster``);
- ``discover``: scenario discovery with PRIM (``wijksim discover``, from ema_workbench);
- ``dashboard``: the teacher dashboard (Solara).

``wijksim[all]`` installs the three.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Extra:
    """One pip extra: what it installs, and the modules whose presence shows it is installed."""

    packages: str
    modules: tuple[str, ...]


EXTRAS = {
    "cluster": Extra("dask[distributed] and dask-jobqueue", ("distributed", "dask_jobqueue")),
    "discover": Extra("ema_workbench (PRIM)", ("ema_workbench",)),
    "dashboard": Extra("Solara", ("solara",)),
}
"""The extras by name, as in pyproject.toml's ``[project.optional-dependencies]``."""


class MissingExtra(ImportError):
    """A command needs an extra that is not installed; the message says which one to install."""


def is_installed(module: str) -> bool:
    """True when ``module`` can be imported (found on the path), without importing it."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package missing, or a module blocked in sys.modules
        return False


def require_extra(extra: str, needed_for: str, modules: tuple[str, ...] | None = None) -> None:
    """Raise MissingExtra, naming the extra to install, when one of its modules is not installed.

    ``needed_for`` says what needs it (``"wijksim sweep --dask"``); ``modules`` narrows the check
    to the modules that this use needs (default: all of the extra's).
    """
    wanted = EXTRAS[extra]
    missing = [module for module in modules or wanted.modules if not is_installed(module)]
    if missing:
        raise MissingExtra(
            f"{needed_for} needs the '{extra}' extra ({wanted.packages}), which is not installed "
            f"(no module {', '.join(missing)}): pip install 'wijksim[{extra}]' "
            f"(in a source checkout: pip install -e '.[{extra}]')"
        )
