"""The feedback loops of the model as a causal-loop diagram, each lit by its strength in the run.

The loops are a table, :data:`LOOPS`: a loop is its nodes (each with the gauges it shows) and the
gauge that measures its strength; a new loop is one more entry. A gauge is a number the run
measures now, computed from a snapshot by a function in :data:`GAUGES`; a gauge whose mechanism is
switched off in the run's scenario is absent, and a loop whose strength gauge is absent is drawn
grey and says so.

R1, the vicious circle of waiting: a need that worsens while waiting escalates to specialised care;
when specialised care is full, a team keeps the referred case on its books until a place frees up
(``specialised_care.team_keeps_case_while_waiting``), so the team has fewer places and more
residents wait. Its strength is the share of the teams' places held by such stuck cases: the link
that closes the loop (worsening and escalations are written under their nodes).
R2, overload and sick leave (``strain.enabled``): its strength is the share of the teams' FTE on
sick leave now. B1, outreach (``outreach.enabled``, with ``help_seeking``): its strength is the
share of the last year's requests for needs that outreach found before the household asked: the
extra, earlier inflow outreach brings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from analysis.dashboard.engine_view import SPECIALISED, UnitView
from analysis.dashboard.lab import Snapshot

Text = tuple[str, str]
"""English and Dutch."""


def _teams(snapshot: Snapshot) -> list[UnitView]:
    return [u for u in snapshot.units if u.kind in ("team", "expert")]


def _stuck_share(snapshot: Snapshot) -> float:
    teams = _teams(snapshot)
    return sum(u.stuck for u in teams) / max(sum(u.capacity for u in teams), 1)


def _specialised(snapshot: Snapshot, what: str) -> float | None:
    unit = next((u for u in snapshot.units if u.name == SPECIALISED), None)
    if unit is None:
        return None
    return unit.in_service / max(unit.capacity, 1) if what == "use" else float(unit.waiting)


def _headline(snapshot: Snapshot, what: str) -> float | None:
    headline = snapshot.headline
    return None if headline is None else float(getattr(headline, what))


def _sick_leave_share(snapshot: Snapshot) -> float | None:
    if snapshot.sick_leave_fte is None:
        return None
    return snapshot.sick_leave_fte / max(sum(u.fte for u in _teams(snapshot)), 1e-9)


def _outreach_inflow_share(snapshot: Snapshot) -> float | None:
    headline = snapshot.headline
    if not snapshot.outreach_on or headline is None:
        return None
    return headline.outreach_found / headline.requests if headline.requests else math.nan


GAUGES: dict[str, Callable[[Snapshot], float | None]] = {
    "waiting": lambda s: _headline(s, "waiting_now"),
    "mean_wait_weeks": lambda s: _headline(s, "mean_wait_weeks"),
    "worsening_per_year": lambda s: _headline(s, "worsening"),
    "escalations_per_year": lambda s: _headline(s, "escalations"),
    "specialised_use": lambda s: _specialised(s, "use"),
    "specialised_queue": lambda s: _specialised(s, "queue"),
    "stuck_cases": lambda s: float(sum(u.stuck for u in _teams(s))),
    "stuck_share": _stuck_share,
    "sick_leave_share": _sick_leave_share,
    "outreach_inflow_share": _outreach_inflow_share,
    "outreach_found_per_year": lambda s: _headline(s, "outreach_found") if s.outreach_on else None,
    "requests_per_year": lambda s: _headline(s, "requests"),
}
"""Gauge name -> how to read it from a snapshot (None: not measured in this run)."""

GAUGE_TEXT: dict[str, Text] = {
    "waiting": ("{:.0f} waiting", "{:.0f} wachten"),
    "mean_wait_weeks": ("{:.1f} wk wait", "{:.1f} wk wachttijd"),
    "worsening_per_year": ("{:.0f}/yr", "{:.0f}/jr"),
    "escalations_per_year": ("{:.0f}/yr", "{:.0f}/jr"),
    "specialised_use": ("{:.0%} in use", "{:.0%} bezet"),
    "specialised_queue": ("{:.0f} queue", "{:.0f} in rij"),
    "stuck_cases": ("{:.0f} cases", "{:.0f} casussen"),
    "sick_leave_share": ("{:.0%} FTE sick", "{:.0%} fte ziek"),
    "outreach_inflow_share": ("{:.0%} of requests", "{:.0%} van de vragen"),
    "outreach_found_per_year": ("{:.0f} found/yr", "{:.0f} gevonden/jr"),
    "requests_per_year": ("{:.0f} requests/yr", "{:.0f} vragen/jr"),
}
"""How a gauge is written under its node."""


def gauges_now(snapshot: Snapshot) -> dict[str, float]:
    """Every gauge the run measures now (NaN included: measured, but nothing to average yet)."""
    out = {}
    for name, read in GAUGES.items():
        value = read(snapshot)
        if value is not None:
            out[name] = value
    return out


@dataclass(frozen=True)
class NodeSpec:
    """A variable of a loop and the gauges written under it."""

    label: Text
    """The name, in English and Dutch; ``|`` breaks a line."""
    gauges: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoopSpec:
    """A feedback loop of the model: its nodes in order (the last links back to the first)."""

    key: str
    title: Text
    nodes: tuple[NodeSpec, ...]
    gauge: str
    """The gauge that measures the loop's strength."""
    full: float
    """The gauge's value at which the loop is fully lit."""
    meaning: Text
    """What the strength gauge is, after "strength 40%: " ({} is the gauge, formatted as a share)."""
    missing: Text
    """Why the loop is not yet active when its gauge is absent."""


