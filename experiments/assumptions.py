"""The assumptions a verdict rests on, with the range over which each is plausible.

The scenario schema marks assumptions ``(A)`` (or "assumption") in its meanings, and the preset files
mark their values the same way; this table gives the ones that ``wijksim robustness`` varies a range
each, and where that range comes from. ``NOT_VARIED`` names every other assumption of the schema and
why it is left alone, so that every assumption the reference marks is accounted for (tested against
``docs/scenario-reference.md``). ``docs/assumption-ranges.md`` is generated from this module::

    python -m experiments.assumptions > docs/assumption-ranges.md

A key is a dotted scenario key, as in an experiment spec's factors; for a distribution it names the
parameter varied (``handoffs.cold_delay_weeks.mean``), and it is varied only in scenarios whose
distribution has that parameter.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

FORMS = ("A1", "A2", "B", "C")


@dataclass(frozen=True)
class Assumption:
    """One assumption and its plausible range (in the key's unit: a share 0-1, weeks, euros)."""

    key: str
    low: float
    high: float
    forms: tuple[str, ...]
    """The organisation forms in which the key has an effect (``FORMS`` for all)."""
    basis: str
    """Where the range comes from (English)."""
    basis_nl: str
    """The same in Dutch."""
    integer: bool = False
    requires: str | None = None
    """A dotted true/false key (a mechanism's switch) without which the key has no effect, or None."""

    def applies_to(self, form: str) -> bool:
        """True when the key has an effect in a scenario of organisation form ``form``."""
        return form in self.forms

    def switched_on(self, values: dict[str, Any]) -> bool:
        """True when the resolved scenario ``values`` has the switch ``requires`` on (or needs none)."""
        return self.requires is None or value_at(values, self.requires) is True


ALL = FORMS
SPLIT = ("B",)

ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        "split_teams.wrong_door_probability",
        0.0,
        0.3,
        SPLIT,
        "preset 0.15 ('residents unsure where to go', Gouda); from a door everyone knows to twice that",
        "voorinstelling 0,15 ('inwoners weten niet waar ze heen moeten', Gouda); van een deur die iedereen "
        "kent tot het dubbele",
    ),
    Assumption(
        "split_teams.mixed_household_probability.multiple",
        0.0,
        0.5,
        ALL,
        "preset 0.25; SCP: 13% of households use provisions under more than one law. Every form pays for "
        "the same households' other need: a second case in a split, longer support in a team serving "
        "both sides (pathway.other_need_support_share)",
        "voorinstelling 0,25; SCP: 13% van de huishoudens gebruikt voorzieningen uit meer dan één wet. "
        "Elke vorm betaalt voor de andere hulpvraag van dezelfde huishoudens: een tweede zaak bij "
        "gesplitste teams, langere begeleiding in een team voor beide kanten "
        "(pathway.other_need_support_share)",
    ),
    Assumption(
        "split_teams.mixed_household_probability.multi_problem",
        0.25,
        0.75,
        ALL,
        "preset 0.5, halved and raised by half; in every form, as the multiple-problem chance",
        "voorinstelling 0,5, gehalveerd en anderhalf keer zo groot; in elke vorm, net als bij "
        "meervoudige problemen",
    ),
    Assumption(
        "split_teams.bounce_loss_probability",
        0.05,
        0.25,
        SPLIT,
        "preset 0.15; early drop-out 8-20% (DOMAIN.md, Den Haag 2015: 11-14%)",
        "voorinstelling 0,15; vroege uitval 8-20% (DOMAIN.md, Den Haag 2015: 11-14%)",
    ),
    Assumption(
        "split_teams.bounce_delay_weeks.value",
        1.0,
        4.0,
        SPLIT,
        "preset 2 weeks; from a call-back the same week to a month",
        "voorinstelling 2 weken; van terugbellen in dezelfde week tot een maand",
    ),
    Assumption(
        "split_teams.shared_methods_factor",
        0.25,
        0.75,
        SPLIT,
        "preset 0.5 (only with shared methods): a quarter to three quarters of the wrong doors left",
        "voorinstelling 0,5 (alleen met gedeelde werkwijze): een kwart tot driekwart van de verkeerde deuren "
        "blijft",
        requires="split_teams.shared_methods",
    ),
    Assumption(
        "wrong_doors.known_door_factor",
        0.3,
        1.0,
        ("A2", "B", "C"),
        "the model's assumption (preset 1: a household that was in contact before knows the door no "
        "better); from a door learned well (0.3, the scenario reference's range 0.3-0.8) to the preset's",
        "aanname van het model (voorinstelling 1: een huishouden dat eerder contact had, kent de deur niet "
        "beter); van een goed geleerde deur (0,3, bereik 0,3-0,8 in de scenarioreferentie) tot de "
        "voorinstelling",
    ),
    Assumption(
        "wrong_doors.first_line_probability",
        0.05,
        0.25,
        ("A2",),
        "preset 0.10 of residents who first ask the area team or a first-line provider instead of the "
        "triage desk (the model's assumption)",
        "voorinstelling 0,10 van de inwoners die eerst bij het gebiedsteam of het voorliggend veld "
        "aankloppen in plaats van bij de triagebalie (aanname van het model)",
        requires="wrong_doors.enabled",
    ),
    Assumption(
        "wrong_doors.front_probability",
        0.02,
        0.1,
        ("C",),
        "preset 0.05, lower than B's as C has one access point per area (the model's assumption)",
        "voorinstelling 0,05, lager dan bij B omdat C één toegang per gebied heeft (aanname van het model)",
        requires="wrong_doors.enabled",
    ),
    Assumption(
        "split_teams.front_office_misroute_probability",
        0.02,
        0.1,
        SPLIT,
        "the shared front office's desk sends 2-10% of requests to a team that does not serve them (the "
        "model's assumption)",
        "de balie van de gezamenlijke frontoffice stuurt 2-10% van de hulpvragen naar een team dat ze niet "
        "bedient (aanname van het model)",
        requires="split_teams.shared_front_office",
    ),
    Assumption(
        "split_teams.front_office_one_plan_probability",
        0.3,
        0.8,
        SPLIT,
        "the shared front office makes 30-80% of mixed households' second cases one plan with the first "
        "(the model's assumption)",
        "de gezamenlijke frontoffice maakt van 30-80% van de tweede zaken van gemengde huishoudens één plan "
        "met de eerste (aanname van het model)",
        requires="split_teams.shared_front_office",
    ),
    Assumption(
        "help_seeking.unknown_door_factor",
        0.5,
        0.9,
        ALL,
        "preset 0.7, the hazard of asking for a household never in contact with a team (the model's "
        "assumption, range of the scenario reference)",
        "voorinstelling 0,7, de kans om hulp te vragen voor een huishouden dat nooit contact had met een "
        "team (aanname van het model, bereik uit de scenarioreferentie)",
        requires="help_seeking.enabled",
    ),
    Assumption(
        "help_seeking.trust_after_lost",
        0.3,
        0.9,
        ("A2", "B", "C"),
        "preset 0.5, trust after being lost in a hand-off (the model's assumption, range of the scenario "
        "reference); acts where residents are lost in hand-offs, so mostly on the split",
        "voorinstelling 0,5, vertrouwen na kwijtraken bij een overdracht (aanname van het model, bereik uit "
        "de scenarioreferentie); werkt waar inwoners bij overdrachten kwijtraken, dus vooral bij gesplitste "
        "teams",
        requires="help_seeking.enabled",
    ),
    Assumption(
        "help_seeking.several_doors_factor",
        0.6,
        1.0,
        SPLIT,
        "preset 0.8 (residents unsure where to go, Gouda): the model's assumption, from a door as easy "
        "to find as one door to a hazard of asking lowered by two fifths",
        "voorinstelling 0,8 (inwoners weten niet waar ze heen moeten, Gouda): aanname van het model, van "
        "net zo makkelijk te vinden als één deur tot een kans om te vragen die twee vijfde lager is",
        requires="help_seeking.enabled",
    ),
    Assumption(
        "workforce.youth_team_fte_share",
        0.25,
        0.42,
        SPLIT,
        "Gouda's split gives the youth team 13.2 of 39.9 FTE (0.33), as youth requests are about a third "
        "(the model's assumption); from a quarter to about two fifths, the total FTE fixed",
        "de gesplitste teams van Gouda geven het jeugdteam 13,2 van 39,9 fte (0,33), omdat ongeveer een "
        "derde van de hulpvragen over jeugd gaat (aanname van het model); van een kwart tot ongeveer "
        "twee vijfde, met dezelfde totale formatie",
    ),
    Assumption(
        "pathway.other_need_support_share",
        0.25,
        1.0,
        ALL,
        "the model's assumption (no public figure): a team serving both sides of 18 spends a quarter "
        "to a whole case's support more on a household's other need (a split opens a second case)",
        "aanname van het model (geen publiek cijfer): een team voor beide kanten van 18 besteedt een "
        "kwart tot een hele zaak aan begeleiding extra aan de andere hulpvraag van een huishouden "
        "(gesplitste teams openen een tweede zaak)",
    ),
    Assumption(
        "expertise.generalist_level",
        0.4,
        0.8,
        ALL,
        "preset 0.6, the chance that a worker recognises in time a need outside their discipline and "
        "breadth ('heavier problems hang around', seeds): the model's assumption, a third lower or higher",
        "voorinstelling 0,6, de kans dat een medewerker een hulpvraag buiten het eigen vak op tijd "
        "herkent ('zwaardere problematiek blijft hangen', seeds): aanname van het model, een derde lager "
        "of hoger",
        requires="expertise.enabled",
    ),
    Assumption(
        "expertise.recognition_delay_weeks.mean",
        4.0,
        16.0,
        ALL,
        "preset 8 weeks before an unrecognised need is seen (the model's assumption): half to twice as long",
        "voorinstelling 8 weken voordat een niet herkende hulpvraag gezien wordt (aanname van het "
        "model): half zo lang tot twee keer zo lang",
        requires="expertise.enabled",
    ),
    Assumption(
        "expertise.no_colleague_delay_weeks.mean",
        2.0,
        8.0,
        ALL,
        "preset 4 weeks extra when no colleague of the case's domain is in the team (the model's "
        "assumption; a youth-only team has none for adults' domains): half to twice as long",
        "voorinstelling 4 weken extra als er geen collega van het domein in het team is (aanname van het "
        "model; een jeugdteam heeft er geen voor de domeinen van volwassenen): half zo lang tot twee keer "
        "zo lang",
        requires="expertise.enabled",
    ),
    Assumption(
        "expertise.specialist_referral_factor",
        1.0,
        1.5,
        ALL,
        "preset 1.25 (seed 001: teams of specialists refer on too fast; the model's assumption): from as "
        "often as a generalist to half as often again",
        "voorinstelling 1,25 (seed 001: teams van specialisten verwijzen te snel door; aanname van het "
        "model): van even vaak als een generalist tot anderhalf keer zo vaak",
        requires="expertise.enabled",
    ),
    Assumption(
        "handoffs.warm_delay_weeks.value",
        0.25,
        1.0,
        ALL,
        "preset half a week; from a few days to a week",
        "voorinstelling een halve week; van een paar dagen tot een week",
    ),
    Assumption(
        "handoffs.cold_delay_weeks.mean",
        1.0,
        6.0,
        ALL,
        "preset 3 weeks (a letter, a file, a new appointment); from one week to the 6-week Wmo norm",
        "voorinstelling 3 weken (een brief, een dossier, een nieuwe afspraak); van een week tot de "
        "Wmo-norm van 6 weken",
    ),
    Assumption(
        "handoffs.warm_loss_probability",
        0.0,
        0.05,
        ALL,
        "preset 0.02; nobody lost to one in twenty",
        "voorinstelling 0,02; van niemand kwijt tot één op de twintig",
    ),
    Assumption(
        "handoffs.cold_loss_probability",
        0.05,
        0.2,
        ALL,
        "preset 0.10; drop-out 8 / 12 / 20% (DOMAIN.md), early drop-out 11-14% (Den Haag 2015)",
        "voorinstelling 0,10; uitval 8 / 12 / 20% (DOMAIN.md), vroege uitval 11-14% (Den Haag 2015)",
    ),
    Assumption(
        "overhead.meeting_share",
        0.08,
        0.25,
        ALL,
        "meeting share 0.08 / 0.15 / 0.25 (DOMAIN.md)",
        "aandeel overleg 0,08 / 0,15 / 0,25 (DOMAIN.md)",
    ),
    Assumption(
        "overhead.meeting_share_per_extra_person",
        0.0,
        0.01,
        ALL,
        "preset 0.005 per member above 9 (Zaltbommel: teams of 8-9; the model's assumption): from "
        "meetings that do not grow with the team to twice the preset's growth",
        "voorinstelling 0,005 per teamlid boven de 9 (Zaltbommel: teams van 8-9; aanname van het model): "
        "van overleg dat niet met het team groeit tot twee keer de groei van de voorinstelling",
    ),
    Assumption(
        "overhead.case_conference_share_per_boundary",
        0.0,
        0.05,
        ("A2", "B", "C"),
        "preset 0.02 of paid hours per team a team shares residents or cases with (case conferences, "
        "'regie'; the model's assumption): from boundaries that cost no meetings to two and a half times that",
        "voorinstelling 0,02 van de betaalde uren per team waarmee een team inwoners of zaken deelt "
        "(casusoverleg, regie; aanname van het model): van grenzen zonder overleg tot twee en een half "
        "keer zoveel",
    ),
    Assumption(
        "pathway.referral_probability.multiple",
        0.25,
        0.55,
        ALL,
        "preset 0.40, calibrated to referral from the team to specialised care 15-50% overall (DOMAIN.md); "
        "0.15 lower or higher",
        "voorinstelling 0,40, gekalibreerd op verwijzing van het team naar specialistische zorg 15-50% "
        "over alle zaken (DOMAIN.md); 0,15 lager of hoger",
    ),
    Assumption(
        "pathway.referral_probability.multi_problem",
        0.45,
        0.75,
        ALL,
        "preset 0.60; referral 15-50% overall (DOMAIN.md), more for multi-problem cases; 0.15 lower or higher",
        "voorinstelling 0,60; verwijzing 15-50% over alle zaken (DOMAIN.md), meer bij multiproblematiek; "
        "0,15 lager of hoger",
    ),
    Assumption(
        "demand.severity.growth_per_week_waiting",
        0.005,
        0.03,
        ALL,
        "preset 0.02 a week (no public figure; the presets' range 0.005-0.03)",
        "voorinstelling 0,02 per week (geen publiek cijfer; bereik van de voorinstellingen 0,005-0,03)",
    ),
    Assumption(
        "workforce.cost_eur_per_fte_per_year",
        70_000.0,
        90_000.0,
        ALL,
        "preset 80,000 euros; collective agreements for social work and youth care, with employer costs",
        "voorinstelling 80.000 euro; cao's sociaal werk en jeugdzorg, met werkgeverslasten",
    ),
    Assumption(
        "triage.accuracy",
        0.7,
        0.95,
        ("A2", "C"),
        "preset 0.85; from a wrong class in three of ten cases to one in twenty",
        "voorinstelling 0,85; van een verkeerde klasse bij drie op de tien zaken tot één op de twintig",
    ),
    Assumption(
        "first_line.push_on_probability",
        0.0,
        0.2,
        ("A2",),
        "preset 0.10; none pushed on to twice that",
        "voorinstelling 0,10; van niets doorgeschoven tot het dubbele",
    ),
    Assumption(
        "complex_team.support_before_referral_factor",
        0.4,
        0.8,
        ("A2",),
        "preset 0.6 of the drawn support time",
        "voorinstelling 0,6 van de getrokken begeleidingstijd",
    ),
    Assumption(
        "expert_teams.late_recognition_weeks.mean",
        5.0,
        20.0,
        ("C",),
        "preset 10 weeks; half to twice as long",
        "voorinstelling 10 weken; half zo lang tot twee keer zo lang",
    ),
)
"""The assumptions ``wijksim robustness`` varies, each over its range."""

