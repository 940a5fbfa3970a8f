"""What a member would see, printed as text: messages, Block Kit, the Home tab, buttons."""

from __future__ import annotations

import json
from typing import Any, TextIO

from bot.messages import console as words
from bot.sandbox.console.pacing import Pacing
from bot.sandbox.console.session import Button, ConsoleSession
from bot.sandbox.workspace.changes import WorkspaceChange
from bot.sandbox.workspace.models import Message
from bot.sandbox.workspace.store import Workspace

_SHOWN_MESSAGE_CHANGES = ("message_posted", "message_updated", "ephemeral_posted")
_DIVIDER = "────────"


class Screen:
    """Prints the workspace changes the current member would see, numbering buttons."""

    def __init__(
        self, workspace: Workspace, session: ConsoleSession, pacing: Pacing, out: TextIO
    ) -> None:
        self._workspace = workspace
        self._session = session
        self._pacing = pacing
        self._out = out

    def show(self, change: WorkspaceChange) -> None:
        """Print a workspace change if the current member would see it."""
        if change.kind == "view_published" and change.data.get("user_id") == self._session.user_id:
            self._pacing.bot_was_active()
            self._print_blocks(words.HOME_TAB, change.data.get("view", {}).get("blocks") or [])
            return
        if change.kind == "status_set" and change.data.get("status"):
            self.say(words.assistant_status(change.data["status"]))
            return
        message = change.message
        if message is None or change.kind not in _SHOWN_MESSAGE_CHANGES:
            return
        if not self._visible(message):
            return
        self._pacing.bot_was_active()
        label = words.KAIZEN_TO_YOU_ONLY if message.is_ephemeral else words.KAIZEN
        if change.kind == "message_updated":
            label += words.EDITED
        self._print_message(label, message)

    def show_immediate_answer(self, body: str) -> None:
        """A slash command's answer in its HTTP response (only the member sees it)."""
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {"text": body}
        self.say(f"{words.KAIZEN_TO_YOU_ONLY}> {answer.get('text', '')}")

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def _visible(self, message: Message) -> bool:
        if message.user != self._workspace.bot_user_id and message.bot_id is None:
            return False
        if message.is_ephemeral:
            return message.ephemeral_user == self._session.user_id
        channel = self._workspace.channels.get(message.channel)
        if channel is None:
            return False
        return self._session.user_id in channel.members

    def _print_message(self, label: str, message: Message) -> None:
        if message.blocks:
            self._print_blocks(label, message.blocks, message)
            return
        self.say(f"{label}{self._where(message)}> {message.text}")

    def _print_blocks(
        self, label: str, blocks: list[dict[str, Any]], message: Message | None = None
    ) -> None:
        lines: list[str] = []
        for block in blocks:
            lines.extend(self._render_block(block, message))
        where = self._where(message) if message else ""
        self.say(f"{label}{where}>\n" + "\n".join(f"  {line}" for line in lines))

    def _render_block(self, block: dict[str, Any], message: Message | None) -> list[str]:
        kind = block.get("type")
        if kind in ("section", "header"):
            text = (block.get("text") or {}).get("text", "")
            fields = [f.get("text", "") for f in block.get("fields") or []]
            lines = [line for line in [text, *fields] if line]
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button" and message is not None:
                lines.append("    " + self._render_buttons({"elements": [accessory]}, message))
            return lines
        if kind == "context":
            return [" ".join(e.get("text", "") for e in block.get("elements", []))]
        if kind == "divider":
            return [_DIVIDER]
        if kind == "actions" and message is not None:
            return [self._render_buttons(block, message)]
        if kind == "image":
            return [words.image(block.get("alt_text", ""))]
        return []

    def _render_buttons(self, block: dict[str, Any], message: Message) -> str:
        """Number the block's buttons after those already shown, so /press can name them."""
        labels = []
        for element in block.get("elements", []):
            if element.get("type") != "button":
                continue
            self._session.buttons.append(Button(message, element))
            number = len(self._session.buttons)
            labels.append(f"[{number}] {element.get('text', {}).get('text', '?')}")
        return "  ".join(labels) + words.PRESS_HINT

    def _where(self, message: Message) -> str:
        channel = self._workspace.channels.get(message.channel)
        if channel is None or channel.is_im:
            return ""
        return f" in #{channel.name}"
