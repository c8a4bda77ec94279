"""A case's stay at a unit: what waiting for a unit gives, whether the case got a place or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simpy.resources.resource import Request

    from sim.case import Case, Visit
    from sim.unit_interface import Unit


@dataclass(slots=True)
class Stay:
    """A case's stay at a unit: its visit, and its place there if it was ``served``."""

    unit: Unit
    visit: Visit
    slot: Request
    """The case's request for a place; granted if ``served``."""
    served: bool
    """False if the case left the queue before it got a place (its journey went on elsewhere or ended)."""

    def leave(self, case: Case, now: float, outcome: str) -> None:
        """Give back the case's place and close its visit at ``now`` (weeks) with ``outcome``."""
        self.unit.release(self.slot)
        worker = case.worker
        if worker is not None and worker.team_name == self.unit.name:
            worker.caseload -= 1
            case.worker = None
        self.visit.close(now, outcome)
