"""How many rows an UPDATE or DELETE touched.

`AsyncSession.execute` is typed to return a plain `Result`, but for DML it returns a
`CursorResult`, which is the one that carries `rowcount`.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def affected_rows(result: Result[Any]) -> int:
    return cast(CursorResult[Any], result).rowcount
