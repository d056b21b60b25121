"""Set up and run Augenhöhe: `python3 run.py dashboard` starts the app (without a secrets file, on 127.0.0.1
only), `python3 run.py test` runs the checks and then every test, `python3 run.py check` runs the checks alone (lint, format, types, import contracts).

Each command first makes sure a virtual environment in `.venv` holds the pinned requirements; the
install is skipped while the requirement files are unchanged.

The dashboard runs as a child process. Once it answers, one request to Streamlit's script health check runs
dashboard.py in a throwaway session: its `st.navigation` ends Streamlit's old folder mode for the process
(which a `pages/` folder beside dashboard.py starts it in, and which would run a requested screen's file on
its own), and it opens the database before the first visitor comes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = {
    "dashboard": "requirements.txt",
    "check": "requirements-dev.txt",
    "test": "requirements-dev.txt",
}
DEFAULT_PORT = 8501
HEALTH = "/_stcore/health"
LOOPBACK = "127.0.0.1"
LISTEN_ON_NETWORK = "--listen-on-network"
LOCAL_BANNER = (
    "Local mode: there is no secrets file, so there is no sign-in and every page is open. The dashboard"
    f" therefore listens on {LOOPBACK} only and is reachable from this computer alone. To serve others, set up"
    f" sign-in (see the README's Security section), or start with {LISTEN_ON_NETWORK} at your own risk."
)
NETWORK_BANNER = (
    "Warning: local mode on the network. There is no secrets file, so there is no sign-in, and you asked"
    " the dashboard to listen beyond this computer: everyone who reaches it can open every page, undo and"
    " settings included."
)
SCRIPT_HEALTH = "/_stcore/script-health-check"


CHECKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ruff check", ("ruff", "check", ".")),
    ("ruff format", ("ruff", "format", "--check", ".")),
    ("mypy", ("mypy",)),
    ("import contracts", ("lint-imports",)),
)
"""Each check's name and its command, a script of the virtual environment; settings are in pyproject.toml."""
NO_TESTS_COLLECTED = 5
WORKERS = ["--numprocesses", "auto", "--dist", "loadgroup"]
"""pytest's workers unless the arguments name their own: one per core, the browser tests taking turns on one of
them (tests/conftest.py groups them)."""


class NotReady(RuntimeError):
    """The dashboard exited or did not answer in time."""


def venv_python() -> Path:
    """The interpreter of the project's virtual environment."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_script(name: str) -> Path:
    """A console script installed in the project's virtual environment."""
    return VENV / ("Scripts" if os.name == "nt" else "bin") / (f"{name}.exe" if os.name == "nt" else name)


def requirements_digest(requirement_file: str) -> str:
    """A hash of the requirement file and the files it includes."""
    digest = hashlib.sha256()
    for name in sorted({requirement_file, "requirements.txt"}):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment(requirement_file: str) -> Path:
    """Create `.venv` if needed and install the pinned requirements when they changed."""
    python = venv_python()
    if not python.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{Path(requirement_file).stem}"
    digest = requirements_digest(requirement_file)
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"Installing {requirement_file} …", flush=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                requirement_file,
            ],
            cwd=ROOT,
            check=True,
        )
        stamp.write_text(digest)
    return python


def option(arguments: Sequence[str], name: str) -> str | None:
    """The value of a `--name=value` or `--name value` option among the arguments, the last one given."""
    value = None
    for index, argument in enumerate(arguments):
        if argument.startswith(f"--{name}="):
            value = argument.split("=", 1)[1]
        elif argument == f"--{name}" and index + 1 < len(arguments):
            value = arguments[index + 1]
    return value


