"""The language model: any OpenAI-compatible Chat Completions server, through `openai`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from bot.runtime.metrics import Metrics

logger = logging.getLogger(__name__)


class ModelUnavailable(Exception):
    """The model could not answer (unreachable, failing, timed out, refused the key)."""


@dataclass(frozen=True)
class ModelToolCall:
    id: str
    name: str
    arguments: str  # JSON text as the model wrote it; parsed (and refused if bad) by the caller


@dataclass(frozen=True)
class ModelReply:
    text: str
    prompt_tokens: int
    completion_tokens: int
    tool_calls: tuple[ModelToolCall, ...] = ()

    def as_message(self) -> dict[str, Any]:
        """The assistant message to append to the conversation for the next turn."""
        message: dict[str, Any] = {"role": "assistant", "content": self.text or None}
        if self.tool_calls:
            message["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for c in self.tool_calls
            ]
        return message


class ChatModel:
    """A thin, timed wrapper around `AsyncOpenAI.chat.completions.create`."""

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        metrics: Metrics,
        base_url: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.model = model
        self._metrics = metrics
        # Retries are ours to decide (and to trace), not the client's.
        self._client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0
        )

    async def complete(
        self,
        messages: list[dict[str, Any]],
        *,
        temperature: float | None = None,
        tools: list[dict[str, Any]] | None = None,
    ) -> ModelReply:
        body: dict[str, Any] = {"model": self.model, "messages": messages}
        if temperature is not None:
            body["temperature"] = temperature
        if tools:
            body["tools"] = tools
        try:
            # The public `post` of the client: same auth, errors and parsing as
            # `chat.completions.create`, without re-walking our already-JSON body through the
            # SDK's TypedDict transform (about 4 ms a call with a dozen tool schemas).
            response = await self._client.post(
                "/chat/completions", body=body, cast_to=ChatCompletion
            )
        except openai.OpenAIError as error:
            self._metrics.model_requests.labels(outcome="error").inc()
            logger.warning("model call failed: %s", type(error).__name__)
            raise ModelUnavailable(type(error).__name__) from error
        self._metrics.model_requests.labels(outcome="ok").inc()
        return self._reply_from(response)

    def _reply_from(self, response: Any) -> ModelReply:
        choice = response.choices[0] if response.choices else None
        text = (choice.message.content or "").strip() if choice else ""
        calls = (
            tuple(
                ModelToolCall(id=c.id, name=c.function.name, arguments=c.function.arguments or "{}")
                for c in (choice.message.tool_calls or [])
                if choice and c.type == "function"
            )
            if choice
            else ()
        )
        if not text and not calls:
            raise ModelUnavailable("EmptyReply")
        usage = response.usage
        prompt_tokens = usage.prompt_tokens if usage else 0
        completion_tokens = usage.completion_tokens if usage else 0
        self._metrics.model_tokens.labels(kind="prompt").inc(prompt_tokens)
        self._metrics.model_tokens.labels(kind="completion").inc(completion_tokens)
        return ModelReply(text, prompt_tokens, completion_tokens, calls)

    async def close(self) -> None:
        await self._client.close()
