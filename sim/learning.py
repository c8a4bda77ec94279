"""Consulting a colleague teaches: a worker who consults a colleague on a domain knows it better after.

On (``colleague_learning.enabled``, with breadth versus depth on), a consultation teaches the worker
with chance ``teach_probability``: their chance of recognising a need of the case's domain in time
moves ``gain_share`` of the way towards the best colleague's, from this case on (the consultation
comes before the worker's look at the need, ``sim.support.plan_support``). What was learned
fades at ``fade_per_year`` without practice, and never lifts a worker above a specialist's level. An
employed specialist's own discipline still fades without training (``Professional.knowledge``), a
seconded one's is kept up. Seeds 001 and 004: workers learn most from colleagues of other
disciplines in the team ('kennis delen'); the figures are assumptions (A).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.agents import learned_extra
from sim.units import Weeks

if TYPE_CHECKING:
    import numpy as np

    from sim.agents import Professional, TeamAgent
    from sim.scenario.schema import Scenario


class Teaching:
    """Draws, for each consultation, whether it teaches, and records what the worker learned."""

    def __init__(self, scenario: Scenario, rng: np.random.Generator):
        self.spec = scenario.colleague_learning
        self.rng = rng

    def after_consultation(self, team: TeamAgent, worker: Professional, domain: str, t: Weeks) -> None:
        """``worker`` consulted a colleague of ``team`` on ``domain`` at ``t`` (weeks): perhaps they learn."""
        spec = self.spec
        if self.rng.random() >= spec.teach_probability:
            return
        colleagues = [p.knowledge(domain, t) for p in team.professionals if p is not worker]
        if not colleagues:
            return
        own = worker.knowledge(domain, t)
        best = max(colleagues)
        if best <= own:
            return
        extra = learned_extra(worker, domain, t, spec.fade_per_year) + spec.gain_share * (best - own)
        worker.learned[domain] = (extra, t)
