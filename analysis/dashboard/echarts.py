"""An ECharts figure whose option travels to the browser without reacton walking through it.

Reacton, under Solara, looks for child elements in every list and dict of every element's
arguments, on every render. A chart's option holds hundreds of ``[x, y]`` points, so walking it
was most of the cost of a frame. :func:`Chart` hands the option over wrapped in a :class:`Sealed`
box, which reacton leaves alone; the widget unwraps it when it sends its state to the browser.
The widget is Solara's own ``EchartsWidget`` (same front end, ECharts served from the local
machine by solara-assets), with only the option's serialiser added.
"""

from __future__ import annotations

from typing import Any

import solara
import traitlets
from solara.components.echarts import EchartsWidget


class Sealed:
    """A value reacton does not look into; equal to another box only if it is the same box."""

    __slots__ = ("value",)

    def __init__(self, value: dict[str, Any]):
        self.value = value


def _option_to_json(option: Any, widget: Any) -> Any:
    return option.value if isinstance(option, Sealed) else option


class SealedEchartsWidget(EchartsWidget):
    """Solara's ECharts widget with an option that may come in a :class:`Sealed` box."""

    option = traitlets.Any({}).tag(sync=True, to_json=_option_to_json)


@solara.component
def Chart(option: Sealed, css_class: str = "", height: int = 320) -> solara.Element:
    """An ECharts chart ``height`` pixels high and as wide as its container."""
    return SealedEchartsWidget.element(
        option=option,
        attributes={"class": css_class, "style": f"height: {height}px; width: 100%;"},
    )
