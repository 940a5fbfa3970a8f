"""Named leases, so a scheduled job runs once per period across processes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

import storage.models.base  # noqa: F401  (its naming convention applies to this table)


class Lease(SQLModel, table=True):
    """A named lease, so a scheduled job runs once per period across processes."""

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    period_key: str = Field(default="", max_length=64)  # e.g. the day a digest was posted for
