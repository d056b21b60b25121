"""`run.py dashboard` in local mode (no secrets file) listens on the loopback address unless asked otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

import run


@pytest.fixture
def no_secrets(tmp_path: Path) -> str:
    """A `--secrets.files` option that names a file that does not exist."""
    return f"--secrets.files={tmp_path / 'secrets.toml'}"


def test_local_mode_binds_to_the_loopback_address_and_says_so(no_secrets: str) -> None:
    assert ([no_secrets, "--server.address=127.0.0.1"], run.LOCAL_BANNER) == run.bind_address([no_secrets])
    assert "listens on 127.0.0.1 only" in run.LOCAL_BANNER


def test_listening_on_the_network_must_be_asked_for_and_is_warned_about(no_secrets: str) -> None:
    assert ([no_secrets], run.NETWORK_BANNER) == run.bind_address([no_secrets, run.LISTEN_ON_NETWORK])
    explicit = [no_secrets, "--server.address", "0.0.0.0"]
    assert (explicit, run.NETWORK_BANNER) == run.bind_address(explicit)


def test_with_a_secrets_file_the_address_is_left_to_streamlit(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[passcodes]\nadmin = "scrypt$..."\n', encoding="utf-8")
    arguments = [f"--secrets.files={secrets}", "--server.port=8600"]
    assert (arguments, None) == run.bind_address([*arguments, run.LISTEN_ON_NETWORK])
    assert (arguments, None) == run.bind_address(arguments)


def test_the_default_secrets_files_are_streamlits_two_places() -> None:
    assert [Path.home() / ".streamlit" / "secrets.toml", run.ROOT / ".streamlit" / "secrets.toml"] == (
        run.secrets_files([])
    )
