"""Console mode: a person types, the bot answers through the emulator."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings
from bot.sandbox.console import run_console

REPO_ROOT = Path(__file__).resolve().parent.parent


def scripted(lines: list[str]):
    remaining = list(lines)

    async def read_line(prompt: str) -> str | None:
        return remaining.pop(0) if remaining else None

    return read_line


async def test_a_console_conversation(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.db")
    from storage.migrate import upgrade_async

    await upgrade_async(settings.database_url)
    out = io.StringIO()
    lines = [
        "what can you do?",
        "/undo help",
        "/in #ops",
        "hello ops",
        "/as bob",
        "/stats",
        "/home",
        "/press 1",
        "/nonsense",
        "archive #old-launch",
        "/press 1",
        "/undo",
        "/quit",
        "never read",
    ]
    assert await run_console(settings, read_line=scripted(lines), out=out) == 0
    text = out.getvalue()
    assert "kaizen> Hi! I'm Kaizen" in text
    assert "`/undo [list | <id>]`" in text
    assert "Now in #ops" in text
    assert "kaizen in #ops> Hi! I'm Kaizen" in text
    assert "You are now bob." in text
    assert "`/stats` is for admins" in text
    assert "Home tab>" in text and "Welcome to Kaizen" in text
    assert "There is no button to press yet." in text
    assert "Unknown console command /nonsense" in text
    assert "[1] Confirm  [2] Cancel" in text
    assert "Confirmed by <@U0BOB>" in text
    assert "Archived #old-launch" in text
    assert "Unarchived #old-launch" in text


def test_kaizen_chat_reaches_the_prompt_and_answers(tmp_path: Path) -> None:
    """`kaizen` with no tokens starts console mode; end of input leaves cleanly."""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="what can you do?\n/quit\n",
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "alice@dm> " in result.stdout
    assert "What I can do" in result.stdout
    assert (tmp_path / "kaizen.db").exists()
