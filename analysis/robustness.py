"""Does the verdict survive the assumptions? The analysis of a robustness folder.

``experiments.robustness`` runs A and B at the scenarios' own values (``nominal/``) and in many
sampled futures of the assumptions (``futures/``), paired on the same seeds. Here:

- the *tested verdict* is the comparison's answer at the scenarios' own values (``analysis.verdict``:
  B better, A better, a trade-off, cheaper only, no relevant difference, inconclusive), from the
  nominal replications with Holm's correction;
- in each future the same answer is taken from the futures' paired means: a judged metric is better or
  worse when its mean difference is at least its minimum relevant difference, else no relevant
  difference; the verdict *holds* in a future when that answer (and its winner) is the tested one;
- the *replication noise* is measured at the scenarios' own values: how often one future's worth of
  replications (``reps``) gives another answer there, and how wide the difference of such a mean is;
  the spread across futures beyond it is what the assumptions add (*parameter uncertainty*);
- each structure's *regret* in a future is how much worse it does than the better of the two there,
  per judged metric, in the metric's unit;
- PRIM (EMA Workbench, ``analysis.discovery``) finds the box of assumption ranges in which the verdict
  flips, said in sentences.

``write_results`` writes ``futures.csv``, ``spread.csv``, ``regret.csv``, ``flips.csv`` and
``result.json`` into the folder.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.compare import BETTER, NO_RELEVANT_DIFFERENCE, WORSE, verdict_table
from analysis.objective import Judgement
from analysis.report.numbers import LOCALES, is_missing, metric_value, number
from analysis.structures import spec_objective
from analysis.verdict import overall
from experiments.robustness import FUTURES, NOMINAL, read_manifest
from experiments.spec import SCENARIO_FACTOR, ExperimentSpec
from experiments.store import load

KINDS = ("b_better", "a_better", "trade_off", "cost_only", "no_difference", "inconclusive")

SPREAD_METRICS = (
    "wait_first_contact_mean_weeks",
    "dropped_out",
    "closed",
    "duplicate_cases",
    "over_norm_share",
    "cost_eur",
)
"""The metrics whose spread across futures the report shows (those the command keeps)."""

FLIP_DENSITY = 0.5
"""PRIM's box must hold at least this share of flips to be named as where the verdict flips."""

MIN_FLIPS = 5
"""Fewer flips than this are too few for PRIM to find a range (it would fit a box around each)."""

EDGE_SLACK = 0.02
"""A box limit within this share of the range from the range's end is not a limit (sampling gaps)."""

MAX_CONDITIONS = 3
"""The sentence names at most this many assumptions: those whose range the box narrows most."""

