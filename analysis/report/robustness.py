"""The report's robustness section: does the verdict survive the assumptions? (en and nl).

It follows the answer: the share of futures in which the verdict holds and which assumptions' ranges
flip it (``analysis.robustness.sentences``), then two small tables: the difference at the scenarios'
own values against its P10-P90 across the futures and the replication noise, and each structure's
regret; then the ranges that were varied.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from analysis.labels import metric_label
from analysis.report.numbers import metric_difference, metric_interval, metric_value, number, percent
from analysis.report.texts import text
from analysis.robustness import SPREAD_METRICS, Robustness, assumption_label, sentences


def _html(frame: pd.DataFrame, css: str) -> str:
    return frame.to_html(index=False, escape=False, classes=["table", css], border=0, na_rep="–")


def _metric(metric: str, lang: str) -> str:
    return f'{html.escape(metric_label(metric, lang))}<br><code class="ci">{html.escape(metric)}</code>'


def spread_table(result: Robustness, lang: str) -> str:
    """Per metric: B - A at the scenarios' own values, P10-P90 across futures, the noise's P10-P90."""
    spread = result.spread.set_index("metric")
    rows = [
        {
            text(lang, "col_metric"): _metric(m, lang),
            text(lang, "rob_col_nominal"): html.escape(metric_difference(m, r["nominal_difference"], lang)),
            text(lang, "rob_col_futures"): html.escape(
                metric_interval(m, r["futures_p10"], r["futures_p90"], lang)
            ),
            text(lang, "rob_col_noise"): html.escape(
                metric_interval(m, r["noise_p10"], r["noise_p90"], lang)
            ),
            text(lang, "rob_col_share"): html.escape(percent(r["assumption_share"], lang)),
        }
        for m, r in ((m, spread.loc[m]) for m in SPREAD_METRICS if m in spread.index)
    ]
    return _html(pd.DataFrame(rows), "verdict robustness")


def regret_table(result: Robustness, lang: str) -> str:
    """Per metric and structure: the mean and the largest regret over the futures."""
    regret = result.regret.set_index(["metric", "structure"])
    rows = []
    for m in SPREAD_METRICS:
        if (m, result.a) not in regret.index:
            continue
        row = {text(lang, "col_metric"): _metric(m, lang)}
        for name in (result.a, result.b):
            cells = regret.loc[(m, name)]
            row[html.escape(name)] = html.escape(
                text(
                    lang,
                    "rob_regret_cell",
                    mean=metric_value(m, cells["mean_regret"], lang),
                    most=metric_value(m, cells["max_regret"], lang),
                )
            )
        rows.append(row)
    return _html(pd.DataFrame(rows), "verdict regret")


def ranges_table(result: Robustness, lang: str) -> str:
    """The assumptions varied: their short name, key and range."""
    rows = [
        {
            text(lang, "rob_col_assumption"): html.escape(assumption_label(a["key"], lang))
            + f'<br><code class="ci">{html.escape(a["key"])}</code>',
            text(lang, "rob_col_range"): html.escape(
                f"{number(a['low'], lang, trim=True)} – {number(a['high'], lang, trim=True)}"
            ),
            text(lang, "rob_col_basis"): html.escape(a["basis_nl"] if lang == "nl" else a["basis"]),
        }
        for a in result.settings["assumptions"]
    ]
    return _html(pd.DataFrame(rows), "ranges")


def section(result: Robustness, lang: str) -> dict[str, Any]:
    """What the template needs for the robustness section."""
    return {
        "sentences": sentences(result, lang, list_all=False),
        "spread": spread_table(result, lang),
        "regret": regret_table(result, lang),
        "ranges": ranges_table(result, lang),
        "a": result.a,
        "b": result.b,
    }
