"""Texts and number formats in German and English."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from smm_maturity import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        ROOT / "dashboard.py",
        ROOT / "ui.py",
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "smm_maturity").glob("*.py"),
    ]
)
KEY_USE = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
TRANSLITERATIONS = re.compile(
    r"\b(fuer|ueber|Ueber|koennen|muessen|waehlen|Aenderung|aendern|Groesse|Massnahme|Beschaeftigt|oeffentlich"
    r"|Oeffentlich|zurueck|naechst|Naechst|gross|Fuehrung|Abstaende|haeng|Schluessel)",
)


def placeholders(text: str) -> set[str]:
    """The `{names}` a text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(i18n.TEXTS))
def test_every_text_exists_in_both_languages_with_the_same_placeholders(key: str) -> None:
    german, english = i18n.TEXTS[key]
    assert german.strip() and english.strip()
    assert placeholders(german) == placeholders(english)


def test_german_texts_use_real_umlauts_and_eszett() -> None:
    offending = {key: german for key, (german, _) in i18n.TEXTS.items() if TRANSLITERATIONS.search(german)}
    assert {} == offending


def test_every_text_key_used_in_the_code_exists() -> None:
    used = {key for path in SOURCES for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    assert set() == used - set(i18n.TEXTS)


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
