"""Upload: a team brings its survey tool's export into a wave, checks what was recognised, and confirms."""

from functools import partial

import streamlit as st

import access
import ui
from smm_maturity import config
from smm_maturity import upload_flow as flow
from smm_maturity import upload_history as history
from smm_maturity import upload_scope as scope
from smm_maturity.auth import Identity
from smm_maturity.i18n import t
from smm_maturity.ingest import ImportBatch
from smm_maturity.upload_session import UploadSession


def check(data: bytes, name: str, identity: Identity | None, lang: str) -> tuple[ImportBatch, str | None]:
    """Step 3: the department (a team's own), what was recognised, a saved mapping to confirm, and the columns."""
    st.subheader(t("upload.step.preview", lang))
    detected = ui.parsed_upload(data, name)
    department = scope.upload_department(identity, None)
    ui.notice(scope.department_notice(identity, lang))
    if scope.chooses_department(identity) and flow.needs_department(detected):
        department = ui.name_picker(flow.department_picker(lang), ui.department_names())
        st.caption(t("upload.department_help", lang))
    scoped, signature = scope.mapping_scope(identity, department), flow.mapping_signature(detected)
    confirmed = ui.confirmed_mapping(scoped, signature)
    batch = ui.parsed_upload(data, name, department, confirmed)
    ui.facts(flow.preview_facts(batch, lang))
    ui.notice(flow.departments_caption(batch, lang))
    offer = scope.mapping_offer(ui.saved_mapping(scoped, signature), confirmed, ui.instrument(), lang)
    departments = ui.department_names()
    ui.mapping_step(flow.mapping_form(detected, confirmed, ui.instrument(), departments, lang, scoped), offer)
    with st.expander(f"{t('upload.mapping.table', lang)} – {flow.mapping_sentence(batch, lang)}"):
        st.dataframe(flow.mapping_table(batch, ui.instrument(), lang), hide_index=True, width="stretch")
    return batch, department


def report(batch: ImportBatch, lang: str) -> None:
    """The validation report: a verdict, then every error and warning with row and column, and its download."""
    layout = flow.report_layout(batch, lang)
    st.markdown(layout.title)
    ui.notice(layout.verdict)
    if layout.download is not None:
        table = flow.problem_table(batch, lang, limit=flow.PROBLEMS_SHOWN, markdown=True)
        st.table(table, hide_index=True, height=layout.height, border="horizontal")
        ui.notice(layout.more)
        ui.download(layout.download)


def import_step(
    batch: ImportBatch, wave: str | None, department: str | None, identity: Identity | None, lang: str
) -> None:
    """Step 4: where the answers go, or why they cannot; the import, after which the page starts afresh."""
    st.subheader(t("upload.step.import", lang))
    refusal = scope.import_refusal(batch, identity, wave, ui.survey_waves())
    step = flow.import_step(batch, ui.find_upload(batch.sha256), wave, lang, refusal)
    ui.notice(step.notice)
    if st.button(step.button, "upload.import", type="primary", icon=step.icon, disabled=not step.ready):
        refusal = UploadSession(st.session_state).store(access.store_batch, batch, wave, department, lang)
        ui.notice(refusal)
        if refusal is None:
            st.rerun()


def uploads_list(session: UploadSession, lang: str) -> None:
    """The uploads this role may see (a team its own department's), with an undo that asks first."""
    st.subheader(t("upload.list.title", lang))
    ui.notice(history.undo_notice(session.undo_result(), lang))
    uploads = access.visible_uploads()
    if not uploads:
        st.caption(t("upload.list.empty", lang))
        return
    st.dataframe(history.uploads_table(uploads, lang), hide_index=True, width="stretch")
    pending = session.pending_undo(uploads)
    if pending is None:
        ui.act_on_choice(history.undo_choice(uploads, lang), session.ask_undo)
    else:
        undo = partial(session.undo, access.checked_undo, pending.upload_id)
        ui.ask_first(history.undo_question(pending, lang), undo, partial(session.ask_undo, None))


def render() -> None:
    """Draw this screen."""
    lang, identity = ui.language(), access.current_identity()
    session = UploadSession(st.session_state)
    st.title(t("upload.title", lang))
    st.markdown(t("upload.intro", lang))

    st.subheader(t("upload.step.wave", lang))
    wave = ui.name_picker(flow.wave_picker(lang), scope.upload_waves(ui.survey_waves()))
    ui.notice(scope.waves_notice(ui.survey_waves(), ui.min_size(), lang))

    st.subheader(t("upload.step.file", lang))
    field = flow.file_field(lang, config.max_upload_mb(), session.uploader_key)
    uploaded = st.file_uploader(
        field.label, field.types, key=field.key, help=field.help, max_upload_size=field.max_mb
    )
    with st.expander(t("upload.templates", lang), icon=":material/download:"):
        st.caption(t("upload.templates_text", lang))
        downloads = ui.template_downloads(lang)
        columns = st.columns(2)
        for index, file in enumerate(downloads):
            ui.download(file, columns[index % 2])
    if uploaded is None:
        ui.notice(flow.summary_notice(session.summary, lang))
        ui.notice(ui.pending_notice(session.summary, lang))
    else:
        session.forget_summary()
        batch, department = check(uploaded.getvalue(), uploaded.name, identity, lang)
        if flow.awaits_department(batch, department):
            st.info(t("upload.choose_department", lang), icon=":material/groups:")
        else:
            report(batch, lang)
            import_step(batch, wave, department, identity, lang)

    st.divider()
    uploads_list(session, lang)
