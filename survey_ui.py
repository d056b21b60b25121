"""The Streamlit side of survey setup and the workshop mode: forms, buttons and their callbacks.

Every action runs in a button's callback, before the page is drawn again, and leaves its outcome as notices
for the next run; a refusal is one sentence and changes nothing. The package decides what is shown
(`smm_maturity.survey_setup`, `smm_maturity.code_sheet`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

import access
import ui
from smm_maturity import audit, config, invites, store, waves
from smm_maturity import code_sheet as sheet
from smm_maturity import survey_setup as setup
from smm_maturity.i18n import LocalisedError, t
from smm_maturity.screen import Download, Notice

FEEDBACK_KEY = "survey.feedback"
CODES_KEY = "survey.codes"
LINK_KEY = "survey.link"
BATCH_KEY = "survey.batch_pending"
LIVE_SECONDS = 3
QR_WIDTH = 420


def actor() -> audit.Actor:
    """Who acts on this page, for the audit trail."""
    return audit.Actor(access.current_role() or "admin", "dashboard")


def value(key: str) -> Any:
    """A widget's value in this session."""
    return st.session_state.get(key)


def act(action: Callable[[], list[Notice]], lang: str) -> None:
    """Run an action and keep its notices for the next run; a refusal becomes one error and changes nothing."""
    try:
        st.session_state[FEEDBACK_KEY] = action()
    except LocalisedError as refusal:
        st.session_state[FEEDBACK_KEY] = [Notice("error", refusal.message(lang), ":material/error:")]


def feedback() -> None:
    """The notices the last action left, in a container of their own, so that what follows keeps its place."""
    with st.container():
        for notice in st.session_state.pop(FEEDBACK_KEY, []):
            ui.notice(notice)


def done(key: str, lang: str, **params: object) -> list[Notice]:
    """One success notice."""
    return [Notice("success", t(key, lang, **params), ":material/check_circle:")]


def survey_waves() -> list[waves.SurveyWave]:
    """Every wave with its state, newest first."""
    return waves.survey_waves(ui.connection())


# ------------------------------------------------------------------------------ waves


def create_wave(lang: str) -> list[Notice]:
    """Create the wave the form describes."""
    chosen = setup.chosen_departments(
        value("survey.new.existing") or [], setup.typed_lines(str(value("survey.new.typed") or ""))
    )
    name = str(value("survey.new.name") or "")
    created = waves.create_wave(ui.connection(), name, chosen, actor())
    return done("survey.created", lang, wave=created.name, departments=", ".join(created.departments))


def create_form(lang: str) -> None:
    """The form for a new wave: its name, known departments, and new ones with their headcount."""
    with st.form("survey.new", border=True):
        st.text_input(t("survey.new.name", lang), key="survey.new.name", max_chars=waves.MAX_NAME_LENGTH)
        st.multiselect(
            t("survey.new.existing", lang),
            ui.department_names(),
            key="survey.new.existing",
            placeholder=t("survey.new.existing_placeholder", lang),
        )
        st.text_area(
            t("survey.new.typed", lang),
            key="survey.new.typed",
            help=t("survey.new.typed_help", lang),
            height=100,
        )
        st.form_submit_button(
            t("survey.new.create", lang), on_click=act, args=(lambda: create_wave(lang), lang), type="primary"
        )


def run_step(wave: str, step: str, lang: str) -> list[Notice]:
    """One lifecycle step of a wave: open (until the chosen day), close or publish."""
    con = ui.connection()
    if step == "open":
        until = value("survey.until") if value("survey.has_end") else None
        opened = waves.open_wave(con, wave, actor(), until if isinstance(until, date) else None)
        return done("survey.opened", lang, wave=opened.name)
    if step == "close":
        return done("survey.closed", lang, wave=waves.close_wave(con, wave, actor()).name)
    return setup.release_notices(wave, waves.publish(con, wave, ui.min_size(), actor()), ui.min_size(), lang)


def lifecycle(wave: waves.SurveyWave, lang: str) -> None:
    """The steps the chosen wave allows, and its participation while it is open."""
    found = setup.steps(wave, lang)
    if wave.status == "draft" and found:
        end = st.checkbox(t("survey.has_end", lang), key="survey.has_end")
        st.date_input(t("survey.until", lang), key="survey.until", disabled=not end, min_value=date.today())
    for column, step in zip(st.columns(max(len(found), 1)), found, strict=False):
        column.button(
            step.label,
            key=f"survey.step.{step.key}",
            icon=step.icon,
            on_click=act,
            args=(lambda chosen=step.key: run_step(wave.name, chosen, lang), lang),
            width="stretch",
        )
    if wave.status == "open":
        st.markdown(f"**{t('survey.participation', lang)}**")
        shares = waves.participation(ui.connection(), wave.name, ui.min_size())
        st.dataframe(setup.participation_table(shares, ui.min_size(), lang), hide_index=True, width="stretch")
        st.caption(t("survey.participation_note", lang, k=ui.min_size()))


