"""Texts and number formats in German and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smm_maturity import i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [
        ROOT / "dashboard.py",
        ROOT / "ui.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "smm_maturity").rglob("*.py"),
    ]
)
KEY_USE = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
TRANSLITERATIONS = re.compile(
    r"\b(fuer|ueber|Ueber|koennen|muessen|waehlen|Aenderung|aendern|Groesse|Massnahme|Beschaeftigt|oeffentlich"
    r"|Oeffentlich|zurueck|naechst|Naechst|gross|Fuehrung|Abstaende|haeng|Schluessel)",
)


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    german, english = i18n.catalogue("de"), i18n.catalogue("en")
    assert set(german) == set(english)
    differing = {key for key in german if i18n.placeholders(german[key]) != i18n.placeholders(english[key])}
    assert set() == differing
    assert set() == {key for key in german if not german[key].strip() or not english[key].strip()}


def test_german_texts_use_real_umlauts_and_eszett() -> None:
    offending = {key: text for key, text in i18n.catalogue("de").items() if TRANSLITERATIONS.search(text)}
    assert {} == offending


def test_every_text_key_used_in_the_code_exists() -> None:
    used = {key for path in SOURCES for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    assert set() == used - set(i18n.catalogue("en"))


def test_a_key_defined_twice_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "a.toml").write_text('"same.key" = "one"\n', encoding="utf-8")
    (tmp_path / "xx" / "b.toml").write_text('"same.key" = "two"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="defined twice"):
            i18n.catalogue("xx")
    finally:
        i18n.catalogue.cache_clear()


def test_a_localised_error_speaks_english_to_the_cli_and_either_language_to_the_ui() -> None:
    error = i18n.LocalisedError("signin.wait", seconds=3)
    assert (
        "Too many failed attempts. Please wait 3 seconds.",
        "Zu viele Fehlversuche. Bitte warten Sie 3 Sekunden.",
    ) == (
        str(error),
        error.message("de"),
    )


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (3.5, "de", 1, "3,5"),
        (3.5, "en", 1, "3.5"),
        (1234.567, "de", 2, "1.234,57"),
        (1234.567, "en", 2, "1,234.57"),
        (48.75, "de", 1, "48,8"),
        (150, "de", 0, "150"),
        (None, "de", 1, "–"),
    ],
)
def test_format_number(value: float | None, lang: str, decimals: int, expected: str) -> None:
    assert expected == i18n.format_number(value, lang, decimals)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(7.84, "de", "+7,8"), (-0.25, "en", "-0.2"), (0.0, "de", "+0,0"), (None, "en", None)],
)
def test_format_delta_uses_an_ascii_minus_so_the_metric_arrow_points_down(
    value: float | None, lang: str, expected: str | None
) -> None:
    assert expected == i18n.format_delta(value, lang, 1)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(0.0123, "de", "p = 0,012"), (0.0004, "en", "p < 0.001"), (0.5, "en", "p = 0.500"), (None, "de", "–")],
)
def test_format_p_value(value: float | None, lang: str, expected: str) -> None:
    assert expected == i18n.format_p_value(value, lang)


@pytest.mark.parametrize(
    ("share", "lang", "expected"), [(0.6, "de", "60\u00a0%"), (0.6, "en", "60%"), (None, "de", "–")]
)
def test_format_percent(share: float | None, lang: str, expected: str) -> None:
    assert expected == i18n.format_percent(share, lang)


@pytest.mark.parametrize(
    ("requested", "locale", "expected"),
    [
        ("en", "de-DE", "en"),
        ("fr", "en-GB", "en"),
        (None, "de_AT", "de"),
        (None, "fr-FR", "de"),
        (None, None, "de"),
    ],
)
def test_pick_language(requested: str | None, locale: str | None, expected: str) -> None:
    assert expected == i18n.pick_language(requested, locale)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Marketing", "Marketing"),
        ("R&D *intern*", "R&D \\*intern\\*"),
        ("[Link](x)", "\\[Link\\]\\(x\\)"),
        ("<b>fett</b>", "\\<b\\>fett\\</b\\>"),
    ],
)
def test_escape_markdown(name: str, expected: str) -> None:
    assert expected == i18n.escape_markdown(name)


def test_the_hidden_reason_names_the_real_minimum_group_size() -> None:
    assert "weniger als 7 Antworten" == i18n.t("hidden.reason", "de", k=7)
    assert "fewer than 7 answers" == i18n.t("hidden.reason", "en", k=7)
