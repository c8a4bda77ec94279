"""One look for every wijksim figure: fonts, the Okabe-Ito palette, a title band with the scenario name.

Figures are made with ``matplotlib.figure.Figure`` directly, not through pyplot, so making many of
them in one process (a report, a test) keeps no global state and needs no display. ``new_figure``
applies the style while the figure is made and reserves a band at the top for the title and, under
it, the scenario name; ``finish`` writes both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.rcsetup import cycler

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow (weak on white: last)
    "#000000",  # black
)
"""Okabe & Ito's colour-blind safe palette, in the order lines and bars use it."""

GREY = "#7F7F7F"
LIGHT_GREY = "#DDDDDD"
WARMUP_GREY = "#EEEEEE"

BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK = OKABE_ITO

RC: dict[RcKeyType, Any] = {
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": LIGHT_GREY,
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=OKABE_ITO),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.facecolor": "white",
}
"""Matplotlib settings for every figure."""

TITLE_BAND_INCHES = 0.62
"""Height of the band above the axes that holds the title and the scenario name."""


def colour(i: int) -> str:
    """The i-th colour of the palette (cycling)."""
    return OKABE_ITO[i % len(OKABE_ITO)]


@contextmanager
def styled() -> Iterator[None]:
    """Apply the wijksim style to figures and artists made inside the block."""
    with mpl.rc_context(RC):
        yield


def new_figure(width: float = 10.0, height: float = 5.6) -> Figure:
    """An empty figure (inches) with constrained layout and room at the top for ``finish``'s texts."""
    band = min(TITLE_BAND_INCHES / height, 0.3)
    with styled():
        layout = ConstrainedLayoutEngine(rect=(0, 0, 1, 1 - band), h_pad=0.06, w_pad=0.06)
        return Figure(figsize=(width, height), layout=layout)


def finish(fig: Figure, title: str, scenario: str, note: str = "") -> Figure:
    """Write the title and, under it in grey, the scenario name (and a note) in the top band."""
    height = fig.get_figheight()
    top = 1 - 0.08 / height
    with styled():
        fig.text(0.012, top, title, ha="left", va="top", fontsize=13, fontweight="bold")
        subtitle = scenario if not note else f"{scenario}  ·  {note}"
        fig.text(0.012, top - 0.27 / height, subtitle, ha="left", va="top", fontsize=9.5, color="#444444")
    return fig


def plain_numbers(axis, lang: str = "en") -> None:
    """Tick labels without matplotlib's offset (``1e6``): millions as ``6.5M``, thousands separated.

    The numbers are formatted for ``lang`` as in the report's tables (``analysis.report.numbers``).
    """
    from matplotlib.ticker import FuncFormatter

    from analysis.report.numbers import number, whole

    def fmt(value: float, _pos: int) -> str:
        if abs(value) >= 1e6:
            return number(round(value / 1e5) / 10, lang, trim=True) + "M"
        if abs(value) >= 1e4:
            return whole(value, lang)
        return number(value, lang, trim=True)

    axis.set_major_formatter(FuncFormatter(fmt))


def t_band(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% Student-t band of the mean along ``axis`` (NaN band with one replication)."""
    from scipy import stats

    values = np.asarray(values, dtype=float)
    n = values.shape[axis]
    mean = values.mean(axis=axis)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan
    half = stats.t.ppf(0.975, n - 1) * values.std(axis=axis, ddof=1) / np.sqrt(n)
    return mean, mean - half, mean + half
