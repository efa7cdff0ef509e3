"""Figures of the analysis layer as images: a dyad's four PLOVER quads, and the influence
index of the powers in a region (docs/analytics.md).

Every image says what it shows without its command line: the sides and the region, the
date range, the measure and its normalisation in the title and on the axes, the bands and
the sparse periods in the legend, and the definition hash and the denominator in a footer,
so a figure pasted into a report can be traced back to how it was computed.

The images are drawn with matplotlib's object-oriented ``Figure`` and never through pyplot:
nothing is registered in pyplot's global list of figures (nothing to close, no leak in a
long-running server), and no interactive backend is ever chosen. The style is applied with
``rc_context`` for the time of one drawing only. SVG output is deterministic: a fixed hash
salt for the ids, clip ids numbered in order (their hashes took in float noise of the
layout), no date in the metadata, and text kept as text (searchable, testable).

A series with no periods (no event in the window) gives an image that says "no events"
with the title and footer filled in, rather than an error: a batch of plots over many
dyads should not stop at the first quiet one, and the empty image is still a true answer.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure as Canvas
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from eventwire.analytics.dyads import DIRECTIONS, DyadSeries, PeriodInfo, Window
from eventwire.analytics.figures import Figure
from eventwire.analytics.influence import InfluenceTable
from eventwire.analytics.scores import QUADS
from eventwire.errors import OptionsError

SUFFIXES = (".png", ".svg")
DPI = 100
LEGEND_ROW = 0.07  # the legend's row, as a fraction of a panel's height
MAX_TICKS = 12  # period labels beyond this are thinned, or they overlap
TITLE_WIDTH = 110  # characters of a title line at its size on the 12-inch canvas

STYLE: dict[str, Any] = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "eventwire",  # stable ids in the SVG, so the same figure diffs clean
    "svg.fonttype": "none",  # text as <text>, not paths: searchable and smaller
}
DIRECTION_COLOURS = {"forward": "#1f77b4", "backward": "#ff7f0e", "joint": "#2ca02c"}
POWER_COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#17becf",
                 "#e377c2", "#7f7f7f", "#bcbd22", "#ff7f0e")
QUAD_TITLES = {q: q.replace("_", " ") for q in QUADS}
BAND_ALPHA = 0.18


def plot_dyad(series: DyadSeries, path: Path) -> Path:
    """The dyad as one image at ``path`` (.png or .svg): a panel per quad, a line per
    direction (A->B, B->A, A+B together) with its band, sparse periods hollow."""
    target = checked_path(path)
    with rc_context(STYLE):
        canvas = new_canvas((12, 8.4))
        title = (f"Dyad {series.a.label} – {series.b.label}: PLOVER quads by "
                 f"{series.window.period}, {date_range(series.periods)}\n"
                 f"{normalisation_phrase(series.window, 'dyad total', series.definition)}")
        canvas.suptitle(wrapped(title), fontsize=12)
        footer(canvas, series.definition, denominator_phrase(
            [f for figures in series.series.values() for f in figures], series.window))
        if not series.periods:
            return save(no_events(canvas), target)
        grid = canvas.add_gridspec(3, 2, height_ratios=(LEGEND_ROW, 1, 1))
        first = canvas.add_subplot(grid[1, 0])
        axes = np.array([[first, canvas.add_subplot(grid[1, 1], sharex=first)],
                         [canvas.add_subplot(grid[2, 0], sharex=first),
                          canvas.add_subplot(grid[2, 1], sharex=first)]])
        x = np.arange(len(series.periods))
        unit = value_label(series.window, "dyad total", series.definition)
        for ax, quad in zip(axes.flat, QUADS, strict=True):
            for direction in DIRECTIONS:
                draw_series(ax, x, series.series[(direction, quad)],
                            DIRECTION_COLOURS[direction])
            ax.set_title(QUAD_TITLES[quad])
            zero_line(ax, series.window)
            empty_note(ax, [f for d in DIRECTIONS for f in series.series[(d, quad)]],
                       "no events in this quad")
        for ax in axes[0]:
            ax.tick_params(axis="x", labelbottom=False)  # the bottom row's labels serve
        for ax in axes[:, 0]:
            ax.set_ylabel(unit)  # one unit for all four panels; the right column shares it
        for ax in axes[1]:
            period_ticks(ax, series.periods)
            ax.set_xlabel(series.window.period)
        handles = [Line2D([], [], color=DIRECTION_COLOURS[d], marker="o", markersize=4,
                          label=series.direction_label(d).replace("->", " → "))
                   for d in DIRECTIONS]
        legend_row(canvas.add_subplot(grid[0, :]),
                   handles + key_handles(series.window, series.definition),
                   ncols=len(handles) + 2)
        return save(canvas, target)


def plot_influence(table: InfluenceTable, path: Path) -> Path:
    """The influence index as one image at ``path`` (.png or .svg): each power's share of
    all powers' cooperation with the region (top, 0 to 1), and each power's cooperation
    (solid) and conflict (dashed) in the window's normalisation (bottom)."""
    target = checked_path(path)
    with rc_context(STYLE):
        canvas = new_canvas((12, 8.4))
        canvas.suptitle(wrapped(
            f"Influence in {table.region.label}, by {table.window.period}: "
            f"{date_range(table.periods)}\n"
            "top: share of all powers' cooperation; bottom: cooperation and conflict, "
            + normalisation_phrase(table.window, "total of all powers", table.definition)),
            fontsize=12)
        figures = [f for s in table.series.values()
                   for f in s.share + s.cooperation + s.conflict]
        footer(canvas, table.definition, "share: all powers' cooperation with the region; "
               + denominator_phrase([f for s in table.series.values()
                                     for f in s.cooperation], table.window))
        if not table.periods or not figures:
            return save(no_events(canvas), target)
        grid = canvas.add_gridspec(3, 1, height_ratios=(LEGEND_ROW * 1.5, 3, 2))
        top = canvas.add_subplot(grid[1])
        bottom = canvas.add_subplot(grid[2], sharex=top)
        top.tick_params(axis="x", labelbottom=False)
        x = np.arange(len(table.periods))
        colours = {p.label: POWER_COLOURS[i % len(POWER_COLOURS)]
                   for i, p in enumerate(table.powers)}
        for power in table.powers:
            found = table.series[power.label]
            colour = colours[power.label]
            # six bands overlap here: lighter ones keep the lines readable through them
            draw_series(top, x, found.share, colour, band_alpha=BAND_ALPHA / 2)
            draw_series(bottom, x, found.cooperation, colour, band_alpha=BAND_ALPHA / 2)
            draw_series(bottom, x, found.conflict, colour, linestyle="--",
                        band_alpha=BAND_ALPHA / 2)
        top.set_ylim(-0.02, 1.02)
        empty_note(top, [f for s in table.series.values() for f in s.share],
                   "no cooperation between these powers and the region")
        top.set_ylabel("share of all powers' cooperation (0 to 1)")
        bottom.set_ylabel(value_label(table.window, "total of all powers", table.definition))
        zero_line(bottom, table.window)
        period_ticks(bottom, table.periods)
        bottom.set_xlabel(table.window.period)
        handles: list[Any] = [Line2D([], [], color=colours[p.label], marker="o",
                                     markersize=4, label=p.label) for p in table.powers]
        handles += [Line2D([], [], color="0.3", label="cooperation"),
                    Line2D([], [], color="0.3", linestyle="--", label="conflict")]
        handles += key_handles(table.window, table.definition)
        legend_row(canvas.add_subplot(grid[0]), handles, ncols=min(len(handles), 6))
        return save(canvas, target)


