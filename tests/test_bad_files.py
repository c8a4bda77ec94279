"""Bad files, not bad values: each ends in a few lines naming the file and exit status 1, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.scenario.loader import MAX_EXTENDS, MAX_PROBLEMS
from tests.conftest import PRESET, ROOT
from wijksim.cli import main


def extends(base: Path | str) -> str:
    return f'extends = "{Path(base).as_posix()}"\n'


def csv_scenario(folder: Path, csv_text: str) -> Path:
    (folder / "open.csv").write_text(csv_text)
    path = folder / "with_csv.toml"
    path.write_text(extends(PRESET) + '[start_state]\nopen_cases_csv = "open.csv"\n')
    return path


def chain(folder: Path, length: int) -> Path:
    for i in range(length):
        (folder / f"s{i}.toml").write_text(extends(f"s{i + 1}.toml") if i < length - 1 else extends(PRESET))
    return folder / "s0.toml"


def symlink_loop(folder: Path) -> Path:
    os.symlink(folder / "b.toml", folder / "a.toml")
    os.symlink(folder / "a.toml", folder / "b.toml")
    return folder / "a.toml"


def many_areas(folder: Path) -> Path:
    path = folder / "areas.toml"
    areas = "\n".join(f"a{i} = 0.0001" for i in range(10_000))
    path.write_text(extends(PRESET) + f"[municipality.areas]\n{areas}\n")
    return path


BAD_FILES = {
    "empty-csv": (lambda d: csv_scenario(d, ""), "open.csv: the file is empty"),
    "blank-csv": (lambda d: csv_scenario(d, "\n  \n\n"), "open.csv: the file is empty"),
    "nested-2000": (
        lambda d: (d / "deep.toml").write_text("x = " + "[" * 2000 + "]" * 2000 + "\n") and d / "deep.toml",
        "nested too deeply",
    ),
    "extends-chain": (lambda d: chain(d, 1000), f"a chain of more than {MAX_EXTENDS} files"),
    "extends-cycle": (
        lambda d: (
            (d / "c.toml").write_text(extends("c2.toml"))
            and (d / "c2.toml").write_text(extends("c.toml"))
            and d / "c.toml"
        ),
        "circular inheritance",
    ),
    "extends-nul": (
        lambda d: (d / "nul.toml").write_text('extends = "a\\u0000b.toml"\n') and d / "nul.toml",
        "must be a file name in quotes",
    ),
    "extends-long-name": (
        lambda d: (d / "long.toml").write_text(extends("x" * 300 + ".toml")) and d / "long.toml",
        "cannot be read (File name too long)",
    ),
    "symlink-loop": (symlink_loop, "cannot be read (Too many levels of symbolic links)"),
    "fifo": (lambda d: os.mkfifo(d / "fifo.toml") or d / "fifo.toml", "not a regular file"),
    "folder": (lambda d: (d / "dir.toml").mkdir() or d / "dir.toml", "a folder"),
    "10000-areas": (many_areas, "municipality.areas"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gives_a_few_lines_and_exit_1(tmp_path, capsys, monkeypatch, name):
    make, needle = BAD_FILES[name]
    path = make(tmp_path)
    monkeypatch.chdir(tmp_path)
    for command in (["validate", str(path)], ["run", str(path), "--quiet"]):
        started = time.monotonic()
        if name == "fifo":  # in a subprocess: a reader that blocked would hang the test run, not fail it
            done = subprocess.run(
                [sys.executable, "-m", "wijksim", *command],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                timeout=60,
            )
            status, err = done.returncode, done.stderr
        else:
            status, err = main(command), capsys.readouterr().err
        assert status == 1, (command, err)
        assert time.monotonic() - started < 30
        assert "Traceback" not in err and needle in err, (command, err)
        assert len(err.splitlines()) <= MAX_PROBLEMS + 1
        assert len(err) < 50_000


def test_problems_beyond_the_cap_are_counted(tmp_path, capsys):
    path = tmp_path / "many.toml"
    teams = "\n".join(f'[teams.t{i}]\nstaff = [{{ discipline = "generalist", fte = 9 }}]' for i in range(200))
    path.write_text(extends(PRESET) + teams + "\n")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].startswith("... and ") and lines[-1].endswith(" more problems")
