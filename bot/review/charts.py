"""Server-side charts as inline SVG: no JavaScript, no external files, allowed by the strict CSP.

Each chart is an `<svg role="img">` named by its own `<title>` and `<desc>` (a one-sentence
summary), and the page puts a data table with the same numbers next to it (WCAG 1.1.1, 1.4.1):
nothing is told by colour alone. Colours are GOV.UK palette colours with at least 3:1 contrast
against white (WCAG 1.4.11); all drawing uses presentation attributes, never `style`.
"""
from __future__ import annotations

from html import escape
from typing import Callable, List, Optional, Sequence

from markupsafe import Markup

BLUE = "#1d70b8"
GREEN = "#00703c"
RED = "#d4351c"
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#b1b4b6"
FONT = "arial, sans-serif"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


STEPS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000,
         10000, 20000, 25000, 50000, 100000)


def nice_max(value: float, *, whole: bool = True) -> float:
    """The top of the axis: 4 x a round step, at or above `value` (whole steps for counts)."""
    for step in STEPS:
        if whole and step < 1:
            continue
        if value <= step * 4:
            return float(step * 4)
    return float(value)


def bar_chart(chart_id: str, title: str, description: str, labels: Sequence[str], values: Sequence[Optional[float]], *,
              fmt: Callable[[float], str] = lambda v: f"{v:g}", max_value: Optional[float] = None,
              width: int = 640, height: int = 240, colour: str = BLUE, show_values: bool = True,
              label_every: int = 1, small: bool = False) -> Markup:
    """Vertical bars, one per label (e.g. per week). `None` values are drawn as gaps ("no data")."""
    left, right, top, bottom = 44, 8, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    numbers = [v for v in values if v is not None]
    top_value = max_value if max_value is not None else nice_max(max(numbers, default=0))
    top_value = top_value or 1.0
    n = max(1, len(values))
    slot = plot_w / n
    bar_w = max(2.0, slot * 0.7)
    parts: List[str] = [
        f'<svg class="app-chart{" app-chart--small" if small else ""}" id="{_e(chart_id)}" role="img" '
        f'aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" font-size="11">',
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-desc">{_e(description)}</desc>',
    ]
    for i in range(5):  # grid lines and axis values
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID if i else AXIS}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">{_e(fmt(value))}</text>')
    for i, (label, value) in enumerate(zip(labels, values)):
        x = left + slot * i + (slot - bar_w) / 2
        centre = x + bar_w / 2
        if value is not None and value > 0:
            h = plot_h * min(value, top_value) / top_value
            y = top + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}"/>')
            if show_values:
                parts.append(f'<text x="{centre:.1f}" y="{max(y - 3, top + 9):.1f}" text-anchor="middle" fill="{TEXT}">{_e(fmt(value))}</text>')
        elif value is None and show_values:
            parts.append(f'<text x="{centre:.1f}" y="{top + plot_h - 3:.1f}" text-anchor="middle" fill="{AXIS}">–</text>')
        if i % max(1, label_every) == 0:
            parts.append(f'<text x="{centre:.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="{TEXT}">{_e(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def paired_bars(chart_id: str, title: str, description: str, rows: Sequence[tuple], *, width: int = 640,
                first_label: str = "helpful", second_label: str = "not helpful") -> Markup:
    """Horizontal bar pairs per row (name, first, second), each bar labelled with its number and meaning."""
    name_w, right = 220, 120
    row_h, bar_h, top = 40, 14, 8
    height = top + row_h * max(1, len(rows)) + 8
    plot_w = width - name_w - right
    top_value = max([max(a, b) for _, a, b in rows] or [1]) or 1
    parts: List[str] = [
        f'<svg class="app-chart" id="{_e(chart_id)}" role="img" aria-labelledby="{_e(chart_id)}-title {_e(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" font-size="11">',
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<desc id="{_e(chart_id)}-desc">{_e(description)}</desc>',
    ]
    for i, (name, first, second) in enumerate(rows):
        y = top + row_h * i
        shown = name if len(name) <= 34 else name[:33] + "…"
        parts.append(f'<text x="{name_w - 8}" y="{y + 19}" text-anchor="end" fill="{TEXT}">{_e(shown)}</text>')
        for j, (value, colour, label) in enumerate(((first, GREEN, first_label), (second, RED, second_label))):
            by = y + 2 + j * (bar_h + 2)
            w = plot_w * value / top_value
            if value:
                parts.append(f'<rect x="{name_w}" y="{by}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
            parts.append(f'<text x="{name_w + w + 4:.1f}" y="{by + 11}" fill="{TEXT}">{_e(f"{value} {label}")}</text>')
    parts.append(f'<line x1="{name_w}" x2="{name_w}" y1="{top}" y2="{height - 8}" stroke="{AXIS}" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
