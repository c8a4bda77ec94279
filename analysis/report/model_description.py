"""The model described the way simulation studies are reported, filled in from the scenario and manifest.

Two standard forms: the ODD protocol (Overview, Design concepts, Details; Grimm et al. 2006, 2020)
and the STRESS-DES checklist (Monks et al. 2019). Each paragraph states this run's numbers (teams,
FTE, demand, period, replications, seeds, versions), not only what the model can do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.report import facts
from analysis.report.numbers import number as _number
from analysis.report.texts import FORMS, MECHANISMS
from sim.forms import form_named


@dataclass(frozen=True)
class Item:
    """One entry: a heading (or checklist item) and its paragraphs."""

    code: str
    title: str
    paragraphs: list[str]
    question: str = ""
    """STRESS-DES: what the checklist asks for."""


@dataclass(frozen=True)
class Part:
    """A group of entries: ODD's Overview, Design concepts, Details; STRESS-DES's six sections."""

    title: str
    items: list[Item]


def _n(value: Any, lang: str) -> str:
    """A number in a sentence: no trailing zeros."""
    return _number(value, lang, trim=True)


def _pick(lang: str, en: str, nl: str) -> str:
    return nl if lang == "nl" else en


def _teams_sentence(values: dict[str, Any], lang: str) -> str:
    teams = facts.teams(values)
    doors = [t for t in teams if t.role == "door"]
    experts = [t for t in teams if t.role == "expert"]
    fte = _n(sum(t.fte for t in teams), lang)
    people = sum(t.people for t in teams)
    text = _pick(
        lang,
        f"{len(doors)} door team(s) ({', '.join(t.name for t in doors)})",
        f"{len(doors)} deurteam(s) ({', '.join(t.name for t in doors)})",
    )
    if experts:
        text += _pick(
            lang,
            f" and {len(experts)} expert team(s) ({', '.join(t.name for t in experts)})",
            f" en {len(experts)} expertteam(s) ({', '.join(t.name for t in experts)})",
        )
    return text + _pick(
        lang,
        f", together {people} professionals and {fte} FTE",
        f", samen {people} professionals en {fte} fte",
    )


def _routing(values: dict[str, Any], lang: str) -> str:
    form = values.get("form", "A1")
    accuracy = _n(values.get("triage", {}).get("accuracy"), lang)
    split = values.get("split_teams", {})
    text = {
        "A1": _pick(
            lang,
            "A request goes straight to the integral team of the resident's area.",
            "Een aanvraag gaat direct naar het integrale team van het gebied van de inwoner.",
        ),
        "A2": _pick(
            lang,
            f"A request passes the triage desk ({values.get('desk', {}).get('servers')} at "
            f"once); "
            f"triage (accuracy {accuracy}) sends simple cases to the first line and complex ones "
            "to a team; the first line pushes some cases on.",
            f"Een aanvraag gaat langs de triagebalie ({values.get('desk', {}).get('servers')} "
            f"tegelijk); "
            f"triage (trefzekerheid {accuracy}) stuurt eenvoudige zaken naar het voorliggend veld "
            "en complexe naar een team; het voorliggend veld stuurt sommige zaken door.",
        ),
        "B": _pick(
            lang,
            f"The resident chooses a door; with probability "
            f"{_n(split.get('wrong_door_probability'), lang)} the wrong one, which bounces the "
            "case on after a delay, and some residents give up there.",
            f"De inwoner kiest zelf een deur; met kans "
            f"{_n(split.get('wrong_door_probability'), lang)} de verkeerde, die de zaak na een "
            "vertraging doorstuurt, en een deel van de inwoners haakt daar af.",
        ),
        "C": _pick(
            lang,
            f"A request reaches a generalist front team; triage (accuracy {accuracy}) keeps "
            f"single "
            "problems there, brings multiple problems to the expert consultation every "
            f"{_n(values.get('expert_teams', {}).get('consultation_interval_weeks'), lang)} weeks "
            "and sends multi-problem cases up to an expert team and back for aftercare.",
            f"Een aanvraag komt bij een generalistisch frontteam; triage (trefzekerheid {accuracy}) "
            "houdt enkelvoudige problemen daar, brengt meervoudige problemen in het expertoverleg "
            "(elke "
            f"{_n(values.get('expert_teams', {}).get('consultation_interval_weeks'), lang)} weken) "
            "en stuurt multiprobleemzaken naar een expertteam en terug voor nazorg.",
        ),
    }[form]
    return text + _wrong_doors(values, form, lang)


def _wrong_doors(values: dict[str, Any], form: str, lang: str) -> str:
    """A2's and C's wrong doors, when they are on (B's are in its own sentence)."""
    spec = values.get("wrong_doors", {})
    if not spec.get("enabled"):
        return ""
    a2 = _n(spec.get("first_line_probability"), lang)
    c = _n(spec.get("front_probability"), lang)
    sentences = {
        "A2": (
            f" With probability {a2} a resident first asks the team or the wrong first-line provider, "
            "which sends them to the desk after a delay; some give up there.",
            f" Met kans {a2} vraagt een inwoner eerst het team of de verkeerde partij in het "
            "voorliggend veld, die hem na een vertraging naar de balie stuurt; een deel haakt daar af.",
        ),
        "C": (
            f" With probability {c} a resident first asks the expert team or another area's front team, "
            "which sends them to their own front team after a delay; some give up there.",
            f" Met kans {c} vraagt een inwoner eerst het expertteam of het frontteam van een ander "
            "gebied, dat hem na een vertraging naar zijn eigen frontteam stuurt; een deel haakt daar af.",
        ),
    }
    return _pick(lang, *sentences[form]) if form in sentences else ""


_DECISIONS: dict[str, tuple[str, str]] = {
    "help_seeking": (
        "a household with a latent need decides once a week whether to ask for help, with chance "
        "1 - exp(-h), h = ask rate x severity x problem awareness (by triage class) x knowing the door (one "
        "door or several; learned by asking once) x trust (lower after giving up or being lost); severity "
        "grows meanwhile, more slowly with an own network, which may also resolve a light need; the week "
        "of its first yes (or of a crisis, the network, outreach or a signal) is drawn at once, with the "
        "law of those weekly trials; one that gave up keeps its need and may come back heavier",
        "een huishouden met een verborgen hulpvraag besluit elke week of het hulp vraagt, met kans "
        "1 - exp(-h), h = vraagneiging x ernst x probleembesef (per triageklasse) x de deur kennen (één deur "
        "of meer; geleerd door één keer te vragen) x vertrouwen (lager na afhaken of zoekraken); de ernst "
        "groeit intussen, trager met een eigen netwerk, dat een lichte vraag ook kan oplossen; de week van "
        "het eerste ja (of van een crisis, het netwerk, outreach of een signaal) wordt in één keer "
        "getrokken, met de verdeling van die wekelijkse keuzes; wie afhaakte houdt de vraag en kan "
        "zwaarder terugkomen",
    ),
    "severity_state": (
        "a need's severity grows whenever nobody helps it (queues, hand-offs, wrong doors, waiting for "
        "specialised care, a need not recognised) and holds while someone helps; a worker plans longer "
        "support and refers more often for a need that worsened, a resident who worsened stops more often, "
        "and a crisis comes at the threshold",
        "de ernst van een hulpvraag groeit zolang niemand helpt (wachtrijen, overdrachten, verkeerde deuren, "
        "wachten op specialistische zorg, een niet-herkende vraag) en blijft gelijk zolang iemand helpt; "
        "een medewerker plant langere begeleiding en verwijst vaker door bij een verergerde vraag, een "
        "verergerde inwoner stopt vaker, en bij de drempel volgt een crisis",
    ),
    "outreach": (
        "door teams search their area for latent needs a number of hours a week",
        "wijkteams zoeken een aantal uren per week in hun gebied naar verborgen hulpvragen",
    ),
    "signalling": (
        "school, youth doctor and GP refer households whose need they notice",
        "school, jeugdarts en huisarts verwijzen huishoudens door van wie ze de vraag opmerken",
    ),
    "strain": (
        "professionals fall ill or leave more often the longer their team has been overloaded (caseload "
        "and waiting list above capacity); a vacancy is filled after a delay and a newcomer takes fewer "
        "cases at first",
        "professionals worden vaker ziek of vertrekken naarmate hun team langer overbelast is (caseload en "
        "wachtlijst boven de capaciteit); een vacature wordt na een tijd vervuld en een nieuwkomer neemt "
        "eerst minder zaken",
    ),
    "adaptation": (
        "a team whose waiting list per FTE passes a threshold changes how it works (its policy) until it "
        "falls below again",
        "een team waarvan de wachtlijst per fte een drempel passeert, werkt anders (zijn beleid) tot die "
        "weer daaronder zakt",
    ),
    "colleague_learning": (
        "a worker who consults a colleague may learn: their chance of recognising needs of that domain "
        "moves towards the colleague's, and fades again without practice",
        "een medewerker die een collega raadpleegt kan leren: de kans dat die hulpvragen van dat domein "
        "herkent schuift op naar die van de collega, en vervaagt weer zonder oefening",
    ),
}
"""ODD+D individual decision-making, per mechanism of residents and professionals (when it is on)."""


def _decisions(values: dict[str, Any], lang: str) -> str:
    """ODD+D: what each agent decides, and on what, in this scenario."""
    on = [text for key, text in _DECISIONS.items() if values.get(key, {}).get("enabled")]
    base = _pick(
        lang,
        "Individual decision-making (ODD+D): residents give up waiting when their patience runs out; a "
        "team gives a case to the present worker with the most room (with breadth versus depth on, one "
        "who knows its domain first); professionals take cases when they have room; no agent optimises",
        "Individuele besluitvorming (ODD+D): inwoners haken af als hun geduld op is; een team geeft een "
        "zaak aan de aanwezige medewerker met de meeste ruimte (met breedte tegen diepte aan eerst aan wie "
        "het domein kent); professionals nemen zaken als ze ruimte hebben; geen agent optimaliseert",
    )
    texts = [t[1] if lang == "nl" else t[0] for t in on]
    return base + ("; " + "; ".join(texts) if texts else "") + "."


def odd(values: dict[str, Any], manifest: dict[str, Any], lang: str) -> list[Part]:
    """ODD: Overview, Design concepts and Details of the model as this scenario sets it up."""
    form = values.get("form", "A1")
    run = values.get("run", {})
    years = manifest.get("years", run.get("years"))
    warmup = manifest.get("warmup_years", run.get("warmup_years"))
    residents = _n(values.get("municipality", {}).get("residents"), lang)
    areas = values.get("municipality", {}).get("areas", {})
    groups = values.get("municipality", {}).get("age_groups", {})
    care = values.get("specialised_care", {})
    requests = _n(facts.expected_requests_per_year(values), lang)
    per1000 = _n(facts.requests_per_1000(values), lang)
    mechanisms = "; ".join(MECHANISMS[lang][m] for m in facts.mechanisms(values))
    snapshot = _n(run.get("snapshot_interval_weeks", 1), lang)
    norm = _n(values.get("pathway", {}).get("norm_weeks", 6), lang)
    start = values.get("start_state", {}).get("open_cases_csv")
    latent = values.get("help_seeking", {}).get("enabled")
    born_en = "when a need arises, before anyone knows of it" if latent else "only when they ask for help"
    born_nl = (
        "als een hulpvraag ontstaat, voordat iemand ervan weet" if latent else "alleen als zij om hulp vragen"
    )
    overview = [
        Item(
            "1",
            _pick(lang, "Purpose and patterns", "Doel en patronen"),
            [
                _pick(
                    lang,
                    "wijksim simulates how residents with single, multiple or multi-problem needs get "
                    "help "
                    "from a municipality's social neighbourhood teams, to compare ways of organising the "
                    "front door on waiting, escalation to specialised care, overhead hours and hand-off "
                    "failures.",
                    "wijksim simuleert hoe inwoners met enkelvoudige, meervoudige of multiproblematiek hulp "
                    "krijgen van de sociale wijkteams van een gemeente, om manieren van organiseren van de "
                    "toegang te vergelijken op wachten, escalatie naar specialistische zorg, overheaduren en "
                    "mislukte overdrachten.",
                ),
                _pick(
                    lang,
                    f"This scenario, '{values.get('name')}', is form {FORMS[lang].get(form, form)}. "
                    f"{values.get('description', '')}",
                    f"Dit scenario, '{values.get('name')}', is vorm {FORMS[lang].get(form, form)}. "
                    f"{values.get('description', '')}",
                ),
                _pick(
                    lang,
                    "Patterns the model must reproduce: queueing theory when set up as a textbook queue "
                    "(Erlang C, a Jackson network, Little's law; tested in the test suite), and the "
                    "conservation "
                    "of cases in every run.",
                    "Patronen die het model moet reproduceren: wachtrijtheorie als het is ingericht als "
                    "schoolvoorbeeld (Erlang C, een Jackson-netwerk, de wet van Little; getest in de testset), "
                    "en behoud van zaken in elke run.",
                ),
            ],
        ),
        Item(
            "2",
            _pick(lang, "Entities, state variables and scales", "Entiteiten, toestandsvariabelen en schalen"),
            [
                _pick(
                    lang,
                    "Residents and households (age, domain of the need, complexity class, severity), "
                    f"created {born_en}; cases (unit, state, waiting time, coordinator); "
                    "professionals "
                    "(discipline, FTE, contract, breadth, caseload limit from their hours); teams "
                    "(areas, ages and domains served, role); specialised care with "
                    f"{_n(care.get('places'), lang)} places.",
                    "Inwoners en huishoudens (leeftijd, domein van de vraag, complexiteit, ernst), "
                    f"aangemaakt {born_nl}; zaken (eenheid, toestand, wachttijd, regisseur); "
                    "professionals (discipline, fte, contract, breedte, caseloadgrens uit hun uren); teams "
                    "(gebieden, leeftijden en domeinen, rol); specialistische zorg met "
                    f"{_n(care.get('places'), lang)} plaatsen.",
                ),
                _pick(
                    lang,
                    f"This scenario: {residents} residents in {len(areas)} area(s) "
                    f"({', '.join(areas)}), {len(groups)} age groups, and {_teams_sentence(values, lang)}.",
                    f"Dit scenario: {residents} inwoners in {len(areas)} gebied(en) ({', '.join(areas)}), "
                    f"{len(groups)} leeftijdsgroepen, en {_teams_sentence(values, lang)}.",
                ),
                _pick(
                    lang,
                    f"Time is continuous, in weeks (a year is 52 weeks); snapshots every {snapshot} "
                    f"week(s). "
                    f"Each replication runs {_n(warmup, lang)} years of warm-up and {_n(years, lang)} "
                    "measured years. Space is only the division into areas.",
                    f"De tijd is continu, in weken (een jaar is 52 weken); momentopnamen elke {snapshot} week. "
                    f"Elke replicatie draait {_n(warmup, lang)} jaar inloop en {_n(years, lang)} gemeten "
                    "jaren. Ruimte is alleen de indeling in gebieden.",
                ),
            ],
        ),
        Item(
            "3",
            _pick(lang, "Process overview and scheduling", "Procesoverzicht en planning"),
            [
                _pick(
                    lang,
                    "Discrete-event simulation: SimPy drives time, a case is a SimPy process walking its "
                    "pathway; worker caseload slots, desks, consultation and specialised-care places are "
                    "resources with queues. Mesa holds the agents. A weekly process lets waiting cases' "
                    "severity grow and records the snapshots.",
                    "Discrete-event-simulatie: SimPy stuurt de tijd, een zaak is een SimPy-proces dat zijn "
                    "route doorloopt; caseloadplekken van medewerkers, balies, overleg en plaatsen in de "
                    "specialistische zorg zijn resources met wachtrijen. Mesa houdt de agenten bij. Een "
                    "wekelijks proces laat de ernst van wachtende zaken groeien en legt momentopnamen vast.",
                ),
                _pick(
                    lang,
                    "A case: request → wait in a unit's queue → first contact → assessment and plan → "
                    "support (consulting a colleague if needed) → specialised care when the need is beyond the "
                    "team → closure; later the household may ask again. ",
                    "Een zaak: aanvraag → wachten in de wachtrij van een eenheid → eerste contact → "
                    "vraagverheldering en plan → ondersteuning (met collegiaal overleg waar nodig) → "
                    "specialistische zorg als de vraag het team te boven gaat → afsluiting; later kan het "
                    "huishouden opnieuw aankloppen. ",
                )
                + _routing(values, lang),
            ],
        ),
    ]
    design = [
        Item(
            "4",
            _pick(lang, "Design concepts", "Ontwerpconcepten"),
            [
                _pick(
                    lang,
                    "Basic principles: queueing networks; capacity is caseload slots derived from paid "
                    "hours "
                    "minus meetings, registration and (when seconded) hours for the mother organisation.",
                    "Basisprincipes: wachtrijnetwerken; capaciteit zijn caseloadplekken, afgeleid van betaalde "
                    "uren min overleg, registratie en (bij detachering) uren voor de moederorganisatie.",
                ),
                _pick(
                    lang,
                    "Emergence: waiting lists, escalation by worsening and hand-off failures arise from "
                    "demand meeting capacity; they are not imposed.",
                    "Emergentie: wachtlijsten, escalatie door verergering en mislukte overdrachten ontstaan "
                    "uit "
                    "vraag en capaciteit; ze worden niet opgelegd.",
                ),
                _decisions(values, lang),
                _pick(
                    lang,
                    "Interaction: hand-offs between units, warm (coordinated) or cold (a new intake and "
                    "a new wait); consultation between disciplines. Collectives: teams and households.",
                    "Interactie: overdrachten tussen eenheden, warm (afgestemd) of koud (een nieuwe intake en "
                    "een nieuwe wachttijd); overleg tussen disciplines. Collectieven: teams en huishoudens.",
                ),
                _pick(
                    lang,
                    "Stochasticity: arrivals, needs, durations, routing and behaviour are drawn from "
                    "named "
                    "random streams spawned from one seed per replication; each case's draws are made up "
                    "front, "
                    "so two scenarios with the same seed meet the same residents (common random numbers).",
                    "Toeval: aankomsten, vragen, duren, routering en gedrag komen uit benoemde toevalsstromen, "
                    "afgeleid van één seed per replicatie; de trekkingen van een zaak worden vooraf gedaan, "
                    "zodat twee scenario's met dezelfde seed dezelfde inwoners ontmoeten (common random "
                    "numbers).",
                ),
                _pick(
                    lang,
                    f"Observation: the metrics count events after the warm-up; the {norm}-week norm "
                    f"judges "
                    "assessment times; weekly snapshots per unit give the time series.",
                    f"Observatie: de maten tellen gebeurtenissen na de inloopperiode; de norm van {norm} weken "
                    "toetst de doorlooptijd van de vraagverheldering; wekelijkse momentopnamen per eenheid "
                    "geven de tijdreeksen.",
                ),
            ],
        ),
    ]
    details = [
        Item(
            "5",
            _pick(lang, "Initialisation", "Initialisatie"),
            [
                _pick(
                    lang,
                    f"The system starts {'from the open cases in ' + str(start) if start else 'empty'}; "
                    f"the first {_n(warmup, lang)} years are warm-up and not counted.",
                    f"Het systeem begint {'bij de open zaken in ' + str(start) if start else 'leeg'}; de "
                    f"eerste "
                    f"{_n(warmup, lang)} jaar zijn inloop en tellen niet mee.",
                ),
            ],
        ),
        Item(
            "6",
            _pick(lang, "Input data", "Invoergegevens"),
            [
                _pick(
                    lang,
                    f"Demand rates per 1,000 residents per age group and domain give about {requests} "
                    f"first "
                    f"requests a year ({per1000} per 1,000 residents), with a monthly profile; the complexity "
                    "mix, durations and probabilities are in the assumptions table, with their sources in the "
                    "scenario file's comments. No external time series drive the model.",
                    f"Aanvraagcijfers per 1.000 inwoners per leeftijdsgroep en domein geven ongeveer "
                    f"{requests} "
                    f"eerste aanvragen per jaar ({per1000} per 1.000 inwoners), met een maandprofiel; de "
                    "complexiteitsverdeling, duren en kansen staan in de tabel met aannames, met hun bronnen "
                    "in "
                    "het commentaar van het scenariobestand. Er sturen geen externe tijdreeksen het model.",
                ),
            ],
        ),
        Item(
            "7",
            _pick(lang, "Submodels", "Submodellen"),
            [
                _pick(
                    lang,
                    f"At work in this scenario: {mechanisms}.",
                    f"Werkzaam in dit scenario: {mechanisms}.",
                ),
                _pick(
                    lang,
                    "Each submodel, its parameters and units are listed in the assumptions table below "
                    "and in "
                    "docs/scenario-reference.md; the code is one module per concept in sim/.",
                    "Elk submodel, met parameters en eenheden, staat in de tabel met aannames hieronder en in "
                    "docs/scenario-reference.md; de code is één module per concept in sim/.",
                ),
            ],
        ),
    ]
    return [
        Part(_pick(lang, "Overview", "Overzicht"), overview),
        Part(_pick(lang, "Design concepts", "Ontwerpconcepten"), design),
        Part(_pick(lang, "Details", "Details"), details),
    ]


def stress(
    kind: str, values: dict[str, Any] | None, manifest: dict[str, Any], metrics: list[str], lang: str
) -> list[Part]:
    """STRESS-DES: the six sections of the checklist, each item answered for this report."""
    values = values or {}
    run = values.get("run", {})
    part = manifest.get("a", manifest) if kind == "compare" else manifest
    years = part.get("years", run.get("years"))
    warmup = part.get("warmup_years", run.get("warmup_years"))
    reps = part.get("replications", manifest.get("replications"))
    seed = part.get("master_seed", (manifest.get("spec") or {}).get("seed"))
    versions = manifest.get("versions", {})
    version_text = ", ".join(f"{k} {v}" for k, v in versions.items())
    command = " ".join(str(c) for c in manifest.get("command", [])) or "wijksim sweep"
    factors = ", ".join(manifest.get("factors", []))
    aim = {
        "run": _pick(
            lang,
            "Estimate the metrics of one organisation of the front door, with their uncertainty.",
            "De maten van één inrichting van de toegang schatten, met hun onzekerheid.",
        ),
        "compare": _pick(
            lang,
            "Compare two organisations of the front door on the same residents (paired, "
            "common "
            "random numbers) and say which is better per metric.",
            "Twee inrichtingen van de toegang vergelijken op dezelfde inwoners (gepaard, common "
            "random numbers) en per maat zeggen welke beter is.",
        ),
        "sweep": _pick(
            lang,
            f"Explore how the metrics depend on the factors {factors} "
            f"({(manifest.get('spec') or {}).get('design', {}).get('kind', '')} design).",
            f"Verkennen hoe de maten afhangen van de factoren {factors} "
            f"({(manifest.get('spec') or {}).get('design', {}).get('kind', '')}-ontwerp).",
        ),
    }[kind]
    q = {  # the checklist's questions (Monks et al. 2019, table 1), shortened
        "1.1": ("Purpose of the model", "Doel van het model"),
        "1.2": ("Model outputs", "Uitkomsten van het model"),
        "1.3": ("Experimentation aims", "Doel van de experimenten"),
        "2.1": ("Base model overview diagram", "Overzichtsdiagram van het basismodel"),
        "2.2": ("Base model logic", "Logica van het basismodel"),
        "2.3": ("Scenario logic", "Logica van de scenario's"),
        "2.4": ("Algorithms", "Algoritmen"),
        "2.5": (
            "Components: entities, activities, resources, queues, entry and exit points",
            "Componenten: entiteiten, activiteiten, resources, wachtrijen, in- en uitgangen",
        ),
        "3.1": ("Data sources", "Gegevensbronnen"),
        "3.2": ("Pre-processing", "Voorbewerking"),
        "3.3": ("Input parameters", "Invoerparameters"),
        "3.4": ("Assumptions", "Aannames"),
        "4.1": ("Initialisation", "Initialisatie"),
        "4.2": ("Run length", "Runlengte"),
        "4.3": ("Estimation approach", "Schattingsmethode"),
        "5.1": ("Software or programming language", "Software of programmeertaal"),
        "5.2": ("Random sampling", "Toevalstrekkingen"),
        "5.3": ("Model execution", "Uitvoering van het model"),
        "5.4": ("System specification", "Systeemspecificatie"),
        "6.1": ("Computer model sharing statement", "Beschikbaarheid van het model"),
    }
    answers = {
        "1.1": _pick(
            lang,
            "Compare ways of organising access to the Dutch social domain (sociale "
            "wijkteams) on "
            "waiting, escalation, overhead and hand-offs.",
            "Manieren van organiseren van de toegang tot het sociaal domein (sociale wijkteams) "
            "vergelijken op wachten, escalatie, overhead en overdrachten.",
        ),
        "1.2": _pick(
            lang,
            f"{len(metrics)} metrics per replication, counted after the warm-up (the results "
            "table), and weekly time series per unit.",
            f"{len(metrics)} maten per replicatie, geteld na de inloopperiode (de resultatentabel), "
            "en wekelijkse tijdreeksen per eenheid.",
        ),
        "1.3": aim,
        "2.1": _pick(
            lang,
            "The pathway diagram in the ODD section (process overview), and the case-flow "
            "figure "
            "where the folder has one.",
            "Het routediagram in de ODD-sectie (procesoverzicht), en de figuur met de stroom van "
            "zaken waar de map die heeft.",
        ),
        "2.2": _routing(values, lang) if values else "–",
        "2.3": _pick(
            lang,
            "See 'What differs between the two scenarios'."
            if kind == "compare"
            else "The factors and their values in the design."
            if kind == "sweep"
            else "One scenario; its values are in the assumptions table.",
            "Zie 'Waarin de twee scenario's verschillen'."
            if kind == "compare"
            else "De factoren en hun waarden in de opzet."
            if kind == "sweep"
            else "Eén scenario; de waarden staan in de tabel met aannames.",
        ),
        "2.4": _pick(
            lang,
            "Time-weighted averages for waiting lists; Student-t intervals over replications; "
            "paired differences for comparisons; MSER-5 check of the warm-up; Saltelli/Sobol' "
            "indices (SALib) for Sobol designs.",
            "Tijdgewogen gemiddelden voor wachtlijsten; Student-t-intervallen over replicaties; "
            "gepaarde verschillen bij vergelijkingen; MSER-5-controle van de inloop; "
            "Saltelli/Sobol'-indices (SALib) bij Sobol-ontwerpen.",
        ),
        "2.5": (
            _pick(
                lang,
                "Entities: residents, households and cases. Activities: first contact, "
                "assessment, "
                "support, consultation, specialised care. Resources: ",
                "Entiteiten: inwoners, huishoudens en zaken. Activiteiten: eerste contact, "
                "vraagverheldering, ondersteuning, overleg, specialistische zorg. Resources: ",
            )
            + (_teams_sentence(values, lang) if values else "–")
            + _pick(
                lang,
                f"; {_n(values.get('specialised_care', {}).get('places'), lang)} places in "
                "specialised care. Queues: one per unit, first come first served (a crisis goes "
                "first "
                "in specialised care). Entry: a request; exit: closed with help, dropped out, or "
                "open "
                "at the end.",
                f"; {_n(values.get('specialised_care', {}).get('places'), lang)} plaatsen in de "
                "specialistische zorg. Wachtrijen: één per eenheid, wie het eerst komt (een crisis "
                "gaat voor in de specialistische zorg). Ingang: een aanvraag; uitgang: afgesloten "
                "met "
                "hulp, afgehaakt, of open aan het eind.",
            )
        ),
        "3.1": _pick(
            lang,
            "Public Dutch sources cited in the scenario files' comments (Movisie 2016, SCP, "
            "CBS, "
            "municipal reports); see the note column of the assumptions table.",
            "Openbare Nederlandse bronnen, genoemd in het commentaar van de scenariobestanden "
            "(Movisie 2016, SCP, CBS, gemeentelijke rapporten); zie de kolom toelichting in de "
            "tabel met aannames.",
        ),
        "3.2": _pick(
            lang,
            "None: rates and distributions are entered as parameters, not fitted by the model.",
            "Geen: cijfers en verdelingen zijn parameters, niet door het model geschat.",
        ),
        "3.3": _pick(
            lang,
            "The assumptions table: every value after defaults and 'extends', with units in the key names.",
            "De tabel met aannames: elke waarde na standaardwaarden en 'extends', met de eenheid in de naam.",
        ),
        "3.4": _pick(
            lang,
            "Values marked A in the assumptions table are assumptions, to be tested in a sweep.",
            "Waarden met A in de tabel met aannames zijn aannames, te toetsen in een sweep.",
        ),
        "4.1": _pick(
            lang,
            f"Empty system (or today's open cases), {_n(warmup, lang)} years of warm-up, "
            "checked with MSER-5 after each run.",
            f"Leeg systeem (of de open zaken van nu), {_n(warmup, lang)} jaar inloop, na elke "
            "run gecontroleerd met MSER-5.",
        ),
        "4.2": _pick(
            lang,
            f"{_n(years, lang)} measured years per replication (terminating at a fixed horizon).",
            f"{_n(years, lang)} gemeten jaren per replicatie (afgebroken op een vaste horizon).",
        ),
        "4.3": _pick(
            lang,
            f"{reps} independent replications per scenario or design point; means with 95% "
            "Student-t confidence intervals.",
            f"{reps} onafhankelijke replicaties per scenario of ontwerppunt; gemiddelden met "
            "95%-Student-t-betrouwbaarheidsintervallen.",
        ),
        "5.1": _pick(
            lang, f"Python with SimPy and Mesa: {version_text}.", f"Python met SimPy en Mesa: {version_text}."
        ),
        "5.2": _pick(
            lang,
            f"numpy Generators on named streams spawned from one SeedSequence per "
            f"replication; "
            f"master seed {seed}; the replication seeds are in the manifest.",
            f"numpy-Generators op benoemde stromen uit één SeedSequence per replicatie; hoofdseed "
            f"{seed}; de replicatie-seeds staan in het manifest.",
        ),
        "5.3": _pick(
            lang,
            f"Command: {command}. Event-driven (SimPy), one replication per process or in series.",
            f"Opdracht: {command}. Gebeurtenisgestuurd (SimPy), één replicatie per proces of na elkaar.",
        ),
        "5.4": _pick(
            lang,
            "Wall time "
            f"{_n(part.get('wall_time_s'), lang) + ' s' if part.get('wall_time_s') else '–'}; "
            "the hardware is not recorded in the manifest.",
            "Rekentijd "
            f"{_n(part.get('wall_time_s'), lang) + ' s' if part.get('wall_time_s') else '–'}; "
            "de hardware staat niet in het manifest.",
        ),
        "6.1": _pick(
            lang,
            "wijksim is open source (MIT licence); with the manifest's command, versions and "
            "seeds "
            "the results are reproduced exactly.",
            "wijksim is open source (MIT-licentie); met de opdracht, versies en seeds uit het "
            "manifest zijn de resultaten exact te reproduceren.",
        ),
    }
    sections = [
        ("1", _pick(lang, "Objectives", "Doelen")),
        ("2", _pick(lang, "Logic", "Logica")),
        ("3", _pick(lang, "Data", "Gegevens")),
        ("4", _pick(lang, "Experimentation", "Experimenten")),
        ("5", _pick(lang, "Implementation", "Implementatie")),
        ("6", _pick(lang, "Code access", "Toegang tot de code")),
    ]
    return [
        Part(
            f"{code}. {title}",
            [
                Item(key, q[key][1 if lang == "nl" else 0], [answers[key]])
                for key in answers
                if key.startswith(code + ".")
            ],
        )
        for code, title in sections
    ]


def pathway_steps(values: dict[str, Any], lang: str) -> list[str]:
    """The boxes of the pathway diagram for this scenario's form."""
    form = form_named(values.get("form", "A1"))
    steps = [_pick(lang, "request", "aanvraag")]
    steps += [_pick(lang, en, nl) for en, nl in form.pathway_steps]
    steps += [
        _pick(lang, "queue", "wachtrij"),
        _pick(lang, "first contact", "eerste contact"),
        _pick(lang, "assessment and plan", "vraagverheldering en plan"),
        _pick(lang, "support", "ondersteuning"),
    ]
    if form.expert_step is not None:
        steps.append(_pick(lang, *form.expert_step))
    steps += [
        _pick(lang, "specialised care (if needed)", "specialistische zorg (zo nodig)"),
        _pick(lang, "closure", "afsluiting"),
    ]
    return steps
