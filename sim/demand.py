"""Who asks for help, when, and with what: every request of a run is drawn up front, vectorised.

Drawing all requests and their attributes at the start, stream by stream in arrival order, costs a
few numpy calls per run instead of many Python calls per case, and it makes comparisons exact: a
case's draws do not depend on what happened in the simulation before it arrived, so two structures
run with the same seed meet the same residents with the same needs at the same moments.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.random_streams import RandomStreams
from sim.scenario.schema import COMPLEXITIES, DOMAINS, Scenario
from sim.units import MONTHS_PER_YEAR, WEEKS_PER_YEAR, Weeks

NEVER: float = np.inf

STRUCTURE_DRAWS: tuple[str, ...] = (
    "birthday",  # share of a year until the next birthday
    "door",  # goes to a wrong door (split teams)
    "door_pick",  # ... which one
    "bounce",  # lost when bounced
    "mixed",  # the household has needs on both sides of the 18- / 18+ line
    "triage",  # triage puts the case in its true class or a neighbouring one
    "handoff_loss",  # lost in a hand-off (the k-th hand-off uses a shifted copy)
    "handoff_delay",  # quantile of the hand-off delay
    "desk",  # quantile of the desk's handling time
    "push",  # the first line pushes the case on
    "push_after",  # quantile of the time before it does
    "late",  # quantile of the time before late recognition
    "aftercare",  # quantile of aftercare in the front team
    "bridge",  # quantile of the bridge worker's involvement
    "first_line",  # quantile of first-line support
    "recognise",  # the worker recognises the need in time (breadth versus depth)
    "recognition",  # quantile of the time an unrecognised need hangs around
    "no_colleague",  # quantile of the delay when no colleague of the domain is there to consult
    "provision",  # the case needs a provision that must be decided on (mandate)
    "provision_cost",  # quantile of the provision's cost
    "decision",  # quantile of the decision time at a mandate level
    "back_office",  # quantile of the back office's check
)
"""One uniform per case for each structural mechanism, in a stream of their own: a mechanism turned
on or off never shifts the numbers of the others, nor the needs and durations of the residents. New
names are only ever appended; each name is drawn as its own column so existing columns keep their
values."""

DOOR_DRAWS: tuple[str, ...] = ("front_office_plan",)  # the shared front office makes one plan
"""Per-case uniforms of the doors' mechanisms (``sim.wrong_doors``, the shared front office), read with
``case.u`` like STRUCTURE_DRAWS but drawn from streams of their own (``door_draws`` and
``<stream>_door_draws``), so that the blocks of the other draws stay as they were. New names are only
ever appended."""

AGENT_DRAWS: tuple[str, ...] = (
    "ask",  # the week the household asks for help (its k-th latent spell uses a shifted copy)
    "network",  # the household has an own network that helps
    "network_resolves",  # ... and it resolves this (light) need
    "network_weeks",  # quantile of the time until it does
    "outreach",  # the week outreach finds the latent need (shifted copies per spell)
    "signal",  # the week a signalling partner refers it (shifted copies per spell)
    "dropout_severity",  # a worsened case stops during support
    "dropout_severity_at",  # ... at this share of its support
)
"""Per-case uniforms of the residents' and professionals' decisions (issue "residents and professionals
who act"), read with ``case.u`` like STRUCTURE_DRAWS but drawn from streams of their own
(``agent_draws`` and ``<stream>_agent_draws``), so that the blocks of STRUCTURE_DRAWS stay as they
were. New names are only ever appended."""


@dataclass(frozen=True, slots=True)
class NeedDraws:
    """Attributes of ``n`` cases, one list each; index ``i`` is one case.

    Drawn as numpy arrays, read through memoryviews: a case reads its own values one at a time, and
    indexing a memoryview gives Python numbers several times cheaper than numpy scalar access, in 8
    bytes a value instead of a list's Python float of 32 (the whole horizon's arrivals are drawn up
    front).
    """

    area: memoryview  # index into DemandModel.areas
    age: memoryview  # years
    domain: memoryview  # index into DOMAINS
    complexity: memoryview  # index into COMPLEXITIES
    severity0: memoryview  # severity at the request
    assessment: memoryview  # weeks
    support: memoryview  # weeks
    consult: memoryview  # a colleague is consulted
    consult_delay: memoryview  # weeks added to support when consulting
    refer_u: memoryview  # uniform: need beyond the team -> specialised care if below the probability
    specialised: memoryview  # weeks in specialised care
    dropout_at: memoryview  # fraction of support after which the resident stops; inf = never
    patience: memoryview  # weeks before giving up waiting; inf = never
    reentry_delay: memoryview  # weeks from the end of the case to a new request; inf = no re-entry
    u: dict[str, memoryview]  # one uniform per name in STRUCTURE_DRAWS, AGENT_DRAWS and DOOR_DRAWS

    def __len__(self) -> int:
        return len(self.age)


@dataclass(slots=True)
class DrawRow:
    """One case's row in a block of draws."""

    draws: NeedDraws
    index: int


