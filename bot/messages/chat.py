"""What Kaizen says in a conversation: DMs, mentions and the assistant panel."""

from __future__ import annotations

from bot.messages.about import BOT_NAME, CAPABILITIES


def offline_help(question: str | None = None) -> str:
    """The answer when no language model is configured or reachable."""
    opener = f"Hi! I'm {BOT_NAME}, an assistant that gets better every day."
    note = (
        "No language model is connected right now, so I can only answer with this overview. "
        "An admin can connect one by setting `OPENAI_API_KEY` (and `OPENAI_BASE_URL` for a "
        "self-hosted server)."
    )
    return f"{opener}\n\n*What I can do*\n{CAPABILITIES}\n\n_{note}_"


def model_unavailable_help() -> str:
    return (
        "I couldn't reach the language model just now, so here is what I can do while it is "
        f"away:\n\n{CAPABILITIES}\n\n_Try again in a minute; if it keeps failing, tell an admin._"
    )


def empty_message_reply() -> str:
    return "I got an empty message. Tell me what you need, for example: _what can you do?_"


def message_too_long(limit: int) -> str:
    return (
        f"That message is longer than I can take ({limit:,} characters at most). "
        "Could you shorten it or split it into parts?"
    )


def something_went_wrong() -> str:
    return (
        "Sorry — something went wrong on my side while handling that. It has been recorded; "
        "please try again."
    )


def assistant_greeting() -> str:
    return f"Hi, I'm {BOT_NAME}. What can I take off your plate today?"


def messages_tab_greeting() -> str:
    return (
        f"Hi, I'm {BOT_NAME} :wave: Tell me what you need here, @mention me in a channel, "
        "or ask me _what can you do?_"
    )


ASSISTANT_SUGGESTED_PROMPTS: list[dict[str, str]] = [
    {"title": "What can you do?", "message": "What can you do?"},
    {"title": "Tidy a channel", "message": "Archive #old-launch and tell #general"},
    {"title": "Set a topic", "message": "Set the topic of #random to weekly sync"},
]

WORKING_STATUS = "is thinking…"
