"""The seeded sandbox workspace: three people, four channels and a few messages.

The topics, purposes and messages are what the fake colleagues wrote, data of
the pretend team rather than Kaizen's words, so they stay here and not in
``bot/messages/``.
"""

from __future__ import annotations

import time

from bot.sandbox.workspace.store import Workspace


def seed_workspace(workspace: Workspace) -> None:
    """Fill an empty workspace with three people, four channels and a few messages.

    #old-launch is old and quiet (its last message is ~100 days old), so
    "archive stale channels" style requests have something to find.
    """
    alice = workspace.add_user("alice", real_name="Alice Archer", user_id="U0ALICE", is_admin=True)
    bob = workspace.add_user("bob", real_name="Bob Baker", user_id="U0BOB")
    carol = workspace.add_user(
        "carol", real_name="Carol Chen", user_id="U0CAROL", tz="America/New_York", tz_offset=-18000
    )
    everyone = {alice.id, bob.id, carol.id, workspace.bot_user_id}
    now = time.time()
    day = 86_400

    old = workspace.add_channel(
        "old-launch",
        everyone,
        channel_id="C0OLDLAUNCH",
        creator=alice.id,
        purpose="Coordination of the 2024 launch",
        created=int(now - 200 * day),
    )
    workspace.post_message(
        old.id,
        "Launch retro notes are in Notion. Closing this out.",
        user=alice.id,
        at=now - 100 * day,
    )

    general = workspace.add_channel(
        "general",
        everyone,
        channel_id="C0GENERAL",
        creator=alice.id,
        topic="Company-wide announcements",
        purpose="This channel is for workspace-wide communication and announcements.",
        created=int(now - 365 * day),
        is_general=True,
    )
    random = workspace.add_channel(
        "random",
        everyone,
        channel_id="C0RANDOM",
        creator=alice.id,
        purpose="Non-work banter and water cooler conversation",
        created=int(now - 365 * day),
    )
    ops = workspace.add_channel(
        "ops",
        everyone,
        channel_id="C0OPS",
        creator=bob.id,
        topic="Deploys and incidents",
        created=int(now - 300 * day),
    )
    workspace.post_message(
        general.id, "Welcome to the Kaizen sandbox! :wave:", user=alice.id, at=now - 3 * day
    )
    workspace.post_message(general.id, "Morning all, standup at 10.", user=bob.id, at=now - 2 * day)
    workspace.post_message(random.id, "Anyone up for lunch?", user=carol.id, at=now - day)
    deploy = workspace.post_message(
        ops.id, "Deploy of api v2.3 finished :white_check_mark:", user=bob.id, at=now - 3600
    )
    workspace.post_message(ops.id, "Thanks Bob!", user=alice.id, thread_ts=deploy.ts, at=now - 3000)
