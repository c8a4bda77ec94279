"""The dashboard's words in English and Dutch; the page's language switch picks one for everything."""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "nl")

WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "wijksim: how residents get help, week by week",
        "wijksim: hoe inwoners hulp krijgen, week na week",
    ),
    "play": ("▶ Play", "▶ Start"),
    "pause": ("❚❚ Pause", "❚❚ Pauze"),
    "step": ("One week", "Eén week"),
    "reset": ("Reset to week 0", "Terug naar week 0"),
    "pin": ("Pin baseline", "Basislijn vastzetten"),
    "unpin": ("Drop baseline", "Basislijn weg"),
    "seed": ("Other residents", "Andere inwoners"),
    "week": ("Week {week} · year {year}", "Week {week} · jaar {year}"),
    "warming": ("Warming up the town: {share:.0%}", "De gemeente komt op gang: {share:.0%}"),
    "catching": ("Baseline catching up: {share:.0%}", "Basislijn haalt in: {share:.0%}"),
    "pace": ("≈ {pace:.0f} simulated years per minute", "≈ {pace:.0f} gesimuleerde jaren per minuut"),
    "speed": ("Weeks per frame", "Weken per beeld"),
    "structure": ("The organisation now", "De organisatie nu"),
    "waiting_chart": ("Residents waiting", "Wachtende inwoners"),
    "this_run": ("this run", "deze run"),
    "baseline": ("pinned baseline", "vastgezette basislijn"),
    "years": ("years since week 0", "jaren sinds week 0"),
    "loops_chart": ("Cases stuck and specialised care", "Vastgelopen casussen en specialistische zorg"),
    "stuck": (
        "cases on the teams' books waiting for specialised care",
        "casussen bij teams die wachten op specialistische zorg",
    ),
    "specialised_use": ("specialised care in use (%)", "specialistische zorg bezet (%)"),
    "hours_chart": (
        "Where the teams' hours go (hours a week)",
        "Waar de uren van de teams heen gaan (uur per week)",
    ),
    "handoff_chart": ("Hand-offs in the last 52 weeks", "Overdrachten in de laatste 52 weken"),
    "no_handoffs": ("no hand-offs yet", "nog geen overdrachten"),
    "organisation": ("Organisation", "Organisatie"),
    "preset": ("preset scenario", "voorbeeldscenario"),
    "residents_n": ("{form} · {residents:,} residents", "{form} · {residents:,} inwoners"),
    "now_controls": ("Change now (from this week on)", "Nu veranderen (vanaf deze week)"),
    "start_controls": (
        "Change from week 0 (the run starts again)",
        "Veranderen vanaf week 0 (de run begint opnieuw)",
    ),
    "arrivals": ("Requests for help, × the preset's", "Hulpvragen, × die van het scenario"),
    "staff": ("Staff of every team, × the preset's", "Personeel van elk team, × dat van het scenario"),
    "seconded": (
        "Staff seconded from a mother organisation",
        "Personeel gedetacheerd vanuit een moederorganisatie",
    ),
    "triage": ("Triage puts a case in the right class", "Triage deelt een casus juist in"),
    "triage_off": ("only forms A2 and C triage", "alleen vormen A2 en C hebben triage"),
    "specialised": ("Places in specialised care", "Plekken in specialistische zorg"),
    "patience": (
        "Patience: mean wait before a resident gives up",
        "Geduld: gemiddelde wachttijd voor een inwoner afhaakt",
    ),
    "bridge": (
        "Bridge worker between youth and adult teams (form B)",
        "Brugfunctionaris tussen jeugd- en volwassenenteams (vorm B)",
    ),
    "front_office": ("Shared front office: one door (form B)", "Gedeelde frontoffice: één deur (vorm B)"),
    "warm": ("Warm hand-offs (every transfer coordinated)", "Warme overdrachten (elke overdracht afgestemd)"),
    "lessons": ("Guided lessons", "Lessen"),
    "numbers_note": (
        "Counts and means over the last 52 weeks. The town warms up for the scenario's warm-up years before week 0.",
        "Aantallen en gemiddelden over de laatste 52 weken. De gemeente draait eerst de inloopjaren van het scenario vóór week 0.",
    ),
    "h_waiting": ("Waiting now", "Wachten nu"),
    "h_wait": ("Mean wait for a first contact", "Gemiddelde wachttijd tot eerste contact"),
    "h_lost": ("Gave up or lost in a hand-off", "Afgehaakt of kwijt bij overdracht"),
    "h_escalations": ("Referred to specialised care", "Verwezen naar specialistische zorg"),
    "h_overhead": ("Staff hours not with or on a client", "Uren niet met of voor een cliënt"),
    "h_baseline": ("baseline: {value}", "basislijn: {value}"),
    "weeks_n": ("{value:.1f} weeks", "{value:.1f} weken"),
    "compare": (
        "Week {week}: {now} residents waiting in this run",
        "Week {week}: {now} inwoners wachten in deze run",
    ),
    "compare_baseline": ("; {then} in the pinned baseline.", "; {then} in de vastgezette basislijn."),
    "loops": ("Feedback loops", "Terugkoppelingen"),
    "language": ("Nederlands", "English"),
    "legend": (
        "Blue: a case being helped · grey: a free place · orange bar: residents waiting · arrows: hand-offs, last 52 weeks (red: more than a quarter fail)",
        "Blauw: een casus in behandeling · grijs: een vrije plek · oranje balk: wachtende inwoners · pijlen: overdrachten, laatste 52 weken (rood: meer dan een kwart mislukt)",
    ),
    "places_used": ("{used} of {capacity} places", "{used} van {capacity} plekken"),
    "n_waiting": ("{n} waiting", "{n} wachten"),
    "n_stuck": ("{n} stuck", "{n} vast"),
    "residents": ("residents", "inwoners"),
    "per_week": ("{n:.0f} requests a week", "{n:.0f} vragen per week"),
    "change_marker": ("change", "wijziging"),
    "m_staff": ("staff", "personeel"),
    "m_specialised": ("specialised places", "plekken spec. zorg"),
}
"""Every text of the page: key -> (English, Dutch); ``{name}`` fields are filled by :func:`say`."""

KIND_WORDS: dict[str, tuple[str, str]] = {
    "team": ("team", "team"),
    "expert": ("expert team", "expertteam"),
    "desk": ("desk", "balie"),
    "first_line": ("first line", "eerste lijn"),
    "specialised": ("specialised care", "specialistische zorg"),
    "bridge": ("bridge worker", "brugfunctionaris"),
    "approval": ("approval", "beschikking"),
}

FIELD_WORDS: dict[str, str] = {
    "staff_factor": "m_staff",
    "specialised_places": "m_specialised",
}
"""The short name of a mid-run change on the chart's marker: control -> key in WORDS."""


def say(lang: str, key: str, **values: object) -> str:
    """The text ``key`` in ``lang`` ("en" or "nl"), with its fields filled in."""
    english, dutch = WORDS[key]
    text = dutch if lang == "nl" else english
    return text.format(**values) if values else text


def kind_word(lang: str, kind: str) -> str:
    """What a unit of ``kind`` is called."""
    english, dutch = KIND_WORDS.get(kind, (kind, kind))
    return dutch if lang == "nl" else english
