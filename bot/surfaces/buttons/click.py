"""A button press as the surfaces see it, and how to answer the one who pressed it.

Handlers read the Slack payload into a `Click`; the answer goes to the clicker alone:
an ephemeral note in the channel, or the refreshed Home tab when the button was there.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.surfaces.home.publisher import AppHome


@dataclass(frozen=True)
class Click:
    team_id: str
    user_id: str
    channel_id: str
    value: str
    is_admin: bool
    in_home_tab: bool = False
    thread_ts: str | None = None  # the thread of the message the button is on


def number_after(prefix: str, value: str) -> int | None:
    """The id in a button value such as `undo:12` or `pending:7`; None if it is not one."""
    head, _, number = value.partition(":")
    return int(number) if head == prefix and number.isdigit() else None


async def tell_clicker(client: AsyncWebClient, home: AppHome, click: Click, text: str) -> None:
    """Answer the clicker only: in the refreshed Home tab, or as an ephemeral note."""
    if click.in_home_tab:
        await republish_home(client, home, click, text)
        return
    await client.chat_postEphemeral(channel=click.channel_id, user=click.user_id, text=text)


async def republish_home(client: AsyncWebClient, home: AppHome, click: Click, notice: str) -> None:
    await home.publish(
        client,
        user_id=click.user_id,
        is_admin=click.is_admin,
        team_id=click.team_id,
        notice=notice,
    )