NOT_VARIED: dict[str, str] = {
    "adaptation.light_severity": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "adaptation.support_factor": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "adaptation.waiting_per_fte": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.ask_rate_per_week": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.latent_growth_per_week": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.needs_per_request": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.network_growth_factor": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.network_resolves_single": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.network_share": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.network_weeks": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.onset_severity_factor": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "help_seeking.trust_after_giving_up": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "outreach.find_probability_per_hour": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "outreach.hours_per_team_per_week": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "ownership.pooled_support_factor": "on only in the pooling pair scenarios/pooling_dedicated_*.toml (Song, Tucker and Murrell 2015); not varied yet",
    "severity_state.dropout_per_severity": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "severity_state.referral_per_severity": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "severity_state.support_factor_per_severity": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "specialised_care.intake_weeks": "calibrated in the presets against the public figures (issue 14; shared/DOMAIN.md); not varied yet",
    "strain.leave_per_year_at_strain_1": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.memory_weeks": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.onboarding_capacity_share": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.onboarding_weeks": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.pressure_threshold": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.recruitment_weeks": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.sick_per_year_at_strain_1": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "strain.sick_weeks": "a mechanism of issue 13, on in the presets since their calibration (issue 14) with the same value in every structure; not varied yet",
    "first_line.referral_probability": "calibrated in the presets against the public figures (issue 14; shared/DOMAIN.md); not varied yet",
    "costs.crisis_eur": "a price the same for both structures; 0 in the presets until calibrated (issue 14)",
    "costs.provision_eur_by_domain": "prices the same for both structures; empty in the presets until calibrated (issue 14)",
    "demand.complexity_mix": "a property of the municipality (SCP, NJi), set per scenario; the shares must sum to 1",
    "demand.severity.initial": "a distribution per class; its spread is already drawn per case",
    "pathway.consultation_probability": "the same in every form; it moves both structures alike",
    "specialised_care.cost_eur_per_week": "a price the same for both structures; it scales the cost only",
    "desk.servers": "the desk's size is a choice of the structure compared, set in its scenario",
    "desk.service_weeks": "a choice of the structure compared (how the desk works), set in its scenario",
    "first_line.places": "the first line's size is the municipality's, set in its scenario",
    "first_line.support_weeks": "a distribution whose shape differs per scenario",
    "first_line.complex_push_after_weeks": "a distribution whose shape differs per scenario",
    "first_line.cost_eur_per_week": "a price; it scales A2's cost only",
    "complex_team.referral_probability_factor": "varied through pathway.referral_probability",
    "split_teams.front_office.servers": "the front office's size is a choice of the structure compared",
    "split_teams.front_office.service_weeks": "a choice of the structure compared (how the desk works)",
    "bridge_worker.households_at_once": "the bridge worker's capacity is a choice of the structure compared",
    "bridge_worker.weeks_per_handover": "a choice of the structure compared (how the bridge worker works)",
    "expert_teams.aftercare_weeks": "a distribution whose shape differs per scenario",
    "expert_teams.bounce_delay_weeks": "a distribution whose shape differs per scenario",
    "staffing.seconded_mother_hours_share": "only with seconded staff, a contract choice of the structure",
    "staffing.seconded_claims_per_year": "only with seconded staff, a contract choice of the structure",
    "staffing.seconded_claim_weeks": "only with seconded staff, a contract choice of the structure",
    "staffing.seconded_cost_eur_per_fte_per_year": "only with seconded staff; a price",
    "staffing.employed_knowledge_decay_per_year": "acts through expertise (on in the presets) on employed workers' knowledge, alike in every structure; not varied yet",
    "staffing.training_share_to_keep_up": "acts through expertise (on in the presets) on employed workers' knowledge, alike in every structure; not varied yet",
    "expertise.breadth_level": "acts only on T-shaped workers (staff lines with breadth), none in the presets",
    "colleague_learning.teach_probability": "only with colleague learning on (off in the presets)",
    "colleague_learning.gain_share": "only with colleague learning on (off in the presets)",
    "colleague_learning.fade_per_year": "only with colleague learning on (off in the presets)",
    "mandate.provision_probability": "only with a mandate structure, a choice of the structure compared",
    "mandate.provision_cost_eur": "only with a mandate structure; a price",
    "mandate.levels": "the mandate levels are a choice of the structure compared",
    "mandate.back_office.decision_weeks": "only with a mandate structure, a choice of the structure compared",
}
"""Every other assumption the scenario reference marks, and why ``wijksim robustness`` leaves it alone."""