def legend_row(ax: Axes, handles: list[Any], ncols: int) -> None:
    """The legend in a row of its own under the title: a figure legend placed "outside"
    is not kept clear of the suptitle and the footer, an axes the layout knows about is."""
    ax.set_axis_off()
    ax.legend(handles=handles, loc="center", ncols=ncols, frameon=False)


def checked_path(path: Path) -> Path:
    """``path`` if its suffix names a format we write and its folder exists."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise OptionsError(f"cannot write a plot as {path.suffix or 'a file with no suffix'}:"
                           f" give a path ending in {' or '.join(SUFFIXES)}",
                           source=str(path))
    if not path.parent.is_dir():
        raise OptionsError("the folder to write the plot in does not exist: create it first",
                           source=str(path))
    return path


def new_canvas(size: tuple[float, float]) -> Canvas:
    # the layout keeps clear of a strip at the bottom: the footer, which it does not know
    return Canvas(figsize=size, dpi=DPI,
                  layout=ConstrainedLayoutEngine(rect=(0, 0.035, 1, 0.965)))


def draw_series(ax: Axes, x: np.ndarray, figures: Sequence[Figure], colour: str,
                linestyle: str = "-", band_alpha: float = BAND_ALPHA) -> None:
    """A line with its band; a missing value (None) breaks both, never drawn as 0.
    Markers show the values that rest on events (a lone value between gaps has no line
    to show it), filled where there are enough, hollow where the value is sparse. A
    period with no event gets no marker: it is a plain 0, and marking every empty period
    sparse would bury the few that hold something."""
    value = as_array([f.value for f in figures])
    low = as_array([f.low for f in figures])
    high = as_array([f.high for f in figures])
    ax.fill_between(x, low, high, color=colour, alpha=band_alpha, linewidth=0)
    lone = isolated(value)
    ax.vlines(x[lone], low[lone], high[lone], color=colour, alpha=band_alpha * 2,
              linewidth=2.5)
    ax.plot(x, value, color=colour, linestyle=linestyle, linewidth=1.5)
    held = np.array([bool(f.events) for f in figures], dtype=bool)
    sparse = np.array([f.sparse for f in figures], dtype=bool)
    solid, hollow = held & ~sparse, held & sparse
    ax.plot(x[solid], value[solid], linestyle="none", marker="o", markersize=4,
            color=colour)
    ax.plot(x[hollow], value[hollow], linestyle="none", marker="o", markersize=5,
            markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.2)


def as_array(values: Sequence[float | None]) -> np.ndarray:
    """NaN for None: matplotlib leaves a gap there, in lines and in bands."""
    return np.array([math.nan if v is None else v for v in values], dtype=float)


def isolated(value: np.ndarray) -> np.ndarray:
    """The values with no neighbour on either side, whose band fill_between cannot draw."""
    present = ~np.isnan(value)
    before = np.concatenate(([False], present[:-1]))
    after = np.concatenate((present[1:], [False]))
    return present & ~before & ~after


def period_ticks(ax: Axes, periods: list[PeriodInfo]) -> None:
    """Period labels under the axis, thinned to at most MAX_TICKS and slanted when there
    are more than a few, so that they never overlap."""
    step = max(1, math.ceil(len(periods) / MAX_TICKS))
    shown = list(range(0, len(periods), step))
    ax.set_xticks(shown, [periods[i].label for i in shown])
    ax.set_xlim(-0.5, len(periods) - 0.5)
    if len(shown) > 6:
        ax.tick_params(axis="x", labelrotation=35)
        for text in ax.get_xticklabels():
            text.set_horizontalalignment("right")
    ax.tick_params(axis="x", labelbottom=True)


def zero_line(ax: Axes, window: Window) -> None:
    """A z-score has a meaningful 0 (the baseline's mean) on a scale that goes negative."""
    if window.normalise == "zscore":
        ax.axhline(0, color="0.4", linewidth=0.8)
    else:
        ax.set_ylim(bottom=0)


def key_handles(window: Window, definition: dict[str, Any]) -> list[Any]:
    """Legend entries for the band and the hollow sparse marker."""
    settings = definition.get("settings", {})
    confidence = settings.get("confidence")
    band = (f"{confidence:.0%} band (Poisson bootstrap)" if confidence is not None
            else "uncertainty band")
    below = settings.get("sparse_below", "?")
    return [Patch(facecolor="0.5", alpha=BAND_ALPHA * 2, label=band),
            Line2D([], [], linestyle="none", marker="o", markersize=5,
                   markerfacecolor="white", markeredgecolor="0.3",
                   label=f"sparse: fewer than {below} {window.unit}")]


def measure_phrase(window: Window) -> str:
    if window.measure == "weight":
        return "weight (|PLOVER score| x corroboration)"
    return f"number of {window.unit}"


def value_label(window: Window, total: str, definition: dict[str, Any]) -> str:
    """The y axis: what the value is made of and what it was divided by."""
    what = "weight" if window.measure == "weight" else window.unit
    if window.normalise == "volume":
        return f"{what}: share of corpus volume"
    if window.normalise == "share":
        return f"{what}: share of the {total}"
    if window.normalise == "zscore":
        periods = definition.get("settings", {}).get("baseline_periods", "?")
        return f"{what}: z-score vs previous {periods} periods"
    return measure_phrase(window)


def normalisation_phrase(window: Window, total: str, definition: dict[str, Any]) -> str:
    """The normalisation in words, for the title."""
    what = measure_phrase(window)
    if window.normalise == "volume":
        return f"{what}, divided by the corpus volume of each period"
    if window.normalise == "share":
        return f"{what}, as a share of the {total} in each period"
    if window.normalise == "zscore":
        periods = definition.get("settings", {}).get("baseline_periods", "?")
        return f"{what}, z-score against the previous {periods} periods"
    return f"{what}, raw (not normalised)"


def denominator_phrase(figures: Sequence[Figure], window: Window) -> str:
    """What the values were divided by, read from the figures themselves."""
    for figure in figures:
        if figure.denominator and figure.denominator.get("what"):
            return f"denominator: {figure.denominator['what']} of each period"
    if window.normalise == "raw":
        return "denominator: none (raw values)"
    return f"denominator: none found ({window.normalise})"


def wrapped(title: str, width: int = TITLE_WIDTH) -> str:
    """Each line of a title folded to ``width`` characters, so a long region or
    normalisation does not run off the image."""
    return "\n".join(textwrap.fill(line, width) for line in title.split("\n"))


def date_range(periods: list[PeriodInfo]) -> str:
    if not periods:
        return "no periods"
    return f"{periods[0].start.isoformat()} to {periods[-1].end.isoformat()}"


def footer(canvas: Canvas, definition: dict[str, Any], denominator: str) -> None:
    canvas.text(0.01, 0.008, f"definition {definition.get('hash', '?')} · {denominator}",
                fontsize=7.5, color="0.35", ha="left", va="bottom")
    canvas.text(0.99, 0.008, "eventwire", fontsize=7.5, color="0.35", ha="right",
                va="bottom")


def no_events(canvas: Canvas) -> Canvas:
    ax = canvas.add_subplot()
    ax.set_axis_off()
    note(ax, "no events in this window", size=14)
    return canvas


def empty_note(ax: Axes, figures: Sequence[Figure], nothing: str) -> None:
    """Say why a panel has no line: no events at all, or events with no value to show
    (a normalisation without its denominator, a z-score without its baseline)."""
    if not any(f.events for f in figures):
        note(ax, nothing)
    elif all(f.value is None for f in figures):
        why = next((f.note for f in figures if f.note), "no value to show")
        note(ax, f"no values: {why}")


def note(ax: Axes, text: str, size: float = 9) -> None:
    """A word in a panel, so an empty one is not read as a drawing error; above the
    middle and on white, clear of a z-score's zero line."""
    ax.text(0.5, 0.6, text, ha="center", va="center", fontsize=size, color="0.4",
            transform=ax.transAxes, bbox={"facecolor": "white", "edgecolor": "none"})


def save(canvas: Canvas, path: Path) -> Path:
    """Write ``canvas`` in the format the suffix names; call inside the style's context,
    which also holds the SVG settings."""
    fmt = path.suffix.lower().lstrip(".")
    # no date (SVG) and no version string (PNG): the same figure gives the same file
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    canvas.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
    if fmt == "svg":
        path.write_text(numbered_clip_ids(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


# matplotlib names a clip rectangle by a hash of its bounds, and the layout engine's bounds
# differ in the 13th digit between the first drawing in a process and later ones
CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')


def numbered_clip_ids(svg: str) -> str:
    """``svg`` with its clip ids renamed ``clip1``, ``clip2``... in order of first use, so
    the same figure is the same file whatever noise went into the hashes."""
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return names.setdefault(match.group(0), f"clip{len(names) + 1}")

    return CLIP_ID.sub(rename, svg)
