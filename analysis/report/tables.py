"""The metric tables of the report as HTML: run summary, compare verdict, sweep means, Sobol' indices.

Numbers are formatted here (``analysis.report.numbers``) and the tables are written by pandas'
``to_html``; cells that need markup (a confidence interval under a mean, a verdict) are escaped
first and marked up after.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from analysis.report.meanings_nl import meaning_in
from analysis.report.numbers import metric_difference, metric_interval, metric_value, number
from analysis.report.texts import text
from analysis.summary import summarise
from sim import METRIC_NAMES

SWEEP_ROWS = 60
"""Design points shown in a sweep's tables; the folder holds them all."""
SWEEP_METRICS_PER_TABLE = 3
"""Metrics side by side in one sweep table, so that it fits the page."""


def _html(frame: pd.DataFrame, css: str) -> str:
    return frame.to_html(index=False, escape=False, classes=["table", css], border=0, na_rep="–")


def _cell(main: str, sub: str = "") -> str:
    out = html.escape(main)
    return f'{out}<br><span class="ci">{html.escape(sub)}</span>' if sub and sub != "–" else out


def metrics_in(frame: pd.DataFrame) -> list[str]:
    """The metrics of the interface that the frame has, in their documented order."""
    return [m for m in METRIC_NAMES if m in frame.columns]


def _metric_cell(metric: str, lang: str, label: Callable[[str, str], str], suffix: str = "") -> str:
    """The metric's readable label, with its name in the files below it."""
    return f'{html.escape(label(metric, lang) + suffix)}<br><code class="ci">{html.escape(metric)}</code>'


def run_table(summary: pd.DataFrame, lang: str, label: Callable[[str, str], str]) -> str:
    """Mean and 95% CI per metric over the replications of a run."""
    table = summarise(summary, metrics_in(summary))
    rows = [
        {
            text(lang, "col_metric"): _metric_cell(r.metric, lang, label),
            text(lang, "col_mean"): html.escape(metric_value(r.metric, r.mean, lang)),
            text(lang, "col_ci"): html.escape(metric_interval(r.metric, r.ci_low, r.ci_high, lang)),
        }
        for r in table.itertuples()
    ]
    return _html(pd.DataFrame(rows), "metrics")


def compare_table(
    verdict: pd.DataFrame, name_a: str, name_b: str, lang: str, label: Callable[[str, str], str]
) -> str:
    """The verdict of a paired comparison: both means, B - A with its CI, the relevant size, the verdict.

    The last column names the better scenario where the verdict is better or worse, and says "no
    relevant difference" or "inconclusive" otherwise; it is empty for metrics that are not judged.
    """
    rows = []
    for r in verdict.itertuples():
        better = "" if pd.isna(r.better) else str(r.better)
        word = "" if pd.isna(getattr(r, "verdict", "")) else str(getattr(r, "verdict", ""))
        css = "better-a" if better == name_a else "better-b" if better == name_b else "unclear"
        shown = better or (text(lang, f"verdict_{word.replace(' ', '_')}") if word else "")
        direction = {"lower": " ↓", "higher": " ↑"}.get(str(getattr(r, "direction", "") or ""), "")
        relevant = getattr(r, "min_difference", float("nan"))
        rows.append(
            {
                text(lang, "col_metric"): _metric_cell(r.metric, lang, label, direction),
                html.escape(name_a): html.escape(metric_value(r.metric, r.mean_a, lang)),
                html.escape(name_b): html.escape(metric_value(r.metric, r.mean_b, lang)),
                f'{text(lang, "col_difference")}<br><span class="ci">{html.escape(name_b)} − '
                f"{html.escape(name_a)}</span>": _cell(
                    metric_difference(r.metric, r.difference, lang),
                    metric_interval(r.metric, r.ci_low, r.ci_high, lang, True),
                ),
                f'{text(lang, "col_better")}<br><span class="ci">{text(lang, "col_relevant")}</span>': (
                    _verdict_cell(
                        shown,
                        css,
                        "" if pd.isna(relevant) or not direction else metric_value(r.metric, relevant, lang),
                    )
                ),
            }
        )
    return _html(pd.DataFrame(rows), "verdict")


def _verdict_cell(word: str, css: str, relevant: str) -> str:
    """The verdict word, coloured, with the minimum relevant difference below it."""
    if not word:
        return ""
    below = f'<br><span class="ci">± {html.escape(relevant)}</span>' if relevant else ""
    return f'<span class="{css}">{html.escape(word)}</span>{below}'


