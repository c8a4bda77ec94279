"""A team's work on a case, the steps every organisation form shares.

Wait for the team, a first contact (a professional takes the case), the assessment and plan
('keukentafelgesprek'), then support: perhaps a decision on a provision (``sim.mandate``), a
consultation (``sim.consultation``), a need not recognised in time (``sim.recognition``), drop-out
(``sim.dropout``), the move at 18 (``sim.transition_18``), and at the end a referral
(``sim.referral``) or closure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim import adaptation, dropout, other_needs, ownership, recognition, referral, severity, transition_18
from sim.consultation import consultation_weeks
from sim.mandate import decide_provision
from sim.waiting import wait_for
from sim.worsening import crisis_in_unit, crisis_while_unseen

if TYPE_CHECKING:
    from sim.agents import TeamAgent
    from sim.case import Case, Visit
    from sim.context import StepContext, Steps

AfterSupport = Callable[["StepContext", "Case", "TeamAgent"], "Steps"]
"""What follows support instead of closure (form C: back to the front team for aftercare)."""


@dataclass(frozen=True, slots=True)
class SupportTerms:
    """How a team works on a case: factors on referral, and what follows support."""

    referral_factor: float = 1.0
    """Multiplies the chance that the need is beyond the team."""
    before_referral_factor: float = 1.0
    """Multiplies the support time of a case that will be referred."""
    after: AfterSupport | None = None
    """Replaces closure when set."""


PLAIN = SupportTerms()


@dataclass(slots=True)
class SupportPlan:
    """Support settled at its start: how long, when the resident stops, and whether referral follows."""

    weeks: float
    stop_at: float
    """Weeks into support when the resident stops (inf: never)."""
    referred: bool
    after: AfterSupport | None
    crisis_at: float = math.inf
    """Weeks into support when a need the worker did not see becomes a crisis (inf: never)."""


def first_contact(ctx: StepContext, case: Case, team: TeamAgent, visit: Visit) -> None:
    """A professional of ``team`` takes the case on (their contract is noted on the visit)."""
    case.team = team
    worker = case.worker = team.assign(case.domain)
    visit.contract = worker.contract
    if math.isnan(case.first_contact_t):
        case.first_contact_t = ctx.env.now
    ctx.book.log(case, team.name, "first_contact", worker.discipline)


def assess(ctx: StepContext, case: Case, team: TeamAgent) -> Steps:
    """The assessment conversation and plan ('keukentafelgesprek')."""
    assessment = case.draw("assessment")
    if assessment > 0:
        yield ctx.env.timeout(assessment)
    if math.isnan(case.assessed_t):
        case.assessed_t = ctx.env.now
    ctx.book.log(case, team.name, "assessed", "")


def team_journey(
    ctx: StepContext, case: Case, team: TeamAgent, waited_before: float = 0.0, assessed: bool = False
) -> Steps:
    """Wait for ``team``, then its whole work on the case (forms A1 and B, and after a hand-off)."""
    if team.adapting and _sent_to_first_line(ctx, case, team):
        return
    visit = yield from wait_for(ctx, case, team, team.kind, waited_before)
    if visit.place is None:
        return
    first_contact(ctx, case, team, visit)
    if not assessed:
        assessment = case.draw("assessment")  # assess(), inlined on the hot path of every case
        if assessment > 0:
            yield ctx.env.timeout(assessment)
        if math.isnan(case.assessed_t):
            case.assessed_t = ctx.env.now
        ctx.book.log(case, team.name, "assessed", "")
        if ctx.after_assessment is not None:
            ctx.after_assessment(ctx, case, team)
    if ctx.rules.mandate_on:  # support_in_team(), inlined on the hot path of every case
        yield from decide_provision(ctx, case, team)
    yield from _work_on(ctx, case, team, visit, plan_support(ctx, case, team, PLAIN))


def _sent_to_first_line(ctx: StepContext, case: Case, team: TeamAgent) -> bool:
    """A team under pressure that sends light requests to the first line: this one goes there, and ends."""
    spec = ctx.rules.adaptation
    now = ctx.env.now
    light = severity.severity_at(case, now) if ctx.rules.severity_state is not None else case.severity0
    if spec is None or not adaptation.sends_to_first_line(team, spec, case, light):
        return False
    case.first_contact_t = now  # the first line helps (outside the team)
    case.contact_severity = light
    ctx.book.log(case, team.name, "sent_to_first_line", "the team adapts under pressure")
    ctx.book.end_case(case, "closed")
    return True


def continued_journey(
    ctx: StepContext, case: Case, team: TeamAgent, remaining: float, assessed: bool
) -> Steps:
    """A case that moved teams mid-support: wait, perhaps a new assessment, the ``remaining`` weeks."""
    visit = yield from wait_for(ctx, case, team, team.kind)
    if visit.place is None:
        return
    first_contact(ctx, case, team, visit)
    if not assessed:
        yield from assess(ctx, case, team)
        if ctx.after_assessment is not None:
            ctx.after_assessment(ctx, case, team)
    referred = referral.is_referred(ctx, case)
    yield from _work_on(ctx, case, team, visit, SupportPlan(remaining, math.inf, referred, None))


def support_in_team(
    ctx: StepContext, case: Case, team: TeamAgent, visit: Visit, terms: SupportTerms = PLAIN
) -> Steps:
    """Support by the team from its start: a mandate decision if needed, then work until it ends."""
    if ctx.rules.mandate_on:
        yield from decide_provision(ctx, case, team)
    yield from _work_on(ctx, case, team, visit, plan_support(ctx, case, team, terms))


def plan_support(ctx: StepContext, case: Case, team: TeamAgent, terms: SupportTerms) -> SupportPlan:
    """Settle support at its start (after any mandate decision): referral, a consultation, a need not seen.

    Whether the case is referred and how long support takes are pre-drawn, so they do not depend on
    the time a mandate decision took; a consultation and the worker's knowledge do.
    """
    referred = referral.is_referred(ctx, case, terms.referral_factor)
    support = _planned_support(ctx, case, team, referred, terms)
    support += consultation_weeks(ctx, case, team)
    unseen = recognition.unrecognised_weeks(ctx, case, team) if ctx.rules.expertise_on else 0.0
    if unseen > 0:
        # "Heavier problems hang around too long": the need is not seen, and it worsens meanwhile.
        crisis = crisis_while_unseen(ctx, case, unseen)
        if crisis < unseen:
            return SupportPlan(support, math.inf, referred, None, crisis_at=crisis)
        support += unseen
    stop_at = dropout.weeks_until_stop(case, support)
    if ctx.rules.severity_state is not None:
        stop_at = min(stop_at, severity.severity_stop_at(ctx.rules, case, ctx.env.now, support))
    return SupportPlan(support, stop_at, referred, terms.after)


def _planned_support(
    ctx: StepContext, case: Case, team: TeamAgent, referred: bool, terms: SupportTerms
) -> float:
    """Weeks of support as drawn, for a referral, for the severity now and for a team under pressure."""
    support = case.draw("support")
    if referred:
        support *= terms.before_referral_factor
    if ctx.rules.pooled_ownership:
        support *= ownership.support_factor(ctx, team)
    if ctx.rules.other_need_share > 0:
        support *= other_needs.support_factor(ctx, case, team)
    if ctx.rules.severity_state is not None:
        support *= severity.support_factor(ctx.rules, case, ctx.env.now)
    if team.adapting and ctx.rules.adaptation is not None:
        support *= adaptation.support_factor(ctx.rules.adaptation)
    return support


def _work_on(ctx: StepContext, case: Case, team: TeamAgent, visit: Visit, plan: SupportPlan) -> Steps:
    """Support until it ends: a crisis, the resident stops, the case moves at 18, or it is referred or closed."""
    env = ctx.env
    if plan.crisis_at < math.inf:
        if plan.crisis_at > 0:
            yield env.timeout(plan.crisis_at)
        yield from crisis_in_unit(ctx, case, visit)
        return
    move_at = transition_18.weeks_until_move(ctx, case, team) if team.hands_over_at_18 else math.inf
    if plan.stop_at < math.inf and plan.stop_at <= move_at:
        yield from dropout.stop_support(ctx, case, visit, plan.stop_at)
        return
    if move_at < plan.weeks:
        if move_at > 0:
            yield env.timeout(move_at)
        visit.leave(case, env.now, "moved")
        move = yield from transition_18.hand_over(ctx, case, team)
        if move.arrived:
            remaining = plan.weeks - max(move_at, 0.0)
            yield from continued_journey(ctx, case, move.adult_team, remaining, assessed=move.warm)
        return
    if plan.weeks > 0:
        yield env.timeout(plan.weeks)
    if plan.referred:
        yield from referral.refer(ctx, case, team, visit)
        return
    visit.leave(case, env.now, "served")
    if plan.after is not None:
        yield from plan.after(ctx, case, team)
    else:
        ctx.book.end_case(case, "closed")
