"""Every table of Kaizen, one module per concept; `from storage.models import Run` works.

Importing this package registers every table on `SQLModel.metadata` (Alembic's env.py
relies on that). Every row that belongs to a workspace carries its `team_id`.
"""

from __future__ import annotations

from storage.models.actions import PendingAction, UndoEntry
from storage.models.audit import AuditEntry
from storage.models.base import utcnow
from storage.models.conversations import Conversation, ConversationMessage
from storage.models.events import ProcessedEvent
from storage.models.learning import (
    Feedback,
    LearnedPattern,
    LearningCycle,
    LearningLabel,
    PromptVersion,
    RunReply,
    SavedWorkflow,
    WorkflowOffer,
    WorkflowRun,
)
from storage.models.leases import Lease
from storage.models.preferences import (
    MemberActivity,
    MemberPreference,
    MemberProfile,
    PreferenceDecision,
)
from storage.models.runs import FINISHED, ExecutionStat, Run, RunStep
from storage.models.workspaces import Installation, OAuthState, Workspace

__all__ = [
    "FINISHED",
    "AuditEntry",
    "Conversation",
    "ConversationMessage",
    "ExecutionStat",
    "Feedback",
    "Installation",
    "LearnedPattern",
    "LearningCycle",
    "LearningLabel",
    "Lease",
    "MemberActivity",
    "MemberPreference",
    "MemberProfile",
    "OAuthState",
    "PendingAction",
    "PreferenceDecision",
    "ProcessedEvent",
    "PromptVersion",
    "Run",
    "RunReply",
    "RunStep",
    "SavedWorkflow",
    "UndoEntry",
    "WorkflowOffer",
    "WorkflowRun",
    "Workspace",
    "utcnow",
]
