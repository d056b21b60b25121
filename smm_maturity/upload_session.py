"""The upload page's state from one run to the next, kept in the session's mapping of values by key.

It holds the generation of the file uploader (a new one after each import, so that a rerun does not import
the same file again), the summary of the last import, and an undo that asks first. The page hands in its
session; tests hand in a dict.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from typing import Any

from smm_maturity.i18n import LocalisedError
from smm_maturity.ingest import ImportBatch
from smm_maturity.screen import Notice
from smm_maturity.store import Upload
from smm_maturity.upload_flow import DEPARTMENT_KEY, WAVE_KEY, ImportSummary, import_failed, import_summary
from smm_maturity.upload_scope import CONFIRMED_KEY

GENERATION = "upload.generation"
SUMMARY = "upload.summary"
UNDO_PENDING = "upload.undo_pending"
UNDO_RESULT = "upload.undo_result"
FORGET_AFTER_IMPORT: tuple[str, ...] = (
    WAVE_KEY,
    f"{WAVE_KEY}.new",
    DEPARTMENT_KEY,
    f"{DEPARTMENT_KEY}.new",
    CONFIRMED_KEY,
)
"""The pickers' widget keys and the confirmed mappings, forgotten after an import so that the next file starts
afresh."""

StoreBatch = Callable[[ImportBatch, str, str | None], Upload]


class UploadSession:
    """The upload page's state in a session: plain values only, never an uploaded file."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    @property
    def uploader_key(self) -> str:
        """The file uploader's key, which changes after each import."""
        return f"upload.file.{self.state.setdefault(GENERATION, 0)}"

    @property
    def summary(self) -> ImportSummary | None:
        """The summary of the last import, until a new file comes."""
        return self.state.get(SUMMARY)

    def forget_summary(self) -> None:
        """A new file is there: the last import's summary is not shown any more."""
        self.state.pop(SUMMARY, None)

    def store(
        self, store_batch: StoreBatch, batch: ImportBatch, wave: str, department: str | None, lang: str
    ) -> Notice | None:
        """Store a checked batch; then keep its summary, forget the names entered and empty the uploader.

        Returns why the store refused the batch (nothing is stored then), or None once it is stored.
        """
        try:
            upload = store_batch(batch, wave, department)
        except LocalisedError as error:
            return import_failed(error, lang)
        self.state[SUMMARY] = import_summary(upload, batch, department)
        for key in FORGET_AFTER_IMPORT:
            self.state.pop(key, None)
        self.state[GENERATION] = self.state.get(GENERATION, 0) + 1
        return None

    def ask_undo(self, upload_id: int | None) -> None:
        """Ask for confirmation before this upload is undone; None drops the question."""
        self.state[UNDO_PENDING] = upload_id

    def pending_undo(self, uploads: Sequence[Upload]) -> Upload | None:
        """The upload whose undo waits for confirmation, while it exists."""
        pending = self.state.get(UNDO_PENDING)
        return next((upload for upload in uploads if upload.upload_id == pending), None)

    def undo(self, undo_upload: Callable[[int], Upload], upload_id: int) -> None:
        """Undo an upload once confirmed, and keep what happened (the deleted upload, or the refusal)."""
        self.state.pop(UNDO_PENDING, None)
        try:
            self.state[UNDO_RESULT] = undo_upload(upload_id)
        except LocalisedError as error:
            self.state[UNDO_RESULT] = error

    def undo_result(self) -> Upload | LocalisedError | None:
        """What the last undo did, once: the next call gives None."""
        return self.state.pop(UNDO_RESULT, None)
