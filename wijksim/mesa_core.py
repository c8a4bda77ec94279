"""Mesa's ``Agent`` and ``Model`` without the rest of Mesa, for a quick start of the command line.

``import mesa`` runs Mesa's package ``__init__``, which imports every part of Mesa: its spaces
(scipy.spatial and, when installed, networkx), the batch runner and the data collector. wijksim's
model uses ``mesa.Agent`` and ``mesa.Model`` only, which live in ``mesa.agent`` and ``mesa.model``
and need numpy alone. Measured on a 2-core machine, the rest costs about 1 s of CPU and 600 modules
at every start of ``wijksim``.

``load_mesa_core()`` registers the ``mesa`` package without running its ``__init__``, imports the
two submodules and puts ``Agent``, ``Model`` and ``__version__`` on the package. Nothing is lost:
the first use of any other name of the package (``mesa.DataCollector``, ``mesa.space``) runs Mesa's
own ``__init__`` then (a module ``__getattr__``, PEP 562), and ``import mesa.space`` works as ever.
The classes are Mesa's own, so the model and its numbers are the same either way.
"""

from __future__ import annotations

import importlib.util
import sys
from importlib import metadata
from types import ModuleType
from typing import Any

CORE_NAMES = ("Agent", "Model")
"""The names of the ``mesa`` package that wijksim's model uses."""


def load_mesa_core() -> None:
    """Make ``import mesa`` give Mesa's package with Agent and Model only; the rest loads on first use.

    Does nothing when ``mesa`` is imported already or cannot be found.
    """
    if "mesa" in sys.modules:
        return
    spec = importlib.util.find_spec("mesa")
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    package = importlib.util.module_from_spec(spec)
    sys.modules["mesa"] = package
    try:
        from mesa.agent import Agent
        from mesa.model import Model
    except Exception:  # another Mesa layout: leave ``import mesa`` to do its usual work
        del sys.modules["mesa"]
        for name in [name for name in sys.modules if name.startswith("mesa.")]:
            del sys.modules[name]
        return
    vars(package).update(
        Agent=Agent,
        Model=Model,
        __version__=metadata.version("mesa"),
        __getattr__=_complete_on_first_use(package),
    )


def _complete_on_first_use(package: ModuleType) -> Any:
    """A module ``__getattr__`` that runs Mesa's own ``__init__`` once, then answers from it."""

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):  # probes such as __path__ or __wrapped__ need no full Mesa
            raise AttributeError(f"module 'mesa' has no attribute {name!r}")
        del package.__getattr__
        spec = package.__spec__
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(package)
        return getattr(package, name)

    return __getattr__
