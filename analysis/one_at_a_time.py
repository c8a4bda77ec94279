"""One assumption at a time: whether a structure's verdict against the reference holds at each end.

A sweep with a ``scenario`` factor and an ``oat`` design (``experiments.design``) runs the structures
at the scenarios' own values and then with one factor at a time at its low and at its high, every
point on the same replication seeds. ``analysis.structures.structure_verdicts`` gives the verdict
table of every point (paired, Holm, at least the minimum relevant difference); this module reads the
answer of each (``analysis.verdict.overall``: which is better, a trade-off, ...), compares it with the
answer at the scenarios' own values, and says which assumptions change it and which do not.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.robustness import assumption_label, kind_words
from analysis.verdict import answer_sentence, overall
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec

OWN, LOW, HIGH = "own", "low", "high"
"""Which end of its range a point's assumption is at (``own``: every assumption at its own value)."""

INCONCLUSIVE_KIND = "inconclusive"
"""The answer that shows nothing yet: an end where it is found is not shown to flip the verdict."""

ONE_AT_A_TIME = "one_at_a_time.csv"
"""The table's file name in a sweep folder."""


def is_one_at_a_time(spec: ExperimentSpec) -> bool:
    """Whether the sweep of ``spec`` compares structures one assumption at a time."""
    return spec.design.kind == "oat" and SCENARIO_FACTOR in spec.factors and len(spec.factors) > 1


def one_at_a_time_table(structures: pd.DataFrame, spec: ExperimentSpec) -> pd.DataFrame:
    """Per point and alternative structure: the assumption varied, its end, the answer, and whether it holds.

    ``structures`` is ``structure_verdicts``' table of an oat sweep. Columns: ``assumption`` (the
    key, empty at the scenarios' own values), ``end`` (own, low, high), ``value``, ``reference``,
    ``alternative``, ``pairs``, ``kind`` and ``winner`` (as ``analysis.verdict.overall`` gives them;
    winner ``reference``, ``alternative`` or empty), ``holds`` (the same kind and winner as at the
    scenarios' own values), ``flips`` (another answer that is not merely inconclusive: a different
    winner, a trade-off, cheaper only, no difference), ``answer`` (the answer's first sentence,
    English), and per judged metric
    ``<metric>_difference``, ``<metric>_ci_low`` and ``<metric>_ci_high`` (alternative - reference).
    """
    keys = [key for key in spec.factors if key != SCENARIO_FACTOR]
    rows: list[dict[str, Any]] = []
    for (*values, alternative), table in structures.groupby([*keys, "alternative"], sort=False, dropna=False):
        varied = [(key, value) for key, value in zip(keys, values, strict=True) if not _own(value)]
        if len(varied) > 1:
            raise ValueError(f"not a one-at-a-time point: {dict(varied)}")
        key, value = varied[0] if varied else ("", math.nan)
        factor = spec.factors[key] if key else None
        end = OWN if factor is None else (LOW if value == factor.low else HIGH)
        table = table.reset_index(drop=True)
        reference = str(table["reference"].iloc[0])
        found = overall(table)
        row: dict[str, Any] = {
            "assumption": key,
            "end": end,
            "value": value,
            "reference": reference,
            "alternative": str(alternative),
            "pairs": int(table["pairs"].iloc[0]),
            "kind": found.kind,
            "winner": {"a": "reference", "b": "alternative"}.get(found.winner or "", ""),
            "answer": answer_sentence(table, reference, str(alternative)),
        }
        for metric in table.loc[table["direction"].fillna("") != "", "metric"]:
            line = table.loc[table["metric"] == metric].iloc[0]
            row |= {f"{metric}_{part}": float(line[part]) for part in ("difference", "ci_low", "ci_high")}
        rows.append(row)
    frame = pd.DataFrame(rows)
    own = frame[frame["end"] == OWN].set_index("alternative")[["kind", "winner"]]
    holds = [
        bool(own.loc[alt, "kind"] == kind and own.loc[alt, "winner"] == winner)
        for alt, kind, winner in zip(frame["alternative"], frame["kind"], frame["winner"], strict=True)
    ]
    frame.insert(frame.columns.get_loc("answer"), "holds", holds)
    frame.insert(
        frame.columns.get_loc("answer"),
        "flips",
        [not held and kind != INCONCLUSIVE_KIND for held, kind in zip(holds, frame["kind"], strict=True)],
    )
    return frame


