"""The texts of the interface in German and English, and number and date formatting per language."""

from __future__ import annotations

from datetime import date, datetime

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Augenhöhe", "Augenhöhe"),
    "app.tagline": (
        "Reifegrad auf dem Weg zur Social Enterprise",
        "Maturity on the road to the social enterprise",
    ),
    "nav.dashboard": ("Dashboard", "Dashboard"),
    "nav.data": ("Daten", "Data"),
    "nav.about": ("Über", "About"),
    "nav.overview": ("Überblick", "Overview"),
    "nav.departments": ("Abteilungen", "Departments"),
    "nav.silo_map": ("Silo-Karte", "Silo map"),
    "nav.trends": ("Entwicklung", "Trends"),
    "nav.upload": ("Hochladen", "Upload"),
    "nav.questionnaire": ("Fragebogen", "Questionnaire"),
    "nav.method": ("Methode", "Method"),
    "sidebar.language": ("Sprache", "Language"),
    "filter.wave": ("Befragungswelle", "Survey wave"),
    "filter.department": ("Abteilung", "Department"),
    "organisation": ("Gesamtorganisation", "Whole organisation"),
    "hidden.reason": ("weniger als {k} Antworten", "fewer than {k} answers"),
    "empty.title": ("Willkommen bei Augenhöhe", "Welcome to Augenhöhe"),
    "empty.text": (
        "Augenhöhe zeigt, wie weit Ihre Organisation und jede Abteilung auf dem Weg zur Social Enterprise "
        "gekommen sind: Silos, Transparenz, Abstimmung und die Kompetenzen dahinter. Teams laden die Antworten "
        "ihres Fragebogens hoch oder füllen ihn online aus, und die Auswertung zeigt nur Gruppen ab "
        "{k} Personen. Noch sind keine Antworten gespeichert: Laden Sie die Demo-Organisation, um sich "
        "umzusehen, oder laden Sie Ihre eigenen Antworten hoch.",
        "Augenhöhe shows how far your organisation and each department have come on the road to the social "
        "enterprise: silos, transparency, coordination and the competencies behind them. Teams upload their "
        "questionnaire answers or fill it in online, and results only ever show groups of {k} or more people. "
        "No answers are stored yet: load the demo organisation to look around, or upload your own answers.",
    ),
    "empty.load_demo": ("Demo-Organisation laden", "Load the demo organisation"),
    "empty.go_upload": ("Eigene Antworten hochladen", "Upload your own answers"),
}


def t(key: str, lang: str, **params: object) -> str:
    """The text for a key in the given language, with its `{placeholders}` filled in."""
    german, english = TEXTS[key]
    text = german if lang == "de" else english
    return text.format(**params) if params else text


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """The language to use: the one in the URL if valid, else the browser's, else German."""
    if requested in LANGUAGES:
        return requested
    if browser_locale:
        prefix = browser_locale.split("-")[0].split("_")[0].lower()
        if prefix in LANGUAGES:
            return prefix
    return DEFAULT_LANGUAGE


def format_number(value: float | int | None, lang: str, decimals: int = 1, placeholder: str = "–") -> str:
    """A number in the language's format: 3,5 in German and 3.5 in English, with thousands separators."""
    if value is None:
        return placeholder
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_signed(value: float | None, lang: str, decimals: int = 1, placeholder: str = "–") -> str:
    """A change with an explicit sign (+0,4 / −0.2)."""
    if value is None:
        return placeholder
    text = format_number(abs(value), lang, decimals)
    return ("+" if value >= 0 else "\u2212") + text


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage (42 % in German, 42% in English)."""
    if share is None:
        return "–"
    number = format_number(share * 100, lang, decimals)
    return f"{number}\u00a0%" if lang == "de" else f"{number}%"


def format_date(value: date | datetime | None, lang: str) -> str:
    """A date as 22.11.2026 in German and 2026-11-22 in English."""
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y") if lang == "de" else value.strftime("%Y-%m-%d")
