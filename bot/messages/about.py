"""Who Kaizen is and what it can do: the words every other surface quotes."""

from __future__ import annotations

BOT_NAME = "Kaizen"

CAPABILITIES = (
    "• *Chat with me* in a DM, by @mentioning me in a channel, or in the assistant panel.\n"
    "• *Work in Slack for you*: post, archive, rename, set topics, invite, pin — "
    "risky steps wait for your confirmation, and what I do can be undone.\n"
    "• *Work in GitHub, Jira and Notion* when the workspace has connected them.\n"
    "• `/undo` reverses my last action, `/improve` tells me how to do better, "
    "`/prefs` shows what I have learned about you, `/stats` shows admins how I am doing."
)