def free_port(start: int = DEFAULT_PORT) -> int:
    """The first port from `start` on that nothing listens on, as Streamlit itself would pick."""
    for port in range(start, start + 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise NotReady(f"No free port between {start} and {start + 99}.")


def dashboard_command(python: str | Path, *options: str) -> list[str]:
    """`streamlit run dashboard.py` with these options, for the interpreter given."""
    return [str(python), "-m", "streamlit", "run", "dashboard.py", *options]


def loopback_options(port: int) -> list[str]:
    """The options of a dashboard that tests and benchmarks start: headless, on a loopback port, no statistics."""
    return [
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
    ]


def base_url(arguments: Sequence[str]) -> str:
    """Where the dashboard started with these `streamlit run` arguments answers on this machine."""
    address = option(arguments, "server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::", ""):
        address = "127.0.0.1"
    host = f"[{address}]" if ":" in address else address
    path = (option(arguments, "server.baseUrlPath") or "").strip("/")
    return f"http://{host}:{option(arguments, 'server.port')}" + (f"/{path}" if path else "")


def get(url: str, timeout: float) -> int:
    """The HTTP status of a GET request."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Wait until the dashboard answers; NotReady when its process exits first or it stays silent too long."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise NotReady(f"The dashboard exited early with {process.returncode}.")
        try:
            if get(base + HEALTH, timeout=2) == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise NotReady(f"The dashboard did not answer within {timeout:.0f} s.")
        time.sleep(0.2)


def run_dashboard_once(base: str) -> None:
    """Run dashboard.py once in a throwaway session; NotReady when that run fails or takes over a minute."""
    status = get(base + SCRIPT_HEALTH, timeout=90)
    if status != 200:
        raise NotReady(
            f"The first run of dashboard.py did not succeed ({SCRIPT_HEALTH} answered {status});"
            " server.scriptHealthCheckEnabled must be true in .streamlit/config.toml."
        )


def secrets_files(arguments: Sequence[str]) -> list[Path]:
    """The secrets files the dashboard reads: those of `--secrets.files`, else Streamlit's two default places."""
    given = option(arguments, "secrets.files")
    if given is not None:
        return [Path(part.strip()).expanduser() for part in given.split(",") if part.strip()]
    return [Path.home() / ".streamlit" / "secrets.toml", ROOT / ".streamlit" / "secrets.toml"]


def bind_address(arguments: list[str]) -> tuple[list[str], str | None]:
    """The `streamlit run` arguments with the listening address settled, and the banner to print.

    Without a secrets file there is no sign-in (local mode), so the dashboard listens on the loopback address
    only, unless `--listen-on-network` or an explicit `--server.address` asks otherwise.
    """
    on_network = LISTEN_ON_NETWORK in arguments
    arguments = [argument for argument in arguments if argument != LISTEN_ON_NETWORK]
    if any(path.exists() for path in secrets_files(arguments)):
        return arguments, None
    address = option(arguments, "server.address")
    if address is None and not on_network:
        return [*arguments, f"--server.address={LOOPBACK}"], LOCAL_BANNER
    return arguments, NETWORK_BANNER


def build_first_start(python: str | Path, root: Path = ROOT, env: dict[str, str] | None = None) -> None:
    """On a fresh install, build the default database with the demo organisation before the server starts."""
    subprocess.run([str(python), "-m", "smm_maturity.demo"], cwd=root, env=env, check=False)


def serve(python: Path, extra: list[str]) -> int:
    """Run the dashboard until it stops, after making it ready; Ctrl-C and a stop signal reach it too.

    Without `--server.port`, the first free port from 8501 on is chosen here, so that the readiness checks
    reach this dashboard and no other. In local mode it listens on the loopback address only (`bind_address`).
    """
    arguments, banner = bind_address(list(extra))
    if banner is not None:
        print(f"run.py: {banner}", flush=True)
    build_first_start(python)
    if option(arguments, "server.port") is None:
        arguments.append(f"--server.port={free_port()}")
    process = subprocess.Popen(dashboard_command(python, *arguments), cwd=ROOT)
    if os.name != "nt":
        signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        base = base_url(arguments)
        try:
            wait_until_healthy(base, process)
            run_dashboard_once(base)
        except NotReady as problem:
            print(f"run.py: {problem}", file=sys.stderr)
        return process.wait()
    except KeyboardInterrupt:
        try:  # a Ctrl-C in the terminal reaches the dashboard too; a signal sent to run.py alone is passed on
            return process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.CTRL_C_EVENT if os.name == "nt" else signal.SIGINT)
            return process.wait()


def check(consequence: str = "") -> int:
    """Run every check to its end, so that all findings show; 1 and a one-line summary when any fails."""
    failed = []
    for name, (script, *arguments) in CHECKS:
        print(f"run.py: {name} …", flush=True)
        if subprocess.run([str(venv_script(script)), *arguments], cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        print(f"run.py: check failed: {', '.join(failed)} (findings above){consequence}.", file=sys.stderr)
        return 1
    return 0


def test(python: Path, extra: list[str]) -> int:
    """Run the checks, then pytest with the extra arguments; a run that collects no test fails."""
    if check("; the tests did not run") != 0:
        return 1
    workers = [] if any(argument.startswith(("-n", "--numprocesses")) for argument in extra) else WORKERS
    returncode = subprocess.run([str(python), "-m", "pytest", *workers, *extra], cwd=ROOT).returncode
    if returncode == NO_TESTS_COLLECTED:
        print("run.py: pytest collected no tests; check the paths and -k or -m filters.", file=sys.stderr)
    return returncode


def main(argv: list[str]) -> int:
    """Run the named command with any extra arguments passed through."""
    if not argv or argv[0] not in REQUIREMENTS:
        print(
            f"usage: python3 run.py dashboard [{LISTEN_ON_NETWORK}]|check|test [extra arguments]",
            file=sys.stderr,
        )
        return 2
    command, extra = argv[0], argv[1:]
    python = ensure_environment(REQUIREMENTS[command])
    if command == "dashboard":
        return serve(python, extra)
    if command == "check":
        return check()
    return test(python, extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
