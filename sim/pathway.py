"""The building blocks of a case's journey, shared by every organisation form.

A case is one SimPy process. Whatever the form, it is made of the same steps: wait in a unit's queue
(and perhaps give up, or worsen into a crisis), a first contact, an assessment, support in a team
(with a colleague consulted, perhaps a move to the adult team at 18), specialised care when the need
is beyond the team, closure. ``sim.forms`` strings these steps together per form.

While a case waits its problem worsens; if it crosses the escalation threshold before anyone sees
it, it becomes a crisis for specialised care ("escalation by worsening"). A resident whose patience
runs out gives up.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from sim.case import Case, Visit
from sim.handoffs import ZERO_DELAY, settle_on_contact, transfer

if TYPE_CHECKING:
    from collections.abc import Generator

    import simpy

    from sim.agents import TeamAgent
    from sim.model import WijkModel
    from sim.places import PlacesUnit

    Steps = Generator[simpy.Event, object, None]
    """What a step of a journey is: a SimPy process body that yields events and returns nothing."""


def time_to_crisis(model: WijkModel, case: Case, already_waited: float = 0.0) -> float:
    """Weeks of further waiting until the case's severity crosses the escalation threshold."""
    growth = model.severity_growth
    if growth <= 0:
        return math.inf
    return max((model.escalation_threshold - case.severity0) / growth - already_waited, 0.0)


def wait_for(
    model: WijkModel, case: Case, unit: TeamAgent | PlacesUnit, kind: str, waited_before: float = 0.0
) -> Generator[simpy.Event, object, tuple | None]:
    """Queue at ``unit`` until served: returns (slot, visit), or None if the case left the queue.

    One timeout races the slot for both the resident's patience and the moment the problem becomes
    a crisis; whichever comes first ends the wait (giving up, or escalation by worsening).
    """
    env = model.env
    visit = case.visit(unit.name, kind, env.now - waited_before)
    model.log(case, unit.name, "request", case.domain)
    slot = unit.slots.request()
    patience = case.draw("patience") - waited_before
    crisis = time_to_crisis(model, case, waited_before)
    limit = min(patience, crisis)
    if limit < math.inf and not slot.triggered:  # a free slot needs no race against the clock
        yield slot | env.timeout(max(limit, 0.0))
        if not slot.triggered:
            slot.cancel()
            if crisis <= patience:
                visit.close(env.now, "crisis")
                model.log(case, unit.name, "crisis", "severity crossed the threshold while waiting")
                yield from specialised_care(
                    model, case, escalation="worsening", team_slot=None, from_unit=unit.name
                )
            else:
                visit.close(env.now, "gave_up")
                model.end_case(case, "dropped_out", drop_reason="gave_up_waiting")
            return None
    else:
        yield slot
    visit.start_t = env.now
    settle_on_contact(model, case)
    return slot, visit


def first_contact(model: WijkModel, case: Case, team: TeamAgent, visit: Visit) -> None:
    """A professional of ``team`` takes the case on (their contract is noted on the visit)."""
    case.team = team
    case.worker = team.assign(case.domain)
    visit.contract = case.worker.contract
    if math.isnan(case.first_contact_t):
        case.first_contact_t = model.env.now
    model.log(case, team.name, "first_contact", case.worker.discipline)


def assess(model: WijkModel, case: Case, team: TeamAgent) -> Steps:
    """The assessment conversation and plan ('keukentafelgesprek')."""
    assessment = case.draw("assessment")
    if assessment > 0:
        yield model.env.timeout(assessment)
    if math.isnan(case.assessed_t):
        case.assessed_t = model.env.now
    model.log(case, team.name, "assessed", "")


def leave(unit: TeamAgent | PlacesUnit, case: Case, slot: simpy.Request, visit: Visit, outcome: str) -> None:
    """Give back the case's place in ``unit`` and close its visit there."""
    unit.slots.release(slot)
    if case.worker is not None and case.worker.team_name == unit.name:
        case.worker.caseload -= 1
        case.worker = None
    visit.close(unit.model.env.now, outcome)


