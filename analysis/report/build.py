"""Putting the report together: read the folder, draw the figures, fill the template, write one file.

The HTML is self-contained: the figures are base64 PNG inside ``<img src="data:...">``, the CSS is
inline, and there are no scripts, fonts or links to load from anywhere.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from analysis.labels import metric_label
from analysis.report import assumptions, facts, model_description, tables
from analysis.report.folder import FolderData, ReportError, ScenarioInfo, read_folder
from analysis.report.localised import identifier, scenario_description, scenario_title
from analysis.report.numbers import number as _number
from analysis.report.texts import FORMS, LANGUAGES, MECHANISMS, OTHER_FTE, text

FIGURE_DPI = 110
"""Resolution of the embedded figures: sharp on screen at their drawn size, small enough to mail."""


def _n(value: Any, lang: str) -> str:
    """A number in a sentence: no trailing zeros."""
    return _number(value, lang, trim=True)


def build_report(folder: str | Path, lang: str = "en") -> str:
    """The report of a run, compare or sweep folder as one HTML document (a string).

    Raises ReportError when the folder cannot be reported on, or the language is unknown.
    """
    if lang not in LANGUAGES:
        raise ReportError(f"--lang {lang}: must be one of {', '.join(LANGUAGES)}")
    data = read_folder(folder)
    context = _context(data, lang)
    env = Environment(
        loader=PackageLoader("analysis.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = lambda key, **values: text(lang, key, **values)
    return env.get_template("report.html.j2").render(**context)


def write_report(folder: str | Path, out: str | Path | None = None, lang: str = "en") -> Path:
    """Write the report to ``out`` (default ``folder/report.html``); returns the path written."""
    out = Path(out) if out is not None else Path(folder) / "report.html"
    document = build_report(folder, lang)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(document, encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{out}: cannot write the report ({exc.strerror or exc})") from None
    return out


def write_figures(folder: str | Path, out: str | Path | None = None, lang: str = "en") -> list[Path]:
    """The figures alone, as PNG files in ``out`` (default ``folder/figures``)."""
    from analysis.figures import save_figures

    if lang not in LANGUAGES:
        raise ReportError(f"--lang {lang}: must be one of {', '.join(LANGUAGES)}")
    data = read_folder(folder)  # the same checks and messages as the HTML report
    out = Path(out) if out is not None else data.folder / "figures"
    return save_figures(data.folder, out, lang=lang, fmt="png")


# --- the template's data --------------------------------------------------------------------------


def _context(data: FolderData, lang: str) -> dict[str, Any]:
    label = metric_label
    manifest = data.manifest
    context: dict[str, Any] = {
        "lang": lang,
        "kind": data.kind,
        "title": text(lang, f"title_{data.kind}"),
        "generated": text(lang, "generated", date=date.today().isoformat(), folder=str(data.folder)),
        "notes": [text(lang, key, **values) for key, values in data.notes],
        "figures": _figures(data.folder, lang),
        "scenarios": [_scenario_block(s, _part(data, i), lang) for i, s in enumerate(data.scenarios)],
        "differences": None,
        "results_intro": "",
        "results": [],
        "sensitivity": None,
        "design": None,
        "failed": "",
        "structures": None,
        "verdict": None,
        "robustness": None,
        "overview": "",
        "manifest_facts": tables.key_value_table(_manifest_facts(data, lang), "facts manifest"),
        "manifest_json": json.dumps(manifest, indent=2, ensure_ascii=False),
        "mark": text(lang, "assumption_mark"),
        # the scenario reference's meanings come in Dutch from analysis.report.meanings_nl; the files'
        # comments are English and only an English report shows them
        "show_notes": lang == "en",
    }
    main = (
        localised_values(ran_values(effective_values(data.scenarios[0].values), _part(data, 0)), lang)
        if data.scenarios
        else None
    )
    if data.kind == "run":
        summary = data.tables["summary"]
        context["subtitle"] = scenario_title(data.scenarios[0].values, lang)
        context["results_intro"] = text(
            lang, "results_run", n=len(summary), years=_n(manifest.get("years"), lang)
        )
        context["results"] = [tables.run_table(summary, lang, label)]
        metrics = tables.metrics_in(summary)
    elif data.kind == "compare":
        a, b = data.scenarios
        context["subtitle"] = (
            f"{scenario_title(a.values, lang, a.label)}  ↔  {scenario_title(b.values, lang, b.label)}"
        )
        context["results_intro"] = text(
            lang, "results_compare", n=len(data.tables["summary_a"]), a=a.label, b=b.label
        )
        context["overview"] = tables.compare_table(data.tables["compare"], a.label, b.label, lang, label)
        context["verdict"] = _compare_verdict(data, lang)
        context["differences"] = {
            "intro": text(lang, "what_differs_intro", a=a.label, b=b.label),
            "rows": assumptions.differences(a.values, b.values, lang),
            "a": a.label,
            "b": b.label,
        }
        metrics = list(data.tables["compare"]["metric"])
    else:
        spec = manifest.get("spec") or {}
        runs = data.tables["runs"]
        factors = [f for f in manifest.get("factors", []) if f in runs.columns]
        metrics = [m for m in manifest.get("metrics", []) if m in runs.columns]
        context["subtitle"] = manifest.get("name", "")
        results, points = tables.sweep_tables(runs, factors, metrics, lang, label)
        context["results"] = results
        context["results_intro"] = text(lang, "results_sweep")
        if points > tables.SWEEP_ROWS:
            context["results_intro"] += " " + text(lang, "rows_shown", shown=tables.SWEEP_ROWS, total=points)
        failed = runs[runs["error"].fillna("") != ""] if "error" in runs else runs.iloc[:0]
        if len(failed):
            errors = "; ".join(f"{n} × {e}" for e, n in failed["error"].value_counts().head(3).items())
            context["failed"] = text(lang, "failed_runs", failed=len(failed), total=len(runs), errors=errors)
        context["structures"] = _structures(runs, spec, _part(data, 0).get("years"), lang)
        if context["structures"] is not None:
            context["verdict"] = context["structures"]["verdict"]
            context["overview"] = context["structures"]["overview"]
        if "sensitivity" in data.tables:
            context["sensitivity"] = tables.sensitivity_table(data.tables["sensitivity"], lang)
        context["design"] = {
            "facts": tables.key_value_table(_sweep_facts(manifest, _part(data, 0).get("warmup_years"), lang)),
            "factors": tables.factors_table(spec, lang, assumptions.meaning),
        }
    context["odd"] = model_description.odd(main, _part(data, 0), lang) if main else []
    context["pathway"] = model_description.pathway_steps(main, lang) if main else []
    context["stress"] = model_description.stress(data.kind, main, manifest, metrics, lang)
    context["assumption_sets"] = [
        _assumption_block(s, _part(data, i), lang) for i, s in enumerate(data.scenarios)
    ]
    context["appendix_titles"], context["appendix_list"] = _appendices(context, lang)
    if data.robustness is not None:
        from analysis.report.robustness import section

        context["title"] = text(lang, "title_robustness")
        context["robustness"] = section(data.robustness, lang)
        if context["verdict"] is not None:  # the scenarios' titles, not the nominal sweep's name
            context["subtitle"] = "  ↔  ".join(title for _, title in context["verdict"]["who"])
    return context


def _appendices(context: dict[str, Any], lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The appendices this report has, lettered in order: id -> 'Appendix A. Configuration'."""
    present = [
        ("detail", "results", context["structures"] is not None),
        ("configuration", "configuration", True),
        ("differences", "what_differs", context["differences"] is not None),
        ("model", "model", bool(context["odd"])),
        ("stress", "stress", True),
        ("assumptions", "assumptions", bool(context["assumption_sets"])),
        ("manifest", "manifest", True),
    ]
    shown = [(section, key) for section, key, here in present if here]
    titles = {
        section: f"{text(lang, 'appendix', letter=chr(ord('A') + i))}. {text(lang, key)}"
        for i, (section, key) in enumerate(shown)
    }
    return titles, [(section, text(lang, key)) for section, key in shown]


