"""The built-in integrations' rules, one module (or package) per service.

Each integration returns its own from `offline_rules()`; `builtin` lists them all for
callers of the planner that have no registry at hand.
"""
