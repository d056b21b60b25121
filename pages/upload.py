"""Upload: a team brings its survey tool's export into a wave, checks what was recognised, and confirms."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import ui
from smm_maturity import config, template
from smm_maturity import upload_flow as flow
from smm_maturity.i18n import LocalisedError, escape_markdown, format_number, t
from smm_maturity.ingest import ImportBatch, read_upload

NEW = "\x00new"  # the "create a new one" option of a name picker; no real name starts with a NUL
GENERATION = "upload.generation"
SUMMARY = "upload.summary"
UNDO_PENDING = "upload.undo_pending"
UNDO_RESULT = "upload.undo_result"
PROBLEMS_SHOWN = 200
FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm", "xls"]
TEMPLATES = [("xlsx", "de"), ("csv", "de"), ("xlsx", "en"), ("csv", "en")]
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@st.cache_data(show_spinner=False, max_entries=8)
def read(
    data: bytes, file_name: str, department: str | None, mapping: tuple[tuple[str, str], ...]
) -> ImportBatch:
    """The parsed and validated file, cached so that a rerun does not parse it again."""
    return read_upload(
        data,
        file_name,
        department=department,
        column_mapping=dict(mapping),
        max_bytes=config.max_upload_bytes(),
    )


@st.cache_data(show_spinner=False, max_entries=16)
def template_file(fmt: str, language: str, departments: tuple[str, ...]) -> bytes:
    """The canonical template in a format and language, with collaboration columns for the known departments."""
    build = template.template_xlsx if fmt == "xlsx" else template.template_csv
    return build(language, departments=departments)


def pick_or_create(
    label: str,
    names: list[str],
    key: str,
    new_option: str,
    new_label: str,
    new_placeholder: str | None = None,
    choose_placeholder: str | None = None,
) -> str | None:
    """A choice of existing names plus "new …", which opens a text field beside it; the chosen or typed name.

    With a `choose_placeholder` nothing is preselected, so the user must choose deliberately.
    """
    choices = [*names, NEW]
    choice_column, new_column = st.columns(2, vertical_alignment="bottom")
    choice = choice_column.selectbox(
        label,
        choices,
        index=None if choose_placeholder else (0 if names else len(choices) - 1),
        format_func=lambda option: new_option if option == NEW else option,
        placeholder=choose_placeholder or "",
        key=key,
    )
    if choice != NEW:
        return choice
    typed = new_column.text_input(new_label, key=f"{key}.new", placeholder=new_placeholder)
    return " ".join(typed.split()) or None


def template_downloads(lang: str) -> None:
    """The four template download buttons: CSV and XLSX, German and English."""
    with st.expander(t("upload.templates", lang), icon=":material/download:"):
        st.caption(t("upload.templates_text", lang))
        departments = tuple(ui.department_names())
        for column, (fmt, language) in zip(st.columns(len(TEMPLATES)), TEMPLATES, strict=True):
            column.download_button(
                t("upload.template_button", lang, format=fmt.upper(), language=LANGUAGE_NAMES[language]),
                data=template_file(fmt, language, departments),
                file_name=template.template_file_name(language, fmt),
                mime=MIME_TYPES[fmt],
                icon=":material/table_view:" if fmt == "xlsx" else ":material/description:",
                key=f"upload.template.{fmt}.{language}",
                width="stretch",
            )


def show_summary(summary: flow.ImportSummary, lang: str) -> None:
    """The green box that says what the last import stored."""
    departments = ", ".join(
        f"{escape_markdown(name)} ({format_number(n, lang, 0)})" for name, n in summary.departments
    )
    text = t(
        "upload.success",
        lang,
        id=summary.upload_id,
        responses=flow.counted(summary.responses, "response", lang),
        file=escape_markdown(summary.file_name),
        wave=escape_markdown(summary.wave),
        answers=flow.counted(summary.answers, "answer", lang),
        ratings=flow.counted(summary.ratings, "rating", lang),
        comments=flow.counted(summary.comments, "comment", lang),
    )
    st.success(
        f"{text}  \n{t('upload.departments_in_file', lang, departments=departments)}",
        icon=":material/check_circle:",
    )


def choose_department(lang: str) -> str | None:
    """The department for rows of the file that name none."""
    return pick_or_create(
        t("upload.department", lang),
        ui.department_names(),
        "upload.department",
        t("upload.new_department_option", lang),
        t("upload.new_department", lang),
        choose_placeholder=t("upload.department_placeholder", lang),
    )


def apply_mapping(signature: str, columns: list[str]) -> None:
    """Save the mapping step's choices for this header layout (a form callback)."""
    chosen = {
        column: st.session_state[f"upload.map.{signature[:16]}.{i}"] for i, column in enumerate(columns)
    }
    flow.save_mapping(ui.connection(), signature, chosen)


