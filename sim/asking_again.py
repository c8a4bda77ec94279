"""Asking again: a resident whose case ended before any contact keeps asking for the need only by chance.

With help seeking on, a household that gave up waiting, or was lost in a hand-off, before any contact
keeps its need (``sim.help_seeking.Seekers.back_to_latent``) and may ask again later. Without this
mechanism every one of them keeps the need in the model until help, the own network or a crisis ends
it, however often it gave up: at a team whose caseload is full the pool of those who gave up grows
year after year, and their returns with it (README, "why A1's waiting list kept growing"). On
(``asking_again.enabled``), the household keeps the need, and asks again later, with chance
``probability * factor_per_return ** (n - 1)`` after its n-th such end for this need; otherwise it
stops asking for it: the need leaves the model unmet (``stopped_t``, its own line in the books of
needs, ``sim.metrics.need_balance``) and the household is treated like one whose case ended
(``behaviour.reentry_probability``: it may come back later with a new request).

Each decision reads one uniform of its own stream (``asking_again``), drawn when the decision falls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from sim.needs import Need
    from sim.scenario.schema import AskingAgain


def ask_again_chance(spec: AskingAgain, ends_before_contact: int) -> float:
    """Chance to keep the need and ask again after its ``ends_before_contact``-th end before any contact."""
    return spec.probability * spec.factor_per_return ** max(ends_before_contact - 1, 0)


class AskAgain:
    """Decides, for each end before any contact, whether the household keeps asking for the need."""

    def __init__(self, spec: AskingAgain, generator: np.random.Generator):
        self.spec = spec
        self.generator = generator
        self.ends: dict[int, int] = {}
        """Per need (its number), its ends before any contact so far."""

    def keeps_asking(self, need: Need) -> bool:
        """One more end before any contact of ``need``: whether its household keeps it and asks again."""
        n = self.ends.get(need.id, 0) + 1
        self.ends[need.id] = n
        return bool(self.generator.random() < ask_again_chance(self.spec, n))
