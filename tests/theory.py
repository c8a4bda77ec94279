"""Queueing theory the engine is validated against: Erlang C for M/M/c, and a t confidence interval.

All rates are per week and all times in weeks, like the engine. ``lam`` is the arrival rate,
``mu`` the service rate of one server (1 / mean service time) and ``c`` the number of servers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats


def erlang_c(c: int, lam: float, mu: float) -> float:
    """Probability that an arrival has to wait in an M/M/c queue (Erlang's C formula).

    With offered load ``a = lam / mu`` and utilisation ``rho = a / c < 1``::

        C(c, a) = (a^c / c!) / (1 - rho)  /  ( sum_{k=0}^{c-1} a^k / k!  +  (a^c / c!) / (1 - rho) )

    The terms ``a^k / k!`` are built up one from the other, so no factorial is ever formed.
    """
    if c < 1:
        raise ValueError(f"need at least one server, got c={c}")
    a = lam / mu
    rho = a / c
    if not 0 <= rho < 1:
        raise ValueError(f"the queue is unstable: rho = lam / (c mu) = {rho:g} must be below 1")
    term = 1.0  # a^0 / 0!
    below_c = 0.0  # sum of a^k / k! for k < c
    for k in range(c):
        below_c += term
        term *= a / (k + 1)
    # now term == a^c / c!
    waiting = term / (1 - rho)
    return waiting / (below_c + waiting)


def mmc_wq(c: int, lam: float, mu: float) -> float:
    """Mean time in the queue (before service starts) in an M/M/c queue: ``C(c, a) / (c mu - lam)``."""
    return erlang_c(c, lam, mu) / (c * mu - lam)


def mmc_lq(c: int, lam: float, mu: float) -> float:
    """Mean number waiting in an M/M/c queue, by Little's law ``Lq = lam Wq``."""
    return lam * mmc_wq(c, lam, mu)


def t_interval(values: Sequence[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided Student-t confidence interval of independent replication values.

    Returns ``(mean, low, high)``.
    """
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 2:
        raise ValueError("a confidence interval needs at least two replications")
    mean = float(x.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return mean, mean - half, mean + half


def mmc_transient_wq(c: int, lam: float, mu: float, start: float, end: float, tail: float = 1e-15) -> float:
    """Expected mean wait of the arrivals in ``[start, end]`` of an M/M/c queue that is empty at time 0.

    This is what one replication with warm-up ``start`` and measured window ``end - start``
    estimates, so ``mmc_transient_wq(...) / mmc_wq(...) - 1`` is its relative warm-up bias.

    The number in the system is a birth-death chain (births ``lam``, deaths ``min(n, c) mu``),
    truncated at ``n_max`` where the stationary tail ``rho^n`` is below ``tail``. By PASTA an arrival
    at ``t`` finds ``n`` customers with probability ``p_n(t)`` and, first come first served, waits
    ``f(n) = (n - c + 1) / (c mu)`` on average when ``n >= c``. A birth-death chain is reversible, so
    with ``D = diag(sqrt(pi))`` its generator ``Q`` is similar to the symmetric tridiagonal
    ``S = D Q D^-1 = U diag(l) U^T``, and from an empty start::

        E f(N(t)) = sum_k U[0, k] exp(l_k t) (U^T D f)_k / sqrt(pi_0)

    whose average over ``t`` in the window is exact: ``exp(l_k t)`` averages to
    ``(exp(l_k end) - exp(l_k start)) / (l_k (end - start))``, and to 1 for the eigenvalue 0.
    """
    from scipy.linalg import eigh_tridiagonal

    rho = lam / (c * mu)
    if not 0 < rho < 1:
        raise ValueError(f"the queue is unstable: rho = {rho:g} must be below 1")
    if not 0 <= start < end:
        raise ValueError(f"need 0 <= start < end, got start={start:g}, end={end:g}")
    n_max = c + int(math.ceil(math.log(tail) / math.log(rho)))
    n = np.arange(n_max + 1)
    births = np.where(n < n_max, lam, 0.0)
    deaths = mu * np.minimum(n, c)
    # stationary distribution of the truncated chain, in logs: pi_n / pi_{n-1} = lam / deaths_n
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam / deaths[1:]))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    diagonal = -(births + deaths)
    off_diagonal = np.sqrt(births[:-1] * deaths[1:])
    eigenvalues, vectors = eigh_tridiagonal(diagonal, off_diagonal)
    f = np.maximum(n - c + 1, 0) / (c * mu)
    weights = vectors[0, :] * (vectors.T @ (np.sqrt(pi) * f)) / np.sqrt(pi[0])
    length = end - start
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        averaged = (np.exp(eigenvalues * end) - np.exp(eigenvalues * start)) / (eigenvalues * length)
    stationary = np.abs(eigenvalues) * length < 1e-9
    averaged = np.where(stationary, 1.0, averaged)
    return float(weights @ averaged)
