"""Read a scenario file: TOML, ``extends =`` inheritance, validation with messages people can act on.

Bad input never gives a traceback. Every problem is reported as
``file: key.path = value: what is allowed``, with a "did you mean" for misspelt keys and choices,
and all problems of a file are reported together.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.scenario.consistency import consistency_problems
from sim.scenario.errors import ScenarioError
from sim.scenario.files import file_problem, short_text
from sim.scenario.schema import Scenario


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read, merge (``extends``), validate and check a scenario file.

    ``overrides`` maps dotted key paths to values (``{"run.years": 2}``) and is applied on top.
    Raises ScenarioError listing every problem found.
    """
    path = Path(path)
    raw = read_merged_toml(path)
    for dotted, value in (overrides or {}).items():
        set_dotted(raw, dotted, value)
    return scenario_from_dict(raw, source=str(path), base_dir=path.parent)


def scenario_from_dict(
    raw: dict[str, Any], source: str = "<scenario>", base_dir: Path | None = None
) -> Scenario:
    """Validate a scenario given as a plain dict (as TOML would give it)."""
    raw = dict(raw)
    raw.pop("extends", None)
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(
            capped([f"{source}: {line}" for line in describe_errors(exc, Scenario)])
        ) from None
    except RecursionError:
        raise ScenarioError([f"{source}: values nested too deeply"]) from None
    problems = consistency_problems(scenario, base_dir)
    if problems:
        raise ScenarioError(capped([f"{source}: {line}" for line in problems]))
    if base_dir is not None and scenario.start_state.open_cases_csv:
        resolved = str((base_dir / scenario.start_state.open_cases_csv).resolve())
        scenario = scenario.model_copy(
            update={"start_state": scenario.start_state.model_copy(update={"open_cases_csv": resolved})}
        )
    return scenario


MAX_EXTENDS = 32
"""Most files in one ``extends`` chain (the scenario itself included)."""

MAX_PROBLEMS = 50
"""Most problems listed for one file; the rest are counted in one last line."""


