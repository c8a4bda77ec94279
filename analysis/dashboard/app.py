"""The teacher dashboard: a Solara page that shows a wijksim model running, week by week.

Served by ``wijksim dashboard`` (``solara run analysis.dashboard.app``). Every browser tab gets its
own :class:`~analysis.dashboard.lab.Lab`, whose engine loop runs in one background thread: it alone
advances the models, and after every frame it publishes an immutable snapshot that this page draws.
The buttons and controls only send commands to the loop. The page draws the structure and the
feedback loops as SVG and the charts with ECharts in the browser; nothing is fetched from another
host (no CDN: ECharts comes from solara-assets, and the lesson text is plain HTML, not Markdown).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from html import escape
from typing import Any

import solara
import solara.lab

from analysis.dashboard import charts
from analysis.dashboard.drawing import structure_svg
from analysis.dashboard.echarts import Chart, Sealed
from analysis.dashboard.lab import SPEEDS, Headline, Lab, Snapshot
from analysis.dashboard.lessons import INFO_SECTIONS, LESSONS, lesson
from analysis.dashboard.loops import loops_now, loops_svg
from analysis.dashboard.settings import (
    FORM_NAMES,
    Settings,
    applies,
    default_preset,
    defaults_for,
    load_preset,
    preset_names,
)
from analysis.dashboard.words import say
from sim.units import WEEKS_PER_YEAR

LOWER_CHARTS_EVERY = 10
"""The loops and the charts below the fold are drawn again every this many frames (about every 2 s)."""

CSS = """
.wijk-page, .wijk-page .v-btn, .wijk-page .v-label, .wijk-page .v-select__selection,
.wijk-page .v-list-item__title, .wijk-page .v-input { font-size: 15px !important; }
.wijk-page .v-card__title { font-size: 17px !important; padding: 6px 12px !important; }
.wijk-page .v-messages { min-height: 0 !important; }
.wijk-page p { margin-bottom: 4px; }
.wijk-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.wijk-top { display: flex; flex-wrap: nowrap; gap: 8px; align-items: flex-start; }
.wijk-info h4 { font-size: 16px; margin: 6px 0 2px 0; }
.wijk-info p { font-size: 15px; }
.v-application--wrap > div:last-child > .v-footer, .solara-footer { display: none !important; }
"""


@solara.component
def Page() -> None:
    """The whole dashboard.

    Only the live parts (:func:`Live`, :func:`LowerCharts`) read the snapshot, so a frame redraws
    them alone; the controls and lessons are drawn again only when they change themselves.
    """
    lab = solara.use_memo(lambda: Lab(defaults_for(default_preset())), [])
    snapshot = solara.use_memo(lambda: solara.reactive(lab.snapshot), [])
    # the controls' values: read by Controls alone, so moving a slider redraws only the controls
    settings = solara.use_memo(lambda: solara.reactive(lab.intended), [])
    lang = solara.use_reactive("en")
    active = solara.use_reactive(("", -1))

    def engine() -> None:
        try:
            lab.run_forever(lambda: task.is_current(), snapshot.set, paced=True)
        finally:
            lab.close()

    task = solara.lab.use_task(engine, dependencies=[], prefer_threaded=True)

    def apply(new: Settings) -> None:
        settings.value = new
        lab.propose(new)

    def start_step(key: str, index: int) -> None:
        step = lesson(key).steps[index]
        apply(step.settings())
        if step.pin:
            lab.send("pin")
        active.value = (key, index)

    language = lang.value
    solara.Style(CSS)
    solara.Title("wijksim")
    with solara.Column(classes=["wijk-page"], style={"padding": "4px 8px", "gap": "6px"}):
        Live(snapshot, lab, language, lambda: lang.set("nl" if language == "en" else "en"))
        Lessons(active.value, start_step, language)
        with solara.Div(classes=["wijk-row"], style={"align-items": "flex-start"}):
            with solara.Div(style={"flex": "1 1 380px"}):
                Controls(settings, apply, language)
                ErrorLine(snapshot)
            Loops(snapshot, language)
        LowerCharts(snapshot, language)


@solara.component
def Live(
    snapshot: solara.Reactive[Snapshot], lab: Lab, language: str, switch_language: Callable[[], None]
) -> None:
    """What changes every frame: the clock, the structure, the main chart and the headline numbers."""
    snap = snapshot.value
    Clock(snap, lab, language, switch_language)
    with solara.Div(classes=["wijk-top"]):
        solara.HTML(
            unsafe_innerHTML=structure_svg(snap, language),
            classes=["wijk-structure"],
            style={"flex": "0 0 auto"},
        )
        with solara.Div(style={"flex": "1 1 340px", "min-width": "330px"}):
            # always there, empty while warming up: ECharts fails on an element that went away
            option = solara.use_memo(lambda: Sealed(charts.waiting_option(snap, language)), [snap, language])
            Chart(option, "wijk-main-chart", 330, serial=snap.serial, on_drawn=lab.drawn)
    solara.Text(_comparison(snap, language), classes=["wijk-compare"], style={"font-size": "16px"})
    Headlines(snap.headline, snap.baseline_headline, language)


@solara.component
def ErrorLine(snapshot: solara.Reactive[Snapshot]) -> None:
    """The scenario's complaint about the last change of a control, if any."""
    if snapshot.value.error:
        solara.Error(snapshot.value.error)


