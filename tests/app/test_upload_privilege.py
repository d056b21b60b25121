"""Least privilege on the upload page with passcodes: a team uploads its own department's answers only, saved
mappings stay with the department that saved them and apply once confirmed, answers to an open survey wave wait
for publication; and exports from the presentation page are recorded in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_harness import screen
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from survey_data import ADMIN, open_survey
from trust_data import canonical_csv

import access
from smm_maturity import audit, auth, store, upload_flow, waves
from smm_maturity.i18n import escape_markdown
from smm_maturity.ingest import read_upload

DATA = Path(__file__).resolve().parents[1] / "data" / "upload"
OTHER_COLUMN = "Austausch mit anderen Teams"
NEW = "\x00new"
NEW_WAVE = "+ Create a new wave …"
SECRETS = {
    "passcodes": {
        "admin": auth.hash_passcode("admin-passcode-2026"),
        "team": {
            "Marketing": auth.hash_passcode("marketing-passcode"),
            "IT": auth.hash_passcode("it-passcode"),
        },
    }
}


def signed_in(key: str, role: str, department: str | None = None) -> AppTest:
    """A screen in passcode mode, signed in with a role (and a team's department), after its first run."""
    at = screen(key, timeout=60)
    at.secrets["passcodes"] = SECRETS["passcodes"]
    at.session_state[access.ROLE_KEY] = role
    at.session_state[access.DEPARTMENT_KEY] = department
    at.query_params["lang"] = "en"
    return at.run()


def drop(at: AppTest, name: str, data: bytes) -> None:
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert [] == [e.value for e in at.exception]


def texts(elements: object) -> list[str]:
    return [element.value for element in elements]


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    con = store.connect(db)
    found = con.execute(sql, list(params)).fetchall()
    con.close()
    return found


def without_department(data: bytes) -> bytes:
    """A canonical file without its department column."""
    lines = [line.split(";") for line in data.decode("utf-8").splitlines()]
    return "\n".join(";".join(cells[:1] + cells[2:]) for cells in lines).encode("utf-8") + b"\n"


def test_a_team_user_cannot_upload_another_departments_answers(empty_db: Path) -> None:
    at = signed_in("upload", "team", "Abteilung 02")
    at.selectbox(key="upload.wave").set_value(NEW).run()
    at.text_input(key="upload.wave.new").set_value("W1").run()
    drop(at, "eins.csv", canonical_csv(1, 6))
    assert "Every answer of this file is filed under your department, Abteilung 02." in texts(at.caption)
    assert "upload.department" not in [box.key for box in at.selectbox]
    assert [
        escape_markdown(
            "eins.csv, row 2, column department: this answer belongs to Abteilung 01, but you may upload answers of"
            " Abteilung 02 only; remove the other departments' rows, or ask an admin to upload the file."
        )
    ] == texts(at.error)
    assert at.button(key="upload.import").disabled
    assert [(0,)] == rows(empty_db, "select count(*) from responses")


def test_a_team_users_file_without_a_department_goes_to_their_department(empty_db: Path) -> None:
    at = signed_in("upload", "team", "Abteilung 02")
    at.selectbox(key="upload.wave").set_value(NEW).run()
    at.text_input(key="upload.wave.new").set_value("W1").run()
    drop(at, "zwei.csv", without_department(canonical_csv(2, 6)))
    assert ([], False) == (texts(at.error), at.button(key="upload.import").disabled)
    at.button(key="upload.import").click().run()
    assert [("Abteilung 02", "Abteilung 02", 6)] == rows(
        empty_db,
        "select d.name, ud.name, count(*) from responses r join departments d using (department_id)"
        " join uploads u using (upload_id) join departments ud on ud.department_id = u.department_id group by all",
    )
    assert [("team", "Abteilung 02", "import")] == rows(empty_db, "select role, actor, action from audit_log")


def test_a_mapping_saved_by_one_department_is_offered_to_it_only_and_applies_once_confirmed(
    empty_db: Path,
) -> None:
    marketing = signed_in("upload", "team", "Marketing")
    marketing.selectbox(key="upload.wave").set_value(NEW).run()
    marketing.text_input(key="upload.wave.new").set_value("W1").run()
    drop(marketing, "marketing.csv", (DATA / "marketing.csv").read_bytes())
    next(box for box in marketing.selectbox if box.label == OTHER_COLUMN).set_value("SIL2")
    marketing.button(key="upload.mapping.apply").click().run()
    marketing.button(key="upload.import").click().run()
    signature = upload_flow.mapping_signature(read_upload((DATA / "marketing.csv").read_bytes(), "m.csv"))
    assert [(f"Marketing|{signature}",)] == rows(empty_db, "select header_signature from column_mappings")

    it = signed_in("upload", "team", "IT")
    drop(it, "later.csv", (DATA / "marketing_later.csv").read_bytes())
    assert [] == [text for text in texts(it.info) if "mapping" in text]
    assert "ignored" == next(box for box in it.selectbox if box.label == OTHER_COLUMN).value

    again = signed_in("upload", "team", "Marketing")
    drop(again, "later.csv", (DATA / "marketing_later.csv").read_bytes())
    [offer] = texts(again.info)
    assert offer.startswith("A column mapping saved for Marketing on ")
    assert "ignored" == next(box for box in again.selectbox if box.label == OTHER_COLUMN).value
    again.button(key="upload.mapping.confirm").click().run()
    assert "SIL2" == next(box for box in again.selectbox if box.label == OTHER_COLUMN).value
    again.button(key="upload.import").click().run()
    assert [(11,)] == rows(empty_db, "select count(*) from answers where item_code = 'SIL2'")


def test_an_upload_into_an_open_survey_wave_says_it_waits_for_publication(empty_db: Path) -> None:
    con = store.connect(empty_db)
    store.store_batch(con, read_upload(canonical_csv(2, 6), "import.csv"), "Import 2025")
    open_survey(con, "Umfrage 2026", {"Abteilung 02": None})
    waves.create_wave(con, "Entwurf 2027", {"Abteilung 02": None}, ADMIN)
    con.close()
    at = signed_in("upload", "team", "Abteilung 02")
    assert ["Umfrage 2026", "Import 2025", NEW_WAVE] == at.selectbox(key="upload.wave").options
    assert (
        "Survey waves open for answers: Umfrage 2026. Answers uploaded into them appear only once the wave is"
        " published, and only for departments with at least 5 new answers."
    ) in texts(at.caption)
    drop(at, "zwei.csv", canonical_csv(2, 3))
    at.button(key="upload.import").click().run()
    assert [
        "The answers are stored; they appear once wave Umfrage 2026 is published, and only for departments with at"
        " least 5 new answers."
    ] == texts(at.info)
    assert [(3,)] == rows(empty_db, "select count(*) from responses where publication_id is null")


def test_a_draft_survey_wave_typed_as_a_new_wave_is_refused_on_the_page(empty_db: Path) -> None:
    con = store.connect(empty_db)
    waves.create_wave(con, "Entwurf 2027", {"Abteilung 02": None}, ADMIN)
    con.close()
    at = signed_in("upload", "admin")
    assert [NEW_WAVE] == at.selectbox(key="upload.wave").options
    at.selectbox(key="upload.wave").set_value(NEW).run()
    at.text_input(key="upload.wave.new").set_value("Entwurf 2027").run()
    drop(at, "zwei.csv", canonical_csv(2, 3))
    assert [
        escape_markdown(
            "zwei.csv: wave Entwurf 2027 is not open for answers. Open it on the survey setup page, or import the"
            " file into another wave."
        )
    ] == texts(at.error)
    assert at.button(key="upload.import").disabled


def test_a_download_from_the_presentation_page_is_recorded_with_who_made_it(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: dict[str, object] = {}
    register = MediaFileManager.add_deferred

    def remember(self: MediaFileManager, data_callable: object, *args: object, **kwargs: object) -> str:
        made[str(kwargs.get("file_name"))] = data_callable
        return register(self, data_callable, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    at = signed_in("presentation", "admin")
    assert [] == [e.value for e in at.exception]
    [csv_name] = [name for name in made if name.endswith(".csv")]
    assert [] == rows(demo_db, "select * from audit_log where action = 'export'")
    content = made[csv_name]()  # type: ignore[operator]
    assert isinstance(content, bytes) and content
    assert [("admin", "", "export", f"Frühjahr 2026 to {csv_name}")] == rows(
        demo_db, "select role, actor, action, detail from audit_log where action = 'export'"
    )
    assert "export" in audit.ACTIONS
