"""Design points of an experiment spec: full factorial, Latin hypercube or Saltelli's Sobol' scheme.

Every design is a DataFrame with one row per point and one column per factor key (in file order),
and depends only on the spec, so the same spec and seed always give the same points.

A Latin hypercube with a ``scenario`` factor samples the other factors and runs every sample on
every structure: points ``k * S .. k * S + S - 1`` are sample ``k`` on the ``S`` scenario files, in
their order (paired futures, as ``wijksim robustness`` runs them).

One at a time (``oat``): the first point leaves every factor at the scenario's own value (NaN in the
design: no override), then each factor in file order takes its low and then its high while the others
keep their own values. With a ``scenario`` factor every point runs on every structure, as for lhs.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import qmc

from experiments.spec import SCENARIO_FACTOR, ExperimentSpec


def design_points(spec: ExperimentSpec) -> pd.DataFrame:
    """One row per design point, one column per factor key, in the order of the spec file."""
    keys = list(spec.factors)
    kind = spec.design.kind
    if kind == "factorial":
        levels = [list(spec.factors[key].values or ()) for key in keys]
        return pd.DataFrame(list(itertools.product(*levels)), columns=keys)
    if kind in ("lhs", "oat") and SCENARIO_FACTOR in spec.factors:
        return _structures_crossed(spec)
    if kind == "oat":
        return _one_at_a_time(spec)
    if kind == "lhs":
        unit = qmc.LatinHypercube(d=len(keys), seed=spec.seed).random(n=_samples(spec))
        low, high = _bounds(spec)
        points = qmc.scale(unit, low, high)
    elif kind == "sobol":
        from SALib.sample import sobol

        points = sobol.sample(sobol_problem(spec), _samples(spec), calc_second_order=False, seed=spec.seed)
    else:  # pragma: no cover - the schema allows only the three kinds
        raise ValueError(f"unknown design kind {kind!r}")
    frame = pd.DataFrame(points, columns=keys)
    for key in keys:
        if spec.factors[key].integer:
            frame[key] = np.rint(frame[key]).astype(np.int64)
    return frame


def _one_at_a_time(spec: ExperimentSpec) -> pd.DataFrame:
    """The scenario's own values (all NaN), then every factor at its low and its high, one at a time."""
    keys = list(spec.factors)
    low, high = _bounds(spec)
    rows: list[list[float]] = [[np.nan] * len(keys)]
    for i, key in enumerate(keys):
        for end in (low[i], high[i]):
            row = [np.nan] * len(keys)
            row[i] = float(np.rint(end)) if spec.factors[key].integer else end
            rows.append(row)
    return pd.DataFrame(rows, columns=keys, dtype=float)


def _structures_crossed(spec: ExperimentSpec) -> pd.DataFrame:
    """An LHS or oat design over the factors other than ``scenario``, each point on every structure."""
    structures = list(spec.factors[SCENARIO_FACTOR].values or ())
    others = [key for key in spec.factors if key != SCENARIO_FACTOR]
    sampled = ExperimentSpec.model_validate(
        {**spec.model_dump(), "factors": {key: spec.factors[key].model_dump() for key in others}}
    )
    samples = design_points(sampled)
    crossed = samples.loc[samples.index.repeat(len(structures))].reset_index(drop=True)
    crossed.insert(0, SCENARIO_FACTOR, structures * len(samples))
    return crossed[list(spec.factors)]


def sobol_problem(spec: ExperimentSpec) -> dict[str, Any]:
    """The SALib problem dict (``num_vars``, ``names``, ``bounds``) for sampling and analysis."""
    low, high = _bounds(spec)
    return {
        "num_vars": len(spec.factors),
        "names": list(spec.factors),
        "bounds": [[lo, hi] for lo, hi in zip(low, high, strict=True)],
    }


def _bounds(spec: ExperimentSpec) -> tuple[list[float], list[float]]:
    low, high = [], []
    for key, factor in spec.factors.items():
        if factor.low is None or factor.high is None:
            raise ValueError(f"factor {key!r} needs low and high for a {spec.design.kind} design")
        low.append(float(factor.low))
        high.append(float(factor.high))
    return low, high


def _samples(spec: ExperimentSpec) -> int:
    if spec.design.samples is None:
        raise ValueError(f"a {spec.design.kind} design needs design.samples")
    return spec.design.samples