def _own(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _answer_words(row: pd.Series, lang: str) -> str:
    return kind_words(str(row["kind"]), str(row["reference"]), str(row["alternative"]), lang)


def format_one_at_a_time(table: pd.DataFrame, metric: str | None = None, lang: str = "en") -> str:
    """The table as text: one line per point, the answer and (``metric``) the difference with its CI."""
    lines: list[list[str]] = []
    column = f"{metric}_difference"
    for _, row in table.iterrows():
        if row["end"] == OWN:
            what = "every assumption at the scenarios' own values"
        else:
            what = f"{assumption_label(str(row['assumption']), lang)} = {row['value']:g} ({row['end']})"
        mark = "" if row["holds"] else ("flips" if row["flips"] else "not shown")
        cells = [what, str(row["alternative"]), _answer_words(row, lang), mark]
        if metric and column in table.columns:
            cells.append(
                f"{row[column]:+.3g} [{row[f'{metric}_ci_low']:+.3g}, {row[f'{metric}_ci_high']:+.3g}]"
            )
        lines.append(cells)
    header = ["assumption (end of its range)", "structure", "answer", "verdict"]
    if metric and column in table.columns:
        header.append(f"{metric}, difference [95% CI]")
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) for i in range(len(header))]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    out.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
    out += ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in lines]
    pairs = int(table["pairs"].min())
    out.append(
        f"Answers from {pairs} paired replications per point (Holm, at least the minimum relevant difference); "
        "'flips': another answer than at the scenarios' own values; 'not shown': inconclusive, more "
        "replications may tell."
    )
    out += [flip_summary(table, alternative, lang) for alternative in dict.fromkeys(table["alternative"])]
    return "\n".join(out)


def flip_summary(table: pd.DataFrame, alternative: str, lang: str = "en") -> str:
    """Which assumptions flip the answer of ``alternative`` against the reference, which do not."""
    rows = table[table["alternative"] == alternative]
    own = rows[rows["end"] == OWN].iloc[0]
    varied = rows[rows["end"] != OWN]
    keys = list(dict.fromkeys(varied["assumption"]))

    def ends(mask: pd.Series, answer: bool = True) -> str:
        return "; ".join(
            f"{assumption_label(str(r['assumption']), lang)} = {r['value']:g} ({r['end']})"
            + (f": {_answer_words(r, lang)}" if answer else "")
            for _, r in varied[mask].iterrows()
        )

    held = [key for key in keys if bool(varied.loc[varied["assumption"] == key, "holds"].all())]
    parts = [
        f"{alternative} against {own['reference']}: {_answer_words(own, lang)} at the scenarios' own values"
    ]
    flipped = varied["flips"].astype(bool)
    unclear = ~varied["holds"].astype(bool) & ~flipped
    parts.append(f"it flips at {ends(flipped)}" if flipped.any() else "no end of a range flips it")
    if unclear.any():
        parts.append(f"it is not shown (inconclusive) at {ends(unclear, answer=False)}")
    which = "the 1 assumption" if len(held) == 1 else f"the {len(held)} assumptions"
    kept = ", ".join(assumption_label(key, lang) for key in held)
    parts.append(f"it holds at both ends of {which}{': ' + kept if kept else ''}")
    return ". ".join([parts[0], *(part[0].upper() + part[1:] for part in parts[1:])]) + "."