def _compare_verdict(data: FolderData, lang: str) -> dict[str, Any]:
    """The answer of a compare folder: who is A and B, and at most five sentences."""
    from analysis.verdict import verdict_sentences

    a, b = data.scenarios
    table = data.tables["compare"]
    if "verdict" not in table:  # a folder written before verdicts had words
        table = table.assign(verdict="", direction="")
    pairs = len(data.tables["summary_a"])
    years = data.manifest["a"].get("years")
    return {
        "who": [
            (a.label, scenario_title(a.values, lang, a.label)),
            (b.label, scenario_title(b.values, lang, b.label)),
        ],
        "sentences": verdict_sentences(
            table.fillna({"verdict": ""}), a.label, b.label, pairs, years, lang, metric_label
        ),
    }


def _best_sentence(best: Any, verdicts: Any, titles: dict[str, str], lang: str) -> str:
    """Kim-Nelson's choice among the structures, or that it is not decided yet."""
    from analysis.report.numbers import metric_value, percent

    metric, name, selection = best
    k = len(selection.survivors) + len(selection.eliminated)
    rows = verdicts[verdicts["metric"] == metric]
    delta = metric_value(metric, float(rows["min_difference"].iloc[0]), lang) if len(rows) else "–"
    values = {
        "metric": metric_label(metric, lang),
        "n": selection.replications,
        "pcs": percent(selection.probability, lang).replace(",0%", "%").replace(".0%", "%"),
        "k": k,
        "delta": delta,
    }
    if name is None:
        names = structure_order(verdicts)
        survivors = ", ".join(names[i] for i in selection.survivors if i < len(names))
        return text(lang, "no_best_structure", survivors=survivors, **values)
    return text(lang, "best_structure", best=name, **values)


