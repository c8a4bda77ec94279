"""Probability distributions as scenario files write them: ``{ dist = "lognormal", mean = 6, cv = 0.5 }``.

Each distribution is a frozen, validated model that can draw a whole vector at once from a numpy
Generator. Everything is parameterised by its mean (and coefficient of variation where it has a
spread), because that is how analysts think about durations and how the literature reports them.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

_STANDARD_NORMAL = NormalDist()


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` independent values."""
        raise NotImplementedError

    @property
    def mean_value(self) -> float:
        """The distribution's mean."""
        raise NotImplementedError

    def quantile(self, u: float) -> float:
        """The value below which a share ``u`` of draws fall: turns one pre-drawn uniform into a draw."""
        raise NotImplementedError


class Fixed(_Dist):
    """Always the same value."""

    dist: Literal["fixed"]
    value: float = Field(ge=0, description="the value")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Return ``size`` copies of the value (draws nothing, so streams stay aligned)."""
        return np.full(size, self.value, dtype=float)

    def quantile(self, u: float) -> float:
        """The value, whatever ``u``."""
        return self.value

    @property
    def mean_value(self) -> float:
        """The value itself."""
        return self.value


class Exponential(_Dist):
    """Memoryless; the textbook service and patience time."""

    dist: Literal["exponential"]
    mean: float = Field(gt=0, description="mean")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw exponential values with the given mean."""
        return rng.exponential(self.mean, size)

    def quantile(self, u: float) -> float:
        """Inverse of the exponential distribution function."""
        return -self.mean * math.log1p(-u)

    @property
    def mean_value(self) -> float:
        """The mean."""
        return self.mean


class Lognormal(_Dist):
    """Right-skewed durations (care trajectories); given by mean and coefficient of variation."""

    dist: Literal["lognormal"]
    mean: float = Field(gt=0, description="mean")
    cv: float = Field(gt=0, le=10, description="coefficient of variation (sd / mean)")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw lognormal values whose mean and cv are as given."""
        sigma2 = math.log1p(self.cv**2)
        mu = math.log(self.mean) - sigma2 / 2
        return rng.lognormal(mu, math.sqrt(sigma2), size)

    def quantile(self, u: float) -> float:
        """Inverse of the lognormal distribution function."""
        sigma2 = math.log1p(self.cv**2)
        z = _STANDARD_NORMAL.inv_cdf(min(max(u, 1e-12), 1 - 1e-12))
        return math.exp(math.log(self.mean) - sigma2 / 2 + math.sqrt(sigma2) * z)

    @property
    def mean_value(self) -> float:
        """The mean."""
        return self.mean


class Gamma(_Dist):
    """Gamma durations, given by mean and coefficient of variation (cv = 1 is exponential)."""

    dist: Literal["gamma"]
    mean: float = Field(gt=0, description="mean")
    cv: float = Field(gt=0, le=10, description="coefficient of variation (sd / mean)")

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw gamma values whose mean and cv are as given."""
        shape = 1.0 / self.cv**2
        return rng.gamma(shape, self.mean / shape, size)

    def quantile(self, u: float) -> float:
        """Inverse of the gamma distribution function."""
        from scipy.special import gammaincinv

        shape = 1.0 / self.cv**2
        return float(gammaincinv(shape, u)) * self.mean / shape

    @property
    def mean_value(self) -> float:
        """The mean."""
        return self.mean


class Triangular(_Dist):
    """Bounded, with a most likely value: for expert estimates."""

    dist: Literal["triangular"]
    low: float = Field(ge=0, description="lowest value")
    mode: float = Field(ge=0, description="most likely value")
    high: float = Field(gt=0, description="highest value")

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high) or self.low == self.high:
            raise ValueError(
                f"needs low <= mode <= high and low < high, got low={self.low}, "
                f"mode={self.mode}, high={self.high}"
            )
        return self

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw triangular values."""
        return rng.triangular(self.low, self.mode, self.high, size)

    def quantile(self, u: float) -> float:
        """Inverse of the triangular distribution function."""
        width = self.high - self.low
        split = (self.mode - self.low) / width
        if u < split:
            return self.low + math.sqrt(u * width * (self.mode - self.low))
        return self.high - math.sqrt((1 - u) * width * (self.high - self.mode))

    @property
    def mean_value(self) -> float:
        """The mean, (low + mode + high) / 3."""
        return (self.low + self.mode + self.high) / 3


class Uniform(_Dist):
    """Every value between low and high equally likely."""

    dist: Literal["uniform"]
    low: float = Field(ge=0, description="lowest value")
    high: float = Field(ge=0, description="highest value")

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low >= self.high:
            raise ValueError(f"needs low < high, got low={self.low}, high={self.high}")
        return self

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw uniform values."""
        return rng.uniform(self.low, self.high, size)

    def quantile(self, u: float) -> float:
        """Inverse of the uniform distribution function."""
        return self.low + u * (self.high - self.low)

    @property
    def mean_value(self) -> float:
        """The midpoint."""
        return (self.low + self.high) / 2


Distribution = Annotated[
    Fixed | Exponential | Lognormal | Gamma | Triangular | Uniform,
    Field(discriminator="dist"),
]
"""Any distribution a scenario may name, told apart by its ``dist`` key."""

DISTRIBUTION_NAMES: tuple[str, ...] = (
    "fixed",
    "exponential",
    "lognormal",
    "gamma",
    "triangular",
    "uniform",
)
