"""Slot parsers: the references and values a rule reads out of a part of a request.

Each returns the value as the member wrote it, or None; none guesses. `cutting` finds
verbs and separators, `text` reads free text and short values, and one module per
service reads its references (`slack`, `github`, `jira`, `notion`).
"""