def structure_order(verdicts: Any) -> list[str]:
    """The structures' short names in the sweep's order: the reference, then the alternatives."""
    return [str(verdicts["reference"].iloc[0]), *[str(a) for a in dict.fromkeys(verdicts["alternative"])]]


def _structures_verdict(
    verdicts: Any, titles: dict[str, str], years: Any, lang: str, best: Any = None
) -> dict[str, Any]:
    """The answer of a sweep of structures: one sentence per alternative (at most three), how sure."""
    from analysis.verdict import answer_sentence, judged_count, sure_sentence

    reference = str(verdicts["reference"].iloc[0])
    pairs = int(verdicts["pairs"].min())
    sentences = []
    alternatives = list(dict.fromkeys(verdicts["alternative"]))
    shown = 3 if best is None else 2
    for alternative in alternatives[:shown]:
        rows = verdicts[verdicts["alternative"] == alternative].reset_index(drop=True)
        sentences.append(answer_sentence(rows, reference, str(alternative), lang))
    if len(alternatives) > shown:
        left = len(alternatives) - shown
        sentences.append(text(lang, "one_more_structure" if left == 1 else "more_structures", n=left))
    if best is not None:
        sentences.append(_best_sentence(best, verdicts, titles, lang))
    judged = judged_count(verdicts[verdicts["alternative"] == alternatives[0]])
    sentences.append(sure_sentence(pairs, years, judged, lang))
    who = [(short, titles.get(short, short)) for short in [reference, *alternatives]]
    return {"who": who, "sentences": sentences[:5]}


def _structures(runs: Any, spec: dict[str, Any], years: Any, lang: str) -> dict[str, Any] | None:
    """A sweep of structures (only the ``scenario`` factor varied): one verdict table per alternative."""
    from analysis.structures import best_structure, structure_titles, sweep_structure_verdicts

    found = sweep_structure_verdicts(runs, spec)
    if found is None:
        return None
    verdicts, resolved = found
    reference = verdicts["reference"].iloc[0]
    titles = structure_titles(resolved, lang)
    blocks = [
        {
            "title": text(lang, "structure_vs", alternative=alternative, reference=reference),
            "table": tables.compare_table(rows, reference, str(alternative), lang, metric_label),
        }
        for alternative, rows in verdicts.groupby("alternative", sort=False)
    ]
    return {
        "intro": text(lang, "structures_intro", reference=reference, pairs=int(verdicts["pairs"].min())),
        "blocks": blocks,
        "verdict": _structures_verdict(verdicts, titles, years, lang, best_structure(runs, resolved)),
        "overview": tables.structures_overview(verdicts, lang, metric_label),
    }


def _part(data: FolderData, index: int) -> dict[str, Any]:
    """The manifest's part for scenario ``index``: the whole manifest, or ``a``/``b`` of a compare.

    A sweep's manifest says nothing of years and warm-up per run; its part takes them from the spec
    (``years``) and the base scenario.
    """
    if data.kind == "compare":
        return data.manifest["ab"[index]]
    if data.kind == "sweep":
        spec = data.manifest.get("spec") or {}
        run = data.scenarios[0].values.get("run", {}) if data.scenarios else {}
        return {
            "kind": "sweep",
            "years": spec.get("years") or run.get("years"),
            "warmup_years": run.get("warmup_years"),
            "replications": data.manifest.get("replications"),
            "master_seed": spec.get("seed"),
            "versions": data.manifest.get("versions", {}),
        }
    return data.manifest


