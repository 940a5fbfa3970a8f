"""A local fake of the OpenAI Chat Completions HTTP API, for tests.

The fake is a real aiohttp server bound to ``127.0.0.1`` on a free port, so the
genuine ``openai.AsyncOpenAI`` client can talk to it unmodified::

    async with FakeOpenAI(api_key="sk-test") as fake:
        fake.call_tool("get_weather", {"city": "Oslo"})
        fake.reply("It is sunny.")
        client = AsyncOpenAI(api_key="sk-test", base_url=fake.base_url, max_retries=0)
        ...
        assert fake.requests[-1]["messages"][-1]["role"] == "tool"

Per request the answer is chosen in this order: pending faults (``fail``), the
``responder`` callback (unless it returns ``None``), the scripted queue
(``reply`` / ``call_tool`` / ``call_tools``), and finally ``default_reply``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiohttp import web

JSON = dict[str, Any]
ToolArguments = Mapping[str, Any] | str
ResponderResult = JSON | str | None
Responder = Callable[[JSON], ResponderResult]

MODEL_ID = "gpt-4o-mini"
"""The single model listed by ``GET /v1/models``."""

_VALID_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
_STREAM_PIECES = 4
_SHUTDOWN_TIMEOUT = 1.0
_SSE_HEADERS = {"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache"}


# --------------------------------------------------------------------------- #
# Scripted answers and faults
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class ToolCall:
    """One function call the fake model makes."""

    name: str
    arguments: ToolArguments

    def arguments_json(self) -> str:
        """Arguments as the API sends them: a JSON-encoded string."""
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(dict(self.arguments))


@dataclass(frozen=True)
class Answer:
    """What the fake model says: text, tool calls, or both."""

    content: str | None
    tool_calls: tuple[ToolCall, ...] = ()

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.tool_calls else "stop"


@dataclass
class _Fault:
    status: int
    message: str
    remaining: int


class ApiError(Exception):
    """An error answered with the OpenAI error body shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str | None = None,
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type_ or _default_error_type(status)
        self.param = param
        self.code = code if code is not None else _default_error_code(status)

    def body(self) -> JSON:
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }

    def to_response(self) -> web.Response:
        headers = {"Retry-After": "0"} if self.status == 429 else None
        return web.json_response(self.body(), status=self.status, headers=headers)


def _default_error_type(status: int) -> str:
    if status == 429:
        return "requests"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"


def _default_error_code(status: int) -> str | None:
    return {401: "invalid_api_key", 429: "rate_limit_exceeded"}.get(status)


# --------------------------------------------------------------------------- #
# Request validation (the parts of the real API's checks that catch bot bugs)
# --------------------------------------------------------------------------- #


def _missing(param: str) -> ApiError:
    return ApiError(
        400,
        f"Missing required parameter: '{param}'.",
        param=param,
        code="missing_required_parameter",
    )


