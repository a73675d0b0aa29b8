"""Detached processes, pid files, ports and locks shared by the local tools."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

# Popen objects of the brokers this interpreter started. Holding them lets us
# reap a child we stop ourselves (otherwise it would linger as a zombie and
# look alive) and keeps Popen.__del__ from warning about a running child.
_children: dict[int, subprocess.Popen[bytes]] = {}


def spawn_detached(argv: Sequence[str], log_file: Path, cwd: Path) -> int:
    """Start `argv` in its own session so it outlives this process and does
    not get the terminal's Ctrl-C; stdout and stderr go to `log_file`."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            start_new_session=True,
        )
    _children[proc.pid] = proc
    _await_exec(proc)
    return proc.pid


def _await_exec(proc: subprocess.Popen[bytes], within: float = 5.0) -> None:
    """Popen returns while the kernel may still be setting up the new program: for a moment
    /proc/<pid>/cmdline is empty (measured: 4-13 % of spawns), so `pid_alive(pid, markers)`
    right after spawning called a healthy broker dead and `start_node` failed with "is not
    running". Wait until the command line is there (or the child is gone)."""
    deadline = time.monotonic() + within
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if Path(f"/proc/{proc.pid}/cmdline").read_bytes():
                return
        except OSError:
            return
        time.sleep(0.01)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].strip().startswith("Z")


def pid_alive(pid: int, markers: Sequence[str] = ()) -> bool:
    """True if `pid` runs and its command line contains every marker; the
    markers guard against a recycled pid belonging to someone else."""
    child = _children.get(pid)
    if child is not None and child.poll() is not None:
        del _children[pid]
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    if _is_zombie(pid):
        return False
    text = cmdline.replace(b"\0", b" ").decode(errors="replace")
    return all(marker in text for marker in markers)


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def write_pid(pid_file: Path, pid: int) -> None:
    pid_file.write_text(f"{pid}\n", encoding="utf-8")


def _released(pid: int) -> bool:
    """Whether `pid` has exited with all its threads. A SIGKILLed JVM's main thread is a zombie
    within milliseconds, but its other threads take a second or more to exit and hold the
    listening ports and the data directory's lock until then: restarting the node in that
    window failed with "port ... is taken"."""
    if pid_alive(pid):
        return False
    try:
        return len(os.listdir(f"/proc/{pid}/task")) <= 1
    except OSError:  # reaped: nothing of it is left
        return True


def _wait_gone(pids: Sequence[int], deadline: float) -> list[int]:
    """Wait until `deadline` (monotonic) for the pids to exit; return survivors."""
    while True:
        alive = [pid for pid in pids if not _released(pid)]
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.1)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone is fine
        os.kill(pid, sig)


def stop_processes(pids: Sequence[int], grace: float) -> list[int]:
    """SIGTERM all at once (so peers shut down together rather than each
    waiting for the others), wait up to `grace` seconds, SIGKILL the rest.
    Returns the pids that had to be killed."""
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    survivors = _wait_gone(pids, time.monotonic() + grace)
    kill_processes(survivors)
    return survivors


def kill_processes(pids: Sequence[int]) -> None:
    """SIGKILL and wait until the kernel has really released the processes."""
    for pid in pids:
        _signal(pid, signal.SIGKILL)
    survivors = _wait_gone(pids, time.monotonic() + 15.0)
    if survivors:
        raise RuntimeError(f"processes {survivors} survived SIGKILL")


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            text = handle.read().decode(errors="replace")
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return f"(no log at {path})"
        return f"(cannot read {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Serialise up/down across processes (parallel test workers, a second
    terminal) so two callers never start the same broker twice."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
