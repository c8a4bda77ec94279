"""Back-test: every scenario's ``summary.csv`` (2 seeds, 1 measured year) byte for byte as stored.

The stored files were made by ``python -m tests.backtest.store`` before the engine refactor; see that
module for when to regenerate them.
"""

from __future__ import annotations

import pytest

from tests.backtest.store import STORED, scenario_files, stored_name, summary_csv

FILES = scenario_files()


def test_every_scenario_has_a_stored_summary() -> None:
    stored = {p.name for p in STORED.glob("*.csv")}
    assert stored == {stored_name(p) for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=[stored_name(p)[:-4] for p in FILES])
def test_summary_is_byte_identical(path) -> None:
    expected = (STORED / stored_name(path)).read_text()
    actual = summary_csv(path)
    assert actual == expected, f"{stored_name(path)} changed: a refactor must keep every number"
