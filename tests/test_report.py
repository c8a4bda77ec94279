"""``wijksim report``: a self-contained HTML report of a run, compare and sweep folder.

The folders are made once per session by the real commands on a small town (10,000 residents,
half a year of warm-up, one measured year). The report must reference nothing outside itself, embed
every figure, and open in headless Chromium (Debian's package, driven by Playwright) without a
console error, a failed request or a broken image. Chromium is required: set
WIJKSIM_SKIP_BROWSER=1 to skip the browser test on a machine without it (never in CI).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from analysis.figures import figures_for_folder
from analysis.report import build_report
from wijksim.cli import main

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SMALL = """extends = "{base}"
name = "{name}"
name_nl = "{name_nl}"
[run]
warmup_years = 0.5
[municipality]
residents = 10000
"""

SPEC = """name = "Small sweep"
base = "small_a.toml"
replications = 1
seed = 5
years = 1
metrics = ["wait_first_contact_mean_weeks", "waiting_list_mean", "handoff_failure_rate", "cost_eur"]
[design]
kind = "factorial"
[factors]
"workforce.client_hours_per_case_per_week" = {{ values = [1.2, 1.6] }}
"""

STRUCTURES = """name = "Small town: integral or split?"
base = "small_a.toml"
replications = 4
seed = 5
years = 1
metrics = ["wait_first_contact_mean_weeks", "duplicate_cases", "cost_eur"]
[design]
kind = "factorial"
[factors]
scenario = { values = ["small_a.toml", "small_b.toml"] }
"""


@pytest.fixture(scope="session")
def folders(tmp_path_factory) -> dict[str, Path]:
    """A run, a compare and a sweep folder of a small town, made by the command line."""
    root = tmp_path_factory.mktemp("report")
    for name, base in (("small_a", "integral_a1.toml"), ("small_b", "split_youth_b.toml")):
        (root / f"{name}.toml").write_text(
            SMALL.format(
                base=(ROOT / "scenarios" / base).as_posix(),
                name=f"Small town {name[-1].upper()}",
                name_nl=f"Kleine gemeente {name[-1].upper()}",
            )
        )
    (root / "spec.toml").write_text(SPEC.format())
    (root / "structures.toml").write_text(STRUCTURES)
    out = {
        "run": root / "run",
        "compare": root / "compare",
        "sweep": root / "sweep",
        "structures": root / "structures",
    }
    common = ["--years", "1", "--reps", "2", "--quiet"]
    assert main(["run", str(root / "small_a.toml"), *common, "--out", str(out["run"])]) == 0
    assert (
        main(
            [
                "compare",
                str(root / "small_a.toml"),
                str(root / "small_b.toml"),
                *common,
                "--out",
                str(out["compare"]),
            ]
        )
        == 0
    )
    assert (
        main(["sweep", str(root / "spec.toml"), "--workers", "1", "--quiet", "--out", str(out["sweep"])]) == 0
    )
    # --report on the command that makes the folder writes DIR/report.html at once
    assert (
        main(
            [
                "sweep",
                str(root / "structures.toml"),
                "--workers",
                "1",
                "--quiet",
                "--report",
                "nl",
                "--out",
                str(out["structures"]),
            ]
        )
        == 0
    )
    return out


@pytest.fixture(scope="session")
def reports(folders) -> dict[tuple[str, str], Path]:
    """``wijksim report`` of each folder in English and Dutch."""
    written = {}
    for kind, folder in folders.items():
        for lang in ("en", "nl"):
            path = folder / f"report_{lang}.html"
            assert main(["report", str(folder), "-o", str(path), "--lang", lang]) == 0
            written[kind, lang] = path
    return written


KINDS = ("run", "compare", "sweep", "structures")
EXTERNAL = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?!data:|#)[a-z][a-z0-9+.-]*:""", re.IGNORECASE
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_is_self_contained_and_embeds_every_figure(reports, folders, kind, lang):
    html = reports[kind, lang].read_text(encoding="utf-8")
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?//", html)  # protocol-relative
    assert "@import" not in html and "url(" not in html
    assert "<script" not in html.lower() and "<link" not in html.lower()
    expected = figures_for_folder(folders[kind], lang=lang)
    assert expected, f"no figures for a {kind} folder"
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == len(expected) == html.count("<figure")
    for data in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
    for spec in expected:
        assert f'id="figure-{spec.key}"' in html


