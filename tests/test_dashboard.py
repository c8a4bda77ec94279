"""The teacher dashboard: its simulation without a browser, and the page end to end in headless Chromium.

The browser tests start ``wijksim dashboard`` on a free port and drive the page with Playwright in
Debian's Chromium (never a downloaded browser). Set ``WIJKSIM_DASHBOARD_SCREENSHOTS=docs`` to also
write the README's screenshots (one per lesson step).
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from analysis.dashboard import charts
from analysis.dashboard.drawing import structure_svg
from analysis.dashboard.lab import Lab, Snapshot, applies_mid_run
from analysis.dashboard.lessons import LESSONS
from analysis.dashboard.loops import LOOPS, loops_now, loops_svg
from analysis.dashboard.serve import free_port
from analysis.dashboard.settings import defaults_for, overrides_for, scenario_for, with_preset
from sim.model import WijkModel
from sim.scenario.loader import load_scenario
from sim.units import WEEKS_PER_YEAR

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-proxy-server",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
A1 = defaults_for("integral_a1")


@pytest.fixture(scope="module")
def warm_lab():
    """integral_a1 warmed up, 20 weeks played, a baseline pinned, then staff cut to 70% (week 20)."""
    lab = Lab(A1)
    lab.advance(20)
    lab.send("pin")
    lab.settle()
    lab.propose(replace(A1, staff_factor=0.7))
    return lab, lab.advance(60)


# --- the simulation ----------------------------------------------------------------------------


def test_untouched_controls_run_the_preset_itself():
    settings = defaults_for("split_youth_b")
    assert set(overrides_for(settings)) == {"run.years"}
    preset = load_scenario(ROOT / "scenarios" / "split_youth_b.toml", overrides={"run.years": 60.0})
    assert scenario_for(settings) == preset


def test_controls_become_scenario_keys():
    settings = with_preset(
        "front_expert_c", arrival_factor=1.2, triage_accuracy=0.6, warm_handoffs=True, bridge_worker=True
    )
    keys = overrides_for(settings)
    assert keys["demand.rate_factor"] == 1.2
    assert keys["triage.accuracy"] == 0.6
    assert keys["handoffs.cold_loss_probability"] == keys["transition_18.cold_loss_probability"] == 0.02
    assert "bridge_worker.enabled" not in keys  # form B only: ignored for form C


def test_the_town_starts_warm_and_the_run_is_the_model_week_by_week():
    lab = Lab(A1)
    first = lab.settle()
    model = WijkModel(scenario_for(A1), A1.seed)
    warmup = round(model.warmup_end)
    assert warmup == 156  # the preset's three years of warm-up run before week 0
    for _ in range(warmup):
        model.step()
    assert first.week == 0 and first.series is not None
    assert first.series.waiting_total[0] == model.waiting_now()
    assert sum(u.in_service for u in first.units) > 400  # a living system at week 0, not an empty town
    snapshot = lab.advance(30)
    for _ in range(30):
        model.step()
    assert snapshot.week == 30 and snapshot.series.waiting_total[-1] == model.waiting_now()


def test_a_mid_run_change_keeps_the_residents_and_the_baseline_goes_on_without_it(warm_lab):
    lab, snapshot = warm_lab
    now, base = snapshot.series, snapshot.baseline
    assert [c.week for c in snapshot.changes] == [20] and snapshot.changes[0].fields == ("staff_factor",)
    assert now.waiting_total[:21] == base.waiting_total[:21]  # the same residents up to the change
    # 30% fewer staff: a queue much longer than the preset's own (which has a waiting list too)
    assert sum(now.waiting_total[40:]) > 2 * sum(base.waiting_total[40:])
    assert snapshot.baseline_settings == A1 and snapshot.settings.staff_factor == 0.7
    full = next(u for u in lab.baseline.view.units() if u.name == "north").capacity  # the preset's own
    assert next(u for u in snapshot.units if u.name == "north").capacity < 0.705 * full  # 30% fewer places


def test_a_change_now_during_the_warm_up_is_marked_at_week_0_and_the_baseline_goes_on_without_it():
    lab = Lab(A1)
    lab.send("pin")
    lab.propose(replace(A1, staff_factor=0.7))  # a lesson's step 2 clicked before the town is warm
    snapshot = lab.advance(40)
    assert [c.week for c in snapshot.changes] == [0] and snapshot.baseline_settings == A1
    assert snapshot.series is not None and snapshot.baseline is not None
    assert sum(snapshot.series.waiting_total[20:]) > 2 * sum(snapshot.baseline.waiting_total[20:])


def test_a_structural_change_starts_both_runs_again_at_week_0():
    assert applies_mid_run(A1, replace(A1, specialised_places=120))
    assert not applies_mid_run(A1, replace(A1, arrival_factor=1.2))
    lab = Lab(A1)
    lab.advance(10)
    lab.send("pin")
    lab.propose(replace(A1, arrival_factor=1.3))
    snapshot = lab.settle()
    assert snapshot.week == 0 and snapshot.baseline_settings == A1
    snapshot = lab.advance(40)
    assert snapshot.headline.requests > 1.15 * snapshot.baseline_headline.requests


def test_lessons_have_four_sections_in_two_languages_and_steps_that_build():
    for lesson in LESSONS:
        for text in (lesson.title, lesson.what, lesson.how, lesson.notice, lesson.tries):
            assert text["en"] and text["nl"] and text["en"] != text["nl"]
        assert lesson.steps[0].pin and len(lesson.steps) in (2, 4)
        assert [step.pin for step in lesson.steps] == [True, False] * (len(lesson.steps) // 2)
        assert all(scenario_for(step.settings()) for step in lesson.steps)
    live = {lesson.key for lesson in LESSONS if applies_mid_run(*(s.settings() for s in lesson.steps[:2]))}
    assert live == {"utilisation", "vicious"}
    pooling = next(lesson for lesson in LESSONS if lesson.key == "pooling")
    assert [step.preset for step in pooling.steps] == [
        "pooling_devon_separate",
        "pooling_devon_pooled",
        "pooling_dedicated_separate",
        "pooling_dedicated_pooled",
    ]


def _mean_waiting(preset: str, seed: int, weeks: int = 104) -> float:
    series = Lab(replace(defaults_for(preset), seed=seed)).advance(weeks).series
    assert series is not None
    return sum(series.waiting_total) / len(series.waiting_total)


def test_the_pooling_lesson_shows_pooling_help_and_pooling_hurt_on_the_same_residents():
    # the seeds the class meets: the lesson's own, and the next one ("Other residents")
    own = defaults_for("pooling_devon_separate").seed
    for seed in (own, own + 1):
        separate, pooled = (
            _mean_waiting(p, seed) for p in ("pooling_devon_separate", "pooling_devon_pooled")
        )
        assert pooled < separate  # Devon: one shared queue, no cost of ownership: a shorter list
        owned, unowned = (
            _mean_waiting(p, seed) for p in ("pooling_dedicated_separate", "pooling_dedicated_pooled")
        )
        assert unowned > 1.5 * owned  # nobody owns the area: longer support costs more than sharing gains


def _font_sizes(option):
    if isinstance(option, dict):
        for key, value in option.items():
            if key == "fontSize":
                yield value
            yield from _font_sizes(value)
    elif isinstance(option, list):
        for value in option:
            yield from _font_sizes(value)


def test_charts_drawings_and_loops_have_no_text_under_14_px_and_mark_the_change(warm_lab):
    _, snapshot = warm_lab
    for build in (charts.waiting_option, charts.circle_option, charts.hours_option, charts.handoff_option):
        option = build(snapshot, "en")
        assert option["textStyle"]["fontSize"] >= 14 and min(_font_sizes(option)) >= 14
    mark = charts.waiting_option(snapshot, "nl")["series"][-1]["markLine"]["data"]
    assert mark == [{"xAxis": round(20 / WEEKS_PER_YEAR, 3), "name": "personeel"}]
    for svg in (structure_svg(snapshot, "en"), loops_svg(loops_now(snapshot), "nl")):
        sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', svg)]
        assert sizes and min(sizes) >= 14
    vicious, sick, outreach = loops_now(snapshot)
    # the presets have every mechanism of the loops on: each loop is lit, its note says how strongly
    assert vicious.active and sick.active and outreach.active
    assert all("strength" in loop.note[0] and "sterkte" in loop.note[1] for loop in (vicious, sick, outreach))


def test_each_loop_lights_when_its_mechanism_is_on_and_by_what_the_run_measures():
    # 25% fewer staff: the calibrated teams have room, and at the preset's own staff they are
    # rarely strained enough for sick leave (a spell or two a year, none running at week 52)
    lab = Lab(replace(A1, staff_factor=0.75))
    snapshot = lab.advance(52)
    vicious, sick, outreach = loops_now(snapshot)
    assert vicious.active and sick.active and outreach.active
    view = lab.run.view
    team_fte = sum(u.fte for u in snapshot.units if u.kind in ("team", "expert"))
    assert 0 < snapshot.sick_leave_fte == view.sick_leave_fte  # read between the same two weeks
    assert sick.strength == min(1.0, snapshot.sick_leave_fte / team_fte / LOOPS[1].full)
    headline = snapshot.headline
    assert 0 < headline.outreach_found < headline.requests
    assert outreach.strength == min(1.0, headline.outreach_found / headline.requests / LOOPS[2].full)
    found_now = sum(need.found_by == "outreach" for need in view.needs(0))
    assert headline.outreach_found <= found_now  # the needs found since week 0, of all found so far
    teams = [u for u in snapshot.units if u.kind in ("team", "expert")]
    stuck_share = sum(u.stuck for u in teams) / sum(u.capacity for u in teams)
    assert 0 < vicious.strength == pytest.approx(min(1.0, stuck_share / LOOPS[0].full))


def test_a_loop_whose_mechanism_is_switched_off_is_grey_and_says_so(warm_lab):
    _, snapshot = warm_lab
    off = replace(snapshot, sick_leave_fte=None, outreach_on=False)  # strain and outreach off
    vicious, sick, outreach = loops_now(off)
    assert vicious.active and not sick.active and not outreach.active
    assert sick.strength == outreach.strength == 0
    assert "switched off" in sick.note[0] and "staat uit" in outreach.note[1]
    svg = loops_svg(loops_now(off), "en")
    assert svg.count('data-active="false"') == 2 and svg.count('stroke-dasharray="6 5"') > 0


def _consistent(snapshot: Snapshot) -> None:
    series = snapshot.series
    if series is None:
        return
    assert series.weeks[-1] == snapshot.week == len(series.weeks) - 1
    assert all(
        len(v) == len(series.weeks) for v in (series.waiting_total, series.stuck, series.specialised_use)
    )
    assert all(len(v) == len(series.weeks) for v in series.waiting.values())
    assert snapshot.headline is not None and snapshot.headline.week == snapshot.week
    assert series.waiting_total[-1] == sum(u.waiting + u.in_transit for u in snapshot.units)


def test_every_snapshot_is_consistent_while_commands_arrive_from_other_threads():
    lab = Lab(A1)
    seen: list[Snapshot] = []
    done = threading.Event()
    engine = threading.Thread(target=lab.run_forever, args=(lambda: not done.is_set(), seen.append))
    engine.start()
    rng = random.Random(1)

    def live_changes_until_week(week: int, snapshots: int) -> None:
        """Propose changes until the clock reaches ``week`` and ``snapshots`` frames were published.

        Both: a fast engine reaches week 15 in one or two frames at speed 16, and the test is about
        many frames published while commands arrive.
        """
        deadline = time.monotonic() + 120  # a bound on a loaded machine, not a timing
        while lab.snapshot.week < week or len(seen) < snapshots:
            assert time.monotonic() < deadline, "the run did not get going"
            staff, places = rng.choice([0.8, 1.0, 1.2]), rng.choice([120, 180])
            lab.propose(replace(lab.intended, staff_factor=staff, specialised_places=places))
            _consistent(lab.snapshot)
            time.sleep(0.2)

    try:
        for command in (("play", True), ("speed", 16), ("pin",)):
            lab.send(*command)
        live_changes_until_week(15, 4)
        lab.send("unpin")
        lab.send("reset")
        lab.send("pin")
        lab.propose(replace(lab.intended, arrival_factor=0.9))
        time.sleep(0.5)
        live_changes_until_week(10, 8)
    finally:
        done.set()
        engine.join()
    assert len(seen) > 5 and any(s.baseline is not None and s.changes for s in seen)
    for snapshot in seen:
        _consistent(snapshot)


def _until(condition, what: str, timeout: float = 120.0) -> None:
    """Wait for ``condition()``; the timeout bounds a loaded machine, it is not a timing."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_paced_loop_sends_a_frame_only_once_the_last_is_drawn_and_the_next_shows_the_change():
    lab = Lab(A1)
    lab.settle()
    published: list[Snapshot] = []
    done = threading.Event()
    engine = threading.Thread(
        target=lab.run_forever, args=(lambda: not done.is_set(), published.append), kwargs={"paced": True}
    )
    lab.send("play", True)
    engine.start()
    try:
        _until(lambda: len(published) == 1, "no first frame")
        first = published[0]
        time.sleep(0.5)  # within DRAW_TIMEOUT (10 s): the page has not drawn the first frame
        assert len(published) == 1
        lab.propose(replace(A1, staff_factor=0.8))  # the class moves a control meanwhile
        _until(lambda: lab.snapshot.changes, "the change was not carried out while waiting")
        lab.drawn(first.serial)
        _until(lambda: len(published) == 2, "no frame after the first was drawn")
        # the frame that follows shows the change, and no week after it (the loop held that frame)
        second = published[1]
        assert second.week > first.week and [(c.week, c.fields) for c in second.changes] == [
            (second.week, ("staff_factor",))
        ]
        _until(lambda: len(published) == 3, "no frame after the draw timeout")  # the page never drew it
    finally:
        done.set()
        engine.join()


