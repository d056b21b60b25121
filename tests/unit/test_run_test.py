"""`run.py test` runs the checks, then pytest on one worker per core unless the arguments choose the workers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import run


def test_pytest_runs_on_workers_unless_the_arguments_choose_them(monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[list[str]] = []

    def pytest_run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        commands.append(command[3:])
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(run, "check", lambda consequence="": 0)
    monkeypatch.setattr(run.subprocess, "run", pytest_run)
    for extra in (
        ["-m", "not slow"],
        ["-n", "0", "tests/unit"],
        ["--numprocesses=2"],
        ["-p", "no:cacheprovider"],
    ):
        assert 0 == run.test(Path("python"), extra)
    expected = [
        ["--numprocesses", "auto", "--dist", "loadgroup", "-m", "not slow"],
        ["-n", "0", "tests/unit"],
        ["--numprocesses=2"],
        ["--numprocesses", "auto", "--dist", "loadgroup", "-p", "no:cacheprovider"],
    ]
    assert expected == commands


def test_a_failed_check_runs_no_test(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "check", lambda consequence="": 1)
    monkeypatch.setattr(run.subprocess, "run", lambda *args, **kwargs: pytest.fail("pytest ran"))
    assert 1 == run.test(Path("python"), [])
