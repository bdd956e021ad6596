"""Starts ``python -m bot …`` processes by forking an interpreter that has already imported the
bot, instead of a fresh interpreter that imports it again for every start.

Importing the bot (its risk rules, python-telegram-bot, SQLAlchemy, the dashboard…) costs a
couple of CPU-seconds; the end-to-end suite starts bots hundreds of times, several restarts and
kills per test, on a small machine where every CPU-second counts. What runs after the fork is
the same as ``python -m bot``: ``bot/__main__.py`` run as ``__main__`` with the given arguments,
environment, working directory, stdout and stderr, as a process of its own that SIGTERM stops
cleanly and SIGKILL kills outright. Nothing of the bot has *run* in the forking interpreter
(no configuration, logging, event loop, engine or thread), only its modules are loaded.

One forking interpreter per test process (``python -m tests.support.zygote``), started on first
use. It talks over a Unix socket: one connection per bot, a JSON request line in, then the pid
line out, then the exit status line when the process ends (the same number asyncio gives:
negative for a signal).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What ``python -m bot run`` (and ``keys rotate``) import on their way, loaded once here.
PRELOAD = (
    "bot.cli",
    "bot.bootstrap",
    "bot.storage.keys",
    "bot.storage.migrate",
    "bot.logs",
    "sqlalchemy.dialects.sqlite.aiosqlite",
    "sqlalchemy.dialects.postgresql.asyncpg",
    "aiosqlite",
    "asyncpg",
)


# --- the forking side (runs in its own interpreter) ---------------------------------------------


def _child(
    request: dict[str, object], keep: list[socket.socket], sel: selectors.BaseSelector
) -> None:
    """In the forked process: become ``python -m bot <args>``; never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        sel.close()
        for sock in keep:
            sock.close()
        os.chdir(str(request["cwd"]))
        env = request["env"]
        assert isinstance(env, dict)
        os.environ.clear()
        os.environ.update(env)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            target = os.open(str(request[name]), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(target, fd)
            os.close(target)
        args = request["args"]
        assert isinstance(args, list)
        sys.argv = [str(ROOT / "bot" / "__main__.py"), *map(str, args)]
        code = _run_main()
    except BaseException:  # the child reports everything and exits, as Python does
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _run_main() -> int:
    """``runpy`` the bot's ``__main__``, then what interpreter shutdown does: wait for
    non-daemon threads, run the atexit handlers (logging's flush among them)."""
    import runpy
    import traceback

    try:
        runpy.run_module("bot", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:  # uncaught: a traceback and status 1, as Python does
        traceback.print_exc()
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    return code


def serve(path: str) -> None:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches pytest, which stops us
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = socket.socketpair()
    wake_r.setblocking(False)
    wake_w.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno())
    signal.signal(signal.SIGCHLD, lambda *_: None)
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(wake_r, selectors.EVENT_READ, "child")
    sel.register(sys.stdin, selectors.EVENT_READ, "parent")  # EOF: the test process is gone
    print("ready", flush=True)
    children: dict[int, socket.socket] = {}
    pending: dict[socket.socket, bytes] = {}
    pending_by_fd: dict[int, socket.socket] = {}
    while True:
        for key, _ in sel.select():
            what = key.data
            if what == "parent":
                if not os.read(0, 1):
                    return
            elif what == "accept":
                conn, _addr = listener.accept()
                pending[conn] = b""
                pending_by_fd[conn.fileno()] = conn
                sel.register(conn, selectors.EVENT_READ, "request")
            elif what == "request":
                conn = pending_by_fd[key.fd]
                chunk = conn.recv(1 << 20)
                pending[conn] += chunk
                if chunk and not pending[conn].endswith(b"\n"):
                    continue
                sel.unregister(conn)
                del pending_by_fd[key.fd]
                data = pending.pop(conn)
                if not chunk and not data.endswith(b"\n"):
                    conn.close()
                    continue
                request = json.loads(data)
                keep = [listener, wake_r, wake_w, *pending, *children.values()]
                pid = os.fork()
                if pid == 0:
                    _child(request, [*keep, conn], sel)
                children[pid] = conn
                _send(conn, {"pid": pid})
            elif what == "child":
                with contextlib.suppress(BlockingIOError):
                    while wake_r.recv(4096):
                        pass
                while children:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    if pid in children:
                        done = children.pop(pid)
                        _send(done, {"returncode": os.waitstatus_to_exitcode(status)})
                        done.close()


def _send(conn: socket.socket, message: Mapping[str, object]) -> None:
    with contextlib.suppress(OSError):  # the test that asked may be gone: nothing to tell
        conn.sendall(json.dumps(message).encode() + b"\n")


# --- the test side ----------------------------------------------------------------------------


class _Zygote:
    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="entraide-zygote-")
        self.path = os.path.join(self.folder, "sock")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("ENTRAIDE_DATABASE_URL", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.zygote", self.path],
            cwd=str(ROOT),
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line == b"ready\n", f"the forking interpreter did not start: {line!r}"
        atexit.register(self.close)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
            os.rmdir(self.folder)


_ZYGOTE: list[_Zygote] = []


def _zygote() -> _Zygote:
    if not _ZYGOTE or _ZYGOTE[0].proc.poll() is not None:
        _ZYGOTE[:] = [_Zygote()]
    return _ZYGOTE[0]


class ForkedProcess:
    """The parts of ``asyncio.subprocess.Process`` the harness uses, for a forked bot."""

    def __init__(self, pid: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.pid = pid
        self.returncode: int | None = None
        self._writer = writer
        self._done = asyncio.get_running_loop().create_future()
        self._watch = asyncio.create_task(self._wait_exit(reader))

    async def _wait_exit(self, reader: asyncio.StreamReader) -> None:
        try:
            line = await reader.readline()
            if not line:
                error = AssertionError("the forking interpreter went away")
                self._done.set_exception(error)
                self._done.exception()  # marked retrieved: only a waiter cares
                return
            self.returncode = int(json.loads(line)["returncode"])
            self._done.set_result(self.returncode)
        except asyncio.CancelledError:
            self._done.cancel()
            raise
        finally:
            self._writer.close()

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    async def wait(self) -> int:
        return int(await asyncio.shield(self._done))


async def start(
    args: Sequence[str], *, cwd: Path, env: Mapping[str, str], stdout: Path, stderr: Path
) -> ForkedProcess:
    """``python -m bot <args>`` with this environment and working directory, its output
    appended to these files."""
    zygote = _zygote()
    reader, writer = await asyncio.open_unix_connection(zygote.path)
    request = {
        "args": list(args),
        "cwd": str(cwd),
        "env": dict(env),
        "stdout": str(stdout),
        "stderr": str(stderr),
    }
    writer.write(json.dumps(request).encode() + b"\n")
    await writer.drain()
    line = await reader.readline()
    assert line, "the forking interpreter did not answer"
    return ForkedProcess(int(json.loads(line)["pid"]), reader, writer)


if __name__ == "__main__":
    serve(sys.argv[1])
