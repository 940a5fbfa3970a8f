"""Working hours: when a member is usually active, in their own time zone.

Activity is counted per hour of the week in the member's local time (from `users.info`).
With at least `MIN_ACTIVITY` observations, the working window is the shortest run of
consecutive hours (wrapping past midnight) holding `COVERAGE` of the activity, and the
working days are the days with at least `DAY_SHARE` of the busiest day's activity — until
`MIN_FOR_DAYS` observations, Monday to Friday are assumed besides the days seen. With
less activity but a known time zone, 09:00–18:00 Monday to Friday is assumed. Without a
time zone nothing is assumed and nothing waits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.messages import prefs_learning as say

MIN_ACTIVITY = 12
MIN_FOR_DAYS = 40
COVERAGE = 0.9
DAY_SHARE = 0.2
DEFAULT_START, DEFAULT_END = 9, 18
WEEKDAYS = frozenset(range(5))
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def zone_of(name: str | None, offset_seconds: int | None) -> tzinfo | None:
    """The member's zone: the IANA name if this machine knows it, else the fixed offset."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if offset_seconds is not None:
        return timezone(timedelta(seconds=offset_seconds))
    return None


@dataclass(frozen=True)
class WorkingHours:
    days: frozenset[int]  # 0 = Monday
    start: int  # local hour the window opens
    end: int  # local hour it closes (exclusive); end <= start wraps past midnight
    zone: tzinfo | None
    zone_name: str
    source: str  # "your setting", "learned", "assumed", "unknown", "any time"
    observations: int = 0

    @property
    def any_time(self) -> bool:
        return self.source == "any time" or self.zone is None

    def covers_hour(self, hour: int) -> bool:
        if self.start == self.end:
            return True
        if self.start < self.end:
            return self.start <= hour < self.end
        return hour >= self.start or hour < self.end

    def is_working(self, moment: datetime) -> bool:
        if self.any_time:
            return True
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.covers_hour(local.hour)

    def next_working_time(self, now: datetime) -> datetime:
        """`now` if it is within working hours, else the next hour they open (in UTC)."""
        now = now if now.tzinfo else now.replace(tzinfo=UTC)
        if self.any_time or not self.days or self.is_working(now):
            return now
        local = now.astimezone(self.zone).replace(minute=0, second=0, microsecond=0)
        for step in range(1, 8 * 24 + 2):
            candidate = local + timedelta(hours=step)
            # Re-normalise through UTC so daylight-saving jumps land on a real local hour.
            candidate = candidate.astimezone(UTC).astimezone(self.zone)
            if candidate.weekday() in self.days and self.covers_hour(candidate.hour):
                return candidate.astimezone(UTC)
        return now

    def describe(self) -> str:
        if self.source == "any time":
            return say.HOURS_ANY_TIME
        if self.zone is None:
            return say.HOURS_UNKNOWN
        days = _describe_days(self.days)
        window = f"{self.start:02d}:00–{self.end:02d}:00"
        how = {
            "learned": say.hours_learned(self.observations),
            "assumed": say.hours_assumed(self.observations, MIN_ACTIVITY),
            "your setting": say.HOURS_YOUR_SETTING,
        }.get(self.source, self.source)
        return f"{days} {window} {self.zone_name} ({how})"


def learn_hours(
    counts: dict[tuple[int, int], int],
    *,
    zone: tzinfo | None,
    zone_name: str,
    explicit: tuple[int, int] | None = None,
    any_time: bool = False,
) -> WorkingHours:
    """Working hours from per-(weekday, hour) activity counts and the explicit setting."""
    total = sum(counts.values())
    if any_time:
        return WorkingHours(WEEKDAYS, 0, 0, zone, zone_name, "any time", total)
    if zone is None:
        return WorkingHours(WEEKDAYS, 0, 0, None, "", "unknown", total)
    days = _learned_days(counts, total)
    if explicit is not None:
        return WorkingHours(days, explicit[0], explicit[1], zone, zone_name, "your setting", total)
    if total < MIN_ACTIVITY:
        return WorkingHours(WEEKDAYS, DEFAULT_START, DEFAULT_END, zone, zone_name, "assumed", total)
    by_hour = [0] * 24
    for (_, hour), count in counts.items():
        by_hour[hour % 24] += count
    start, end = _shortest_window(by_hour, COVERAGE)
    return WorkingHours(days, start, end, zone, zone_name, "learned", total)


def _learned_days(counts: dict[tuple[int, int], int], total: int) -> frozenset[int]:
    by_day = [0] * 7
    for (weekday, _), count in counts.items():
        by_day[weekday % 7] += count
    busiest = max(by_day)
    seen = frozenset(d for d in range(7) if busiest and by_day[d] >= DAY_SHARE * busiest)
    if total < MIN_FOR_DAYS:
        return WEEKDAYS | seen
    return seen or WEEKDAYS


def _shortest_window(by_hour: list[int], coverage: float) -> tuple[int, int]:
    """(start, end) of the shortest circular run of hours holding `coverage` of the total."""
    total = sum(by_hour)
    if total == 0:
        return DEFAULT_START, DEFAULT_END
    for length in range(1, 25):
        best: tuple[int, int] | None = None
        for start in range(24):
            mass = sum(by_hour[(start + i) % 24] for i in range(length))
            if mass >= coverage * total and (best is None or mass > best[1]):
                best = (start, mass)
        if best is not None:
            start = best[0]
            return start, (start + length) % 24
    return 0, 0


def _describe_days(days: frozenset[int]) -> str:
    if days == WEEKDAYS:
        return "Mon–Fri"
    if days == frozenset(range(7)):
        return "every day"
    return ", ".join(DAY_NAMES[d] for d in sorted(days))


def parse_hours(text: str) -> tuple[int, int] | None:
    """`9-17`, `09:00-17:30` (minutes are dropped), `8–16` → (start, end); None if not hours."""
    match = re.fullmatch(r"\s*(\d{1,2})(?::\d{2})?\s*(?:-|–|to)\s*(\d{1,2})(?::\d{2})?\s*", text)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if not (0 <= start <= 23 and 0 <= end <= 24) or start == end % 24:
        return None
    return start, end % 24
