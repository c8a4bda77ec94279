"""Every numeric key of the scenario schema, and where each one acts.

``numeric_keys()`` walks the pydantic models of ``sim.scenario.schema`` (so a new key is listed the
moment it is added) and names each key as ``docs/scenario-reference.md`` does: ``teams.<name>.ages``
for a key inside a table of tables, ``mandate.levels[i].servers`` for one inside a list of tables.
A number, a whole number, a distribution (its numbers: mean, cv, low, ...), a table or list of
numbers and a pair of whole numbers are numeric keys; text and true / false are not.

``KEY_CONDITIONS`` says, per key prefix, under which conditions the key has something to act on: the
organisation forms that have the thing it describes (a key bound to forms has no effect in form A1's
preset), and the switches or the load it needs. A key no prefix matches acts in every form with the
preset's settings. The reference renders this table
(section "Where a key acts"), and ``tests/test_key_effects.py`` reads it back from the reference and
checks that every numeric key moves a metric or a record under its conditions.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim.distributions import Exponential, Fixed
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Bounds:
    """The allowed range of a numeric key (None: no bound on that side)."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None

    def allows(self, value: float) -> bool:
        """True when ``value`` lies inside the range."""
        return (
            (self.ge is None or value >= self.ge)
            and (self.gt is None or value > self.gt)
            and (self.le is None or value <= self.le)
            and (self.lt is None or value < self.lt)
        )


@dataclass(frozen=True)
class NumericKey:
    """One numeric key: its path as the reference writes it, its kind and its allowed range."""

    path: str
    kind: str
    """``number``, ``whole number``, ``distribution``, ``table of number``, ``table of table of number``,
    ``list of number`` or ``pair of whole number``."""
    bounds: Bounds
    optional: bool
    """The key may be left out (None), with a meaning of its own (no limit, never gives up, ...)."""


@dataclass(frozen=True)
class Condition:
    """Where the keys under a prefix act: in these forms, with these settings (dotted key -> value)."""

    forms: tuple[str, ...]
    settings: dict[str, Any]
    reason: str


_A2, _B, _C = ("A2",), ("B",), ("C",)
_LATENT = {"help_seeking.enabled": True}
_OVERLOAD = {"demand.rate_factor": 2.0}
_HEAVY = {"demand.rate_factor": 3.0}
_LEAVING = {"strain.enabled": True, "adaptation.enabled": False, **_HEAVY}
"""Heavy load on teams that do not shorten support: enough workers leave in a small town's year."""
_WORSENING = {"severity_state.enabled": True, "demand.severity.growth_per_week_waiting": 0.05, **_OVERLOAD}

