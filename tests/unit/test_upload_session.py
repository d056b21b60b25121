"""The upload page's state from one run to the next, kept in a plain dict in place of the session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from smm_maturity import store
from smm_maturity import upload_flow as flow
from smm_maturity.i18n import LocalisedError
from smm_maturity.ingest import ImportBatch, read_upload
from smm_maturity.screen import NEW
from smm_maturity.upload_session import GENERATION, SUMMARY, UNDO_PENDING, UNDO_RESULT, UploadSession

UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"
STORED = store.Upload(5, "W1", None, "marketing.csv", "0" * 64, "canonical", 6, datetime(2026, 3, 2, 9, 15))
OTHER = store.Upload(6, "W1", "IT", "it.csv", "1" * 64, "canonical", 2, datetime(2026, 3, 2, 9, 30))


def batch() -> ImportBatch:
    """A checked file without errors."""
    path = UPLOAD / "marketing.csv"
    return read_upload(path.read_bytes(), path.name)


def refuse(*args: object) -> store.Upload:
    """A store that refuses whatever it is given."""
    raise LocalisedError("signin.wait", seconds=3)


def test_the_uploader_key_starts_at_generation_zero() -> None:
    state: dict[str, object] = {}
    assert "upload.file.0" == UploadSession(state).uploader_key
    assert {GENERATION: 0} == state


def test_an_import_keeps_its_summary_forgets_the_names_entered_and_empties_the_uploader() -> None:
    checked = batch()
    state: dict[str, object] = {
        GENERATION: 2,
        "upload.wave": NEW,
        "upload.wave.new": "W1",
        "upload.department": None,
        "upload.department.new": "",
        "upload.mapping.confirmed": {"abc": {"Frage 1": "SIL1"}},
        "upload.undo.choice": 4,
    }
    stored: list[tuple] = []

    def store_batch(given: ImportBatch, wave: str, department: str | None) -> store.Upload:
        stored.append((given.sha256, wave, department))
        return STORED

    session = UploadSession(state)
    assert session.store(store_batch, checked, "W1", None, "en") is None
    assert [(checked.sha256, "W1", None)] == stored
    assert {
        GENERATION: 3,
        SUMMARY: flow.import_summary(STORED, checked, None),
        "upload.undo.choice": 4,
    } == state
    assert "upload.file.3" == session.uploader_key
    assert flow.import_summary(STORED, checked, None) == session.summary


def test_a_refused_import_changes_nothing_and_says_why() -> None:
    state: dict[str, object] = {GENERATION: 1, "upload.wave.new": "W1"}
    refusal = UploadSession(state).store(refuse, batch(), "W1", None, "en")
    assert flow.import_failed(LocalisedError("signin.wait", seconds=3), "en") == refusal
    assert {GENERATION: 1, "upload.wave.new": "W1"} == state


def test_a_new_file_drops_the_last_summary() -> None:
    state: dict[str, object] = {SUMMARY: "last"}
    session = UploadSession(state)
    assert "last" == session.summary
    session.forget_summary()
    assert session.summary is None
    assert {} == state


def test_an_undo_asks_first_and_a_cancel_drops_the_question() -> None:
    session = UploadSession({})
    assert session.pending_undo([STORED, OTHER]) is None
    session.ask_undo(6)
    assert OTHER == session.pending_undo([STORED, OTHER])
    assert session.pending_undo([STORED]) is None
    session.ask_undo(None)
    assert session.pending_undo([STORED, OTHER]) is None


def test_a_confirmed_undo_keeps_the_deleted_upload_for_the_next_run_once() -> None:
    state: dict[str, object] = {UNDO_PENDING: 5}
    undone: list[int] = []

    def undo_upload(upload_id: int) -> store.Upload:
        undone.append(upload_id)
        return STORED

    session = UploadSession(state)
    session.undo(undo_upload, 5)
    assert ([5], {UNDO_RESULT: STORED}) == (undone, state)
    assert STORED == session.undo_result()
    assert session.undo_result() is None
    assert {} == state


def test_a_refused_undo_keeps_the_refusal_for_the_next_run() -> None:
    state: dict[str, object] = {UNDO_PENDING: 5}
    UploadSession(state).undo(refuse, 5)
    [(key, error)] = state.items()
    assert (UNDO_RESULT, "signin.wait", {"seconds": 3}) == (key, error.key, error.params)