def team_journey(
    model: WijkModel,
    case: Case,
    team: TeamAgent,
    waited_before: float = 0.0,
    assessed: bool = False,
    support: float | None = None,
) -> Steps:
    """Wait for ``team``, then its whole work on the case (forms A1 and B, and after a hand-off)."""
    got = yield from wait_for(model, case, team, team.kind, waited_before)
    if got is None:
        return
    slot, visit = got
    first_contact(model, case, team, visit)
    if not assessed:
        assessment = case.draw("assessment")  # assess(), inlined on the hot path of every case
        if assessment > 0:
            yield model.env.timeout(assessment)
        if math.isnan(case.assessed_t):
            case.assessed_t = model.env.now
        model.log(case, team.name, "assessed", "")
        model.split_household(case, team)
    yield from support_in_team(model, case, team, slot, visit, support)


def support_in_team(
    model: WijkModel,
    case: Case,
    team: TeamAgent,
    slot: simpy.Request,
    visit: Visit,
    support: float | None = None,
    referral_factor: float = 1.0,
    before_referral_factor: float = 1.0,
    after: Callable[..., Generator] | None = None,
) -> Steps:
    """Support by the team: a consultation, perhaps drop-out or a move at 18, then referral or closure.

    ``support`` is the remaining support of a case that continues after a move (its consultation and
    drop-out were settled before it). ``after`` replaces closure (e.g. back to the front team).
    """
    env = model.env
    continuing = support is not None
    expertise = model.scenario.expertise
    expertise_on = expertise.enabled
    if expertise_on and case.worker is not None and case.worker.discipline == case.domain:
        referral_factor *= expertise.specialist_referral_factor
    referred = case.draw("refer_u") < min(1.0, model.referral_probability[case.complexity] * referral_factor)
    if not continuing:
        support = case.draw("support")
        if referred:
            support *= before_referral_factor
        if model.mandate_on:
            yield from decide_provision(model, case, team)
        if case.draw("consult"):
            if expertise_on and not team.has_colleague_for(case.domain, case.worker):
                support += expertise.no_colleague_delay_weeks.quantile(case.u("no_colleague"))
                model.log(case, team.name, "no_colleague", case.domain)
            else:
                case.consult_t = env.now
                team.consultations_since_snapshot += 1
                support += case.draw("consult_delay")
                model.log(case, team.name, "consultation", "")
        if (
            expertise_on
            and case.worker is not None
            and case.u("recognise") >= case.worker.knowledge(case.domain, env.now)
        ):
            # "Heavier problems hang around too long": the need is not seen, and it worsens meanwhile.
            unseen = expertise.recognition_delay_weeks.quantile(case.u("recognition"))
            crisis = time_to_crisis(model, case)
            model.log(case, team.name, "unrecognised", case.domain)
            if crisis < unseen:
                if crisis > 0:
                    yield env.timeout(crisis)
                leave(team, case, slot, visit, "crisis")
                model.log(case, team.name, "crisis", "the problem worsened before it was recognised")
                yield from specialised_care(model, case, "worsening", None, from_unit=team.name)
                return
            support += unseen
    stop_at = support * case.draw("dropout_at") if not continuing else math.inf
    move_at = _transition_time(model, case, team) - env.now if team.hands_over_at_18 else math.inf
    if stop_at < math.inf and stop_at <= move_at:
        if stop_at > 0:
            yield env.timeout(stop_at)
        leave(team, case, slot, visit, "stopped")
        model.end_case(case, "dropped_out", drop_reason="stopped_support")
        return
    if move_at < support:
        if move_at > 0:
            yield env.timeout(move_at)
        leave(team, case, slot, visit, "moved")
        yield from transition_18(model, case, team, support - max(move_at, 0.0))
        return
    if support > 0:
        yield env.timeout(support)

    if referred:
        model.log(case, team.name, "referral", "need beyond the team")
        if model.keeps_case_while_waiting:
            yield from specialised_care(
                model, case, escalation="needed", team_slot=(team, slot, visit), from_unit=team.name
            )
        else:
            leave(team, case, slot, visit, "served")
            yield from specialised_care(model, case, escalation="needed", team_slot=None, from_unit=team.name)
        return
    leave(team, case, slot, visit, "served")
    if after is not None:
        yield from after(model, case, team)
    else:
        model.end_case(case, "closed")


