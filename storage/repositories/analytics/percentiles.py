"""Nearest-rank percentiles computed in the database, for every group in one query.

The P-th percentile of n values is the value of rank ceil(P·n / 100) in ascending
order (so P50 of 1..100 is 50 and P95 is 95). The counts per group come from a
GROUP BY first, so the wanted ranks are known; then `ROW_NUMBER() OVER (PARTITION BY
… ORDER BY …)` numbers the values and only the rows at those ranks come back — one
sort serves every group and percentile (SQLite 3.25+ and PostgreSQL both have window
functions). This beats one `ORDER BY … LIMIT 1 OFFSET k` query per group and
percentile, and `COUNT(*) OVER (PARTITION BY …)`, which SQLite evaluates slowly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.analytics.rows import Percentiles

PERCENTILES = (50, 95, 99)


def nearest_rank(count: int, percentile: int) -> int:
    """The 1-based rank holding the nearest-rank percentile: ceil(percentile · count / 100)."""
    return max(1, (count * percentile + 99) // 100)


async def percentiles_by_group(
    session: AsyncSession,
    *,
    value: Any,
    group: Any | None,
    source: Any,
    where: Iterable[ColumnElement[bool]],
    counts: Mapping[Any, int],
    percentiles: Sequence[int] = PERCENTILES,
) -> dict[Any, Percentiles]:
    """Per group (key None without one): the nearest-rank percentiles of `value`.

    `counts` holds how many non-NULL values each group has (from a GROUP BY over the
    same rows), so the wanted ranks are known before the query: rows are numbered
    within their group by `ROW_NUMBER()` and only the (group, rank) pairs wanted come
    back — at most len(percentiles) rows a group, whatever the number of values.
    """
    wanted = {
        key: {nearest_rank(count, p) for p in percentiles}
        for key, count in counts.items()
        if count > 0
    }
    if not wanted:
        return {}
    partition = [group] if group is not None else None
    rank = func.row_number().over(partition_by=partition, order_by=value).label("rn")
    columns = [value.label("v"), rank] + ([group.label("g")] if group is not None else [])
    ranked = (
        select(*columns).select_from(source).where(*where, value.is_not(None)).subquery("ranked")
    )
    if group is None:
        condition = ranked.c.rn.in_(sorted(wanted[None]))
    else:
        pairs = [(key, rank) for key, ranks in wanted.items() for rank in ranks]
        condition = tuple_(ranked.c.g, ranked.c.rn).in_(pairs)
    picked = [ranked.c.rn, ranked.c.v] + ([ranked.c.g] if group is not None else [])
    values: dict[Any, dict[int, float]] = {key: {} for key in wanted}
    for row in (await session.execute(select(*picked).where(condition))).all():
        key = row.g if group is not None else None
        if key not in values:
            continue
        for percentile in percentiles:
            if nearest_rank(counts[key], percentile) == int(row.rn):
                values[key][percentile] = float(row.v)
    return {key: Percentiles(counts[key], found) for key, found in values.items()}
