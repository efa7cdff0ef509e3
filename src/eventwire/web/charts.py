"""The analytics' figures turned into what the pages draw: SVG charts (svg.py) and the
rows of their tables, each figure with an anchor its explanation can be reached by."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from eventwire.analytics.dyads import DIRECTIONS, DyadSeries
from eventwire.analytics.figures import Figure
from eventwire.analytics.influence import InfluenceTable
from eventwire.analytics.scores import QUADS
from eventwire.web.svg import Line, Stack, line_chart

PALETTE = 10  # classes t-0 .. t-9 and p-0 .. p-9 in the stylesheet


def quad_stacks() -> list[Stack]:
    return [Stack(q, q.replace("_", " "), f"q-{q}") for q in QUADS]


def timeline_stacks(stack: str, keys: set[str]) -> list[Stack]:
    if stack == "quad":
        return quad_stacks()
    return [Stack(k, k, f"t-{n % PALETTE}") for n, k in enumerate(sorted(keys))]


def anchor(*parts: str) -> str:
    """An id for a figure's explanation: letters, digits and dashes only."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", "-".join(parts)).strip("-")


@dataclass(frozen=True)
class Shown:
    """One figure as a table cell and an explanation: what, where, and its events."""

    name: str
    anchor: str
    figure: Figure
    explained: bool = True  # False: its events are explained under another figure


def line_of(label: str, css: str, figures: Sequence[Figure], dashed: bool = False) -> Line:
    return Line(label=label, css=css, values=[f.value for f in figures],
                lows=[f.low for f in figures], highs=[f.high for f in figures],
                held=[bool(f.events) for f in figures], sparse=[f.sparse for f in figures],
                dashed=dashed)


def value_caption(window: Any) -> str:
    what = "weight" if window.measure == "weight" else window.unit
    return what if window.normalise == "raw" else f"{what} ({window.normalise})"


# -- dyads --------------------------------------------------------------------------------
def dyad_panels(series: DyadSeries) -> list[tuple[str, Markup]]:
    """A chart per quad, a line per direction with its band."""
    labels = [p.label for p in series.periods]
    panels = []
    for quad in QUADS:
        lines = [line_of(series.direction_label(d), f"d-{d}", series.series[(d, quad)])
                 for d in DIRECTIONS]
        title = f"{quad.replace('_', ' ')}: {series.a.label} and {series.b.label}"
        panels.append((quad, line_chart(labels, lines, title, value_caption(series.window),
                                        width=640, height=260)))
    return panels


def dyad_figures(series: DyadSeries) -> list[dict[str, Any]]:
    """Table rows: a period and direction, with its four quads' figures."""
    rows = []
    for i, info in enumerate(series.periods):
        for direction in DIRECTIONS:
            shown = series.direction_label(direction)
            rows.append({"period": info.label, "direction": shown,
                         "documents": info.coverage.get("documents"),
                         "cells": [Shown(f"{info.label} {shown} {q.replace('_', ' ')}",
                                         anchor(info.label, direction, q),
                                         series.series[(direction, q)][i]) for q in QUADS]})
    return rows


# -- influence ----------------------------------------------------------------------------
def power_css(n: int) -> str:
    return f"p-{n % PALETTE}"


def influence_charts(table: InfluenceTable) -> list[tuple[str, Markup]]:
    labels = [p.label for p in table.periods]
    share = [line_of(p.label, power_css(n), table.series[p.label].share)
             for n, p in enumerate(table.powers)]
    flows = [line_of(f"{p.label} {kind}", power_css(n),
                     getattr(table.series[p.label], kind), dashed=kind == "conflict")
             for n, p in enumerate(table.powers) for kind in ("cooperation", "conflict")]
    return [("share", line_chart(labels, share, f"Share of all powers' cooperation with "
                                 f"{table.region.label}", "share (0 to 1)", fixed=(0.0, 1.0))),
            ("flows", line_chart(labels, flows, f"Cooperation (solid) and conflict (dashed) "
                                 f"with {table.region.label}", value_caption(table.window)))]


def influence_figures(table: InfluenceTable) -> list[dict[str, Any]]:
    rows = []
    for i, info in enumerate(table.periods):
        for power in table.powers:
            found = table.series[power.label]
            # a share's events are the power's cooperation: its link goes there
            cooperation = anchor(info.label, power.label, "cooperation")
            rows.append({"period": info.label, "power": power.label,
                         "documents": info.coverage.get("documents"),
                         "cells": [Shown(f"{info.label} {power.label} share", cooperation,
                                         found.share[i], explained=False),
                                   Shown(f"{info.label} {power.label} cooperation",
                                         cooperation, found.cooperation[i]),
                                   Shown(f"{info.label} {power.label} conflict",
                                         anchor(info.label, power.label, "conflict"),
                                         found.conflict[i])]})
    return rows


def influence_glance(table: InfluenceTable, region: str, powers: str) -> dict[str, Any]:
    """The overview's glance: each power's share of the region's cooperation by year."""
    if not table.periods:
        return {"chart": None}
    href = "/influence?" + urlencode({"region": region, "powers": powers, "by": "year"})
    keys = [(p.label, power_css(n)) for n, p in enumerate(table.powers)]
    return {"chart": influence_charts(table)[0][1], "href": href, "keys": keys}
