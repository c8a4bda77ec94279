"""Benchmark of the teacher dashboard in headless Chromium (a script, not a test).

    python bench/bench_dashboard.py [--scenario integral_a1] [--seconds 30] [--changes 40]
                                    [--throttle 4] [--server-share 0.3]

Starts ``wijksim dashboard`` on a free port, opens it in Debian's Chromium at 1024x768 and measures

* pace: simulated years per wall minute while playing at the highest speed, read from the page's
  own clock over ``--seconds`` seconds (after the warm-up);
* the server's CPU time (user + sys of the Solara process, from /proc) per simulated year over the
  same window: what the page costs on a core of its own, whatever else the machine does;
* response: wall seconds from a key press on the staff slider (a change that applies now) to the
  page showing it: the slider's label with the new value and the change's marker drawn by ECharts
  on the main chart. Repeated ``--changes`` times while playing at the highest speed, at random
  moments (0.3-2 s after the last change showed, so changes land in every phase of a frame); the
  median, the 90th percentile and the worst are given, with the load average before and after.

A slow machine on purpose, without loading the shared one: ``--throttle N`` makes Chromium's CPU N
times slower (the DevTools protocol's CPU throttling), ``--server-share F`` lets the Solara server run
only a share F of every 100 ms (SIGSTOP and SIGCONT from this script).

Prints one line per measure and the load average, so a reader can judge how busy the machine was.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from analysis.dashboard.serve import free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-proxy-server",
    "--disable-background-networking",
]
CLOCK = "document.querySelector('.wijk-clock').innerText"
WATCH_MARKS = """() => {
  const chart = document.querySelector('.wijk-main-chart').__vue__.chart;
  if (!chart || chart.wijkWatched) return;
  const setOption = chart.setOption.bind(chart);
  window.wijkMarks = 0;
  chart.setOption = (option, ...rest) => {
    const result = setOption(option, ...rest);
    const line = (option.series || []).slice(-1)[0];
    window.wijkMarks = line && line.markLine ? line.markLine.data.length : 0;
    return result;
  };
  chart.wijkWatched = true;
}"""
"""Count the markers of each option the main chart takes, as it takes it: polling ECharts' getOption()
(a deep copy of the whole chart) every 10 ms would itself load a slow browser."""

STATE = "() => [window.wijkMarks || 0, document.querySelector('.wijk-staff').innerText.split('\\n')[0]]"


def _week(page) -> int:
    found = re.search(r"Week (\d+)", page.inner_text(".wijk-clock"))
    if found is None:
        raise SystemExit(f"no clock on the page: {page.inner_text('.wijk-clock')!r}")
    return int(found.group(1))


def _cpu_seconds(pid: int) -> float:
    """User + sys CPU seconds of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid(parent: int) -> int:
    """The Solara server: the child process ``wijksim dashboard`` started."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    if not children:
        raise SystemExit("the dashboard started no server process")
    return int(children[0])


def _marks(page) -> int:
    return page.evaluate("() => window.wijkMarks || 0")


WARM = "() => !/Warming|catching/.test(document.querySelector('.wijk-status').innerText)"
"""The town has warmed up (and a baseline, if any, has caught up)."""


def _play_from_a_warm_town(page) -> None:
    """Wait for the warm-up to end, then play (the page opens paused)."""
    page.wait_for_function(WARM, timeout=180_000)
    if "▶" in page.inner_text(".wijk-play"):
        page.click(".wijk-play")


class DutyCycle:
    """Lets process ``pid`` run only ``share`` of every 100 ms (SIGSTOP / SIGCONT) until stopped."""

    def __init__(self, pid: int, share: float):
        self.pid, self.share = pid, share
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1 * self.share):
            os.kill(self.pid, signal.SIGSTOP)
            time.sleep(0.1 * (1 - self.share))
            os.kill(self.pid, signal.SIGCONT)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        os.kill(self.pid, signal.SIGCONT)


def main() -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="integral_a1")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--throttle", type=float, default=1.0, help="Chromium's CPU this many times slower")
    parser.add_argument(
        "--server-share", type=float, default=1.0, help="share of each 100 ms the server runs"
    )
    args = parser.parse_args()
    rng = random.Random(1)

    port = free_port()
    url = f"http://localhost:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "wijksim", "dashboard", args.scenario, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    duty: DutyCycle | None = None
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the dashboard did not start") from None
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            if args.throttle > 1:
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            solara = _server_pid(server.pid)
            if args.server_share < 1:
                duty = DutyCycle(solara, args.server_share)
            opened = time.monotonic()
            page.goto(url)
            page.wait_for_selector(".wijk-main-chart", timeout=120_000)
            page.locator(".wijk-speed button").last.click()
            _play_from_a_warm_town(page)
            warm = time.monotonic() - opened
            page.wait_for_function("() => document.querySelector('.wijk-main-chart').__vue__.chart")
            page.evaluate(WATCH_MARKS)
            time.sleep(2.0)
            week0, t0, cpu0 = _week(page), time.monotonic(), _cpu_seconds(solara)
            time.sleep(args.seconds)
            week1, t1, cpu1 = _week(page), time.monotonic(), _cpu_seconds(solara)
            pace = (week1 - week0) / 52.0 / (t1 - t0) * 60
            cpu_per_year = (cpu1 - cpu0) / max((week1 - week0) / 52.0, 1e-9)

            slider = page.locator(".wijk-staff [role=slider]")
            responses = []
            load_before = os.getloadavg()[0]
            for i in range(args.changes):
                if _week(page) > 50 * 52 or "▶" in page.inner_text(".wijk-play"):
                    page.click(".wijk-reset")  # near the end of the horizon: from week 0 again
                    page.wait_for_function(f"() => !/Week [1-9]/.test({CLOCK})", timeout=60_000)
                    _play_from_a_warm_town(page)
                    time.sleep(1.0)
                slider.focus()
                marks = _marks(page)
                key = "ArrowLeft" if i % 2 == 0 else "ArrowRight"
                label = page.evaluate(STATE)[1]
                started = time.monotonic()
                page.keyboard.press(key)
                while True:  # poll the page: the label's new value and one more marker on the chart
                    shown = page.evaluate(STATE)
                    if shown[0] > marks and shown[1] != label:
                        break
                    if time.monotonic() - started > 30:
                        raise SystemExit(f"no visible effect 30 s after a change: {shown}")
                    time.sleep(0.02)
                responses.append(time.monotonic() - started)
                time.sleep(rng.uniform(0.3, 2.0))  # the next change at another moment of a frame
            load_after = os.getloadavg()[0]
            page.goto("about:blank")  # the page says goodbye: its session ends
            browser.close()
    finally:
        if duty is not None:
            duty.stop()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    load = os.getloadavg()
    slow = []
    if args.throttle > 1:
        slow.append(f"Chromium's CPU {args.throttle:g} times slower")
    if args.server_share < 1:
        slow.append(f"the server running {args.server_share:.0%} of the time")
    print(
        f"wijksim dashboard benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {args.scenario}"
        + (f" ({', '.join(slow)})" if slow else "")
    )
    print(f"load average (1, 5, 15 min): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(f"page open to a warm town with charts: {warm:.1f} s")
    print(
        f"pace at 16 weeks per frame: {pace:.1f} simulated years per wall minute ({week1 - week0} weeks in {t1 - t0:.0f} s)"
    )
    print(
        f"server CPU (user + sys) per simulated year: {cpu_per_year:.2f} s, "
        f"so {60 / cpu_per_year:.0f} simulated years per minute on a core of its own"
    )
    ranked = sorted(responses)
    print(
        f"control to visible effect (label and chart marker), {len(responses)} changes at a 1-min load of "
        f"{load_before:.1f} to {load_after:.1f}: median {statistics.median(responses):.2f} s, "
        f"90th percentile {ranked[int(0.9 * (len(ranked) - 1))]:.2f} s, worst {ranked[-1]:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
