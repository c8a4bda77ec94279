"""The scenario's values as readable tables: one table per section, a row per setting.

Each row carries the meaning of the key from the scenario schema (the same text as
``docs/scenario-reference.md``) and, where the scenario file or a file it extends has a comment on
the key, that comment: the presets cite their sources there and mark assumptions with ``(A)``.
A key is flagged as an assumption when its preset comment or its schema description says so.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from analysis.report.localised import NAMES, WORDS, identifier
from analysis.report.meanings_nl import meaning_in
from analysis.report.numbers import localise
from sim.scenario.schema import Scenario

ASSUMPTION = re.compile(r"\(A\)|\bassumption\b|\baanname\b", re.IGNORECASE)
COMPLEXITY_KEYS = ("single", "multiple", "multi_problem")
SMALL_TABLE = 8
"""A table of at most this many plain values is shown on one row (``north 0.34; centre 0.33``)."""


@dataclass(frozen=True)
class Row:
    """One setting of a scenario."""

    key: str
    """Dotted path inside its section (``age_groups.children``)."""
    value: str
    meaning: str
    note: str
    """The preset's comment on this key, if any."""
    assumption: bool


@dataclass(frozen=True)
class Section:
    """One top-level section of the scenario (``run``, ``demand``, ...)."""

    name: str
    about: str
    rows: list[Row]


OTHER_LANGUAGE_KEYS: dict[str, tuple[str, ...]] = {
    "en": ("name_nl", "description_nl"),
    "nl": ("name", "description"),
}
"""The title and description in the other language: a report shows those of its own language only."""

DISTRIBUTION_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "fixed": "vast",
        "exponential": "exponentieel",
        "lognormal": "lognormaal",
        "triangular": "driehoek",
        "value": "waarde",
        "mean": "gemiddelde",
        "low": "laag",
        "mode": "modus",
        "high": "hoog",
        "uniform": "gelijkmatig",
    }
}
"""Distribution names and parameters in Dutch (gamma, uniform and cv read the same)."""


def sections(values: dict[str, Any], scenario_file: str | None = None, lang: str = "en") -> list[Section]:
    """The scenario as sections of rows, in the schema's order; top-level scalars form ``scenario``."""
    notes = file_comments(Path(scenario_file)) if scenario_file else {}
    top: list[Row] = []
    out: list[Section] = []
    for name, value in values.items():
        if name in OTHER_LANGUAGE_KEYS.get(lang, ()):
            continue
        if isinstance(value, dict):
            rows = [
                _row(f"{name}.{key}" if key else name, key or name, text, notes, lang)
                for key, text in _flatten(value, [name], lang)
            ]
            out.append(Section(name, meaning_in(_about(name), lang), rows))
        else:
            top.append(_row(name, name, show(value, lang), notes, lang))
    return [Section("scenario", "", top), *out]


def flat_values(values: dict[str, Any], lang: str = "en") -> dict[str, str]:
    """Every setting as ``dotted.path -> shown value``, for finding what differs between scenarios."""
    flat: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, dict):
            for key, text in _flatten(value, [name], lang):
                flat[f"{name}.{key}" if key else name] = text
        else:
            flat[name] = show(value, lang)
    return flat


def differences(a: dict[str, Any], b: dict[str, Any], lang: str = "en") -> list[tuple[str, str, str, str]]:
    """Settings whose shown value differs: ``(path, value in a, value in b, meaning)``."""
    fa, fb = flat_values(a, lang), flat_values(b, lang)
    keys = [
        k for k in list(fa) + [k for k in fb if k not in fa] if k not in OTHER_LANGUAGE_KEYS.get(lang, ())
    ]
    return [
        (k, fa.get(k, "–"), fb.get(k, "–"), meaning_in(meaning(k), lang))
        for k in keys
        if fa.get(k) != fb.get(k)
    ]


