"""wijksim's model: scenarios, the engine and the metrics. It writes no files and draws no plots."""

from sim.metrics import METRIC_NAMES
from sim.run import RunResult, run
from sim.scenario import Scenario, ScenarioError, load_scenario

__all__ = ["METRIC_NAMES", "RunResult", "Scenario", "ScenarioError", "load_scenario", "run"]
