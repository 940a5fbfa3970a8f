"""Console mode: the bot against the bundled Slack emulator, driven from a terminal.

``loop`` starts both and reads lines; ``commands`` turns each line into what
Slack would send; ``screen`` prints what a member would see; ``pacing``
decides when the next prompt appears; ``session`` remembers who the person is
and where they talk. The sentences live in ``bot.messages.console``.
"""

from __future__ import annotations

from bot.sandbox.console.commands import Console
from bot.sandbox.console.loop import console_settings, run_console
from bot.sandbox.console.session import ConsoleSession

__all__ = ["Console", "ConsoleSession", "console_settings", "run_console"]
