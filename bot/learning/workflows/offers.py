"""Workflow offers: a repeated sequence offered back once, then saved under a name or dismissed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.learning.analysis.model import OfferCandidate
from bot.learning.workflows.names import CURRENT, name_problem, suggest_name
from bot.learning.workflows.steps import steps_from_run
from bot.learning.workflows.versions import add_version
from bot.messages import workflows as say
from storage.db import Database
from storage.models.learning import WorkflowOffer
from storage.repositories import learning as store


class WorkflowOffers:
    def __init__(self, database: Database, *, clock: Callable[[], datetime]) -> None:
        self._database = database
        self._clock = clock

    async def steps_for_run(self, run_id: str) -> list[dict[str, Any]]:
        async with self._database.read() as session:
            rows = await store.steps_with_arguments(session, run_id=run_id)
        return steps_from_run(rows)

    async def create_offers_in(
        self,
        session: AsyncSession,
        *,
        team_id: str,
        candidates: list[tuple[OfferCandidate, list[dict[str, Any]]]],
    ) -> list[WorkflowOffer]:
        offers: list[WorkflowOffer] = []
        for candidate, steps in candidates:
            if not steps:
                continue
            name = suggest_name(candidate.tools, candidate.times)
            offer_id = await store.add_offer(
                session,
                team_id=team_id,
                user_id=candidate.user_id,
                signature=candidate.signature,
                name=name,
                steps=steps,
                runs=list(candidate.runs),
                count=candidate.count,
                status="offered",
            )
            if offer_id is not None:
                offers.append(
                    WorkflowOffer(
                        id=offer_id,
                        team_id=team_id,
                        user_id=candidate.user_id,
                        signature=candidate.signature,
                        name=name,
                        steps=steps,
                        runs=list(candidate.runs),
                        count=candidate.count,
                    )
                )
        return offers

    async def save_offer(
        self, *, team_id: str, user_id: str, offer_id: int, name: str | None = None
    ) -> str:
        async with self._database.read() as session:
            offer = await store.get_offer(session, offer_id=offer_id)
        if offer is None or offer.team_id != team_id:
            return say.OFFER_GONE
        if offer.user_id != user_id:
            return say.offer_for_someone_else(offer.user_id)
        if offer.status != "offered":
            return say.offer_already(offer.status)
        chosen = (name or offer.name).strip().lower()
        problem = name_problem(chosen)
        if problem:
            return problem
        async with self._database.transaction() as session:
            existing = await store.workflow_versions(
                session, team_id=team_id, user_id=user_id, name=chosen
            )
            if existing:
                return say.name_taken(chosen)
            if not await store.decide_offer(session, offer_id=offer_id, status="saved"):
                return say.DECIDED_MEANWHILE
            await add_version(
                session,
                team_id=team_id,
                user_id=user_id,
                name=chosen,
                steps=list(offer.steps),
                parent=None,
                evidence={"offer": offer_id, "runs": list(offer.runs), "count": offer.count},
                author=user_id,
                note=say.SAVED_FROM_REPEATS,
                state=CURRENT,
                created_at=self._clock(),
            )
        return say.saved(chosen, len(offer.steps))

    async def dismiss_offer(self, *, team_id: str, user_id: str, offer_id: int) -> str:
        async with self._database.transaction() as session:
            offer = await store.get_offer(session, offer_id=offer_id)
            if offer is None or offer.team_id != team_id or offer.user_id != user_id:
                return say.NOT_YOUR_OFFER
            if not await store.decide_offer(session, offer_id=offer_id, status="dismissed"):
                return say.offer_already(offer.status)
        return say.WONT_OFFER_AGAIN