ASSUMPTION_LABELS: dict[str, dict[str, str]] = {
    "split_teams.wrong_door_probability": {
        "en": "the wrong-door chance",
        "nl": "de kans op een verkeerde deur",
    },
    "split_teams.mixed_household_probability.multiple": {
        "en": "the chance of a second case for a household with multiple problems",
        "nl": "de kans op een tweede zaak bij een huishouden met meervoudige problemen",
    },
    "split_teams.mixed_household_probability.multi_problem": {
        "en": "the chance of a second case for a multi-problem household",
        "nl": "de kans op een tweede zaak bij een multiprobleemhuishouden",
    },
    "split_teams.bounce_loss_probability": {
        "en": "the chance that a bounced resident gives up",
        "nl": "de kans dat een teruggestuurde inwoner afhaakt",
    },
    "split_teams.bounce_delay_weeks.value": {
        "en": "the delay of a bounce (weeks)",
        "nl": "de vertraging bij terugsturen (weken)",
    },
    "split_teams.shared_methods_factor": {
        "en": "the wrong doors left with shared methods",
        "nl": "het deel verkeerde deuren dat blijft met een gedeelde werkwijze",
    },
    "wrong_doors.known_door_factor": {
        "en": "the wrong doors left for a household that knows the door",
        "nl": "het deel verkeerde deuren dat blijft voor een huishouden dat de deur kent",
    },
    "wrong_doors.first_line_probability": {
        "en": "the wrong-door chance at A2's first line",
        "nl": "de kans op een verkeerde deur bij het voorliggend veld (A2)",
    },
    "wrong_doors.front_probability": {
        "en": "the wrong-door chance at C's front teams",
        "nl": "de kans op een verkeerde deur bij de voorteams (C)",
    },
    "split_teams.front_office_misroute_probability": {
        "en": "the front office's misrouting chance",
        "nl": "de kans dat de frontoffice verkeerd doorstuurt",
    },
    "split_teams.front_office_one_plan_probability": {
        "en": "the chance that the front office makes a mixed household one plan",
        "nl": "de kans dat de frontoffice van een gemengd huishouden één plan maakt",
    },
    "help_seeking.unknown_door_factor": {
        "en": "how much a first request is held back by not knowing the door",
        "nl": "hoeveel een eerste hulpvraag wordt tegengehouden doordat de deur onbekend is",
    },
    "help_seeking.trust_after_lost": {
        "en": "the trust left after being lost in a hand-off",
        "nl": "het vertrouwen dat overblijft na kwijtraken bij een overdracht",
    },
    "help_seeking.several_doors_factor": {
        "en": "how much several doors hold residents back from asking",
        "nl": "hoeveel meerdere deuren inwoners ervan weerhouden hulp te vragen",
    },
    "workforce.youth_team_fte_share": {
        "en": "the youth team's share of the split's FTE",
        "nl": "het aandeel van het jeugdteam in de fte van de gesplitste teams",
    },
    "pathway.other_need_support_share": {
        "en": "the extra support for a household's other need in one team (share of a case)",
        "nl": "de extra begeleiding voor de andere hulpvraag van een huishouden in één team (deel van een zaak)",
    },
    "expertise.generalist_level": {
        "en": "the chance that a need outside the worker's field is seen in time",
        "nl": "de kans dat een hulpvraag buiten het vak van de medewerker op tijd gezien wordt",
    },
    "expertise.recognition_delay_weeks.mean": {
        "en": "the time before an unrecognised need is seen (weeks)",
        "nl": "de tijd tot een niet herkende hulpvraag gezien wordt (weken)",
    },
    "expertise.no_colleague_delay_weeks.mean": {
        "en": "the extra support time without a colleague of the domain (weeks)",
        "nl": "de extra begeleidingstijd zonder collega van het domein (weken)",
    },
    "expertise.specialist_referral_factor": {
        "en": "how much more specialists refer on",
        "nl": "hoeveel vaker specialisten doorverwijzen",
    },
    "handoffs.warm_delay_weeks.value": {
        "en": "the delay of a warm hand-off (weeks)",
        "nl": "de duur van een warme overdracht (weken)",
    },
    "handoffs.cold_delay_weeks.mean": {
        "en": "the mean delay of a cold hand-off (weeks)",
        "nl": "de gemiddelde duur van een koude overdracht (weken)",
    },
    "handoffs.warm_loss_probability": {
        "en": "the loss in a warm hand-off",
        "nl": "de uitval bij een warme overdracht",
    },
    "handoffs.cold_loss_probability": {
        "en": "the loss in a cold hand-off",
        "nl": "de uitval bij een koude overdracht",
    },
    "overhead.meeting_share": {"en": "the meeting share", "nl": "het aandeel overleg"},
    "overhead.meeting_share_per_extra_person": {
        "en": "the meeting share added per extra team member",
        "nl": "het extra aandeel overleg per extra teamlid",
    },
    "overhead.case_conference_share_per_boundary": {
        "en": "the case-conference share per team boundary",
        "nl": "het aandeel casusoverleg per teamgrens",
    },
    "pathway.referral_probability.multiple": {
        "en": "the referral chance of cases with multiple problems",
        "nl": "de verwijskans bij meervoudige problemen",
    },
    "pathway.referral_probability.multi_problem": {
        "en": "the referral chance of multi-problem cases",
        "nl": "de verwijskans bij multiproblematiek",
    },
    "demand.severity.growth_per_week_waiting": {
        "en": "how fast problems worsen while waiting",
        "nl": "hoe snel problemen verergeren tijdens het wachten",
    },
    "workforce.cost_eur_per_fte_per_year": {
        "en": "the cost of an FTE (euros a year)",
        "nl": "de kosten van een fte (euro per jaar)",
    },
    "triage.accuracy": {"en": "the triage accuracy", "nl": "de juistheid van de triage"},
    "first_line.push_on_probability": {
        "en": "the first line's push-on chance",
        "nl": "de kans dat het voorliggend veld doorschuift",
    },
    "complex_team.support_before_referral_factor": {
        "en": "the support before a referral (share)",
        "nl": "de begeleiding vóór een verwijzing (aandeel)",
    },
    "expert_teams.late_recognition_weeks.mean": {
        "en": "the time before a late recognition (weeks)",
        "nl": "de tijd tot een late herkenning (weken)",
    },
}
"""Short names of the varied assumptions for sentences, in English and Dutch."""

SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "intro": "Robustness over {futures} futures of {k} assumptions, each run on both structures with "
        "the same {reps} replication seed(s) of {years} {unit}: {varied}.",
        "holds": "The verdict at the scenarios' own values ({verdict}) holds in {held} of {futures} futures "
        "({share}).",
        "untested": "At the scenarios' own values the comparison is inconclusive, so there is no verdict to "
        "test; across the futures: {kinds}.",
        "kinds": "Across the futures: {kinds}.",
        "noise": "Replication noise alone, at the scenarios' own values, gives the same verdict in {same} of "
        "{chunks} samples of {reps} replication(s) ({share}).",
        "spread": "Difference {b} − {a} in {metric}: {nominal} at the scenarios' own values; P10-P90 "
        "across the futures {p10} to {p90}, of which replication noise alone spans {n10} to {n90}.",
        "regret": "Regret (how far a structure falls behind the better one in the same future) on {metric}: "
        "at most {ra} for {a} and {rb} for {b}.",
        "flip_box": "The verdict flips mostly when {conditions}: {density} of the futures in that range flip "
        "(against {base} of all futures), and the range holds {coverage} of all {flips} flips.",
        "flip_none": "No future flips the verdict.",
        "flip_few": "The verdict flips in {flips} of {futures} futures: too few flips or holds (fewer than "
        "{least}) for PRIM to tell which assumptions' ranges flip it.",
        "flip_all": "The verdict flips in every future.",
        "flip_spread": "No range of the assumptions explains the {flips} flips (PRIM finds no range where "
        "at least half of the futures flip); they are spread over the futures, as replication "
        "noise would be.",
        "below": "{label} is below {value}",
        "above": "{label} is above {value}",
        "between": "{label} is between {low} and {high}",
        "and": "and",
        "in_table": "the table at the end of this section lists them with their ranges",
        "year": "year",
        "years": "years",
        "b_better": "{b} better",
        "a_better": "{a} better",
        "trade_off": "a trade-off",
        "cost_only": "cheaper only",
        "no_difference": "no relevant difference",
        "inconclusive": "inconclusive",
        "kind_count": "{kind} in {n}",
    },
    "nl": {
        "intro": "Robuustheid over {futures} toekomsten van {k} aannames, elk op beide structuren gedraaid "
        "met dezelfde {reps} replicatieseed(s) van {years} {unit}: {varied}.",
        "holds": "Het oordeel bij de eigen waarden van de scenario's ({verdict}) blijft staan in {held} van "
        "de {futures} toekomsten ({share}).",
        "untested": "Bij de eigen waarden van de scenario's is de vergelijking onbeslist, dus er is geen "
        "oordeel om te toetsen; over de toekomsten: {kinds}.",
        "kinds": "Over de toekomsten: {kinds}.",
        "noise": "Alleen de ruis van replicaties, bij de eigen waarden van de scenario's, geeft hetzelfde "
        "oordeel in {same} van {chunks} steekproeven van {reps} replicatie(s) ({share}).",
        "spread": "Verschil {b} − {a} in {metric}: {nominal} bij de eigen waarden van de scenario's; P10-P90 "
        "over de toekomsten {p10} tot {p90}, waarvan de ruis van replicaties alleen {n10} tot {n90} "
        "beslaat.",
        "regret": "Spijt (hoever een structuur achterblijft bij de betere in dezelfde toekomst) op {metric}: "
        "hoogstens {ra} voor {a} en {rb} voor {b}.",
        "flip_box": "Het oordeel kantelt vooral als {conditions}: {density} van de toekomsten in dat gebied "
        "kantelt (tegen {base} van alle toekomsten), en het gebied bevat {coverage} van alle {flips} "
        "kantelingen.",
        "flip_none": "In geen enkele toekomst kantelt het oordeel.",
        "flip_few": "Het oordeel kantelt in {flips} van de {futures} toekomsten: te weinig kantelingen of "
        "toekomsten zonder kanteling (minder dan {least}) om met PRIM te zien welke aannames het doen "
        "kantelen.",
        "flip_all": "Het oordeel kantelt in elke toekomst.",
        "flip_spread": "Geen gebied van de aannames verklaart de {flips} kantelingen (PRIM vindt geen gebied "
        "waar minstens de helft van de toekomsten kantelt); ze liggen verspreid over de "
        "toekomsten, zoals ruis van replicaties zou doen.",
        "below": "{label} lager is dan {value}",
        "above": "{label} hoger is dan {value}",
        "between": "{label} tussen {low} en {high} ligt",
        "and": "en",
        "in_table": "de tabel aan het eind van dit deel noemt ze met hun bereik",
        "year": "jaar",
        "years": "jaar",
        "b_better": "{b} beter",
        "a_better": "{a} beter",
        "trade_off": "een afweging",
        "cost_only": "alleen goedkoper",
        "no_difference": "geen relevant verschil",
        "inconclusive": "onbeslist",
        "kind_count": "{kind} in {n}",
    },
}
"""The sentences of a robustness result, per language."""


