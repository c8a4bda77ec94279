"""Ownership: a team that serves one area knows it; a team pooled over several areas knows each less.

Song, Tucker and Murrell (2015) found that dedicated queues, where a physician owns the patients of
their own queue, shortened stays by about 17% against one pooled queue. In wijksim a team that serves
more than one area is a pooled queue: its workers know each neighbourhood, its network and partners
less, so support takes ``ownership.pooled_support_factor`` longer. With the factor at 0 (the default)
pooling only shares the queue, and shorter waits follow (Devon's assessment teams).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.context import StepContext


def support_factor(ctx: StepContext, team: TeamAgent) -> float:
    """Multiplier of support time in ``team``: 1 for a team of one area, more for a pooled one."""
    factor = ctx.scenario.ownership.pooled_support_factor
    if factor == 0 or team.areas_served <= 1:
        return 1.0
    return 1.0 + factor
