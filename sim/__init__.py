"""wijksim's model: scenarios, the engine and the metrics. It writes no files and draws no plots."""

from sim.metrics import METRIC_NAMES
from sim.run import RunResult, run
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Scenario

__all__ = ["METRIC_NAMES", "RunResult", "Scenario", "ScenarioError", "load_scenario", "run"]