@pytest.mark.parametrize("kind", KINDS)
def test_report_has_every_part(reports, kind):
    html = reports[kind, "en"].read_text(encoding="utf-8")
    for section in ("configuration", "results", "figures", "model", "stress", "assumptions", "manifest"):
        assert f'<section id="{section}">' in html
    for words in (
        "Entities, state variables and scales",
        "Process overview and scheduling",
        "Initialisation",
        "Submodels",
        "Experimentation aims",
        "Random sampling",
        "Computer model sharing statement",
    ):
        assert words in html
    assert "10,000" in html  # the small town's residents, with a thousands separator
    assert "95% confidence interval" in html
    dutch = reports[kind, "nl"].read_text(encoding="utf-8")
    assert '<html lang="nl">' in dutch and "Aannames" in dutch and "10.000" in dutch
    if kind == "compare":
        differences = html.split('<section id="differences">')[1].split("</section>")[0]
        assert "<code>form</code>" in differences and "<code>teams.north_youth</code>" in differences
        assert "<code>municipality.residents</code>" not in differences  # the same in both
        assert 'class="better-' in html or "inconclusive" in html or "no relevant difference" in html


def test_report_writes_report_html_by_default_and_png_figures(folders, tmp_path, capsys):
    folder = tmp_path / "run"
    shutil.copytree(folders["run"], folder)
    assert main(["report", str(folder)]) == 0
    assert (folder / "report.html").stat().st_size > 10_000
    assert main(["report", str(folder), "--format", "png", "-o", str(tmp_path / "pngs")]) == 0
    pngs = sorted((tmp_path / "pngs").glob("*.png"))
    assert len(pngs) == len(figures_for_folder(folder))
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "no such folder"),
        (lambda d: (d / "file.txt").write_text("x") and d / "file.txt", "not a folder"),
        (lambda d: d, "no manifest.json"),
        (
            lambda d: (d / "manifest.json").write_text('{"kind": "plot"}') and d,
            "kind = 'plot': must be one of",
        ),
        (lambda d: (d / "manifest.json").write_text("{") and d, "cannot be read as JSON"),
        (
            lambda d: (
                (d / "manifest.json").write_text('{"kind": "run", "complete": true, "scenario": {}}') and d
            ),
            "summary.csv is missing",
        ),
    ],
)
def test_bad_folder_gives_one_line_and_exit_1(tmp_path, capsys, make, message):
    target = make(tmp_path)
    assert main(["report", str(target)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith("report: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_unknown_language_is_refused(folders):
    from analysis.report import ReportError

    with pytest.raises(ReportError, match="--lang de: must be one of en, nl"):
        build_report(folders["run"], lang="de")


# --- in the browser -------------------------------------------------------------------------------


def _browser():
    if not CHROMIUM.exists():
        if os.environ.get("WIJKSIM_SKIP_BROWSER") == "1":
            pytest.skip("WIJKSIM_SKIP_BROWSER=1 and no /usr/bin/chromium")
        pytest.fail(
            "headless Chromium is needed: apt-get install -y chromium chromium-driver "
            "(or set WIJKSIM_SKIP_BROWSER=1 to skip this test locally)"
        )
    from playwright.sync_api import sync_playwright

    return sync_playwright()


def test_reports_open_in_headless_chromium_without_errors(reports):
    with _browser() as playwright:
        profile = tempfile.mkdtemp(prefix="wijksim-chromium-")
        try:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=[a for a in CHROMIUM_ARGS if a != "--headless"],
                viewport={"width": 1280, "height": 900},
            )
            try:
                for (kind, lang), path in reports.items():
                    page = context.new_page()
                    problems: list[str] = []
                    page.on(
                        "console",
                        lambda m, p=problems: (
                            m.type in ("error", "warning") and p.append(f"console {m.type}: {m.text}")
                        ),
                    )
                    page.on("pageerror", lambda e, p=problems: p.append(f"page error: {e}"))
                    page.on("requestfailed", lambda r, p=problems: p.append(f"request failed: {r.url}"))

                    def only_local(route, p=problems):
                        url = route.request.url
                        if url.startswith(("file:", "data:")):
                            route.continue_()
                        else:
                            p.append(f"request outside the file: {url}")
                            route.abort()

                    page.route("**/*", only_local)
                    page.goto(path.as_uri(), wait_until="load")
                    images = page.evaluate(
                        "[...document.images].map(i => "
                        "[i.complete, i.naturalWidth, i.getBoundingClientRect().width])"
                    )
                    readable = [done and width > 0 and shown >= 600 for done, width, shown in images]
                    assert images and all(readable), (kind, lang, images)
                    assert page.locator("h1").inner_text().strip()
                    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                    assert overflow <= 0, f"{kind}/{lang}: the page is {overflow}px wider than the window"
                    assert problems == [], (kind, lang, problems)
                    page.close()
            finally:
                context.close()
        finally:
            shutil.rmtree(profile, ignore_errors=True)


def test_structures_report_has_a_verdict_per_structure_from_the_sweep_flag(folders):
    from analysis.report.numbers import metric_value
    from analysis.structures import structure_verdicts
    from experiments.spec import load_spec
    from experiments.store import load

    html = (folders["structures"] / "report.html").read_text(encoding="utf-8")  # from sweep --report nl
    assert '<html lang="nl"' in html and "small_b tegenover small_a" in html
    answer = html.split('id="verdict"')[1].split("</section>")[0]
    assert "Beste op wachttijd tot eerste contact" in answer and "Kim en Nelson" in answer
    assert 'id="figure-structures"' in html
    spec = load_spec(folders["structures"].parent / "structures.toml")
    table = structure_verdicts(load(folders["structures"]), spec).set_index("metric")
    # the duplicates verdict and its number in Dutch notation: the split town makes duplicate cases
    assert table.loc["duplicate_cases", "better"] == "small_a"
    verdict = html[html.index("small_b tegenover small_a") :]
    shown = metric_value("duplicate_cases", table.loc["duplicate_cases", "mean_b"], "nl")
    assert "," in shown or shown.isdigit()
    assert shown in verdict[: verdict.index("</table>")]


VIEWPORTS = ((1280, 800), (800, 1000))
MAIN_PART_PAGES = 4
"""A printed compare report's main part (before the appendices) fits in this many A4 pages."""


def test_the_answer_comes_first_and_the_main_part_prints_in_four_pages(reports, tmp_path):
    import io

    from pypdf import PdfReader

    with _browser() as playwright:
        profile = tempfile.mkdtemp(prefix="wijksim-chromium-")
        try:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=[a for a in CHROMIUM_ARGS if a != "--headless"],
            )
            try:
                for kind in ("compare", "structures"):
                    for lang in ("en", "nl"):
                        page = context.new_page()
                        for width, height in VIEWPORTS:
                            page.set_viewport_size({"width": width, "height": height})
                            page.goto(reports[kind, lang].as_uri(), wait_until="load")
                            box = page.locator("#verdict").bounding_box()
                            assert box is not None, (kind, lang)
                            assert 0 <= box["y"] and box["y"] + box["height"] <= height, (
                                kind,
                                lang,
                                width,
                                box,
                            )
                            sentences = page.locator("#verdict p:not(.who)").all_inner_texts()
                            assert 2 <= len(sentences) <= 5, sentences
                            overflow = page.evaluate(
                                "document.documentElement.scrollWidth - window.innerWidth"
                            )
                            assert overflow <= 0, f"{kind}/{lang} at {width}px: {overflow}px too wide"
                        # configuration, model, assumptions and manifest come after the main part
                        order = page.evaluate(
                            "['verdict', 'results', 'figures', 'appendices', 'configuration', 'model', "
                            "'assumptions', 'manifest'].map(id => document.getElementById(id))"
                            ".map((e, i, all) => i === 0 || (all[i - 1].compareDocumentPosition(e) & 4) > 0)"
                        )
                        assert all(order), (kind, lang, order)
                        assert page.locator("#appendices #configuration").count() == 1
                        if kind == "compare":
                            whole = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
                            page.evaluate("document.getElementById('appendices').remove()")
                            main_part = len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
                            assert main_part <= MAIN_PART_PAGES < whole, (lang, main_part, whole)
                        page.close()
            finally:
                context.close()
        finally:
            shutil.rmtree(profile, ignore_errors=True)


def test_report_states_what_ran_and_derived_numbers_from_the_effective_scenario(tmp_path):
    # integral_a1's teams have 28.2 FTE; workforce.fte_factor = 1.2 makes the model run 33.84 FTE
    scenario = tmp_path / "more_staff.toml"
    scenario.write_text(
        f'extends = "{(ROOT / "scenarios" / "integral_a1.toml").as_posix()}"\nname = "More staff"\n'
        "[workforce]\nfte_factor = 1.2\n[run]\nwarmup_years = 0.25\n[municipality]\nresidents = 10000\n"
    )
    out = tmp_path / "run"
    argv = [
        "run",
        str(scenario),
        "--reps",
        "2",
        "--years",
        "0.25",
        "--seed",
        "7",
        "--quiet",
        "--out",
        str(out),
    ]
    assert main([*argv[:2], "--report", *argv[2:]]) == 0  # --report before an option takes no value
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "33.84 FTE in the teams" in html and "28.2 FTE" not in html
    run = html.split("<code>run</code>")[1].split("</table>")[0]  # the assumptions' run section
    for key, value in (("years", "0.25"), ("replications", "2"), ("seed", "7")):
        assert f"<code>{key}</code></td><td>{value}</td>" in run, key
    assert "33,84 fte in de teams" in build_report(out, lang="nl")


# --- each language whole ----------------------------------------------------------------------------


def catalogue() -> list[tuple[str, str]]:
    """Every (English, Dutch) message of the report and the figures: texts, labels, verdicts, the ODD."""
    import ast

    from analysis.labels import LABELS
    from analysis.report.texts import FORMS, MECHANISMS, OTHER_FTE, TEXTS
    from analysis.verdict import PHRASES, SENTENCES

    pairs = [(TEXTS["en"][k], TEXTS["nl"][k]) for k in TEXTS["en"] if k in TEXTS["nl"]]
    for table in (FORMS, MECHANISMS, OTHER_FTE, SENTENCES):
        pairs += [(table["en"][k], table["nl"][k]) for k in table["en"] if k in table["nl"]]
    pairs += [(e, n) for k in PHRASES["en"] for e, n in zip(PHRASES["en"][k], PHRASES["nl"][k], strict=True)]
    pairs += [(t["en"], t["nl"]) for t in LABELS.values() if "nl" in t]

    def constant_text(node: ast.AST) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "{}".join(constant_text(v) if isinstance(v, ast.Constant) else "" for v in node.values)
        return ""

    source = (ROOT / "analysis" / "report" / "model_description.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_pick" and len(node.args) == 3:
            pairs.append((constant_text(node.args[1]), constant_text(node.args[2])))
    return pairs


def fragments(message: str) -> list[str]:
    """The fixed pieces of a message between its ``{placeholders}`` that read as words (4 or more)."""
    pieces = re.split(r"\{[^}]*\}", message)
    return [p.strip(" .,;:()'") for p in pieces if len(re.findall(r"[A-Za-zé]{2,}", p)) >= 4]


def visible_text(path: Path) -> str:
    """The report as a reader sees it, without the raw manifest (JSON, in neither language)."""
    import html as html_lib

    page = path.read_text(encoding="utf-8")
    page = re.sub(r'<pre class="json">.*?</pre>', "", page, flags=re.S)
    page = re.sub(r"<(style|img)[^>]*>.*?(</style>)?", " ", page, flags=re.S)
    # quotations marked as English: the scenario reference's meanings and the files' comments
    page = re.sub(r'<(td|span) class="(meaning|source|muted)" lang="en">.*?</\1>', " ", page, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_no_english_message_in_a_dutch_report_and_no_dutch_one_in_an_english_report(reports):
    pairs = catalogue()
    assert len(pairs) > 300
    english = {f for en, nl in pairs if en != nl for f in fragments(en)}
    dutch = {f for en, nl in pairs if en != nl for f in fragments(nl)}
    english, dutch = english - dutch, dutch - english  # a piece both languages share tells nothing
    for kind in KINDS:
        nl_text, en_text = visible_text(reports[kind, "nl"]), visible_text(reports[kind, "en"])
        assert [f for f in english if " ".join(f.split()) in nl_text] == [], kind
        assert [f for f in dutch if " ".join(f.split()) in en_text] == [], kind
        assert "Kleine gemeente A" in nl_text  # the Dutch title
        quoted = (
            reports[kind, "nl"].read_text(encoding="utf-8").split('id="assumptions"')[0].count('lang="en"')
        )
        assert quoted <= 60, "only the assumptions and differences appendices quote English"
