"""The map: events clustered by place over the vendored Natural Earth basemap
(static/vendor, see its README), drawn server-side as SVG in an equirectangular frame
(x = longitude + 180, y = 90 - latitude, in degrees), so it needs no tiles and no network.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from eventwire.analytics.scores import QUADS
from eventwire.contract import Event
from eventwire.web.svg import el, num, svg

BASEMAP = "static/vendor/countries-110m.paths.json"
MIN_SPAN = 24.0  # degrees: a single cluster is still shown with its neighbours
# how precisely a place level locates an event: a country's or region's point is its
# centre, not where anything happened, so it is drawn hollow and dashed
LEVELS = ("site", "city", "admin2", "admin1", "country", "region")


@cache
def basemap() -> list[dict[str, str]]:
    text = resources.files("eventwire.web").joinpath(BASEMAP).read_text(encoding="utf-8")
    return json.loads(text)["countries"]


def xy(lat: float, lon: float) -> tuple[float, float]:
    return lon + 180.0, 90.0 - lat


@dataclass
class Cluster:
    """The events at one place."""

    place_id: str
    name: str
    level: str
    country: str | None
    lat: float
    lon: float
    quads: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.quads.values())

    @property
    def quad(self) -> str:
        """The commonest quad (ties go to the first in PLOVER order)."""
        return max(QUADS, key=lambda q: (self.quads[q], -QUADS.index(q)))


def clusters(events: list[Event]) -> tuple[list[Cluster], int]:
    """The events grouped by place, biggest first, and how many have no place."""
    found: dict[str, Cluster] = {}
    unplaced = 0
    for event in events:
        place = event.place
        if place is None:
            unplaced += 1
            continue
        cluster = found.setdefault(place.id, Cluster(
            place.id, place.name, place.level, place.country, place.lat, place.lon))
        cluster.quads[event.quad] += 1
    ordered = sorted(found.values(), key=lambda c: (-c.count, c.name, c.place_id))
    return ordered, unplaced


def extent(found: list[Cluster], world: bool) -> tuple[float, float, float, float]:
    """The viewBox: the whole world, or the clusters' box with a margin, 2:1 like the
    frame itself."""
    if world or not found:
        return 0.0, 0.0, 360.0, 180.0
    xs = [xy(c.lat, c.lon)[0] for c in found]
    ys = [xy(c.lat, c.lon)[1] for c in found]
    width = max(MIN_SPAN, (max(xs) - min(xs)) * 1.3, (max(ys) - min(ys)) * 1.3 * 2)
    height = width / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    left = min(max(0.0, cx - width / 2), 360.0 - width) if width < 360 else 0.0
    top = min(max(0.0, cy - height / 2), 180.0 - height) if height < 180 else 0.0
    return left, top, min(width, 360.0), min(height, 180.0)


def radius(count: int, view_width: float) -> float:
    """Area grows with the count; sized to the view, so zooming keeps dots readable."""
    return view_width / 200 * (1.6 + 1.4 * math.sqrt(count))


def cluster_mark(cluster: Cluster, view_width: float, query: dict[str, Any]) -> Markup:
    x, y = xy(cluster.lat, cluster.lon)
    counts = ", ".join(f"{cluster.quads[q]} {q.replace('_', ' ')}" for q in QUADS
                       if cluster.quads[q])
    tip = (f"{cluster.name} ({cluster.level}{', ' + cluster.country if cluster.country else ''})"
           f": {cluster.count} events: {counts}")
    href = "/events?" + urlencode({**query, "place": cluster.name})
    circle = el("circle", el("title", tip), cx=x, cy=y, r=radius(cluster.count, view_width),
                class_=f"cluster q-{cluster.quad} lvl-{cluster.level}")
    return el("a", circle, href=href)


def draw_map(found: list[Cluster], world: bool, query: dict[str, Any], title: str) -> Markup:
    view = extent(found, world)
    countries = [el("path", el("title", c["name"]), d=c["d"], class_="land")
                 for c in basemap() if c["d"]]
    # graticule every 10 degrees: a reader sees where the view sits without tiles
    lines = [el("line", x1=x, x2=x, y1=0, y2=180, class_="graticule")
             for x in range(0, 361, 10)]
    lines += [el("line", x1=0, x2=360, y1=y, y2=y, class_="graticule")
              for y in range(0, 181, 10)]
    marks = [cluster_mark(c, view[2], query) for c in sorted(found, key=lambda c: -c.count)]
    sea = el("rect", x=0, y=0, width=360, height=180, class_="sea")
    return svg(view[2], view[3], title, sea, Markup("").join(lines),
               el("g", *countries, class_="countries"), el("g", *marks, class_="clusters"),
               class_="map", view=view)


def view_label(view: tuple[float, float, float, float]) -> str:
    """The view in degrees, for the caption."""
    left, top, width, height = view
    return (f"longitude {num(left - 180)}° to {num(left + width - 180)}°, latitude "
            f"{num(90 - top - height)}° to {num(90 - top)}°")
