"""The named state of one request for help: the case, its visits to units, its hand-offs.

A case is mutable while the run goes on; when it ends (or the run ends) it writes one ``CaseRow``, one
``VisitRow`` per visit and one ``HandoffRow`` per hand-off, each built by field name (a case's and a
hand-off's by keyword, a visit's from its attributes named as the row's fields). Times are in weeks
from the start of the run; "not yet" is NaN.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

from sim.records import NAN, CaseRow, HandoffRow, VisitRow
from sim.scenario.schema import COMPLEXITIES, DOMAINS
from sim.units import WEEKS_PER_YEAR, Weeks

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from simpy.resources.resource import Request

    from sim.agents import Household, Professional, TeamAgent
    from sim.demand import NeedDraws
    from sim.needs import Need
    from sim.unit_interface import Unit


class Visit:
    """A stay of a case at one unit: queueing from ``arrive_t``, served from ``start_t`` until ``end_t``.

    While the case is served it holds ``place`` at the unit ``at``; ``leave`` gives the place back and
    closes the visit. The names of its recorded fields are those of ``VisitRow``.
    """

    __slots__ = ("case", "unit", "kind", "arrive_t", "start_t", "end_t", "outcome", "contract", "at", "place")

    def __init__(self, case_id: int, unit: str, kind: str, arrive_t: Weeks, start_t: Weeks = NAN):
        self.case = case_id
        """The number of the case."""
        self.unit = unit
        """Name of the unit visited."""
        self.kind = kind
        """"team", "expert", "desk", "first_line", "specialised", "approval", "wrong_door" or "handoff"."""
        self.arrive_t: Weeks = arrive_t
        """When the case joined the unit's queue (weeks)."""
        self.start_t: Weeks = start_t
        """When the unit began serving it (weeks); NaN if never served."""
        self.end_t: Weeks = NAN
        """When the case left the unit (weeks); NaN while it is still there."""
        self.outcome = "open"
        """How the visit ended: "served", "gave_up", "crisis", "stopped", "moved", "bounced", ..."""
        self.contract = ""
        """The contract of the worker who took the case in a team visit; "" elsewhere."""
        self.at: Unit | None = None
        """The unit whose place the case holds (set with ``place``)."""
        self.place: Request | None = None
        """The case's granted request for a place at ``at`` while it holds one; None before it was
        served (or if it never was), after it left, and in visits that need no place."""

    def close(self, t: Weeks, outcome: str) -> None:
        """The case leaves the unit at ``t`` (weeks) with ``outcome``."""
        self.end_t = t
        self.outcome = outcome

    def leave(self, case: Case, t: Weeks, outcome: str) -> None:
        """Give back the case's place, free its worker if they are of this unit, and close at ``t`` (weeks)."""
        unit = self.at
        if unit is None or self.place is None:
            raise RuntimeError(f"case {self.case} holds no place at {self.unit}")
        unit.release(self.place)
        self.at = self.place = None
        worker = case.worker
        if worker is not None and worker.team_name == self.unit:
            worker.drop_case()
            case.worker = None
        self.end_t = t
        self.outcome = outcome


_VISIT_FIELDS = attrgetter(*VisitRow._fields)
"""A visit's recorded fields, read by the names of ``VisitRow``'s fields."""


def visit_rows(visits: Iterable[Visit]) -> Iterator[VisitRow]:
    """The records of ``visits``: each visit's fields named as in ``VisitRow`` (read in C, one call a row)."""
    return map(VisitRow._make, map(_VISIT_FIELDS, visits))


class Handoff:
    """One transfer of a case between two units, mutable until its outcome is settled."""

    __slots__ = ("case_id", "from_unit", "to_unit", "boundary", "t", "warm", "delay", "outcome")

    def __init__(self, case_id: int, from_unit: str, to_unit: str, boundary: str, t: Weeks, warm: bool):
        self.case_id = case_id
        """The case that moves."""
        self.from_unit = from_unit
        """The unit it leaves."""
        self.to_unit = to_unit
        """The unit it goes to."""
        self.boundary = boundary
        """What kind of transfer: "wrong_door", "front_to_expert", "transition_18", ..."""
        self.t: Weeks = t
        """When the case left ``from_unit`` (weeks)."""
        self.warm = warm
        """Coordinated (warm) or a letter and a new appointment (cold)."""
        self.delay: Weeks = NAN
        """Weeks until the first contact in ``to_unit``; NaN if none (yet)."""
        self.outcome = "pending"
        """"pending" until settled: "completed", "delayed", "lost", "bounced" or "duplicated"."""

    def row(self) -> HandoffRow:
        """The record of this hand-off."""
        return HandoffRow(
            case=self.case_id,
            from_unit=self.from_unit,
            to_unit=self.to_unit,
            boundary=self.boundary,
            t=self.t,
            warm=self.warm,
            delay_weeks=self.delay,
            outcome=self.outcome,
        )