def structures_overview(verdicts: pd.DataFrame, lang: str, label: Callable[[str, str], str]) -> str:
    """One table for a sweep of structures: the reference's mean, each alternative's difference and verdict.

    Only judged metrics, so that it fits one page; the per-structure tables hold the others.
    """
    reference = str(verdicts["reference"].iloc[0])
    judged = verdicts[verdicts["direction"].fillna("") != ""] if "direction" in verdicts else verdicts
    alternatives = list(dict.fromkeys(judged["alternative"]))
    by = {alt: rows.set_index("metric") for alt, rows in judged.groupby("alternative", sort=False)}
    rows = []
    for metric in dict.fromkeys(judged["metric"]):
        first = by[alternatives[0]].loc[metric]
        direction = {"lower": " ↓", "higher": " ↑"}.get(str(first.get("direction", "")), "")
        row = {
            text(lang, "col_metric"): _metric_cell(str(metric), lang, label, direction),
            html.escape(reference): html.escape(metric_value(str(metric), first["mean_a"], lang)),
        }
        for alt in alternatives:
            r = by[alt].loc[metric]
            word = str(r.get("verdict", "") or "")
            css = {"better": "better-b", "worse": "worse"}.get(word, "unclear")
            shown = text(lang, f"verdict_{word.replace(' ', '_')}") if word else ""
            cell = _cell(
                metric_difference(str(metric), r["difference"], lang),
                metric_interval(str(metric), r["ci_low"], r["ci_high"], lang, True),
            )
            row[f"{html.escape(str(alt))} − {html.escape(reference)}"] = (
                f'{cell}<br><span class="{css}">{html.escape(shown)}</span>'
            )
        rows.append(row)
    return _html(pd.DataFrame(rows), "verdict overview")


def sweep_tables(
    runs: pd.DataFrame, factors: list[str], metrics: list[str], lang: str, label: Callable[[str, str], str]
) -> tuple[list[str], int]:
    """Per design point: the factor values, the runs, and each metric's mean with its 95% CI.

    Returns the tables (a few metrics each, so they fit the page) and the number of points.
    """
    ok = runs[runs["error"].fillna("") == ""] if "error" in runs else runs
    if ok.empty:
        return [], 0
    groups = ok.groupby("point", sort=True)
    points = list(groups.groups)[:SWEEP_ROWS]
    base = pd.DataFrame({text(lang, "col_point"): [str(p) for p in points]})
    for factor in factors:
        header = html.escape(factor).replace(".", ".<wbr>").replace("_", "_<wbr>")
        first = [groups.get_group(p)[factor].iloc[0] for p in points]
        base[f"<code>{header}</code>"] = [html.escape(number(v, lang, trim=True)) for v in first]
    base[text(lang, "col_runs")] = [str(len(groups.get_group(p))) for p in points]
    tables = []
    for start in range(0, len(metrics), SWEEP_METRICS_PER_TABLE):
        frame = base.copy()
        for metric in metrics[start : start + SWEEP_METRICS_PER_TABLE]:
            cells = []
            for p in points:
                stats = summarise(groups.get_group(p), [metric]).iloc[0]
                cells.append(
                    _cell(
                        metric_value(metric, stats["mean"], lang),
                        metric_interval(metric, stats["ci_low"], stats["ci_high"], lang),
                    )
                )
            frame[_metric_cell(metric, lang, label)] = cells
        tables.append(_html(frame, "sweep"))
    return tables, groups.ngroups


def factors_table(spec: dict, lang: str, meaning: Callable[[str], str]) -> str:
    """The sweep's factors: key, values or range, and what the key means."""
    rows = []
    for key, factor in (spec.get("factors") or {}).items():
        if factor.get("values") is not None:
            values = ", ".join(number(v, lang, trim=True) for v in factor["values"])
        else:
            low, high = (number(factor.get(end), lang, trim=True) for end in ("low", "high"))
            values = f"{low} … {high}"
            if factor.get("integer"):
                values += " (integer)" if lang != "nl" else " (geheel)"
        rows.append(
            {
                text(lang, "col_factor"): f"<code>{html.escape(key)}</code>",
                text(lang, "col_values"): html.escape(values),
                text(lang, "col_meaning"): html.escape(meaning_in(meaning(key), lang)),
            }
        )
    return _html(pd.DataFrame(rows), "factors")


def sensitivity_table(table: pd.DataFrame, lang: str) -> str:
    """Sobol' S1 and ST with their 95% intervals, per metric and factor."""
    rows = []
    for r in table.itertuples():
        rows.append(
            {
                text(lang, "col_metric"): f"<code>{html.escape(str(r.metric))}</code>",
                text(lang, "col_factor"): f"<code>{html.escape(str(r.factor))}</code>",
                "S1": _cell(number(r.S1, lang), f"± {number(r.S1_conf, lang)}"),
                "ST": _cell(number(r.ST, lang), f"± {number(r.ST_conf, lang)}"),
                "": html.escape("" if pd.isna(getattr(r, "note", "")) else str(getattr(r, "note", ""))),
            }
        )
    return _html(pd.DataFrame(rows), "sensitivity")


def key_value_table(pairs: list[tuple[str, str]], css: str = "facts") -> str:
    """A two-column table of (label, value); values are plain text."""
    rows = "".join(
        f'<tr><th scope="row">{html.escape(k)}</th><td>{html.escape(v)}</td></tr>' for k, v in pairs
    )
    return f'<table class="table {css}"><tbody>{rows}</tbody></table>'
