"""Integrations as plugins: a package installed with an entry point becomes a specialist."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.integrations.loading import ENTRY_POINT_GROUP, load_integrations
from storage.models import Run
from tests.conftest import BotFactory
from tests.fakes.openai_server import FakeOpenAI
from tests.support import wait_until
from tests.test_orchestrator import CONFIRM_ACTION, click, confirmation_for

PLUGIN_SOURCE = Path(__file__).parent / "plugin_example"


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`pip install` the example plugin into a folder put on sys.path, as a venv would have it."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN_SOURCE),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    yield target
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("kaizen_notes")]:
        del sys.modules[name]


def test_the_plugin_is_found_through_its_entry_point(installed_plugin: Path) -> None:
    from importlib.metadata import entry_points

    assert "notes" in {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    names = [i.name for i in load_integrations(Settings(_env_file=None))]
    assert names[0] == "slack" and "notes" in names


async def test_a_plugin_specialist_acts_asks_first_and_can_be_undone(
    installed_plugin: Path, start_bot: BotFactory, fake_openai: FakeOpenAI
) -> None:
    import kaizen_notes

    bot = await start_bot(openai_api_key=fake_openai.api_key, openai_base_url=fake_openai.base_url)
    fake_openai.call_tool("notes_add_note", {"text": "standup moves to 10:00"})
    fake_openai.reply("Noted.")
    await bot.mention("please add a note: standup moves to 10:00", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert "standup moves to 10:00" in str(confirmation.blocks)
    assert "notes_add_note" in str(fake_openai.requests[0]["tools"])
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: "standup moves to 10:00" in kaizen_notes.NOTES.values())
    async with bot.kaizen.services.database.read() as session:
        run = (await session.execute(select(Run))).scalar_one()
    assert run.specialist == "notes"

    await wait_until(lambda: any("Noted." in m.text for m in bot.emulator.workspace.messages))
    await bot.command("/undo", "", user="U0BOB")
    await wait_until(lambda: "standup moves to 10:00" not in kaizen_notes.NOTES.values())


async def test_the_offline_planner_understands_a_plugin_phrasing(
    installed_plugin: Path, start_bot: BotFactory
) -> None:
    import kaizen_notes

    bot = await start_bot()  # no language model: the offline planner reads the request
    await bot.mention("please add a note: the demo is on Friday", user="U0BOB")
    (confirmation,) = await confirmation_for(bot)
    assert "the demo is on Friday" in str(confirmation.blocks)
    await click(bot, confirmation, CONFIRM_ACTION, user="U0BOB")
    await wait_until(lambda: "the demo is on Friday" in kaizen_notes.NOTES.values())
    async with bot.kaizen.services.database.read() as session:
        run = (await session.execute(select(Run))).scalar_one()
    assert run.planner == "offline"
