"""The structure drawing: the organisation as an SVG, drawn from one snapshot.

Each unit is a box of places (a dot per place, blue when a case is in it, grey when free), its queue
an orange bar to its left (full height: as many waiting as the unit has places), the residents on
the left with the requests a week, and the hand-offs of the last 52 weeks as arrows with their
counts. The SVG is drawn at its size in pixels (no scaling), so its text is the size it says: at
least 14 px, readable on a projector. No text is drawn over another: an arrow's count goes at the
first place along the arrow where it covers no other text and no box, and where there is none (a
busy organisation, form B or C) the count is left to the arrow's tooltip and to the hand-off chart
below the fold.
"""

from __future__ import annotations

import math
from html import escape

from analysis.dashboard.engine_view import UnitView
from analysis.dashboard.lab import YEAR, Arrow, Snapshot
from analysis.dashboard.words import kind_word, say

IN_SERVICE = "#2f6db3"
FREE = "#d5dbe3"
WAITING = "#e8772e"
FAILED = "#c0392b"
OK = "#7f8c8d"

WIDTH = 620
"""Pixels: fits beside the main chart on a 1024-pixel-wide projector."""
FONT = 14
"""The smallest text of the drawing, pixels."""
MAX_DOTS = 160
"""At most this many dots per box; above it, one dot stands for several places."""
CHAR_WIDTH = 8.2
"""An upper bound of the width of a character of 14-15 px sans-serif text, pixels (for the layout)."""
LINE = 17
"""Pixels from one line of text to the next."""

Box = tuple[float, float, float, float]
"""x, y, width, height of something drawn: a unit's box or a text."""


def _text_box(x: float, y: float, text: str, anchor: str = "middle", size: int = FONT) -> Box:
    """Where a text drawn at baseline ``y`` lies (estimated generously)."""
    width = len(text) * CHAR_WIDTH * size / FONT
    left = {"middle": x - width / 2, "end": x - width}.get(anchor, x)
    return (left, y - size, width, size + 4)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def structure_svg(snapshot: Snapshot, lang: str) -> str:
    """The organisation now, as an SVG element."""
    units = [u for u in snapshot.units if u.kind != "approval" or u.in_service or u.waiting]
    columns = sorted({u.column for u in units})
    tallest = max(sum(1 for u in units if u.column == c) for c in columns)
    slot_h = 103 if tallest > 2 else 120  # a box, its name above it and two lines under it
    height = 40 + tallest * slot_h
    left = 96
    slot_w = (WIDTH - left) / len(columns)
    box_w = min(slot_w - 44, 150)
    parts: list[str] = []
    positions: dict[str, Box] = {}
    taken: list[Box] = []
    """Everything drawn so far that an arrow's count must not cover."""
    for c_index, column in enumerate(columns):
        members = [u for u in units if u.column == column]
        x0 = left + c_index * slot_w + (slot_w - box_w) - 4
        for r, unit in enumerate(members):
            top = 8 + r * slot_h + (tallest - len(members)) * slot_h / 2
            box_h = slot_h - 61
            positions[unit.name] = (x0, top + 20, box_w, box_h)
            parts.append(_unit(unit, x0, top + 20, box_w, box_h, lang, taken))
    parts.insert(0, _residents(snapshot, units, positions, height, lang, taken))  # its lines under the text
    parts.append(_arrows(snapshot.arrows, positions, taken))
    legend = escape(say(lang, "legend"))
    return (
        f'<svg class="wijk-structure-svg" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height + 8}" font-family="sans-serif" font-size="{FONT}">'
        + "".join(parts)
        + f"<title>{legend}</title></svg>"
    )