def test_the_engine_loop_freezes_the_town_for_the_collector_and_a_restart_collects_in_full():
    lab = Lab(A1)
    lab.advance(20)
    gc.unfreeze()
    assert len(gc.get_objects()) > 100_000  # what a full collection walks: the town, among others
    frames = iter([True, False])
    lab.send("step")
    lab.run_forever(lambda: next(frames), lambda s: None)  # one frame
    assert gc.get_freeze_count() > 100_000 and len(gc.get_objects()) < 1_000  # nothing left to walk
    lab.propose(replace(A1, arrival_factor=1.2))  # starts again at week 0
    lab.tick()
    assert gc.get_freeze_count() == 0  # the old town unfrozen and collected, not kept frozen
    assert lab.run.settings.arrival_factor == 1.2


# --- the page in a browser ---------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")

FONTS_UNDER_14 = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest('style, script, title')) continue;
    const box = element.getBoundingClientRect(), style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (parseFloat(style.fontSize) < 14) small.push([node.textContent.trim().slice(0, 40), style.fontSize]);
  }
  return small;
}"""

CHART = """() => {
  const chart = document.querySelector('.wijk-main-chart').__vue__.chart;
  if (!chart) return {marks: [], now: [], base: []};  // ECharts still loading
  const option = chart.getOption();
  const line = name => (option.series.find(s => s.name === name) || {data: []});
  const now = line('this run'), base = line('pinned baseline');
  return {marks: now.markLine ? now.markLine.data.map(d => d.xAxis) : [], now: now.data, base: base.data};
}"""


@contextlib.contextmanager
def _serving(scenario: str, log: Path):
    """``wijksim dashboard scenario`` on a free port, until the block ends; yields its address."""
    port = free_port()
    command = [sys.executable, "-m", "wijksim", "dashboard", scenario, "--port", str(port)]
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
    url = f"http://localhost:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the dashboard did not start: {log.read_text()}") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    with _serving("integral_a1", log) as url:
        yield url, log


@contextlib.contextmanager
def _opened(url: str, log: Path, width: int = 1024, height: int = 768, scale: float = 1.0):
    """The page in headless Chromium at ``width`` x ``height`` CSS pixels (``scale``: the zoom).

    When the block ends: no console error, no request to another host, no traceback in the log.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page.set_default_timeout(120_000)  # a bound for a loaded machine, not a timing
            page.errors = []
            page.hosts = set()
            page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: page.errors.append(str(e)))
            page.on("request", lambda r: page.hosts.add(r.url.split("/")[2]))
            page.goto(url)
            page.wait_for_selector(".wijk-main-chart", timeout=120_000)
            yield page
            assert page.errors == []
            assert page.hosts == {url.split("/")[2]}  # not one request leaves localhost
            server_log = log.read_text()
            assert "Traceback" not in server_log
            assert "Could not load URL" not in server_log  # nor does the server fetch from a CDN
        finally:
            page.goto("about:blank")  # the page says goodbye: its session and simulation end
            browser.close()


