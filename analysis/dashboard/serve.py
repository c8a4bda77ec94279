"""``wijksim dashboard``: serve the teacher dashboard on localhost with Solara's server."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from experiments.presets import presets_dir, resolve_scenario
from sim.scenario.loader import load_scenario

DEFAULT_PORT = 8765


def scenario_argument(scenario: str) -> str:
    """A preset name stays a name (the chooser lists it); a file becomes an absolute path.

    Raises ScenarioError when the scenario cannot be read or is not valid.
    """
    path = resolve_scenario(scenario)
    load_scenario(path)
    if path.resolve().parent == presets_dir().resolve():
        return path.stem
    return str(path.resolve())


def free_port() -> int:
    """A TCP port on localhost that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(port: int, host: str = "localhost") -> list[str]:
    """The command that serves the dashboard page."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        "analysis.dashboard.app",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--log-level",
        "warning",
    ]


NO_CDN = "http://127.0.0.1:9/no-cdn/"
"""Where Solara's asset proxy would fetch a file that solara-assets lacks: nowhere (port 9, discard).

Every script the page loads (ECharts included) is served from the files solara-assets installed;
with this address a missing file fails on this machine instead of being fetched from the internet.
"""

KERNEL_CULL_TIMEOUT = "2m"
"""How long the server keeps a tab's session (and its running simulation) after the tab is gone."""


def server_env(scenario: str) -> dict[str, str]:
    """The environment of the server: the scenario to open, no Solara banner, no CDN, this checkout importable.

    A tab that goes away without saying so (a closed laptop, a crashed browser) stops simulating
    after :data:`KERNEL_CULL_TIMEOUT` instead of Solara's 24 hours; a reconnect within that keeps it.
    """
    env = dict(os.environ)
    env["WIJKSIM_DASHBOARD_SCENARIO"] = scenario
    env["SOLARA_THEME_SHOW_BANNER"] = "False"
    env["SOLARA_ASSETS_CDN"] = NO_CDN
    env.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", KERNEL_CULL_TIMEOUT)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def serve(scenario: str, port: int | None = None) -> int:
    """Serve the dashboard until Ctrl-C; returns the exit status."""
    if importlib.util.find_spec("solara") is None:
        print("the dashboard needs Solara: pip install -e '.[dashboard]'", file=sys.stderr)
        return 1
    name = scenario_argument(scenario)
    port = DEFAULT_PORT if port is None else port
    print(
        f"wijksim dashboard ({name}): open http://localhost:{port} in a browser; Ctrl-C stops it", flush=True
    )
    server = subprocess.Popen(server_command(port), env=server_env(name))
    # Stopped by SIGTERM as by Ctrl-C: the server goes with us, never left behind.
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
