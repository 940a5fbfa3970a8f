"""What every table shares: the metadata's naming convention, `utcnow` and column helpers.

Every model module imports this one first, so the naming convention is on
`SQLModel.metadata` before any table is declared.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, MetaData
from sqlmodel import Field, SQLModel

# Stable constraint names, so Alembic's batch mode on SQLite can find them again.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def timestamp(**kwargs: Any) -> Any:
    """A timezone-aware timestamp column that defaults to now."""
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), **kwargs))


def optional_timestamp() -> Any:
    """A timezone-aware timestamp column that stays NULL until something happens."""
    return Field(default=None, sa_column=Column(DateTime(timezone=True)))


def json_column(default: Any) -> Any:
    """A non-null JSON column whose value starts as `default()`."""
    return Field(default_factory=default, sa_column=Column(JSON, nullable=False))
