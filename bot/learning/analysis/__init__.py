"""Analysing traces: what worked, what failed, what people repeat (SPEC §8, step 1).

Pure functions over the rows of one cycle's window (finished runs, their tool steps,
which of them were rejected, the `/improve` texts) and the patterns stored by earlier
cycles. Counts accumulate across cycles. Confidence, with the Beta posterior of a rate
(Jeffreys prior, `bot.learning.estimators`):

- for what *works* (sequences, contrasts, tools): the 80 % lower credible bound of the
  rate it claims — three consistent observations give 0.78, one gives 0.53;
- for a *problem* (failure points, rejected runs of a kind of task, feedback about it):
  P(its rate > 20 %) (30 % for routing), and 0 until it happened 3 times (failures),
  5 times (routing) or twice (runs rejected with feedback): 6 failures in 10 calls give
  0.99, 1 in 20 gives 0.

A run is *accepted* when it succeeded and was neither undone nor down-voted (👎, a
negative `/improve`, a cancelled confirmation). Pattern kinds:

- `sequence` — a tool sequence for a kind of task and specialist: accepted / runs.
- `contrast` — for one kind of task, the sequence that is accepted against the one that
  is rejected: min(confidence A works, confidence B fails).
- `failure` — a failure point: a tool failing with an error class for a kind of task:
  failures / calls.
- `tool` — a tool's success rate and latency (P50/P95 of the window).
- `routing` — a specialist's runs of a kind of task that were undone, down-voted or
  failed: rejected / runs (routing mistakes and bad handling alike).
- `feedback` — `/improve` texts about a kind of task, with the rejected / runs of it.
- `recurring` — a member repeating the same accepted tool sequence (≥ 3: a workflow offer).
- `request` — the same request text asked three times or more.
- `guideline` — how runs of a kind of task do under a learned guideline: rejected / runs.

One module per kind of question (`sequences`, `failures`, `routing`, `feedback`,
`repeats`, `guided`), run in turn by `analyse`; `kinds`, `model`, `keys` and `scores`
hold what they share. The public names are re-exported here.
"""

from __future__ import annotations

from bot.learning.analysis.analyse import analyse
from bot.learning.analysis.keys import (
    default_is_read,
    function_name,
    normalise_request,
    pattern_key,
    sequence_text,
    signature,
)
from bot.learning.analysis.kinds import (
    ACTIONABLE,
    CONTRAST,
    EXECUTION,
    FAILURE,
    FEEDBACK,
    GUIDELINE,
    RECURRING,
    REQUEST,
    ROUTING,
    SEQUENCE,
    TOOL,
)
from bot.learning.analysis.model import (
    Analysis,
    ImproveText,
    OfferCandidate,
    PatternUpdate,
    Previous,
)
from bot.learning.analysis.scores import confidence, problem_confidence

__all__ = [
    "ACTIONABLE",
    "CONTRAST",
    "EXECUTION",
    "FAILURE",
    "FEEDBACK",
    "GUIDELINE",
    "RECURRING",
    "REQUEST",
    "ROUTING",
    "SEQUENCE",
    "TOOL",
    "Analysis",
    "ImproveText",
    "OfferCandidate",
    "PatternUpdate",
    "Previous",
    "analyse",
    "confidence",
    "default_is_read",
    "function_name",
    "normalise_request",
    "pattern_key",
    "problem_confidence",
    "sequence_text",
    "signature",
]