def by_key() -> dict[str, Assumption]:
    """The assumptions by key."""
    return {assumption.key: assumption for assumption in ASSUMPTIONS}


def value_at(values: dict[str, Any], dotted: str) -> Any:
    """The value of the dotted key in the resolved scenario ``values``, or None when it has none."""
    node: Any = values
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def has_key(values: dict[str, Any], dotted: str) -> bool:
    """True when the resolved scenario ``values`` (a model dump) has the dotted key."""
    node: Any = values
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def applicable(scenarios: Iterable[dict[str, Any]]) -> list[Assumption]:
    """The assumptions that matter to at least one of ``scenarios`` and that every one of them has.

    ``scenarios`` are resolved scenarios as dicts (``Scenario.model_dump()``). An assumption matters
    when one scenario's form is among its forms and, for a key of a mechanism with a switch, one
    scenario has it switched on; every scenario must have its key (a distribution parameter is there
    only when the distribution has it), so that both run with the same value.
    """
    dumped = [copy.deepcopy(values) for values in scenarios]
    return [
        assumption
        for assumption in ASSUMPTIONS
        if any(
            assumption.applies_to(str(values.get("form"))) and assumption.switched_on(values)
            for values in dumped
        )
        and all(has_key(values, assumption.key) for values in dumped)
    ]


