"""What Kaizen learns (SPEC §7, §8).

Member preferences — when to ask, which specialist, how to talk, when to notify — live in
`preferences` (with `estimator`, `style` and `hours`). Nothing is imported here, so each
module can be imported on its own.
"""