KEY_CONDITIONS: dict[str, Condition] = {
    "triage.": Condition(("A2", "C"), {}, "triage sorts requests only at A2's desk and C's front teams"),
    "desk.": Condition(_A2, {}, "the triage desk is form A2's"),
    "first_line.": Condition(_A2, {}, "the first line is form A2's"),
    "complex_team.": Condition(_A2, {}, "the team for complex cases is form A2's"),
    "expert_teams.": Condition(_C, {}, "expert teams are form C's"),
    "split_teams.": Condition(_B, {}, "teams side by side are form B"),
    "split_teams.shared_methods_factor": Condition(
        _B, {"split_teams.shared_methods": True}, "acts only with shared working methods"
    ),
    "split_teams.front_office.": Condition(
        _B, {"split_teams.shared_front_office": True}, "the front office exists only when it is shared"
    ),
    "split_teams.front_office_": Condition(
        _B, {"split_teams.shared_front_office": True}, "the front office's own mistakes and gains"
    ),
    "wrong_doors.first_line_probability": Condition(
        _A2, {"wrong_doors.enabled": True}, "A2's wrong doors: the team or the first line instead of the desk"
    ),
    "wrong_doors.front_probability": Condition(
        _C, {"wrong_doors.enabled": True}, "C's wrong doors: the expert team or another area's front team"
    ),
    "wrong_doors.known_door_factor": Condition(
        _B, {}, "acts on the wrong doors of households that were in contact before; B always has wrong doors"
    ),
    "bridge_worker.": Condition(_B, {"bridge_worker.enabled": True}, "a bridge worker joins B's teams"),
    "workforce.youth_team_fte_share": Condition(
        _B, {}, "moves staff between a youth-only team and the others: a split by age (form B)"
    ),
    "split_teams.mixed_household_probability": Condition(
        (),
        {},
        "a household's other need: split teams open a second case, a team serving both sides of the 18-/18+ "
        "line gives longer support (pathway.other_need_support_share)",
    ),
    "transition_18.age": Condition(
        (),
        {},
        "the 18-/18+ line: where a youth case moves (form B), and which of a household's needs is on the "
        "other side of it (every form)",
    ),
    "transition_18.": Condition(
        _B,
        {"run.years": 3.0},
        "a youth case moves at 18 only where youth and adults have other teams (a few a year in a town)",
    ),
    "handoffs.": Condition(
        ("A2", "B", "C"),
        {},
        "a case changes units at a desk, a bounce or an expert team; A1's only hand-off, the referral to "
        "specialised care, has its own delay and loss",
    ),
    "handoffs.limit_weeks": Condition(
        (), {}, "judges every hand-off late or in time, also the referral to specialised care every form has"
    ),
    "handoffs.warm_loss_probability": Condition(
        _C,
        {"expert_teams.coupling": True},
        "acts on warm hand-offs; C's coupled front-to-expert ones leave the front teams' own cases assessed",
    ),
    "behaviour.patience_weeks": Condition((), _OVERLOAD, "residents give up only on a wait: a busy year"),
    "demand.severity.growth_per_week_waiting": Condition(
        (), _OVERLOAD, "severity grows only while a case waits: a busy year"
    ),
    "expert_teams.aftercare_weeks": Condition(
        _C,
        {"run.years": 2.0},
        "aftercare follows the expert team's months of support: the first cases reach it in a second year",
    ),
    "ownership.": Condition(_C, {}, "acts on a team serving more than one area: C's expert team"),
    "overhead.meeting_base_people": Condition(
        (), {"overhead.meeting_share_per_extra_person": 0.01}, "acts with a meeting share per extra person"
    ),
    "overhead.case_conference_share_per_boundary": Condition(
        ("B", "A2", "C"), {}, "acts on teams that share residents or cases with other teams; A1's do not"
    ),
    "expertise.breadth_level": Condition(
        (),
        {"expertise.enabled": True, "teams.<name>.staff[i].breadth": ["youth", "wmo"]},
        "acts on T-shaped workers (none in the presets)",
    ),
    "costs.crisis_eur": Condition(
        (),
        {**_WORSENING, "demand.severity.growth_per_week_waiting": 0.1},
        "acts on crises: severity carried across waits, grown past the threshold in a busy year",
    ),
    "severity_state.": Condition(
        (), _WORSENING, "a mechanism with its own switch; it acts on severity grown"
    ),
    "help_seeking.several_doors_factor": Condition(
        _B, _LATENT, "acts where more than one door team serves an area: form B without a front office"
    ),
    "help_seeking.trust_after_giving_up": Condition(
        (), {**_LATENT, **_HEAVY}, "acts on residents who gave up waiting: long waits, under heavy load"
    ),
    "help_seeking.trust_after_lost": Condition(
        ("B", "A2", "C"), {**_LATENT, **_OVERLOAD}, "acts on residents lost in a hand-off; A1 has none"
    ),
    "staffing.seconded_": Condition(
        (), {"staffing.seconded_share": 0.5}, "acts on seconded workers (none in the presets)"
    ),
    "staffing.employed_": Condition(
        (), {"expertise.enabled": True}, "knowledge decay acts through expertise"
    ),
    "staffing.training_share_to_keep_up": Condition(
        (),
        {
            "expertise.enabled": True,
            "staffing.employed_training_share": 0.02,
            "staffing.employed_knowledge_decay_per_year": 1.0,
        },
        "acts through expertise, on knowledge that decays: shows in a year where it decays fast",
    ),
    "expertise.": Condition((), {"expertise.enabled": True}, "a mechanism with its own switch"),
    "mandate.": Condition((), {"mandate.enabled": True}, "a mechanism with its own switch"),
    "colleague_learning.": Condition(
        (),
        {"expertise.enabled": True, "expertise.match_discipline": False, "colleague_learning.enabled": True},
        "a mechanism with its own switch; it teaches workers the domains they recognise less well: needs "
        "expertise, and acts most where cases are not matched to a worker's discipline",
    ),
    "colleague_learning.fade_per_year": Condition(
        (),
        {
            "expertise.enabled": True,
            "expertise.match_discipline": False,
            "colleague_learning.enabled": True,
            "colleague_learning.teach_probability": 1.0,
            "colleague_learning.gain_share": 1.0,
            **_OVERLOAD,
        },
        "fades what was learned: shows where every consultation teaches the colleague's whole lead, in "
        "a busy year",
    ),
    "mandate.back_office.": Condition(
        (),
        {"mandate.enabled": True, "mandate.back_office.name": "back_office"},
        "acts when a back office exists",
    ),
    "help_seeking.": Condition((), _LATENT, "a mechanism with its own switch"),
    "outreach.": Condition(
        (), {**_LATENT, "outreach.enabled": True}, "finds latent needs: needs help_seeking"
    ),
    "signalling.": Condition(
        (), {**_LATENT, "signalling.enabled": True}, "signals latent needs: needs help_seeking"
    ),
    "strain.": Condition(
        (),
        {"strain.enabled": True, **_OVERLOAD},
        "a mechanism with its own switch; it acts on teams above the pressure threshold",
    ),
    "strain.recruitment_weeks": Condition(
        (), _LEAVING, "acts on workers who left: enough of them under heavy load, teams not adapting"
    ),
    "strain.leave_per_year_at_strain_1": Condition(
        (), _LEAVING, "acts on workers who leave: enough of them under heavy load, teams not adapting"
    ),
    "strain.onboarding_": Condition(
        (),
        {**_LEAVING, "run.years": 2.0},
        "acts on newcomers after a vacancy: enough under heavy load, teams not adapting, over two years",
    ),
    "adaptation.": Condition(
        (),
        {"adaptation.enabled": True, **_OVERLOAD},
        "a mechanism with its own switch; it acts on long waits",
    ),
    "adaptation.light_severity": Condition(
        (),
        {"adaptation.enabled": True, "adaptation.policy": "first_line", **_OVERLOAD},
        "read by the first_line policy",
    ),
    "demand.severity.escalation_threshold": Condition(
        (), _OVERLOAD, "a waiting case becomes a crisis only after long waits"
    ),
    "objective.": Condition(
        (), {}, "judges a comparison (`wijksim compare` with this scenario as A), not a run"
    ),
}
"""Per key prefix, where the keys under it act; the longest matching prefix holds."""


