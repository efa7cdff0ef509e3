"""A compact chart for the terminal: one line per period with a bar of block characters, the
value and a '~' where the figure is sparse, for the CLI to print under its tables.

Bars scale to the largest absolute value, which gets the full width; eighth blocks give the
bar's last cell, so close values still differ. A negative value (a z-score) draws in a shaded
block, so it cannot be read as a positive one of the same size; a missing value (None: no
denominator, a short baseline) leaves the bar empty and reads "n/a", never 0.
"""

from __future__ import annotations

from collections.abc import Sequence

FULL = "█"
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")  # 0/8 .. 7/8 of a cell
NEGATIVE = "░"
MISSING = "n/a"
SPARSE = "~"


def text_chart(values: Sequence[float | None], labels: Sequence[str], width: int = 40,
               sparse: Sequence[bool] | None = None) -> list[str]:
    """One line per value: its label, a bar ``width`` cells wide at most, the value, and
    '~' after it where ``sparse`` marks it. ``values`` and ``labels`` (and ``sparse``, when
    given) have one item per line."""
    if len(values) != len(labels) or (sparse is not None and len(sparse) != len(values)):
        raise ValueError("text_chart: values, labels and sparse must be as long as each other")
    if width < 1:
        raise ValueError(f"text_chart: width must be at least 1, not {width}")
    flags = list(sparse) if sparse is not None else [False] * len(values)
    top = max((abs(v) for v in values if v is not None), default=0.0)
    label_width = max((len(x) for x in labels), default=0)
    lines = []
    for value, name, flag in zip(values, labels, flags, strict=True):
        bar = bar_cells(value, top, width)
        shown = MISSING if value is None else number(value)
        mark = f" {SPARSE}" if flag else ""
        lines.append(f"{name:<{label_width}} {bar:<{width}} {shown}{mark}".rstrip())
    return lines


def bar_cells(value: float | None, top: float, width: int) -> str:
    """The bar for ``value`` when ``top`` fills ``width`` cells: whole blocks, then the
    eighth block nearest the remainder."""
    if value is None or top <= 0 or value == 0:
        return ""
    eighths = round(abs(value) / top * width * 8)
    if value < 0:
        # shading has no partial cells; round to whole ones, but show at least one
        return NEGATIVE * max(1, round(eighths / 8))
    whole, part = divmod(eighths, 8)
    bar = FULL * whole + EIGHTHS[part]
    return bar or EIGHTHS[1]  # a tiny positive value still shows, unlike zero


def number(value: float) -> str:
    """A value short enough for a terminal column, with the precision its size needs."""
    if value == 0:
        return "0"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"
