"""`GET /healthz` and `GET /metrics`."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import BotUnderTest
from tests.support import wait_until


async def test_healthz_answers_once_the_database_does(bot: BotUnderTest) -> None:
    async with bot.http.get(f"{bot.url}/healthz") as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"


async def test_healthz_says_unavailable_when_the_database_is_gone(bot: BotUnderTest) -> None:
    from storage.db import Database

    bot.kaizen.services.database = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    async with bot.http.get(f"{bot.url}/healthz") as response:
        assert response.status == 503
        assert (await response.json())["status"] == "unavailable"


async def test_metrics_parse_as_prometheus_text_and_count_requests(bot: BotUnderTest) -> None:
    await bot.mention("hello")
    metrics = bot.kaizen.services.metrics
    await wait_until(lambda: metrics.events.labels(outcome="done")._value.get())
    async with bot.http.get(f"{bot.url}/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    requests = families["kaizen_slack_requests"]
    assert any(
        s.labels == {"kind": "event_callback", "status": "200"} and s.value == 1
        for s in requests.samples
        if s.name.endswith("_total")
    )
    assert "kaizen_event_seconds" in families
    runs = families["kaizen_runs"]
    assert any(
        s.labels == {"specialist": "general", "status": "succeeded"} and s.value == 1
        for s in runs.samples
        if s.name.endswith("_total")
    )
    assert {"kaizen_run_seconds", "kaizen_tool_seconds", "kaizen_confirmations"} <= set(families)
