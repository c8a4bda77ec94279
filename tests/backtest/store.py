"""The stored-output back-test: ``summary.csv`` of every scenario in scenarios/, 2 seeds, 1 measured year.

A change meant to keep behaviour (a refactor) must leave these files byte for byte as they are;
``tests/test_backtest.py`` checks that. A change meant to alter behaviour regenerates them in a commit
of its own, after the refactor has landed green:

    python -m tests.backtest.store          # rewrite tests/backtest/*.csv from the current engine

and the commit message says which numbers moved and why.
"""

from __future__ import annotations

import sys
from pathlib import Path

from experiments.replications import run_replications
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
STORED = Path(__file__).resolve().parent
MASTER_SEED = 20261201
REPLICATIONS = 2
YEARS = 1.0


def scenario_files() -> list[Path]:
    """Every runnable scenario file below scenarios/ (``shared/`` holds fragments that others extend)."""
    return sorted(p for p in SCENARIOS.rglob("*.toml") if "shared" not in p.relative_to(SCENARIOS).parts)


def stored_name(path: Path) -> str:
    """The stored file for a scenario: its path below scenarios/, with ``__`` for ``/``."""
    return "__".join(path.relative_to(SCENARIOS).with_suffix("").parts) + ".csv"


def summary_csv(path: Path) -> str:
    """``summary.csv`` as ``wijksim run`` writes it, for this scenario, seed and measured period."""
    reps = run_replications(load_scenario(path), REPLICATIONS, MASTER_SEED, years=YEARS)
    return reps.summary.to_csv(index=False)


def main() -> int:
    """Rewrite every stored summary from the current engine."""
    for path in scenario_files():
        (STORED / stored_name(path)).write_text(summary_csv(path))
        print(f"stored {stored_name(path)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
