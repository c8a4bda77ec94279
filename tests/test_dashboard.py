"""The teacher dashboard: its engine without a browser, and the page end to end in headless Chromium.

The end-to-end test starts ``wijksim dashboard`` on a free port, drives the page with Playwright in
Debian's Chromium (never a downloaded browser) and saves a screenshot. Set
``WIJKSIM_DASHBOARD_SCREENSHOT=docs/dashboard.png`` to also write the README's screenshot.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.dashboard.lab import Lab
from analysis.dashboard.lessons import LESSONS
from analysis.dashboard.serve import free_port
from analysis.dashboard.settings import defaults_for, overrides_for, scenario_for, with_preset
from sim.model import WijkModel
from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# --- the engine --------------------------------------------------------------------------------


def test_untouched_controls_run_the_preset_itself():
    settings = defaults_for("split_youth_b")
    assert set(overrides_for(settings)) == {"run.years", "run.warmup_years"}
    preset = load_scenario(
        ROOT / "scenarios" / "split_youth_b.toml", overrides={"run.years": 60.0, "run.warmup_years": 0.0}
    )
    assert scenario_for(settings) == preset


def test_controls_become_scenario_keys():
    settings = with_preset(
        "front_expert_c",
        arrival_factor=1.2,
        triage_accuracy=0.6,
        warm_handoffs=True,
        patience_weeks=10.0,
        bridge_worker=True,
    )
    keys = overrides_for(settings)
    assert keys["demand.rate_factor"] == 1.2
    assert keys["triage.accuracy"] == 0.6
    assert keys["behaviour.patience_weeks"] == {"dist": "exponential", "mean": 10.0}
    assert keys["handoffs.cold_loss_probability"] == keys["transition_18.cold_loss_probability"] == 0.02
    assert "bridge_worker.enabled" not in keys  # form B only: ignored for form C
    scenario = scenario_for(settings)
    assert scenario.triage.accuracy == 0.6


def test_dashboard_run_matches_the_model_week_by_week():
    lab = Lab(defaults_for("integral_a1"))
    lab.advance(30)
    model = WijkModel(scenario_for(lab.settings), lab.settings.seed)
    for _ in range(30):
        model.step()
    assert lab.week == 30
    assert lab.recorder.waiting_total[-1] == model.waiting_now()
    assert len(lab.model.case_rows) == len(model.case_rows)


def test_a_change_starts_again_and_keeps_the_run_before():
    lab = Lab(defaults_for("integral_a1"))
    lab.advance(40)
    lab.apply(with_preset("integral_a1", arrival_factor=1.5))
    assert lab.week == 0 and lab.previous is not None and lab.previous.week == 40
    lab.advance(40)
    assert sum(lab.recorder.waiting_total) > sum(lab.previous.waiting_total)
    assert lab.recorder.headline().requests > lab.previous.headline(40).requests


def test_every_lesson_step_builds():
    for lesson in LESSONS:
        for step in lesson.steps:
            Lab(step.settings()).advance(2)


# --- the page in a browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    port = free_port()
    command = [sys.executable, "-m", "wijksim", "dashboard", "integral_a1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://localhost:{port}/"
    try:
        first_line = process.stdout.readline()
        assert url.rstrip("/") in first_line
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the dashboard did not start: {process.stdout.read()}") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _week(page) -> int:
    return int(re.search(r"Week (\d+)", page.inner_text(".wijk-clock")).group(1))


def _play_until(page, week: int, timeout: float = 40.0) -> None:
    page.click(".wijk-play")
    deadline = time.monotonic() + timeout
    while _week(page) < week:
        assert time.monotonic() < deadline, f"the clock stopped at week {_week(page)}"
        time.sleep(0.3)
    page.click(".wijk-play")  # pause
    time.sleep(0.8)


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
    reason="needs Debian's chromium (.ci/run installs it)",
)
def test_page_plays_reacts_to_the_arrival_slider_and_has_no_console_errors(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server)
            page.wait_for_selector(".wijk-clock", timeout=30_000)
            assert _week(page) == 0

            # play advances the clock
            _play_until(page, 40)
            assert _week(page) >= 40
            before = page.inner_text(".wijk-compare")
            assert "previous run" not in before

            # more requests for help: the run starts again, and its waiting list rises above the last one
            page.locator(".wijk-arrivals [role=slider]").focus()
            page.keyboard.press("End")
            page.wait_for_function(
                "document.querySelector('.wijk-arrivals').innerText.includes('1.50')", timeout=10_000
            )
            assert _week(page) < 40
            _play_until(page, 30)
            text = page.inner_text(".wijk-compare")
            pattern = r"Week \d+: (\d+) residents waiting in this run; (\d+) in the previous run"
            match = re.search(pattern, text)
            assert match, text
            now, previous = int(match.group(1)), int(match.group(2))
            assert now > previous, text

            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
            if os.environ.get("WIJKSIM_DASHBOARD_SCREENSHOT"):
                page.screenshot(path=os.environ["WIJKSIM_DASHBOARD_SCREENSHOT"], full_page=True)
            assert (tmp_path / "dashboard.png").stat().st_size > 10_000
            assert errors == []
        finally:
            browser.close()