def _scenario_block(info: ScenarioInfo, part: dict[str, Any], lang: str) -> dict[str, Any]:
    values = effective_values(info.values)  # FTE, demand and slots as the model ran them
    run = values.get("run", {})
    teams = facts.teams(values)
    other = facts.other_fte(values)
    other_text = ""
    if other:
        items = ", ".join(f"{OTHER_FTE[lang][k]} {_n(v, lang)}" for k, v in other.items())
        other_text = text(lang, "f_other_fte", items=items)
    seeds = part.get("seeds") or []
    seeds_text = ", ".join(str(s) for s in seeds[:3])
    if len(seeds) > 3:
        seeds_text += " " + text(lang, "and_more", n=len(seeds) - 3)
    rows = [
        (text(lang, "f_name"), scenario_title(values, lang)),
        (text(lang, "f_description"), scenario_description(values, lang)),
        (text(lang, "f_form"), FORMS[lang].get(values.get("form", ""), str(values.get("form")))),
        (text(lang, "f_residents"), _n(values.get("municipality", {}).get("residents"), lang)),
        (
            text(lang, "f_demand"),
            text(
                lang,
                "f_demand_value",
                requests=_n(facts.expected_requests_per_year(values), lang),
                per1000=_n(facts.requests_per_1000(values), lang),
            ),
        ),
        (text(lang, "f_teams"), f"{len(teams)}: {', '.join(identifier(t.name, lang) for t in teams)}"),
        (
            text(lang, "f_fte"),
            text(
                lang,
                "f_fte_value",
                fte=_n(sum(t.fte for t in teams), lang),
                people=sum(t.people for t in teams),
                other=other_text,
            ),
        ),
        (text(lang, "f_mechanisms"), "; ".join(MECHANISMS[lang][m] for m in facts.mechanisms(values))),
    ]
    if "kind" not in part or part.get("kind") != "sweep":
        years = part.get("years", run.get("years"))
        warmup = part.get("warmup_years", run.get("warmup_years"))
        rows += [
            (
                text(lang, "f_years"),
                text(lang, "f_years_value", years=_n(years, lang), warmup=_n(warmup, lang)),
            ),
            (text(lang, "f_reps"), str(part.get("replications", "–"))),
            (
                text(lang, "f_seeds"),
                text(lang, "f_seeds_value", master=part.get("master_seed", "–"), seeds=seeds_text or "–"),
            ),
        ]
        if part.get("interrupted"):
            rows.append((text(lang, "f_interrupted"), text(lang, "f_interrupted_value")))
    if info.file:
        rows.append((text(lang, "f_file"), info.file))
    if info.hash:
        rows.append((text(lang, "f_hash"), info.hash))
    team_rows = [
        {
            "name": identifier(t.name, lang),
            "role": identifier(t.role, lang),
            "areas": ", ".join(identifier(a, lang) for a in t.areas) if t.areas else text(lang, "all"),
            "ages": f"{t.ages[0]}-{t.ages[1]}",
            "domains": ", ".join(identifier(d, lang) for d in t.domains) if t.domains else text(lang, "all"),
            "people": t.people,
            "fte": _n(t.fte, lang),
            "staff": ", ".join(f"{identifier(d, lang)} {_n(f, lang)}" for d, f in t.disciplines.items()),
        }
        for t in teams
    ]
    heading = scenario_title(values, lang, info.label)
    if part.get("kind") == "sweep":
        heading = f"{text(lang, 'f_base')}: {heading}"
    return {"label": info.label, "name": heading, "facts": tables.key_value_table(rows), "teams": team_rows}


