"""The answer of a comparison in at most five plain sentences, from its verdict table.

Which structure is better on what, by how much, how sure, and at what cost. When metrics conflict the
answer says so ("B has shorter waits, but costs more than A") rather than picking a winner, and a
structure that is not shown to help as many residents (``closed``) is never better on cost alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from analysis.compare import BETTER, INCONCLUSIVE, NO_RELEVANT_DIFFERENCE, WORSE
from analysis.labels import label as text_label
from analysis.objective import COST_METRICS, HELPED_METRIC
from analysis.report.numbers import metric_difference, metric_value, number, percent

THEMES: dict[str, str] = {
    "closed": "help",
    "dropped_out": "lost",
    "wait_first_contact_mean_weeks": "waits",
    "wait_first_contact_p90_weeks": "waits",
    "wait_total_mean_weeks": "waits",
    "waiting_list_mean": "waits",
    "waiting_list_end": "waits",
    "over_norm_share": "waits",
    "escalation_rate": "escalation",
    "trajectory_escalation_rate": "escalation",
    "escalation_by_worsening_rate": "worsening",
    "overhead_hours": "overhead",
    "overhead_share": "overhead",
    "handoff_failures": "handoffs",
    "handoff_failure_rate": "handoffs",
    "duplicate_cases": "handoffs",
    "coordinators_per_household_mean": "handoffs",
    "handoffs_lost": "handoffs",
    "onset_to_help_mean_weeks": "waits",
    "unmet_need": "unmet",
    "severity_at_first_contact_mean": "severity",
    "crises": "crises",
    "staff_sick_leave_share": "staff",
    "staff_turnover_per_fte_year": "staff",
    "vacancy_fte_mean": "staff",
    "cost_eur": "cost",
}
"""What a metric is about, so that several metrics make one phrase ("shorter waits")."""

PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "help": ("closes more cases", "closes fewer cases"),
        "lost": ("loses fewer residents", "loses more residents"),
        "waits": ("has shorter waits", "has longer waits"),
        "escalation": ("refers fewer cases to specialised care", "refers more cases to specialised care"),
        "worsening": (
            "has fewer cases that worsen into specialised care while they wait",
            "has more cases that worsen into specialised care while they wait",
        ),
        "overhead": ("spends fewer hours on overhead", "spends more hours on overhead"),
        "handoffs": (
            "has fewer failed hand-offs and duplicate cases",
            "has more failed hand-offs and duplicate cases",
        ),
        "unmet": ("leaves fewer needs unmet", "leaves more needs unmet"),
        "severity": (
            "reaches residents while their problems are lighter",
            "reaches residents later, with heavier problems",
        ),
        "crises": ("has fewer crises", "has more crises"),
        "staff": (
            "loses less staff time to sick leave, turnover and vacancies",
            "loses more staff time to sick leave, turnover and vacancies",
        ),
        "cost": ("costs less", "costs more"),
    },
    "nl": {
        "help": ("sluit meer zaken af", "sluit minder zaken af"),
        "lost": ("verliest minder inwoners", "verliest meer inwoners"),
        "waits": ("heeft kortere wachttijden", "heeft langere wachttijden"),
        "escalation": (
            "verwijst minder zaken naar specialistische zorg",
            "verwijst meer zaken naar specialistische zorg",
        ),
        "worsening": (
            "heeft minder zaken die door het wachten verergeren tot specialistische zorg",
            "heeft meer zaken die door het wachten verergeren tot specialistische zorg",
        ),
        "overhead": ("besteedt minder uren aan overhead", "besteedt meer uren aan overhead"),
        "handoffs": (
            "heeft minder mislukte overdrachten en dubbele zaken",
            "heeft meer mislukte overdrachten en dubbele zaken",
        ),
        "unmet": ("laat minder hulpvragen onbeantwoord", "laat meer hulpvragen onbeantwoord"),
        "severity": (
            "bereikt inwoners als hun problemen nog lichter zijn",
            "bereikt inwoners later, met zwaardere problemen",
        ),
        "crises": ("heeft minder crises", "heeft meer crises"),
        "staff": (
            "verliest minder personeelstijd aan verzuim, verloop en vacatures",
            "verliest meer personeelstijd aan verzuim, verloop en vacatures",
        ),
        "cost": ("kost minder", "kost meer"),
    },
}
"""Per language and theme: the phrase when a structure does better, and when it does worse."""

SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "b_better": "{b} is better than {a}: it {phrases}, and it is worse on none of the {judged} judged metrics.",
        "a_better": "{a} is better than {b}: {b} {phrases}, and it is better on none of the {judged} judged metrics.",
        "trade_off": "Neither is better on everything: {b} {good}, but {bad} than {a}.",
        "cost_only": "{cheaper} costs less, but it is not shown to help as many residents as {other} "
        "(cases closed: {closed}), so it is not better on cost alone.",
        "no_difference": "There is no relevant difference between {a} and {b} on any of the {judged} "
        "judged metrics.",
        "inconclusive": "The replications cannot tell {a} and {b} apart: no judged metric differs by at "
        "least its minimum relevant difference with enough certainty.",
        "largest": "Largest differences, {b} against {a}: {items}.",
        "item": "{label} {va} against {vb} ({diff})",
        "sure": "Based on {pairs} paired replications of {years} {unit} on the same random numbers; each "
        "'better' or 'worse' is significant at 95% after Holm's correction over the {judged} judged "
        "metrics and at least the minimum relevant difference.",
        "cost": "Cost over the measured period: {vb} for {b} against {va} for {a} ({diff}, {pct}).",
        "unclear": "Inconclusive on {n} metric(s) ({metrics}); more replications may tell.",
        "and": "and",
        "better_on": "does better on {labels}",
        "worse_on": "does worse on {labels}",
        "year": "year",
        "years": "years",
    },
    "nl": {
        "b_better": "{b} is beter dan {a}: {b} {phrases}, en is op geen van de {judged} beoordeelde "
        "maten slechter.",
        "a_better": "{a} is beter dan {b}: {b} {phrases}, en is op geen van de {judged} beoordeelde "
        "maten beter.",
        "trade_off": "Geen van beide is op alles beter: {b} {good}, maar {bad} dan {a}.",
        "cost_only": "{cheaper} kost minder, maar helpt niet aantoonbaar evenveel inwoners als {other} "
        "(afgesloten zaken: {closed}); op kosten alleen is het dus niet beter.",
        "no_difference": "Er is geen relevant verschil tussen {a} en {b} op de {judged} beoordeelde maten.",
        "inconclusive": "De replicaties kunnen {a} en {b} niet onderscheiden: geen beoordeelde maat "
        "verschilt met genoeg zekerheid minstens het kleinste relevante verschil.",
        "largest": "Grootste verschillen, {b} tegenover {a}: {items}.",
        "item": "{label} {va} tegenover {vb} ({diff})",
        "sure": "Gebaseerd op {pairs} gepaarde replicaties van {years} {unit} met dezelfde toevalsgetallen; "
        "elk 'beter' of 'slechter' is significant op 95% na Holms correctie over de {judged} "
        "beoordeelde maten en minstens het kleinste relevante verschil.",
        "cost": "Kosten over de gemeten periode: {vb} voor {b} tegenover {va} voor {a} ({diff}, {pct}).",
        "unclear": "Onbeslist op {n} maat/maten ({metrics}); meer replicaties kunnen uitsluitsel geven.",
        "and": "en",
        "better_on": "doet het beter op {labels}",
        "worse_on": "doet het slechter op {labels}",
        "year": "jaar",
        "years": "jaar",
    },
}


@dataclass(frozen=True)
class Overall:
    """The comparison on the whole: B's verdict per judged metric, grouped, and the kind of answer.

    ``kind`` is ``b_better``, ``a_better``, ``trade_off``, ``cost_only`` (cheaper but not shown to help
    as many), ``no_difference`` or ``inconclusive``; ``winner`` is ``"a"``, ``"b"`` or None.
    """

    kind: str
    winner: str | None
    better: list[str] = field(default_factory=list)
    worse: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)


def overall(table: pd.DataFrame) -> Overall:
    """The kind of answer a verdict table (B against A) gives."""
    judged = table[table["verdict"].fillna("") != ""]
    by = {word: list(judged.loc[judged["verdict"] == word, "metric"]) for word in (BETTER, WORSE)}
    same = list(judged.loc[judged["verdict"] == NO_RELEVANT_DIFFERENCE, "metric"])
    unclear = list(judged.loc[judged["verdict"] == INCONCLUSIVE, "metric"])
    better, worse = by[BETTER], by[WORSE]
    helped = dict(zip(judged["metric"], judged["verdict"], strict=True)).get(HELPED_METRIC)
    groups = (better, worse, same, unclear)
    if better and worse:
        return Overall("trade_off", None, *groups)
    for side, wins, helps_as_many in (
        ("b", better, (BETTER, NO_RELEVANT_DIFFERENCE)),
        ("a", worse, (WORSE, NO_RELEVANT_DIFFERENCE)),
    ):
        if wins:
            cost_only = set(wins) <= COST_METRICS and helped not in helps_as_many
            if cost_only:
                return Overall("cost_only", None, *groups)
            return Overall(f"{side}_better", side, *groups)
    if same and not unclear:
        return Overall("no_difference", None, *groups)
    return Overall("inconclusive", None, *groups)


THEME_ORDER = (
    "waits",
    "lost",
    "unmet",
    "help",
    "severity",
    "crises",
    "handoffs",
    "worsening",
    "escalation",
    "staff",
    "overhead",
    "cost",
)
"""The order in which the answer names what differs: what residents feel first, the cost last."""


def _by_theme(metrics: list[str]) -> list[str]:
    return sorted(metrics, key=lambda m: THEME_ORDER.index(THEMES[m]) if m in THEMES else len(THEME_ORDER))


def _phrases(metrics: list[str], good: bool, lang: str, by_name: frozenset[str] = frozenset()) -> list[str]:
    """One phrase per theme of ``metrics``; a theme in ``by_name`` names its metrics instead.

    A theme whose metrics differ both ways (fewer duplicate cases but more residents lost in hand-offs)
    is said by its metrics' labels, so the answer never says "fewer ..., but more ..." of one phrase.
    """
    ordered = _by_theme(metrics)
    themes = list(dict.fromkeys(THEMES.get(m, m) for m in ordered))
    phrases = []
    for theme in themes:
        if theme in by_name:
            labels = [text_label(f"metric.{m}", lang) for m in ordered if THEMES.get(m, m) == theme]
            phrases.append(
                SENTENCES[lang]["better_on" if good else "worse_on"].format(labels=_join(labels, lang))
            )
        else:
            phrases.append(PHRASES[lang][theme][0 if good else 1] if theme in PHRASES[lang] else theme)
    return phrases


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {SENTENCES[lang]['and']} " + items[-1]


def answer_sentence(table: pd.DataFrame, name_a: str, name_b: str, lang: str = "en") -> str:
    """The first sentence: which is better on what, or that metrics conflict, or that nothing differs."""
    words = SENTENCES[lang]
    found = overall(table)
    names = {"a": name_a, "b": name_b, "judged": judged_count(table)}
    if found.kind == "b_better":
        return words["b_better"].format(phrases=_join(_phrases(found.better, True, lang), lang), **names)
    if found.kind == "a_better":
        return words["a_better"].format(phrases=_join(_phrases(found.worse, False, lang), lang), **names)
    if found.kind == "trade_off":
        both = frozenset(THEMES.get(m, m) for m in found.better) & {THEMES.get(m, m) for m in found.worse}
        good = _join(_phrases(found.better, True, lang, both), lang)
        bad = _join(_phrases(found.worse, False, lang, both), lang)
        return words["trade_off"].format(good=good, bad=bad, **names)
    if found.kind == "cost_only":
        cheaper, other = (name_b, name_a) if found.better else (name_a, name_b)
        rows = table.set_index("metric")
        closed = rows.loc[HELPED_METRIC] if HELPED_METRIC in rows.index else None
        shown = "–" if closed is None else metric_difference(HELPED_METRIC, closed["difference"], lang)
        return words["cost_only"].format(cheaper=cheaper, other=other, closed=shown)
    return words[found.kind].format(**names)


def judged_count(table: pd.DataFrame) -> int:
    """How many metrics of the table are judged (have a verdict)."""
    return int((table["verdict"].fillna("") != "").sum())


def sure_sentence(pairs: int, years: float | None, judged: int, lang: str = "en") -> str:
    """How sure: the paired replications, their length, and what a verdict word promises."""
    unit = SENTENCES[lang]["year" if years == 1 else "years"]
    return SENTENCES[lang]["sure"].format(
        pairs=pairs, years=number(years, lang, trim=True), unit=unit, judged=judged
    )


def verdict_sentences(
    table: pd.DataFrame,
    name_a: str,
    name_b: str,
    pairs: int,
    years: float | None,
    lang: str = "en",
    label: Callable[[str, str], str] | None = None,
) -> list[str]:
    """At most five sentences: the answer, the largest differences, how sure, the cost, what is open."""
    words = SENTENCES[lang]
    label = label or (lambda metric, _lang: metric)
    found = overall(table)
    rows = table.set_index("metric")
    names = {"a": name_a, "b": name_b}
    sentences = [answer_sentence(table, name_a, name_b, lang)]
    decided = table[table["verdict"].isin([BETTER, WORSE]) & (table["metric"] != "cost_eur")]
    if len(decided):
        first_per_theme = {THEMES.get(m, m): m for m in reversed(_by_theme(list(decided["metric"])))}
        picked = _by_theme(list(first_per_theme.values()))[:3]
        top = decided.set_index("metric").loc[picked].reset_index()
        items = [
            words["item"].format(
                label=label(r.metric, lang),
                va=metric_value(r.metric, r.mean_a, lang),
                vb=metric_value(r.metric, r.mean_b, lang),
                diff=metric_difference(r.metric, r.difference, lang),
            )
            for r in top.itertuples()
        ]
        sentences.append(words["largest"].format(items="; ".join(items), **names))
    sentences.append(sure_sentence(pairs, years, judged_count(table), lang))
    if "cost_eur" in rows.index:
        cost = rows.loc["cost_eur"]
        pct = cost["difference"] / abs(cost["mean_a"]) if cost["mean_a"] else float("nan")
        sentences.append(
            words["cost"].format(
                va=metric_value("cost_eur", cost["mean_a"], lang),
                vb=metric_value("cost_eur", cost["mean_b"], lang),
                diff=metric_difference("cost_eur", cost["difference"], lang),
                pct=percent(pct, lang, signed=True),
                **names,
            )
        )
    if found.unclear:
        shown = ", ".join(label(m, lang) for m in found.unclear[:3]) + (
            ", …" if len(found.unclear) > 3 else ""
        )
        sentences.append(words["unclear"].format(n=len(found.unclear), metrics=shown))
    return sentences[:5]
