"""Reading an upload in a child process with limits on memory, CPU time and wall time.

A hostile file can make a reader abort, loop or ask for hundreds of gigabytes. Read in a child process, such
a file stops only the child: the caller gets a batch whose one error names the file and the limit it hit,
and the server (or the command line) goes on.
"""

from __future__ import annotations

import hashlib
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smm_maturity import config
from smm_maturity.ingest.batch import ImportBatch, Source, failed
from smm_maturity.ingest.problems import Problem, error, short
from smm_maturity.ingest.reading import size_text
from smm_maturity.ingest.validation import DEFAULT_MAX_BYTES, read_upload


@dataclass(frozen=True)
class Limits:
    """What one file's reading may use: address space, CPU seconds and wall-clock seconds."""

    memory_bytes: int = 4 * 1024 * 1024 * 1024
    cpu_seconds: int = 60
    wall_seconds: float = 120.0


LIMITS = Limits()
"""The limits every upload and command-line import is read under."""

_MEMORY_EXIT = 3
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_CHILD = "from smm_maturity.ingest.sandbox import child_main; child_main()"
_CPU_SIGNALS = tuple(-getattr(signal, name) for name in ("SIGXCPU", "SIGKILL") if hasattr(signal, name))
"""How a child ends at its CPU limit: SIGXCPU at the soft limit, SIGKILL at the hard one."""
_ALLOCATION_FAILED = ("memory allocation of", "MemoryError", "std::bad_alloc", "Cannot allocate memory")


def read_upload_isolated(
    data: bytes,
    file_name: str,
    *,
    department: str | None = None,
    column_mapping: dict[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_departments: Iterable[str] = (),
    limits: Limits = LIMITS,
) -> ImportBatch:
    """`read_upload` in a child process under `limits`; a limit or a crash becomes the batch's one error."""
    source = Source(file_name, hashlib.sha256(data).hexdigest())
    if len(data) > max_bytes:
        return failed(source, [error("too_large", value=size_text(len(data)), detail=size_text(max_bytes))])
    request = pickle.dumps(
        {
            "data": data,
            "file_name": file_name,
            "department": department,
            "column_mapping": column_mapping,
            "max_bytes": max_bytes,
            "known_departments": tuple(known_departments),
            "limits": limits,
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    child = _take_child()
    try:
        output, said = child.communicate(request, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return failed(source, [error("time_limit", value=_seconds(limits.wall_seconds))])
    finally:
        _prepare_spare()
    if child.returncode == 0:
        batch: ImportBatch = pickle.loads(output)
        return batch
    return failed(source, [_limit_problem(child.returncode, said, limits)])


def _take_child() -> subprocess.Popen[bytes]:
    """The spare child, which has imported the reader and waits for its request; a fresh one when there is none.

    Starting Python and importing the reader takes about half a second, which the spare takes ahead of time.
    """
    global _spare
    with _spare_lock:
        child = _spare if _spare is not None and _spare.poll() is None else _start_child()
        _spare = None
    return child


def _prepare_spare() -> None:
    """Start the spare for the next file once this one is read, so that the two do not compete for the CPU.

    A spare whose parent ends reads end-of-file and ends too.
    """
    global _spare
    with _spare_lock:
        if _spare is None or _spare.poll() is not None:
            _spare = _start_child()


def _start_child() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=config.child_environment([_PACKAGE_ROOT]),
    )


_spare: subprocess.Popen[bytes] | None = None
_spare_lock = threading.Lock()


def _limit_problem(returncode: int, stderr: bytes, limits: Limits) -> Problem:
    """The error for a child that did not return a batch: which limit it hit, or how it stopped."""
    said = stderr.decode("utf-8", errors="replace")
    if returncode == _MEMORY_EXIT or any(marker in said for marker in _ALLOCATION_FAILED):
        return error("memory_limit", value=f"{limits.memory_bytes / 1024**3:g} GB")
    if returncode in _CPU_SIGNALS:
        return error("cpu_limit", value=_seconds(limits.cpu_seconds))
    if returncode < 0:
        return error("reader_crashed", value=signal.Signals(-returncode).name)
    last = said.strip().splitlines()[-1] if said.strip() else f"exit code {returncode}"
    return error("reader_crashed", value=short(last, 120))


def _seconds(seconds: float) -> str:
    return f"{seconds:g} s"


def _apply(limits: Limits) -> None:
    """Limit this process's address space and CPU time; where the system has no such limits (Windows), only
    the wall time holds."""
    if sys.platform == "win32":
        return
    import resource

    for kind, soft, hard in (
        (resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes),
        (resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 5),
    ):
        try:
            resource.setrlimit(kind, (soft, hard))
        except (ValueError, OSError):  # macOS refuses some address-space limits
            continue


def child_main() -> None:
    """The child's side: read the request from standard input, apply the limits, write the batch to output."""
    received = sys.stdin.buffer.read()
    if not received:
        return
    request = pickle.loads(received)
    _apply(request["limits"])
    try:
        batch = read_upload(
            request["data"],
            request["file_name"],
            department=request["department"],
            column_mapping=request["column_mapping"],
            max_bytes=request["max_bytes"],
            known_departments=request["known_departments"],
        )
        result = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        sys.exit(_MEMORY_EXIT)
    if any(p.kind == "unexpected" and (p.value or "").startswith("MemoryError") for p in batch.problems):
        sys.exit(_MEMORY_EXIT)
    sys.stdout.buffer.write(result)
    sys.stdout.flush()