@dataclass(frozen=True)
class FlipBox:
    """Where the verdict flips: PRIM's box of assumption ranges, or none."""

    limits: pd.DataFrame
    """Per restricted assumption: ``min`` and ``max`` of the box, and the range's ``low`` and ``high``."""
    coverage: float
    density: float
    flips: int
    futures: int


@dataclass
class Robustness:
    """The analysed robustness run."""

    a: str
    b: str
    verdict: str
    """The tested verdict's kind at the scenarios' own values (``analysis.verdict.Overall.kind``)."""
    winner: str | None
    futures: pd.DataFrame
    """One row per future: the assumption values, per judged metric ``diff_<metric>``, ``kind``,
    ``winner``, ``holds``."""
    spread: pd.DataFrame
    regret: pd.DataFrame
    flip_box: FlipBox
    noise_same: int
    noise_chunks: int
    settings: dict[str, Any]
    nominal_table: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def tested(self) -> bool:
        """False when the nominal comparison is inconclusive: then nothing is tested."""
        return self.verdict != "inconclusive"

    @property
    def held(self) -> int:
        """Futures in which the verdict holds."""
        return int(self.futures["holds"].sum())

    @property
    def share(self) -> float:
        """Share of the futures in which the verdict holds (NaN when nothing is tested)."""
        return self.held / len(self.futures) if self.tested and len(self.futures) else math.nan


# --- the verdict in one future ------------------------------------------------------------------


def point_verdict(
    means_a: Mapping[str, float], means_b: Mapping[str, float], judged: Mapping[str, Judgement]
) -> pd.DataFrame:
    """A verdict table (as ``verdict_table`` gives) from two sets of means, without statistics.

    A judged metric is better or worse when its difference is at least the minimum relevant
    difference in one direction, else no relevant difference.
    """
    rows = []
    for metric, judgement in judged.items():
        if metric not in means_a or metric not in means_b:
            continue
        a, b = float(means_a[metric]), float(means_b[metric])
        difference = b - a
        delta = judgement.threshold(a, b)
        if math.isnan(difference) or math.isnan(delta):
            word = ""
        elif abs(difference) >= delta and difference != 0:
            word = BETTER if (difference < 0) == (judgement.direction == "lower") else WORSE
        else:
            word = NO_RELEVANT_DIFFERENCE
        rows.append(
            {"metric": metric, "mean_a": a, "mean_b": b, "difference": difference, "min_difference": delta}
            | {"direction": judgement.direction, "verdict": word}
        )
    return pd.DataFrame(
        rows, columns=["metric", "mean_a", "mean_b", "difference", "min_difference", "direction", "verdict"]
    )


def _kind(table: pd.DataFrame) -> tuple[str, str | None]:
    found = overall(table)
    return found.kind, found.winner


# --- reading and analysing a folder -------------------------------------------------------------


