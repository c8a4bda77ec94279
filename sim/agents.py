"""The Mesa agents: households that ask for help, the professionals and teams that give it.

Households come into being when they first ask for help and leave the model when they have no
open case and will not come back, so the number of agents follows the number of cases, not the
number of residents. Teams own their caseload slots as a SimPy resource; professionals carry the
caseload the dashboard and the time series read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import simpy

from sim.scenario.consistency import worker_caseload_capacity
from sim.scenario.schema import StaffLine, Team
from sim.units import Hours

if TYPE_CHECKING:
    from sim.model import WijkModel


class Household(mesa.Agent):
    """A household known to the social domain."""

    def __init__(self, model: WijkModel, area: str):
        super().__init__(model)
        self.area = area
        self.open_cases = 0
        self.pending_returns = 0


class Professional(mesa.Agent):
    """One worker: discipline, contract, hours and a caseload limit derived from them."""

    def __init__(self, model: WijkModel, team_name: str, line: StaffLine):
        super().__init__(model)
        self.team_name = team_name
        self.discipline = line.discipline
        self.contract = line.contract
        self.fte = line.fte
        self.capacity = worker_caseload_capacity(model.scenario, line.fte)
        self.caseload = 0


class TeamAgent(mesa.Agent):
    """A neighbourhood team (or form C's expert team): a pooled queue in front of its caseload slots."""

    def __init__(self, model: WijkModel, name: str, spec: Team):
        super().__init__(model)
        self.name = name
        self.spec = spec
        self.role = spec.role
        self.kind = "expert" if spec.role == "expert" else "team"
        self.ages = spec.ages
        self.professionals = [Professional(model, name, line)
                              for line in spec.staff for _ in range(line.people)]
        self.fte = sum(p.fte for p in self.professionals)
        self.slots = simpy.Resource(model.env, capacity=sum(p.capacity for p in self.professionals))
        self.waiting_for_specialised = 0
        self.in_transit = 0
        self.intakes_since_snapshot = 0
        self.consultations_since_snapshot = 0

    @property
    def capacity(self) -> int:
        """Cases the team can hold at once."""
        return self.slots.capacity

    def assign(self) -> Professional:
        """The professional with the most free room takes the case (one exists: slots are summed)."""
        worker = max(self.professionals, key=lambda p: p.capacity - p.caseload)
        worker.caseload += 1
        self.intakes_since_snapshot += 1
        return worker

    def paid_hours_per_week(self) -> Hours:
        """Contracted hours of the whole team per week."""
        return self.fte * self.model.scenario.workforce.hours_per_week_per_fte