def render() -> str:
    """``docs/assumption-ranges.md``: the varied assumptions and their ranges, and those left alone."""
    lines = [
        "# Assumption ranges",
        "",
        "Generated from `experiments/assumptions.py` by `python -m experiments.assumptions`; do not edit by hand.",
        "",
        "`wijksim robustness A B` varies every assumption below that matters to A's or B's organisation",
        "form (with its mechanism switched on in one of them) and that both scenarios have, each uniformly",
        "over its range (a Latin hypercube), and runs both structures in every sampled future on the same",
        "seeds, with the same value on both sides.",
        "",
        "| key | low | high | forms | where the range comes from |",
        "|---|---|---|---|---|",
    ]
    for a in ASSUMPTIONS:
        forms = "all" if a.forms == FORMS else ", ".join(a.forms)
        if a.requires:
            forms += f", with `{a.requires}` on"
        lines.append(f"| `{a.key}` | {a.low:g} | {a.high:g} | {forms} | {a.basis} |")
    lines += [
        "",
        "## Assumptions not varied",
        "",
        "The scenario reference marks these as assumptions too; `wijksim robustness` leaves them at the",
        "scenario's values.",
        "",
        "| key | why not |",
        "|---|---|",
    ]
    lines += [f"| `{key}` | {why} |" for key, why in NOT_VARIED.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - the generator of docs/assumption-ranges.md
    print(render(), end="")
