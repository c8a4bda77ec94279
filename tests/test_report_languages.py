"""Each report language whole: no English sentence in a Dutch report, no Dutch one in an English report.

Which words are English and which Dutch is read from the project's message catalogue: the report's
texts (``analysis.report.texts``), the figures' labels (``analysis.labels``), the verdict's and the
robustness section's sentences, and the schema's meanings in Dutch (``analysis.report.meanings_nl``).
A word of the English texts that no Dutch text uses is English, and the other way round. Every
sentence a reader sees (code, identifiers with ``_`` and the raw manifest left out) is checked: one
with at least two words of the other language and no more of its own is a foreign sentence.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from analysis import labels, robustness, verdict
from analysis.report import build_report, meanings_nl, texts
from tests.test_robustness import short_gouda
from wijksim.cli import main

WORD = re.compile(r"[a-zà-ÿ]+(?:'[a-z]+)?")

NAMES = ("Strengthening the Reporting of Empirical Simulation Studies", "De Bilt", "Den Haag")
"""Proper names that a text in the other language uses as they are (a checklist, municipalities)."""


def _words(strings: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for s in strings:
        for name in NAMES:
            s = s.replace(name, " ")
        s = re.sub(r"\{[^}]*\}|`[^`]*`|\S*_\S*", " ", s.lower())  # placeholders, code, identifiers
        found |= set(WORD.findall(s))
    return found


def catalogue(lang: str) -> list[str]:
    """Every text of the message catalogue in ``lang``."""
    out = list(texts.TEXTS[lang].values())
    for table in (texts.FORMS, texts.MECHANISMS, texts.OTHER_FTE, robustness.ASSUMPTION_LABELS):
        out += [entry[lang] for entry in table.values() if lang in entry]
    out += [entry[lang] for entry in labels.LABELS.values() if lang in entry]
    out += list(verdict.SENTENCES[lang].values()) + list(robustness.SENTENCES[lang].values())
    out += [phrase for pair in verdict.PHRASES[lang].values() for phrase in pair]
    out += list(meanings_nl.MEANINGS_NL) if lang == "en" else list(meanings_nl.MEANINGS_NL.values())
    return out


ENGLISH, DUTCH = _words(catalogue("en")), _words(catalogue("nl"))
ONLY = {"en": ENGLISH - DUTCH, "nl": DUTCH - ENGLISH}


def visible_sentences(page: str) -> list[str]:
    """The sentences a reader sees: text between tags, without code, styles and the raw manifest."""
    page = re.sub(r"<(style|script|pre)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<code[^>]*>.*?</code>", " ", page, flags=re.S)
    page = re.sub(r'<img[^>]*alt="([^"]*)"[^>]*>', r"<p>\1</p>", page)  # alt texts are read out
    sentences = []
    for node in re.split(r"<[^>]+>", page):
        text = html.unescape(node).strip()
        sentences += [s for s in re.split(r"(?<=[.;:!?])\s+", text) if s.strip()]
    return sentences


def foreign(page: str, lang: str) -> list[str]:
    """The sentences of ``page`` written in the other language than ``lang``."""
    other = "en" if lang == "nl" else "nl"
    found = []
    for sentence in visible_sentences(page):
        words = [w for w in WORD.findall(re.sub(r"\S*_\S*", " ", sentence.lower()))]
        theirs = sum(w in ONLY[other] for w in words)
        ours = sum(w in ONLY[lang] for w in words)
        if theirs >= 2 and theirs >= ours:
            found.append(sentence)
    return found


def test_the_catalogue_tells_the_languages_apart():
    assert {"the", "which", "with", "when", "than"} <= ONLY["en"]
    assert {"de", "het", "een", "van", "niet", "wanneer"} <= ONLY["nl"]
    # and the check finds a sentence of the other language
    assert foreign("<p>The teams wait for the first contact.</p>", "nl")
    assert foreign("<p>De teams wachten op het eerste contact.</p>", "en")
    assert not foreign("<p>De teams wachten op het eerste contact.</p>", "nl")


def test_every_schema_meaning_has_a_dutch_text():
    import typing

    from pydantic import BaseModel

    from analysis.report.assumptions import _model_doc, _strip
    from sim.scenario.schema import Scenario

    missing = []

    def walk(model: type[BaseModel]) -> None:
        for field in model.model_fields.values():
            if field.description and field.description not in meanings_nl.MEANINGS_NL:
                missing.append(field.description)
            annotation = _strip(field.annotation)
            inner = typing.get_args(annotation) if typing.get_origin(annotation) else (annotation,)
            for candidate in inner:
                candidate = _strip(candidate)
                if typing.get_origin(candidate) is dict:
                    candidate = _strip(typing.get_args(candidate)[1])
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    doc = _model_doc(candidate)
                    if doc and doc not in meanings_nl.MEANINGS_NL:
                        missing.append(doc)
                    walk(candidate)

    walk(Scenario)
    assert not missing, f"no Dutch text in analysis/report/meanings_nl.py for: {sorted(set(missing))}"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("languages")
    a, b = short_gouda(tmp)
    common = ["--years", "0.25", "--quiet"]
    assert main(["run", str(a), "--reps", "2", "--out", str(tmp / "run"), *common]) == 0
    assert main(["compare", str(a), str(b), "--reps", "2", "--out", str(tmp / "compare"), *common]) == 0
    rob = ["--futures", "6", "--nominal-reps", "3", "--workers", "1"]
    assert main(["robustness", str(a), str(b), *rob, "--out", str(tmp / "robustness"), *common]) == 0
    return {
        "run": tmp / "run",
        "compare": tmp / "compare",
        "sweep": tmp / "robustness" / "nominal",  # a sweep of the two structures
        "robustness": tmp / "robustness",
    }


@pytest.mark.parametrize("kind", ["run", "compare", "sweep", "robustness"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_report_is_written_in_its_language_only(folders, kind, lang):
    page = build_report(folders[kind], lang)
    assert len(visible_sentences(page)) > 200
    found = foreign(page, lang)
    assert not found, f"{len(found)} sentences in the other language, e.g. {found[:5]}"
