"""An ECharts figure for a live page: options sealed from reacton, merged in, and acknowledged.

Reacton, under Solara, looks for child elements in every list and dict of every element's
arguments, on every render. A chart's option holds hundreds of ``[x, y]`` points, so walking it
was most of the cost of a frame. :func:`Chart` hands the option over wrapped in a :class:`Sealed`
box, which reacton leaves alone; the widget unwraps it when it sends its state to the browser.

The widget is Solara's ``EchartsWidget`` (ECharts served from the local machine by solara-assets)
with a template of its own (``echarts.vue``): a new option is merged into the chart, only its
series replaced, instead of building the chart again; and the browser reports back the serial of
the last option it took (``drawn``), which the engine loop waits for before it sends the next frame
(:meth:`~analysis.dashboard.lab.Lab.run_forever`), so frames never queue up in a slow browser.
"""

from __future__ import annotations

from collections.abc import Callable
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
    """Solara's ECharts widget with an option that may come in a :class:`Sealed` box, and an ack."""

    template_file = (__file__, "echarts.vue")
    option = traitlets.Any({}).tag(sync=True, to_json=_option_to_json)
    serial = traitlets.Int(0).tag(sync=True)
    """The frame the option belongs to."""
    drawn = traitlets.Int(0).tag(sync=True)
    """Set by the browser: the serial of the last option the chart took."""


@solara.component
def Chart(
    option: Sealed,
    css_class: str = "",
    height: int = 320,
    serial: int = 0,
    on_drawn: Callable[[int], None] | None = None,
) -> solara.Element:
    """An ECharts chart ``height`` pixels high and as wide as its container.

    ``on_drawn(serial)`` is called (on a server thread) when the browser has taken the option of
    frame ``serial``.
    """
    listeners = {} if on_drawn is None else {"on_drawn": on_drawn}
    return SealedEchartsWidget.element(
        option=option,
        serial=serial,
        attributes={"class": css_class, "style": f"height: {height}px; width: 100%;"},
        **listeners,
    )
