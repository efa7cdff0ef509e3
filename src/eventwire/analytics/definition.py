"""The definition hash: one short digest of everything that decides a figure (the index and
its version, the score table, the query and the analytics settings). Two outputs with the
same hash were computed the same way from whatever the store held."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from eventwire.analytics.scores import score_table
from eventwire.options import AnalyticsOptions

INDEXES = {
    "dyad": "eventwire.analytics.dyad.v1",
    "influence": "eventwire.analytics.influence.v1",
}


def definition(kind: str, query: dict[str, Any], settings: AnalyticsOptions,
               corrections_in_force: int = 0) -> dict[str, Any]:
    """The definition and its hash; ``corrections`` says whether analysts' corrections
    (eventwire.review) are in the data. It is outside the hash: corrections change the
    data a figure reads, not how the figure is computed."""
    table = score_table()
    body = {
        "index": INDEXES[kind],
        "scores": {"file": "data/plover_scores.yaml", "table_version": table.version,
                   "sha256": table.digest},
        "query": query,
        "settings": settings.model_dump(),
    }
    text = json.dumps(body, sort_keys=True, default=str, ensure_ascii=True)
    return {"hash": hashlib.sha256(text.encode()).hexdigest()[:16], **body,
            "corrections": {"included": corrections_in_force > 0,
                            "in_force": corrections_in_force}}