class Case:
    """A request for help and everything that happens to it (mutable while the run goes on)."""

    __slots__ = (
        "id",
        "household",
        "reentry",
        "age",
        "domain",
        "complexity",
        "severity0",
        "draws",
        "index",
        "team",
        "worker",
        "request_t",
        "first_contact_t",
        "assessed_t",
        "consult_t",
        "end_t",
        "outcome",
        "escalation",
        "drop_reason",
        "visits",
        "plan",
        "handoffs",
        "pending_handoff",
        "member",
        "severity",
        "severity_t",
        "growth",
        "need",
        "contact_severity",
        "knew_door",
    )

    def __init__(self, case_id: int, household: Household, draws: NeedDraws, index: int, request_t: Weeks):
        self.id = case_id  # Number of the case in the run, from 0 in order of registration.
        self.household = household  # The household that asked.
        self.reentry = False  # The household asked before.
        self.age: int = draws.age[index]  # years, at the request (18 when moved to the adult team)
        self.domain: str = DOMAINS[draws.domain[index]]  # The domain of the need (one of DOMAINS).
        self.complexity: str = COMPLEXITIES[draws.complexity[index]]  # "single", "multiple", "multi_problem"
        self.severity0: float = draws.severity0[index]  # severity at the request (escalates at the threshold)
        self.draws = draws  # The block of pre-drawn numbers this case's random numbers live in ...
        self.index = index  # ... at this position.
        self.team: TeamAgent | None = None  # The team that owns the case now.
        self.worker: Professional | None = None  # The professional who holds the case now.
        self.request_t: Weeks = request_t  # When the resident asked for help (weeks).
        self.first_contact_t: Weeks = NAN  # First real contact with a professional (weeks); NaN if none.
        self.assessed_t: Weeks = NAN  # Plan agreed (weeks); NaN if not reached.
        self.consult_t: Weeks = NAN  # A colleague consulted (weeks); NaN if not.
        self.end_t: Weeks = NAN  # When the case ended (weeks); NaN while open.
        self.outcome = "open"  # "open", "closed" or "dropped_out".
        self.escalation = ""  # "", "needed" (referred to specialised care) or "worsening" (a crisis).
        self.drop_reason = ""  # "", "gave_up_waiting", "stopped_support" or "lost_in_handoff".
        self.visits: list[Visit] = []  # Every unit the case stayed at, in order.
        self.plan = case_id  # Cases of one household that share a plan share this number.
        self.handoffs: list[Handoff] = []  # Every transfer of the case, in order.
        self.pending_handoff: Handoff | None = None  # the hand-off the receiving unit has not yet seen
        self.member = False  # A second case opened for another member of the household (split teams).
        self.severity: float = self.severity0  # severity at severity_t (sim.severity; only when it is state)
        self.severity_t: Weeks = request_t  # weeks
        self.growth = 0.0  # severity added per week from severity_t on (0: helped, it holds)
        self.need: Need | None = None  # the household's need this case is for (sim.needs)
        self.contact_severity: float = NAN  # severity at the first contact (severity as state)
        self.knew_door = False  # the household had been in contact with a team before this request

    def draw(self, name: str) -> float:
        """This case's pre-drawn value of one attribute (a field of NeedDraws)."""
        return getattr(self.draws, name)[self.index]

    def u(self, name: str) -> float:
        """This case's pre-drawn uniform for one structural mechanism (see STRUCTURE_DRAWS)."""
        return self.draws.u[name][self.index]

    def reaches_age_at(self, age: int) -> Weeks:
        """When the resident turns ``age``, in weeks (their birthday falls at a random point in the year)."""
        years = age - self.age - 1 + self.u("birthday")
        return self.request_t + years * WEEKS_PER_YEAR

    def visit(self, unit: str, kind: str, arrive_t: Weeks, start_t: Weeks = NAN) -> Visit:
        """Open a visit of this case at ``unit`` (it joined the queue at ``arrive_t``, weeks)."""
        visit = Visit(self.id, unit, kind, arrive_t, start_t)
        self.visits.append(visit)
        return visit

    def row(self) -> CaseRow:
        """The record of this case as it stands."""
        return CaseRow(
            case=self.id,
            household=self.household.unique_id,
            reentry=self.reentry,
            area=self.household.area,
            age=self.age,
            domain=self.domain,
            complexity=self.complexity,
            severity0=self.severity0,
            team=self.team.name if self.team else "",
            plan=self.plan,
            request_t=self.request_t,
            first_contact_t=self.first_contact_t,
            assessed_t=self.assessed_t,
            consult_t=self.consult_t,
            end_t=self.end_t,
            outcome=self.outcome,
            escalation=self.escalation,
            drop_reason=self.drop_reason,
            member=self.member,
        )
