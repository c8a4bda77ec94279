"""Scenario files: the typed schema, the loader with its error messages, the checks and the reference.

Only the schema and the error are re-exported here: the loader checks a scenario against its
organisation form (``sim.forms``), which itself builds on the schema, so ``load_scenario`` and
``scenario_from_dict`` are imported from ``sim.scenario.loader`` (or from ``sim``).
"""

from sim.scenario.errors import ScenarioError
from sim.scenario.schema import COMPLEXITIES, DOMAINS, Scenario

__all__ = ["COMPLEXITIES", "DOMAINS", "Scenario", "ScenarioError"]