def _row(path: str, key: str, value: str, notes: dict[str, str], lang: str = "en") -> Row:
    """One row: the schema's meaning in ``lang``; the file's comment only in English (it is English).

    Whether the row is an assumption is read from the English texts in every language.
    """
    description = meaning(path)
    note = notes.get(path, "")
    if not note:  # a comment on an enclosing table covers its keys
        parts = path.split(".")
        for n in range(len(parts) - 1, 0, -1):
            if ".".join(parts[:n]) in notes:
                note = notes[".".join(parts[:n])]
                break
    flagged = bool(ASSUMPTION.search(note) or ASSUMPTION.search(description))
    return Row(key, value, meaning_in(description, lang), note if lang == "en" else "", flagged)


def _flatten(value: dict[str, Any], path: list[str], lang: str) -> list[tuple[str, str]]:
    """``(key relative to the section, shown value)`` for every row under ``value``."""
    if path == ["teams"]:
        return [(name, team_text(team, lang)) for name, team in value.items()]
    if len(path) > 1 and _is_leaf_table(value):
        return [("", show(value, lang))]
    rows = []
    for key, item in value.items():
        if (
            isinstance(item, dict)
            and not _is_leaf_table(item)
            or len(path) == 1
            and isinstance(item, dict)
            and not _is_distribution(item)
            and len(item) > 3
        ):
            rows += [
                (f"{key}.{sub}" if sub else key, text) for sub, text in _flatten(item, [*path, key], lang)
            ]
        elif key == "seed" or key.endswith("_seed"):
            rows.append((key, str(item)))
        else:
            rows.append((key, show(item, lang)))
    return rows


def _is_leaf_table(value: dict[str, Any]) -> bool:
    if "dist" in value:
        return True
    return 0 < len(value) <= SMALL_TABLE and all(
        not isinstance(v, dict | list) or _is_distribution(v) for v in value.values()
    )


def _is_distribution(value: Any) -> bool:
    return isinstance(value, dict) and "dist" in value


def show(value: Any, lang: str = "en") -> str:
    """A scenario value as text: distributions as ``lognormal (mean 40, cv 0.8)``, tables as ``k v; ...``."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return {("en", True): "yes", ("en", False): "no", ("nl", True): "ja", ("nl", False): "nee"}[
            (lang if lang == "nl" else "en", value)
        ]
    if isinstance(value, int | float):
        return localise(f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:g}", lang)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "dist" in value:
            words = DISTRIBUTION_WORDS.get(lang, {})
            params = ", ".join(f"{words.get(k, k)} {show(v, lang)}" for k, v in value.items() if k != "dist")
            return f"{words.get(value['dist'], value['dist'])} ({params})"
        return "; ".join(f"{key_name(k, lang)} {show(v, lang)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, dict) for v in value):
            return " | ".join(show(v, lang) for v in value)
        return ", ".join(show(v, lang) for v in value) if value else "–"
    return str(value)


def key_name(key: str, lang: str) -> str:
    """A key inside a table (a complexity class, an area) in ``lang`` when it has a name there."""
    if lang == "en":
        return key
    return NAMES.get(lang, {}).get(key) or WORDS.get(lang, {}).get(key) or key


def team_text(team: dict[str, Any], lang: str = "en") -> str:
    """A team on one line: role, areas, ages, domains, and its staff lines."""
    words = {
        "en": ("all", "areas", "ages", "domains", "staff", "seconded"),
        "nl": ("alle", "gebieden", "leeftijden", "domeinen", "formatie", "gedetacheerd"),
    }["nl" if lang == "nl" else "en"]
    ages = team.get("ages") or (0, 120)
    staff = ", ".join(
        f"{line.get('people', 1)} × {identifier(line['discipline'], lang)} {show(line.get('fte'), lang)}"
        + (f" ({words[5]})" if line.get("contract") == "seconded" else "")
        for line in team.get("staff", [])
    )
    names = [identifier(str(name), lang) for name in team.get("areas") or []] or [words[0]]
    domains = [identifier(str(name), lang) for name in team.get("domains") or []] or [words[0]]
    parts = [
        identifier(str(team.get("role", "door")), lang),
        f"{words[1]}: {', '.join(names)}",
        f"{words[2]}: {ages[0]}-{ages[1]}",
        f"{words[3]}: {', '.join(domains)}",
        f"{words[4]}: {staff}",
    ]
    if team.get("serves"):
        serves = ", ".join(identifier(str(name), lang) for name in team["serves"])
        parts.insert(1, f"{'steunt' if lang == 'nl' else 'serves'}: {serves}")
    return "; ".join(parts)


# --- the schema's words for each key --------------------------------------------------------------


def meaning(path: str) -> str:
    """The schema's description of a dotted key path; '' when the path is not in the schema."""
    model: Any = Scenario
    description = ""
    parts = path.split(".")
    i = 0
    while i < len(parts):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return description
        field = model.model_fields.get(parts[i])
        if field is None:
            return description
        description = field.description or (_model_doc(_strip(field.annotation)) if i == 0 else "")
        model = _strip(field.annotation)
        i += 1
        origin = typing.get_origin(model)
        if origin is dict:  # a table by name: skip the name
            model = _strip(typing.get_args(model)[1])
            i += 1
        elif origin in (list, tuple):
            return description
    return description