def mapping_step(batch: ImportBatch, signature: str, saved: dict[str, str], lang: str) -> None:
    """The form that maps the columns the importer could not place to items, roles, or nothing."""
    columns = flow.columns_to_map(batch, saved)
    if not columns:
        return
    instrument = ui.instrument()
    options = flow.mapping_options(instrument, ui.department_names())
    st.markdown(f"**{t('upload.mapping.title', lang)}**")
    if saved:
        st.info(t("upload.mapping.saved", lang), icon=":material/bookmark:")
    with st.form(f"upload.mapping.{signature[:16]}", border=True):
        st.caption(t("upload.mapping.text", lang, n=flow.counted(len(columns), "column", lang)))
        for i, column in enumerate(columns):
            current = saved.get(column, flow.IGNORED)
            st.selectbox(
                escape_markdown(column),
                options,
                index=options.index(current) if current in options else 0,
                format_func=lambda option: flow.option_label(option, instrument, lang),
                key=f"upload.map.{signature[:16]}.{i}",
            )
        st.form_submit_button(
            t("upload.mapping.apply", lang),
            icon=":material/save:",
            key="upload.mapping.apply",
            on_click=apply_mapping,
            args=(signature, columns),
        )


def report(batch: ImportBatch, lang: str) -> None:
    """The validation report: a verdict, then every error and warning with row and column."""
    st.markdown(f"**{t('upload.report.title', lang)}**")
    errors = flow.counted(len(batch.errors), "error", lang)
    warnings = flow.counted(len(batch.warnings), "warning", lang)
    if batch.errors:
        st.error(t("upload.report.errors", lang, errors=errors, warnings=warnings), icon=":material/error:")
    elif batch.warnings:
        st.warning(t("upload.report.warnings", lang, warnings=warnings), icon=":material/warning:")
    else:
        st.success(t("upload.report.ok", lang), icon=":material/task_alt:")
    if batch.problems:
        st.table(
            flow.problem_table(batch, lang, limit=PROBLEMS_SHOWN, markdown=True),
            hide_index=True,
            height="content" if len(batch.problems) <= 12 else 520,
            border="horizontal",
        )
    if len(batch.problems) > PROBLEMS_SHOWN:
        st.caption(t("upload.report.more", lang, shown=PROBLEMS_SHOWN, total=len(batch.problems)))
    if batch.problems:
        st.download_button(
            t("upload.report.download", lang),
            data=flow.problem_csv(batch, lang),
            file_name=f"{Path(batch.file_name).stem}-{t('upload.report.file', lang)}.csv",
            mime="text/csv",
            icon=":material/download:",
            key="upload.report.download",
        )


def preview_and_import(data: bytes, file_name: str, wave: str | None, lang: str) -> None:
    """Steps 3 and 4: the department if needed, the mapping step, the preview, the report, and the import."""
    con = ui.connection()
    st.subheader(t("upload.step.preview", lang))
    detected = read(data, file_name, None, ())
    signature = flow.mapping_signature(detected)
    saved = flow.load_mapping(con, signature)
    mapping = tuple(saved.items())
    mapped = read(data, file_name, None, mapping) if saved else detected
    department = None
    if flow.needs_department(mapped):
        department = choose_department(lang)
        st.caption(t("upload.department_help", lang))
    batch = read(data, file_name, department, mapping) if department else mapped

    with st.container(border=True):
        for column, fact in zip(st.columns(4), flow.preview_facts(batch, lang), strict=True):
            column.caption(fact.label)
            column.markdown(f"**{escape_markdown(fact.value)}**")
    counts = flow.department_counts(batch)
    if counts:
        listed = ", ".join(f"{name} ({format_number(n, lang, 0)})" for name, n in counts.items())
        st.caption(escape_markdown(t("upload.departments_in_file", lang, departments=listed)))
    mapping_step(detected, signature, saved, lang)
    with st.expander(f"{t('upload.mapping.table', lang)} – {flow.mapping_sentence(batch, lang)}"):
        st.dataframe(flow.mapping_table(batch, ui.instrument(), lang), hide_index=True, width="stretch")
    if department is None and flow.needs_department(batch) and not flow.has_department_column(batch):
        st.info(t("upload.choose_department", lang), icon=":material/groups:")
        return
    report(batch, lang)

    st.subheader(t("upload.step.import", lang))
    earlier = ui.find_upload(batch.sha256)
    if earlier is not None:
        st.error(flow.duplicate_message(earlier, lang), icon=":material/content_copy:")
    elif batch.errors:
        st.caption(t("upload.blocked", lang))
    elif wave is None:
        st.caption(t("upload.need_wave", lang))
    else:
        st.caption(t("upload.import_into", lang, wave=escape_markdown(wave)))
    ready = earlier is None and not batch.errors and wave is not None and len(batch.responses) > 0
    if st.button(
        t("upload.import", lang, n=flow.counted(len(batch.responses), "response", lang)),
        type="primary",
        icon=":material/cloud_upload:",
        disabled=not ready,
        key="upload.import",
    ):
        try:
            upload = ui.store_batch(batch, wave, department)
        except LocalisedError as error:
            st.error(
                t("upload.failed", lang, message=escape_markdown(error.message(lang))),
                icon=":material/error:",
            )
            return
        st.session_state[SUMMARY] = flow.import_summary(upload, batch, department)
        for key in ("upload.wave", "upload.wave.new", "upload.department", "upload.department.new"):
            st.session_state.pop(key, None)
        st.session_state[GENERATION] += 1
        st.rerun()


