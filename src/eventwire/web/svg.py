"""Server-side SVG for the dashboard's charts: built as escaped markup, styled by classes
from the dashboard's stylesheet (the Content-Security-Policy allows no inline style), and
drawn in a viewBox so that each chart scales to the width it is given.

Every label goes through ``escape``: actor names and places come from documents.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Attr = str | int | float | None


def num(value: float) -> str:
    """A coordinate with at most two decimals (smaller SVG, stable output)."""
    return f"{round(value, 2):g}"


def el(tag: str, *children: Markup | str, **attrs: Attr) -> Markup:
    """One element; ``class_`` is ``class``, other underscores become dashes, None drops
    an attribute; text children are escaped, Markup children kept."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None:
            continue
        key = "class" if name == "class_" else name.replace("_", "-")
        shown = num(value) if isinstance(value, float) else value
        parts.append(f'{key}="{escape(shown)}"')
    inner = Markup("").join(escape(c) for c in children)
    if not children:
        return Markup(f"<{' '.join(parts)}/>")
    return Markup(f"<{' '.join(parts)}>") + inner + Markup(f"</{tag}>")


def svg(width: float, height: float, label: str, *body: Markup, class_: str = "chart",
        view: tuple[float, float, float, float] | None = None) -> Markup:
    """A whole chart; ``label`` is read by screen readers and shown as its tooltip."""
    box = view or (0, 0, width, height)
    return el("svg", el("title", label), *body, viewBox=" ".join(num(v) for v in box),
              role="img", aria_label=label, class_=class_, xmlns="http://www.w3.org/2000/svg",
              preserveAspectRatio="xMidYMid meet")


