"""The upload page, run with AppTest: wave, file, preview, mapping step, import, duplicates and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_harness import open_file
from streamlit.testing.v1 import AppTest

from smm_maturity import store

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "upload.py")
DATA = Path(__file__).resolve().parents[1] / "data"
UPLOAD = DATA / "upload"
NEW = "\x00new"
OTHER_COLUMN = "Austausch mit anderen Teams"


def open_page(lang: str = "de") -> AppTest:
    """The upload page, run once."""
    at = open_file(PAGE, timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    return at


def counts(path: Path) -> dict[str, int]:
    """The row count of every table."""
    con = store.connect(path)
    return store.table_counts(con)


def query(path: Path, sql: str, *params: object) -> list[tuple]:
    """Rows of a query against the page's database."""
    return store.connect(path).execute(sql, list(params)).fetchall()


def new_wave(at: AppTest, name: str) -> None:
    """Create a wave through the "new wave" option."""
    at.selectbox(key="upload.wave").set_value(NEW).run()
    at.text_input(key="upload.wave.new").set_value(name).run()


def drop(at: AppTest, path: Path, name: str | None = None) -> None:
    """Drop a file on the uploader, as a browser would."""
    at.file_uploader[0].set_value((name or path.name, path.read_bytes(), "text/csv")).run()
    assert not at.exception


def texts(elements: object) -> list[str]:
    """The values of a list of text elements."""
    return [element.value for element in elements]


def test_empty_database_shows_the_steps_templates_and_no_uploads(empty_db: Path) -> None:
    at = open_page("de")
    assert "Antworten hochladen" == at.title[0].value
    assert ["+ Neue Welle anlegen …"] == at.selectbox(key="upload.wave").options
    assert NEW == at.selectbox(key="upload.wave").value
    assert 1 == len(at.file_uploader)
    assert "Noch keine Uploads." in texts(at.caption)
    downloads = [element for element in at.get("download_button")]
    assert 4 == len(downloads)


def test_page_speaks_english(empty_db: Path) -> None:
    at = open_page("en")
    assert "Upload answers" == at.title[0].value
    assert "1 · Survey wave" == at.subheader[0].value
    assert "No uploads yet." in texts(at.caption)


def test_whole_flow_with_mapping_step_import_summary_and_rerun(empty_db: Path) -> None:
    at = open_page("de")
    new_wave(at, "Frühjahr 2026")
    drop(at, UPLOAD / "marketing.csv")

    assert ["Augenhöhe\\-Vorlage", "UTF\\-8", "Komma \\( , \\)", "6"] == [
        markdown.value.strip("*") for markdown in at.markdown if markdown.value.startswith("**")
    ][:4]
    mapping = next(box for box in at.selectbox if box.label == OTHER_COLUMN)
    assert "ignored" == mapping.value
    assert ["2 Hinweise. Die Datei kann trotzdem importiert werden."] == texts(at.main.warning)
    report = at.table[0].value
    assert [OTHER_COLUMN, ""] == list(report["Spalte"])

    mapping.set_value("SIL2")
    at.button(key="upload.mapping.apply").click().run()
    assert [("SIL2",)] == query(
        empty_db, "select mapping->>'$.\"Austausch mit anderen Teams\"' from column_mappings"
    )
    assert ["Keine Probleme gefunden."] == texts(at.success)
    assert [] == texts(at.main.warning)
    assert not at.button(key="upload.import").disabled
    assert "6 Antworten importieren" == at.button(key="upload.import").label

    before = counts(empty_db)
    at.button(key="upload.import").click().run()
    assert not at.exception
    summary = texts(at.success)[0]
    assert summary.startswith(
        "**Gespeichert** (Upload #1): 6 Antworten aus marketing\\.csv in der Welle Frühjahr 2026"
    )
    assert "Abteilungen: Marketing (6)" in summary
    assert at.file_uploader[0].value is None
    assert [("Frühjahr 2026", "Marketing", 6, 6)] == query(
        empty_db,
        "select w.name, d.name, count(distinct r.response_id), count(distinct r.response_id) filter (where a.item_code = 'SIL2')"
        " from responses r join waves w using (wave_id) join departments d using (department_id)"
        " join answers a using (response_id) group by all",
    )
    after = counts(empty_db)
    assert 6 == after["responses"] - before["responses"]

    at.run()
    at.run()
    assert after == counts(empty_db)
    assert "Frühjahr 2026" == at.selectbox(key="upload.wave").value


