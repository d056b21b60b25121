"""Set up and run Augenhöhe: `python3 run.py dashboard` starts the app, `python3 run.py test` runs every test.

Both commands first make sure a virtual environment in `.venv` holds the pinned requirements; the
install is skipped while the requirement files are unchanged.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = {"dashboard": "requirements.txt", "test": "requirements-dev.txt"}


def venv_python() -> Path:
    """The interpreter of the project's virtual environment."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


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


def main(argv: list[str]) -> int:
    """Run the named command with any extra arguments passed through."""
    if not argv or argv[0] not in REQUIREMENTS:
        print("usage: python3 run.py dashboard|test [extra arguments]", file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    python = ensure_environment(REQUIREMENTS[command])
    if command == "dashboard":
        arguments = [str(python), "-m", "streamlit", "run", "dashboard.py", *extra]
    else:
        arguments = [str(python), "-m", "pytest", *extra]
    return subprocess.run(arguments, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
