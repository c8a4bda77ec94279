"""Texts on the figures, in English and Dutch: titles, axis labels, metric names, units.

Councils read Dutch, analysts often English, so every text a figure shows comes from here through
``label(key, lang)``. A key missing in Dutch falls back to English; a key missing altogether is
shown as itself, so a forgotten label is visible on the figure rather than an error.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "nl")

LABELS: dict[str, dict[str, str]] = {
    # --- axes and units --------------------------------------------------------------------------
    "axis.time_weeks": {"en": "time since start (weeks)", "nl": "tijd sinds start (weken)"},
    "axis.waiting_cases": {"en": "cases waiting", "nl": "wachtende cases"},
    "axis.wait_weeks": {"en": "waiting time (weeks)", "nl": "wachttijd (weken)"},
    "axis.hours_per_week": {"en": "staff hours per week", "nl": "uren medewerkers per week"},
    "axis.ended_cases_share": {"en": "share of ended cases (%)", "nl": "aandeel afgesloten cases (%)"},
    "axis.handoffs_per_year": {"en": "hand-offs per year", "nl": "overdrachten per jaar"},
    "axis.failure_rate": {"en": "failure rate (%)", "nl": "mislukt (%)"},
    "axis.difference_pct": {
        "en": "difference B - A (% of A's mean)",
        "nl": "verschil B - A (% van het gemiddelde van A)",
    },
    "axis.difference_structure_pct": {
        "en": "difference from A (% of A's mean)",
        "nl": "verschil met A (% van het gemiddelde van A)",
    },
    "axis.cases_per_year": {"en": "cases per year", "nl": "cases per jaar"},
    "axis.sobol_index": {"en": "Sobol' index (share of variance)", "nl": "Sobol'-index (aandeel variantie)"},
    # --- titles ----------------------------------------------------------------------------------
    "title.waiting_list": {"en": "Waiting list over time", "nl": "Wachtlijst in de tijd"},
    "title.waits_by_stage": {"en": "Waiting times per stage", "nl": "Wachttijden per stap"},
    "title.case_flow": {
        "en": "Case flow: entry, units passed, ending",
        "nl": "Stroom van cases: binnenkomst, eenheden, afloop",
    },
    "title.escalation": {
        "en": "Escalation to specialised care by complexity",
        "nl": "Doorverwijzing naar specialistische zorg naar complexiteit",
    },
    "title.staff_hours": {"en": "Staff hours by category, per team", "nl": "Uren per categorie, per team"},
    "title.handoffs": {"en": "Hand-offs by boundary", "nl": "Overdrachten per grens"},
    "title.forest": {
        "en": "Difference per metric, B against A",
        "nl": "Verschil per maatstaf, B tegenover A",
    },
    "title.structures": {
        "en": "Each structure against the first",
        "nl": "Elke structuur tegenover de eerste",
    },
    "title.waiting_lists_compared": {
        "en": "Waiting list over time, A and B",
        "nl": "Wachtlijst in de tijd, A en B",
    },
    "title.factor_effects": {"en": "Metrics against each factor", "nl": "Maatstaven per factor"},
    "title.heatmap": {"en": "Two factors together", "nl": "Twee factoren samen"},
    "title.sobol": {"en": "Sensitivity: Sobol' indices", "nl": "Gevoeligheid: Sobol'-indices"},
    # --- legend and annotation texts -------------------------------------------------------------
    "legend.warmup": {"en": "warm-up (not counted)", "nl": "inloopperiode (telt niet mee)"},
    "legend.band": {"en": "95% CI over replications", "nl": "95%-BI over herhalingen"},
    "legend.mean": {"en": "mean", "nl": "gemiddelde"},
    "legend.norm": {"en": "norm: {weeks:g} weeks", "nl": "norm: {weeks:g} weken"},
    "legend.total": {"en": "all {n} teams together", "nl": "alle {n} teams samen"},
    "legend.each_team": {"en": "each team", "nl": "elk team"},
    "legend.needed": {"en": "needed (referred)", "nl": "nodig (verwezen)"},
    "legend.worsening": {"en": "by worsening while waiting", "nl": "door verergering tijdens wachten"},
    "legend.failure_rate": {"en": "failure rate (right axis)", "nl": "mislukt (rechteras)"},
    "legend.all_cases": {"en": "all cases", "nl": "alle cases"},
    "legend.paid": {"en": "paid hours", "nl": "betaalde uren"},
    "legend.b_better": {"en": "B better", "nl": "B beter"},
    "legend.b_worse": {"en": "B worse", "nl": "B slechter"},
    "legend.alternative_better": {"en": "better than A", "nl": "beter dan A"},
    "legend.alternative_worse": {"en": "worse than A", "nl": "slechter dan A"},
    "legend.no_difference": {
        "en": "no relevant difference, inconclusive, or not judged",
        "nl": "geen relevant verschil, onbeslist, of niet beoordeeld",
    },
    "legend.all_queues": {"en": "all queues together", "nl": "alle wachtrijen samen"},
    "legend.ci": {"en": "95% CI", "nl": "95%-BI"},
    "legend.s1": {"en": "S1: alone", "nl": "S1: alleen"},
    "legend.st": {"en": "ST: with interactions", "nl": "ST: met interacties"},
    "note.no_handoffs": {"en": "no hand-offs in this run", "nl": "geen overdrachten in deze run"},
    "note.no_data": {"en": "no data", "nl": "geen gegevens"},
    "note.replications": {"en": "{n} replications", "nl": "{n} herhalingen"},
    "note.better_lower": {"en": "left of 0: B lower", "nl": "links van 0: B lager"},
    "note.better": {
        "en": "filled: B better; open: no relevant difference, inconclusive or not judged",
        "nl": "gevuld: B beter; open: geen relevant verschil, onbeslist of niet beoordeeld",
    },
    "note.worse": {"en": "B worse", "nl": "B slechter"},
    "note.cases_per_year": {
        "en": "cases per year, mean of {n} replications",
        "nl": "cases per jaar, gemiddelde van {n} herhalingen",
    },
    "note.runs": {"en": "{n} runs", "nl": "{n} runs"},
    "note.heatmap": {
        "en": "mean over replications and the {other} other factor(s)",
        "nl": "gemiddelde over herhalingen en de {other} andere factor(en)",
    },
    "note.heatmap_reps": {"en": "mean over replications", "nl": "gemiddelde over herhalingen"},
    "note.n_cases": {"en": "n = {n}", "nl": "n = {n}"},
    # --- units and stages ------------------------------------------------------------------------
    "kind.team": {"en": "teams", "nl": "teams"},
    "kind.expert": {"en": "expert teams", "nl": "expertteams"},
    "kind.desk": {"en": "desk / front office", "nl": "loket / voordeur"},
    "kind.first_line": {"en": "first line", "nl": "eerste lijn"},
    "kind.specialised": {"en": "specialised care", "nl": "specialistische zorg"},
    "kind.approval": {"en": "mandate decisions", "nl": "mandaatbesluiten"},
    "kind.handoff": {"en": "hand-off (in transit)", "nl": "overdracht (onderweg)"},
    "kind.wrong_door": {"en": "wrong door", "nl": "verkeerde deur"},
    "kind.bridge": {"en": "bridge worker", "nl": "brugfunctionaris"},
    "stage.first_contact": {"en": "request to\nfirst contact", "nl": "aanvraag tot\neerste contact"},
    "stage.assessment": {"en": "request to\nassessment", "nl": "aanvraag tot\nbeoordeling"},
    "flow.entry": {"en": "entry", "nl": "binnenkomst"},
    "flow.passed": {"en": "then", "nl": "daarna"},
    "flow.ending": {"en": "ending", "nl": "afloop"},
    "flow.youth_team": {"en": "youth team", "nl": "jeugdteam"},
    "flow.adult_team": {"en": "adult team", "nl": "team volwassenen"},
    "flow.no_unit": {"en": "no unit reached", "nl": "geen eenheid bereikt"},
    "flow.direct": {"en": "(nowhere else)", "nl": "(nergens anders)"},
    "end.closed_team": {"en": "helped by the team", "nl": "geholpen door het team"},
    "end.closed_specialised": {"en": "helped in specialised care", "nl": "geholpen in specialistische zorg"},
    "end.gave_up_waiting": {"en": "gave up waiting", "nl": "haakte af tijdens wachten"},
    "end.lost_in_handoff": {"en": "lost in a hand-off", "nl": "kwijt bij overdracht"},
    "end.stopped_support": {"en": "stopped during support", "nl": "stopte tijdens hulp"},
    "end.open": {"en": "still open", "nl": "nog open"},
    "complexity.single": {"en": "single need", "nl": "enkelvoudig"},
    "complexity.multiple": {"en": "multiple needs", "nl": "meervoudig"},
    "complexity.multi_problem": {"en": "multi-problem", "nl": "multiprobleem"},
    "outcome.completed": {"en": "completed", "nl": "geslaagd"},
    "outcome.lost": {"en": "lost", "nl": "kwijtgeraakt"},
    "outcome.bounced": {"en": "bounced", "nl": "teruggestuurd"},
    "outcome.duplicated": {"en": "duplicated", "nl": "dubbel"},
    "outcome.delayed": {"en": "delayed", "nl": "vertraagd"},
    "outcome.pending": {"en": "pending at end", "nl": "loopt nog"},
    "boundary.wrong_door": {"en": "wrong door", "nl": "verkeerde deur"},
    "boundary.front_office": {"en": "front office", "nl": "voordeur"},
    "boundary.desk_to_team": {"en": "desk to team", "nl": "loket naar team"},
    "boundary.desk_to_first_line": {"en": "desk to first line", "nl": "loket naar eerste lijn"},
    "boundary.first_line_to_team": {"en": "first line to team", "nl": "eerste lijn naar team"},
    "boundary.front_to_expert": {"en": "front to expert team", "nl": "voorkant naar expertteam"},
    "boundary.expert_to_front": {"en": "expert team to front", "nl": "expertteam naar voorkant"},
    "boundary.mixed_household": {"en": "mixed household", "nl": "gemengd huishouden"},
    "boundary.transition_18": {"en": "turning 18", "nl": "18 worden"},
    "boundary.to_specialised": {"en": "to specialised care", "nl": "naar specialistische zorg"},
    "hours.client_hours": {"en": "client time", "nl": "cliënttijd"},
    "hours.meeting_hours": {"en": "meetings", "nl": "overleg"},
    "hours.registration_hours": {"en": "registration", "nl": "registratie"},
    "hours.consultation_hours": {"en": "consultation", "nl": "consultatie"},
    "hours.approval_hours": {"en": "approvals", "nl": "mandaatbesluiten"},
    "hours.mother_hours": {"en": "mother organisation", "nl": "moederorganisatie"},
    "hours.training_hours": {"en": "training", "nl": "scholing"},
    "hours.other_hours": {"en": "available, not booked", "nl": "beschikbaar, niet geboekt"},
    # --- metrics (names are part of the interface; these are their readable labels) --------------
    "metric.requests": {"en": "requests", "nl": "hulpvragen"},
    "metric.closed": {"en": "closed with help", "nl": "afgesloten met hulp"},
    "metric.dropped_out": {"en": "dropped out", "nl": "uitgevallen"},
    "metric.open_at_end": {"en": "open at end", "nl": "open aan het eind"},
    "metric.wait_first_contact_mean_weeks": {
        "en": "wait for first contact, mean (weeks)",
        "nl": "wachttijd tot eerste contact, gemiddeld (weken)",
    },
    "metric.wait_first_contact_p90_weeks": {
        "en": "wait for first contact, 90th pct (weeks)",
        "nl": "wachttijd tot eerste contact, 90e pct (weken)",
    },
    "metric.wait_total_mean_weeks": {
        "en": "total waiting, mean (weeks)",
        "nl": "totale wachttijd, gemiddeld (weken)",
    },
    "metric.waiting_list_mean": {"en": "waiting list, mean (cases)", "nl": "wachtlijst, gemiddeld (cases)"},
    "metric.waiting_list_end": {"en": "waiting list at end (cases)", "nl": "wachtlijst aan het eind (cases)"},
    "metric.over_norm_share": {"en": "share over the 6-week norm", "nl": "aandeel boven de 6-wekennorm"},
    "metric.escalation_rate": {"en": "escalation rate", "nl": "aandeel naar specialistische zorg"},
    "metric.trajectory_escalation_rate": {
        "en": "escalation per trajectory",
        "nl": "aandeel trajecten naar specialistische zorg",
    },
    "metric.escalation_by_worsening_rate": {
        "en": "escalation by worsening",
        "nl": "doorverwijzing door verergering",
    },
    "metric.staff_hours": {"en": "staff hours", "nl": "uren medewerkers"},
    "metric.overhead_hours": {"en": "overhead hours", "nl": "overhead-uren"},
    "metric.overhead_share": {"en": "overhead share", "nl": "aandeel overhead"},
    "metric.handoffs": {"en": "hand-offs", "nl": "overdrachten"},
    "metric.handoff_failures": {"en": "failed hand-offs", "nl": "mislukte overdrachten"},
    "metric.handoff_failure_rate": {"en": "hand-off failure rate", "nl": "aandeel mislukte overdrachten"},
    "metric.handoffs_lost": {
        "en": "residents lost in a hand-off",
        "nl": "inwoners kwijtgeraakt bij overdracht",
    },
    "metric.handoffs_bounced": {"en": "bounced at a wrong door", "nl": "doorgestuurd bij een verkeerde deur"},
    "metric.handoffs_duplicated": {
        "en": "second cases in another team",
        "nl": "tweede casussen in een ander team",
    },
    "metric.handoffs_delayed": {
        "en": "hand-offs later than the limit",
        "nl": "overdrachten later dan de grens",
    },
    "metric.duplicate_cases": {"en": "duplicate cases", "nl": "dubbele cases"},
    "metric.coordinators_per_household_mean": {
        "en": "coordinators per household",
        "nl": "regisseurs per huishouden",
    },
    "metric.cost_eur": {"en": "cost (EUR)", "nl": "kosten (EUR)"},
    "metric.unmet_need": {"en": "unmet needs at the end", "nl": "onvervulde hulpvragen aan het eind"},
    "metric.onset_to_help_mean_weeks": {
        "en": "from onset of a need to help, mean (weeks)",
        "nl": "van ontstaan van een probleem tot hulp, gemiddeld (weken)",
    },
    "metric.severity_at_first_contact_mean": {
        "en": "severity at first contact, mean",
        "nl": "ernst bij eerste contact, gemiddeld",
    },
    "metric.crises": {"en": "crises", "nl": "crises"},
    "metric.staff_sick_leave_share": {"en": "staff sick-leave share", "nl": "ziekteverzuim medewerkers"},
    "metric.staff_turnover_per_fte_year": {
        "en": "staff turnover per FTE per year",
        "nl": "verloop per fte per jaar",
    },
    "metric.vacancy_fte_mean": {"en": "vacant FTE, mean", "nl": "vacatures (fte), gemiddeld"},
    # --- captions (one or two sentences: what the figure shows, how to read it) ------------------
    "caption.waiting_list": {
        "en": "Cases waiting in each queue, week by week: the line is the mean over {n} replications, "
        "the band its 95% confidence interval. The grey area is the warm-up ({warmup:g} weeks), "
        "which the metrics leave out; a line that keeps rising after it means the queue is not "
        "keeping up.",
        "nl": "Wachtende cases per wachtrij, week na week: de lijn is het gemiddelde over {n} "
        "herhalingen, de band het 95%-betrouwbaarheidsinterval. Het grijze deel is de "
        "inloopperiode ({warmup:g} weken), die niet meetelt; een lijn die daarna blijft stijgen "
        "betekent dat de wachtrij niet bijblijft.",
    },
    "caption.waits_by_stage": {
        "en": "How long cases waited at each step: request to first contact and to assessment, then in "
        "each kind of queue. Boxes span the middle half, whiskers the 5th to 95th percentile, the "
        "diamond is the mean; the dashed line is the {norm:g}-week norm for assessment.",
        "nl": "Hoe lang cases wachtten bij elke stap: van aanvraag tot eerste contact en tot beoordeling, "
        "daarna in elk soort wachtrij. De doos omvat de middelste helft, de snorren het 5e tot 95e "
        "percentiel, de ruit is het gemiddelde; de stippellijn is de norm van {norm:g} weken.",
    },
    "caption.escalation": {
        "en": "Share of ended cases that went to specialised care, per complexity class: referred because "
        "they needed it, or because their problem worsened while they waited. Worsening is the "
        "part a better structure could prevent.",
        "nl": "Aandeel afgesloten cases dat naar specialistische zorg ging, per complexiteit: verwezen "
        "omdat het nodig was, of omdat het probleem verergerde tijdens het wachten. Dat laatste "
        "deel kan een betere structuur voorkomen.",
    },
    "caption.staff_hours": {
        "en": "Where the paid hours of each team go, per week: time with clients, meetings, registration, "
        "consultation, approvals, hours owed to a mother organisation and training; grey is paid "
        "time not booked to any of these (room for more cases).",
        "nl": "Waar de betaalde uren van elk team per week heen gaan: cliënttijd, overleg, registratie, "
        "consultatie, mandaatbesluiten, uren voor de moederorganisatie en scholing; grijs is "
        "betaalde tijd die nergens aan is besteed (ruimte voor meer cases).",
    },
    "caption.handoffs": {
        "en": "Transfers of cases between units per year, by the boundary they cross and how they ended "
        "(left), and the share that failed: lost, bounced, duplicated or delayed (right, with its "
        "95% confidence interval over replications).",
        "nl": "Overdrachten van cases tussen eenheden per jaar, naar de grens die ze passeren en hoe ze "
        "afliepen (links), en het aandeel dat mislukte: kwijtgeraakt, teruggestuurd, dubbel of "
        "vertraagd (rechts, met 95%-betrouwbaarheidsinterval over herhalingen).",
    },
    "caption.case_flow": {
        "en": "Where the requests of the measured period entered, which units they passed and how they "
        "ended (at the end of the run), in cases per year. Bands are coloured by the ending, so "
        "one can trace where the cases that dropped out came from.",
        "nl": "Waar de hulpvragen uit de meetperiode binnenkwamen, langs welke eenheden ze gingen en hoe "
        "ze afliepen (aan het eind van de run), in cases per jaar. De banden hebben de kleur van de "
        "afloop, zodat te volgen is waar uitgevallen cases vandaan kwamen.",
    },
    "caption.forest": {
        "en": "Each metric's paired difference B - A as a percentage of A's mean, with its 95% confidence "
        "interval over paired replications (common random numbers); the means of A and B are "
        "written on the right in their own units. Green: B better, red: B worse (significant after "
        "Holm's correction and at least the minimum relevant difference), open: no relevant difference, "
        "inconclusive, or a metric that describes rather than judges; points beyond "
        "±{clip:g}% are drawn at the edge.",
        "nl": "Per maatstaf het gepaarde verschil B - A als percentage van het gemiddelde van A, met het "
        "95%-betrouwbaarheidsinterval over gepaarde herhalingen (dezelfde toevalsgetallen); "
        "rechts de gemiddelden van A en B in hun eigen eenheid. Groen: B beter, rood: B slechter "
        "(significant na Holms correctie en minstens het kleinste relevante verschil), open: geen "
        "relevant verschil, onbeslist of een beschrijvende maatstaf; punten "
        "voorbij ±{clip:g}% staan op de rand.",
    },
    "caption.structures": {
        "en": "Each structure against the first ({reference}, A), for the same residents on the same random "
        "numbers: per metric the paired difference as a percentage of A's mean, with its 95% "
        "confidence interval over the paired replications; A's and the structure's means are written "
        "on the right in their own units. Green: better than A, red: worse (significant after Holm's "
        "correction and at least the minimum relevant difference), open: no relevant difference or "
        "inconclusive. Metrics that describe rather than judge are left out; points beyond "
        "±{clip:g}% are drawn at the edge.",
        "nl": "Elke structuur tegenover de eerste ({reference}, A), voor dezelfde inwoners met dezelfde "
        "toevalsgetallen: per maatstaf het gepaarde verschil als percentage van het gemiddelde van A, "
        "met het 95%-betrouwbaarheidsinterval over de gepaarde herhalingen; rechts de gemiddelden van "
        "A en de structuur in hun eigen eenheid. Groen: beter dan A, rood: slechter (significant "
        "na Holms correctie en minstens het kleinste relevante verschil), open: geen relevant verschil of "
        "onbeslist. Beschrijvende maatstaven zijn weggelaten; punten "
        "voorbij ±{clip:g}% staan op de rand.",
    },
    "caption.waiting_lists_compared": {
        "en": "Cases waiting over time in A (solid) and B (dashed), in all queues together and per kind "
        "of queue: mean over replications with its 95% band; both run on the same random numbers. "
        "The grey area is the warm-up, which the metrics leave out.",
        "nl": "Wachtende cases in de tijd in A (doorgetrokken) en B (gestreept), in alle wachtrijen samen "
        "en per soort wachtrij: gemiddelde over herhalingen met 95%-band; beide met dezelfde "
        "toevalsgetallen. Het grijze deel is de inloopperiode, die niet meetelt.",
    },
    "caption.factor_effects": {
        "en": "Each metric (rows) against each factor of the sweep (columns): the mean over all runs at "
        "that value, averaged over the other factors, with its 95% confidence band. A steep line "
        "is a factor that matters for that metric.",
        "nl": "Elke maatstaf (rijen) tegen elke factor van het experiment (kolommen): het gemiddelde over "
        "alle runs bij die waarde, gemiddeld over de andere factoren, met 95%-band. Een steile lijn "
        "is een factor die voor die maatstaf uitmaakt.",
    },
    "caption.heatmap": {
        "en": "The first two factors together: each cell is the metric's mean at that combination, "
        "averaged over replications and any other factors; the colour scale is per metric.",
        "nl": "De eerste twee factoren samen: elke cel is het gemiddelde van de maatstaf bij die "
        "combinatie, gemiddeld over herhalingen en andere factoren; de kleurschaal is per maatstaf.",
    },
    "caption.sobol": {
        "en": "Sobol' indices per metric: the share of its variance a factor explains alone (S1) and "
        "with its interactions (ST), with 95% bootstrap confidence intervals. Wide intervals mean "
        "more samples are needed before reading the indices as numbers.",
        "nl": "Sobol'-indices per maatstaf: het deel van de variantie dat een factor alleen verklaart (S1) "
        "en met interacties (ST), met 95%-bootstrapintervallen. Brede intervallen betekenen dat er "
        "meer steekproeven nodig zijn voordat de indices als getallen te lezen zijn.",
    },
    # --- sweep factors -----------------------------------------------------------------------------
    "factor.workforce.fte_factor": {"en": "staffing (x FTE)", "nl": "formatie (x fte)"},
    "factor.demand.rate_factor": {"en": "demand (x request rate)", "nl": "vraag (x aantal hulpvragen)"},
    "factor.staffing.seconded_share": {"en": "share seconded", "nl": "aandeel gedetacheerd"},
    "factor.scenario": {"en": "structure", "nl": "structuur"},
}
"""Every text of the figures: key -> language -> text. Texts with ``{...}`` are format strings."""


def label(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` (falling back to English, then to the key), formatted with ``values``.

    Raises ValueError for a language other than those in ``LANGUAGES``.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang = {lang!r}: must be one of {', '.join(LANGUAGES)}")
    texts = LABELS.get(key)
    text = key if texts is None else texts.get(lang, texts["en"])
    return text.format(**values) if values else text


def metric_label(metric: str, lang: str = "en") -> str:
    """The readable name of a metric; the metric's own name when it has no label."""
    key = f"metric.{metric}"
    return label(key, lang) if key in LABELS else metric


def factor_label(factor: str, lang: str = "en") -> str:
    """The readable name of a sweep factor (a scenario key); the key itself when it has no label."""
    key = f"factor.{factor}"
    return label(key, lang) if key in LABELS else factor


def unit_label(unit: str, lang: str = "en") -> str:
    """A unit's name for display: ``north_youth`` -> ``north youth``, in Dutch ``noord jeugd``."""
    if lang == "nl":
        from analysis.report.localised import identifier

        return identifier(unit, lang)
    return unit.replace("_", " ")
