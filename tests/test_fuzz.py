"""The fuzz corpus (tests/fuzz_corpus.py) through validate and a short run: no traceback, no endless run.

Every file goes through ``wijksim validate`` and a short ``wijksim run`` (one replication of 0.02
years; a spec through ``wijksim sweep``), in this process to be fast. The test fails on a traceback,
a command over 20 s, an exit status other than 0 or 1, or validate and run disagreeing.
"""

from __future__ import annotations

import contextlib
import io
import signal
import time
import traceback
from pathlib import Path

import pytest

from tests.fuzz_corpus import Case, write_corpus
from wijksim.cli import main

LIMIT_S = 20


class TooSlow(BaseException):
    """A command of the corpus ran longer than LIMIT_S (a BaseException: a sweep keeps going past
    an Exception of one run, recording it as that run's error)."""


def _alarm(signum, frame):
    raise TooSlow


def command_status(args: list[str]) -> tuple[int | str, float, str]:
    """``main(args)``'s exit status (or what went wrong), its wall time and what it printed to stderr."""
    err = io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, LIMIT_S)
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status: int | str = main(args)
    except TooSlow:
        status = f"over {LIMIT_S} s"
    except SystemExit as exc:
        status = f"exit {exc.code}"
    except BaseException as exc:  # noqa: BLE001 - a traceback is what the corpus looks for
        status = "traceback: " + "".join(traceback.format_exception_only(exc)).strip()[:300]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    text = err.getvalue()
    if isinstance(status, int) and "Traceback (most recent call last)" in text:
        status = "traceback printed"
    return status, time.monotonic() - started, text


def check(case: Case, out: Path) -> str | None:
    """What is wrong with how validate and run treat ``case``, or None."""
    validated, _, _ = command_status(["validate", str(case.path)])
    if case.kind == "spec":
        args = ["sweep", str(case.path), "--workers", "1", "--out", str(out), "--quiet"]
    else:
        args = ["run", str(case.path), "--reps", "1", "--years", "0.02", "--out", str(out), "--quiet"]
    ran, _, text = command_status(args)
    for what, status in (("validate", validated), (args[0], ran)):
        if status not in (0, 1):
            return f"{case.path.name}: {what}: {status}"
    if validated != ran:
        return f"{case.path.name}: validate exits {validated} but {args[0]} exits {ran}: {text.strip()[:300]}"
    return None


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")
def test_every_corpus_file_is_validated_and_run_without_a_traceback(tmp_path):
    cases = write_corpus(tmp_path / "corpus")
    assert len(cases) >= 300
    started = time.process_time()
    problems = [
        p for i, case in enumerate(cases) if (p := check(case, tmp_path / "out" / str(i))) is not None
    ]
    assert problems == [], "\n".join(problems)
    accepted = sum(1 for i in range(len(cases)) if (tmp_path / "out" / str(i) / "manifest.json").exists())
    assert 40 <= accepted <= len(cases) - 40, "the corpus should hold both files that run and files refused"
    assert time.process_time() - started < 300
