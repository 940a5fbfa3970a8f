"""App Home: the Home tab (its view, what was learned) and the Messages-tab greeting.

Modules of this package import each other directly, never through this one.
"""

from __future__ import annotations

from bot.surfaces.home.publisher import AppHome, HealthLookup
from bot.surfaces.home.view import MAX_VIEW_BLOCKS, home_view

__all__ = ["MAX_VIEW_BLOCKS", "AppHome", "HealthLookup", "home_view"]