# ------------------------------------------------------------------------------ invitations


def generate(wave: str, lang: str) -> list[Notice]:
    """Generate codes and keep the sheet and the CSV made from them for this session's downloads only."""
    department, count = str(value("survey.codes.department") or ""), int(value("survey.codes.count") or 0)
    codes = invites.generate_codes(ui.connection(), wave, department, count, actor())
    base, stem = config.public_url(), sheet.file_stem(wave, department)
    st.session_state[CODES_KEY] = [
        Download(
            t("survey.codes.sheet", lang),
            sheet.sheet_html(codes, wave, department, base, lang).encode(),
            f"{stem}.html",
            "text/html",
            "survey.codes.download_sheet",
            ":material/print:",
        ),
        Download(
            t("survey.codes.csv", lang),
            sheet.codes_csv(codes, wave, department, base, lang),
            f"{stem}.csv",
            "text/csv",
            "survey.codes.download_csv",
            ":material/table:",
        ),
    ]
    return done("survey.codes.generated", lang, count=len(codes), department=department, wave=wave)


def make_link(wave: str, lang: str) -> list[Notice]:
    """A workshop link for a department of the wave, kept in this session to show its QR code."""
    department, limit = str(value("survey.link.department") or ""), int(value("survey.link.limit") or 0)
    token = invites.create_workshop_link(ui.connection(), wave, department, limit, actor())
    address = invites.questionnaire_address(
        config.public_url(), {invites.LINK_PARAMETER: token, "lang": lang}
    )
    st.session_state[LINK_KEY] = (wave, department, address)
    return done("survey.link.made", lang, department=department, wave=wave, limit=limit)


def invitations(wave: waves.SurveyWave, lang: str) -> None:
    """Access codes to print or mail, and a workshop link, for a department of a wave that is not closed."""
    if wave.status == "closed" or wave.kind != "survey":
        st.caption(t("survey.codes.not_now", lang))
        return
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.markdown(f"**{t('survey.codes.title', lang)}**")
        st.selectbox(t("survey.column.department", lang), wave.departments, key="survey.codes.department")
        st.number_input(t("survey.codes.count", lang), 1, invites.MAX_CODES, 10, key="survey.codes.count")
        st.button(
            t("survey.codes.generate", lang),
            key="survey.codes.generate",
            icon=":material/key:",
            on_click=act,
            args=(lambda: generate(wave.name, lang), lang),
        )
        downloads = st.session_state.get(CODES_KEY)
        if downloads:
            st.info(t("survey.codes.once", lang), icon=":material/info:")
            for file in downloads:
                ui.download(file)
            st.button(
                t("survey.codes.forget", lang),
                key="survey.codes.forget",
                on_click=st.session_state.pop,
                args=(CODES_KEY, None),
            )
    with right, st.container(border=True):
        workshop_link(wave, lang)


def workshop_link(wave: waves.SurveyWave, lang: str) -> None:
    """The form for a workshop link with its answer limit, and the large QR code of the link made last."""
    st.markdown(f"**{t('survey.link.title', lang)}**")
    st.selectbox(t("survey.column.department", lang), wave.departments, key="survey.link.department")
    st.number_input(t("survey.link.limit", lang), 1, invites.MAX_LINK_ANSWERS, 20, key="survey.link.limit")
    st.button(
        t("survey.link.make", lang),
        key="survey.link.make",
        icon=":material/qr_code_2:",
        on_click=act,
        args=(lambda: make_link(wave.name, lang), lang),
    )
    made = st.session_state.get(LINK_KEY)
    if made and made[0] == wave.name:
        st.caption(t("survey.link.for", lang, department=made[1]))
        st.image(sheet.qr_png(made[2]), width=QR_WIDTH)
        st.code(made[2], language=None)


# ------------------------------------------------------------------------------ departments and batches