def ask_undo(upload_id: int) -> None:
    """Ask for confirmation before an upload is undone."""
    st.session_state[UNDO_PENDING] = upload_id


def cancel_undo() -> None:
    """Drop a pending undo."""
    st.session_state.pop(UNDO_PENDING, None)


def undo(upload_id: int) -> None:
    """Undo an upload after confirmation; the result is shown on the next run."""
    st.session_state.pop(UNDO_PENDING, None)
    try:
        st.session_state[UNDO_RESULT] = ui.undo_upload(upload_id)
    except LocalisedError as error:
        st.session_state[UNDO_RESULT] = error


def uploads_list(lang: str) -> None:
    """Every upload so far, with an undo that asks first."""
    st.subheader(t("upload.list.title", lang))
    result = st.session_state.pop(UNDO_RESULT, None)
    if isinstance(result, LocalisedError):
        st.error(escape_markdown(result.message(lang)), icon=":material/error:")
    elif result is not None:
        message = t(
            "upload.undo.done",
            lang,
            id=result.upload_id,
            file=escape_markdown(result.file_name),
            n=flow.counted(result.row_count, "response", lang),
        )
        st.success(message, icon=":material/undo:")
    uploads = ui.uploads()
    if not uploads:
        st.caption(t("upload.list.empty", lang))
        return
    st.dataframe(flow.uploads_table(uploads, lang), hide_index=True, width="stretch")
    by_id = {upload.upload_id: upload for upload in uploads}
    pending = by_id.get(st.session_state.get(UNDO_PENDING))
    if pending is not None:
        st.warning(
            t(
                "upload.undo.confirm_text",
                lang,
                id=pending.upload_id,
                file=escape_markdown(pending.file_name),
                wave=escape_markdown(pending.wave),
                n=flow.counted(pending.row_count, "response", lang),
            ),
            icon=":material/delete_forever:",
        )
        confirm, cancel, _ = st.columns([1, 1, 2])
        confirm.button(
            t("upload.undo.confirm", lang),
            type="primary",
            key="upload.undo.confirm",
            on_click=undo,
            args=(pending.upload_id,),
            width="stretch",
        )
        cancel.button(
            t("upload.undo.cancel", lang), key="upload.undo.cancel", on_click=cancel_undo, width="stretch"
        )
        return
    choice_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
    choice = choice_column.selectbox(
        t("upload.undo.choose", lang),
        list(by_id),
        format_func=lambda upload_id: flow.upload_label(by_id[upload_id], lang),
        key="upload.undo.choice",
    )
    button_column.button(
        t("upload.undo.button", lang),
        icon=":material/undo:",
        key="upload.undo",
        on_click=ask_undo,
        args=(choice,),
        width="stretch",
    )


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.session_state.setdefault(GENERATION, 0)
    st.title(t("upload.title", lang))
    st.markdown(t("upload.intro", lang))

    st.subheader(t("upload.step.wave", lang))
    wave = pick_or_create(
        t("upload.wave", lang),
        list(reversed(ui.all_wave_names())),
        "upload.wave",
        t("upload.new_wave_option", lang),
        t("upload.new_wave", lang),
        t("upload.new_wave_placeholder", lang),
    )

    st.subheader(t("upload.step.file", lang))
    uploaded = st.file_uploader(
        t("upload.file", lang),
        type=FILE_TYPES,
        help=t("upload.file_help", lang, mb=config.max_upload_mb()),
        max_upload_size=config.max_upload_mb(),
        key=f"upload.file.{st.session_state[GENERATION]}",
    )
    template_downloads(lang)
    if uploaded is None:
        if SUMMARY in st.session_state:
            show_summary(st.session_state[SUMMARY], lang)
    else:
        st.session_state.pop(SUMMARY, None)
        preview_and_import(uploaded.getvalue(), uploaded.name, wave, lang)

    st.divider()
    uploads_list(lang)