@solara.component
def Loops(snapshot: solara.Reactive[Snapshot], language: str) -> None:
    """The causal-loop diagram and a line per loop on its strength (about every 2 s)."""
    serial = snapshot.value.serial // LOWER_CHARTS_EVERY
    loops = solara.use_memo(lambda: loops_now(snapshot.value), [serial])
    i = 1 if language == "nl" else 0
    with solara.Card(say(language, "loops"), margin=0, style={"flex": "0 0 auto"}):
        solara.HTML(unsafe_innerHTML=loops_svg(loops, language), classes=["wijk-loops"])
        for loop in loops:
            solara.Text(f"{loop.title[i]}: {loop.note[i]}", style={"font-size": "14px", "display": "block"})


@solara.component
def LowerCharts(snapshot: solara.Reactive[Snapshot], language: str) -> None:
    """The charts below the fold, drawn again about every 2 s (which keeps the frames light)."""
    snap = snapshot.value
    options = solara.use_memo(
        lambda: [
            Sealed(build(snap, language))
            for build in (charts.circle_option, charts.hours_option, charts.handoff_option)
        ],
        [snap.serial // LOWER_CHARTS_EVERY, language, snap.series is None],
    )
    with solara.Div(classes=["wijk-row"]):
        for option in options:
            with solara.Div(style={"flex": "1 1 460px"}):
                Chart(option)


@solara.component
def Clock(snap: Snapshot, lab: Lab, lang: str, switch_language: Callable[[], None]) -> None:
    """The title, the clock, play/pause, one week, reset, pin, speed and the language switch."""
    week = snap.week
    with solara.Div(classes=["wijk-row"]):
        solara.Text(say(lang, "title"), style={"font-size": "18px", "font-weight": "bold"})
        solara.Text(
            say(lang, "week", week=week, year=week // int(WEEKS_PER_YEAR) + 1),
            classes=["wijk-clock"],
            style={"font-size": "20px", "font-weight": "bold", "min-width": "150px"},
        )
        solara.Button(
            say(lang, "pause") if snap.playing else say(lang, "play"),
            color="primary",
            on_click=lambda: lab.send("play", not snap.playing),
            classes=["wijk-play"],
        )
        solara.Button(
            say(lang, "step"), on_click=lambda: lab.send("step"), disabled=snap.playing, classes=["wijk-step"]
        )
        solara.Button(say(lang, "reset"), on_click=lambda: lab.send("reset"), classes=["wijk-reset"])
        if snap.baseline_settings is None:
            solara.Button(
                say(lang, "pin"), on_click=lambda: lab.send("pin"), classes=["wijk-pin"], color="secondary"
            )
        else:
            solara.Button(
                say(lang, "unpin"), on_click=lambda: lab.send("unpin"), classes=["wijk-unpin"], outlined=True
            )
        solara.Text(say(lang, "speed") + ":", style={"font-size": "15px"})
        solara.ToggleButtonsSingle(
            value=snap.speed,
            values=list(SPEEDS),
            on_value=lambda v: lab.send("speed", v),
            classes=["wijk-speed"],
        )
        solara.Button(say(lang, "language"), on_click=switch_language, text=True, classes=["wijk-language"])
    status = ""
    if snap.warm_share < 1:
        status = say(lang, "warming", share=snap.warm_share)
    elif snap.baseline_share < 1:
        status = say(lang, "catching", share=snap.baseline_share)
    elif snap.playing and snap.pace > 0:
        status = say(lang, "pace", pace=snap.pace)
    solara.Text(status or "\u00a0", classes=["wijk-status"], style={"font-size": "15px", "color": "#555"})


@solara.component
def Controls(chosen: solara.Reactive[Settings], apply: Callable[[Settings], None], lang: str) -> None:
    """The scenario chooser and the controls: those that apply now, and those that start again."""
    settings = chosen.value

    def change(**values: Any) -> None:
        apply(replace(settings, **values))

    scenario = load_preset(settings.preset)
    form = scenario.form
    names = preset_names()
    if settings.preset not in names:
        names = [settings.preset, *names]
    base = defaults_for(settings.preset)
    fte = sum(line.fte * line.people for team in scenario.teams.values() for line in team.staff)

    with solara.Card(say(lang, "organisation"), margin=0):
        solara.Select(
            say(lang, "preset"),
            values=names,
            value=settings.preset,
            on_value=lambda p: apply(defaults_for(p)),
        )
        solara.Text(
            say(lang, "residents_n", form=FORM_NAMES[form], residents=scenario.municipality.residents)
        )
    with solara.Card(say(lang, "now_controls"), margin=0, style={"margin-top": "6px"}):
        _slider(
            say(lang, "staff"),
            settings.staff_factor,
            0.5,
            1.5,
            0.05,
            lambda v: change(staff_factor=round(v, 2)),
            "wijk-staff",
            shown=f"× {settings.staff_factor:.2f} ({fte * settings.staff_factor:.1f} FTE)",
        )
        low, high = max(1, base.specialised_places // 4), base.specialised_places * 2
        _slider(
            say(lang, "specialised"),
            settings.specialised_places,
            low,
            high,
            1,
            lambda v: change(specialised_places=int(round(v))),
            "wijk-specialised",
            shown=f"{settings.specialised_places}",
        )
    with solara.Card(say(lang, "start_controls"), margin=0, style={"margin-top": "6px"}):
        _slider(
            say(lang, "arrivals"),
            settings.arrival_factor,
            0.5,
            1.5,
            0.05,
            lambda v: change(arrival_factor=round(v, 2)),
            "wijk-arrivals",
            shown=f"× {settings.arrival_factor:.2f}",
        )
        _slider(
            say(lang, "seconded"),
            settings.seconded_share,
            0.0,
            1.0,
            0.05,
            lambda v: change(seconded_share=round(v, 2)),
            "wijk-seconded",
            shown=f"{settings.seconded_share:.0%}",
        )
        triage = applies(form, "triage_accuracy")
        _slider(
            say(lang, "triage"),
            settings.triage_accuracy,
            0.5,
            1.0,
            0.05,
            lambda v: change(triage_accuracy=round(v, 2)),
            "wijk-triage",
            disabled=not triage,
            shown=f"{settings.triage_accuracy:.0%}" if triage else say(lang, "triage_off"),
        )
        _slider(
            say(lang, "patience"),
            settings.patience_weeks,
            2.0,
            80.0,
            2.0,
            lambda v: change(patience_weeks=float(v)),
            "wijk-patience",
            shown=say(lang, "weeks_n", value=settings.patience_weeks),
        )
        solara.Switch(
            label=say(lang, "bridge"),
            value=settings.bridge_worker,
            on_value=lambda v: change(bridge_worker=v),
            disabled=not applies(form, "bridge_worker"),
        )
        solara.Switch(
            label=say(lang, "front_office"),
            value=settings.shared_front_office,
            on_value=lambda v: change(shared_front_office=v),
            disabled=not applies(form, "shared_front_office"),
        )
        solara.Switch(
            label=say(lang, "warm"), value=settings.warm_handoffs, on_value=lambda v: change(warm_handoffs=v)
        )
        solara.Button(
            say(lang, "seed"),
            on_click=lambda: change(seed=settings.seed + 1),
            classes=["wijk-seed"],
            outlined=True,
        )


def _slider(
    label: str,
    value: float,
    low: float,
    high: float,
    step: float,
    on_value: Callable[[float], None],
    css: str,
    disabled: bool = False,
    shown: str | None = None,
) -> None:
    """A slider with its label and value on a line above it."""
    with solara.Div(classes=[css], style={"margin-top": "4px"}):
        solara.Text(
            f"{label}: {shown if shown is not None else value}",
            style={"font-size": "15px", "color": "#888" if disabled else "#222"},
        )
        with solara.Div(style={"margin-top": "-12px"}):
            solara.SliderFloat(
                "", value=value, min=low, max=high, step=step, on_value=on_value, disabled=disabled
            )


@solara.component
def Lessons(active: tuple[str, int], start_step: Callable[[str, int], None], lang: str) -> None:
    """The guided lessons: pick one, read its Info tab, run its two steps."""
    key, index = active
    with solara.Card(say(lang, "lessons"), margin=0):
        with solara.Div(classes=["wijk-row"]):
            for item in LESSONS:
                solara.Button(
                    item.title[lang],
                    on_click=lambda k=item.key: start_step(k, 0),
                    outlined=item.key != key,
                    color="primary",
                    classes=[f"wijk-lesson-{item.key}"],
                )
        if key:
            chosen = lesson(key)
            with solara.Div(classes=["wijk-row"], style={"margin-top": "6px"}):
                for i, step in enumerate(chosen.steps):
                    solara.Button(
                        step.label[lang],
                        on_click=lambda i=i: start_step(key, i),
                        outlined=i != index,
                        color="secondary",
                        classes=[f"wijk-step-{i + 1}"],
                    )
            html = "".join(
                f"<h4>{escape(title[lang])}</h4><p>{escape(getattr(chosen, name)[lang])}</p>"
                for name, title in INFO_SECTIONS
            )
            solara.HTML(unsafe_innerHTML=html, classes=["wijk-info"])


@solara.component
def Headlines(now: Headline | None, before: Headline | None, lang: str) -> None:
    """The few numbers to watch, with the pinned baseline's at the same week."""
    if now is None:
        return

    def weeks(value: float) -> str:
        return "–" if math.isnan(value) else say(lang, "weeks_n", value=value)

    def share(value: float) -> str:
        return "–" if math.isnan(value) else f"{value:.0%}"

    def numbers(h: Headline) -> list[str]:
        return [
            f"{h.waiting_now}",
            weeks(h.mean_wait_weeks),
            f"{h.gave_up_waiting + h.lost_in_handoff}",
            f"{h.escalations}",
            share(h.overhead_share),
        ]

    titles = ["h_waiting", "h_wait", "h_lost", "h_escalations", "h_overhead"]
    then = numbers(before) if before is not None else [""] * len(titles)
    with solara.Div(classes=["wijk-row"]):
        for i, (title, value, old) in enumerate(zip(titles, numbers(now), then, strict=True)):
            with solara.Card(margin=0, style={"min-width": "170px", "flex": "1", "padding": "4px 8px"}):
                solara.Text(say(lang, title), style={"font-size": "14px", "display": "block"})
                solara.Text(
                    value, classes=[f"wijk-headline-{i}"], style={"font-size": "24px", "font-weight": "bold"}
                )
                solara.Text(
                    say(lang, "h_baseline", value=old) if before is not None else "\u00a0",
                    style={"font-size": "14px", "color": "#666", "display": "block"},
                )
    solara.Text(say(lang, "numbers_note"), style={"font-size": "14px", "color": "#555"})


def _comparison(snap: Snapshot, lang: str) -> str:
    """One line reading the waiting-list curve: now, and the pinned baseline at the same week."""
    if snap.series is None:
        return "\u00a0"
    text = say(lang, "compare", week=snap.week, now=snap.series.waiting_total[-1])
    base = snap.baseline
    if base is not None and snap.week < len(base.waiting_total):
        text += say(lang, "compare_baseline", then=base.waiting_total[snap.week])
    return text
