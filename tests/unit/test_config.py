"""The settings table, its typed accessors, the refusal of values that are not allowed, and that nothing else reads the environment."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from smm_maturity import config, i18n, privacy, store

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT_READERS = frozenset({"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"})


def test_every_setting_has_a_help_text_a_unique_name_and_an_accessor() -> None:
    names = [entry.name for entry in config.SETTINGS]
    assert [
        "SMM_DB",
        "SMM_MIN_GROUP",
        "SMM_MIN_COMMENTS",
        "SMM_MAX_UPLOAD_MB",
        "BROWSER_PATH",
        "SMM_PPTX_TEMPLATE",
    ] == names
    assert all(entry.help.endswith(".") and len(entry.help) > 40 for entry in config.SETTINGS)
    assert names == list(config.ACCESSORS)


def test_the_defaults_when_nothing_is_set() -> None:
    assert (config.DEFAULT_DB_PATH, 5, 10, 20, 20 * 1024 * 1024, None) == (
        config.db_path({}),
        config.min_group_size({}),
        config.min_comments({}),
        config.max_upload_mb({}),
        config.max_upload_bytes({}),
        config.browser_path({}),
    )
    assert store.DEFAULT_DB_PATH == config.DEFAULT_DB_PATH


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", 5),
        ("   ", 5),
        ("3", 3),
        ("7", 7),
        (" 6 ", 6),
        ("\t10\n", 10),
        ("007", 7),
        ("1000", 1000),
    ],
)
def test_min_group_accepts_whole_numbers_from_3(raw: str, expected: int) -> None:
    assert expected == config.min_group_size({"SMM_MIN_GROUP": raw})


@pytest.mark.parametrize(
    "raw",
    [
        "7.0",
        "2",
        "0",
        "-1",
        "abc",
        "1e3",
        "1001",
        "9" * 30,
        "9" * 5000,
        "٥",
        "５",
        "²",
        "+5",
        "5 6",
        "0x10",
        "5\n6",
    ],
)
def test_min_group_refuses_anything_else(raw: str) -> None:
    with pytest.raises(config.SettingError) as refused:
        config.min_group_size({"SMM_MIN_GROUP": raw})
    message = str(refused.value)
    assert message.startswith("SMM_MIN_GROUP is set to ") and "a whole number from 3 to 1000" in message


def test_a_refusal_is_one_sentence_in_either_language() -> None:
    with pytest.raises(config.SettingError) as refused:
        config.min_group_size({"SMM_MIN_GROUP": "7.0"})
    assert isinstance(refused.value, i18n.LocalisedError)
    assert (
        'SMM_MIN_GROUP is set to "7.0", but it must be a whole number from 3 to 1000 (unset or empty means 5).',
        "SMM_MIN_GROUP ist auf „7.0“ gesetzt, muss aber eine ganze Zahl von 3 bis 1000 sein"
        " (nicht gesetzt oder leer heißt 5).",
    ) == (str(refused.value), refused.value.message("de"))


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("9" * 5000, "9" * 59 + "…"),
        ("5\n6", "5\\n6"),
        ("{k}", "{k}"),
    ],
)
def test_a_refused_value_is_repeated_short_and_printable(raw: str, shown: str) -> None:
    with pytest.raises(config.SettingError) as refused:
        config.min_group_size({"SMM_MIN_GROUP": raw})
    assert f'SMM_MIN_GROUP is set to "{shown}", but' in str(refused.value)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, 10),
        ({"SMM_MIN_COMMENTS": "  "}, 10),
        ({"SMM_MIN_COMMENTS": "5"}, 5),
        ({"SMM_MIN_COMMENTS": " 12 "}, 12),
        ({"SMM_MIN_COMMENTS": "1000"}, 1000),
        ({"SMM_MIN_GROUP": "7", "SMM_MIN_COMMENTS": "7"}, 7),
        ({"SMM_MIN_GROUP": "20"}, 20),
        ({"SMM_MIN_GROUP": "3", "SMM_MIN_COMMENTS": "3"}, 3),
    ],
)
def test_min_comments_accepts_whole_numbers_from_the_minimum_group_size(
    environ: dict[str, str], expected: int
) -> None:
    """Unset, it is 10 or the minimum group size, whichever is larger."""
    assert expected == config.min_comments(environ)


@pytest.mark.parametrize(
    ("environ", "minimum"),
    [
        ({"SMM_MIN_COMMENTS": "4"}, 5),
        ({"SMM_MIN_COMMENTS": "9", "SMM_MIN_GROUP": "10"}, 10),
        ({"SMM_MIN_COMMENTS": "0"}, 5),
        ({"SMM_MIN_COMMENTS": "-10"}, 5),
        ({"SMM_MIN_COMMENTS": "10.0"}, 5),
        ({"SMM_MIN_COMMENTS": "zehn"}, 5),
        ({"SMM_MIN_COMMENTS": "1e1"}, 5),
        ({"SMM_MIN_COMMENTS": "１０"}, 5),
        ({"SMM_MIN_COMMENTS": "1001"}, 5),
        ({"SMM_MIN_COMMENTS": "9" * 40}, 5),
    ],
)
def test_min_comments_refuses_anything_else(environ: dict[str, str], minimum: int) -> None:
    with pytest.raises(config.SettingError) as refused:
        config.min_comments(environ)
    message = str(refused.value)
    assert message.startswith("SMM_MIN_COMMENTS is set to ")
    assert f"a whole number from {minimum}, the minimum group size, to 1000" in message


def test_a_min_comments_refusal_is_one_sentence_in_either_language() -> None:
    with pytest.raises(config.SettingError) as refused:
        config.min_comments({"SMM_MIN_COMMENTS": "4", "SMM_MIN_GROUP": "6"})
    assert (
        'SMM_MIN_COMMENTS is set to "4", but it must be a whole number from 6, the minimum group size, to 1000'
        " (unset or empty means 10, or the minimum group size when that is larger).",
        "SMM_MIN_COMMENTS ist auf „4“ gesetzt, muss aber eine ganze Zahl von 6, der Mindestgruppengröße,"
        " bis 1000 sein (nicht gesetzt oder leer heißt 10, oder die Mindestgruppengröße, wenn sie größer ist).",
    ) == (str(refused.value), refused.value.message("de"))


def test_an_invalid_minimum_group_size_is_refused_once_not_again_by_min_comments() -> None:
    """min_comments is then checked against the floor of 3 alone."""
    assert ["SMM_MIN_GROUP"] == [
        error.params["name"] for error in config.problems({"SMM_MIN_GROUP": "2", "SMM_MIN_COMMENTS": "3"})
    ]
    assert ["SMM_MIN_GROUP", "SMM_MIN_COMMENTS"] == [
        error.params["name"] for error in config.problems({"SMM_MIN_GROUP": "x", "SMM_MIN_COMMENTS": "2"})
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", 20), (" 1 ", 1), ("100", 100), ("1024", 1024)],
)
def test_max_upload_mb_accepts_whole_numbers_from_1(raw: str, expected: int) -> None:
    environ = {"SMM_MAX_UPLOAD_MB": raw}
    assert (expected, expected * 1024 * 1024) == (
        config.max_upload_mb(environ),
        config.max_upload_bytes(environ),
    )


@pytest.mark.parametrize("raw", ["0", "-3", "2.5", "zwanzig", "²", "٣", "1e3", "1025", "9" * 40])
def test_max_upload_mb_refuses_anything_else(raw: str) -> None:
    with pytest.raises(config.SettingError, match="^SMM_MAX_UPLOAD_MB is set to .* from 1 to 1024"):
        config.max_upload_bytes({"SMM_MAX_UPLOAD_MB": raw})


def test_db_path_takes_a_file_path(tmp_path: Path) -> None:
    home = Path("~").expanduser()
    assert (
        tmp_path / "a.duckdb",
        Path("rel/b.duckdb"),
        home / "c.duckdb",
        tmp_path / "new" / "d.duckdb",
    ) == (
        config.db_path({"SMM_DB": f"  {tmp_path / 'a.duckdb'} "}),
        config.db_path({"SMM_DB": "rel/b.duckdb"}),
        config.db_path({"SMM_DB": "~/c.duckdb"}),
        config.db_path({"SMM_DB": str(tmp_path / "new" / "d.duckdb")}),
    )


def test_db_path_refuses_a_directory_or_a_path_inside_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("not a directory")
    for raw in (str(tmp_path), ".", str(tmp_path / "file.txt" / "x.duckdb"), "a\0b"):
        with pytest.raises(config.SettingError, match="^SMM_DB is set to .* must name a file"):
            config.db_path({"SMM_DB": raw})


def test_a_refused_path_is_repeated_whole(tmp_path: Path) -> None:
    folder = tmp_path / ("a-long-folder-name-" * 5)
    folder.mkdir()
    with pytest.raises(config.SettingError) as refused:
        config.db_path({"SMM_DB": str(folder)})
    assert str(refused.value).startswith(f'SMM_DB is set to "{folder}", but it must name a file')


def test_browser_path_is_any_text_or_none() -> None:
    assert ("/opt/chrome", None) == (
        config.browser_path({"BROWSER_PATH": " /opt/chrome "}),
        config.browser_path({"BROWSER_PATH": "  "}),
    )


def test_validate_checks_every_setting_at_once(tmp_path: Path) -> None:
    environ = {
        "SMM_DB": str(tmp_path),
        "SMM_MIN_GROUP": "2",
        "SMM_MIN_COMMENTS": "2",
        "SMM_MAX_UPLOAD_MB": "1e3",
        "BROWSER_PATH": "x",
    }
    assert ["SMM_DB", "SMM_MIN_GROUP", "SMM_MIN_COMMENTS", "SMM_MAX_UPLOAD_MB"] == [
        error.params["name"] for error in config.problems(environ)
    ]
    with pytest.raises(config.SettingError, match="^SMM_DB "):
        config.validate(environ)
    assert () == config.problems(
        {"SMM_MIN_GROUP": " 6 ", "SMM_MIN_COMMENTS": "6", "SMM_MAX_UPLOAD_MB": "", "SMM_DB": "x.duckdb"}
    )
    config.validate({})


def test_the_accessors_read_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMM_MAX_UPLOAD_MB", "7")
    monkeypatch.setenv("SMM_MIN_GROUP", "8")
    monkeypatch.setenv("SMM_MIN_COMMENTS", "9")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert ("7", "", 7, 8, 8, 9) == (
        config.value("SMM_MAX_UPLOAD_MB"),
        config.value("BROWSER_PATH"),
        config.max_upload_mb(),
        config.min_group_size(),
        privacy.min_group_size(),
        config.min_comments(),
    )
    with pytest.raises(KeyError):
        config.value("SMM_UNKNOWN")


def test_the_package_refuses_an_invalid_minimum_instead_of_replacing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SMM_MIN_GROUP", "2")
    with pytest.raises(config.SettingError, match="SMM_MIN_GROUP"):
        privacy.min_group_size()


def test_settings_markdown_lists_every_setting() -> None:
    lines = config.settings_markdown().splitlines()
    assert "| variable | default | what it does |" == lines[0]
    assert [f"`{entry.name}`" for entry in config.SETTINGS] == [
        line.split(" | ")[0][2:] for line in lines[2:]
    ]


def test_the_readme_shows_the_current_settings_table() -> None:
    assert config.settings_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_refusal_key_of_settings_instrument_backup_and_cli_is_in_both_catalogues() -> None:
    raised = re.compile(r'(?:SettingError|InstrumentError|BackupError|CommandError)\(\s*"([a-z_.]+)"')
    sources = ("config.py", "instrument.py", "backup.py", "cli.py")
    used = {
        key for name in sources for key in raised.findall((ROOT / "smm_maturity" / name).read_text("utf-8"))
    }
    assert len(used) > 25
    assert (set(), set()) == (used - set(i18n.catalogue("de")), used - set(i18n.catalogue("en")))


def environment_reads(path: Path, root: Path = ROOT) -> list[str]:
    """Where a source file reads or changes the environment: `os.environ`, `os.getenv`, `from os import environ`, …"""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        from_os = isinstance(node, ast.ImportFrom) and node.module == "os"
        imported = {alias.name for alias in node.names} if from_os else set()
        if (
            isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT_READERS
        ) or imported & ENVIRONMENT_READERS:
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_module_but_config_reads_the_environment() -> None:
    sources = [
        *(ROOT / "smm_maturity").rglob("*.py"),
        *(ROOT / "pages").glob("*.py"),
        ROOT / "ui.py",
        ROOT / "access.py",
        ROOT / "dashboard.py",
    ]
    reads = {path.relative_to(ROOT).as_posix(): environment_reads(path) for path in sorted(sources)}
    assert reads.pop("smm_maturity/config.py")
    assert {} == {path: lines for path, lines in reads.items() if lines}


def test_the_environment_check_sees_every_way_of_reading(tmp_path: Path) -> None:
    source = tmp_path / "reader.py"
    source.write_text(
        "import os\nfrom os import getenv\nimport os as o\n"
        "a = os.environ['X']\nb = getenv('Y')\nc = o.getenv('Z')\nd = os.environ.get('W')\ne = os.path.join('a')\n"
    )
    assert ["reader.py:2", "reader.py:4", "reader.py:6", "reader.py:7"] == sorted(
        environment_reads(source, tmp_path)
    )