def validate_chat_request(body: JSON) -> None:
    """Raise ``ApiError`` (400) for requests the real API would reject."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "you must provide a model parameter")
    if "messages" not in body:
        raise _missing("messages")
    messages = body["messages"]
    if not isinstance(messages, list) or not messages:
        raise ApiError(
            400,
            "Invalid 'messages': empty array. Expected an array with minimum length 1.",
            param="messages",
            code="empty_array",
        )
    if body.get("stream_options") is not None and not body.get("stream"):
        raise ApiError(
            400,
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            param="stream_options",
        )
    _validate_messages(messages)


def _validate_messages(messages: list[Any]) -> None:
    for index, message in enumerate(messages):
        _validate_message(index, message)
    _validate_tool_pairing(messages)


def _validate_message(index: int, message: Any) -> None:
    if not isinstance(message, dict):
        raise ApiError(
            400,
            f"Invalid type for 'messages[{index}]': expected an object.",
            param=f"messages[{index}]",
            code="invalid_type",
        )
    role = message.get("role")
    if role is None:
        raise _missing(f"messages[{index}].role")
    if role not in _VALID_ROLES:
        raise ApiError(
            400,
            f"Invalid value: '{role}'. Supported values are: {', '.join(sorted(_VALID_ROLES))}.",
            param=f"messages[{index}].role",
            code="invalid_value",
        )
    if role == "tool" and not message.get("tool_call_id"):
        raise _missing(f"messages[{index}].tool_call_id")


def _validate_tool_pairing(messages: list[JSON]) -> None:
    """Tool results must directly answer the preceding assistant tool calls."""
    pending: set[str] | None = None
    for index, message in enumerate(messages):
        role = message["role"]
        if role == "tool":
            if pending is None or message["tool_call_id"] not in pending:
                raise _orphan_tool_result(index)
            pending.discard(message["tool_call_id"])
            continue
        _require_answered(pending, index)
        pending = _tool_call_ids(message) if role == "assistant" else None
    _require_answered(pending, len(messages))


def _tool_call_ids(message: JSON) -> set[str] | None:
    calls = message.get("tool_calls") or []
    return {str(call.get("id")) for call in calls if isinstance(call, dict)} or None


def _require_answered(pending: set[str] | None, index: int) -> None:
    if pending:
        missing = ", ".join(sorted(pending))
        raise ApiError(
            400,
            "An assistant message with 'tool_calls' must be followed by tool messages "
            "responding to each 'tool_call_id'. The following tool_call_ids did not have "
            f"response messages: {missing}",
            param=f"messages.[{index}].role",
        )


def _orphan_tool_result(index: int) -> ApiError:
    return ApiError(
        400,
        "Invalid parameter: messages with role 'tool' must be a response to a "
        "preceeding message with 'tool_calls'.",
        param=f"messages.[{index}].role",
    )


# --------------------------------------------------------------------------- #
# Response building
# --------------------------------------------------------------------------- #


def estimate_tokens(text: str) -> int:
    """Rough token estimate: about four characters per token."""
    return (len(text) + 3) // 4


def _message_text(message: JSON) -> str:
    content = message.get("content")
    parts: list[str] = []
    if isinstance(content, str):
        parts.append(content)
    elif isinstance(content, list):
        parts.extend(str(p.get("text", "")) for p in content if isinstance(p, dict))
    for call in message.get("tool_calls") or []:
        function = (call.get("function") or {}) if isinstance(call, dict) else {}
        parts.append(f"{function.get('name', '')} {function.get('arguments', '')}")
    return " ".join(parts)


def _usage(body: JSON, answer: Answer) -> JSON:
    prompt = max(1, sum(estimate_tokens(_message_text(m)) for m in body["messages"]))
    generated = (answer.content or "") + "".join(
        call.name + call.arguments_json() for call in answer.tool_calls
    )
    completion = max(1, estimate_tokens(generated))
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


@dataclass(frozen=True)
class _Completion:
    """A fully decided answer for one request, with ids already assigned."""

    id: str
    created: int
    model: str
    answer: Answer
    call_ids: tuple[str, ...]
    usage: JSON

    def envelope(self, obj: str) -> JSON:
        return {
            "id": self.id,
            "object": obj,
            "created": self.created,
            "model": self.model,
            "service_tier": "default",
            "system_fingerprint": "fp_fake",
        }

    def tool_calls_json(self) -> list[JSON]:
        return [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": call.name, "arguments": call.arguments_json()},
            }
            for call_id, call in zip(self.call_ids, self.answer.tool_calls, strict=True)
        ]

    def to_json(self) -> JSON:
        message: JSON = {
            "role": "assistant",
            "content": self.answer.content,
            "refusal": None,
            "annotations": [],
        }
        if self.answer.tool_calls:
            message["tool_calls"] = self.tool_calls_json()
        choice = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": self.answer.finish_reason,
        }
        return {**self.envelope("chat.completion"), "choices": [choice], "usage": self.usage}


def split_text(text: str, pieces: int = _STREAM_PIECES) -> list[str]:
    """Split text at word boundaries into at most ``pieces`` non-empty parts."""
    words = re.findall(r"\S+\s*|\s+", text)
    if not words:
        return []
    size = -(-len(words) // pieces)
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)]


def _stream_deltas(completion: _Completion) -> Iterator[JSON]:
    content = completion.answer.content
    yield {"role": "assistant", "content": "" if content else None, "refusal": None}
    for piece in split_text(content or ""):
        yield {"content": piece}
    for index, call in enumerate(completion.tool_calls_json()):
        yield from _tool_call_deltas(index, call)


def _tool_call_deltas(index: int, call: JSON) -> Iterator[JSON]:
    function = call["function"]
    head = {"name": function["name"], "arguments": ""}
    yield {"tool_calls": [{"index": index, "id": call["id"], "type": "function", "function": head}]}
    arguments = function["arguments"]
    step = max(1, -(-len(arguments) // 3))
    for start in range(0, len(arguments), step):
        piece = arguments[start : start + step]
        yield {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}


def stream_chunks(completion: _Completion, *, include_usage: bool) -> Iterator[JSON]:
    """The ``chat.completion.chunk`` objects the API would stream."""
    envelope = completion.envelope("chat.completion.chunk")
    extra: JSON = {"usage": None} if include_usage else {}

    def chunk(delta: JSON, finish_reason: str | None = None) -> JSON:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return {**envelope, "choices": [choice], **extra}

    for delta in _stream_deltas(completion):
        yield chunk(delta)
    yield chunk({}, completion.answer.finish_reason)
    if include_usage:
        yield {**envelope, "choices": [], "usage": completion.usage}


def _sse(payload: JSON | str) -> bytes:
    data = payload if isinstance(payload, str) else json.dumps(payload)
    return f"data: {data}\n\n".encode()


def answer_from_responder(result: ResponderResult) -> Answer | None:
    """Normalise what a responder returned into an ``Answer``."""
    if result is None:
        return None
    if isinstance(result, str):
        return Answer(content=result)
    calls = tuple(ToolCall(str(name), args) for name, args in result.get("tool_calls") or ())
    return Answer(content=result.get("content"), tool_calls=calls)


# --------------------------------------------------------------------------- #
# The server
# --------------------------------------------------------------------------- #


@web.middleware
async def _error_middleware(
    request: web.Request, handler: Callable[[web.Request], Any]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as err:
        return err.to_response()
    except web.HTTPException as exc:
        if exc.status not in (404, 405):
            raise
        return ApiError(404, f"Invalid URL ({request.method} {request.path})").to_response()


async def _add_request_id(_request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("x-request-id", f"req_{secrets.token_hex(12)}")


class FakeOpenAI:
    """A scriptable fake OpenAI Chat Completions server."""

    def __init__(
        self,
        *,
        api_key: str = "sk-test-fake",
        default_reply: str = "Hello from the fake model.",
    ) -> None:
        self.api_key = api_key
        self.default_reply = default_reply
        self.requests: list[JSON] = []
        self._script: deque[Answer] = deque()
        self._faults: deque[_Fault] = deque()
        self._responder: Responder | None = None
        self._delay_seconds = 0.0
        self._delay_remaining: int | None = None
        self._call_ids = itertools.count(1)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        if self._runner is not None:
            return
        self._closing = asyncio.Event()  # fresh per start: bound to the running loop
        runner = web.AppRunner(
            self._build_app(), handler_cancellation=True, shutdown_timeout=_SHUTDOWN_TIMEOUT
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = _bound_port(runner)

    async def stop(self) -> None:
        if self._runner is None:
            return
        self._closing.set()
        runner, self._runner, self._port = self._runner, None, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeOpenAI is not running; call start() first")
        return f"http://127.0.0.1:{self._port}/v1"

    # -- scripting ----------------------------------------------------------

    def reply(self, text: str) -> None:
        """Queue a plain assistant answer."""
        self._script.append(Answer(content=text))

    def call_tool(
        self, name: str, arguments: ToolArguments, *, reasoning: str | None = None
    ) -> None:
        """Queue an assistant message with one tool call (``content`` = reasoning)."""
        self._script.append(Answer(content=reasoning, tool_calls=(ToolCall(name, arguments),)))

    def call_tools(self, calls: Sequence[tuple[str, ToolArguments]]) -> None:
        """Queue one assistant message carrying several tool calls."""
        tool_calls = tuple(ToolCall(name, arguments) for name, arguments in calls)
        self._script.append(Answer(content=None, tool_calls=tool_calls))

    def fail(
        self, status: int = 500, *, times: int = 1, message: str = "The server had an error"
    ) -> None:
        """Make the next ``times`` chat requests answer with an error ``status``."""
        self._faults.append(_Fault(status=status, message=message, remaining=times))

    def delay(self, seconds: float, *, times: int | None = None) -> None:
        """Sleep before answering chat requests (``times=None``: every request)."""
        self._delay_seconds = seconds
        self._delay_remaining = times

    def responder(self, fn: Responder | None) -> None:
        """Install (or with ``None`` remove) a dynamic answer callback."""
        self._responder = fn

    def reset(self) -> None:
        """Forget recorded requests and every scripted behaviour."""
        self.requests.clear()
        self._script.clear()
        self._faults.clear()
        self._responder = None
        self.delay(0.0)

    @property
    def last_request(self) -> JSON:
        if not self.requests:
            raise AssertionError("FakeOpenAI received no chat requests")
        return self.requests[-1]

    @property
    def pending_answers(self) -> int:
        """How many scripted answers are still queued."""
        return len(self._script)

    # -- HTTP handlers ------------------------------------------------------

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[_error_middleware])
        app.on_response_prepare.append(_add_request_id)
        app.router.add_post("/v1/chat/completions", self._handle_chat)
        app.router.add_get("/v1/models", self._handle_models)
        return app

    async def _handle_models(self, request: web.Request) -> web.Response:
        self._check_auth(request)
        model = {"id": MODEL_ID, "object": "model", "created": 1_700_000_000, "owned_by": "system"}
        return web.json_response({"object": "list", "data": [model]})

    async def _handle_chat(self, request: web.Request) -> web.StreamResponse:
        body = await _read_json_object(request)
        self.requests.append(body)
        self._check_auth(request)
        validate_chat_request(body)
        fault = self._take_fault()
        completion = None if fault else self._complete(body)
        await self._maybe_delay()
        if fault is not None:
            raise ApiError(fault.status, fault.message)
        assert completion is not None
        if body.get("stream"):
            return await self._stream(request, body, completion)
        return web.json_response(completion.to_json())

    def _check_auth(self, request: web.Request) -> None:
        header = request.headers.get("Authorization", "")
        if header == f"Bearer {self.api_key}":
            return
        if not header:
            message = "You didn't provide an API key. Provide it in the Authorization header."
        else:
            shown = header.removeprefix("Bearer ")
            message = f"Incorrect API key provided: {_redact(shown)}."
        raise ApiError(401, message, code="invalid_api_key")

    def _take_fault(self) -> _Fault | None:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            self._faults.popleft()
        return fault

    async def _maybe_delay(self) -> None:
        if self._delay_seconds <= 0 or self._delay_remaining == 0:
            return
        if self._delay_remaining is not None:
            self._delay_remaining -= 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), timeout=self._delay_seconds)

    def _next_answer(self, body: JSON) -> Answer:
        if self._responder is not None:
            answer = answer_from_responder(self._responder(body))
            if answer is not None:
                return answer
        if self._script:
            return self._script.popleft()
        return Answer(content=self.default_reply)

    def _complete(self, body: JSON) -> _Completion:
        answer = self._next_answer(body)
        return _Completion(
            id=f"chatcmpl-{secrets.token_hex(12)}",
            created=int(time.time()),
            model=body["model"],
            answer=answer,
            call_ids=tuple(f"call_{next(self._call_ids)}" for _ in answer.tool_calls),
            usage=_usage(body, answer),
        )

    async def _stream(
        self, request: web.Request, body: JSON, completion: _Completion
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers=_SSE_HEADERS)
        await response.prepare(request)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        for chunk in stream_chunks(completion, include_usage=include_usage):
            await response.write(_sse(chunk))
        await response.write(_sse("[DONE]"))
        await response.write_eof()
        return response


async def _read_json_object(request: web.Request) -> JSON:
    try:
        body = json.loads(await request.read() or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(
            400,
            "We could not parse the JSON body of your request. The OpenAI API expects a "
            "JSON payload.",
        )
    return body


def _redact(key: str) -> str:
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:3]}{'*' * (len(key) - 7)}{key[-4:]}"


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    raise RuntimeError("FakeOpenAI could not determine its listening port")
