"""The Mesa agents: households that ask for help, the professionals and teams that give it.

Households come into being when they first ask for help and leave the model when they have no
open case and will not come back, so the number of agents follows the number of cases, not the
number of residents. Teams own their caseload slots (``sim.slots``); professionals carry the
caseload, contract and knowledge that the dashboard, the time series and breadth-versus-depth read.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import mesa
import simpy

from sim.places import SlotQueue
from sim.scenario.capacity import worker_caseload_capacity
from sim.units import WEEKS_PER_YEAR, Hours, Weeks

if TYPE_CHECKING:
    from simpy.resources.resource import Request

    from sim.needs import Need
    from sim.scenario.schema import Scenario, StaffLine, Team

ABSENCE_PRIORITY = -1
"""A mother organisation's claim on a seconded worker goes before the residents in the team's queue."""


class Household(mesa.Agent):
    """A household known to the social domain."""

    def __init__(self, model: mesa.Model, area: str):
        super().__init__(model)
        self.area = area
        """The area the household lives in."""
        self.open_cases = 0
        """Cases of the household open now."""
        self.pending_returns = 0
        """Returns to the social domain scheduled but not yet made."""
        self.need: Need | None = None
        """The household's need now (``sim.needs``): latent, or asked for; None once helped or resolved."""
        self.trust = 1.0
        """Factor on the chance of asking for help: lower after giving up or being lost (help seeking)."""
        self.knows_door = False
        """The household has asked a team before, so it knows where to go."""
        self.latent = False
        """The household holds its need latent now, its next decision scheduled (help seeking)."""

    def remove(self) -> None:
        """Leave the model for good; the household lets go of its need (whose row still names it).

        The need refers back to its household, so without this the two would be a reference cycle,
        freed only by the garbage collector, which is off while a run simulates (``sim.run``).
        """
        self.need = None
        super().remove()

    def leave_if_done(self) -> None:
        """Leave the model when nothing is open, latent or scheduled for the household any more."""
        if self.open_cases == 0 and self.pending_returns == 0 and (self.need is None or self.need.done):
            self.remove()


def learned_extra(worker: Professional, domain: str, t: Weeks, fade_per_year: float) -> float:
    """What consultations taught ``worker`` of ``domain``, as added chance of recognition at ``t`` (weeks)."""
    entry = worker.learned.get(domain)
    if entry is None:
        return 0.0
    extra, since = entry
    return extra * math.exp(-fade_per_year * max(t - since, 0.0) / WEEKS_PER_YEAR)


