"""Teams that adapt under pressure: above a waiting-list threshold a team changes how it works.

Each week a team compares residents waiting per FTE with ``adaptation.waiting_per_fte``; while above,
it is ``adapting`` and applies its policy: ``shorten_support`` (support planned shorter),
``first_line`` (a light single-problem request is sent to the first line, the 'voorliggend veld',
instead of joining the queue) or ``safety_first`` (multi-problem cases go before the others in the
queue). Seed 004: 39% of organisations see waiting lists arise, 51% fear heavy cases crowd out light
help; the responses are those teams describe (A).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case
    from sim.scenario.schema import Adaptation

SAFETY_PRIORITY = 0
"""A multi-problem case in a team that puts safety first keeps the ordinary priority ..."""
LATER_PRIORITY = 1
"""... and the other residents who join while it adapts queue after it."""


def update(team: TeamAgent, spec: Adaptation) -> None:
    """The team's weekly look at its waiting list: adapt while it is above the threshold."""
    team.adapting = team.fte > 0 and team.waiting / team.fte > spec.waiting_per_fte


def support_factor(spec: Adaptation) -> float:
    """Support time relative to the plan in a team that adapts."""
    return spec.support_factor if spec.policy == "shorten_support" else 1.0


def queue_priority(team: TeamAgent, spec: Adaptation, case: Case) -> int:
    """The priority a resident joins the team's queue with (lower goes first)."""
    if spec.policy != "safety_first" or not team.adapting or case.complexity == "multi_problem":
        return SAFETY_PRIORITY
    return LATER_PRIORITY


def sends_to_first_line(team: TeamAgent, spec: Adaptation, case: Case, severity: float) -> bool:
    """Whether a team that adapts sends this request to the first line instead of taking it."""
    return (
        team.adapting
        and spec.policy == "first_line"
        and case.complexity == "single"
        and severity < spec.light_severity
    )
