"""Severity as state: a need's severity grows whenever nobody helps it, and holds while it is helped.

On (``severity_state.enabled``), a case carries ``severity`` (on the escalation scale, threshold 1 by
default) as of ``severity_t`` (weeks), growing by ``growth`` per week from then on. It grows from the
request (or the onset of a latent need) through every wait: queues, hand-offs on their way, wrong
doors, waiting for specialised care, a need the worker did not recognise; it holds once a team, the
first line or specialised care helps. What severity grew beyond the severity drawn for the request
(``excess``) lengthens support, raises referral and drop-out, and a crisis comes at the threshold.
Off, nothing here is called and severity only sets a timer that restarts at every queue
(``sim.worsening.time_to_crisis``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.case import Case
    from sim.context import Rules
    from sim.units import Weeks

HELPING_KINDS: frozenset[str] = frozenset({"team", "expert", "first_line"})
"""Visits in which someone helps the case, so its severity holds once served."""

MIN_SUPPORT_FACTOR = 0.5
"""A need found lighter than drawn shortens its support, to at most half."""


def severity_at(case: Case, t: Weeks) -> float:
    """The case's severity at ``t`` (weeks)."""
    return case.severity + case.growth * (t - case.severity_t)


def grow_from(rules: Rules, case: Case, t: Weeks) -> None:
    """Nobody helps the case from ``t`` (weeks) on: its severity grows (no change if it already does)."""
    if case.growth > 0:
        return
    case.severity = severity_at(case, t)
    case.severity_t = t
    case.growth = rules.severity_growth


def hold(case: Case, t: Weeks) -> None:
    """Someone helps the case from ``t`` (weeks) on: its severity stops growing."""
    case.severity = severity_at(case, t)
    case.severity_t = t
    case.growth = 0.0
    if math.isnan(case.first_contact_t) and math.isnan(case.contact_severity):
        case.contact_severity = case.severity


def contact_severity(rules: Rules, case: Case) -> float:
    """Severity at the case's first contact: as held then, or (severity not state) grown over the first wait."""
    if not math.isnan(case.contact_severity):
        return case.contact_severity
    return case.severity0 + rules.severity_growth * max(case.first_contact_t - case.request_t, 0.0)


def weeks_to_crisis(rules: Rules, case: Case, t: Weeks) -> float:
    """Weeks from ``t`` until the growing severity crosses the threshold (inf when it does not grow)."""
    if case.growth <= 0:
        return math.inf
    return max((rules.escalation_threshold - severity_at(case, t)) / case.growth, 0.0)


def unseen_crisis_weeks(rules: Rules, case: Case, t: Weeks, unseen: Weeks) -> float:
    """A need not recognised for ``unseen`` weeks from ``t`` grows meanwhile: weeks until its crisis.

    Returns inf when no crisis comes within ``unseen``; the growth over those weeks is then added and
    the severity holds again from ``t + unseen``.
    """
    case.growth = 0.0
    grow_from(rules, case, t)
    crisis = weeks_to_crisis(rules, case, t)
    if crisis < unseen:
        return crisis
    case.severity = severity_at(case, t + unseen)
    case.severity_t = t + unseen
    case.growth = 0.0
    return math.inf


def excess(case: Case, t: Weeks) -> float:
    """How far severity at ``t`` lies above the severity drawn for the request (negative: lighter)."""
    return severity_at(case, t) - case.draw("severity0")


def support_factor(rules: Rules, case: Case, t: Weeks) -> float:
    """Support time relative to the drawn one, for the severity at ``t``."""
    spec = rules.severity_state
    if spec is None:
        return 1.0
    return max(MIN_SUPPORT_FACTOR, 1.0 + spec.support_factor_per_severity * excess(case, t))


def added_referral(rules: Rules, case: Case, t: Weeks) -> float:
    """Chance of referral added for severity grown beyond the drawn one (never negative)."""
    spec = rules.severity_state
    return 0.0 if spec is None else spec.referral_per_severity * max(excess(case, t), 0.0)


def severity_stop_at(rules: Rules, case: Case, t: Weeks, support_weeks: Weeks) -> float:
    """Weeks into support at which a worsened resident stops (inf: does not stop for this reason)."""
    spec = rules.severity_state
    if spec is None:
        return math.inf
    chance = spec.dropout_per_severity * max(excess(case, t), 0.0)
    if case.u("dropout_severity") >= chance:
        return math.inf
    return support_weeks * case.u("dropout_severity_at")
