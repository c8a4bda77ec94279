"""Needs before requests: a need starts unseen, and each week its household decides whether to ask.

A need arises (onset) with a severity below that of a request, and worsens while nobody helps it;
the own network slows that, and may resolve a light need on its own (seed 000: "use the resident's
own network"). Each week the household asks with chance ``1 - exp(-h)``,
``h = ask_rate_per_week * severity * awareness * door * trust``: problem awareness by Heerlen's
triage classes (seed 001), knowing the door (learned by asking once; lower where several door
teams serve the area without a shared front office), trust (lower after giving up or being lost).
Outreach (``sim.outreach``) and signalling partners may find the need first. A need whose severity
crosses the escalation threshold becomes a crisis and goes to specialised care. A household that
gave up or was lost before any contact keeps its need and severity and is stepped again.

Only households with a latent need are in ``latent`` (an ordered set), so the cost follows needs,
not residents; none is stepped week by week. The weekly decisions are Bernoulli trials whose chance grows
with severity, which grows linearly while the need is latent, so when a need becomes latent the week
of the first decision that changes anything (a crisis, the network, asking, outreach, a signal) is
drawn at once and scheduled: the same distribution as a trial every week, one event per spell. It
reads the need's pre-drawn uniforms (the k-th spell a shifted copy, ``sim.handoffs.nth_uniform``), so
two scenarios on one seed meet the same decisions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

from sim import outreach
from sim.demand import DrawRow
from sim.handoffs import nth_uniform
from sim.needs import Need
from sim.scenario.schema import COMPLEXITIES

if TYPE_CHECKING:
    import simpy

    from sim.agents import Household
    from sim.case import Case
    from sim.demand import DemandModel
    from sim.random_streams import RandomStreams
    from sim.scenario.schema import HelpSeeking, Scenario
    from sim.units import Weeks

GIVEN_UP: frozenset[str] = frozenset({"gave_up_waiting", "lost_in_handoff"})
"""Ways a case ends before any contact after which the household keeps its need."""


class Intake(Protocol):
    """What the weekly decisions need from the model: households, needs, and cases made and started."""

    random: object

    def new_household(self, area: str) -> Household:
        """A household of ``area`` new to the model."""
        ...

    def open_need(self, household: Household, t: Weeks, severity: float) -> Need:
        """Register a need of ``household`` that starts at ``t`` (weeks) with ``severity``."""
        ...

    def ask(self, household: Household, need: Need, row: DrawRow, found_by: str) -> Case:
        """The need becomes a request now: a case made from ``row`` and started."""
        ...

    def reentry_row(self) -> DrawRow:
        """The next row of draws for a household that asks again."""
        ...


class Seekers:
    """The households with a latent need, stepped once a week."""

    def __init__(self, intake: Intake, env: simpy.Environment, scenario: Scenario, demand: DemandModel):
        self.intake = intake
        self.env = env
        self.scenario = scenario
        self.demand = demand
        self.spec = scenario.help_seeking
        self.latent: dict[Household, None] = {}
        """The households whose need is latent now, in the order they became so (a plain ordered set:
        Mesa's ``AgentSet`` of weak references cost more per add and discard)."""
        self.finding = outreach.Finding.of(scenario)
        self.doors = door_teams_per_area(scenario)
        self.ask_rates = ask_rates(self.spec, self.doors)
        self.threshold = scenario.demand.severity.escalation_threshold
        self.end_t: Weeks = math.inf

    def start(self, streams: RandomStreams, end_t: Weeks) -> None:
        """Schedule the onsets of needs; each latent need then has its next decision scheduled.

        Needs arise at the request rate times ``needs_per_request``, drawn up front. Each onset is a
        timeout whose callback starts the need and then schedules the next onset (the order of a SimPy
        process that yields them, without the process and its resumptions).
        """
        self.end_t = end_t
        times = self.demand.request_times(streams["onsets"], 0.0, end_t, self.spec.needs_per_request).tolist()
        draws = self.demand.draw_needs(streams, len(times), "latent")
        areas = self.demand.areas
        env, new_household, arise = self.env, self.intake.new_household, self._arise
        arisen = 0  # onsets so far

        def onset(_: simpy.Event) -> None:
            nonlocal arisen
            i, arisen = arisen, arisen + 1
            arise(new_household(areas[draws.area[i]]), DrawRow(draws, i))
            if arisen < len(times):
                env.timeout(times[arisen] - env.now).callbacks.append(onset)

        if times:
            env.timeout(times[0]).callbacks.append(onset)

    def _arise(self, household: Household, row: DrawRow) -> None:
        """A need starts in ``household``, lighter than a request, unseen."""
        draws, i, spec, now = row.draws, row.index, self.spec, self.env.now
        need = self.intake.open_need(household, now, draws.severity0[i] * spec.onset_severity_factor)
        need.row = row
        need.complexity = COMPLEXITIES[draws.complexity[i]]
        need.age = draws.age[i]
        household.need = need
        has_network = draws.u["network"][i] < spec.network_share
        need.growth = spec.latent_growth_per_week
        if has_network:
            need.growth *= spec.network_growth_factor
            if need.complexity == "single" and draws.u["network_resolves"][i] < spec.network_resolves_single:
                need.network_at = now + spec.network_weeks.quantile(draws.u["network_weeks"][i])
        need.latent_growth = need.growth
        self._enter(household, need)

    def _enter(self, household: Household, need: Need) -> None:
        """``household`` holds ``need`` latent from now: schedule the week of its next decision."""
        self.latent[household] = None
        household.latent = True
        spell = need.spells
        need.spells += 1
        week, found_by = self._next_decision(household, need, spell)
        if week < self.end_t:
            event = self.env.timeout(week - self.env.now)
            event.callbacks.append(lambda _: self._decide(household, need, spell, found_by))

    def leave(self, household: Household) -> None:
        """``household`` asks, returns or is helped otherwise: its need is latent no more."""
        if household.latent:
            household.latent = False
            del self.latent[household]

    def _next_decision(self, household: Household, need: Need, spell: int) -> tuple[Weeks, str]:
        """The week of the first decision that changes anything in this latent spell, and what it is.

        Decisions fall on whole weeks, the first after now; in each, a crisis (severity at the
        threshold) goes before the own network resolving the need, which goes before asking, outreach
        and a signal. Asking is a Bernoulli trial each week whose chance grows with severity, which grows
        linearly meanwhile: the first week it succeeds is drawn at once from the spell's uniform (by the
        cumulative hazard), as are the first weeks of outreach and of a signal (geometric). The spell's
        uniforms are the need's pre-drawn ones shifted ``spell`` steps (``nth_uniform``).
        """
        row = need.row
        assert row is not None
        u, i = row.draws.u, row.index
        first = math.floor(self.env.now) + 1.0
        start = need.severity_at(first)
        growth = need.growth
        area, knows_door = household.area, household.knows_door
        base = self.ask_rates.get((area, need.complexity, knows_door))
        if base is None:  # an area outside the municipality's (one door)
            base = ask_rate(self.spec, need.complexity, knows_door, 1)
        rate = base * household.trust
        k, found_by = crisis_week(start, growth, self.threshold), "crisis"
        if need.network_at < math.inf:  # the first of equal weeks wins: crisis, network, self, ...
            network = network_week(need.network_at, first)
            if network < k:
                k, found_by = network, "network"
        if k > 0:
            asks = ask_week(start, growth, rate, nth_uniform(u["ask"][i], spell))
            if asks < k:
                k, found_by = asks, "self"
        outreach_p, signal_p = self.finding.chances(area, need.age)
        if k > 0 and outreach_p > 0:
            found = geometric_week(outreach_p, nth_uniform(u["outreach"][i], spell))
            if found < k:
                k, found_by = found, "outreach"
        if k > 0 and signal_p > 0:
            signalled = geometric_week(signal_p, nth_uniform(u["signal"][i], spell))
            if signalled < k:
                k, found_by = signalled, "signal"
        return first + k, found_by

    def _decide(self, household: Household, need: Need, spell: int, found_by: str) -> None:
        """The decision drawn for this spell falls now: a crisis, resolved by the network, or a request."""
        if not household.latent or household.need is not need or need.done or need.spells != spell + 1:
            return
        if found_by == "network":
            need.resolved_t = self.env.now
            household.need = None
            self.leave(household)
            household.leave_if_done()
        else:
            self._request(household, need, found_by)

    def _request(self, household: Household, need: Need, found_by: str) -> None:
        """The need becomes a request (a case) now."""
        assert need.row is not None
        self.leave(household)
        row = need.row if need.requests == 0 else self.intake.reentry_row()
        self.intake.ask(household, need, row, found_by)

    def back_to_latent(self, case: Case, severity: float) -> None:
        """A resident who gave up or was lost before any contact keeps the need (and its severity)."""
        household, need, spec, now = case.household, case.need, self.spec, self.env.now
        assert need is not None
        household.trust *= (
            spec.trust_after_lost if case.drop_reason == "lost_in_handoff" else spec.trust_after_giving_up
        )
        need.severity, need.severity_t = severity, now
        need.complexity, need.age, need.domain = case.complexity, case.age, case.domain
        if need.row is None:  # a need first asked for without a latent phase (a household's return)
            need.row = DrawRow(case.draws, case.index)
        need.growth = need.latent_growth or spec.latent_growth_per_week
        household.need = need
        self._enter(household, need)


def door_teams_per_area(scenario: Scenario) -> dict[str, int]:
    """How many door teams a resident of each area can choose from (1 with a shared front office)."""
    areas = scenario.municipality.areas
    if scenario.split_teams.shared_front_office:
        return dict.fromkeys(areas, 1)
    doors = [t for t in scenario.teams.values() if t.role == "door"]
    return {area: sum(1 for t in doors if t.areas is None or area in t.areas) for area in areas}


def ask_rate(spec: HelpSeeking, complexity: str, knows_door: bool, doors: int) -> float:
    """The weekly hazard of asking per unit of severity, before trust: the rate, awareness and the door."""
    door = 1.0 if knows_door else spec.unknown_door_factor
    if doors > 1:
        door *= spec.several_doors_factor
    return spec.ask_rate_per_week * spec.awareness.get(complexity) * door


def ask_rates(spec: HelpSeeking, doors: dict[str, int]) -> dict[tuple[str, str, bool], float]:
    """``ask_rate`` by area, complexity and whether the household knows the door, worked out once."""
    return {
        (area, complexity, knows_door): ask_rate(spec, complexity, knows_door, count)
        for area, count in doors.items()
        for complexity in COMPLEXITIES
        for knows_door in (False, True)
    }


def crisis_week(start: float, growth: float, threshold: float) -> float:
    """Weeks after the first decision until a severity of ``start`` reaches ``threshold``.

    Severity grows by ``growth`` a week; 0: already there; inf: never.
    """
    if start >= threshold:
        return 0
    if growth <= 0:
        return math.inf
    k = math.ceil((threshold - start) / growth)
    while k > 0 and start + growth * (k - 1) >= threshold:  # rounding of the division
        k -= 1
    while start + growth * k < threshold:
        k += 1
    return k


def network_week(network_at: Weeks, first: Weeks) -> float:
    """Weeks after the first decision (at ``first``) until the own network resolves the need (inf: never)."""
    return math.inf if network_at == math.inf else max(math.ceil(network_at - first), 0)


def ask_week(start: float, growth: float, rate: float, u: float) -> float:
    """The first week (0, 1, ...) in which the household asks, for the uniform ``u``.

    In week k it asks with chance ``1 - exp(-h_k)``, ``h_k = rate * (start + growth * k)``, so it has not
    asked by the end of week K with chance ``exp(-H(K))``, ``H(K) = rate * ((K + 1) * start + growth *
    K * (K + 1) / 2)``: the first week is the least K with ``H(K) >= E``, ``E = -log(1 - u)``.
    """
    if rate <= 0 or (start <= 0 and growth <= 0):
        return math.inf
    target = -math.log1p(-u) / rate  # sum of severities over the weeks until the household asks

    def total(k: float) -> float:
        return (k + 1) * start + growth * k * (k + 1) / 2

    if growth > 0:  # growth/2 k^2 + (start + growth/2) k + start - target = 0
        b = start + growth / 2
        root = (-b + math.sqrt(b * b + 2 * growth * (target - start))) / growth if target > start else 0.0
    else:
        root = target / start - 1
    k = max(math.ceil(root), 0)
    while k > 0 and total(k - 1) >= target:
        k -= 1
    while total(k) < target:
        k += 1
    return k


def geometric_week(chance: float, u: float) -> float:
    """The first week (0, 1, ...) in which an event of weekly ``chance`` happens, for the uniform ``u``."""
    if chance <= 0:
        return math.inf
    if chance >= 1:
        return 0
    return math.floor(math.log1p(-u) / math.log1p(-chance))
