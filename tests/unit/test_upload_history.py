"""The uploads list and the words of undoing an upload, tested without any UI."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from trust_data import canonical_csv, department

from smm_maturity import store
from smm_maturity import upload_history as history
from smm_maturity.auth import Identity
from smm_maturity.i18n import LocalisedError
from smm_maturity.ingest import read_upload
from smm_maturity.screen import Choice, Notice, Question

UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"
EARLIER = store.Upload(3, "Welle *1*", None, "a_b.csv", "0" * 64, "canonical", 4, datetime(2026, 3, 2, 9, 15))
LATER = store.Upload(4, "W2", "IT", "one.csv", "1" * 64, "google_forms", 1, datetime(2026, 3, 3, 8, 0))


def test_uploads_table_and_labels(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "history.duckdb")
    path = UPLOAD / "marketing.csv"
    store.store_batch(con, read_upload(path.read_bytes(), path.name), "Frühjahr 2026")
    uploads = store.uploads(con)
    small = UPLOAD.parent / "formats" / "canonical.csv"
    store.store_batch(con, read_upload(small.read_bytes(), small.name), "Frühjahr 2026")
    uploads = store.uploads(con)
    table = history.uploads_table(uploads, "de")
    columns = ["#", "Datei", "Welle", "Abteilung", "Antworten", "Veröffentlicht", "Hochgeladen", "Format"]
    assert columns == list(table.columns)
    expected = [
        [2, "canonical.csv", "Frühjahr 2026", "mehrere", 6, "noch nicht", "Augenhöhe-Vorlage"],
        [1, "marketing.csv", "Frühjahr 2026", "Marketing", 6, "ja", "Augenhöhe-Vorlage"],
    ]
    assert expected == table.drop(columns="Hochgeladen").values.tolist()
    assert "#1 · marketing.csv · Frühjahr 2026 · 6 responses" == history.upload_label(uploads[1], "en")
    con.close()


def test_an_upload_of_which_one_department_waits_is_partly_published(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "history.duckdb")
    content = b"\n".join(
        [b"respondent_id;department;SIL1"]
        + [f"g{i};Gross;4".encode() for i in range(5)]
        + [f"k{i};Klein;2".encode() for i in range(2)]
    )
    store.store_batch(con, read_upload(content, "beide.csv"), "Frühjahr 2026")
    [upload] = store.uploads(con)
    con.close()
    assert (2, "partly") == (upload.waiting, history.publication_state(upload, "en"))


def test_the_undo_choice_lists_the_uploads_as_given_with_the_button_that_asks() -> None:
    assert Choice(
        label="Upload rückgängig machen",
        labels={4: "#4 · one.csv · W2 · 1 Antwort", 3: "#3 · a_b.csv · Welle *1* · 4 Antworten"},
        button="Rückgängig machen …",
        key="upload.undo",
        icon=":material/undo:",
    ) == history.undo_choice([LATER, EARLIER], "de")


def test_the_undo_question_names_the_upload_literally() -> None:
    assert Question(
        notice=Notice(
            "warning",
            "Delete upload #3 (a\\_b\\.csv, wave Welle \\*1\\*) with 4 responses for good?",
            ":material/delete_forever:",
        ),
        confirm="Yes, delete for good",
        cancel="Cancel",
        key="upload.undo",
    ) == history.undo_question(EARLIER, "en")


def test_the_undo_notice_says_what_the_last_undo_did() -> None:
    assert history.undo_notice(None, "en") is None
    assert Notice(
        "success", "Upload #3 (a\\_b\\.csv) ist rückgängig gemacht; 4 Antworten gelöscht.", ":material/undo:"
    ) == history.undo_notice(EARLIER, "de")
    assert Notice(
        "error", "Too many failed attempts\\. Please wait 3 seconds\\.", ":material/error:"
    ) == history.undo_notice(LocalisedError("signin.wait", seconds=3), "en")


SEVERAL = store.Upload(5, "W2", None, "all.csv", "2" * 64, "canonical", 30, datetime(2026, 3, 4, 8, 0))
SALES = store.Upload(6, "W2", "Vertrieb", "sales.csv", "3" * 64, "canonical", 8, datetime(2026, 3, 4, 9, 0))
EVERY_UPLOAD = [SALES, SEVERAL, LATER, EARLIER]


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        (Identity("admin"), [6, 5, 4, 3]),
        (Identity("team", "Vertrieb"), [6]),
        (Identity("team", "IT"), [4]),
        (Identity("team", "Marketing"), []),
        (Identity("team"), []),
        (Identity("viewer"), []),
        (Identity("council"), []),
        (None, []),
    ],
)
def test_a_team_sees_only_its_own_departments_uploads(identity: Identity | None, expected: list[int]) -> None:
    assert expected == [upload.upload_id for upload in history.visible_uploads(EVERY_UPLOAD, identity)]


def test_a_team_may_undo_its_own_departments_upload_and_no_other(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "undo.duckdb")
    marketing = store.store_batch(con, read_upload(canonical_csv(1, 6), "a.csv"), "W1")
    it = store.store_batch(con, read_upload(canonical_csv(2, 6), "b.csv"), "W1")
    team = Identity("team", department(1))
    undo = partial(store.undo_upload, con)
    with pytest.raises(history.UndoRefused) as refused:
        history.checked_undo(undo, team, store.uploads(con), it.upload_id)
    assert (
        f"Upload {it.upload_id} cannot be undone with your role: a team may undo only the uploads of its own"
        " department; ask an admin."
    ) == str(refused.value)
    assert 2 == len(store.uploads(con))
    assert marketing == history.checked_undo(undo, team, store.uploads(con), marketing.upload_id)
    assert [it.upload_id] == [upload.upload_id for upload in store.uploads(con)]
    assert it == history.checked_undo(undo, Identity("admin"), store.uploads(con), it.upload_id)
    con.close()
