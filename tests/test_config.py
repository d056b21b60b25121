"""The settings table and the upload size limit."""

from __future__ import annotations

import pytest

from smm_maturity import config


def test_every_setting_has_a_help_text_and_a_unique_name() -> None:
    names = [entry.name for entry in config.SETTINGS]
    assert ["SMM_DB", "SMM_MIN_GROUP", "SMM_MAX_UPLOAD_MB", "BROWSER_PATH"] == names
    assert all(entry.help.endswith(".") and len(entry.help) > 40 for entry in config.SETTINGS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 20),
        ("", 20),
        ("  ", 20),
        ("5", 5),
        (" 100 ", 100),
        ("0", 20),
        ("-3", 20),
        ("2.5", 20),
        ("zwanzig", 20),
        ("²", 20),
    ],
)
def test_max_upload_mb(raw: str | None, expected: int) -> None:
    environ = {} if raw is None else {"SMM_MAX_UPLOAD_MB": raw}
    assert expected == config.max_upload_mb(environ)
    assert expected * 1024 * 1024 == config.max_upload_bytes(environ)


def test_value_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_MAX_UPLOAD_MB", "7")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert ("7", "") == (config.value("SMM_MAX_UPLOAD_MB"), config.value("BROWSER_PATH"))
    with pytest.raises(KeyError):
        config.value("SMM_UNKNOWN")


def test_settings_markdown_lists_every_setting() -> None:
    lines = config.settings_markdown().splitlines()
    assert "| variable | default | what it does |" == lines[0]
    assert [f"`{entry.name}`" for entry in config.SETTINGS] == [
        line.split(" | ")[0][2:] for line in lines[2:]
    ]