def test_the_saved_mapping_is_offered_for_the_next_file_with_the_same_headers(empty_db: Path) -> None:
    at = open_page("en")
    new_wave(at, "W1")
    drop(at, UPLOAD / "marketing.csv")
    next(box for box in at.selectbox if box.label == OTHER_COLUMN).set_value("SIL2")
    at.button(key="upload.mapping.apply").click().run()
    at.button(key="upload.import").click().run()

    drop(at, UPLOAD / "marketing_later.csv")
    [offer] = texts(at.info)
    assert offer.startswith("A column mapping saved for the whole organisation on ")
    assert offer.endswith(
        " fits this file (1 column); check its choices below, it applies only once you confirm it."
    )
    offered = [[OTHER_COLUMN, "SIL2 · We learn in good time what other departments are working on."]]
    assert offered == at.dataframe[0].value.values.tolist()
    assert "ignored" == next(box for box in at.selectbox if box.label == OTHER_COLUMN).value
    assert [] == texts(at.success)

    at.button(key="upload.mapping.confirm").click().run()
    assert ["A mapping is saved for files with these columns; it has been applied."] == texts(at.info)
    assert "SIL2" == next(box for box in at.selectbox if box.label == OTHER_COLUMN).value
    assert ["No problems found."] == texts(at.success)
    at.button(key="upload.import").click().run()
    assert [(11,)] == query(empty_db, "select count(*) from answers where item_code = 'SIL2'")


def test_a_duplicate_upload_is_refused_naming_the_earlier_upload(empty_db: Path) -> None:
    at = open_page("en")
    new_wave(at, "W1")
    drop(at, UPLOAD / "marketing.csv")
    at.button(key="upload.import").click().run()
    before = counts(empty_db)

    drop(at, UPLOAD / "marketing.csv", "renamed copy.csv")
    [message] = texts(at.error)
    assert message.startswith("Exactly this file was uploaded before: upload #1 (marketing\\.csv, wave W1, ")
    assert at.button(key="upload.import").disabled
    assert before == counts(empty_db)


def test_a_refusal_by_the_store_is_shown_as_a_message_not_a_traceback(
    empty_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page("en")
    new_wave(at, "W1")
    drop(at, UPLOAD / "marketing.csv")
    at.button(key="upload.import").click().run()
    before = counts(empty_db)
    monkeypatch.setattr(store, "find_upload", lambda con, sha256: None)  # the page's check
    monkeypatch.setattr(store.responses, "find_upload", lambda con, sha256: None)  # the store's own

    drop(at, UPLOAD / "marketing.csv", "again.csv")
    at.button(key="upload.import").click().run()
    assert not at.exception
    [message] = texts(at.error)
    assert "Nothing was stored. again\\.csv was already uploaded; nothing was imported\\." == message
    assert before == counts(empty_db)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (UPLOAD / "problems.csv", ["5 errors, 2 warnings"]),
        (DATA / "bad" / "empty.csv", ["1 error, 0 warnings"]),
        (DATA / "bad" / "not_tabular.txt", ["1 error"]),
        (DATA / "bad" / "mixed_encoding.csv", ["error"]),
        (DATA / "bad" / "truncated.xlsx", ["1 error"]),
        (DATA / "bad" / "out_of_range.csv", ["errors"]),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else None,
)
def test_a_rejected_file_cannot_be_imported_and_changes_nothing(
    empty_db: Path, path: Path, words: list[str]
) -> None:
    at = open_page("en")
    new_wave(at, "W1")
    before = counts(empty_db)
    drop(at, path, path.name if path.suffix != ".txt" else "not_tabular.csv")
    [verdict] = texts(at.error)
    assert all(word in verdict for word in words)
    assert at.button(key="upload.import").disabled
    assert before == counts(empty_db)