def nice_max(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above ``value`` (a round axis top)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12:
            return step * power
    return 10 * power


def tick_count(top: float) -> int:
    """Grid lines that land on round values: 2 -> 0.5 steps, 1, 2.5, 5 -> fifths."""
    mantissa = round(top / 10 ** math.floor(math.log10(top)), 6) if top > 0 else 1.0
    return 4 if mantissa == 2 else 5


def short(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


@dataclass(frozen=True)
class Frame:
    """A plot area inside a chart: where values land."""

    left: float
    top: float
    width: float
    height: float
    low: float
    high: float
    count: int  # x positions

    def x(self, i: float) -> float:
        step = self.width / max(self.count, 1)
        return self.left + step * (i + 0.5)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.top + self.height * (1 - (value - self.low) / span)

    @property
    def bottom(self) -> float:
        return self.top + self.height


def axes(frame: Frame, labels: Sequence[str], y_label: str) -> Markup:
    """The y grid with its values, the x labels (thinned to fit) and the y caption."""
    parts = []
    ticks = tick_count(frame.high - frame.low) if frame.low == 0 else 4
    for n in range(ticks + 1):
        value = frame.low + (frame.high - frame.low) * n / ticks
        y = frame.y(value)
        parts.append(el("line", x1=frame.left, x2=frame.left + frame.width, y1=y, y2=y,
                        class_="grid"))
        parts.append(el("text", short(value), x=frame.left - 6, y=y + 4, class_="tick",
                        text_anchor="end"))
    step = max(1, math.ceil(len(labels) / max(1, int(frame.width // 56))))
    for i in range(0, len(labels), step):
        parts.append(el("text", labels[i], x=frame.x(i), y=frame.bottom + 16, class_="tick",
                        text_anchor="middle"))
    parts.append(el("text", y_label, x=frame.left, y=frame.top - 8, class_="axis-label"))
    parts.append(el("line", x1=frame.left, x2=frame.left + frame.width, y1=frame.bottom,
                    y2=frame.bottom, class_="axis"))
    return Markup("").join(parts)


# -- stacked bars (the timeline) ----------------------------------------------------------
@dataclass(frozen=True)
class Stack:
    key: str
    label: str
    css: str  # class giving its colour


def stacked_bars(labels: Sequence[str], stacks: Sequence[Stack],
                 counts: dict[tuple[str, str], int], link: Callable[[int, str], str],
                 title: str, width: float = 960, height: float = 320) -> Markup:
    """One bar per period, a block per stack; each block links to its events."""
    totals = [sum(counts.get((p, s.key), 0) for s in stacks) for p in labels]
    frame = Frame(left=48, top=28, width=width - 76, height=height - 64, low=0,
                  high=nice_max(max(totals, default=0)), count=len(labels))
    bar = max(2.0, frame.width / max(len(labels), 1) * 0.72)
    blocks = []
    for i, period in enumerate(labels):
        base = 0
        for stack in stacks:
            value = counts.get((period, stack.key), 0)
            if not value:
                continue
            top, bottom = frame.y(base + value), frame.y(base)
            rect = el("rect", el("title", f"{period}: {value} {stack.label}"),
                      x=frame.x(i) - bar / 2, y=top, width=bar, height=bottom - top,
                      class_=f"bar {stack.css}")
            blocks.append(el("a", rect, href=link(i, stack.key)))
            base += value
    return svg(width, height, title, axes(frame, labels, "events"), *blocks)


# -- lines with bands (dyads and influence) -----------------------------------------------
@dataclass(frozen=True)
class Line:
    label: str
    css: str
    values: Sequence[float | None]
    lows: Sequence[float | None]
    highs: Sequence[float | None]
    held: Sequence[bool]  # the period's figure rests on events (a marker is drawn)
    sparse: Sequence[bool]
    dashed: bool = False


def runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indexes of consecutive present values: a missing one breaks a line, never 0."""
    found: list[list[int]] = []
    for i, value in enumerate(values):
        if value is None:
            continue
        if found and found[-1][-1] == i - 1:
            found[-1].append(i)
        else:
            found.append([i])
    return found


def band_path(frame: Frame, line: Line) -> Markup:
    parts = []
    for run in runs([lo if lo is not None and hi is not None else None
                     for lo, hi in zip(line.lows, line.highs, strict=True)]):
        xs = [frame.x(i) for i in run]
        if len(run) == 1:  # a lone period: a thin box, as wide as a marker
            xs = [xs[0] - 3, xs[0] + 3]
            run = run * 2
        upper = [(x, frame.y(float(line.highs[i] or 0))) for x, i in zip(xs, run, strict=True)]
        lower = [(x, frame.y(float(line.lows[i] or 0))) for x, i in zip(xs, run, strict=True)]
        points = upper + lower[::-1]
        parts.append("M" + "L".join(f"{num(x)},{num(y)}" for x, y in points) + "Z")
    if not parts:
        return Markup("")
    return el("path", d="".join(parts), class_=f"band {line.css}")


def dot_title(line: Line, period: str, i: int) -> str:
    """A marker's hover text: the series, the period, the value and its band."""
    low, high = line.lows[i], line.highs[i]
    band = f" [{short(low)} to {short(high)}]" if low is not None and high is not None else ""
    sparse = ", sparse" if line.sparse[i] else ""
    return f"{line.label}, {period}: {short(float(line.values[i] or 0))}{band}{sparse}"


def line_path(frame: Frame, line: Line, labels: Sequence[str]) -> Markup:
    parts = []
    for run in runs(line.values):
        points = [(frame.x(i), frame.y(float(line.values[i] or 0))) for i in run]
        parts.append("M" + "L".join(f"{num(x)},{num(y)}" for x, y in points))
    marks = [el("circle", el("title", dot_title(line, labels[i], i)), cx=frame.x(i),
                cy=frame.y(float(v)), r=3.2,
                class_=f"dot {line.css}{' sparse' if line.sparse[i] else ''}")
             for i, v in enumerate(line.values) if v is not None and line.held[i]]
    stroke = el("path", d="".join(parts),
                class_=f"line {line.css}{' dashed' if line.dashed else ''}") if parts else ""
    return Markup("").join([stroke, *marks])


def line_chart(labels: Sequence[str], lines: Sequence[Line], title: str, y_label: str,
               fixed: tuple[float, float] | None = None, width: float = 960,
               height: float = 300) -> Markup:
    """Lines with their uncertainty bands over periods; ``fixed`` pins the y range
    (a share runs 0 to 1)."""
    values = [v for line in lines for seq in (line.values, line.highs, line.lows)
              for v in seq if v is not None]
    low = min(0.0, min(values, default=0.0))
    high = nice_max(max(values, default=0.0))
    if fixed:
        low, high = fixed
    frame = Frame(left=52, top=28, width=width - 80, height=height - 64, low=low, high=high,
                  count=len(labels))
    body = [axes(frame, labels, y_label)]
    body += [band_path(frame, line) for line in lines]
    body += [line_path(frame, line, labels) for line in lines]
    if not any(line.held[i] for line in lines for i in range(len(labels))):
        body.append(el("text", "no events", x=frame.left + frame.width / 2,
                       y=frame.top + frame.height / 2, class_="empty", text_anchor="middle"))
    return svg(width, height, title, *body)
