"""The teacher dashboard: a Solara page that shows a wijksim model running, week by week.

Served by ``wijksim dashboard`` (``solara run dashboard.app``). Every browser tab gets its own
``Lab``: a model built from the controls, stepped in a background thread while playing, and the
previous run kept for comparison. Changing a control starts the run again from week 0 with the same
residents (the same seed), so the class compares like with like.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import solara
import solara.lab

from analysis.dashboard import drawing
from analysis.dashboard.lab import Headline, Lab
from analysis.dashboard.lessons import LESSONS, lesson
from analysis.dashboard.settings import (
    FORM_NAMES,
    Settings,
    applies,
    default_preset,
    defaults_for,
    load_preset,
    preset_names,
)
from sim.scenario.errors import ScenarioError
from sim.units import WEEKS_PER_YEAR

SPEEDS = (1, 2, 4, 8, 13)
"""Weeks simulated per screen update: from watching single weeks to racing through years."""
DEFAULT_SPEED = 4
FRAME_SECONDS = 0.25
"""A screen update at most this often while playing (faster models wait, slower ones don't)."""


@solara.component
def Page():
    """The whole dashboard."""
    lab = solara.use_memo(lambda: Lab(defaults_for(default_preset())), [])
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(DEFAULT_SPEED)
    settings = solara.use_reactive(lab.settings)
    active = solara.use_reactive(("", -1))
    error = solara.use_reactive("")

    def refresh() -> None:
        tick.value += 1

    def apply(new: Settings) -> None:
        try:
            lab.apply(new)
        except ScenarioError as exc:
            error.value = " ".join(exc.problems)
            return
        error.value = ""
        settings.value = new
        refresh()

    def play_loop() -> None:
        started, weeks = time.perf_counter(), 0
        while playing.value:
            frame = time.perf_counter()
            done = lab.advance(speed.value)
            if done == 0:
                playing.value = False
                break
            weeks += done
            elapsed = time.perf_counter() - started
            lab.pace = weeks / WEEKS_PER_YEAR / elapsed * 60 if elapsed > 0 else 0.0
            refresh()
            time.sleep(max(0.01, FRAME_SECONDS - (time.perf_counter() - frame)))

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def step_week() -> None:
        lab.advance(1)
        refresh()

    def reset() -> None:
        lab.reset()
        refresh()

    def new_residents() -> None:
        apply(replace(settings.value, seed=settings.value.seed + 1))

    def start_step(key: str, index: int) -> None:
        apply(lesson(key).steps[index].settings())
        active.value = (key, index)

    solara.Title("wijksim: a neighbourhood team, live")
    with solara.AppBar():
        solara.AppBarTitle("wijksim: how residents get help, week by week")

    with solara.Sidebar():
        Clock(lab, playing, speed, step_week, reset, new_residents, tick.value)
        Controls(settings.value, apply, error.value)

    with solara.Column(style={"padding": "0 12px"}):
        Lessons(active.value, start_step)
        Headlines(lab.recorder.headline(), _previous_headline(lab))
        structure = drawing.structure_figure(lab.recorder, lab.model.scenario.municipality.residents)
        solara.FigureMatplotlib(structure, dependencies=[tick.value], format="png")
        # The waiting list across the page and the two others side by side: large enough for a projector.
        solara.FigureMatplotlib(
            drawing.waiting_figure(lab.recorder, lab.previous, width=13.0),
            dependencies=[tick.value],
            format="png",
        )
        solara.Text(_comparison(lab), classes=["wijk-compare"], style={"font-size": "16px"})
        with solara.Columns([1, 1]):
            solara.FigureMatplotlib(
                drawing.hours_figure(lab.recorder), dependencies=[tick.value], format="png"
            )
            solara.FigureMatplotlib(
                drawing.handoff_figure(lab.recorder), dependencies=[tick.value], format="png"
            )


@solara.component
def Clock(lab: Lab, playing, speed, step_week, reset, new_residents, tick: int):
    """The clock, play/pause, one week, reset, other residents, and the speed."""
    week = lab.week
    with solara.Card("Time"):
        solara.Text(
            f"Week {week} · year {week // int(WEEKS_PER_YEAR) + 1}",
            classes=["wijk-clock"],
            style={"font-size": "22px", "font-weight": "bold"},
        )
        with solara.Row():
            solara.Button(
                "❚❚ Pause" if playing.value else "▶ Play",
                color="primary",
                on_click=lambda: playing.set(not playing.value),
                classes=["wijk-play"],
            )
            solara.Button("Step one week", on_click=step_week, disabled=playing.value, classes=["wijk-step"])
        with solara.Row():
            solara.Button("Reset", on_click=reset, classes=["wijk-reset"])
            solara.Button("Other residents", on_click=new_residents, classes=["wijk-seed"])
        solara.Text("Weeks per update (speed):")
        solara.ToggleButtonsSingle(value=speed, values=list(SPEEDS))
        if playing.value and lab.pace > 0:
            solara.Text(
                f"≈ {lab.pace:.1f} simulated years per minute",
                classes=["wijk-pace"],
                style={"font-size": "12px"},
            )


@solara.component
def Controls(settings: Settings, apply, error: str):
    """The scenario chooser, the sliders and the switches; any change starts again from week 0."""
    scenario = load_preset(settings.preset)
    form = scenario.form
    names = preset_names()
    if settings.preset not in names:
        names = [settings.preset, *names]
    base = defaults_for(settings.preset)

    def set_value(name: str):
        def on_value(value) -> None:
            apply(replace(settings, **{name: value}))

        return on_value

    def choose(preset: str) -> None:
        apply(defaults_for(preset))

    with solara.Card("Organisation"):
        solara.Select("preset scenario", values=names, value=settings.preset, on_value=choose)
        solara.Text(
            f"{FORM_NAMES[form]} · {scenario.municipality.residents:,} residents", style={"font-size": "13px"}
        )
    with solara.Card("Controls"):
        fte = sum(line.fte * line.people for team in scenario.teams.values() for line in team.staff)
        _slider(
            "Requests for help, × the preset's",
            settings.arrival_factor,
            0.5,
            1.5,
            0.05,
            set_value("arrival_factor"),
            "wijk-arrivals",
            shown=f"× {settings.arrival_factor:.2f}",
        )
        _slider(
            "Staff FTE of every team, × the preset's",
            settings.staff_factor,
            0.5,
            1.5,
            0.05,
            set_value("staff_factor"),
            "wijk-staff",
            shown=f"× {settings.staff_factor:.2f} ({fte * settings.staff_factor:.1f} FTE in all)",
        )
        _slider(
            "Staff seconded from a mother organisation",
            settings.seconded_share,
            0.0,
            1.0,
            0.01,
            set_value("seconded_share"),
            "wijk-seconded",
            shown=f"{settings.seconded_share:.0%}",
        )
        triage = applies(form, "triage_accuracy")
        _slider(
            "Triage puts a case in the right class",
            settings.triage_accuracy,
            0.5,
            1.0,
            0.05,
            set_value("triage_accuracy"),
            "wijk-triage",
            disabled=not triage,
            shown=f"{settings.triage_accuracy:.0%}" if triage else "only forms A2 and C triage",
        )
        low, high = max(1, base.specialised_places // 4), base.specialised_places * 2
        # step 1: a slider snaps its value to its steps, and the preset's own value must be one of them
        _slider(
            "Places in specialised care",
            settings.specialised_places,
            low,
            high,
            1,
            lambda v: set_value("specialised_places")(int(round(v))),
            "wijk-specialised",
            shown=f"{settings.specialised_places}",
        )
        _slider(
            "Patience: mean wait before a resident gives up",
            settings.patience_weeks,
            2.0,
            80.0,
            2.0,
            set_value("patience_weeks"),
            "wijk-patience",
            shown=f"{settings.patience_weeks:.0f} weeks",
        )
        solara.Switch(
            label="Bridge worker between youth and adult teams (form B)",
            value=settings.bridge_worker,
            on_value=set_value("bridge_worker"),
            disabled=not applies(form, "bridge_worker"),
        )
        solara.Switch(
            label="Shared front office: one door (form B)",
            value=settings.shared_front_office,
            on_value=set_value("shared_front_office"),
            disabled=not applies(form, "shared_front_office"),
        )
        solara.Switch(
            label="Warm hand-offs (every transfer coordinated)",
            value=settings.warm_handoffs,
            on_value=set_value("warm_handoffs"),
        )
        solara.Text(
            "A change starts the run again at week 0 with the same residents; the run before "
            "stays on the waiting-list chart (grey) to compare.",
            style={"font-size": "12px"},
        )
        if error:
            solara.Error(error)


def _slider(
    label: str,
    value: float,
    low: float,
    high: float,
    step: float,
    on_value,
    css: str,
    disabled: bool = False,
    shown: str | None = None,
):
    """A slider with its label and value on a line above it (the sidebar is narrow)."""
    with solara.Div(classes=[css], style={"margin-top": "6px"}):
        solara.Text(
            f"{label}: {shown if shown is not None else value}",
            style={"font-size": "13px", "color": "#999" if disabled else "#222"},
        )
        with solara.Div(style={"margin-top": "-10px"}):
            solara.SliderFloat(
                "", value=value, min=low, max=high, step=step, on_value=on_value, disabled=disabled
            )


@solara.component
def Lessons(active: tuple[str, int], start_step):
    """The guided lessons: pick one, run its two steps, read what to watch."""
    key, index = active
    with solara.Card("Guided lessons", margin=0, style={"margin-bottom": "8px"}):
        with solara.Row(style={"flex-wrap": "wrap"}):
            for item in LESSONS:
                solara.Button(
                    item.title,
                    on_click=lambda k=item.key: start_step(k, 0),
                    outlined=item.key != key,
                    color="primary",
                    classes=[f"wijk-lesson-{item.key}"],
                )
        if key:
            chosen = lesson(key)
            solara.Markdown(f"**{chosen.question}**")
            with solara.Row():
                for i, step in enumerate(chosen.steps):
                    solara.Button(
                        step.label,
                        on_click=lambda i=i: start_step(key, i),
                        outlined=i != index,
                        color="secondary",
                    )
            solara.Markdown(f"Press ▶ Play. {chosen.watch}")


@solara.component
def Headlines(now: Headline, before: Headline | None):
    """The few numbers to watch, with the previous run's at the same week."""

    def was(value: str) -> str:
        return f"previous run: {value}" if before is not None else "\u00a0"

    cards = [
        ("Waiting now", f"{now.waiting_now}", was(f"{before.waiting_now}" if before else "")),
        (
            "Mean wait for a first contact",
            _weeks(now.mean_wait_weeks),
            was(_weeks(before.mean_wait_weeks) if before else ""),
        ),
        (
            "Gave up waiting or lost in a hand-off",
            f"{now.gave_up_waiting + now.lost_in_handoff}",
            was(f"{before.gave_up_waiting + before.lost_in_handoff}" if before else ""),
        ),
        (
            "Referred to specialised care",
            f"{now.escalations}",
            was(f"{before.escalations}" if before else ""),
        ),
        (
            "Staff hours not with or on a client",
            _share(now.overhead_share),
            was(_share(before.overhead_share) if before else ""),
        ),
    ]
    with solara.Row(style={"flex-wrap": "wrap", "gap": "8px", "margin-bottom": "6px"}):
        for i, (title, value, previous) in enumerate(cards):
            with solara.Card(margin=0, style={"min-width": "190px", "flex": "1"}):
                solara.Text(title, style={"font-size": "13px"})
                solara.Text(
                    value,
                    classes=[f"wijk-headline-{i}"],
                    style={"font-size": "26px", "font-weight": "bold", "display": "block"},
                )
                solara.Text(previous, style={"font-size": "12px", "color": "#777"})
    solara.Text(
        "Counts and means are over the last 52 weeks. The town starts at week 0 with no open cases.",
        style={"font-size": "12px", "color": "#555"},
    )


def _previous_headline(lab: Lab) -> Headline | None:
    if lab.previous is None:
        return None
    return lab.previous.headline(lab.week)


def _comparison(lab: Lab) -> str:
    """One line reading the waiting-list curve: now, and the previous run at the same week."""
    week = lab.week
    text = f"Week {week}: {lab.recorder.waiting_total[-1]} residents waiting in this run"
    previous = lab.previous
    if previous is not None:
        if week < len(previous.waiting_total):
            text += f"; {previous.waiting_total[week]} in the previous run at the same week."
        else:
            text += f"; the previous run stopped at week {previous.week}."
    return text


def _weeks(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.1f} weeks"


def _share(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.0%}"
