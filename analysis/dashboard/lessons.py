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
            "en": "Watch the loop panel: 'cases stuck on the team's books' lights up, and the waiting list "
            "leaves the baseline (grey) at the marker, although the teams did not change at all.",
            "nl": "Kijk naar het paneel met de kringlopen: 'casussen blijven bij het team' licht op, en de "
            "wachtlijst gaat bij de markering weg van de basislijn (grijs), terwijl aan de teams niets veranderde.",
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
            "en": "Put the work of several teams in one queue, and a free worker can take any resident. "
            "But a pooled team can also mean cases that change hands. When does pooling help, and when "
            "does it hurt? Two pairs of organisations, each with the same town and the same 28 FTE.",
            "nl": "Zet het werk van meerdere teams in één rij, en een vrije medewerker kan elke inwoner "
            "helpen. Maar een gebundeld team kan ook betekenen dat casussen van hand wisselen. Wanneer "
            "helpt bundelen, en wanneer schaadt het? Twee paren organisaties, elk met dezelfde gemeente "
            "en dezelfde 28 fte.",
        },
        how={
            "en": "Step 1: a youth team and an adult team in each area (form B), pinned. Step 2 pools "
            "them into one team per area for all ages (A1), from week 0. Step 3 pins that A1 run as the "
            "new baseline: each area team owns its cases from start to end. Step 4 pools the other way: "
            "a front team per area hands multi-problem cases to one expert team for the whole town "
            "and takes them back for aftercare (form C), from week 0.",
            "nl": "Stap 1: een jeugdteam en een volwassenenteam per gebied (vorm B), vastgezet. Stap 2 "
            "voegt ze samen tot één team per gebied voor alle leeftijden (A1), vanaf week 0. Stap 3 zet "
            "die A1-run vast als nieuwe basislijn: elk gebiedsteam houdt zijn casussen van begin tot "
            "eind. Stap 4 bundelt op een andere manier: een frontteam per gebied draagt "
            "multiprobleemcasussen over aan één expertteam voor de hele gemeente en krijgt ze terug "
            "voor nazorg (vorm C), vanaf week 0.",
        },
        notice={
            "en": "Step 2: one queue instead of two and no resident at the wrong door, so the waiting "
            "list drops below the baseline: pooling helps. Step 4: complex cases change hands twice, "
            "every hand-off costs weeks and loses a few residents (red arrows), and one expert queue "
            "serves the whole town, so waits grow above the baseline: pooling hurts, because nobody "
            "owns the case.",
            "nl": "Stap 2: één rij in plaats van twee en geen inwoner aan de verkeerde deur, dus de "
            "wachtlijst zakt onder de basislijn: bundelen helpt. Stap 4: complexe casussen wisselen "
            "twee keer van hand, elke overdracht kost weken en verliest een paar inwoners (rode pijlen), "
            "en één rij bij de experts dient de hele gemeente, dus de wachttijd stijgt boven de "
            "basislijn: bundelen schaadt, want niemand is eigenaar van de casus.",
        },
        tries={
            "en": "In step 4, switch on warm hand-offs: how much of the harm was the hand-offs, and how "
            "much the one shared expert queue? In step 1, give the split teams more staff mid-run: how "
            "much extra staff makes two doors as quick as one?",
            "nl": "Zet in stap 4 warme overdrachten aan: hoeveel van de schade kwam door de "
            "overdrachten, en hoeveel door die ene gedeelde rij bij de experts? Geef in stap 1 de "
            "gescheiden teams halverwege meer personeel: hoeveel extra personeel maakt twee deuren "
            "even snel als één?",
        },
        steps=(
            Step(
                {"en": "1. Youth and adult teams (B)", "nl": "1. Jeugd- en volwassenenteams (B)"},
                "split_youth_b",
                pin=True,
            ),
            Step(
                {"en": "2. Pooled: one team per area (A1)", "nl": "2. Gebundeld: één team per gebied (A1)"},
                "integral_a1",
            ),
            Step(
                {
                    "en": "3. Area teams own their cases (A1)",
                    "nl": "3. Gebiedsteams houden hun casussen (A1)",
                },
                "integral_a1",
                pin=True,
            ),
            Step(
                {"en": "4. Pooled: one expert team (C)", "nl": "4. Gebundeld: één expertteam (C)"},
                "front_expert_c",
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