@pytest.fixture()
def page(server):
    url, log = server
    with _opened(url, log) as page:
        yield page


def _week(page) -> int:
    found = re.search(r"Week (\d+)", page.inner_text(".wijk-clock"))
    assert found is not None, page.inner_text(".wijk-clock")
    return int(found.group(1))


def _wait_for_week(page, week: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while _week(page) < week:
        assert time.monotonic() < deadline, f"the clock stopped at week {_week(page)}"
        time.sleep(0.2)


BOX = """selector => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 ? {x: box.x, y: box.y, width: box.width, height: box.height} : null;
}"""
"""An element's box, read in one go: the page replaces the structure drawing's SVG every frame, so a
locator's element can be gone between finding it and measuring it."""


def _box(page, selector: str) -> dict[str, float]:
    """The bounding box of ``selector`` once it is on the page and drawn."""
    return page.wait_for_function(BOX, arg=selector).json_value()


def _page_state(page, log: Path) -> str:
    """What the page and the server show: for the message of a test that found the town stalled."""
    tail = "\n".join(log.read_text().splitlines()[-15:])
    return (
        f"clock {page.inner_text('.wijk-clock')!r}, status {page.inner_text('.wijk-status')!r}, "
        f"button {page.inner_text('.wijk-play')!r}; server log ends:\n{tail}"
    )


def _until_the_town_moves_on(page, log: Path, weeks: int, stall: float = 120.0) -> None:
    """Until the clock has gone ``weeks`` weeks further while playing; fails on a stall.

    A loaded machine may warm up, catch up and play slowly: any progress on the page (the clock, or
    the warm-up or catch-up share in the status line) restarts the ``stall`` seconds. Only a page
    that shows no progress at all for that long fails, with what the page and the server show.
    """
    target = None
    seen = None
    moved = time.monotonic()
    while True:
        _keep_playing(page)  # only the end of the horizon pauses; keep playing regardless
        now = (page.inner_text(".wijk-clock"), page.inner_text(".wijk-status"))
        if now != seen:
            seen, moved = now, time.monotonic()
        ready = not any(word in now[1] for word in ("Warming", "catching"))
        if ready and target is None:
            target = _week(page) + weeks
        if ready and target is not None and _week(page) >= target:
            return
        if ready and target is not None and _week(page) < target - weeks:
            target = _week(page) + weeks  # started again at week 0 (a command still on its way)
        assert time.monotonic() - moved < stall, f"no progress for {stall:.0f} s: " + _page_state(page, log)
        time.sleep(0.3)


@needs_chromium
def test_page_fits_a_projector_in_both_languages(page):
    for selector in (".wijk-structure svg", ".wijk-main-chart"):
        box = _box(page, selector)
        assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
        assert box["x"] + box["width"] <= 1024 and box["y"] + box["height"] <= 768, (selector, box)
    page.click(".wijk-lesson-vicious")
    page.wait_for_selector(".wijk-info")
    page.wait_for_selector(".wijk-unpin")  # the lesson's first step pins its run as the baseline
    assert page.evaluate(FONTS_UNDER_14) == []
    page.click(".wijk-language")
    page.wait_for_function("document.querySelector('.wijk-info').innerText.includes('Wat is het?')")
    page.wait_for_function("document.querySelector('.wijk-page').innerText.includes('niet actief')")
    text = page.inner_text(".wijk-page")
    assert "basislijn weg" in text.lower() and "Probeer zelf" in text and "not active" not in text
    assert page.evaluate(FONTS_UNDER_14) == []


@needs_chromium
def test_a_mid_run_change_is_marked_and_diverges_from_the_pinned_baseline(page):
    page.click(".wijk-pin")
    page.wait_for_selector(".wijk-unpin")
    page.click(".wijk-play")
    _wait_for_week(page, 10)
    page.locator(".wijk-staff [role=slider]").focus()
    page.keyboard.press("Home")  # staff to half of the preset's, now
    page.wait_for_function(f"() => ({CHART})().marks.length > 0")
    marked = page.evaluate(CHART)["marks"][0]
    _wait_for_week(page, _week(page) + 40)
    chart = page.evaluate(CHART)
    now = {x: y for x, y in chart["now"]}
    base = {x: y for x, y in chart["base"]}
    before = [x for x in now if x < marked and x in base]
    after = [x for x in now if x > marked + 0.4 and x in base]
    assert before and all(now[x] == base[x] for x in before)  # the same residents until the change
    assert after and sum(now[x] for x in after) > 2 * sum(base[x] for x in after) + 50


@needs_chromium
def test_a_minute_of_play_with_controls_lessons_and_resets_raises_nothing(server, page):
    """At least 60 s of play with every kind of command; the page fixture then checks the console and log.

    Nothing here assumes a speed: the 62 s start once the town is warm and playing (a loaded machine
    may take long to warm up), each command is given when its control is there, and the end waits
    for ten more weeks of play, failing only when the page shows no progress at all for two minutes.
    """
    _, log = server
    rng = random.Random(7)
    _until_the_town_moves_on(page, log, weeks=1)  # warm and playing before the soak's clock starts
    stop = time.monotonic() + 62
    actions = 0
    while time.monotonic() < stop:
        action = rng.choice(["staff", "specialised", "lesson", "step2", "reset", "pin", "speed"])
        if action in ("staff", "specialised"):
            page.locator(f".wijk-{action} [role=slider]").focus()
            page.keyboard.press(rng.choice(["ArrowLeft", "ArrowRight", "PageDown"]))
        elif action == "lesson":
            page.click(f".wijk-lesson-{rng.choice(LESSONS).key}")
        elif action == "step2" and page.locator(".wijk-step-2").count():
            page.click(".wijk-step-2")  # once a lesson is chosen, its steps stay on the page
        elif action == "reset":
            page.click(".wijk-reset")
        elif action == "pin":
            page.click(".wijk-pin, .wijk-unpin")  # whichever the page shows when the click lands
        elif action == "speed":
            page.locator(".wijk-speed button").nth(rng.randrange(5)).click()
        actions += 1
        _keep_playing(page)  # only the end of the horizon pauses; keep playing regardless
        time.sleep(rng.uniform(0.5, 2.5))
    assert actions >= 20
    # after the storm the page is whole and the town still runs
    assert page.locator(".wijk-play").is_visible() and page.locator(".wijk-staff [role=slider]").count() == 1
    assert page.locator(".wijk-structure svg").count() == 1 and page.locator(".wijk-main-chart").count() == 1
    _until_the_town_moves_on(page, log, weeks=10)


def _keep_playing(page) -> None:
    """Press play if the page shows it paused."""
    if "▶" in page.inner_text(".wijk-play"):
        page.click(".wijk-play")


@needs_chromium
@pytest.mark.skipif(
    not os.environ.get("WIJKSIM_DASHBOARD_SCREENSHOTS"), reason="writes the README's screenshots"
)
def test_lesson_screenshots(page):
    """One screenshot per lesson step (1024x768), into $WIJKSIM_DASHBOARD_SCREENSHOTS (docs/)."""
    folder = Path(os.environ["WIJKSIM_DASHBOARD_SCREENSHOTS"])
    page.locator(".wijk-speed button").last.click()
    previous = None
    for lesson in LESSONS:
        for i, step in enumerate(lesson.steps):
            before, marks = _week(page), len(page.evaluate(CHART)["marks"])
            page.click(f".wijk-lesson-{lesson.key}" if i == 0 else f".wijk-step-{i + 1}")
            deadline = time.monotonic() + 90
            while True:  # until the page shows that the step has been taken
                if previous is None or step.settings() == previous:
                    time.sleep(3)  # the first page, or a step that only pins
                    break
                if applies_mid_run(previous, step.settings()):
                    if len(page.evaluate(CHART)["marks"]) > marks:
                        break
                elif _week(page) < before:  # started again at week 0
                    break
                assert time.monotonic() < deadline, (lesson.key, i)
                time.sleep(0.1)
            previous = step.settings()
            _wait_until_ready(page)
            page.click(".wijk-play")
            _wait_for_week(page, _week(page) + 80)
            page.click(".wijk-play")  # pause for the picture
            page.evaluate("window.scrollTo(0, 0)")
            time.sleep(1.5)
            page.screenshot(path=str(folder / f"dashboard-{lesson.key}-{i + 1}.png"))
            if lesson.key == "vicious" and i == 1:
                page.locator(".wijk-loops").screenshot(path=str(folder / "dashboard-loops.png"))


@needs_chromium
@pytest.mark.skipif(
    not os.environ.get("WIJKSIM_DASHBOARD_SCREENSHOTS"), reason="writes the README's screenshots"
)
def test_projector_screenshot(server):
    """A 1920x1080 projector with the browser at 150%: 1280x720 CSS pixels, each 1.5 device pixels."""
    url, log = server
    folder = Path(os.environ["WIJKSIM_DASHBOARD_SCREENSHOTS"])
    with _opened(url, log, 1280, 720, 1.5) as page:
        for selector in (".wijk-structure svg", ".wijk-main-chart"):
            box = _box(page, selector)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 720, (selector, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (selector, box)
        page.click(".wijk-lesson-vicious")
        page.wait_for_selector(".wijk-unpin")
        _wait_until_ready(page)
        _keep_playing(page)
        _wait_for_week(page, 30)
        page.click(".wijk-step-2")
        page.wait_for_function(f"() => ({CHART})().marks.length > 0")
        _wait_for_week(page, _week(page) + 60)
        page.click(".wijk-play")  # pause for the picture
        page.evaluate("window.scrollTo(0, 0)")
        time.sleep(1.5)
        assert page.evaluate(FONTS_UNDER_14) == []
        page.screenshot(path=str(folder / "dashboard-projector.png"))


def _wait_until_ready(page, timeout: float = 90.0) -> None:
    """Until the town has warmed up and the baseline has caught up."""
    deadline = time.monotonic() + timeout
    while any(word in page.inner_text(".wijk-status") for word in ("Warming", "catching")):
        assert time.monotonic() < deadline, page.inner_text(".wijk-status")
        time.sleep(0.2)
