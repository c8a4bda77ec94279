"""The feedback loops of the model as a causal-loop diagram, each lit by its strength in the run.

The vicious circle of waiting is in the engine: a need that worsens while waiting escalates to
specialised care; when specialised care is full, a team keeps the referred case on its books until a
place frees up (``specialised_care.team_keeps_case_while_waiting``), so the team has fewer places
and more residents wait. Its strength is the share of the teams' places held by such stuck cases,
full at :data:`FULL_STRENGTH`. Sick leave under overload and outreach are not in the model yet; their
loops are drawn grey and say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from analysis.dashboard.engine_view import SPECIALISED
from analysis.dashboard.lab import Snapshot

FULL_STRENGTH = 0.10
"""Share of the teams' places held by cases stuck waiting for specialised care at which the loop is fully lit."""

Text = tuple[str, str]


@dataclass(frozen=True)
class Node:
    """A variable of a loop, and what the run measures for it now (empty if not measured)."""

    label: Text
    value: Text = ("", "")


@dataclass(frozen=True)
class Loop:
    """A feedback loop: its nodes in order (the last links back to the first) and its strength."""

    key: str
    title: Text
    nodes: tuple[Node, ...]
    active: bool
    strength: float
    """0 (off) to 1 (fully lit); 0 when not active."""
    note: Text


def _both(english: str, dutch: str) -> Text:
    return (english, dutch)


def loops_now(snapshot: Snapshot) -> tuple[Loop, ...]:
    """The model's loops with their strength in the snapshot's run."""
    teams = [u for u in snapshot.units if u.kind in ("team", "expert")]
    places = sum(u.capacity for u in teams) or 1
    stuck = sum(u.stuck for u in teams)
    specialised = next((u for u in snapshot.units if u.name == SPECIALISED), None)
    use = specialised.in_service / specialised.capacity if specialised else 0.0
    queue = specialised.waiting if specialised else 0
    headline = snapshot.headline
    waiting = headline.waiting_now if headline else 0
    wait = headline.mean_wait_weeks if headline else math.nan
    worsening = headline.worsening if headline else 0
    escalations = headline.escalations if headline else 0
    strength = min(1.0, stuck / places / FULL_STRENGTH)
    wait_text = "" if math.isnan(wait) else f", {wait:.1f} wk"
    vicious = Loop(
        "vicious",
        _both("R1 the vicious circle of waiting", "R1 de vicieuze cirkel van wachten"),
        (
            Node(_both("waiting", "wachten"), _both(f"{waiting}{wait_text}", f"{waiting}{wait_text}")),
            Node(_both("worsening", "verergering"), _both(f"{worsening}/yr", f"{worsening}/jr")),
            Node(_both("escalation", "escalatie"), _both(f"{escalations}/yr", f"{escalations}/jr")),
            Node(
                _both("specialised|care full", "specialistische|zorg vol"),
                _both(f"{use:.0%}, {queue} queue", f"{use:.0%}, {queue} in rij"),
            ),
            Node(
                _both("stuck on the|team's books", "blijft bij|het team"),
                _both(f"{stuck} cases", f"{stuck} casussen"),
            ),
        ),
        True,
        strength,
        _both(
            f"strength {strength:.0%}: {stuck / places:.0%} of team places held by cases waiting for specialised care",
            f"sterkte {strength:.0%}: {stuck / places:.0%} van de teamplekken bezet door casussen die wachten op specialistische zorg",
        ),
    )
    sick = Loop(
        "sick_leave",
        _both("R2 overload and sick leave", "R2 overbelasting en ziekteverzuim"),
        (
            Node(_both("overload", "overbelasting")),
            Node(_both("sick leave", "ziekteverzuim")),
            Node(_both("less capacity", "minder capaciteit")),
            Node(_both("more waiting", "meer wachten")),
        ),
        False,
        0.0,
        _both(
            "not yet active: sick leave is not in the model yet",
            "nog niet actief: ziekteverzuim zit nog niet in het model",
        ),
    )
    outreach = Loop(
        "outreach",
        _both("B1 outreach", "B1 outreachend werken"),
        (
            Node(_both("outreach", "outreach")),
            Node(_both("earlier,|lighter requests", "eerdere,|lichtere vragen")),
            Node(_both("more inflow", "meer instroom")),
        ),
        False,
        0.0,
        _both(
            "not yet active: outreach is not in the model yet",
            "nog niet actief: outreach zit nog niet in het model",
        ),
    )
    return (vicious, sick, outreach)


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