class Professional(mesa.Agent):
    """One worker: discipline, breadth, contract, hours and a caseload limit derived from them."""

    def __init__(self, model: mesa.Model, scenario: Scenario, team_name: str, line: StaffLine):
        super().__init__(model)
        self.scenario = scenario
        self.team_name = team_name
        self.discipline = line.discipline
        self.breadth = frozenset(line.breadth)
        self.contract = line.contract
        self.fte = line.fte
        self.capacity: float = worker_caseload_capacity(scenario, line, team_name)
        """Cases this worker can hold at once (a whole number unless capacity is fractional)."""
        self.caseload = 0
        self.absent = False
        self.strain = 0.0
        """Remembered overload: mean pressure above 1 over the last weeks (``sim.strain``)."""
        self.hired_t: Weeks = 0.0
        """When the worker started, weeks (a newcomer after a vacancy starts later)."""
        self.learned: dict[str, tuple[float, Weeks]] = {}
        """Per domain, what consulting colleagues taught: added chance of recognition, as of when (weeks)."""
        self.rooms: list[float] = [self.capacity]
        """The free room (capacity less caseload) of every worker of the team, this one's at ``position``."""
        self.position = 0
        """This worker's place in the team's list of professionals (and in ``rooms``)."""

    def take_case(self) -> None:
        """One case more (and one less free room in the team's ``rooms``)."""
        self.caseload += 1
        self.rooms[self.position] = self.capacity - self.caseload

    def drop_case(self) -> None:
        """One case less."""
        self.caseload -= 1
        self.rooms[self.position] = self.capacity - self.caseload

    def knowledge(self, domain: str, t: Weeks) -> float:
        """Chance that this worker recognises a need of ``domain`` in time, at time ``t`` (weeks).

        An employed specialist's knowledge of their discipline falls towards a generalist's unless
        trained; a seconded specialist is kept up to date by the mother organisation. What consulting
        colleagues taught (``sim.learning``) adds to it, up to a specialist's level.
        """
        level = self._trained_knowledge(domain, t)
        if self.learned:
            fade = self.scenario.colleague_learning.fade_per_year
            extra = learned_extra(self, domain, t, fade)
            level = max(level, min(level + extra, self.scenario.expertise.specialist_level))
        return level

    def _trained_knowledge(self, domain: str, t: Weeks) -> float:
        """Chance of recognising a need of ``domain`` at ``t`` (weeks) from discipline, breadth and training."""
        spec = self.scenario.expertise
        if domain == self.discipline:
            if self.contract == "seconded":
                return spec.specialist_level
            staffing = self.scenario.staffing
            kept_up = min(1.0, staffing.employed_training_share / staffing.training_share_to_keep_up)
            rate = staffing.employed_knowledge_decay_per_year * (1.0 - kept_up)
            fade = math.exp(-rate * max(t - self.hired_t, 0.0) / WEEKS_PER_YEAR)
            return spec.generalist_level + (spec.specialist_level - spec.generalist_level) * fade
        if domain in self.breadth:
            return spec.breadth_level
        return spec.generalist_level


