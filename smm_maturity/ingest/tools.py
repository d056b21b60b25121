"""The survey tools whose exports are read as they come: one `SurveyFormat` record each, tried in order.

Where each layout comes from is said at its record; the committed fixtures in `tests/data/formats/` are built
from the same sources (`generate.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from smm_maturity.ingest.survey_format import (
    FINISHED,
    IGNORED,
    PERSONAL,
    RESPONDENT_ID,
    SUBMITTED_AT,
    SurveyFormat,
    codes,
)

# Qualtrics "Understanding your dataset": three header rows (export tags, question texts in the survey's
# language with matrix columns as "Question - Statement", then {"ImportId": …} cells). The export tags of the
# first row are the same in every interface language.
QUALTRICS = SurveyFormat(
    name="qualtrics",
    label_key="ingest.format.qualtrics",
    signature=(("startdate",), ("enddate",), ("responseid", "_recordid"), ("finished",)),
    metadata={
        RESPONDENT_ID: ("responseid",),
        SUBMITTED_AT: ("enddate",),
        FINISHED: ("finished",),
        IGNORED: (
            "startdate",
            "status",
            "progress",
            "duration (in seconds)",
            "recordeddate",
            "distributionchannel",
            "userlanguage",
            "q_ballotboxstuffing",
            "q_recaptchascore",
            "q_relevantidduplicate",
            "q_relevantidduplicatescore",
            "q_relevantidfraudscore",
            "q_relevantidlaststartdate",
        ),
        PERSONAL: (
            "ipaddress",
            "recipientlastname",
            "recipientfirstname",
            "recipientemail",
            "externalreference",
            "externaldatareference",
            "locationlatitude",
            "locationlongitude",
            "locationaccuracy",
            "q_url",
        ),
    },
    label_row="always",
    answer_codes={"6": 0},  # a numeric export codes "weiß nicht" after the scale's last point
    finished_values=("1", "true", "wahr"),
    setting_key="ingest.setting.qualtrics",
)

# The legacy Qualtrics exporter: V1 … V10 over the names ResponseID, ResponseSet, Name, ExternalDataReference,
# EmailAddress, IPAddress, Status, StartDate, EndDate, Finished, then the question texts.
QUALTRICS_LEGACY = SurveyFormat(
    name="qualtrics_legacy",
    label_key="ingest.format.qualtrics_legacy",
    signature=(("v1",), ("v2",), ("v8",), ("v9",), ("v10",)),
    metadata={
        RESPONDENT_ID: ("v1",),
        IGNORED: ("v2", "v7", "v8"),
        PERSONAL: ("v3", "v4", "v5", "v6", "locationlatitude", "locationlongitude", "locationaccuracy"),
        SUBMITTED_AT: ("v9",),
        FINISHED: ("v10",),
    },
    label_row="always",
    answer_codes={"6": 0},
    finished_values=("1", "true", "wahr"),
    setting_key="ingest.setting.qualtrics",
)

# SoSci Survey's "Additional variables in the data set" (soscisurvey.de/help, results:variables): CASE, SERIAL,
# REF, QUESTNNR, MODE, STARTED before the questions, TIME001 …, TIME_SUM, MAILSENT, LASTDATA, FINISHED,
# Q_VIEWER, LASTPAGE, MAXPAGE, MISSING, MISSREL, TIME_RSI, DEG_TIME after them; negative codes are missing
# (-9 not answered, -1 "weiß nicht", -2 …); the variable labels may follow as a second row.
SOSCI = SurveyFormat(
    name="sosci",
    label_key="ingest.format.sosci",
    signature=(("case",), ("questnnr",), ("mode",)),
    metadata={
        RESPONDENT_ID: ("case",),
        SUBMITTED_AT: ("lastdata",),
        FINISHED: ("finished",),
        PERSONAL: ("serial", "ref", "ipaddr", "referer", "browser"),
        IGNORED: (
            "questnnr",
            "mode",
            "language",
            "started",
            "time_sum",
            "mailsent",
            "q_viewer",
            "lastpage",
            "maxpage",
            "missing",
            "missrel",
            "time_rsi",
            "deg_time",
        ),
    },
    metadata_patterns={IGNORED: r"time\d{3}"},
    label_row="optional",
    answer_codes=codes(("-{}",), range(1, 10), 0) | {"-99": 0},
    finished_values=("1", "true", "wahr"),
    setting_key="ingest.setting.sosci",
)

# Tivian EFS (Unipark): lfdn, external_lfdn, tester, dispcode (31 finished, 32 finished after a break), lastpage,
# quality, duration, the questions v_1 …, then browser and participant data, datetime, date_of_last_access;
# -77 not seen, -66 hidden, -99 seen but empty, 0 seen but not answered (EFS manual, missing values).
EFS = SurveyFormat(
    name="efs",
    label_key="ingest.format.efs",
    signature=(("lfdn",), ("dispcode",)),
    metadata={
        RESPONDENT_ID: ("lfdn",),
        FINISHED: ("dispcode",),
        SUBMITTED_AT: ("date_of_last_access",),
        IGNORED: (
            "external_lfdn",
            "tester",
            "lastpage",
            "quality",
            "duration",
            "datetime",
            "date_of_first_mail",
            "device_type",
            "quota",
            "quota_assignment",
            "page_history",
            "hflip",
            "vflip",
            "output_mode",
            "javascript",
            "flash",
            "session_id",
            "language",
            "cleaned",
            "ats",
            "participant_browser",
            "participant_browser_version",
            "participant_os",
            "participant_device",
            "participant_brand",
            "participant_model",
            "participant_isbot",
        ),
        PERSONAL: (
            "browser",
            "referer",
            "participant_continent",
            "participant_country",
            "participant_region",
            "participant_city",
        ),
    },
    metadata_patterns={IGNORED: r"rts\d+", PERSONAL: r"(?:u_\w+|p_\d+|c_\d+)"},
    label_row="optional",
    answer_codes={"-77": 0, "-66": 0, "-99": 0, "0": 0},
    finished_values=(
        "31",
        "32",
        "beendet",
        "beendet nach unterbrechung",
        "completed",
        "completed after break",
    ),
    setting_key="ingest.setting.efs",
)

# Typeform's CSV download: "#" (the response token), the questions by their text, Response Type, Start Date
# (UTC), Stage Date (UTC), Submit Date (UTC), Network ID, Tags; a partial response has no submit date.
TYPEFORM = SurveyFormat(
    name="typeform",
    label_key="ingest.format.typeform",
    signature=(("submit date (utc)",), ("network id",)),
    metadata={
        RESPONDENT_ID: ("#",),
        SUBMITTED_AT: ("submit date (utc)",),
        IGNORED: ("start date (utc)", "stage date (utc)", "response type", "tags", "ending"),
        PERSONAL: ("network id",),
    },
    skip_incomplete=True,
)

SURVEYMONKEY = SurveyFormat(
    name="surveymonkey",
    label_key="ingest.format.surveymonkey",
    signature=(("respondent id", "befragten-id"), ("collector id", "collector-id")),
    metadata={
        RESPONDENT_ID: ("respondent id", "befragten-id"),
        IGNORED: (
            "collector id",
            "collector-id",
            "start date",
            "startdatum",
            "custom data",
            "custom data 1",
            "benutzerdefinierte daten",
        ),
        SUBMITTED_AT: ("end date", "enddatum"),
        PERSONAL: (
            "ip address",
            "ip-adresse",
            "email address",
            "e-mail-adresse",
            "first name",
            "vorname",
            "last name",
            "nachname",
        ),
    },
    header_rows=2,
    response_labels=("response", "open-ended response", "antwort", "offene antwort"),
)

# LimeSurvey's response export (application/views/admin/export): "Answer codes" or "Full answers", headings
# as "Question code", "Full question text" or "Question code & question text"; LimeSurvey 6 names questions
# G01Q01 and sub-questions SQ001, and answer options AO01 … unless the author names them.
LIMESURVEY = SurveyFormat(
    name="limesurvey",
    label_key="ingest.format.limesurvey",
    signature=(
        ("submitdate", "date submitted", "datum abgeschickt"),
        ("lastpage", "last page", "letzte seite"),
    ),
    metadata={
        RESPONDENT_ID: ("id", "response id", "antwort id"),
        SUBMITTED_AT: ("submitdate", "date submitted", "datum abgeschickt"),
        IGNORED: (
            "lastpage",
            "last page",
            "letzte seite",
            "startlanguage",
            "start language",
            "start-sprache",
            "seed",
            "zufallsstartwert",
            "startdate",
            "date started",
            "datum gestartet",
            "datestamp",
            "date last action",
            "datum letzte aktivität",
            "refurl",
            "referrer url",
            "referrer-url",
            "interviewtime",
            "total time",
            "gesamtzeit",
        ),
        PERSONAL: ("token", "zugangsschlüssel", "ipaddr", "ip address", "ip-adresse"),
    },
    refused_codes=r"a[o0]?\d{1,3}",
    skip_incomplete=True,
    setting_key="ingest.setting.limesurvey",
    collab_codes=True,
)

MICROSOFT_FORMS = SurveyFormat(
    name="microsoft_forms",
    label_key="ingest.format.microsoft_forms",
    signature=(("id",), ("start time", "startzeit"), ("completion time", "fertigstellungszeit")),
    metadata={
        RESPONDENT_ID: ("id",),
        IGNORED: ("start time", "startzeit", "last modified time", "zeitpunkt der letzten änderung"),
        SUBMITTED_AT: ("completion time", "fertigstellungszeit"),
        PERSONAL: ("email", "e-mail", "name"),
    },
    collab_by_values=True,
)

GOOGLE_FORMS = SurveyFormat(
    name="google_forms",
    label_key="ingest.format.google_forms",
    first_header=("zeitstempel", "timestamp"),
    metadata={
        SUBMITTED_AT: ("zeitstempel", "timestamp"),
        PERSONAL: ("e-mail-adresse", "email address", "e-mail", "email", "benutzername", "username"),
        IGNORED: ("punktzahl", "score"),
    },
)

CANONICAL = SurveyFormat(name="canonical", label_key="ingest.format.canonical")

FORMATS: tuple[SurveyFormat, ...] = (
    QUALTRICS,
    QUALTRICS_LEGACY,
    SOSCI,
    EFS,
    TYPEFORM,
    SURVEYMONKEY,
    LIMESURVEY,
    MICROSOFT_FORMS,
    GOOGLE_FORMS,
    CANONICAL,
)
"""Every format, in the order they are tried; the canonical template matches any file, so it comes last."""
FORMATS_BY_NAME: Mapping[str, SurveyFormat] = MappingProxyType({f.name: f for f in FORMATS})
