"""Many runs: replications with reproducible seeds, and the files a run leaves behind."""

from experiments.replications import Replications, run_replications

__all__ = ["Replications", "run_replications"]
