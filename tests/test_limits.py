"""Upper bounds that keep a run finite: refused by validate and by run alike, with file, key, value and limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sim.scenario.consistency import MAX_REQUESTS_PER_REPLICATION, expected_requests
from sim.scenario.loader import load_scenario
from tests.conftest import PRESET, SCENARIOS
from wijksim.cli import main

ZERO = '{ dist = "fixed", value = 0 }'
ZERO_BY_CLASS = f"{{ single = {ZERO}, multiple = {ZERO}, multi_problem = {ZERO} }}"


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ("[run]\nsnapshot_interval_weeks = 1e-6", "run.snapshot_interval_weeks = 1e-06: must be >= 0.1"),
        (
            "[demand.requests_per_1000_residents_per_year.adults]\nwmo = 1.7e308",
            "demand.requests_per_1000_residents_per_year.adults.wmo = 1.7e+308: must be a number from 0 to 1000",
        ),
        (
            "[demand.requests_per_1000_residents_per_year.adults]\nwmo = 9223372036854775807",
            "adults.wmo = 9.22337e+18: must be a number from 0 to 1000",
        ),
        (
            "[workforce]\nclient_hours_per_case_per_week = 1e-300\n"
            "[overhead]\nregistration_hours_per_case_per_week = 0",
            "workforce.client_hours_per_case_per_week = 1e-300: must be >= 0.01",
        ),
        ("[municipality]\nresidents = 5000000", "municipality.residents = 5000000: with these request rates"),
        (
            f"[behaviour]\nreentry_probability = 1\nreentry_delay_weeks = {ZERO}\n"
            f"[pathway]\nassessment_weeks = {ZERO_BY_CLASS}\nsupport_weeks = {ZERO_BY_CLASS}",
            "behaviour.reentry_probability = 1: every case comes back at once",
        ),
    ],
    ids=["snapshots", "rate-huge", "rate-int64", "client-hours", "residents", "time-stands-still"],
)
def test_a_scenario_that_would_not_finish_is_refused_by_validate_and_run(tmp_path, capsys, toml, needle):
    path = tmp_path / "bad.toml"
    path.write_text(f'extends = "{PRESET.as_posix()}"\n{toml}\n')
    outputs = []
    for command in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]):
        started = time.process_time()
        assert main(command) == 1
        assert time.process_time() - started < 10
        outputs.append(capsys.readouterr().err)
    assert outputs[0] == outputs[1]
    assert needle in outputs[0] and str(path) in outputs[0]
    assert not (tmp_path / "out").exists()


def test_every_preset_is_within_the_limits():
    # well inside: the largest preset, rotterdam_city (250,000 residents, 7 years with warm-up), expects
    # about 64,000 requests a replication, an eighth of the limit
    for path in SCENARIOS.glob("*.toml"):
        assert expected_requests(load_scenario(path)) < MAX_REQUESTS_PER_REPLICATION / 5, path.name


def spec(tmp_path: Path, body: str, metrics: str = '["requests"]') -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(
        f'name = "s"\nbase = "{PRESET.as_posix()}"\nreplications = 1\nseed = 1\nmetrics = {metrics}\n{body}\n'
    )
    return path


@pytest.mark.parametrize(
    ("body", "metrics", "needle"),
    [
        (
            '[design]\nkind = "factorial"\n[factors]\n"demand.rate_factor" = { values = [1] }',
            '["requests", "closed", "requests"]',
            "metrics: 'requests' is listed twice",
        ),
        (
            f'[design]\nkind = "factorial"\n[factors]\nscenario = {{ values = ["{PRESET.as_posix()}", '
            f'"{(SCENARIOS / "split_youth_b.toml").as_posix()}", "{PRESET.as_posix()}"] }}',
            '["requests"]',
            "is listed twice; list each value once",
        ),
        (
            f'[design]\nkind = "factorial"\n[factors]\nscenario = {{ values = ["{PRESET.as_posix()}", '
            f'"{PRESET.parent.as_posix()}/../scenarios/integral_a1.toml"] }}',
            '["requests"]',
            "is listed twice (",
        ),
        (
            '[design]\nkind = "lhs"\nsamples = 1000000\n[factors]\n"demand.rate_factor" = { low = 0.5, high = 2 }',
            '["requests"]',
            "design.samples = 1000000: 1,000,000 design points x 1 replications = 1,000,000 runs; at most 200,000",
        ),
    ],
    ids=["metric-twice", "file-twice", "same-file-two-names", "lhs-million"],
)
def test_a_spec_that_could_not_be_stored_or_run_is_refused(tmp_path, capsys, body, metrics, needle):
    path = spec(tmp_path, body, metrics)
    started = time.process_time()
    assert main(["validate", str(path)]) == 1
    assert time.process_time() - started < 20
    err = capsys.readouterr().err
    assert needle in err and str(path) in err and "Traceback" not in err
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    assert needle in capsys.readouterr().err