def _unit(unit: UnitView, x: float, y: float, w: float, h: float, lang: str, taken: list[Box]) -> str:
    name = escape(unit.name.replace("_", " "))
    taken.append((x - 16, y, w + 16, h))  # the box and its queue bar
    taken.append(_text_box(x + w / 2, y - 5, unit.name, size=15))
    out = [
        f'<text x="{x + w / 2:.0f}" y="{y - 5:.0f}" text-anchor="middle" font-weight="bold" '
        f'font-size="15">{name}</text>',
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" fill="white" '
        f'stroke="#34495e" stroke-width="1.5"><title>{escape(kind_word(lang, unit.kind))}</title></rect>',
    ]
    scale = max(1, math.ceil(unit.capacity / MAX_DOTS))
    n = max(1, math.ceil(unit.capacity / scale))
    used = min(n, math.ceil(unit.in_service / scale)) if unit.in_service else 0
    cols = max(1, math.ceil(math.sqrt(n * (w - 8) / (h - 8))))
    rows = math.ceil(n / cols)
    dx, dy = (w - 8) / cols, (h - 8) / rows
    r = max(1.2, min(dx, dy) * 0.38)
    # the dots as two paths of zero-length strokes with round caps: a few bytes per dot
    dots: tuple[list[str], list[str]] = ([], [])
    for k in range(n):
        cx = x + 4 + dx * (k % cols) + dx / 2
        cy = y + 4 + dy * (k // cols) + dy / 2
        dots[0 if k < used else 1].append(f"M{cx:.1f} {cy:.1f}h0")
    for path, colour in zip(dots, (IN_SERVICE, FREE), strict=True):
        if path:
            out.append(
                f'<path d="{"".join(path)}" stroke="{colour}" stroke-width="{2 * r:.1f}" stroke-linecap="round"/>'
            )
    lines = [say(lang, "places_used", used=unit.in_service, capacity=unit.capacity)]
    if unit.stuck:
        lines.append(say(lang, "n_stuck", n=unit.stuck))
    for k, line in enumerate(lines):
        y_text = y + h + 16 + LINE * k
        taken.append(_text_box(x + w / 2, y_text, line))
        out.append(
            f'<text x="{x + w / 2:.0f}" y="{y_text:.0f}" text-anchor="middle" fill="#333">{escape(line)}</text>'
        )
    queue = unit.waiting + unit.in_transit
    if queue:
        bar_h = h * min(1.0, queue / max(unit.capacity, 1))
        out.append(
            f'<rect class="wijk-queue" x="{x - 14:.0f}" y="{y + h - bar_h:.1f}" width="10" height="{bar_h:.1f}" '
            f'fill="{WAITING}"/>'
        )
        # beside the bar, or above it where hand-offs arrive from the left (their arrowheads end there)
        at = (x - 18, y + h / 2 + 5, "end") if unit.column <= 1 else (x - 9, y - 5, "middle")
        taken.append(_text_box(at[0], at[1], str(queue), anchor=at[2]))
        out.append(
            f'<text x="{at[0]:.0f}" y="{at[1]:.0f}" text-anchor="{at[2]}" fill="{WAITING}" '
            f'font-weight="bold" paint-order="stroke" stroke="white" stroke-width="3">{queue}</text>'
        )
    return "".join(out)


def _residents(
    snapshot: Snapshot,
    units: list[UnitView],
    positions: dict[str, Box],
    height: float,
    lang: str,
    taken: list[Box],
) -> str:
    mid = height / 2
    first = min(u.column for u in units)
    headline = snapshot.headline
    weeks = min(snapshot.week, YEAR)
    taken.append((4, mid - 34, 84, 60))
    out = [
        f'<rect x="4" y="{mid - 34:.0f}" width="84" height="60" rx="10" fill="#eef5ec" stroke="#5b8c51"/>',
        f'<text x="46" y="{mid - 12:.0f}" text-anchor="middle" font-weight="bold">{say(lang, "residents")}</text>',
        f'<text x="46" y="{mid + 10:.0f}" text-anchor="middle">{snapshot.residents:,}</text>',
    ]
    if headline is not None and weeks:
        rate = say(lang, "per_week", n=headline.requests / weeks)
        taken.append(_text_box(4, mid + 46, rate, anchor="start"))
        out.append(f'<text x="4" y="{mid + 46:.0f}" fill="#333">{escape(rate)}</text>')
    for unit in units:
        if unit.column != first:
            continue
        x, y, _, h = positions[unit.name]
        out.append(
            f'<line x1="88" y1="{mid:.0f}" x2="{x - 22:.0f}" y2="{y + h / 2:.0f}" stroke="#b7d3b0" stroke-width="2"/>'
        )
    return "".join(out)


def _arrows(arrows: tuple[Arrow, ...], positions: dict[str, Box], taken: list[Box]) -> str:
    shown = [a for a in arrows if a.source in positions and a.target in positions and a.total]
    if not shown:
        return ""
    biggest = max(a.total for a in shown)
    out = [
        '<defs><marker id="wijk-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" markerHeight="11" '
        'markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>'
    ]
    labels = []
    # the biggest hand-offs first: they get the free places
    for arrow in sorted(shown, key=lambda a: -a.total):
        sx, sy, sw, sh = positions[arrow.source]
        tx, ty, tw, th = positions[arrow.target]
        colour = FAILED if arrow.failed > arrow.total / 4 else OK
        width = 1.0 + 4.0 * arrow.total / biggest
        if abs(sx - tx) < 1:  # same column: a curve on the right-hand side
            x1, y1, x2, y2 = sx + sw, sy + sh * 0.4, tx + tw, ty + th * 0.6
            cx, cy = max(x1, x2) + 36, (y1 + y2) / 2
        else:
            x1, y1 = (sx + sw, sy + sh / 2) if tx > sx else (sx, sy + sh / 2)
            x2, y2 = (tx - 18, ty + th / 2) if tx > sx else (tx + tw, ty + th / 2)
            cx, cy = (x1 + x2) / 2, (y1 + y2) / 2 - 14
        label = f"{arrow.total}" + (f" ({arrow.failed}✗)" if arrow.failed else "")
        out.append(
            f'<path d="M{x1:.0f},{y1:.0f} Q{cx:.0f},{cy:.0f} {x2:.0f},{y2:.0f}" fill="none" stroke="{colour}" '
            f'stroke-width="{width:.1f}" stroke-opacity="0.75" marker-end="url(#wijk-head)">'
            f"<title>{escape(arrow.source)} → {escape(arrow.target)}: {label}</title></path>"
        )
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            mx = (1 - t) ** 2 * x1 + 2 * t * (1 - t) * cx + t**2 * x2
            my = (1 - t) ** 2 * y1 + 2 * t * (1 - t) * cy + t**2 * y2 - 4
            box = _text_box(mx, my, label)
            if box[0] >= 0 and box[0] + box[2] <= WIDTH and not any(_overlaps(box, b) for b in taken):
                taken.append(box)
                labels.append(
                    f'<text class="wijk-arrow-count" x="{mx:.0f}" y="{my:.0f}" text-anchor="middle" '
                    f'fill="{colour}" paint-order="stroke" stroke="white" stroke-width="3">{label}</text>'
                )
                break
    return "".join(out + labels)  # the counts over every arrow
