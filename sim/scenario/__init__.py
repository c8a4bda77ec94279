"""Scenario files: the typed schema, the loader with its error messages, and the reference."""

from sim.scenario.loader import ScenarioError, load_scenario, scenario_from_dict
from sim.scenario.schema import COMPLEXITIES, DOMAINS, Scenario

__all__ = ["COMPLEXITIES", "DOMAINS", "Scenario", "ScenarioError", "load_scenario", "scenario_from_dict"]
