"""Who may upload what, saved column mappings scoped to the department that saved them, and uploads that wait
for their survey wave's publication."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from survey_data import ADMIN, open_survey
from trust_data import canonical_csv

from smm_maturity import cli, store, upload_flow, waves
from smm_maturity import upload_scope as scope
from smm_maturity.auth import Identity
from smm_maturity.ingest import ImportBatch, read_upload
from smm_maturity.instrument import load_instrument
from smm_maturity.screen import Notice

UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"
ADMIN_USER = Identity("admin")
SALES = Identity("team", "Vertrieb")
SIGNATURE = "ab" * 32


@pytest.fixture
def con(tmp_path: Path):
    connection = store.connect(tmp_path / "scope.duckdb")
    yield connection
    connection.close()


def batch(text: str, name: str = "team.csv", department: str | None = None) -> ImportBatch:
    return read_upload(text.encode("utf-8"), name, department=department)


MIXED = "Abteilung;SIL1\nVertrieb;4\n Vertrieb ;3\nIT;2\n"


def test_a_team_user_may_not_upload_another_departments_answers() -> None:
    refusal = scope.upload_refusal(batch(MIXED), SALES)
    assert refusal is not None
    assert (
        "team.csv, row 4, column Abteilung: this answer belongs to IT, but you may upload answers of Vertrieb"
        " only; remove the other departments' rows, or ask an admin to upload the file."
    ) == refusal.message("en")
    with pytest.raises(scope.UploadRefused):
        scope.check_upload(batch(MIXED), SALES)


@pytest.mark.parametrize(
    ("text", "department"),
    [("Abteilung;SIL1\nVertrieb;4\n Vertrieb ;3\n", None), ("SIL1\n4\n3\n", "Vertrieb")],
    ids=["department column naming their own", "no department column"],
)
def test_a_team_user_may_upload_their_own_departments_answers(text: str, department: str | None) -> None:
    assert scope.upload_refusal(batch(text, department=department), SALES) is None


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        (ADMIN_USER, None),
        (Identity("team"), "privilege.no_department"),
        (Identity("viewer"), "privilege.may_not_upload"),
        (Identity("council"), "privilege.may_not_upload"),
        (None, "privilege.may_not_upload"),
    ],
)
def test_only_an_admin_uploads_any_file_and_a_team_needs_a_department(
    identity: Identity | None, expected: str | None
) -> None:
    refusal = scope.upload_refusal(batch(MIXED), identity)
    assert expected == (refusal.key if refusal else None)


def test_a_team_users_department_is_fixed_and_an_admin_chooses() -> None:
    assert ("Vertrieb", "IT", None) == (
        scope.upload_department(SALES, "IT"),
        scope.upload_department(ADMIN_USER, "IT"),
        scope.upload_department(ADMIN_USER, None),
    )
    assert (False, True) == (scope.chooses_department(SALES), scope.chooses_department(ADMIN_USER))


def test_a_team_user_is_told_where_the_answers_go() -> None:
    assert (
        Notice("caption", "Every answer of this file is filed under your department, Vertrieb."),
        None,
    ) == (scope.department_notice(SALES, "en"), scope.department_notice(ADMIN_USER, "en"))


@pytest.mark.parametrize(
    ("identity", "department", "expected"),
    [
        (SALES, None, "Vertrieb"),
        (SALES, "IT", "Vertrieb"),
        (ADMIN_USER, "  IT ", "IT"),
        (ADMIN_USER, None, scope.ORGANISATION),
    ],
)
def test_a_mapping_is_scoped_to_a_teams_department_or_the_admins_choice(
    identity: Identity, department: str | None, expected: str
) -> None:
    assert expected == scope.mapping_scope(identity, department)


def test_the_organisation_keeps_the_bare_signature_and_a_department_prefixes_it() -> None:
    assert (SIGNATURE, f"A|B|{SIGNATURE}") == (
        scope.mapping_key("", SIGNATURE),
        scope.mapping_key("A|B", SIGNATURE),
    )
    assert ("A|B", SIGNATURE) == scope.split_key(f"A|B|{SIGNATURE}")
    assert ("", SIGNATURE) == scope.split_key(SIGNATURE)


def test_a_mapping_saved_by_department_a_is_not_offered_for_department_b(
    con: duckdb.DuckDBPyConnection,
) -> None:
    signature = upload_flow.mapping_signature(read_upload((UPLOAD / "marketing.csv").read_bytes(), "m.csv"))
    scope.save_mapping(con, "Marketing", signature, {"Austausch mit anderen Teams": "SIL2"})
    found = scope.load_mapping(con, "Marketing", signature)
    assert found is not None
    assert ("Marketing", signature, {"Austausch mit anderen Teams": "SIL2"}) == (
        found.scope,
        found.signature,
        found.columns,
    )
    assert (None, None) == (
        scope.load_mapping(con, "Vertrieb", signature),
        scope.load_mapping(con, "", signature),
    )
    scope.save_mapping(con, "Marketing", signature, {"Austausch mit anderen Teams": "ignored"})
    assert [("Marketing", {"Austausch mit anderen Teams": "ignored"})] == [
        (entry.scope, entry.columns) for entry in scope.saved_mappings(con)
    ]


def test_a_person_column_is_never_saved_or_loaded_as_department_or_respondent_id(
    con: duckdb.DuckDBPyConnection,
) -> None:
    chosen = {"Ihr Name": "department", "E-Mail": "respondent_id", "Team-Mitglied": "comment", "Q1": "SIL1"}
    assert {"Team-Mitglied": "comment", "Q1": "SIL1"} == scope.save_mapping(con, "IT", SIGNATURE, chosen)
    con.execute(
        "insert into column_mappings (header_signature, mapping) values (?, ?)",
        [SIGNATURE, json.dumps({"Name (Team)": "department", "Q1": "SIL1"})],
    )
    found = scope.load_mapping(con, scope.ORGANISATION, SIGNATURE)
    assert found is not None and {"Q1": "SIL1"} == found.columns


def test_a_saved_mapping_is_offered_with_its_choices_until_it_is_confirmed() -> None:
    saved = scope.SavedMapping(
        "Marketing", SIGNATURE, {"Q1": "SIL1", "Q2": "ignored"}, datetime(2026, 3, 2, 9, 15)
    )
    instrument = load_instrument()
    offer = scope.mapping_offer(saved, {}, instrument, "en")
    assert offer is not None
    assert (
        Notice(
            "info",
            "A column mapping saved for Marketing on 2026-03-02 09:15 fits this file (2 columns); check its choices"
            " below, it applies only once you confirm it.",
            ":material/bookmark:",
        ),
        "Apply this mapping",
    ) == (offer.notice, offer.confirm)
    labels = [upload_flow.target_label(target, instrument, "en") for target in ("SIL1", "ignored")]
    assert [["Q1", labels[0]], ["Q2", labels[1]]] == offer.table.values.tolist()
    state: dict[str, object] = {}
    scope.confirm_mapping(state, saved.key, saved.columns)
    confirmed = scope.confirmed_mapping(state, saved.key)
    assert ({"Q1": "SIL1", "Q2": "ignored"}, {}) == (confirmed, scope.confirmed_mapping(state, SIGNATURE))
    assert scope.mapping_offer(saved, confirmed, instrument, "en") is None
    assert scope.mapping_offer(None, {}, instrument, "en") is None


def survey_waves(con: duckdb.DuckDBPyConnection) -> list[waves.SurveyWave]:
    """An import wave, an open, a draft and a closed survey wave, newest first."""
    store.store_batch(con, read_upload(canonical_csv(1, 3), "import.csv"), "Import 2025")
    open_survey(con, "Offen", {"Abteilung 01": None})
    waves.create_wave(con, "Entwurf", {"Abteilung 01": None}, ADMIN)
    open_survey(con, "Vorbei", {"Abteilung 01": None})
    waves.close_wave(con, "Vorbei", ADMIN)
    return waves.survey_waves(con)


def test_uploads_go_into_import_waves_and_open_survey_waves_only(con: duckdb.DuckDBPyConnection) -> None:
    known = survey_waves(con)
    assert (["Offen", "Import 2025"], ["Offen"]) == (
        scope.upload_waves(known),
        scope.open_survey_waves(known),
    )
    assert Notice(
        "caption",
        "Survey waves open for answers: Offen. Answers uploaded into them appear only once the wave is published,"
        " and only for departments with at least 5 new answers.",
    ) == scope.waves_notice(known, 5, "en")
    assert [None, None, None, "store.wave_not_open", "store.wave_not_open"] == [
        getattr(scope.wave_refusal("f.csv", wave, known), "key", None)
        for wave in (None, "Neu", "Offen", "Entwurf", " Vorbei ")
    ]
    refusal = scope.wave_refusal("f.csv", "Entwurf", known)
    assert refusal is not None
    assert refusal.message("en").startswith("f.csv: wave Entwurf is not open for answers.")


def test_an_upload_into_an_open_survey_wave_waits_for_its_publication(con: duckdb.DuckDBPyConnection) -> None:
    open_survey(con, "Offen", {"Abteilung 02": None})
    pending = store.store_batch(con, read_upload(canonical_csv(2, 3), "two.csv"), "Offen")
    imported = store.store_batch(con, read_upload(canonical_csv(3, 5), "three.csv"), "Import")
    waiting = scope.Waiting(("Abteilung 02",), survey=True)
    assert (waiting, None) == (scope.waiting(con, pending.upload_id), scope.waiting(con, imported.upload_id))
    summary = upload_flow.import_summary(pending, read_upload(canonical_csv(2, 3), "two.csv"), None)
    assert Notice(
        "info",
        "The answers are stored; they appear once wave Offen is published, and only for departments with at least"
        " 5 new answers.",
        ":material/schedule:",
    ) == scope.pending_notice(summary, waiting, 5, "en")
    assert (None, None) == (
        scope.pending_notice(summary, None, 5, "en"),
        scope.pending_notice(None, waiting, 5, "en"),
    )


def test_an_import_wave_holds_a_department_back_until_it_has_k_new_answers(
    con: duckdb.DuckDBPyConnection,
) -> None:
    first = store.store_batch(con, read_upload(canonical_csv(3, 3), "three.csv"), "Import")
    waiting = scope.Waiting(("Abteilung 03",), survey=False)
    summary = upload_flow.import_summary(first, read_upload(canonical_csv(3, 3), "three.csv"), None)
    assert Notice(
        "info",
        "The answers are stored, but not shown yet for Abteilung 03: a department's new answers appear only once"
        " there are at least 5 of them, so that nobody can read a few people's answers by comparing the figures"
        " before and after. They appear as soon as further uploads bring the department's new answers to 5.",
        ":material/schedule:",
    ) == scope.pending_notice(summary, scope.waiting(con, first.upload_id), 5, "en")
    assert waiting == scope.waiting(con, first.upload_id)
    second = store.store_batch(
        con, read_upload(canonical_csv(3, 2).replace(b"m03-", b"n03-"), "more.csv"), "Import"
    )
    assert (None, None) == (scope.waiting(con, first.upload_id), scope.waiting(con, second.upload_id))


def test_the_command_line_says_which_departments_an_import_wave_holds_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.duckdb"
    path = tmp_path / "four.csv"
    path.write_bytes(canonical_csv(4, 4))
    assert 0 == cli.main(["--db", str(db), "import", str(path), "--wave", "Import"])
    assert (
        "but not shown yet for Abteilung 04: a department's new answers appear only once there are at least 5"
        in (capsys.readouterr().out)
    )


def test_the_command_line_says_that_an_import_into_an_open_survey_wave_waits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.duckdb"
    con = store.connect(db)
    open_survey(con, "Offen", {"Abteilung 04": None})
    con.close()
    path = tmp_path / "four.csv"
    path.write_bytes(canonical_csv(4, 3))
    assert 0 == cli.main(["--db", str(db), "import", str(path), "--wave", "Offen"])
    assert (
        "The answers are stored; they appear once wave Offen is published, and only for departments with at least"
        " 5 new answers."
    ) == capsys.readouterr().out.strip().splitlines()[-1]