def test_the_report_names_row_and_column_of_every_problem(empty_db: Path) -> None:
    at = open_page("de")
    drop(at, UPLOAD / "problems.csv")
    report = at.table[0].value
    assert ["Art", "Zeile", "Spalte", "Was zu tun ist"] == list(report.columns)
    assert ["2", "3", "4", "5", "5", "", ""] == list(report["Zeile"])
    assert ["SIL2", "SIL4", "respondent\\_id", "department", "TRA1", "Lieblingsfarbe", ""] == list(
        report["Spalte"]
    )
    assert report["Was zu tun ist"][0].startswith("Der Wert „7“ liegt außerhalb der Skala 1 bis 5")


def test_a_file_without_department_asks_for_one_before_the_report(empty_db: Path) -> None:
    at = open_page("de")
    new_wave(at, "W1")
    drop(at, UPLOAD / "vertrieb_ohne_abteilung.csv")
    department = at.selectbox(key="upload.department")
    assert department.value is None
    assert ["Wählen Sie die Abteilung, zu der diese Antworten gehören; dann prüfen wir die Datei."] == texts(
        at.info
    )
    assert not any(button.key == "upload.import" for button in at.button)

    department.set_value(NEW).run()
    at.text_input(key="upload.department.new").set_value("Vertrieb").run()
    assert ["Keine Probleme gefunden."] == texts(at.success)
    at.button(key="upload.import").click().run()
    assert [("Vertrieb", 5)] == query(
        empty_db,
        "select d.name, count(*) from responses join departments d using (department_id) group by all",
    )
    assert [("Vertrieb",)] == query(
        empty_db, "select d.name from uploads join departments d using (department_id)"
    )


def test_import_waits_for_a_wave_name(empty_db: Path) -> None:
    at = open_page("en")
    drop(at, UPLOAD / "marketing.csv")
    assert "Choose or name the wave above." in texts(at.caption)
    assert at.button(key="upload.import").disabled


def test_undo_asks_first_and_then_removes_the_whole_upload(empty_db: Path) -> None:
    at = open_page("de")
    new_wave(at, "W1")
    drop(at, UPLOAD / "marketing.csv")
    at.button(key="upload.import").click().run()
    uploads = at.dataframe[0].value
    assert [1, "marketing.csv", "W1", "Marketing", 6] == list(uploads.iloc[0])[:5]

    at.button(key="upload.undo").click().run()
    assert ["Upload #1 (marketing\\.csv, Welle W1) mit 6 Antworten endgültig löschen?"] == texts(
        at.main.warning
    )
    at.button(key="upload.undo.cancel").click().run()
    assert [] == texts(at.main.warning)
    assert 6 == counts(empty_db)["responses"]

    at.button(key="upload.undo").click().run()
    at.button(key="upload.undo.confirm").click().run()
    assert not at.exception
    assert "Upload #1 (marketing\\.csv) ist rückgängig gemacht; 6 Antworten gelöscht." in texts(at.success)
    remaining = counts(empty_db)
    assert (0, 0, 0, 0) == (
        remaining["uploads"],
        remaining["responses"],
        remaining["answers"],
        remaining["collaboration"],
    )
    assert "Noch keine Uploads." in texts(at.caption)


def test_names_from_users_are_shown_literally(empty_db: Path) -> None:
    at = open_page("en")
    new_wave(at, "**Wave** <b>1</b>")
    drop(at, UPLOAD / "marketing.csv", "_team_ [1].csv")
    at.button(key="upload.import").click().run()
    summary = texts(at.success)[0]
    assert "\\_team\\_ \\[1\\]\\.csv" in summary
    assert "\\*\\*Wave\\*\\* \\<b\\>1\\</b\\>" in summary
    assert [("**Wave** <b>1</b>",)] == query(empty_db, "select name from waves")


def test_the_page_is_listed_in_the_navigation(empty_db: Path) -> None:
    at = open_file("pages/upload.py", timeout=60)
    at.query_params["lang"] = "de"
    at.run()
    assert not at.exception
    assert "Antworten hochladen" == at.title[0].value
