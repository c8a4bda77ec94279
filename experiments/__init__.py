"""Many runs: replications with reproducible seeds, sweeps over experiment specs, and their files.

For notebooks: ``experiments.run(spec)`` runs a sweep and ``experiments.compare(a, b)`` a paired
comparison (see ``experiments.api``). Note that ``experiments.compare`` is that function; the module
of the same name is still imported as ``from experiments.compare import run_comparison``.
"""

from experiments.api import compare, run
from experiments.replications import Replications, run_replications
from experiments.store import load

__all__ = ["Replications", "compare", "load", "run", "run_replications"]
