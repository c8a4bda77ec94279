"""Specialised (second-line) care: a fixed number of places with a waiting list of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import simpy

if TYPE_CHECKING:
    from sim.model import WijkModel


class SpecialisedCareUnit(mesa.Agent):
    """The second line as one unit: places are a SimPy resource, first come first served."""

    name = "specialised_care"

    def __init__(self, model: WijkModel, places: int):
        super().__init__(model)
        self.places = simpy.Resource(model.env, capacity=places)

    @property
    def capacity(self) -> int:
        """Places available at once."""
        return self.places.capacity
