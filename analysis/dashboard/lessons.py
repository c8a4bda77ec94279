"""The guided lessons, written like NetLogo's Info tab, in English and Dutch.

Every lesson has *What is it*, *How it works*, *Things to notice* and *Things to try*, and its
steps (two, or two pairs). The first step of a pair starts a run and pins it as the baseline; the
next changes one thing. A step whose change is only staff or places in specialised care applies
from the current week on (the class watches the system respond); any other change starts both runs
again at week 0. Both runs meet the same residents (the same seed), so what differs is what the
lesson changed.

A lesson is data: a new one is one more :class:`Lesson` in :data:`LESSONS`, with its presets named
in its steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.dashboard.settings import Settings, with_preset

Text = dict[str, str]
"""One text in every language of the page: ``{"en": ..., "nl": ...}``."""


@dataclass(frozen=True)
class Step:
    """One step of a lesson: a preset with some controls changed; step 1 also pins the baseline."""

    label: Text
    preset: str
    changes: dict[str, Any] = field(default_factory=dict)
    pin: bool = False
    """Pin the run as the baseline once it has started (the lesson's first step)."""

    def settings(self) -> Settings:
        """The controls for this step."""
        return with_preset(self.preset, **self.changes)


@dataclass(frozen=True)
class Lesson:
    """A lesson: its four Info-tab sections and its two steps."""

    key: str
    title: Text
    what: Text
    how: Text
    notice: Text
    tries: Text
    steps: tuple[Step, ...]
    """Two steps, or two pairs of steps; a step that pins starts a pair."""


INFO_SECTIONS: tuple[tuple[str, Text], ...] = (
    ("what", {"en": "What is it?", "nl": "Wat is het?"}),
    ("how", {"en": "How it works", "nl": "Hoe werkt het?"}),
    ("notice", {"en": "Things to notice", "nl": "Let op"}),
    ("tries", {"en": "Things to try", "nl": "Probeer zelf"}),
)
"""The sections of a lesson, in the order NetLogo's Info tab has them."""


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        key="utilisation",
        title={"en": "Utilisation near 1", "nl": "Bezetting bijna 1"},
        what={
            "en": "Three neighbourhood teams get a little less work than they can hold. What happens when "
            "a tenth of the staff leaves, now?",
            "nl": "Drie wijkteams krijgen net iets minder werk dan ze aankunnen. Wat gebeurt er als een "
            "tiende van de medewerkers nu vertrekt?",
        },
        how={
            "en": "Step 1 runs the town with 5% more requests and 5% more staff, and pins it as the "
            "baseline. Step 2 takes the staff to 95% from this week on: the same residents keep coming.",
            "nl": "Stap 1 laat de gemeente draaien met 5% meer hulpvragen en 5% meer personeel, en zet "
            "die run vast als basislijn. Stap 2 brengt het personeel vanaf deze week naar 95%: dezelfde "
            "inwoners blijven komen.",
        },
        notice={
            "en": "The places fill and the queue (orange) grows week after week and does not come down: "
            "the teams can never catch up. It stops growing only where as many residents give up as join.",
            "nl": "De plekken lopen vol en de wachtrij (oranje) groeit week na week en zakt niet meer: de "
            "teams halen het nooit in. Hij groeit pas niet verder als er evenveel inwoners afhaken als erbij komen.",
        },
        tries={
            "en": "Move the staff slider back to 1.05 mid-run: how long until the queue is gone? "
            "Try 1.00: a few percent of capacity separate a short wait from one that never ends.",
            "nl": "Zet de schuif voor personeel halverwege terug op 1,05: hoe lang duurt het tot de rij "
            "weg is? Probeer 1,00: een paar procent capaciteit scheidt een korte wachttijd van een eindeloze.",
        },
        steps=(
            Step(
                {"en": "1. 5% more requests, 5% more staff", "nl": "1. 5% meer vragen, 5% meer personeel"},
                "integral_a1",
                {"staff_factor": 1.05, "arrival_factor": 1.05},
                pin=True,
            ),
            Step(
                {"en": "2. Now: staff to 95%", "nl": "2. Nu: personeel naar 95%"},
                "integral_a1",
                {"staff_factor": 0.95, "arrival_factor": 1.05},
            ),
        ),
    ),
    Lesson(
        key="vicious",
        title={"en": "The vicious circle of waiting", "nl": "De vicieuze cirkel van wachten"},
        what={
            "en": "A team that refers a resident to specialised care keeps the case on its books until a "
            "place there is free. What if specialised care has too few places?",
            "nl": "Een team dat een inwoner naar specialistische zorg verwijst, houdt de casus tot daar een "
            "plek vrij is. Wat als de specialistische zorg te weinig plekken heeft?",
        },
        how={
            "en": "Step 1 runs the town as it is and pins it. Step 2 cuts specialised care from 180 to "
            "130 places from this week on. Cases waiting for those places stay on the teams' books, take "
            "team places, so new residents wait longer, and a need that worsens while waiting escalates "
            "to specialised care: the loop closes.",
            "nl": "Stap 1 laat de gemeente draaien zoals ze is en zet die vast. Stap 2 verlaagt de "
            "specialistische zorg vanaf deze week van 180 naar 130 plekken. Wie op zo'n plek wacht, "
            "blijft bij het team in de caseload, neemt een teamplek in, dus nieuwe inwoners wachten "
            "langer, en een probleem dat tijdens het wachten verergert, escaleert naar specialistische "
            "zorg: de cirkel is rond.",
        },
        notice={
            "en": "The waiting list leaves the baseline (grey) at the marker, although the teams did not "
            "change at all. In the loop panel R1 glows redder and thicker: more and more of the teams' "
            "places are held by cases stuck on their books. After some months the overloaded teams call "
            "in sick: R2 lights up too, and takes yet more capacity away.",
            "nl": "De wachtlijst gaat bij de markering weg van de basislijn (grijs), terwijl aan de teams "
            "niets veranderde. In het paneel met de kringlopen kleurt R1 roder en dikker: steeds meer "
            "teamplekken zijn bezet door casussen die bij het team blijven hangen. Na een paar maanden "
            "melden overbelaste medewerkers zich ziek: ook R2 licht op, en dat kost nog meer capaciteit.",
        },
        tries={
            "en": "Give specialised care its places back mid-run: does the waiting list come back as fast "
            "as it grew? Try more staff instead of more places: which helps the teams' queue more?",
            "nl": "Geef de specialistische zorg halverwege haar plekken terug: daalt de wachtlijst even snel "
            "als hij steeg? Probeer meer personeel in plaats van meer plekken: wat helpt de rij bij de teams meer?",
        },
        steps=(
            Step({"en": "1. The town as it is", "nl": "1. De gemeente zoals ze is"}, "integral_a1", pin=True),
            Step(
                {
                    "en": "2. Now: 130 places in specialised care",
                    "nl": "2. Nu: 130 plekken specialistische zorg",
                },
                "integral_a1",
                {"specialised_places": 130},
            ),
        ),
    ),
    Lesson(
        key="pooling",
        title={"en": "Pooling helps, pooling hurts", "nl": "Bundelen helpt, bundelen schaadt"},
        what={
            "en": "Two neighbourhoods of 15,000 residents, twenty workers. Give each area a team of its "
            "own, or pool the twenty into one team with one queue for both? Two published cases point "
            "in opposite directions: Devon's assessment teams waited less once they shared their queues; "
            "in Song, Tucker and Murrell's hospital, workers who owned their own queue were quicker.",
            "nl": "Twee wijken van 15.000 inwoners, twintig medewerkers. Geef je elke wijk een eigen team, "
            "of bundel je de twintig tot één team met één rij voor beide? Twee gepubliceerde gevallen wijzen "
            "elk een kant op: in Devon wachtten inwoners korter toen de teams hun rijen deelden; in het "
            "ziekenhuis van Song, Tucker en Murrell waren medewerkers met een eigen rij sneller.",
        },
        how={
            "en": "Step 1: a team per area (two queues), pinned. Step 2: the same twenty workers as one "
            "team for both areas, one queue; both runs start again at week 0. Steps 3 and 4 do the same "
            "again, but now a pooled team knows each neighbourhood less: its support takes 15% longer "
            "(an assumption, after the 17% longer stays Song, Tucker and Murrell measured), and its "
            "meetings grow with its size.",
            "nl": "Stap 1: een team per wijk (twee rijen), vastgezet. Stap 2: dezelfde twintig medewerkers "
            "als één team voor beide wijken, één rij; beide runs beginnen opnieuw in week 0. Stap 3 en 4 "
            "doen hetzelfde nog eens, maar nu kent een gebundeld team elke wijk minder goed: zijn "
            "ondersteuning duurt 15% langer (een aanname, naar de 17% langere opnames die Song, Tucker "
            "en Murrell maten), en zijn overleg groeit met zijn omvang.",
        },
        notice={
            "en": "Step 2: with one queue no worker sits idle while residents wait in the other area, so "
            "the waiting list runs below the baseline most of the time and is shorter on average: pooling "
            "helps, if not by much. Step 4: every case now takes longer, which costs far more capacity "
            "than sharing the queue gains, so the waiting list climbs well above the baseline, to two or "
            "three times as long: pooling hurts, because nobody owns the neighbourhood.",
            "nl": "Stap 2: met één rij zit geen medewerker stil terwijl in de andere wijk inwoners wachten, "
            "dus de wachtlijst loopt meestal onder de basislijn en is gemiddeld korter: bundelen helpt, "
            "al is het niet veel. Stap 4: elke casus duurt nu langer, en dat kost veel meer capaciteit dan "
            "de gedeelde rij oplevert, dus de wachtlijst klimt ver boven de basislijn, tot twee à drie keer "
            "zo lang: bundelen schaadt, want niemand is eigenaar van de wijk.",
        },
        tries={
            "en": "In step 4, take staff away from the pooled team mid-run: does the gap with the "
            "dedicated teams grow or shrink when everyone is busier? In step 2, cut the staff to 90% "
            "mid-run: which organisation copes better with a shortage?",
            "nl": "Haal in stap 4 halverwege personeel weg bij het gebundelde team: wordt het verschil met "
            "de eigen teams groter of kleiner als iedereen het drukker heeft? Zet in stap 2 het personeel "
            "halverwege op 90%: welke organisatie vangt een tekort beter op?",
        },
        steps=(
            Step(
                {"en": "1. A team per area (Devon)", "nl": "1. Een team per wijk (Devon)"},
                "pooling_devon_separate",
                pin=True,
            ),
            Step(
                {"en": "2. Pooled: one queue", "nl": "2. Gebundeld: één rij"},
                "pooling_devon_pooled",
            ),
            Step(
                {
                    "en": "3. A team per area that owns it",
                    "nl": "3. Een team per wijk dat die kent",
                },
                "pooling_dedicated_separate",
                pin=True,
            ),
            Step(
                {"en": "4. Pooled, nobody owns the area", "nl": "4. Gebundeld, niemand kent de wijk"},
                "pooling_dedicated_pooled",
            ),
        ),
    ),
    Lesson(
        key="handoff",
        title={"en": "Cold versus warm hand-off", "nl": "Koude of warme overdracht"},
        what={
            "en": "Front teams pass complex cases to an expert team and back. Does it matter how?",
            "nl": "Frontteams dragen complexe casussen over aan een expertteam en terug. Maakt het uit hoe?",
        },
        how={
            "en": "Step 1: cold hand-offs (a letter and a new appointment), pinned. Step 2: every hand-off "
            "warm (coordinated, introduced in person); both runs start again at week 0.",
            "nl": "Stap 1: koude overdrachten (een brief en een nieuwe afspraak), vastgezet. Stap 2: elke "
            "overdracht warm (afgestemd, persoonlijk voorgesteld); beide runs beginnen opnieuw in week 0.",
        },
        notice={
            "en": "Cold, about one in ten residents is lost on the way and many arrive late (the red arrows "
            "and the hand-off chart). Warm, almost everyone arrives. Same residents, same staff.",
            "nl": "Koud raakt ongeveer een op de tien inwoners onderweg kwijt en komen velen te laat aan "
            "(de rode pijlen en de grafiek van overdrachten). Warm komt bijna iedereen aan. Dezelfde inwoners, hetzelfde personeel.",
        },
        tries={
            "en": "Take staff away mid-run in the warm run: are hand-offs or capacity the bigger problem?",
            "nl": "Haal in de warme run halverwege personeel weg: zijn de overdrachten of is de capaciteit het grotere probleem?",
        },
        steps=(
            Step({"en": "1. Cold hand-offs", "nl": "1. Koude overdrachten"}, "front_expert_c", pin=True),
            Step(
                {"en": "2. Warm hand-offs", "nl": "2. Warme overdrachten"},
                "front_expert_c",
                {"warm_handoffs": True},
            ),
        ),
    ),
    Lesson(
        key="merge",
        title={"en": "Merge the teams", "nl": "Voeg de teams samen"},
        what={
            "en": "Gouda had a youth team and three adult teams, then merged them (2018). What changed?",
            "nl": "Gouda had een jeugdteam en drie teams voor volwassenen en voegde ze samen (2018). Wat veranderde er?",
        },
        how={
            "en": "Step 1: split teams (form B), pinned. Step 2: integral teams for all ages (form A1) "
            "with the same staff; both runs start again at week 0.",
            "nl": "Stap 1: gescheiden teams (vorm B), vastgezet. Stap 2: integrale teams voor alle "
            "leeftijden (vorm A1) met hetzelfde personeel; beide runs beginnen opnieuw in week 0.",
        },
        notice={
            "en": "Split, residents knock on the wrong door and are sent on (red arrows between the teams), "
            "and the youth team's queue grows while an adult team has room. Merged, the arrows disappear.",
            "nl": "Gescheiden kloppen inwoners aan bij de verkeerde deur en worden doorgestuurd (rode pijlen "
            "tussen de teams), en de rij bij het jeugdteam groeit terwijl een volwassenenteam ruimte heeft. "
            "Samengevoegd verdwijnen de pijlen.",
        },
        tries={
            "en": "In the split run, switch on the shared front office or the bridge worker: how close do "
            "they come to merging?",
            "nl": "Zet in de gescheiden run de gedeelde frontoffice of de brugfunctionaris aan: hoe dicht "
            "komen ze bij samenvoegen?",
        },
        steps=(
            Step({"en": "1. Split (form B)", "nl": "1. Gescheiden (vorm B)"}, "gouda_split", pin=True),
            Step({"en": "2. Merged (form A1)", "nl": "2. Samengevoegd (vorm A1)"}, "gouda_merged"),
        ),
    ),
    Lesson(
        key="triage",
        title={"en": "Triage accuracy", "nl": "Juistheid van triage"},
        what={
            "en": "A triage desk sends simple questions to the first line and complex ones to a team. "
            "What if it often guesses wrong?",
            "nl": "Een triagebalie stuurt eenvoudige vragen naar de eerste lijn en complexe naar een team. "
            "Wat als de balie vaak verkeerd gokt?",
        },
        how={
            "en": "Step 1: triage right 95% of the time, pinned. Step 2: right 60% of the time; both runs "
            "start again at week 0.",
            "nl": "Stap 1: triage 95% van de keren juist, vastgezet. Stap 2: 60% juist; beide runs "
            "beginnen opnieuw in week 0.",
        },
        notice={
            "en": "Complex cases sent to the first line are passed on later, cold: the arrow from the first "
            "line to the teams grows, simple cases take team places, and the waiting list rises above the baseline.",
            "nl": "Complexe casussen die bij de eerste lijn belanden, gaan later koud door: de pijl van de "
            "eerste lijn naar de teams groeit, eenvoudige casussen nemen teamplekken in, en de wachtlijst stijgt boven de basislijn.",
        },
        tries={
            "en": "With poor triage, add staff mid-run: how much extra staff buys back a good triage desk?",
            "nl": "Voeg bij slechte triage halverwege personeel toe: hoeveel extra personeel weegt op tegen een goede triagebalie?",
        },
        steps=(
            Step(
                {"en": "1. Triage right 95%", "nl": "1. Triage 95% juist"},
                "complex_a2",
                {"triage_accuracy": 0.95},
                pin=True,
            ),
            Step(
                {"en": "2. Triage right 60%", "nl": "2. Triage 60% juist"},
                "complex_a2",
                {"triage_accuracy": 0.6},
            ),
        ),
    ),
)
"""The lessons, in the order the panel lists them."""


def lesson(key: str) -> Lesson:
    """A lesson by key."""
    return next(item for item in LESSONS if item.key == key)
