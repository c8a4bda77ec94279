"""``experiments.run(spec)`` and ``wijksim sweep`` leave the same folder: runs, manifest and derived tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import experiments
from experiments.store import load
from tests.conftest import PRESET, SCENARIOS
from wijksim.cli import main

SOBOL = """
name = "tiny sobol"
base = "{base}"
replications = 1
seed = 7
years = 0.05
metrics = ["requests", "wait_first_contact_mean_weeks"]

[design]
kind = "sobol"
samples = 2

[factors]
"municipality.residents" = {{ low = 40000, high = 60000, integer = true }}
"workforce.client_hours_per_case_per_week" = {{ low = 1.2, high = 1.6 }}
"""

STRUCTURES = """
name = "tiny structures"
base = "{base}"
replications = 2
seed = 7
years = 0.05
metrics = ["requests", "wait_first_contact_mean_weeks"]

[design]
kind = "factorial"

[factors]
scenario = {{ values = ["{base}", "{other}"] }}
"run.warmup_years" = {{ values = [0] }}
"""


def files_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("text", "derived"),
    [(SOBOL, "sensitivity.csv"), (STRUCTURES, "structures.csv")],
    ids=["sobol", "scenario-factor"],
)
def test_python_api_writes_the_folder_of_the_command_line(tmp_path, text, derived):
    base = tmp_path / "a1.toml"
    base.write_text(f'extends = "{PRESET.as_posix()}"\n[run]\nwarmup_years = 0\n')
    other = SCENARIOS / "split_youth_b.toml"
    spec = tmp_path / "spec.toml"
    spec.write_text(text.format(base=base.as_posix(), other=other.as_posix()))

    by_cli, by_api = tmp_path / "cli", tmp_path / "api"
    assert main(["sweep", str(spec), "--out", str(by_cli), "--workers", "1", "--quiet"]) == 0
    runs = experiments.run(spec, out=by_api, workers=1)

    assert files_of(by_api) == files_of(by_cli)
    assert derived in files_of(by_api)
    pd.testing.assert_frame_equal(
        load(by_api).drop(columns="wall_time_s"), load(by_cli).drop(columns="wall_time_s")
    )
    pd.testing.assert_frame_equal(runs, load(by_api))
    assert (by_api / derived).read_text() == (by_cli / derived).read_text()