def condition_for(path: str, conditions: dict[str, Condition] = KEY_CONDITIONS) -> Condition | None:
    """The condition of the longest prefix of ``path`` in ``conditions``, or None (acts everywhere)."""
    matches = [prefix for prefix in conditions if path.startswith(prefix)]
    return conditions[max(matches, key=len)] if matches else None


def numeric_keys() -> list[NumericKey]:
    """Every numeric key of the scenario schema, in the order of the reference."""
    return list(_walk(Scenario, ""))


def _walk(model: type[BaseModel], prefix: str) -> typing.Iterator[NumericKey]:
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = strip_optional(field.annotation)
        optional = annotation is not field.annotation
        if is_distribution(annotation):
            yield NumericKey(path, "distribution", Bounds(), optional)
            continue
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _walk(annotation, path + ".")
            continue
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is dict and _is_model(args[-1]):
            yield from _walk(args[-1], path + ".<name>.")
        elif origin is list and _is_model(args[0]):
            yield from _walk(args[0], path + "[i].")
        elif _number_kind(annotation) is not None:
            yield NumericKey(path, str(_number_kind(annotation)), _bounds(field), optional)
        elif origin is dict and _leaf_kind(args[-1]) is not None:
            yield NumericKey(path, f"table of {_leaf_kind(args[-1])}", _bounds(field), optional)
        elif origin is list and _number_kind(args[0]) is not None:
            yield NumericKey(path, f"list of {_number_kind(args[0])}", _bounds(field), optional)
        elif origin is tuple and _number_kind(args[0]) is not None:
            yield NumericKey(path, f"pair of {_number_kind(args[0])}", _bounds(field), optional)


def _leaf_kind(annotation: Any) -> str | None:
    """``number`` for a number, ``table of number`` for a table of numbers, else None."""
    kind = _number_kind(annotation)
    if kind is not None:
        return kind
    if typing.get_origin(annotation) is dict:
        inner = _number_kind(typing.get_args(annotation)[-1])
        return f"table of {inner}" if inner else None
    return None


def _number_kind(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation is bool:
        return None
    return {int: "whole number", float: "number"}.get(annotation)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def strip_optional(annotation: Any) -> Any:
    """``X`` for ``X | None``; any other annotation as it is."""
    args = typing.get_args(annotation)
    if type(None) in args and typing.get_origin(annotation) in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


def is_distribution(annotation: Any) -> bool:
    """True for the annotation of a distribution key (the union of every distribution)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    kinds: set[object] = {Fixed, Exponential}
    return set(typing.get_args(annotation)) >= kinds


def _bounds(field: FieldInfo) -> Bounds:
    found: dict[str, float] = {}
    for meta in field.metadata:
        for attr in ("ge", "gt", "le", "lt"):
            value = getattr(meta, attr, None)
            if value is not None:
                found[attr] = float(value)
    return Bounds(**found)