class TeamAgent(mesa.Agent, SlotQueue):
    """A neighbourhood team (or form C's expert team): a pooled queue in front of its caseload slots."""

    def __init__(self, model: mesa.Model, env: simpy.Environment, scenario: Scenario, name: str, spec: Team):
        super().__init__(model)
        self.name = name
        self.spec = spec
        self.role = spec.role
        self.kind = "expert" if spec.role == "expert" else "team"
        self.ages = spec.ages
        self.areas_served = len(spec.areas) if spec.areas is not None else len(scenario.municipality.areas)
        """Number of areas whose residents the team serves (more than one: a pooled queue)."""
        self._hire(model, scenario, spec)
        capacity = int(math.floor(sum(p.capacity for p in self.professionals) + 1e-9))
        self._make_slots(env, capacity, priorities=self._queue_has_priorities(scenario))
        self.hours_per_fte: Hours = scenario.workforce.hours_per_week_per_fte
        self.hands_over_at_18 = False  # set by the model, which knows the other teams
        expertise = scenario.expertise
        self.match_discipline = expertise.enabled and expertise.match_discipline
        self.waiting_for_specialised = 0
        self.in_transit = 0
        self.claims: list[list[Request]] = []  # slots requested for seconded workers claimed back
        self.held_slots = 0
        """Slots of workers away under strain (``sim.strain``), taken out of ``slots``' capacity."""
        self.intakes_since_snapshot = 0
        self.consultations_since_snapshot = 0
        self.approval_hours_since_snapshot: Hours = 0.0
        self.outreach_hours_since_snapshot: Hours = 0.0
        self.deferred: dict[str, Hours] = {}  # event work by category not yet done (sim.snapshots)
        self.adapting = False  # the team works differently under pressure now (sim.adaptation)

    def _hire(self, model: mesa.Model, scenario: Scenario, spec: Team) -> None:
        """The team's professionals, their free rooms (``assign``), disciplines and FTE."""
        self.professionals = [
            Professional(model, scenario, self.name, line) for line in spec.staff for _ in range(line.people)
        ]
        self._rooms: list[float] = [p.capacity for p in self.professionals]
        """Free room (capacity less caseload) per professional, kept as caseloads change (``assign``)."""
        self._knowing: dict[str | None, list[bool]] = {}
        """Per domain, which professionals have it as discipline or breadth (``_knows``; both are fixed)."""
        for position, worker in enumerate(self.professionals):
            worker.rooms, worker.position = self._rooms, position
        self.disciplines = frozenset(p.discipline for p in self.professionals)
        self.fte = sum(p.fte for p in self.professionals)

    def _queue_has_priorities(self, scenario: Scenario) -> bool:
        """Whether the queue orders its requests: for a mother organisation's claims, or safety first.

        Without either, plain FIFO is cheaper.
        """
        claims = scenario.staffing.seconded_claims_per_year > 0 and any(
            p.contract == "seconded" for p in self.professionals
        )
        adapt = scenario.adaptation
        return claims or (adapt.enabled and adapt.policy == "safety_first")

    @property
    def capacity(self) -> int:
        """Cases the team can hold at once (with the slots of workers away under strain)."""
        return int(self.slots.capacity) + self.held_slots

    @property
    def waiting(self) -> int:
        """Residents in the team's queue (a claim on a seconded worker is not a resident)."""
        queued = sum(1 for claim in self.claims for request in claim if not request.triggered)
        return self.slots.waiting - queued

    @property
    def caseload(self) -> int:
        """Cases the team holds now (slots held for absent workers are not cases)."""
        held = sum(1 for claim in self.claims for request in claim if request.triggered)
        return int(self.slots.count) - held

    def lower_capacity(self, count: int) -> None:
        """A worker is away: ``count`` slots leave the team as they free up, before anyone in the queue.

        The number of places falls at once, so no slot is given to the queue until the cases held are
        below it (cheaper than a claim on a queue ordered by priority).
        """
        self.slots._capacity -= count  # may reach 0 while the whole team is away (the setter refuses < 1)
        self.held_slots += count

    def restore_capacity(self, count: int) -> None:
        """The worker is back: ``count`` slots return, and residents in the queue are taken in at once."""
        self.slots._capacity += count
        self.held_slots -= count
        self.slots.serve_queue()

    def assign(self, domain: str | None = None) -> Professional:
        """A present professional with room takes the case.

        With breadth versus depth on, one who knows the case's domain is preferred; otherwise, and
        among equals, the one with the most free room.
        """
        match = domain if self.match_discipline else None
        if match is None and not self.claims:
            # The first with the most free room, from the rooms kept as caseloads change: no Python
            # call per worker (the cost of a case would grow with the size of the team, and the town).
            room = self._rooms
            if self.held_slots:  # workers away under strain: the first present one with the most room
                present = [
                    -math.inf if p.absent else r for p, r in zip(self.professionals, room, strict=True)
                ]
                most = max(present)
                room = present if most > 0 else room  # nobody present with room: the most room of all
            worker = self.professionals[room.index(max(room))]
        else:  # the first with the largest (present with room, knows the domain, free room)
            professionals = self.professionals
            keys = [
                (not p.absent and room > 0, knows, room)
                for p, knows, room in zip(professionals, self._knows(match), self._rooms, strict=True)
            ]
            worker = professionals[keys.index(max(keys))]
        worker.take_case()
        self.intakes_since_snapshot += 1
        return worker

    def _knows(self, domain: str | None) -> list[bool]:
        """Per professional, whether ``domain`` is their discipline or in their breadth (all False for None)."""
        knows = self._knowing.get(domain)
        if knows is None:
            knows = self._knowing[domain] = [
                domain is not None and (p.discipline == domain or domain in p.breadth)
                for p in self.professionals
            ]
        return knows

    def has_colleague_for(self, domain: str, worker: Professional) -> bool:
        """Whether someone else in the team has ``domain`` as discipline or breadth, to consult."""
        return any(
            p is not worker and (p.discipline == domain or domain in p.breadth) for p in self.professionals
        )

    def paid_hours_per_week(self) -> Hours:
        """Contracted hours of the whole team per week."""
        return self.fte * self.hours_per_fte
