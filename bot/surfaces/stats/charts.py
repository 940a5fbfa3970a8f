"""PNG charts of the workspace figures, drawn with matplotlib's Agg canvas (no display).

Each chart is a fixed-size figure drawn from aggregated figures only (at most a
year of days, a dozen specialists, a 7 × 24 grid), rendered to bytes and
released, so memory stays bounded whatever the history. Rendering is CPU work:
call `render` to run it off the event loop. matplotlib is imported on first use.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.messages import stats_charts as chart_words
from bot.surfaces.stats.figures import WorkspaceFigures
from bot.surfaces.stats.run_figures import DayFigures, SpecialistFigures
from bot.surfaces.stats.usage import WEEKDAYS, Usage

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 100
MAX_SPECIALISTS = 12
_DRAWING = threading.Lock()  # matplotlib is not thread-safe: draw one chart at a time


async def render(chart: Callable[..., bytes], *args: Any) -> bytes:
    """Draw `chart(*args)` in a worker thread; returns the PNG bytes."""
    return await asyncio.to_thread(chart, *args)


def latency_chart(per_day: list[DayFigures]) -> bytes:
    """Run latency P50/P95/P99 per UTC day."""
    with _DRAWING:
        figure, axes = _single(8, 4)
        _draw_latency(axes, per_day)
        return _png(figure)


def success_by_specialist_chart(specialists: list[SpecialistFigures]) -> bytes:
    """Success rate of each specialist (busiest first), with its number of runs."""
    with _DRAWING:
        rows = min(len(specialists), MAX_SPECIALISTS)
        figure, axes = _single(8, max(2.5, 0.45 * rows + 1.2))
        _draw_success(axes, specialists)
        return _png(figure)


def usage_heatmap(usage: Usage) -> bytes:
    """Runs per weekday × hour (UTC)."""
    with _DRAWING:
        figure, axes = _single(9, 3.6)
        _draw_heatmap(figure, axes, usage)
        return _png(figure)


def overview_chart(figures: WorkspaceFigures) -> bytes:
    """Latency over time, success by specialist and the usage heat map, in one picture."""
    with _DRAWING:
        figure = _new_figure(10, 10)
        grid = figure.add_gridspec(3, 1, height_ratios=[1.0, 0.9, 0.8])
        _draw_latency(figure.add_subplot(grid[0]), figures.per_day)
        _draw_success(figure.add_subplot(grid[1]), figures.specialists)
        _draw_heatmap(figure, figure.add_subplot(grid[2]), figures.usage)
        figure.suptitle(chart_words.overview_chart_title(figures.days))
        return _png(figure)


# --- drawing -------------------------------------------------------------------------


def _draw_latency(axes: Axes, per_day: list[DayFigures]) -> None:
    positions = list(range(len(per_day)))
    peak = max((day.latency.p99_ms or 0.0 for day in per_day), default=0.0)
    scale, unit = (
        (1000.0, chart_words.SECONDS_AXIS) if peak >= 1000 else (1.0, chart_words.MILLISECONDS_AXIS)
    )
    for label, pick, style in (
        ("P50", lambda d: d.latency.p50_ms, "-"),
        ("P95", lambda d: d.latency.p95_ms, "--"),
        ("P99", lambda d: d.latency.p99_ms, ":"),
    ):
        values = [_scaled(pick(day), scale) for day in per_day]
        axes.plot(positions, values, style, marker="o", markersize=3, label=label)
    step = max(1, len(per_day) // 12)
    axes.set_xticks(positions[::step], [day.day.strftime("%m-%d") for day in per_day][::step])
    axes.set_xlim(-0.5, max(len(per_day) - 0.5, 0.5))
    axes.set_title(chart_words.LATENCY_CHART_TITLE)
    axes.set_ylabel(unit)
    axes.set_ylim(bottom=0, top=None if peak else 1)
    axes.grid(True, alpha=0.3)
    if not any(day.latency.samples for day in per_day):
        axes.text(
            0.5,
            0.5,
            chart_words.NO_RUNS_YET_LABEL,
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
    else:
        axes.legend(loc="upper left", fontsize="small")
    axes.tick_params(axis="x", labelsize="small")


def _draw_success(axes: Axes, specialists: list[SpecialistFigures]) -> None:
    shown = [item for item in specialists if item.finished][:MAX_SPECIALISTS]
    names = [item.name for item in reversed(shown)]
    rates = [(item.success_rate or 0.0) * 100 for item in reversed(shown)]
    bars = axes.barh(names, rates, color="#3b82f6")
    for bar, item in zip(bars, reversed(shown), strict=True):
        axes.text(
            min(bar.get_width() + 1, 101),
            bar.get_y() + bar.get_height() / 2,
            chart_words.success_bar_label(bar.get_width(), item.finished),
            va="center",
            fontsize="small",
        )
    axes.set_xlim(0, 115)
    axes.set_xlabel(chart_words.SUCCESS_AXIS)
    axes.set_title(chart_words.SUCCESS_CHART_TITLE)
    if not shown:
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            chart_words.NO_FINISHED_RUNS_YET_LABEL,
            ha="center",
            va="center",
            transform=axes.transAxes,
        )


def _draw_heatmap(figure: Figure, axes: Axes, usage: Usage) -> None:
    peak = max((max(row) for row in usage.grid), default=0)
    image = axes.imshow(
        [list(row) for row in usage.grid],
        aspect="auto",
        cmap="Blues",
        interpolation="nearest",
        vmin=0,
        vmax=max(1, peak),
    )
    axes.set_yticks(range(7), list(WEEKDAYS))
    axes.set_xticks(range(0, 24, 2), [f"{hour:02d}" for hour in range(0, 24, 2)])
    axes.set_xlabel(chart_words.HOUR_AXIS)
    axes.set_title(chart_words.USAGE_CHART_TITLE)
    figure.colorbar(image, ax=axes, label=chart_words.RUNS_AXIS, fraction=0.03)


# --- plumbing ------------------------------------------------------------------------


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _single(width: float, height: float) -> tuple[Figure, Axes]:
    figure = _new_figure(width, height)
    return figure, figure.add_subplot()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=DPI)
    finally:
        figure.clear()
    return buffer.getvalue()


def _scaled(ms: float | None, scale: float) -> float:
    return float("nan") if ms is None else ms / scale
