"""Guided lessons: short two-step experiments a teacher can run in class.

Each lesson starts one run, then a second with one thing changed; the first run stays on the waiting
list chart as a grey dashed line, and the headline numbers show it beside the second. Both runs meet
the same residents (the same seed), so what differs is what the lesson changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis.dashboard.settings import Settings, with_preset


@dataclass(frozen=True)
class Step:
    """One run of a lesson: a preset with some controls changed, and what to watch."""

    label: str
    preset: str
    changes: dict[str, Any] = field(default_factory=dict)

    def settings(self) -> Settings:
        """The controls for this step."""
        return with_preset(self.preset, **self.changes)


@dataclass(frozen=True)
class Lesson:
    """A lesson: why it matters, its two steps, and what the class should see."""

    key: str
    title: str
    question: str
    steps: tuple[Step, Step]
    watch: str


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        key="utilisation",
        title="Utilisation near 1",
        question="The teams have a little more work than they can hold. How bad can 5% be?",
        steps=(
            Step(
                "1. 5% more staff, 5% fewer requests",
                "integral_a1",
                {"staff_factor": 1.05, "arrival_factor": 0.95},
            ),
            Step(
                "2. 5% fewer staff, 5% more requests",
                "integral_a1",
                {"staff_factor": 0.95, "arrival_factor": 1.05},
            ),
        ),
        watch="Play step 1 for two or three years: the places fill, and a short queue comes and goes. "
        "Then step 2: the boxes stay full and the orange queue grows and does not come down; the "
        "teams can never catch up. It only stops growing where as many residents give up waiting "
        "as join the queue. A few percent of capacity separate a short wait from one that never ends.",
    ),
    Lesson(
        key="handoff",
        title="Cold versus warm hand-off",
        question="Front teams pass complex cases to an expert team and back. Does it matter how?",
        steps=(
            Step("1. Cold hand-offs (a letter and a new appointment)", "front_expert_c"),
            Step(
                "2. Warm hand-offs (coordinated, introduced in person)",
                "front_expert_c",
                {"warm_handoffs": True},
            ),
        ),
        watch="Watch the arrows between the front teams and the experts and the hand-off chart: "
        "cold, about one in ten residents is lost on the way and many arrive late. Warm, "
        "almost everyone arrives and 'lost in a hand-off' in the numbers drops. Same residents, "
        "same staff: only the way of passing on changed.",
    ),
    Lesson(
        key="merge",
        title="Merge the teams",
        question="Gouda had a youth team and three adult teams, then merged them (2018). What changed?",
        steps=(
            Step("1. Split: youth and adult teams (form B)", "gouda_split"),
            Step("2. Merged: integral teams for all ages (form A1)", "gouda_merged"),
        ),
        watch="Split, residents knock on the wrong door and are sent on (red arrows between the teams), "
        "and households with needs on both sides get two cases. The youth team's queue grows "
        "while an adult team has room. Merged, with the same staff, the red arrows disappear "
        "and the waiting list (grey: the split run) is far lower.",
    ),
    Lesson(
        key="triage",
        title="Triage accuracy",
        question="A triage desk sends simple questions to the first line and complex ones to a team. "
        "What if it often guesses wrong?",
        steps=(
            Step("1. Triage right 95% of the time", "complex_a2", {"triage_accuracy": 0.95}),
            Step("2. Triage right 60% of the time", "complex_a2", {"triage_accuracy": 0.6}),
        ),
        watch="With poor triage, complex cases go to the first line and are passed on to a team later, "
        "cold: watch the arrow from the first line to the teams grow. Simple cases sent to a team "
        "take its places, so the teams' queues and the waiting list (grey: good triage) grow, and "
        "more residents give up.",
    ),
)
"""The lessons, in the order the panel lists them."""


def lesson(key: str) -> Lesson:
    """A lesson by key."""
    return next(item for item in LESSONS if item.key == key)
