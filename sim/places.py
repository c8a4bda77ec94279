"""Units that are a number of places with one first-come-first-served queue.

Specialised (second-line) care, form A2's first line, a triage desk or front office, and the bridge
worker's room for hand-overs are all this: a SimPy resource of places, and a count of cases on their
way in (in a hand-off) so that the time series shows them as waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import simpy

if TYPE_CHECKING:
    from sim.model import WijkModel


class PlacesUnit(mesa.Agent):
    """A unit of ``places`` places; ``kind`` says what it is ("specialised", "first_line", "desk", ...).

    With ``priorities`` its queue is ordered by priority first (lower goes first), then by arrival.
    """

    def __init__(
        self, model: WijkModel, name: str, kind: str, places: int, fte: float = 0.0, priorities: bool = False
    ):
        super().__init__(model)
        self.name = name
        self.kind = kind
        self.slots = (
            simpy.PriorityResource(model.env, capacity=places)
            if priorities
            else simpy.Resource(model.env, capacity=places)
        )
        self.fte = fte
        self.in_transit = 0

    @property
    def capacity(self) -> int:
        """Places available at once."""
        return self.slots.capacity
