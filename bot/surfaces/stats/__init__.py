"""Workspace figures and their presenters.

figures, compute        one window's figures, and computing them from SQL aggregations
run_figures, outcomes,  the parts: runs and tools; confirmations, undos, feedback, cost;
usage, health,          usage by weekday and hour; the health score;
learning_status, period the learning loop; one window's headline and what changed
formatting, numbers     figures as text, rates and rounding
request, command        `/stats`: reading the text, answering it
views/                  one module per `/stats` view
charts, chart_reply     the PNG charts, and posting one under a reply
digest, digest_blocks   the daily digest job and its message
health_line             the admins' 7-day line in App Home
cli                     `kaizen stats` in the terminal
"""
