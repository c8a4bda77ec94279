"""Numbers as a reader of the report expects them, in English or Dutch.

Large numbers get thousands separators and no decimals, small ones two or three significant
decimals; shares and rates are percentages, and their differences percentage points. Babel formats
them for the language's locale (en_GB, nl_NL): 32,599,097 and 1.25 in English, 32.599.097 and 1,25 in
Dutch; the figures use the same functions, so a number reads the same in a table and a figure.
"""

from __future__ import annotations

import math

from babel.numbers import format_currency, format_decimal, format_percent

PERCENT_METRICS = frozenset(
    {
        "over_norm_share",
        "escalation_rate",
        "escalation_by_worsening_rate",
        "trajectory_escalation_rate",
        "overhead_share",
        "handoff_failure_rate",
    }
)
"""Metrics that are shares (0-1), shown as percentages."""

EURO_METRICS = frozenset({"cost_eur"})
"""Metrics in euros."""


LOCALES: dict[str, str] = {"en": "en_GB", "nl": "nl_NL"}
"""The Babel locale of each report language: separators, the percent sign and the euro sign's place."""


def is_missing(value: object) -> bool:
    """True for None, NaN and values that are not numbers."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _decimals(value: float) -> int:
    size = abs(value)
    if size >= 1000 or (size >= 10 and value == round(value)) or size == 0:
        return 0
    if size >= 100:
        return 1
    if size >= 1:
        return 2
    return min(8, max(3, 2 - math.floor(math.log10(size))))


def _signed(text: str, value: float, signed: bool) -> str:
    """A '+' before a positive number when asked; no sign at all before a number shown as zero."""
    if not any(digit in text for digit in "123456789"):
        return text.lstrip("+-")
    return "+" + text if signed and value > 0 else text


def number(value: float | int | None, lang: str = "en", signed: bool = False, trim: bool = False) -> str:
    """A number with thousands separators and 2-3 significant decimals (Babel); '–' when missing.

    ``trim`` drops trailing zeros (for numbers in sentences: '1 year', '9.4 FTE', not '1.00').
    """
    if is_missing(value):
        return "–"
    value = float(value)  # type: ignore[arg-type]
    if abs(value) < 1e-9:  # rounding noise of a difference of equal numbers
        value = 0.0
    decimals = _decimals(value)
    pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=LOCALES.get(lang, "en_GB"))
    return _signed(text, value, signed)


def whole(value: float | int | None, lang: str = "en", signed: bool = False) -> str:
    """A number rounded to a whole one, with thousands separators: counts on figures ('n = 15,389')."""
    if is_missing(value):
        return "–"
    amount = float(value)  # type: ignore[arg-type]
    return _signed(
        format_decimal(round(amount), format="#,##0", locale=LOCALES.get(lang, "en_GB")), amount, signed
    )


def localise(text: str, lang: str) -> str:
    """English separators to Dutch ones (1,234.5 -> 1.234,5); English text is returned as is."""
    if lang != "nl":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(share: float | None, lang: str = "en", signed: bool = False) -> str:
    """A share 0-1 as a percentage with one decimal (Babel): 0.0593 -> '5.9%', in Dutch '5,9%'."""
    if is_missing(share):
        return "–"
    value = float(share)  # type: ignore[arg-type]
    if abs(value) < 0.0005:
        value = 0.0
    text = format_percent(value, format="#,##0.0%", locale=LOCALES.get(lang, "en_GB"))
    return _signed(text, value, signed)


def euro(value: float | None, lang: str = "en", signed: bool = False) -> str:
    """Euros without cents (Babel), the sign before the euro sign: '€ 19,713,950', '-€ 783,022'."""
    if is_missing(value):
        return "–"
    amount = float(value)  # type: ignore[arg-type]
    text = format_currency(
        round(amount), "EUR", format="¤\u00a0#,##0", currency_digits=False, locale=LOCALES.get(lang, "en_GB")
    )
    return _signed(text, amount, signed)


def metric_value(metric: str, value: float | None, lang: str = "en") -> str:
    """A metric's value in its own unit: percentages for shares, euros for costs."""
    if metric in PERCENT_METRICS:
        return percent(value, lang)
    if metric in EURO_METRICS:
        return euro(value, lang)
    return number(value, lang)


def metric_difference(metric: str, value: float | None, lang: str = "en") -> str:
    """A difference of a metric, signed: percentage points for shares, euros for costs."""
    if metric in PERCENT_METRICS:
        text = percent(value, lang, signed=True)
        return text if text == "–" else text.rstrip("%\u00a0 ") + (" pp" if lang == "en" else " %-punt")
    if metric in EURO_METRICS:
        return euro(value, lang, signed=True)
    return number(value, lang, signed=True)


def metric_interval(
    metric: str, low: float | None, high: float | None, lang: str = "en", difference: bool = False
) -> str:
    """A 95% confidence interval 'low … high' in the metric's unit; '–' when it cannot be computed."""
    if is_missing(low) or is_missing(high):
        return "–"
    if metric in PERCENT_METRICS:  # the unit once, at the end: '-3.6 … +36.5 pp'
        low_text, high_text = (
            metric_difference(metric, v, lang) if difference else percent(v, lang) for v in (low, high)
        )
        return f"{low_text.split()[0].rstrip('%')} … {high_text}"
    if metric in EURO_METRICS:  # the same form as the difference beside it: '-€ 1,061,609 … -€ 504,434'
        return f"{euro(low, lang, signed=difference)} … {euro(high, lang, signed=difference)}"
    return f"{number(low, lang, signed=difference)} … {number(high, lang, signed=difference)}"
