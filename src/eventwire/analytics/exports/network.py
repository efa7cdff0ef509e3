"""Who acts on whom: a directed network of actor codes, written as GEXF or GraphML.

A node is a country ('RUS') or an IGO ('CSTO'); sector-coded parties ('RUS-MIL') are
rolled up to their country by default, because the analytics (dyads, the influence index)
count countries; ``by_sector`` keeps 'RUS-MIL' and 'RUS-GOV' apart instead. Parties with
neither a country nor an IGO ('governments') have no node. An edge source -> target holds
the events that have that pair on their two sides (each event once per pair; a country
acting on itself is a self-loop), with a weight per PLOVER quad.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from eventwire.analytics.exports.manifest import LeftOut
from eventwire.analytics.scores import QUADS, event_weight


@dataclass
class _Edge:
    event_ids: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(QUADS, 0.0))


def node_code(party: dict[str, Any], by_sector: bool) -> str | None:
    code = party.get("code")
    if not code or not by_sector:
        return code
    sectors = [s for s in party.get("sectors") or [] if s != "IGO"]  # 'CSTO-IGO' says no more
    return "-".join([code, *sectors])


def _side(parties: list[dict[str, Any]], by_sector: bool) -> list[str]:
    return list(dict.fromkeys(c for p in parties if (c := node_code(p, by_sector))))


def build_network(events: list[dict[str, Any]], by_sector: bool = False,
                  ) -> tuple[nx.DiGraph, list[LeftOut]]:
    edges: dict[tuple[str, str], _Edge] = {}
    names: dict[str, Counter[str]] = {}
    unsourced, untargeted = [], []
    for event in events:
        sources, targets = _side(event["source"], by_sector), _side(event["target"], by_sector)
        if not sources or not targets:
            (unsourced if not sources else untargeted).append(event["id"])
            continue
        for party in event["source"] + event["target"]:
            if code := node_code(party, by_sector):
                names.setdefault(code, Counter())[party["name"]] += 1
        weight = event_weight(event["type"], event["mode"], event["independent_sources"])
        for source in sources:
            for target in targets:
                edge = edges.setdefault((source, target), _Edge())
                edge.event_ids.append(event["id"])
                edge.weights[event["quad"]] += weight
    return _graph(edges, names), _left_out(unsourced, untargeted)


def _graph(edges: dict[tuple[str, str], _Edge], names: dict[str, Counter[str]]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for code, counted in sorted(names.items()):
        graph.add_node(code, label=counted.most_common(1)[0][0])
    for (source, target), edge in sorted(edges.items()):
        graph.add_edge(source, target, events=len(edge.event_ids),
                       event_ids=";".join(edge.event_ids),
                       **{quad: round(value, 6) for quad, value in edge.weights.items()})
    return graph


def _left_out(unsourced: list[str], untargeted: list[str]) -> list[LeftOut]:
    reasons = (("no source with a country or IGO code", unsourced),
               ("no target with a country or IGO code", untargeted))
    return [LeftOut(reason=reason, count=len(ids), ids=ids) for reason, ids in reasons if ids]


def write_network(events: list[dict[str, Any]], fmt: str, path: Path,
                  by_sector: bool = False) -> tuple[int, list[LeftOut], dict[str, Any]]:
    """The network as ``fmt`` (gexf, graphml); returns the edges written, the events left
    out and what the manifest says of the graph."""
    graph, left = build_network(events, by_sector)
    if fmt == "gexf":
        nx.write_gexf(graph, path)
    else:
        nx.write_graphml(graph, path)
    extra = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
             "node_codes": "country or IGO, sectors kept" if by_sector else
             "country or IGO, sectors rolled up",
             "weight": "sum over the edge's events of |PLOVER score| x "
                       "(1 + ln(max(independent_sources, 1))), per quad"}
    return graph.number_of_edges(), left, extra
