"""The actor network as SVG: who acts on whom (analytics.exports.network), laid out by
networkx with a fixed seed, so the same store always gives the same picture."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

import networkx as nx
from markupsafe import Markup

from eventwire.analytics.exports.network import build_network
from eventwire.analytics.scores import QUADS
from eventwire.web.svg import el, svg

SEED = 7
WIDTH, HEIGHT, MARGIN = 960.0, 640.0, 60.0


def network(rows: list[dict[str, Any]], top: int) -> nx.DiGraph:
    """The network of ``rows`` (export rows of events), cut to the ``top`` nodes with the
    most events, so a big store stays legible."""
    graph, _ = build_network(rows)
    graph.remove_edges_from([(a, b) for a, b in graph.edges if a == b])  # no room to draw
    weight = {n: sum(d["events"] for *_, d in graph.in_edges(n, data=True))
              + sum(d["events"] for *_, d in graph.out_edges(n, data=True))
              for n in graph.nodes}
    keep = sorted(graph.nodes, key=lambda n: (-weight[n], n))[:top]
    small = graph.subgraph(keep).copy()
    small.remove_nodes_from([n for n in list(small.nodes) if small.degree(n) == 0])
    nx.set_node_attributes(small, {n: weight[n] for n in small.nodes}, "weight")
    return small


def layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    if not graph.nodes:
        return {}
    raw = nx.spring_layout(graph.to_undirected(), seed=SEED,
                           k=2.4 / math.sqrt(max(graph.number_of_nodes(), 1)))
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    spread_x, spread_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: (MARGIN + (p[0] - min(xs)) / spread_x * (WIDTH - 2 * MARGIN),
                MARGIN + (p[1] - min(ys)) / spread_y * (HEIGHT - 2 * MARGIN))
            for n, p in raw.items()}


def dominant(data: dict[str, Any]) -> str:
    return max(QUADS, key=lambda q: (data.get(q, 0.0), -QUADS.index(q)))


def node_radius(weight: int, heaviest: int) -> float:
    return 14 + 12 * math.sqrt(weight / max(heaviest, 1))  # at least room for a code


def edge(a: tuple[float, float], b: tuple[float, float], data: dict[str, Any],
         labels: tuple[str, str], widest: int, query: dict[str, Any],
         target_radius: float) -> Markup:
    """A curved arrow (so A->B and B->A stay apart), as wide as its events allow."""
    (x1, y1), (x2, y2) = a, b
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    bend = min(40.0, length * 0.15)
    cx, cy = mx - dy / length * bend, my + dx / length * bend
    # stop short of the target's circle so the arrowhead shows
    stop = target_radius + 3
    ex, ey = x2 - (x2 - cx) / (math.hypot(x2 - cx, y2 - cy) or 1) * stop, \
        y2 - (y2 - cy) / (math.hypot(x2 - cx, y2 - cy) or 1) * stop
    width = 1.0 + 7.0 * data["events"] / max(widest, 1)
    quad = dominant(data)
    tip = f"{labels[0]} → {labels[1]}: {data['events']} events (mostly {quad.replace('_', ' ')})"
    path = el("path", el("title", tip), d=f"M{x1:.1f},{y1:.1f}Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}",
              stroke_width=round(width, 2), marker_end=f"url(#arrow-{quad})",
              class_=f"edge q-{quad}")
    href = "/events?" + urlencode({**query, "dyad": f"{labels[0]}-{labels[1]}"})
    return el("a", path, href=href)


def draw_network(graph: nx.DiGraph, title: str, query: dict[str, Any]) -> Markup:
    where = layout(graph)
    widest = max((d["events"] for *_, d in graph.edges(data=True)), default=1)
    markers = [el("marker", el("path", d="M0,0L10,5L0,10Z", class_=f"arrowhead q-{q}"),
                  id=f"arrow-{q}", viewBox="0 0 10 10", refX=8, refY=5, markerWidth=11,
                  markerHeight=11, orient="auto-start-reverse",
                  markerUnits="userSpaceOnUse")  # one size: a wide edge's head stays small
               for q in QUADS]
    heaviest = max((d["weight"] for _, d in graph.nodes(data=True)), default=1)
    edges = [edge(where[a], where[b], d, (a, b), widest, query,
                  node_radius(graph.nodes[b]["weight"], heaviest))
             for a, b, d in sorted(graph.edges(data=True), key=lambda e: e[2]["events"])]
    nodes = []
    for code, data in sorted(graph.nodes(data=True)):
        x, y = where[code]
        r = node_radius(data["weight"], heaviest)
        tip = f"{data.get('label', code)} ({code}): {data['weight']} event links"
        href = "/events?" + urlencode({**query, "actor": code})
        nodes.append(el("a", el("circle", el("title", tip), cx=x, cy=y, r=r, class_="node"),
                        el("text", code, x=x, y=y + 4, class_="node-label",
                           text_anchor="middle"), href=href))
    return svg(WIDTH, HEIGHT, title, el("defs", *markers), el("g", *edges, class_="edges"),
               el("g", *nodes, class_="nodes"), class_="network")
