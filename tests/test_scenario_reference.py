"""The scenario reference is generated from the schema and must match it exactly."""

from __future__ import annotations

from pydantic import BaseModel

from sim.scenario.reference import render
from sim.scenario.schema import Scenario
from tests.conftest import ROOT


def test_committed_reference_is_current():
    committed = (ROOT / "docs" / "scenario-reference.md").read_text()
    assert committed == render(), "run: python -m sim.scenario.reference > docs/scenario-reference.md"


def _leaf_names(model: type[BaseModel]) -> set[str]:
    names = set()
    for name, field in model.model_fields.items():
        names.add(name)
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                names |= _leaf_names(candidate)
    return names


def test_every_key_of_the_schema_is_documented():
    text = render()
    missing = [
        name
        for name in _leaf_names(Scenario)
        if f"{name}`" not in text and f"{name}]`" not in text and name != "dist"
    ]
    assert not missing