def _about(section: str) -> str:
    field = Scenario.model_fields.get(section)
    if field is None:
        return ""
    model = _strip(field.annotation)
    if typing.get_origin(model) is dict:
        return field.description or ""
    return _model_doc(model) or field.description or ""


def _model_doc(model: Any) -> str:
    if isinstance(model, type) and issubclass(model, BaseModel) and model.__doc__:
        return model.__doc__.strip().splitlines()[0]
    return ""


def _strip(annotation: Any) -> Any:
    """``X | None`` -> ``X``; a union of several models (a distribution) stays a union."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip(args[0])
    if typing.get_origin(annotation) is typing.Annotated:
        return _strip(typing.get_args(annotation)[0])
    return annotation


# --- the comments in the scenario files ------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(?:#(.*))?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=")


def file_comments(path: Path) -> dict[str, str]:
    """Comments on keys and tables of a scenario file and the files it extends: ``dotted.path -> text``.

    A comment counts for a key when it is at the end of the key's line, or in the block of comment
    lines right above it (no blank line between). The file's own comments win over its base's.
    Files that cannot be read give no comments.
    """
    chain = _extends_chain(path)
    notes: dict[str, str] = {}
    for file in reversed(chain):  # base first, so the scenario's own file wins
        notes.update(_comments_of(file))
    return notes


def _extends_chain(path: Path) -> list[Path]:
    chain: list[Path] = []
    while path.is_file() and path.resolve() not in chain and len(chain) < 20:
        chain.append(path.resolve())
        try:
            with path.open("rb") as handle:
                base = tomllib.load(handle).get("extends")
        except (OSError, tomllib.TOMLDecodeError):
            break
        if not isinstance(base, str):
            break
        path = path.parent / base
    return chain


def _comments_of(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    notes: dict[str, str] = {}
    table: list[str] = []
    block: list[str] = []
    depth = 0  # open brackets of a value that spans lines
    for line in lines:
        stripped = line.strip()
        code, comment = _split_comment(line)
        if depth > 0:
            depth += code.count("[") + code.count("{") - code.count("]") - code.count("}")
            continue
        if stripped.startswith("#"):
            block.append(stripped[1:].strip())
            continue
        if not stripped:
            block = []
            continue
        header = _HEADER.match(line)
        if header:
            table = [p.strip().strip("\"'") for p in header.group(1).split(".")]
            key_path = ".".join(table)
        else:
            key = _KEY.match(code)
            if not key:
                block = []
                continue
            key_path = ".".join([*table, *key.group(1).split(".")])
            rest = code[key.end() :]
            depth = rest.count("[") + rest.count("{") - rest.count("]") - rest.count("}")
        text = " ".join(part for part in [*block, comment or ""] if part)
        if text:
            notes[key_path] = text
        block = []
    return notes


def _split_comment(line: str) -> tuple[str, str | None]:
    """``(code, comment text)`` of one TOML line; a '#' inside a string is not a comment."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:i].rstrip(), line[i + 1 :].strip()
    return line.rstrip(), None
