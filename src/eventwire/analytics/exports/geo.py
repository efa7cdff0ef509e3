"""GeoJSON (RFC 7946) of the events that have a place: one Point feature per event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.analytics.exports.manifest import LeftOut


def party_codes(parties: list[dict[str, Any]]) -> list[str]:
    """The distinct country or IGO codes of one side, in order; parties with neither
    ('governments', 'people') have no code."""
    return list(dict.fromkeys(p["code"] for p in parties if p.get("code")))


def feature(event: dict[str, Any]) -> dict[str, Any]:
    place = event["place"]
    return {
        "type": "Feature",
        "id": event["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": {
            "id": event["id"], "type": event["type"], "quad": event["quad"],
            "mode": event["mode"], "modality": event["modality"],
            "start": _iso(event["start"]), "end": _iso(event["end"]),
            "source": party_codes(event["source"]), "target": party_codes(event["target"]),
            "independent_sources": event["independent_sources"],
            "place_id": place["id"], "place_name": place["name"],
            "place_country": place["country"],
            # a country-level place is the country's centroid: filter on it to drop them
            "level": place["level"],
        },
    }


def write_geojson(events: list[dict[str, Any]], path: Path) -> tuple[int, list[LeftOut]]:
    """A FeatureCollection of the events with a place; those without are left out (and
    listed, never silently dropped)."""
    placed = [e for e in events if e["place"]]
    unplaced = [e["id"] for e in events if not e["place"]]
    collection = {"type": "FeatureCollection", "features": [feature(e) for e in placed]}
    path.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    left = [LeftOut(reason="no place", count=len(unplaced), ids=unplaced)] if unplaced else []
    return len(placed), left


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
