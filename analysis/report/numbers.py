"""Numbers as a reader of the report expects them, in English or Dutch.

Large numbers get thousands separators and no decimals, small ones two or three significant
decimals; shares and rates are percentages, and their differences percentage points. Dutch swaps
the separators: 32.599.097 and 1,25.
"""

from __future__ import annotations

import math

PERCENT_METRICS = frozenset(
    {
        "over_norm_share",
        "escalation_rate",
        "escalation_by_worsening_rate",
        "overhead_share",
        "handoff_failure_rate",
    }
)
"""Metrics that are shares (0-1), shown as percentages."""

EURO_METRICS = frozenset({"cost_eur"})
"""Metrics in euros."""


def is_missing(value: object) -> bool:
    """True for None, NaN and values that are not numbers."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: float | int | None, lang: str = "en", signed: bool = False, trim: bool = False) -> str:
    """A number with thousands separators and 2-3 significant decimals; '–' when missing.

    ``trim`` drops trailing zeros (for numbers in sentences: '1 year', '9.4 FTE', not '1.00').
    """
    if is_missing(value):
        return "–"
    value = float(value)  # type: ignore[arg-type]
    if abs(value) < 1e-9:  # rounding noise of a difference of equal numbers
        value = 0.0
    size = abs(value)
    if size >= 1000 or (size >= 10 and value == round(value)):
        decimals = 0
    elif size >= 100:
        decimals = 1
    elif size >= 1:
        decimals = 2
    elif size == 0:
        decimals = 0
    else:
        decimals = min(8, max(3, 2 - math.floor(math.log10(size))))
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("+-") in {"0", "0.0", "0.00", "0.000"}:
        text = text.lstrip("+-")
    return localise(text, lang)


def localise(text: str, lang: str) -> str:
    """English separators to Dutch ones (1,234.5 -> 1.234,5); English text is returned as is."""
    if lang != "nl":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(share: float | None, lang: str = "en", signed: bool = False) -> str:
    """A share 0-1 as a percentage with one decimal: 0.0593 -> '5.9%'."""
    if is_missing(share):
        return "–"
    text = f"{100 * float(share):{'+' if signed else ''}.1f}"  # type: ignore[arg-type]
    if text.lstrip("+-") == "0.0":
        text = "0.0"
    return localise(text, lang) + "%"


def metric_value(metric: str, value: float | None, lang: str = "en") -> str:
    """A metric's value in its own unit: percentages for shares, euros for costs."""
    if metric in PERCENT_METRICS:
        return percent(value, lang)
    if metric in EURO_METRICS and not is_missing(value):
        return "€ " + number(value, lang)
    return number(value, lang)


def metric_difference(metric: str, value: float | None, lang: str = "en") -> str:
    """A difference of a metric, signed: percentage points for shares, euros for costs."""
    if metric in PERCENT_METRICS:
        text = percent(value, lang, signed=True)
        return text if text == "–" else text[:-1] + (" pp" if lang == "en" else " %-punt")
    if metric in EURO_METRICS and not is_missing(value):
        text = number(value, lang, signed=True)
        return f"{text[0]}€ {text[1:]}" if text[0] in "+-" else "€ " + text
    return number(value, lang, signed=True)


def metric_interval(
    metric: str, low: float | None, high: float | None, lang: str = "en", difference: bool = False
) -> str:
    """A 95% confidence interval 'low – high'; '–' when it cannot be computed (one replication)."""
    if is_missing(low) or is_missing(high):
        return "–"
    if metric in PERCENT_METRICS:  # the unit once, at the end: '-3.6 … +36.5 pp'
        low_text, high_text = (
            metric_difference(metric, v, lang) if difference else percent(v, lang) for v in (low, high)
        )
        return f"{low_text.split()[0].rstrip('%')} … {high_text}"
    if metric in EURO_METRICS:  # the unit once, at the start: '€ 6,159,428 … 6,875,904'
        return f"€ {number(low, lang, signed=difference)} … {number(high, lang, signed=difference)}"
    return f"{number(low, lang, signed=difference)} … {number(high, lang, signed=difference)}"
