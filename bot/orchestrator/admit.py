"""The admit stage: whether a run may start now, and the request text it will work on.

Admission applies the workspace's budgets (runs in flight, the day's model
cost); an admitted run counts as in flight until `release`. Duplicate Slack
deliveries never get this far: `bot.runtime.delivery` claims each event once.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.messages import run as say
from bot.orchestrator.budgets import WorkspaceBudgets
from bot.orchestrator.replies import poster_for
from bot.orchestrator.request import Request
from bot.runtime.redaction import Redactor
from bot.surfaces.text import clean_text


class AdmitStage:
    def __init__(self, *, budgets: WorkspaceBudgets, redactor: Redactor) -> None:
        self._budgets = budgets
        self._redact = redactor

    async def admit(self, request: Request, client: AsyncWebClient) -> bool:
        """True when the run may start; otherwise the member is told why not."""
        admission = await self._budgets.admit(request.team_id)
        if not admission.allowed:
            await poster_for(client, request).post(admission.reason or say.NOT_NOW)
        return admission.allowed

    async def release(self, request: Request) -> None:
        await self._budgets.release(request.team_id)

    def request_text(self, request: Request) -> str:
        """The request as the run sees it: Slack markup cleaned, secrets redacted."""
        return self._redact(clean_text(request.text)).strip()
