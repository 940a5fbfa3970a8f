"""Shared pieces of the benchmarks: figures, tables, percentiles, processes, databases.

House rule: a benchmark prints figures and their ratio against a baseline measured in
the same run; it asserts nothing. Each figure with a target says "target met" or
"target missed", and nothing else decides anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import shutil
import socket
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

REPO_ROOT = Path(__file__).resolve().parent.parent

SIGNING_SECRET = "bench-signing-secret-3c1d7e"

PROCESS_START_TIMEOUT = 30.0  # seconds for a server subprocess to answer its health check
PROCESS_STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """One measured number, with its target when it has one.

    `target` is an upper bound (lower is better for every figure we have); the verdict
    is only printed, never acted on.
    """

    benchmark: str
    name: str
    value: float
    unit: str
    target: float | None = None

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "target met" if self.value <= self.target else "target missed"

    @property
    def target_text(self) -> str:
        return "" if self.target is None else f"≤ {format_number(self.target)}{self.unit_suffix}"

    @property
    def unit_suffix(self) -> str:
        return "" if self.unit in ("", "×") else f" {self.unit}"

    @property
    def value_text(self) -> str:
        if self.unit == "×":
            return f"{self.value:.2f}×"
        return f"{format_number(self.value)}{self.unit_suffix}"


def format_number(value: float) -> str:
    if value != value:  # NaN: nothing was measured
        return "n/a"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline > 0 else float("nan")


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile (0.5 → median), interpolated between the closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------- printing


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A compact, aligned plain-text table (numbers right-aligned)."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [
        all(_looks_numeric(row[i]) for row in cells[1:]) and len(cells) > 1
        for i in range(len(headers))
    ]

    def line(row: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if is_number else cell.ljust(width)
            for cell, width, is_number in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    print(f"\n{title}")
    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
    sys.stdout.flush()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def _looks_numeric(text: str) -> bool:
    stripped = text.rstrip("×%ms/ ").replace(".", "", 1).replace("-", "", 1).replace(",", "")
    return stripped.isdigit() or text == "n/a"


def note(text: str) -> None:
    print(f"  {text}")
    sys.stdout.flush()


def machine_facts() -> list[tuple[str, str]]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    facts = [
        ("CPUs", f"{os.cpu_count()} (usable by this process: {usable or '?'})"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("platform", platform.platform()),
    ]
    with contextlib.suppress(OSError):
        load = os.getloadavg()
        facts.append(("load average", " ".join(f"{x:.2f}" for x in load)))
    return facts


# --------------------------------------------------------------------------- files and ports


@contextlib.contextmanager
def temporary_directory(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=f"kaizen-bench-{prefix}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def migrated_sqlite(directory: Path, name: str = "kaizen.db") -> str:
    """A new SQLite file in `directory`, migrated to head; returns its URL."""
    from storage.migrate import upgrade_async

    url = sqlite_url(directory / name)
    await asyncio.wait_for(upgrade_async(url), timeout=60)
    return url


def free_port(avoid: int | None = None) -> int:
    """A port nothing listens on now (and not `avoid`, a port already handed out)."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port != avoid:
            return port


# --------------------------------------------------------------------------- subprocesses


def child_environment(extra: dict[str, str], home: Path) -> dict[str, str]:
    """A clean environment: nothing of the caller's Slack, OpenAI or database settings."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(home),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@asynccontextmanager
async def server_process(
    args: Sequence[str], *, env: dict[str, str], cwd: Path, health_url: str, label: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run `python args…` until the block ends; waits until `health_url` answers 200.

    The process is always ended on the way out: SIGTERM, then SIGKILL after a timeout.
    """
    log_path = cwd / f"{label}.log"
    with log_path.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            env=env,
            cwd=cwd,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=sink,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        await _wait_healthy(health_url, process, log_path, label)
        yield process
    finally:
        await stop_process(process)
        tail = _log_tail(log_path)
        if tail:
            note(f"[{label} log, last lines]\n{tail}")


async def stop_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), PROCESS_STOP_TIMEOUT)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await asyncio.wait_for(process.wait(), PROCESS_STOP_TIMEOUT)


async def _wait_healthy(
    url: str, process: asyncio.subprocess.Process, log_path: Path, label: str
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PROCESS_START_TIMEOUT
    timeout = aiohttp.ClientTimeout(total=2)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        while loop.time() < deadline:
            if process.returncode is not None:
                raise RuntimeError(
                    f"{label} exited with {process.returncode}: {log_path.read_text()[-2000:]}"
                )
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with http.get(url) as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.05)
    raise RuntimeError(f"{label} did not answer {url} within {PROCESS_START_TIMEOUT:.0f}s")


def _log_tail(path: Path, lines: int = 15) -> str:
    """What the child wrote (warnings and worse only, at the log levels we set)."""
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------- profiling

PROFILE = {"enabled": False, "top": 30}


@contextlib.contextmanager
def profiled(label: str) -> Iterator[None]:
    """cProfile the block when `python -m bench … --profile` asked for it; print the top."""
    if not PROFILE["enabled"]:
        yield
        return
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime")
        stats.print_stats(int(PROFILE["top"]))
        print(f"\nprofile: {label} (by own time)\n{out.getvalue()}")
