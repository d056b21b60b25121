"""Surveys for tests: an open wave with its departments, and answers given online through access codes."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from smm_maturity import audit, invites, waves
from smm_maturity.instrument import load_instrument

ADMIN = audit.Actor("admin", "test")


def open_survey(con: duckdb.DuckDBPyConnection, wave: str, departments: Mapping[str, int | None]) -> None:
    """Create and open a survey wave asking these departments."""
    waves.create_wave(con, wave, departments, ADMIN)
    waves.open_wave(con, wave, ADMIN)


def answer_online(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    department: str,
    answers: dict[str, int],
    collaboration: dict[str, int] | None = None,
    comment: str = "",
) -> None:
    """One response through a fresh access code, as a respondent on the questionnaire would give it."""
    code = invites.generate_codes(con, wave, department, 1, ADMIN)[0]
    invitation = invites.check(con, code=code)
    invites.submit(con, invitation, answers, collaboration or {}, comment, load_instrument())


Response = tuple[str, dict[str, int], dict[str, int], str]
"""One online response: department, answers, collaboration ratings and comment."""


def answered_survey(con: duckdb.DuckDBPyConnection, wave: str, responses: list[Response], k: int = 3) -> None:
    """A survey wave over every department the responses name, answered online, closed and published."""
    departments = sorted({name for department, _, ratings, _ in responses for name in (department, *ratings)})
    open_survey(con, wave, dict.fromkeys(departments))
    for department, answers, ratings, comment in responses:
        answer_online(con, wave, department, answers, ratings, comment)
    waves.close_wave(con, wave, ADMIN)
    waves.publish(con, wave, k, ADMIN)


def prepared_invitation(con: duckdb.DuckDBPyConnection, wave: str, department: str) -> invites.Invitation:
    """An open survey wave of one department with one unused access code, checked as a respondent would."""
    open_survey(con, wave, {department: None})
    code = invites.generate_codes(con, wave, department, 1, ADMIN)[0]
    return invites.check(con, code=code)
