"""Many runs: replications with reproducible seeds, sweeps over experiment specs, and their files."""

from experiments.replications import Replications, run_replications
from experiments.store import load

__all__ = ["Replications", "load", "run_replications"]
