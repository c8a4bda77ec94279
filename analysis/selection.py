"""Choosing the best of several structures: Kim and Nelson's fully sequential procedure (KN, 2001).

All structures run replication ``r`` on the same seed (common random numbers). After a first stage of
``n0`` replications, KN keeps adding one replication to every structure still in the race and drops a
structure as soon as its mean is clearly worse than another's; it stops when one is left. With an
indifference zone ``delta`` (the minimum relevant difference) the structure it names is the best with
probability at least ``1 - alpha`` whenever the best is at least ``delta`` better than every other.

Kim, S.-H. and Nelson, B. L. (2001). A fully sequential procedure for indifference-zone selection in
simulation. ACM TOMACS 11(3), 251-273.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Selection:
    """What KN found: the best structure (an index, or None when the budget ran out), and the evidence.

    ``replications`` is how many replications each structure had when the race ended; ``survivors`` are
    the structures still in it (one when decided); ``eliminated`` maps each dropped structure to the
    replication count at which it was dropped.
    """

    best: int | None
    replications: int
    survivors: list[int]
    eliminated: dict[int, int] = field(default_factory=dict)
    probability: float = 0.95
    """The stated probability of correct selection (``1 - alpha``) at the indifference zone."""


def kn_eta(k: int, n0: int, alpha: float) -> float:
    """KN's constant eta for ``k`` systems, first stage ``n0`` and error ``alpha``."""
    return 0.5 * ((2 * alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1)


def kim_nelson(
    observe: Callable[[int, Sequence[int]], np.ndarray],
    k: int,
    delta: float,
    alpha: float = 0.05,
    n0: int = 10,
    max_replications: int = 1000,
    lower_is_better: bool = True,
) -> Selection:
    """Run KN: ``observe(r, systems)`` returns replication ``r`` (0-based) of each of ``systems``.

    ``delta`` is the indifference zone in the metric's unit (> 0). Stops with ``best = None`` when
    ``max_replications`` is reached with more than one structure left.
    """
    if k < 2:
        raise ValueError("kim_nelson: needs at least two systems")
    if not delta > 0:
        raise ValueError(f"kim_nelson: delta = {delta!r}: must be > 0")
    if n0 < 2:
        raise ValueError(f"kim_nelson: n0 = {n0}: must be at least 2")
    sign = -1.0 if lower_is_better else 1.0  # KN maximises
    data = [sign * np.asarray(observe(r, list(range(k))), dtype=float) for r in range(n0)]
    first = np.vstack(data)  # n0 x k
    h2 = 2 * kn_eta(k, n0, alpha) * (n0 - 1)
    diffs = first[:, :, None] - first[:, None, :]
    s2 = diffs.var(axis=0, ddof=1)  # S^2_il of the first stage
    sums = first.sum(axis=0)
    alive = list(range(k))
    eliminated: dict[int, int] = {}
    r = n0
    while True:
        means = sums / r
        dropped = []
        for i in alive:
            for other in alive:
                if other == i:
                    continue
                w = max(0.0, delta / (2 * r) * (h2 * s2[i, other] / delta**2 - r))
                if means[i] < means[other] - w:
                    dropped.append(i)
                    break
        for i in dropped:
            alive.remove(i)
            eliminated[i] = r
        if len(alive) == 1:
            return Selection(alive[0], r, alive, eliminated, 1 - alpha)
        if r >= max_replications:
            return Selection(None, r, alive, eliminated, 1 - alpha)
        values = sign * np.asarray(observe(r, alive), dtype=float)
        for position, i in enumerate(alive):
            sums[i] += values[position]
        r += 1


def select_from_replications(
    values: np.ndarray, delta: float, alpha: float = 0.05, n0: int = 10, lower_is_better: bool = True
) -> Selection:
    """KN over stored replications (rows: replications on common seeds, columns: structures).

    The race ends undecided (``best = None``) when the stored replications run out: more are needed.
    """
    table = np.asarray(values, dtype=float)
    n, k = table.shape
    return kim_nelson(
        lambda r, systems: table[r, list(systems)],
        k,
        delta,
        alpha,
        min(n0, n),
        max_replications=n,
        lower_is_better=lower_is_better,
    )
