"""Drive the fake OpenAI server with the real ``openai.AsyncOpenAI`` client."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import openai
import pytest
from openai import AsyncOpenAI

from tests.fakes.openai_server import MODEL_ID, FakeOpenAI

API_KEY = "sk-test"
MODEL = "gpt-4o-mini"
USER = [{"role": "user", "content": "What is the weather in Oslo?"}]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI(api_key=API_KEY) as server:
        yield server


@pytest.fixture
async def client(fake: FakeOpenAI) -> AsyncIterator[AsyncOpenAI]:
    api = AsyncOpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0)
    yield api
    await api.close()


async def _raw_post(fake: FakeOpenAI, body: Any, *, key: str | None = API_KEY) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}/chat/completions", data=data, headers=headers) as resp,
    ):
        return resp.status, await resp.json()


# --------------------------------------------------------------------------- #
# Plain answers
# --------------------------------------------------------------------------- #


async def test_plain_reply(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.reply("It is sunny in Oslo.")

    completion = await client.chat.completions.create(model=MODEL, messages=USER)

    choice = completion.choices[0]
    assert choice.message.content == "It is sunny in Oslo."
    assert choice.message.role == "assistant"
    assert choice.message.tool_calls is None
    assert choice.finish_reason == "stop"
    assert completion.model == MODEL
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert abs(completion.created - time.time()) < 60
    usage = completion.usage
    assert usage is not None
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert fake.requests == [{"model": MODEL, "messages": USER}]


async def test_queue_is_consumed_in_order_then_default(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.reply("first")
    fake.reply("second")

    answers = [
        (await client.chat.completions.create(model=MODEL, messages=USER))
        .choices[0]
        .message.content
        for _ in range(3)
    ]

    assert answers == ["first", "second", "Hello from the fake model."]
    assert len(fake.requests) == 3
    assert fake.pending_answers == 0


async def test_model_is_echoed(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    completion = await client.chat.completions.create(model="some-local-model", messages=USER)

    assert completion.model == "some-local-model"
    assert fake.last_request["model"] == "some-local-model"


# --------------------------------------------------------------------------- #
# Tool calls
# --------------------------------------------------------------------------- #


async def test_tool_call_round_trip(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.call_tool("get_weather", {"city": "Oslo"}, reasoning="Let me check the weather.")
    fake.reply("It is 21°C and sunny in Oslo.")

    first = await client.chat.completions.create(model=MODEL, messages=USER, tools=[WEATHER_TOOL])

    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Let me check the weather."
    assert choice.message.tool_calls is not None
    (call,) = choice.message.tool_calls
    assert call.id == "call_1"
    assert call.type == "function"
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Oslo"}

    tool_result = {"role": "tool", "tool_call_id": call.id, "content": '{"temp_c": 21}'}
    history = [*USER, choice.message.model_dump(exclude_none=True), tool_result]
    second = await client.chat.completions.create(
        model=MODEL, messages=history, tools=[WEATHER_TOOL]
    )

    assert second.choices[0].message.content == "It is 21°C and sunny in Oslo."
    assert second.choices[0].finish_reason == "stop"
    assert fake.requests[0]["tools"] == [WEATHER_TOOL]
    sent = fake.requests[1]["messages"]
    assert sent[-1] == tool_result
    assert sent[-2]["tool_calls"][0]["id"] == "call_1"


async def test_several_tool_calls_in_one_message(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.call_tools([("get_weather", {"city": "Oslo"}), ("get_weather", {"city": "Bergen"})])

    completion = await client.chat.completions.create(
        model=MODEL, messages=USER, tools=[WEATHER_TOOL]
    )

    message = completion.choices[0].message
    assert message.content is None
    assert message.tool_calls is not None
    assert [c.id for c in message.tool_calls] == ["call_1", "call_2"]
    cities = [json.loads(c.function.arguments)["city"] for c in message.tool_calls]
    assert cities == ["Oslo", "Bergen"]
    assert completion.choices[0].finish_reason == "tool_calls"


# --------------------------------------------------------------------------- #
# Streaming
# --------------------------------------------------------------------------- #


async def test_streaming_reply_is_assembled(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    text = "Streaming works: the quick brown fox jumps over the lazy dog."
    fake.reply(text)

    stream = await client.chat.completions.create(
        model=MODEL, messages=USER, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]

    content_deltas = [c.choices[0].delta.content for c in chunks if c.choices]
    assert "".join(d or "" for d in content_deltas) == text
    assert sum(1 for d in content_deltas if d) >= 3
    assert all(c.object == "chat.completion.chunk" and c.model == MODEL for c in chunks)
    assert len({c.id for c in chunks}) == 1
    finishing = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishing[-1] == "stop"
    assert not chunks[-1].choices
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0
    assert fake.last_request["stream"] is True


async def test_streaming_without_usage_has_no_usage_chunk(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    stream = await client.chat.completions.create(model=MODEL, messages=USER, stream=True)
    chunks = [chunk async for chunk in stream]

    assert all(c.choices for c in chunks)
    assert all(c.usage is None for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


async def test_streaming_tool_calls_via_stream_helper(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.call_tools([("get_weather", {"city": "Oslo"}), ("get_weather", {"city": "Tromsø"})])

    async with client.chat.completions.stream(
        model=MODEL, messages=USER, tools=[WEATHER_TOOL]
    ) as stream:
        async for _event in stream:
            pass
        final = await stream.get_final_completion()

    choice = final.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    assert [c.id for c in choice.message.tool_calls] == ["call_1", "call_2"]
    parsed = [json.loads(c.function.arguments) for c in choice.message.tool_calls]
    assert parsed == [{"city": "Oslo"}, {"city": "Tromsø"}]


async def test_raw_sse_wire_format(fake: FakeOpenAI) -> None:
    body = {"model": MODEL, "messages": USER, "stream": True}
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{fake.base_url}/chat/completions",
            json=body,
            headers={"Authorization": f"Bearer {API_KEY}"},
        ) as resp,
    ):
        assert resp.content_type == "text/event-stream"
        raw = (await resp.read()).decode()

    events = [e for e in raw.split("\n\n") if e]
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"
    first = json.loads(events[0].removeprefix("data: "))
    assert first["choices"][0]["delta"]["role"] == "assistant"


# --------------------------------------------------------------------------- #
# Faults, latency and auth
# --------------------------------------------------------------------------- #


async def test_server_error_surfaces_as_internal_server_error(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.fail(500)

    with pytest.raises(openai.InternalServerError) as excinfo:
        await client.chat.completions.create(model=MODEL, messages=USER)

    assert excinfo.value.status_code == 500
    assert excinfo.value.type == "server_error"
    assert excinfo.value.body == {
        "message": "The server had an error",
        "type": "server_error",
        "param": None,
        "code": None,
    }
    recovered = await client.chat.completions.create(model=MODEL, messages=USER)
    assert recovered.choices[0].message.content == "Hello from the fake model."
    assert len(fake.requests) == 2


async def test_fail_times_does_not_consume_scripted_answers(
    fake: FakeOpenAI, client: AsyncOpenAI
) -> None:
    fake.reply("after the outage")
    fake.fail(503, times=2, message="overloaded")

    for _ in range(2):
        with pytest.raises(openai.InternalServerError, match="overloaded"):
            await client.chat.completions.create(model=MODEL, messages=USER)
    completion = await client.chat.completions.create(model=MODEL, messages=USER)

    assert completion.choices[0].message.content == "after the outage"


async def test_rate_limit(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.fail(429, message="Rate limit reached")

    with pytest.raises(openai.RateLimitError) as excinfo:
        await client.chat.completions.create(model=MODEL, messages=USER)

    assert excinfo.value.status_code == 429
    assert excinfo.value.code == "rate_limit_exceeded"
    assert excinfo.value.response.headers["retry-after"] == "0"


async def test_client_retries_recover_from_faults(fake: FakeOpenAI) -> None:
    fake.fail(500, times=1)
    fake.reply("eventually")
    api = AsyncOpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=1)
    try:
        completion = await api.chat.completions.create(model=MODEL, messages=USER)
    finally:
        await api.close()

    assert completion.choices[0].message.content == "eventually"
    assert len(fake.requests) == 2


async def test_delay_triggers_client_timeout(fake: FakeOpenAI) -> None:
    fake.delay(1.0, times=1)
    fake.reply("too late")
    impatient = AsyncOpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0, timeout=0.2)
    patient = AsyncOpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0, timeout=10)
    try:
        with pytest.raises(openai.APITimeoutError):
            await impatient.chat.completions.create(model=MODEL, messages=USER)
        # The delay was used up by the timed-out request; the next one is answered at once.
        completion = await patient.chat.completions.create(model=MODEL, messages=USER)
    finally:
        await impatient.close()
        await patient.close()

    assert completion.choices[0].message.content == "Hello from the fake model."


async def test_delay_slows_every_request_until_reset(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    fake.delay(0.05)
    started = time.monotonic()
    for _ in range(2):
        await client.chat.completions.create(model=MODEL, messages=USER)
    assert time.monotonic() - started >= 0.1
    fake.delay(0)


async def test_bad_api_key(fake: FakeOpenAI) -> None:
    intruder = AsyncOpenAI(api_key="sk-wrong-key-123456", base_url=fake.base_url, max_retries=0)
    try:
        with pytest.raises(openai.AuthenticationError) as excinfo:
            await intruder.chat.completions.create(model=MODEL, messages=USER)
    finally:
        await intruder.close()

    assert excinfo.value.status_code == 401
    assert excinfo.value.code == "invalid_api_key"
    assert excinfo.value.type == "invalid_request_error"
    assert "123456" not in excinfo.value.message


async def test_missing_api_key(fake: FakeOpenAI) -> None:
    status, body = await _raw_post(fake, {"model": MODEL, "messages": USER}, key=None)

    assert status == 401
    assert body["error"]["code"] == "invalid_api_key"
    assert set(body["error"]) == {"message", "type", "param", "code"}


# --------------------------------------------------------------------------- #
# Responder mode
# --------------------------------------------------------------------------- #


async def test_responder_mode(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    def respond(body: dict[str, Any]) -> dict[str, Any] | str | None:
        last = body["messages"][-1]
        if last["role"] == "tool":
            return f"Tool said {last['content']}"
        if "weather" in last["content"]:
            return {"tool_calls": [("get_weather", {"city": "Oslo"})], "content": None}
        if "echo" in last["content"]:
            return last["content"].upper()
        return None

    fake.responder(respond)
    fake.reply("from the queue")

    echoed = await client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "echo me"}]
    )
    assert echoed.choices[0].message.content == "ECHO ME"

    fallthrough = await client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "hello"}]
    )
    assert fallthrough.choices[0].message.content == "from the queue"

    asked = await client.chat.completions.create(model=MODEL, messages=USER, tools=[WEATHER_TOOL])
    message = asked.choices[0].message
    assert message.tool_calls is not None and message.tool_calls[0].id == "call_1"

    tool_result = {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}
    history = [*USER, message.model_dump(exclude_none=True), tool_result]
    final = await client.chat.completions.create(model=MODEL, messages=history)
    assert final.choices[0].message.content == "Tool said sunny"


# --------------------------------------------------------------------------- #
# Request validation and other endpoints
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"messages": USER}, None),
        ({"model": MODEL}, "messages"),
        ({"model": MODEL, "messages": []}, "messages"),
        ({"model": MODEL, "messages": [{"content": "no role"}]}, "messages[0].role"),
        ({"model": MODEL, "messages": USER, "stream_options": {}}, "stream_options"),
    ],
)
async def test_invalid_requests_are_rejected(
    fake: FakeOpenAI, body: dict[str, Any], param: str | None
) -> None:
    status, payload = await _raw_post(fake, body)

    assert status == 400
    assert payload["error"]["type"] == "invalid_request_error"
    assert payload["error"]["param"] == param
    assert fake.requests == [body]


async def test_unparseable_json_is_rejected(fake: FakeOpenAI) -> None:
    status, payload = await _raw_post(fake, b"{not json")

    assert status == 400
    assert payload["error"]["type"] == "invalid_request_error"
    assert fake.requests == []


async def test_orphan_tool_message_is_rejected(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    history = [*USER, {"role": "tool", "tool_call_id": "call_9", "content": "?"}]

    with pytest.raises(openai.BadRequestError, match="must be a response to a preceeding"):
        await client.chat.completions.create(model=MODEL, messages=history)


async def test_unanswered_tool_call_is_rejected(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    assistant = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_7",
                "type": "function",
                "function": {"name": "get_weather", "arguments": "{}"},
            }
        ],
    }
    history = [*USER, assistant, {"role": "user", "content": "well?"}]

    with pytest.raises(openai.BadRequestError, match="call_7"):
        await client.chat.completions.create(model=MODEL, messages=history)


async def test_models_list(client: AsyncOpenAI) -> None:
    models = [model async for model in client.models.list()]

    assert [m.id for m in models] == [MODEL_ID]
    assert models[0].object == "model"


async def test_unknown_route_gives_openai_shaped_404(fake: FakeOpenAI, client: AsyncOpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as excinfo:
        await client.embeddings.create(model="text-embedding-3-small", input="hi")

    assert excinfo.value.type == "invalid_request_error"


async def test_stop_does_not_wait_for_slow_requests() -> None:
    fake = FakeOpenAI(api_key=API_KEY)
    await fake.start()
    fake.delay(30)
    pending = asyncio.create_task(_raw_post(fake, {"model": MODEL, "messages": USER}))
    while not fake.requests:
        await asyncio.sleep(0.01)

    started = time.monotonic()
    await fake.stop()

    assert time.monotonic() - started < 5
    pending.cancel()
    await asyncio.gather(pending, return_exceptions=True)
    with pytest.raises(RuntimeError):
        _ = fake.base_url