def read_toml_file(path: Path, what: str = "scenario file") -> dict[str, Any]:
    """The TOML table of ``path``; raises ScenarioError for a file that cannot be read or parsed."""
    problem = file_problem(path, what)
    if problem:
        raise ScenarioError([problem])
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError([f"{path}: not valid TOML: {exc}"]) from None
    except RecursionError:
        raise ScenarioError([f"{path}: not valid TOML: nested too deeply"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}: cannot be read: {exc}"]) from None


def read_merged_toml(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a TOML file and, if it says ``extends = "base.toml"``, merge it over its base."""
    problem = file_problem(path)
    if problem:
        where = f" (extended by {_seen[-1]})" if _seen else ""
        raise ScenarioError([problem + where])
    resolved = path.resolve()
    if resolved in _seen:
        chain = " -> ".join(str(p) for p in (*_seen, resolved))
        raise ScenarioError([f"{path}: extends: circular inheritance ({short_text(chain, 1000)})"])
    if len(_seen) >= MAX_EXTENDS:
        raise ScenarioError(
            [
                f"{_seen[0]}: extends: a chain of more than {MAX_EXTENDS} files; at most {MAX_EXTENDS} are allowed"
            ]
        )
    data = read_toml_file(path)
    base_name = data.pop("extends", None)
    if base_name is None:
        return data
    if not isinstance(base_name, str) or not base_name or "\0" in base_name:
        raise ScenarioError([f"{path}: extends = {_show(base_name)}: must be a file name in quotes"])
    base = read_merged_toml(path.parent / base_name, (*_seen, resolved))
    return deep_merge(base, data)


def capped(problems: list[str]) -> list[str]:
    """At most MAX_PROBLEMS problems, and a last line that counts the others."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], f"... and {len(problems) - MAX_PROBLEMS:,} more problems"]


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; anything else in ``override`` replaces the base value."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and "dist" not in value:
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def set_dotted(raw: dict[str, Any], dotted: str, value: Any) -> None:
    """Set ``a.b.c`` in a scenario's raw dict, creating the tables on the way.

    A table the file leaves out starts from the schema's default, so setting one key of it (say
    ``split_teams.mixed_household_probability.multiple``) keeps the defaults of its other keys.
    """
    *parents, last = dotted.split(".")
    node: dict[str, Any] = raw
    model: type[BaseModel] | None = Scenario
    for key in parents:
        if key not in node:
            node[key] = _default_table(model, key)
        node = node[key]
        model = _field_model(model, key)
    node[last] = value


def _field_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    """The section class of ``model``'s field ``key``, or None when it is not a section."""
    field = model.model_fields.get(key) if model is not None else None
    annotation = field.annotation if field is not None else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _default_table(model: type[BaseModel] | None, key: str) -> dict[str, Any]:
    """The schema's default of the section ``model.key`` as a raw dict (empty when it has none)."""
    field = model.model_fields.get(key) if model is not None else None
    if field is None or field.is_required():
        return {}
    default = field.get_default(call_default_factory=True)
    return default.model_dump(mode="json") if isinstance(default, BaseModel) else {}


# --- turning pydantic's errors into sentences -------------------------------------------------

_DIST_TAGS = {"fixed", "exponential", "lognormal", "gamma", "triangular", "uniform"}


def describe_errors(exc: ValidationError, root: type[BaseModel]) -> list[str]:
    """One line per validation error: ``key.path = value: what is allowed``."""
    lines = []
    for error in exc.errors(include_url=False):
        loc = [part for part in error["loc"] if not _is_union_tag(part)]
        path = format_path(loc)
        kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
        if kind == "missing":
            lines.append(f"{path}: missing; this key is required")
        elif kind == "extra_forbidden":
            allowed = allowed_keys(root, loc[:-1])
            lines.append(f"{path}: unknown key{did_you_mean(str(loc[-1]), allowed)}")
        else:
            lines.append(f"{path} = {_show(value)}: {_explain(kind, ctx, error['msg'], value)}")
    return lines


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and (part in _DIST_TAGS or part.startswith(("function-", "nullable")))


def format_path(loc: Iterable[Any]) -> str:
    """``("teams", "north", "staff", 2, "fte")`` -> ``teams.north.staff[2].fte``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "(top level)"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _explain(kind: str, ctx: dict[str, Any], msg: str, value: Any) -> str:
    bounds = {
        "greater_than": ("must be > ", "gt"),
        "greater_than_equal": ("must be >= ", "ge"),
        "less_than": ("must be < ", "lt"),
        "less_than_equal": ("must be <= ", "le"),
    }
    if kind in bounds:
        prefix, key = bounds[kind]
        return f"{prefix}{ctx[key]}"
    if kind == "finite_number":
        return "must be a finite number (not nan or inf)"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
        return f"must be one of {', '.join(choices)}{did_you_mean(str(value), choices)}"
    if kind == "union_tag_invalid":
        return (
            f"unknown distribution; dist must be one of {ctx.get('expected_tags')}"
            f"{did_you_mean(str(ctx.get('tag')), sorted(_DIST_TAGS))}"
        )
    if kind == "union_tag_not_found":
        return "a distribution needs a 'dist' key, e.g. { dist = \"exponential\", mean = 4 }"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return "must be a number" + (" without decimals" if kind.startswith("int") else "")
    if kind in {"bool_parsing", "bool_type"}:
        return "must be true or false"
    if kind in {"string_type"}:
        return "must be text in quotes"
    if kind in {"list_type", "tuple_type"}:
        return "must be a list in square brackets"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "must be a table"
    if kind in {"too_short", "too_long"}:
        return msg[0].lower() + msg[1:]
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return msg


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for a close match, or a list of the allowed words."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if choices and len(choices) <= 12:
        return f"; allowed: {', '.join(choices)}"
    return ""


def allowed_keys(root: type[BaseModel], loc: list[Any]) -> list[str]:
    """The keys a section accepts, found by walking the schema along ``loc``."""
    annotation: Any = root
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        else:
            args = getattr(annotation, "__args__", ())
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` down to ``X``."""
    args = getattr(annotation, "__args__", None)
    if args and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation
