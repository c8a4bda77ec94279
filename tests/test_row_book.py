"""Rows kept compactly while running (sim.row_book) give the same tables as the rows themselves."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

import sim
from sim import row_book
from sim.model import WijkModel
from sim.records import CaseRow, HandoffRow, NeedRow, VisitRow, frame
from sim.row_book import RowBook

ROW_TYPES = {"case_rows": CaseRow, "visit_rows": VisitRow, "need_rows": NeedRow, "handoff_rows": HandoffRow}


@pytest.fixture(scope="module")
def finished_model() -> WijkModel:
    """A year of split teams with a bridge worker: cases, visits, needs and hand-offs of every kind."""
    scenario = sim.load_scenario("scenarios/de_bilt.toml", overrides={"run.years": 1.0})
    model = WijkModel(scenario, 3)
    model.run_to_end()
    model.finish()
    return model


def _same_rows(left: list, right: list) -> bool:
    """Equal rows, NaN equal to NaN."""
    same = lambda a, b: a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))  # noqa: E731
    return len(left) == len(right) and all(
        all(same(a, b) for a, b in zip(x, y, strict=True)) for x, y in zip(left, right, strict=True)
    )


@pytest.mark.parametrize("name", list(ROW_TYPES))
def test_packed_rows_give_the_table_and_the_rows_of_plain_rows(
    finished_model: WijkModel, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = getattr(finished_model, name)[:]
    assert len(rows) > 50
    monkeypatch.setattr(row_book, "BLOCK", 37)  # many blocks and a part-filled one
    book: RowBook[Any] = RowBook(ROW_TYPES[name])
    for row in rows:
        book.append(row)
    assert len(book) == len(rows)
    assert _same_rows(book[:], rows) and _same_rows(book[len(rows) - 5 :], rows[-5:])
    assert _same_rows(book[40:45], rows[40:45])
    pd.testing.assert_frame_equal(book.frame(), frame(rows, ROW_TYPES[name]))
    released = book.frame(release=True)
    pd.testing.assert_frame_equal(released, frame(rows, ROW_TYPES[name]))
    assert len(book) == 0


def test_an_empty_book_gives_an_empty_table_with_the_columns() -> None:
    table = RowBook(HandoffRow).frame()
    assert list(table.columns) == list(HandoffRow._fields) and table.empty


def test_an_empty_book_gives_typed_empty_columns():
    """A run with no cases (a very short period) still gives float columns that NaN tests accept."""
    table = RowBook(CaseRow).frame()
    assert len(table) == 0 and list(table.columns) == list(CaseRow._fields)
    assert table["end_t"].dtype.kind == "f" and not table["end_t"].isna().any()