def decide_provision(model: WijkModel, case: Case, team: TeamAgent) -> Steps:
    """A provision above the worker's mandate waits for a decision, level by level (and the back office).

    The whole time counts as waiting (a visit of kind ``approval``); the case stays with its team.
    """
    env = model.env
    mandate = model.scenario.mandate
    if case.u("provision") >= mandate.provision_probability.get(case.complexity):
        return
    cost = mandate.provision_cost_eur.quantile(case.u("provision_cost"))
    level = next(lv for lv in mandate.levels if lv.up_to_eur is None or cost <= lv.up_to_eur)
    steps = []
    if level.servers is not None:
        steps.append((model.units[approval_unit_name(level.name)], level.decision_weeks, "decision"))
    if mandate.back_office is not None:
        steps.append(
            (
                model.units[approval_unit_name("back_office")],
                mandate.back_office.decision_weeks,
                "back_office",
            )
        )
    for unit, duration, draw in steps:
        visit = case.visit(unit.name, "approval", env.now)
        model.log(case, team.name, "approval", f"{unit.name}: EUR {cost:,.0f}")
        with unit.slots.request() as request:
            yield request
            yield env.timeout(duration.quantile(case.u(draw)))
        visit.start_t = env.now
        visit.close(env.now, "decided")


def approval_unit_name(level: str) -> str:
    """The unit name of a mandate level's queue (or of the back office)."""
    return level if level == "back_office" else f"mandate_{level}"


def _transition_time(model: WijkModel, case: Case, team: TeamAgent) -> float:
    """When this case must move to the team for adults (inf if it need not)."""
    limit = model.scenario.transition_18.age
    if case.age >= limit or team.ages[1] >= limit or team.role != "door":
        return math.inf
    adult = model.router.team_for(case.household.area, limit, case.domain, required=False)
    if adult is None or adult is team:
        return math.inf
    return case.reaches_age_at(limit)


def transition_18(model: WijkModel, case: Case, youth_team: TeamAgent, remaining: float) -> Steps:
    """The youth case moves to the adult team: warm with a bridge worker, cold without."""
    spec = model.scenario.transition_18
    adult = model.router.team_for(case.household.area, spec.age, case.domain)
    case.age = spec.age
    warm = model.bridge is not None and model.bridge.take(case, ages_checked=spec.age)
    if warm:
        arrived = yield from transfer(model, case, youth_team.name, adult.name, "transition_18", warm=True)
    else:
        arrived = yield from transfer(
            model,
            case,
            youth_team.name,
            adult.name,
            "transition_18",
            warm=False,
            delay=spec.cold_delay_weeks,
            loss_probability=spec.cold_loss_probability,
        )
    if arrived:
        yield from team_journey(model, case, adult, assessed=warm, support=remaining)


CRISIS_PRIORITY = -1
"""A crisis goes before referrals in the queue for specialised care."""


def specialised_care(
    model: WijkModel, case: Case, escalation: str, team_slot: tuple | None, from_unit: str
) -> Steps:
    """Wait for a place in specialised care (perhaps still on the team's books), then receive it.

    The referral is recorded as a hand-off: warm when the team keeps the case while it waits. A
    crisis (escalation by worsening) goes first in the queue.
    """
    env = model.env
    unit = model.specialised
    case.escalation = escalation
    warm = team_slot is not None
    yield from transfer(
        model, case, from_unit, unit.name, "to_specialised", warm=warm, delay=ZERO_DELAY, loss_probability=0.0
    )
    visit = case.visit(unit.name, "specialised", env.now)
    if team_slot is not None:
        team_slot[0].waiting_for_specialised += 1
    with unit.slots.request(priority=CRISIS_PRIORITY if escalation == "worsening" else 0) as place:
        yield place
        visit.start_t = env.now
        settle_on_contact(model, case)
        if math.isnan(case.first_contact_t):
            case.first_contact_t = env.now
        if team_slot is not None:
            team, slot, team_visit = team_slot
            team.waiting_for_specialised -= 1
            leave(team, case, slot, team_visit, "served")
        model.log(case, unit.name, "specialised_care_start", escalation)
        yield env.timeout(case.draw("specialised"))
        visit.close(env.now, "served")
    model.end_case(case, "closed")
