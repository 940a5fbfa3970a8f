"""learning loop: feedback, cycles, patterns, prompt and workflow versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00.000000

Tables of `storage.models.learning`. Written by hand in the shape autogenerate gives
(batch mode for SQLite, constraint names from the metadata's naming convention).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("run_id", _string(36), nullable=True),
        sa.Column("kind", _string(16), nullable=False),
        sa.Column("signal", sa.Integer(), nullable=False),
        sa.Column("explicit", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("specialist", _string(64), nullable=True),
        sa.Column("task_kind", _string(64), nullable=True),
        sa.Column("prompt_version", sa.Integer(), nullable=True),
        sa.Column("workflow", _string(64), nullable=True),
        sa.Column("workflow_version", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", _string(128), nullable=False),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("team_id", "dedupe_key", name=op.f("uq_feedback_team_id")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_run", ["run_id"], unique=False)
        batch_op.create_index("ix_feedback_team_created", ["team_id", "created_at"], unique=False)

    op.create_table(
        "learnedpattern",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("kind", _string(24), nullable=False),
        sa.Column("key", _string(255), nullable=False),
        sa.Column("specialist", _string(64), nullable=True),
        sa.Column("task_kind", _string(64), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("frequency", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("first_cycle_id", sa.Integer(), nullable=True),
        sa.Column("last_cycle_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learnedpattern")),
        sa.UniqueConstraint("team_id", "kind", "key", name=op.f("uq_learnedpattern_team_id")),
    )

    op.create_table(
        "learningcycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("holder", _string(64), nullable=False),
        sa.Column("trigger", _string(16), nullable=False),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("traces", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("patterns", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learningcycle")),
    )
    with op.batch_alter_table("learningcycle", schema=None) as batch_op:
        batch_op.create_index("ix_learningcycle_team", ["team_id", "id"], unique=False)

    op.create_table(
        "learninglabel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("subject", _string(160), nullable=False),
        sa.Column("label", _string(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", _string(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learninglabel")),
        sa.UniqueConstraint("team_id", "subject", "label", name=op.f("uq_learninglabel_team_id")),
    )

    op.create_table(
        "promptversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("specialist", _string(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent", sa.Integer(), nullable=True),
        sa.Column("guidelines", sa.JSON(), nullable=False),
        sa.Column("diff", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("author", _string(64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", _string(16), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_promptversion")),
        sa.UniqueConstraint(
            "team_id", "specialist", "number", name=op.f("uq_promptversion_team_id")
        ),
    )

    op.create_table(
        "runreply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("channel_id", _string(32), nullable=False),
        sa.Column("ts", _string(32), nullable=False),
        sa.Column("run_id", _string(36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runreply")),
        sa.UniqueConstraint("team_id", "channel_id", "ts", name=op.f("uq_runreply_team_id")),
    )
    with op.batch_alter_table("runreply", schema=None) as batch_op:
        batch_op.create_index("ix_runreply_run", ["run_id"], unique=False)

    op.create_table(
        "savedworkflow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("name", _string(64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent", sa.Integer(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("diff", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("author", _string(64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("state", _string(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savedworkflow")),
        sa.UniqueConstraint(
            "team_id", "user_id", "name", "number", name=op.f("uq_savedworkflow_team_id")
        ),
    )

    op.create_table(
        "workflowoffer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("signature", _string(255), nullable=False),
        sa.Column("name", _string(64), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("runs", sa.JSON(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("status", _string(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflowoffer")),
        sa.UniqueConstraint(
            "team_id", "user_id", "signature", name=op.f("uq_workflowoffer_team_id")
        ),
    )

    op.create_table(
        "workflowrun",
        sa.Column("run_id", _string(36), nullable=False),
        sa.Column("team_id", _string(32), nullable=False),
        sa.Column("user_id", _string(32), nullable=False),
        sa.Column("name", _string(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_workflowrun")),
    )


def downgrade() -> None:
    op.drop_table("workflowrun")
    op.drop_table("workflowoffer")
    op.drop_table("savedworkflow")
    with op.batch_alter_table("runreply", schema=None) as batch_op:
        batch_op.drop_index("ix_runreply_run")
    op.drop_table("runreply")
    op.drop_table("promptversion")
    op.drop_table("learninglabel")
    with op.batch_alter_table("learningcycle", schema=None) as batch_op:
        batch_op.drop_index("ix_learningcycle_team")
    op.drop_table("learningcycle")
    op.drop_table("learnedpattern")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_team_created")
        batch_op.drop_index("ix_feedback_run")
    op.drop_table("feedback")
