"""A household's need: from its onset until it reaches help, is resolved by the own network, or the run ends.

Every request belongs to a need. With needs before requests off (``help_seeking.enabled = false``), a
need starts with its request; a household that returns before its need reached help asks for the
same need again. With it on, a need starts earlier, unseen (``sim.help_seeking``). A need is *helped*
at the first contact of one of its cases with a professional. The books balance: needs that arose in
a period plus those open at its start equal those helped, those resolved by the own network and those
still unmet at its end (``tests/test_needs.py``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.records import NAN, NeedRow

if TYPE_CHECKING:
    from mesa import Agent as Household

    from sim.demand import DrawRow
    from sim.units import Weeks


class Need:
    """One need of one household; while latent it carries its own severity clock (as ``sim.severity``)."""

    __slots__ = (
        "id",
        "household",
        "onset_t",
        "severity_onset",
        "found_by",
        "requests",
        "help_t",
        "severity_help",
        "resolved_t",
        "row",
        "severity",
        "severity_t",
        "growth",
        "spells",
        "network_at",
        "recorded",
        "complexity",
        "age",
        "domain",
        "latent_growth",
    )

    def __init__(self, need_id: int, household: Household, onset_t: Weeks, severity: float):
        self.id = need_id
        self.household = household
        self.onset_t = onset_t  # weeks
        self.severity_onset = severity
        self.found_by = ""  # who found it: the household itself, outreach, a signalling partner, a crisis
        self.requests = 0  # requests made for it
        self.help_t: Weeks = NAN  # first contact with a professional (weeks)
        self.severity_help = NAN
        self.resolved_t: Weeks = NAN  # resolved by the own network (weeks)
        self.row: DrawRow | None = None  # the pre-drawn numbers of a latent need
        self.severity = severity  # severity at severity_t while latent
        self.severity_t = onset_t
        self.growth = 0.0  # severity added per week while latent
        self.spells = 0  # latent spells so far (the k-th draws its decisions from shifted uniforms)
        self.network_at: Weeks = math.inf  # when the own network resolves it (weeks); inf: never
        self.recorded = False
        self.complexity = "single"  # of a latent need (help seeking): awareness depends on it
        self.age = 0  # years, of the member with the need (signalling partners differ by age)
        self.domain = ""
        self.latent_growth = 0.0  # severity added per week while latent (slower with an own network)

    @property
    def done(self) -> bool:
        """Whether the need reached help or was resolved: a new request is then a new need."""
        return not (math.isnan(self.help_t) and math.isnan(self.resolved_t))

    def severity_at(self, t: Weeks) -> float:
        """Severity of the (latent) need at ``t`` (weeks)."""
        return self.severity + self.growth * (t - self.severity_t)

    def case_seen(self, first_contact_t: Weeks, severity_at_contact: float) -> None:
        """A case of this need had its first contact at ``first_contact_t`` (weeks): the first one counts."""
        if math.isnan(self.help_t):
            self.help_t = first_contact_t
            self.severity_help = severity_at_contact

    def record(self) -> NeedRow:
        """The row of this need as it stands (once)."""
        self.recorded = True
        return NeedRow(
            need=self.id,
            household=self.household.unique_id,
            onset_t=self.onset_t,
            severity_onset=self.severity_onset,
            found_by=self.found_by,
            requests=self.requests,
            help_t=self.help_t,
            severity_help=self.severity_help,
            resolved_t=self.resolved_t,
        )