class DemandModel:
    """Turns the scenario's demand section into request times and case attributes."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        muni = scenario.municipality
        self.areas: list[str] = list(muni.areas)
        self.area_p = np.array([muni.areas[a] for a in self.areas], dtype=float)
        rates = scenario.demand.requests_per_1000_residents_per_year
        cells, weights = [], []
        for group_name, by_domain in rates.items():
            group = muni.age_groups[group_name]
            for domain, rate in by_domain.items():
                if rate > 0:
                    cells.append((group.min_age, group.max_age, DOMAINS.index(domain)))
                    weights.append(muni.residents * group.share / 1000.0 * rate)
        self.cells = np.array(cells, dtype=int).reshape(-1, 3)
        self.cell_p = np.array(weights) / np.sum(weights)
        self.requests_per_week: float = float(np.sum(weights)) / WEEKS_PER_YEAR
        profile = np.asarray(scenario.demand.monthly_profile, dtype=float)
        self.month_factor = profile / profile.mean()
        mix = scenario.demand.complexity_mix
        self.complexity_p = np.array([mix.get(c) for c in COMPLEXITIES])

    def rate_at(self, t: Weeks) -> float:
        """Requests per week at time ``t`` (seasonal profile included)."""
        month = int((t % WEEKS_PER_YEAR) / WEEKS_PER_YEAR * MONTHS_PER_YEAR) % MONTHS_PER_YEAR
        return self.requests_per_week * float(self.month_factor[month])

    def request_times(
        self, rng: np.random.Generator, start: Weeks, end: Weeks, scale: float = 1.0
    ) -> np.ndarray:
        """A (possibly seasonal) Poisson process on [start, end), by thinning a homogeneous one.

        ``scale`` multiplies the rate (needs that arise per request, with help seeking on).
        """
        peak = self.requests_per_week * float(self.month_factor.max())
        if scale != 1.0:
            peak *= scale
        expected = peak * (end - start)
        gaps = rng.exponential(1.0 / peak, int(expected + 10 * np.sqrt(expected) + 100))
        times = start + np.cumsum(gaps)
        while times[-1] < end:  # rare: top up until the horizon is covered
            more = times[-1] + np.cumsum(rng.exponential(1.0 / peak, len(gaps)))
            times = np.concatenate([times, more])
        keep_u = rng.random(len(times))
        times = times[times < end]
        month = ((times % WEEKS_PER_YEAR) / WEEKS_PER_YEAR * MONTHS_PER_YEAR).astype(int) % 12
        accept = keep_u[: len(times)] < self.month_factor[month] / self.month_factor.max()
        return times[accept]

    def draw_needs(self, streams: RandomStreams, n: int, need_stream: str = "needs") -> NeedDraws:
        """Attributes for ``n`` new cases. Every stream is consumed by a fixed amount per case.

        New cases draw needs, durations, routing and behaviour from streams of their own; returning
        households, second members and loaded cases draw them all from ``need_stream``.
        """
        needs = streams[need_stream]
        own = need_stream == "needs"
        who = self._who(needs, n)
        complexity = who["complexity"]
        arrays = {
            **who,
            **self._durations(streams["durations"] if own else needs, complexity, n),
            **self._routing(streams["routing"] if own else needs, complexity, n),
            **self._behaviour(streams["behaviour"] if own else needs, n),
        }
        structure = streams["structure" if own else f"{need_stream}_structure"]
        uniforms = {name: _compact(structure.random(n)) for name in STRUCTURE_DRAWS}
        agent = streams["agent_draws" if own else f"{need_stream}_agent_draws"]
        uniforms.update({name: _compact(agent.random(n)) for name in AGENT_DRAWS})
        doors = streams["door_draws" if own else f"{need_stream}_door_draws"]
        uniforms.update({name: _compact(doors.random(n)) for name in DOOR_DRAWS})
        return NeedDraws(**{name: _compact(arrays[name]) for name in _ARRAY_FIELDS}, u=uniforms)

    def _who(self, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
        """Area, age, domain, complexity and initial severity, in this order of drawing."""
        area = _categorical(rng, self.area_p, n)
        cell = self.cells[_categorical(rng, self.cell_p, n)]
        age = cell[:, 0] + np.floor(rng.random(n) * (cell[:, 1] - cell[:, 0] + 1)).astype(int)
        complexity = _categorical(rng, self.complexity_p, n)
        severity0 = _by_class(self.scenario.demand.severity.initial, rng, complexity, n)
        return {
            "area": area,
            "age": age,
            "domain": cell[:, 2],
            "complexity": complexity,
            "severity0": severity0,
        }

    def _durations(self, rng: np.random.Generator, complexity: np.ndarray, n: int) -> dict[str, np.ndarray]:
        """Weeks of assessment, support, consultation delay and specialised care."""
        sc = self.scenario
        return {
            "assessment": _by_class(sc.pathway.assessment_weeks, rng, complexity, n),
            "support": _by_class(sc.pathway.support_weeks, rng, complexity, n),
            "consult_delay": sc.pathway.consultation_delay_weeks.sample(rng, n),
            "specialised": sc.specialised_care.duration_weeks.sample(rng, n),
        }

    def _routing(self, rng: np.random.Generator, complexity: np.ndarray, n: int) -> dict[str, np.ndarray]:
        """Whether a colleague is consulted, and the uniform that decides a referral."""
        consult = rng.random(n) < _class_values(self.scenario.pathway.consultation_probability, complexity)
        return {"consult": consult, "refer_u": rng.random(n)}

    def _behaviour(self, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
        """Drop-out during support, patience while waiting, and a later return."""
        sc = self.scenario
        drops = rng.random(n) < sc.pathway.support_dropout_probability
        dropout_at = np.where(drops, rng.random(n), NEVER)
        patience_dist = sc.behaviour.patience_weeks
        patience = patience_dist.sample(rng, n) if patience_dist is not None else np.full(n, NEVER)
        returns = rng.random(n) < sc.behaviour.reentry_probability
        reentry_delay = np.where(returns, sc.behaviour.reentry_delay_weeks.sample(rng, n), NEVER)
        return {"dropout_at": dropout_at, "patience": patience, "reentry_delay": reentry_delay}


_ARRAY_FIELDS: tuple[str, ...] = (
    "area",
    "age",
    "domain",
    "complexity",
    "severity0",
    "assessment",
    "support",
    "consult",
    "consult_delay",
    "refer_u",
    "specialised",
    "dropout_at",
    "patience",
    "reentry_delay",
)
"""The fields of NeedDraws drawn as arrays (all but ``u``)."""


def _compact(values: np.ndarray) -> memoryview:
    """The array read through a ``memoryview``: indexing gives Python numbers.

    8 bytes a value (1 for a truth value), held by numpy, instead of a Python float's 32 in a list.
    """
    return np.ascontiguousarray(values).data


def _categorical(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """``n`` draws of an index with probabilities ``p``, one uniform each."""
    return np.minimum(np.searchsorted(np.cumsum(p), rng.random(n), side="right"), len(p) - 1)


def _by_class(table, rng: np.random.Generator, complexity: np.ndarray, n: int) -> np.ndarray:
    """Draw from each class's distribution for all cases, keep each case's own class."""
    draws = np.stack([table.get(c).sample(rng, n) for c in COMPLEXITIES])
    return draws[complexity, np.arange(n)]


def _class_values(table, complexity: np.ndarray) -> np.ndarray:
    return np.array([table.get(c) for c in COMPLEXITIES])[complexity]
