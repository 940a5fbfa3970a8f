"""When to notify, learned: the member's time zone (from `users.info`) and activity counts.

The rules are `bot.learning.preferences.hours`; this module keeps what they need — the
time zone, refreshed weekly, and activity per (weekday, hour) in the member's local time.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.learning.preferences import hours
from bot.learning.preferences.keys import ANY_TIME, HOURS
from bot.learning.utc import aware
from storage.db import Database
from storage.repositories import preferences as store

logger = logging.getLogger(__name__)

TZ_REFRESH = timedelta(days=7)

ClientResolver = Callable[[str], Awaitable[AsyncWebClient | None]]


def zone_of_profile(profile: Any) -> tzinfo | None:
    return hours.zone_of(profile.tz, profile.tz_offset) if profile is not None else None


def offset_name(offset: int | None) -> str:
    """`UTC+02:00` for a member whose zone has no name."""
    if offset is None:
        return ""
    sign = "+" if offset >= 0 else "−"
    minutes = abs(offset) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class WorkingHoursLearner:
    def __init__(
        self,
        database: Database,
        *,
        clock: Callable[[], datetime],
        client_for: ClientResolver | None,
    ) -> None:
        self._database = database
        self._clock = clock
        self._client_for = client_for

    async def ensure_timezone(
        self, team_id: str, user_id: str, client: AsyncWebClient | None = None
    ) -> None:
        """Fetch the member's time zone from `users.info` unless it is fresh (a week)."""
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
        if self._fresh(profile):
            return
        if client is None and self._client_for is not None:
            client = await self._client_for(team_id)
        if client is None:
            return
        try:
            response = await client.users_info(user=user_id)
        except (SlackApiError, OSError) as error:
            logger.info("users.info for %s failed: %s", user_id, type(error).__name__)
            return
        user = response.get("user") or {}
        offset = user.get("tz_offset")
        async with self._database.transaction() as session:
            await store.update_profile(
                session,
                team_id=team_id,
                user_id=user_id,
                tz=str(user.get("tz") or "")[:64] or None,
                tz_offset=int(offset) if isinstance(offset, int | float) else None,
                tz_checked_at=self._clock(),
            )

    async def profile_with_timezone(
        self, team_id: str, user_id: str, client: AsyncWebClient | None
    ) -> Any:
        """The member's profile, with a time zone fetched first when it is missing or stale."""
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
        if self._fresh(profile):
            return profile
        await self.ensure_timezone(team_id, user_id, client)
        async with self._database.read() as session:
            return await store.get_profile(session, team_id=team_id, user_id=user_id)

    def _fresh(self, profile: Any) -> bool:
        checked = profile.tz_checked_at if profile is not None else None
        return checked is not None and self._clock() - aware(checked) < TZ_REFRESH

    async def count_activity(
        self, team_id: str, user_id: str, at: datetime, *, client: AsyncWebClient | None = None
    ) -> None:
        profile = await self.profile_with_timezone(team_id, user_id, client)
        local = aware(at).astimezone(zone_of_profile(profile) or UTC)
        async with self._database.transaction() as session:
            await store.count_activity(
                session,
                team_id=team_id,
                user_id=user_id,
                weekday=local.weekday(),
                hour=local.hour,
                at=aware(at),
            )

    async def working_hours(self, team_id: str, user_id: str) -> hours.WorkingHours:
        async with self._database.read() as session:
            profile = await store.get_profile(session, team_id=team_id, user_id=user_id)
            counts = await store.activity_of(session, team_id=team_id, user_id=user_id)
            setting = await store.get_setting(session, team_id=team_id, user_id=user_id, key=HOURS)
        zone = hours.zone_of(profile.tz, profile.tz_offset) if profile else None
        zone_name = (profile.tz if profile else None) or offset_name(
            profile.tz_offset if profile else None
        )
        return hours.learn_hours(
            counts,
            zone=zone,
            zone_name=zone_name,
            explicit=hours.parse_hours(setting) if setting and setting != ANY_TIME else None,
            any_time=setting == ANY_TIME,
        )

    async def next_working_time(self, team_id: str, user_id: str, now: datetime) -> datetime:
        """When a notification or digest for this member should go out: now, or later."""
        working = await self.working_hours(team_id, user_id)
        return working.next_working_time(aware(now))

    async def forget_hours(self, team_id: str, user_id: str) -> None:
        async with self._database.transaction() as session:
            await store.forget_activity(session, team_id=team_id, user_id=user_id)
            await store.delete_setting(session, team_id=team_id, user_id=user_id, key=HOURS)
