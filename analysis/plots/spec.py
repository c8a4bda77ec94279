"""``FigureSpec``: one figure with the texts a report puts around it."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure


@dataclass(frozen=True)
class FigureSpec:
    """One figure of a folder, ready for a report."""

    key: str
    """File-name stem, e.g. ``"waiting_list"``."""
    title: str
    """In the requested language."""
    caption: str
    """One or two sentences: what the figure shows and how to read it."""
    figure: Figure