def analyse(folder: str | Path) -> Robustness:
    """Analyse a finished robustness folder; raises FileNotFoundError or ValueError when it is not one."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None or manifest.get("kind") != "robustness":
        raise FileNotFoundError(f"{folder}: not a robustness folder (no robustness.json)")
    settings = manifest["settings"]
    nominal, futures = load(folder / NOMINAL), load(folder / FUTURES)
    spec = ExperimentSpec.model_validate(json.loads((folder / FUTURES / "manifest.json").read_text())["spec"])
    judged = spec_objective(spec)
    a_file, b_file = settings["a"], settings["b"]
    name_a, name_b = Path(a_file).stem, Path(b_file).stem
    keys = [x["key"] for x in settings["assumptions"]]
    metrics = [m for m in spec.metrics if m in nominal.columns]

    pairs = _pairs(nominal, a_file, b_file, [])
    nominal_table = verdict_table(pairs, metrics, name_a, name_b, judged)
    verdict, winner = _kind(nominal_table)

    table = future_table(futures, a_file, b_file, keys, metrics, judged)
    table["holds"] = (
        (table["kind"] == verdict)
        & (table["winner"].fillna("") == (winner or ""))
        & (verdict != "inconclusive")
    )
    reps = int(settings["reps"])
    if settings.get("years") is None:  # each scenario's own run.years: the nominal manifest has A's
        base_years = (json.loads((folder / NOMINAL / "manifest.json").read_text()).get("spec") or {}).get(
            "years"
        )
        settings = {**settings, "years": base_years or _scenario_years(a_file)}
    same, chunks = _noise_share(pairs, metrics, judged, reps, verdict, winner)
    return Robustness(
        name_a,
        name_b,
        verdict,
        winner,
        table,
        spread_table(pairs, table, metrics, reps),
        regret_table(table, metrics, judged, name_a, name_b),
        flip_box(table[keys], ~table["holds"].to_numpy(dtype=bool), settings["assumptions"])
        if verdict != "inconclusive"
        else FlipBox(pd.DataFrame(), math.nan, math.nan, 0, len(table)),
        same,
        chunks,
        settings,
        nominal_table,
    )


def _scenario_years(file: str) -> float | None:
    """The measured years of a scenario file, or None when it can no longer be read."""
    from sim import ScenarioError, load_scenario

    try:
        return float(load_scenario(file).run.years)
    except (ScenarioError, OSError):
        return None


def _pairs(runs: pd.DataFrame, a_file: str, b_file: str, keys: list[str]) -> pd.DataFrame:
    """The finished runs of A and B paired by replication (and future): ``<metric>_a``, ``<metric>_b``."""
    finished = runs[runs["error"].fillna("") == ""]
    a = finished[finished[SCENARIO_FACTOR] == a_file].copy()
    b = finished[finished[SCENARIO_FACTOR] == b_file].copy()
    n = 2  # points alternate A, B within a future (experiments.design)
    a["future"], b["future"] = a["point"] // n, b["point"] // n
    drop = ["run", "point", "seed", "wall_time_s", "error", SCENARIO_FACTOR, *keys]
    return a.drop(columns=drop).merge(
        b.drop(columns=drop), on=["future", "replication"], suffixes=("_a", "_b")
    )


def future_table(
    runs: pd.DataFrame,
    a_file: str,
    b_file: str,
    keys: list[str],
    metrics: list[str],
    judged: Mapping[str, Judgement],
) -> pd.DataFrame:
    """One row per future: its assumption values, each metric's paired mean difference and means, the answer."""
    pairs = _pairs(runs, a_file, b_file, keys)
    finished = runs[(runs["error"].fillna("") == "") & (runs[SCENARIO_FACTOR] == a_file)]
    values = finished.assign(future=finished["point"] // 2).groupby("future")[keys].first()
    means = pairs.groupby("future").mean(numeric_only=True)
    rows = []
    for future, row in means.iterrows():
        means_a = {m: row[f"{m}_a"] for m in metrics}
        means_b = {m: row[f"{m}_b"] for m in metrics}
        kind, winner = _kind(point_verdict(means_a, means_b, judged))
        entry: dict[str, Any] = {"future": int(future), **values.loc[future].to_dict()}
        for m in metrics:
            entry[f"a_{m}"], entry[f"b_{m}"] = means_a[m], means_b[m]
            entry[f"diff_{m}"] = means_b[m] - means_a[m]
        entry.update(kind=kind, winner=winner or "")
        rows.append(entry)
    return pd.DataFrame(rows)


def _noise_share(
    pairs: pd.DataFrame,
    metrics: list[str],
    judged: Mapping[str, Judgement],
    reps: int,
    verdict: str,
    winner: str | None,
) -> tuple[int, int]:
    """Of the nominal replications taken ``reps`` at a time: how many give the tested verdict."""
    ordered = pairs.sort_values("replication").reset_index(drop=True)
    chunks = len(ordered) // reps
    same = 0
    for i in range(chunks):
        part = ordered.iloc[i * reps : (i + 1) * reps]
        kind, won = _kind(
            point_verdict(
                {m: part[f"{m}_a"].mean() for m in metrics},
                {m: part[f"{m}_b"].mean() for m in metrics},
                judged,
            )
        )
        same += int(kind == verdict and (won or "") == (winner or ""))
    return same, chunks


def spread_table(pairs: pd.DataFrame, futures: pd.DataFrame, metrics: list[str], reps: int) -> pd.DataFrame:
    """Per metric: the difference at the scenarios' own values, its P10-P90 across futures, and the noise.

    ``noise_p10`` / ``noise_p90``: where a mean of ``reps`` paired replications at the scenarios' own
    values falls 80% of the time (normal, from the nominal replications' spread). ``assumption_share``:
    the part of the variance across futures that the noise does not explain (0-1).
    """
    rows = []
    z = 1.2815515655446004  # the 90th percentile of the standard normal
    for m in metrics:
        nominal = (pairs[f"{m}_b"] - pairs[f"{m}_a"]).to_numpy(dtype=float)
        across = futures[f"diff_{m}"].to_numpy(dtype=float)
        center = float(np.nanmean(nominal)) if len(nominal) else math.nan
        sd = float(np.nanstd(nominal, ddof=1)) / math.sqrt(reps) if len(nominal) > 1 else math.nan
        variance = float(np.nanvar(across, ddof=1)) if len(across) > 1 else math.nan
        share = (
            max(0.0, 1 - sd**2 / variance) if variance and variance > 0 and not math.isnan(sd) else math.nan
        )
        p10, p50, p90 = (np.nanpercentile(across, q) for q in (10, 50, 90)) if len(across) else [math.nan] * 3
        rows.append(
            {
                "metric": m,
                "nominal_difference": center,
                "futures_p10": float(p10),
                "futures_p50": float(p50),
                "futures_p90": float(p90),
                "noise_p10": center - z * sd,
                "noise_p90": center + z * sd,
                "assumption_share": share,
            }
        )
    return pd.DataFrame(rows)


def regret_table(
    futures: pd.DataFrame, metrics: list[str], judged: Mapping[str, Judgement], name_a: str, name_b: str
) -> pd.DataFrame:
    """Per judged metric and structure: mean, P90 and largest regret over the futures (metric's unit)."""
    rows = []
    for m in metrics:
        if m not in judged:
            continue
        a, b = futures[f"a_{m}"].to_numpy(dtype=float), futures[f"b_{m}"].to_numpy(dtype=float)
        best = np.minimum(a, b) if judged[m].direction == "lower" else np.maximum(a, b)
        for name, values in ((name_a, a), (name_b, b)):
            regret = np.abs(values - best)
            rows.append(
                {
                    "metric": m,
                    "structure": name,
                    "mean_regret": float(np.nanmean(regret)),
                    "p90_regret": float(np.nanpercentile(regret, 90)),
                    "max_regret": float(np.nanmax(regret)),
                }
            )
    return pd.DataFrame(rows, columns=["metric", "structure", "mean_regret", "p90_regret", "max_regret"])


def flip_box(x: pd.DataFrame, flips: np.ndarray, ranges: list[dict[str, Any]]) -> FlipBox:
    """PRIM's box of assumption values in which the verdict flips (``flips`` True), with the ranges.

    A box is named only when at least ``FLIP_DENSITY`` of its futures flip and it restricts an
    assumption; otherwise the limits are empty.
    """
    from analysis.discovery import discover

    flips = np.asarray(flips, dtype=bool)
    n, k = len(flips), int(flips.sum())
    empty = pd.DataFrame(columns=["min", "max", "low", "high"])
    if k == 0 or k == n or min(k, n - k) < MIN_FLIPS:
        return FlipBox(empty, float(k == n), float(k == n), k, n)
    box = discover(x, flips, threshold=0.8)
    if box.density < FLIP_DENSITY or box.limits.empty or not _denser_than_chance(box, k, n):
        return FlipBox(empty, box.coverage, box.density, k, n)
    bounds = {r["key"]: (float(r["low"]), float(r["high"])) for r in ranges}
    limits = box.limits.copy()
    limits["low"] = [bounds.get(str(key), (math.nan, math.nan))[0] for key in limits.index]
    limits["high"] = [bounds.get(str(key), (math.nan, math.nan))[1] for key in limits.index]
    slack = EDGE_SLACK * (limits["high"] - limits["low"])
    limits = limits[(limits["min"] > limits["low"] + slack) | (limits["max"] < limits["high"] - slack)]
    if limits.empty:
        return FlipBox(empty, box.coverage, box.density, k, n)
    narrowed = (limits["max"] - limits["min"]) / (limits["high"] - limits["low"])
    limits = limits.loc[narrowed.sort_values(kind="stable").index[:MAX_CONDITIONS]]
    return FlipBox(limits, box.coverage, box.density, k, n)


def _denser_than_chance(box: Any, flips: int, futures: int) -> bool:
    """True when the box's share of flips is above the overall share beyond chance (binomial, 1%).

    PRIM picks the box that looks densest, so a box of a few futures can look dense by chance when
    the flips are noise; this guards against naming such a box.
    """
    from scipy.stats import binomtest

    inside = max(1, round(box.mass * futures))
    hits = min(inside, round(box.coverage * flips))
    return bool(binomtest(hits, inside, flips / futures, alternative="greater").pvalue < 0.01)


# --- sentences ------------------------------------------------------------------------------------


def share_text(share: float, lang: str = "en") -> str:
    """A share 0-1 as a whole percentage (Babel): '83%', '–' when missing."""
    from babel.numbers import format_percent

    if is_missing(share):
        return "–"
    return format_percent(share, format="#,##0%", locale=LOCALES.get(lang, "en_GB"))


def assumption_label(key: str, lang: str = "en") -> str:
    """The short name of an assumption in ``lang`` (the key itself when it has none)."""
    return ASSUMPTION_LABELS.get(key, {}).get(lang) or key


def kind_words(kind: str, a: str, b: str, lang: str) -> str:
    """``merged better``, ``a trade-off``: an answer's kind in a few words."""
    return SENTENCES[lang][kind].format(a=a, b=b)


def flip_sentence(box: FlipBox, lang: str = "en") -> str:
    """Which assumptions' ranges flip the verdict, in one sentence."""
    words = SENTENCES[lang]
    if box.flips == 0:
        return words["flip_none"]
    if box.flips == box.futures:
        return words["flip_all"]
    if min(box.flips, box.futures - box.flips) < MIN_FLIPS:
        return words["flip_few"].format(flips=box.flips, futures=box.futures, least=MIN_FLIPS)
    if box.limits.empty:
        return words["flip_spread"].format(flips=box.flips)
    conditions = []
    for key, row in box.limits.iterrows():
        label = assumption_label(str(key), lang)
        slack = EDGE_SLACK * (row["high"] - row["low"])  # PRIM's outer limits are the extreme samples
        tight_low, tight_high = row["min"] > row["low"] + slack, row["max"] < row["high"] - slack
        value = lambda v: number(v, lang, trim=True)  # noqa: E731
        if tight_low and tight_high:
            conditions.append(
                words["between"].format(label=label, low=value(row["min"]), high=value(row["max"]))
            )
        elif tight_high:
            conditions.append(words["below"].format(label=label, value=value(row["max"])))
        else:
            conditions.append(words["above"].format(label=label, value=value(row["min"])))
    joined = (
        conditions[0]
        if len(conditions) == 1
        else ", ".join(conditions[:-1]) + f" {words['and']} " + conditions[-1]
    )
    return words["flip_box"].format(
        conditions=joined,
        density=share_text(box.density, lang),
        coverage=share_text(box.coverage, lang),
        base=share_text(box.flips / box.futures, lang),
        flips=box.flips,
    )


def sentences(result: Robustness, lang: str = "en", label: Any = None, list_all: bool = True) -> list[str]:
    """The robustness result in a few sentences: what was varied, the share, noise, spread, regret, flips.

    ``list_all=False`` names the assumptions varied as "the N in the table" (the report lists them).
    """
    from analysis.labels import metric_label

    label = label or metric_label
    words = SENTENCES[lang]
    s = result.settings
    years = s.get("years")
    varied = (
        ", ".join(assumption_label(x["key"], lang) for x in s["assumptions"])
        if list_all
        else words["in_table"]
    )
    out = [
        words["intro"].format(
            futures=len(result.futures),
            k=len(s["assumptions"]),
            reps=s["reps"],
            years=number(years, lang, trim=True) if years else "–",
            unit=words["year" if years == 1 else "years"],
            varied=varied,
        )
    ]
    counts = result.futures["kind"].value_counts()
    kinds = ", ".join(
        words["kind_count"].format(kind=kind_words(str(kind), result.a, result.b, lang), n=int(n))
        for kind, n in counts.items()
    )
    if result.tested:
        out.append(
            words["holds"].format(
                verdict=kind_words(result.verdict, result.a, result.b, lang),
                held=result.held,
                futures=len(result.futures),
                share=share_text(result.share, lang),
            )
        )
        if result.noise_chunks:
            out.append(
                words["noise"].format(
                    same=result.noise_same,
                    chunks=result.noise_chunks,
                    reps=s["reps"],
                    share=share_text(result.noise_same / result.noise_chunks, lang),
                )
            )
    else:
        out.append(words["untested"].format(kinds=kinds))
    metric = next((m for m in SPREAD_METRICS if m in set(result.spread["metric"])), None)
    if metric is not None:
        row = result.spread.set_index("metric").loc[metric]
        out.append(
            words["spread"].format(
                a=result.a,
                b=result.b,
                metric=label(metric, lang),
                **{k: metric_value(metric, row[c], lang) for k, c in _SPREAD_CELLS},
            )
        )
        regret = result.regret.set_index(["metric", "structure"])
        if (metric, result.a) in regret.index:
            out.append(
                words["regret"].format(
                    metric=label(metric, lang),
                    a=result.a,
                    b=result.b,
                    ra=metric_value(metric, regret.loc[(metric, result.a), "max_regret"], lang),
                    rb=metric_value(metric, regret.loc[(metric, result.b), "max_regret"], lang),
                )
            )
    if result.tested:
        out.append(flip_sentence(result.flip_box, lang))
    return out


_SPREAD_CELLS = (
    ("nominal", "nominal_difference"),
    ("p10", "futures_p10"),
    ("p90", "futures_p90"),
    ("n10", "noise_p10"),
    ("n90", "noise_p90"),
)

# --- files ---------------------------------------------------------------------------------------

FILES = ("futures.csv", "spread.csv", "regret.csv", "flips.csv", "result.json")


def write_results(folder: str | Path, result: Robustness) -> list[Path]:
    """Write the result files into the robustness folder; returns their paths."""
    from experiments.files import atomic_write_text

    folder = Path(folder)
    tables = {
        "futures.csv": result.futures,
        "spread.csv": result.spread,
        "regret.csv": result.regret,
        "flips.csv": result.flip_box.limits.rename_axis("assumption").reset_index(),
    }
    written = []
    for name, table in tables.items():
        atomic_write_text(folder / name, table.to_csv(index=False))
        written.append(folder / name)
    summary = {
        "a": result.a,
        "b": result.b,
        "verdict": result.verdict,
        "winner": result.winner,
        "futures": len(result.futures),
        "held": result.held,
        "share": None if math.isnan(result.share) else result.share,
        "noise_same": result.noise_same,
        "noise_samples": result.noise_chunks,
        "flips": result.flip_box.flips,
        "flip_coverage": _json_number(result.flip_box.coverage),
        "flip_density": _json_number(result.flip_box.density),
        "assumptions": [x["key"] for x in result.settings["assumptions"]],
        "sentences": {lang: sentences(result, lang) for lang in SENTENCES},
    }
    atomic_write_text(folder / "result.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    written.append(folder / "result.json")
    return written


def _json_number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)
