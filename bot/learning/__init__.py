"""What Kaizen learns (SPEC §7, §8).

- `loop` — `LearningLoop`, the one object the app, the scheduler and `kaizen learn` use;
- `feedback/` — every signal about a run (reactions, `/improve`, decisions, undos, failures);
- `cycle/` — the learning cycle: plan from the traces, apply in one transaction, report;
- `analysis/` — the patterns a cycle finds; `estimators` — the Beta arithmetic (scipy);
- `guidelines`, `proposals`, `writer` — the small prompt edits the evidence asks for;
- `versions`, `version_changes`, `label_moves`, `canary` — prompt versions and their labels;
- `prompts_admin`, `prompts_view` — `/stats prompts`;
- `workflows/` — saved workflows offered from repeated requests;
- `preferences/` — each member's preferences (confirm, specialist, style, hours).

Nothing is imported here, so each module can be imported on its own.
"""
