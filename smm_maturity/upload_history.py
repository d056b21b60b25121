"""The uploads so far, as the upload page lists them, and the words of undoing one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from smm_maturity import store
from smm_maturity.auth import Identity
from smm_maturity.i18n import LocalisedError, escape_markdown, format_datetime, t
from smm_maturity.ingest.formats import tool_name
from smm_maturity.screen import Choice, Notice, Question
from smm_maturity.upload_flow import counted

UNDO_KEY = "upload.undo"
"""The undo's widget keys: the button that asks, the choice (".choice"), confirm and cancel."""


class UndoRefused(LocalisedError):
    """An undo that the signed-in role may not do."""


def may_see(upload: store.Upload, identity: Identity | None) -> bool:
    """Whether a role sees an upload: an admin every one, a team user those of their own department only."""
    if identity is None:
        return False
    if identity.role == "admin":
        return True
    return (
        identity.role == "team"
        and identity.department is not None
        and upload.department == identity.department
    )


def may_undo(upload: store.Upload, identity: Identity | None) -> bool:
    """Whether a role may undo an upload: an admin any, a team user one of their own department only."""
    return may_see(upload, identity)


def visible_uploads(uploads: Sequence[store.Upload], identity: Identity | None) -> list[store.Upload]:
    """The uploads a role sees, newest first; an upload of several departments is an admin's only."""
    return [upload for upload in uploads if may_see(upload, identity)]


def checked_undo(
    undo: Callable[[int], store.Upload],
    identity: Identity | None,
    current: Sequence[store.Upload],
    upload_id: int,
) -> store.Upload:
    """Undo an upload if the role may, judged on the uploads as they are now; `UndoRefused` when it may not."""
    upload = next((entry for entry in current if entry.upload_id == upload_id), None)
    if upload is None or not may_undo(upload, identity):
        raise UndoRefused("security.undo_refused", id=upload_id)
    return undo(upload_id)


def uploads_table(uploads: Sequence[store.Upload], lang: str) -> pd.DataFrame:
    """The uploads list: number, file, wave, department, rows, whether they are published yet, time and
    format, newest first."""
    return pd.DataFrame(
        {
            "#": [upload.upload_id for upload in uploads],
            t("flow.col.file", lang): [upload.file_name for upload in uploads],
            t("flow.col.wave", lang): [upload.wave for upload in uploads],
            t("flow.col.department", lang): [
                upload.department or t("flow.several_departments", lang) for upload in uploads
            ],
            t("flow.col.responses", lang): [upload.row_count for upload in uploads],
            t("flow.col.published", lang): [publication_state(upload, lang) for upload in uploads],
            t("flow.col.time", lang): [format_datetime(upload.created_at, lang) for upload in uploads],
            t("flow.col.format", lang): [tool_name(upload.source_format, lang) for upload in uploads],
        }
    )


def publication_state(upload: store.Upload, lang: str) -> str:
    """Whether an upload's answers are published: all of them, some (a department waits for k), or none yet."""
    if upload.waiting == 0:
        return t("flow.published", lang)
    return t("flow.waiting" if upload.waiting >= upload.row_count else "flow.partly_published", lang)


def upload_label(upload: store.Upload, lang: str) -> str:
    """One line that names an upload in the undo choice."""
    return t(
        "flow.upload_label",
        lang,
        id=upload.upload_id,
        file=upload.file_name,
        wave=upload.wave,
        n=counted(upload.row_count, "response", lang),
    )


def undo_choice(uploads: Sequence[store.Upload], lang: str) -> Choice:
    """The choice of an upload to undo, newest first, with the button that asks before it is undone."""
    labels = {upload.upload_id: upload_label(upload, lang) for upload in uploads}
    return Choice(
        t("upload.undo.choose", lang), labels, t("upload.undo.button", lang), UNDO_KEY, ":material/undo:"
    )


def undo_question(upload: store.Upload, lang: str) -> Question:
    """The question asked before an upload is deleted for good."""
    text = t(
        "upload.undo.confirm_text",
        lang,
        id=upload.upload_id,
        file=escape_markdown(upload.file_name),
        wave=escape_markdown(upload.wave),
        n=counted(upload.row_count, "response", lang),
    )
    notice = Notice("warning", text, ":material/delete_forever:")
    return Question(notice, t("upload.undo.confirm", lang), t("upload.undo.cancel", lang), UNDO_KEY)


def undo_notice(result: store.Upload | LocalisedError | None, lang: str) -> Notice | None:
    """What the last undo did: the upload it deleted, or why it was refused; None when there was none."""
    if result is None:
        return None
    if isinstance(result, LocalisedError):
        return Notice("error", escape_markdown(result.message(lang)), ":material/error:")
    text = t(
        "upload.undo.done",
        lang,
        id=result.upload_id,
        file=escape_markdown(result.file_name),
        n=counted(result.row_count, "response", lang),
    )
    return Notice("success", text, ":material/undo:")
