"""The survey commands as a consultant runs them: a wave from creation to publication, and refusals that change
nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from survey_data import answer_online
from test_cli import run_cli

from smm_maturity import invites, store
from smm_maturity.instrument import load_instrument

pytestmark = pytest.mark.slow

WAVE = "Frühjahr 2027"
PUBLIC = {"SMM_PUBLIC_URL": "https://umfrage.example.de/"}


def ok(db: Path, *args: str) -> str:
    done = run_cli(*args, db=db, env=PUBLIC)
    assert (0, "") == (done.returncode, done.stderr), args
    return done.stdout.strip()


def refused(db: Path, *args: str) -> str:
    done = run_cli(*args, db=db, env=PUBLIC)
    assert (1, "") == (done.returncode, done.stdout), args
    return done.stderr.strip()


def test_a_survey_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "survey.duckdb"
    created = ok(
        db,
        "wave",
        "create",
        WAVE,
        "--department",
        "Vertrieb=12",
        "--department",
        "Produktion=20",
        "--department",
        "IT",
    )
    assert f"Wave {WAVE} created as a draft with IT, Produktion, Vertrieb." == created
    ok(db, "wave", "create", "Herbst 2027", "--department", "Marketing")
    listing = ok(db, "wave", "list")
    assert [
        f"error: A wave “{WAVE}” already exists; choose another name.",
        f"error: Marketing is not part of wave {WAVE}.",
        "error: “2027-13-01” is not a date; write it as YYYY-MM-DD, such as 2027-03-31.",
        f"error: “{tmp_path / 'codes.txt'}” must end in .html (a printable sheet) or .csv (for a mail merge).",
        "error: “IT=null” cannot be read as a department: write the name, optionally followed by = and a headcount of at least 1, such as Sales=24.",
    ] == [
        refused(db, "wave", "create", WAVE, "--department", "HR"),
        refused(
            db,
            "codes",
            "--wave",
            WAVE,
            "--department",
            "Marketing",
            "--count",
            "3",
            "--out",
            str(tmp_path / "m.csv"),
        ),
        refused(db, "wave", "open", WAVE, "--until", "2027-13-01"),
        refused(
            db,
            "codes",
            "--wave",
            WAVE,
            "--department",
            "IT",
            "--count",
            "3",
            "--out",
            str(tmp_path / "codes.txt"),
        ),
        refused(db, "wave", "create", "Winter", "--department", "IT=null"),
    ]
    assert listing == ok(db, "wave", "list")
    assert [] == list(tmp_path.glob("m.csv"))

    assert f"Wave {WAVE} is open until 2027-03-31." == ok(db, "wave", "open", WAVE, "--until", "2027-03-31")
    out = tmp_path / "vertrieb.csv"
    assert f"5 codes for Vertrieb in {WAVE} written to {out}; they cannot be shown again." == ok(
        db,
        "codes",
        "--wave",
        WAVE,
        "--department",
        "Vertrieb",
        "--count",
        "5",
        "--out",
        str(out),
        "--lang",
        "en",
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert ["wave", "department", "code", "address"] == rows[0]
    ok(db, "codes", "--wave", WAVE, "--department", "IT", "--count", "2", "--out", str(tmp_path / "it.html"))
    address = ok(db, "link", "--wave", WAVE, "--department", "Produktion", "--limit", "8")
    assert address.startswith("https://umfrage.example.de/?join=")

    con = store.connect(db)
    coded = invites.check(con, code=rows[1][2])
    assert (WAVE, "Vertrieb") == (coded.wave, coded.department)
    link = invites.check(con, link=parse_qs(urlsplit(address).query)["join"][0])
    assert (WAVE, "Produktion") == (link.wave, link.department)
    for row in rows[1:]:
        invites.submit(con, invites.check(con, code=row[2]), {"SIL1": 4}, {}, "", load_instrument())
    answer_online(con, WAVE, "IT", {"SIL1": 2})
    con.close()

    assert [
        f"Published in {WAVE}: Vertrieb (5) new answers.",
        "Held back: IT, with fewer than 5 new answers. They appear once they have at least 5.",
    ] == ok(db, "wave", "publish", WAVE).splitlines()
    assert f"Wave {WAVE} is closed." == ok(db, "wave", "close", WAVE)
    assert [
        f"error: Wave {WAVE} is already closed.",
        f"error: This survey ({WAVE}) is closed and takes no more answers. Thank you for your interest.",
        "error: --min-group 2 is below the configured minimum group size, 5; the command line may raise it, never lower it.",
    ] == [
        refused(db, "wave", "close", WAVE),
        refused(
            db,
            "codes",
            "--wave",
            WAVE,
            "--department",
            "IT",
            "--count",
            "1",
            "--out",
            str(tmp_path / "late.csv"),
        ),
        refused(db, "wave", "publish", WAVE, "--min-group", "2"),
    ]
    assert (
        f"Nothing new to publish in {WAVE}.\nHeld back: IT, with fewer than 5 new answers. They appear once they have at least 5."
        == ok(db, "wave", "publish", WAVE)
    )