def departments(lang: str) -> None:
    """Rename, merge or delete departments."""
    names = ui.department_names()
    if not names:
        st.caption(t("survey.departments.none", lang))
        return
    con, who = ui.connection(), actor()
    rename, merge, delete = st.columns(3, gap="medium")
    with rename, st.container(border=True):
        st.selectbox(t("survey.departments.rename_which", lang), names, key="survey.rename.old")
        st.text_input(t("survey.departments.new_name", lang), key="survey.rename.new")

        def renamed() -> list[Notice]:
            old, new = str(value("survey.rename.old")), str(value("survey.rename.new") or "")
            waves.rename_department(con, old, new, who)
            return done("survey.departments.renamed", lang, old=old, new=" ".join(new.split()))

        st.button(
            t("survey.departments.rename", lang), key="survey.rename", on_click=act, args=(renamed, lang)
        )
    with merge, st.container(border=True):
        st.selectbox(t("survey.departments.merge_source", lang), names, key="survey.merge.source")
        st.selectbox(t("survey.departments.merge_target", lang), names, key="survey.merge.target")

        def merged() -> list[Notice]:
            source, target = str(value("survey.merge.source")), str(value("survey.merge.target"))
            waves.merge_departments(con, source, target, ui.min_size(), who)
            return done("survey.departments.merged", lang, source=source, target=target)

        st.button(t("survey.departments.merge", lang), key="survey.merge", on_click=act, args=(merged, lang))
    with delete, st.container(border=True):
        st.selectbox(t("survey.departments.delete_which", lang), names, key="survey.delete.name")

        def deleted() -> list[Notice]:
            name = str(value("survey.delete.name"))
            waves.delete_department(con, name, who)
            return done("survey.departments.deleted", lang, department=name)

        st.button(
            t("survey.departments.delete", lang), key="survey.delete", on_click=act, args=(deleted, lang)
        )


def remove_batch(batch: store.OnlineBatch, lang: str) -> list[Notice]:
    """Remove one batch of online answers for good, with an entry in the audit trail."""
    st.session_state.pop(BATCH_KEY, None)
    removed = store.remove_online_batch(ui.connection(), batch, actor())
    return done("survey.batch.removed", lang, count=removed, batch=setup.batch_label(batch, lang))


def online_batches(lang: str) -> None:
    """The online answers by wave, department and publication, and the removal of one batch, asked first."""
    batches = store.online_batches(ui.connection())
    if not batches:
        st.caption(t("survey.batch.none", lang))
        return
    for batch in batches:
        st.markdown(f"- {setup.batch_label(batch, lang)}")
    pending = st.session_state.get(BATCH_KEY)
    if pending not in batches:
        ui.act_on_choice(
            setup.batch_choice(batches, lang),
            lambda number: st.session_state.update({BATCH_KEY: batches[number]}),
        )
        return
    ui.ask_first(
        setup.batch_question(pending, lang),
        lambda: act(lambda: remove_batch(pending, lang), lang),
        lambda: st.session_state.pop(BATCH_KEY, None),
    )


# ------------------------------------------------------------------------------ workshop mode


def live_panel(wave: str, department: str | None, lang: str) -> None:
    """The live count of a workshop, refreshed every few seconds, with the reveal once k have answered."""

    @st.fragment(run_every=LIVE_SECONDS)
    def panel() -> None:
        shares = waves.participation(ui.connection(), wave, ui.min_size())
        live = setup.live_count(shares, department, ui.min_size(), lang)
        st.metric(t("survey.live.label", lang), live.text)
        if st.button(
            t("survey.live.reveal", lang),
            key="survey.live.reveal",
            icon=":material/visibility:",
            type="primary",
            disabled=not live.revealable,
        ):
            act(lambda: run_step(wave, "publish", lang), lang)
            st.query_params["wave"] = wave
            st.rerun()

    panel()


def workshop(lang: str) -> None:
    """The workshop mode of the presentation: a link's large QR code, the live count, and the reveal."""
    open_waves = [wave for wave in survey_waves() if wave.status == "open"]
    with (
        st.container(key="workshop"),
        st.expander(t("survey.workshop.title", lang), icon=":material/qr_code_2:"),
    ):
        feedback()
        if not open_waves:
            st.caption(t("survey.workshop.no_open_wave", lang))
            return
        names = [wave.name for wave in open_waves]
        chosen = open_waves[
            names.index(st.selectbox(t("survey.column.wave", lang), names, key="survey.workshop.wave"))
        ]
        workshop_link(chosen, lang)
        room = [""] + list(chosen.departments)
        department = st.selectbox(
            t("survey.workshop.count_for", lang),
            room,
            key="survey.workshop.department",
            format_func=lambda name: name or t("survey.workshop.room", lang),
        )
        live_panel(chosen.name, department or None, lang)
