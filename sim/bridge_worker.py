"""The bridge worker ('brugfunctionaris', De Bilt): one plan across the youth and adult teams.

Attached to both teams, the bridge worker makes a hand-over warm: at the 18th birthday, and when a
household has needs on both sides. Their room is finite: when every place is taken, the hand-over
goes the cold way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.places import PlacesUnit

if TYPE_CHECKING:
    import mesa
    import simpy

    from sim.case import Case
    from sim.scenario.schema import BridgeWorker as BridgeSpec


class BridgeWorker(PlacesUnit):
    """Bridge worker(s) with room for a number of hand-overs at once."""

    def __init__(self, model: mesa.Model, env: simpy.Environment, spec: BridgeSpec):
        super().__init__(model, env, "bridge_worker", "bridge", spec.households_at_once)
        self.fte = spec.fte
        self.spec = spec

    def take(self, case: Case, ages_checked: int | None = None) -> bool:
        """Take on a hand-over if there is room (and, for a transition, the age is theirs)."""
        low, high = self.spec.ages
        if ages_checked is not None and not low <= ages_checked <= high:
            return False
        if self.slots.count >= self.slots.capacity:
            return False
        place = self.slots.request()  # granted at once: there is room
        weeks = self.spec.weeks_per_handover.quantile(case.u("bridge"))
        self.env.timeout(weeks).callbacks.append(lambda _: self.slots.release(place))
        return True
