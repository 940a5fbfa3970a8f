"""Slack presenters without Bolt types: what each surface shows and answers.

blocks, text, uploads   Block Kit builders, text hygiene, file uploads
reply                   what a slash command answers with
commands                the slash commands without a surface of their own
undo, undo_entries      `/undo`, and where an undo entry stands
prefs/                  `/prefs`: show, set, forget, reset
preference_lines        what was learned, one line per preference (for /prefs and Home)
home/                   the App Home tab and the Messages-tab greeting
improve                 `/improve` and its form
buttons/                what each button does once the handler has acked
stats/                  `/stats`, the daily digest, the charts and `kaizen stats`
"""
