"""The scenario reference, generated from the schema the loader uses, so the two cannot drift.

Regenerate with ``python -m sim.scenario.reference > docs/scenario-reference.md``.
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from sim.distributions import DISTRIBUTION_NAMES, Exponential, Fixed, Gamma, Lognormal, Triangular, Uniform
from sim.scenario.numeric_keys import KEY_CONDITIONS, is_distribution, strip_optional
from sim.scenario.schema import Scenario

INTRO = """# Scenario reference

Generated from wijksim's scenario schema by `python -m sim.scenario.reference`; do not edit by hand.

- **Time is in weeks** everywhere; one year is 52 weeks. Rates are per 1,000 residents per year.
- A scenario may start with `extends = "other.toml"` (a path relative to the file): the other file is
  read first and this file's keys are laid over it. Tables merge key by key; any other value replaces
  the base value, and a distribution table (`{ dist = ... }`) replaces the base's whole table.
  Keys cannot be removed by a child file.
- A key marked *required* has no default. A table with a default may be left out as a whole;
  if you write it, give the keys marked *required in its table*. Every other key may be left out.
- `behaviour.patience_weeks` left out means residents never give up waiting.
- `wijksim validate FILE` checks a file and its open-cases CSV without running it.
"""


def render() -> str:
    """The whole reference as Markdown."""
    lines = [INTRO, "## Keys", "", "| key | type | default | allowed | meaning |", "|---|---|---|---|---|"]
    lines += _rows(Scenario, "")
    lines += [
        "",
        "## Distributions",
        "",
        "Durations and other random quantities are tables with a `dist` key:",
        "",
        "| dist | keys | mean |",
        "|---|---|---|",
    ]
    for model in (Fixed, Exponential, Lognormal, Gamma, Triangular, Uniform):
        keys = ", ".join(
            f"`{name}` ({field.description})" for name, field in model.model_fields.items() if name != "dist"
        )
        lines.append(f"| `{_tag(model)}` | {keys} | {_mean_text(_tag(model))} |")
    lines += ["", 'Example: `support_weeks.single = { dist = "lognormal", mean = 10, cv = 0.8 }`.', ""]
    lines += _where_keys_act()
    return "\n".join(lines)


def _where_keys_act() -> list[str]:
    lines = [
        "## Where a key acts",
        "",
        "Every numeric key changes what a run produces, but some only where the thing they describe "
        "exists: in the organisation forms that have it, or with a mechanism switched on. A key under "
        "a prefix below acts only there (the longest prefix holds); any other key acts in every form. "
        "`tests/test_key_effects.py` reads this table and checks every numeric key at two values under "
        "its conditions.",
        "",
        "| keys | forms | acts with | why |",
        "|---|---|---|---|",
    ]
    for prefix, condition in KEY_CONDITIONS.items():
        forms = ", ".join(f"`{form}`" for form in condition.forms) or "all"
        settings = "; ".join(f"`{key} = {_toml(value)}`" for key, value in condition.settings.items()) or "-"
        lines.append(f"| `{prefix}` | {forms} | {settings} | {condition.reason} |")
    return [*lines, ""]


def _toml(value: object) -> str:
    return json.dumps(value)


def _tag(model: type[BaseModel]) -> str:
    return typing.get_args(model.model_fields["dist"].annotation)[0]


def _mean_text(tag: str) -> str:
    return {
        "fixed": "value",
        "exponential": "mean",
        "lognormal": "mean",
        "gamma": "mean",
        "triangular": "(low + mode + high) / 3",
        "uniform": "(low + high) / 2",
    }[tag]


def _rows(model: type[BaseModel], prefix: str, in_optional_table: bool = False) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = strip_optional(field.annotation)
        nested = _nested_model(annotation)
        if nested is not None and not is_distribution(annotation):
            default = (
                "*required*"
                if field.is_required() and not in_optional_table
                else _default(field)
                if not field.is_required()
                else "*required in its table*"
            )
            rows.append(
                f"| `[{path}]` | table | {default} | | "
                f"{field.description or (nested.__doc__ or ' ').splitlines()[0]} |"
            )
            rows += _rows(nested, path + ".", in_optional_table or not field.is_required())
            continue
        container = _container_model(annotation)
        if container is not None:
            kind, inner = container
            rows.append(f"| `{path}` | {kind} | {_default(field)} | | {field.description or ''} |")
            rows += _rows(inner, f"{path}{'.<name>' if kind.startswith('table') else '[i]'}.", True)
            continue
        default = _default(field)
        if in_optional_table and field.is_required():
            default = "*required in its table*"
        rows.append(
            f"| `{path}` | {_type_name(annotation)} | {default} | {_allowed(field, annotation)} "
            f"| {field.description or ''} |"
        )
    return rows


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _container_model(annotation: Any) -> tuple[str, type[BaseModel]] | None:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is dict and args and _nested_model(args[-1]):
        return "table of tables, by name", args[-1]
    if origin is list and args and _nested_model(args[0]):
        return "list of tables", args[0]
    return None


def _type_name(annotation: Any) -> str:
    if is_distribution(annotation):
        return "distribution"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return "text"
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is tuple:
        return f"pair of {_type_name(args[0])}"
    if origin is dict:
        return f"table of {_type_name(args[-1])}"
    return {int: "whole number", float: "number", str: "text", bool: "true / false"}.get(annotation, "value")


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "*required*"
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
    else:
        value = field.default
    if value is None or value is PydanticUndefined:
        return "(none)"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_defaults=False)
    elif isinstance(value, dict):
        value = {k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v for k, v in value.items()}
    if isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    text = json.dumps(value) if not isinstance(value, str) else f'"{value}"'
    text = text.replace("|", "\\|")
    return f"`{text}`" if len(text) <= 60 else f"<details><summary>see schema</summary>`{text}`</details>"


def _allowed(field: FieldInfo, annotation: Any) -> str:
    parts = []
    for meta in field.metadata:
        for attr, symbol in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
            value = getattr(meta, attr, None)
            if value is not None:
                parts.append(f"{symbol} {value}")
        for attr, word in (("min_length", "at least"), ("max_length", "at most")):
            value = getattr(meta, attr, None)
            if value is not None:
                unit = "character" if annotation is str else "item"
                parts.append(f"{word} {value} {unit}{'' if value == 1 else 's'}")
    inner = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
    if typing.get_origin(inner) is typing.Literal:
        parts.append(", ".join(f"`{c}`" for c in typing.get_args(inner)))
    if is_distribution(annotation):
        parts.append(", ".join(f"`{n}`" for n in DISTRIBUTION_NAMES))
    return "; ".join(parts)


def main() -> None:
    """Print the reference to standard output."""
    print(render(), end="")


if __name__ == "__main__":
    main()