LOOPS: tuple[LoopSpec, ...] = (
    LoopSpec(
        "vicious",
        ("R1 the vicious circle of waiting", "R1 de vicieuze cirkel van wachten"),
        (
            NodeSpec(("waiting", "wachten"), ("waiting", "mean_wait_weeks")),
            NodeSpec(("worsening", "verergering"), ("worsening_per_year",)),
            NodeSpec(("escalation", "escalatie"), ("escalations_per_year",)),
            NodeSpec(
                ("specialised|care full", "specialistische|zorg vol"),
                ("specialised_use", "specialised_queue"),
            ),
            NodeSpec(("stuck on the|team's books", "blijft bij|het team"), ("stuck_cases",)),
        ),
        gauge="stuck_share",
        # fully lit when half the teams' places are held: in the calibrated presets a fifth to a
        # third already are, and a cut in specialised care takes it towards a half (the lesson shows it)
        full=0.50,
        meaning=(
            "{} of team places held by cases waiting for specialised care",
            "{} van de teamplekken bezet door casussen die wachten op specialistische zorg",
        ),
        missing=("not yet active", "nog niet actief"),
    ),
    LoopSpec(
        "sick_leave",
        ("R2 overload and sick leave", "R2 overbelasting en ziekteverzuim"),
        (
            NodeSpec(("overload", "overbelasting"), ("waiting",)),
            NodeSpec(("sick leave", "ziekteverzuim"), ("sick_leave_share",)),
            NodeSpec(("less capacity", "minder capaciteit")),
            NodeSpec(("more waiting", "meer wachten"), ("mean_wait_weeks",)),
        ),
        gauge="sick_leave_share",
        full=0.10,
        meaning=("{} of the teams' FTE on sick leave", "{} van de fte van de teams ziek"),
        missing=(
            "not active: sick leave under strain is switched off in this scenario",
            "niet actief: ziekteverzuim door overbelasting staat uit in dit scenario",
        ),
    ),
    LoopSpec(
        "outreach",
        ("B1 outreach", "B1 outreachend werken"),
        (
            NodeSpec(("outreach", "outreach"), ("outreach_found_per_year",)),
            NodeSpec(("earlier,|lighter requests", "eerdere,|lichtere vragen"), ("outreach_inflow_share",)),
            NodeSpec(("more inflow", "meer instroom"), ("requests_per_year",)),
        ),
        gauge="outreach_inflow_share",
        full=0.50,  # outreach finds a large share: with every mechanism on, 30-50% of requests
        meaning=(
            "{} of the last year's requests came from needs that outreach found",
            "{} van de vragen van het afgelopen jaar kwam van problemen die outreach vond",
        ),
        missing=(
            "not active: outreach is switched off in this scenario",
            "niet actief: outreach staat uit in dit scenario",
        ),
    ),
)
"""The loops the panel draws: the first large on the left, the others small on the right."""


@dataclass(frozen=True)
class Node:
    """A variable of a loop, and what the run measures for it now (empty if not measured)."""

    label: Text
    value: Text = ("", "")


@dataclass(frozen=True)
class Loop:
    """A feedback loop now: its nodes with their values, and its strength in the run."""

    key: str
    title: Text
    nodes: tuple[Node, ...]
    active: bool
    strength: float
    """0 (off) to 1 (fully lit); 0 when not active."""
    note: Text


def _written(name: str, gauges: dict[str, float], lang: int) -> str:
    value = gauges.get(name)
    if value is None or math.isnan(value):
        return ""
    return GAUGE_TEXT[name][lang].format(value)


def _both(text: Callable[[int], str]) -> Text:
    """``text(0)`` and ``text(1)``: the English and the Dutch."""
    return (text(0), text(1))


def loops_now(snapshot: Snapshot) -> tuple[Loop, ...]:
    """The model's loops with their strength in the snapshot's run."""
    gauges = gauges_now(snapshot)
    return tuple(_loop_now(spec, gauges) for spec in LOOPS)


def _loop_now(spec: LoopSpec, gauges: dict[str, float]) -> Loop:
    def under(node: NodeSpec) -> Text:
        return _both(lambda i: ", ".join(filter(None, (_written(g, gauges, i) for g in node.gauges))))

    value = gauges.get(spec.gauge)
    if value is None:  # the mechanism is not in the model: names only, grey
        return Loop(spec.key, spec.title, tuple(Node(n.label) for n in spec.nodes), False, 0.0, spec.missing)
    nodes = tuple(Node(node.label, under(node)) for node in spec.nodes)
    strength = min(1.0, max(0.0, value / spec.full))
    words = ("strength", "sterkte")
    note = _both(lambda i: f"{words[i]} {strength:.0%}: " + spec.meaning[i].format(f"{value:.0%}"))
    return Loop(spec.key, spec.title, nodes, True, strength, note)


WIDTH = 770
HEIGHT = 390


def loops_svg(loops: tuple[Loop, ...], lang: str) -> str:
    """The causal-loop diagram: the first loop large on the left, the others small on the right."""
    i = 1 if lang == "nl" else 0
    parts = [
        '<defs><marker id="wijk-loop-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="12" '
        'markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>'
    ]
    layout = ((250, 195, 165, 150), (620, 100, 90, 62), (620, 290, 90, 58))
    for loop, (cx, cy, rx, ry) in zip(loops, layout, strict=False):
        parts.append(_loop(loop, cx, cy, rx, ry, i))
    return (
        f'<svg class="wijk-loops-svg" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="sans-serif" font-size="14">' + "".join(parts) + "</svg>"
    )


def _loop(loop: Loop, cx: float, cy: float, rx: float, ry: float, i: int) -> str:
    colour = _heat(loop.strength) if loop.active else "#b0b6bd"
    width = 1.5 + 5 * loop.strength if loop.active else 1.5
    dash = "" if loop.active else ' stroke-dasharray="6 5"'
    n = len(loop.nodes)
    angles = [-math.pi / 2 + 2 * math.pi * k / n for k in range(n)]
    points = [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]
    out = [
        f'<g class="wijk-loop wijk-loop-{loop.key}" data-strength="{loop.strength:.3f}" data-active="{str(loop.active).lower()}">'
    ]
    for k in range(n):
        # from just after one node to just before the next, along the ellipse
        gap = 0.36 if n > 4 else 0.5
        a1, a2 = angles[k] + gap, angles[k] + 2 * math.pi / n - gap
        sx, sy = cx + rx * math.cos(a1), cy + ry * math.sin(a1)
        ex, ey = cx + rx * math.cos(a2), cy + ry * math.sin(a2)
        out.append(
            f'<path d="M{sx:.0f},{sy:.0f} A{rx:.0f},{ry:.0f} 0 0 1 {ex:.0f},{ey:.0f}" fill="none" '
            f'stroke="{colour}" stroke-width="{width:.1f}"{dash} marker-end="url(#wijk-loop-head)"/>'
        )
    for node, (x, y) in zip(loop.nodes, points, strict=True):
        lines = node.label[i].split("|")
        for j, line in enumerate(lines):
            out.append(
                f'<text x="{x:.0f}" y="{y + 17 * j:.0f}" text-anchor="middle" font-weight="bold" '
                f'fill="{"#222" if loop.active else "#888"}" paint-order="stroke" stroke="white" '
                f'stroke-width="4">{escape(line)}</text>'
            )
        y += 17 * (len(lines) - 1)
        if node.value[i]:
            out.append(
                f'<text x="{x:.0f}" y="{y + 17:.0f}" text-anchor="middle" fill="#333" paint-order="stroke" '
                f'stroke="white" stroke-width="4">{escape(node.value[i])}</text>'
            )
    out.append(
        f'<text x="{cx:.0f}" y="{cy + 4:.0f}" text-anchor="middle" font-weight="bold" fill="{colour}">'
        f"{escape(loop.title[i].split(' ')[0])}</text>"
    )
    out.append(f"<title>{escape(loop.title[i])}: {escape(loop.note[i])}</title></g>")
    return "".join(out)


def _heat(strength: float) -> str:
    """Grey-blue when weak to deep red when strong."""
    low, high = (120, 144, 170), (200, 40, 30)
    r, g, b = (round(a + (z - a) * strength) for a, z in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"