def ran_values(values: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """The scenario's values with ``run`` set to what ran: the years, replications and master seed used.

    A command line's ``--years``, ``--reps`` and ``--seed`` override the file; the manifest keeps them.
    """
    run = dict(values.get("run") or {})
    for key, value in (("years", part.get("years")), ("replications", part.get("replications"))):
        if value is not None:
            run[key] = value
    if part.get("master_seed") is not None:
        run["seed"] = part["master_seed"]
    return {**values, "run": run}


def localised_values(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """The values with ``name`` and ``description`` in ``lang`` (``name_nl``, ``description_nl`` in Dutch)."""
    return {**values, "name": scenario_title(values, lang), "description": scenario_description(values, lang)}


def effective_values(values: dict[str, Any]) -> dict[str, Any]:
    """The values as the model ran them (``sim.scenario.effective``: FTE and demand factors applied).

    Falls back to the stored values when they no longer validate (a folder of an older wijksim).
    """
    from pydantic import ValidationError

    from sim import Scenario
    from sim.scenario.effective import effective_scenario

    try:
        return effective_scenario(Scenario.model_validate(values)).model_dump(mode="json")
    except (ValidationError, TypeError, ValueError):
        return values


def _assumption_block(info: ScenarioInfo, part: dict[str, Any], lang: str) -> dict[str, Any]:
    sections = assumptions.sections(ran_values(info.values, part), info.file, lang)
    used = [
        s for s in sections if s.name in ("scenario", "teams") or facts.section_in_use(info.values, s.name)
    ]
    unused = [s for s in sections if s not in used]
    return {
        "label": info.label,
        "name": scenario_title(info.values, lang, info.label),
        "used": used,
        "unused": unused,
        "form": f"form {info.values.get('form')}" if lang != "nl" else f"vorm {info.values.get('form')}",
    }


def _manifest_facts(data: FolderData, lang: str) -> list[tuple[str, str]]:
    m = data.manifest
    rows = [("kind", data.kind)]
    if m.get("command"):
        rows.append((text(lang, "m_command"), " ".join(str(c) for c in m["command"])))
    if m.get("started_at"):
        rows.append((text(lang, "m_started"), str(m["started_at"])))
    if m.get("finished_at") or m.get("ended_at"):
        rows.append((text(lang, "m_finished"), str(m.get("finished_at") or m.get("ended_at"))))
    for part, name in [(m["a"], "A"), (m["b"], "B")] if data.kind == "compare" else [(m, "")]:
        prefix = f"{name}: " if name else ""
        if part.get("wall_time_s") is not None:
            rows.append(
                (prefix + text(lang, "m_wall"), text(lang, "seconds", s=_n(part["wall_time_s"], lang)))
            )
        if part.get("scenario_hash"):
            rows.append((prefix + text(lang, "m_hash"), part["scenario_hash"]))
        if part.get("seeds"):
            rows.append((prefix + text(lang, "m_seeds"), ", ".join(str(s) for s in part["seeds"])))
    if m.get("spec_hash"):
        rows.append((text(lang, "m_spec_hash"), m["spec_hash"]))
    if m.get("sessions"):
        rows.append(
            (
                text(lang, "m_sessions"),
                "; ".join(
                    f"{s.get('started_at')} – {s.get('ended_at')}: {s.get('backend')}, {s.get('runs_done')} runs, "
                    f"{s.get('status')}"
                    for s in m["sessions"]
                ),
            )
        )
    if m.get("versions"):
        rows.append((text(lang, "m_versions"), ", ".join(f"{k} {v}" for k, v in m["versions"].items())))
    if m.get("time_unit"):
        rows.append((text(lang, "m_unit"), str(m["time_unit"])))
    return rows


def _sweep_facts(m: dict[str, Any], warmup: Any, lang: str) -> list[tuple[str, str]]:
    spec = m.get("spec") or {}
    rows = [
        (text(lang, "f_spec"), str(m.get("name", ""))),
        (
            text(lang, "f_design"),
            text(
                lang,
                "f_design_value",
                kind=(spec.get("design") or {}).get("kind", "?"),
                points=m.get("design_points", "?"),
                reps=m.get("replications", "?"),
                runs=m.get("runs_planned", "?"),
                stored=m.get("runs_stored", "?"),
                status=m.get("status", "?"),
            ),
        ),
        (
            text(lang, "f_seeds"),
            text(
                lang,
                "f_seeds_value",
                master=spec.get("seed", "–"),
                seeds="1 … " + str(m.get("replications", "?")),
            ),
        ),
    ]
    if spec.get("years") is not None:
        rows.append(
            (
                text(lang, "f_years"),
                text(lang, "f_years_value", years=_n(spec["years"], lang), warmup=_n(warmup, lang)),
            )
        )
    if spec.get("base"):
        rows.append((text(lang, "f_base"), str(spec["base"])))
    return rows


# --- figures from analysis.figures -----------------------------------


def _figures(folder: Path, lang: str) -> list[dict[str, str]]:
    """Every figure of the folder as an embedded PNG with its title and caption."""
    import matplotlib.pyplot as plt

    from analysis.figures import figures_for_folder

    out = []
    for spec in figures_for_folder(folder, lang=lang):
        buffer = io.BytesIO()
        spec.figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
        plt.close(spec.figure)
        out.append(
            {
                "key": spec.key,
                "title": spec.title,
                "caption": spec.caption,
                "src": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
            }
        )
    return out
