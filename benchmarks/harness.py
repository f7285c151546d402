"""What the session benchmarks share: the machine line, percentiles, and a tmux pane to run in.

Every benchmark runs its programs in a private tmux server (``tmux -L
supple-bench-<pid>``), so it never touches the developer's own tmux, and gives
each run fresh, empty supple data and config folders, so no run sees the
developer's history or settings (or a session an earlier run left open).

Programs run with byte-code caching on, in a scratch ``PYTHONPYCACHEPREFIX``
(whatever ``PYTHONDONTWRITEBYTECODE`` says in the calling shell): an installed
supple has its ``.pyc`` files, and without them every start would compile
supple's sources again and be measured slower than it is.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The one place the benchmarks put the repository's root on the path: a script
# run as ``python benchmarks/X.py`` has only ``benchmarks/`` there, and the big
# generated history is shared with the tests as ``tests.support.big_history``.
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))
TMUX = shutil.which("tmux") or "/usr/bin/tmux"


def machine() -> str:
    """One line: cores, CPU model, OS, Python and Textual versions."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:
        textual = "?"
    return (
        f"{os.cpu_count()} cores, {model}, {platform.system()} {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, Textual {textual}"
    )


def load_average() -> str:
    """The machine's load average over 1, 5 and 15 minutes, e.g. "load 1.20 0.95 0.80"."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def spread(values: Sequence[float]) -> str:
    """min / median / max of ``values`` as ratios, e.g. "0.71x / 0.75x / 0.80x"."""
    if not values:
        return "no pairs"
    return f"{min(values):.2f}x / {median(values):.2f}x / {max(values):.2f}x"


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0-1) of ``values`` by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


class ProcessCpu:
    """CPU seconds of one process and all its threads, to the nanosecond.

    psutil (like ``/proc/PID/stat``) counts in clock ticks of 10 ms, too coarse
    for a countdown using a few milliseconds a second; each thread's
    ``/proc/PID/task/TID/schedstat`` counts nanoseconds.  A thread that ends
    takes its time with it, so :meth:`sample` (call it often, e.g. every
    0.2 s) keeps the last figure seen of every thread.  Children that have
    finished (and were waited for) are added from the process's own record.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._seen: dict[int, int] = {}
        self.sample()
        self._start = dict(self._seen)
        self._children_start = self._children()

    def _children(self) -> float:
        """CPU seconds of the process's finished children (a speech program per spoken cue).

        Counted in clock ticks (``cutime`` + ``cstime``): the only record of a
        child once it has exited.
        """
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")

    def sample(self) -> None:
        """Read every live thread's running time."""
        try:
            tids = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return
        for tid in tids:
            try:
                nanos = int(Path(f"/proc/{self.pid}/task/{tid}/schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            self._seen[int(tid)] = max(nanos, self._seen.get(int(tid), 0))

    def since_start(self) -> float:
        """CPU seconds used since this object was made, finished children included."""
        self.sample()
        threads = sum(n - self._start.get(t, 0) for t, n in self._seen.items()) / 1e9
        return threads + self._children() - self._children_start


def median(values: Sequence[float]) -> float:
    """The median (``nan`` when empty)."""
    return statistics.median(values) if values else float("nan")


def python() -> str:
    """This interpreter as it was started, e.g. ``.venv/bin/python``.

    Not its resolved path: a venv's ``python`` is a symlink to the base
    interpreter, and starting the base interpreter by its real path leaves the
    venv (and the Textual and supple installed in it) behind.
    """
    return os.path.abspath(sys.executable)


def supple_command() -> list[str]:
    """How to start supple with this interpreter: its console script, else ``python -m tui``."""
    script = Path(sysconfig.get_path("scripts")) / "supple"
    if script.exists():
        return [str(script)]
    return [python(), "-m", "tui"]


def private_env(root: Path, **extra: str) -> dict[str, str]:
    """Environment variables that keep a run's data and config in ``root``."""
    env = {
        "SUPPLE_DATA_DIR": str(root / "data"),
        "SUPPLE_CONFIG_DIR": str(root / "config"),
        "XDG_DATA_HOME": str(root / "xdg-data"),
        "XDG_CONFIG_HOME": str(root / "xdg-config"),
        "XDG_CACHE_HOME": str(root / "xdg-cache"),
        "XDG_STATE_HOME": str(root / "xdg-state"),
    }
    env.update(extra)
    return env


def sound_env(scratch: Path) -> dict[str, str]:
    """Sound through simpleaudio into ALSA's file plugin: no card needed, nothing heard."""
    return {
        "ALSA_CONFIG_PATH": str(ROOT / "tests" / "fixtures" / "alsa" / "capture.conf"),
        "SUPPLE_ALSA_CAPTURE": str(scratch / "capture.raw"),
        "SUPPLE_AUDIO": "simpleaudio",
    }


def bytecode_env(pycache: Path) -> dict[str, str]:
    """Environment variables that cache byte code in ``pycache`` (see the module docstring)."""
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(pycache)}


class TmuxServer:
    """A private tmux server with a holder session, so starting panes stays cheap."""

    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.socket = f"supple-bench-{os.getpid()}"
        self.width = width
        self.height = height
        self.scratch = Path(tempfile.mkdtemp(prefix="supple-bench-"))
        self._count = 0
        self.pycache = self.scratch / "pycache"
        self.tmux("new-session", "-d", "-s", "holder", "-x", str(width), "-y", str(height))
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command on this server and return its output."""
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def fresh_dir(self) -> Path:
        """A new empty folder for one run's data and config."""
        self._count += 1
        path = self.scratch / f"run-{self._count}"
        path.mkdir()
        return path

    def start(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> Pane:
        """Start ``argv`` in a new detached session of the configured size."""
        self._count += 1
        name = f"s{self._count}"
        args = ["new-session", "-d", "-s", name, "-x", str(self.width), "-y", str(self.height)]
        for key, value in {**bytecode_env(self.pycache), **(env or {})}.items():
            args += ["-e", f"{key}={value}"]
        args += ["-c", str(ROOT), shlex.join(argv)]
        started = time.perf_counter()
        self.tmux(*args)
        pane = Pane(self, name, started)
        return pane

    def close(self) -> None:
        """Stop the server and remove the scratch folders."""
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.socket_path:  # tmux leaves its socket file behind
            Path(self.socket_path).unlink(missing_ok=True)

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Pane:
    """One program running in its own tmux session."""

    def __init__(self, server: TmuxServer, name: str, started: float) -> None:
        self.server = server
        self.name = name
        #: ``perf_counter()`` just before tmux was asked to start the program.
        self.started = started
        self.pid = int(server.tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def text(self) -> str:
        """What the pane shows now."""
        return self.server.tmux("capture-pane", "-p", "-t", self.name, check=False)

    def wait_for(
        self, marker: str, timeout: float = 20.0, poll: float = 0.01
    ) -> tuple[float, float] | None:
        """Poll until ``marker`` shows; (seconds to any output, seconds to the marker).

        Each poll is one ``tmux capture-pane`` (about 4 ms of a tmux client and
        the server); ``poll`` seconds between polls leave the CPU to the program.
        """
        first: float | None = None
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            text = self.text()
            now = time.perf_counter()
            if first is None and text.strip():
                first = now - self.started
            if marker in text:
                return (first if first is not None else now - self.started, now - self.started)
            time.sleep(poll)
        return None

    def wait_for_output(self, timeout: float = 20.0, poll: float = 0.01) -> float | None:
        """Poll until the pane shows anything but blanks; seconds from the start, or ``None``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.text().strip():
                return time.perf_counter() - self.started
            time.sleep(poll)
        return None

    def send(self, *keys: str) -> None:
        """Type keys into the pane (tmux key names)."""
        self.server.tmux("send-keys", "-t", self.name, *keys, check=False)

    def kill(self, wait: float = 5.0) -> None:
        """Close the session (SIGHUP to the program) and wait for the program to exit."""
        self.server.tmux("kill-session", "-t", self.name, check=False)
        deadline = time.perf_counter() + wait
        while time.perf_counter() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, 9)
