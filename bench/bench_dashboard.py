"""Benchmark of the teacher dashboard in headless Chromium (a script, not a test).

    python bench/bench_dashboard.py [--scenario integral_a1] [--seconds 30] [--changes 8]

Starts ``wijksim dashboard`` on a free port, opens it in Debian's Chromium at 1024x768 and measures

* pace: simulated years per wall minute while playing at the highest speed, read from the page's
  own clock over ``--seconds`` seconds (after the warm-up);
* the server's CPU time (user + sys of the Solara process, from /proc) per simulated year over the
  same window: what the page costs on a core of its own, whatever else the machine does;
* response: wall seconds from a key press on the staff slider (a change that applies now) to the
  page showing it: the slider's label with the new value and the change's marker drawn by ECharts
  on the main chart. Repeated ``--changes`` times while playing; the median and the worst are given.

Prints one line per measure and the load average, so a reader can judge how busy the machine was.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
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
MARKS = "document.querySelector('.wijk-main-chart').__vue__.chart.getOption().series.slice(-1)[0].markLine"


STATE = (
    f"() => {{ const m = {MARKS}; "
    "return [m ? m.data.length : 0, document.querySelector('.wijk-staff').innerText.split('\\n')[0]]; }"
)


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
    return page.evaluate(f"() => {{ const m = {MARKS}; return m ? m.data.length : 0; }}")


def main() -> int:
    """Run the benchmark; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="integral_a1")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--changes", type=int, default=8)
    args = parser.parse_args()

    port = free_port()
    url = f"http://localhost:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "wijksim", "dashboard", args.scenario, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
            opened = time.monotonic()
            page.goto(url)
            page.wait_for_selector(".wijk-main-chart", timeout=120_000)
            warm = time.monotonic() - opened
            page.locator(".wijk-speed button").last.click()
            page.click(".wijk-play")
            time.sleep(2.0)
            solara = _server_pid(server.pid)
            week0, t0, cpu0 = _week(page), time.monotonic(), _cpu_seconds(solara)
            time.sleep(args.seconds)
            week1, t1, cpu1 = _week(page), time.monotonic(), _cpu_seconds(solara)
            pace = (week1 - week0) / 52.0 / (t1 - t0) * 60
            cpu_per_year = (cpu1 - cpu0) / max((week1 - week0) / 52.0, 1e-9)

            slider = page.locator(".wijk-staff [role=slider]")
            slider.focus()
            responses = []
            for i in range(args.changes):
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
                    time.sleep(0.01)
                responses.append(time.monotonic() - started)
                time.sleep(1.5)  # the next change in another week
            page.goto("about:blank")  # the page says goodbye: its session ends
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    load = os.getloadavg()
    print(
        f"wijksim dashboard benchmark, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {args.scenario}"
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
    print(
        f"control to visible effect (label and chart marker), {len(responses)} changes: "
        f"median {statistics.median(responses):.2f} s, worst {max(responses):.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
