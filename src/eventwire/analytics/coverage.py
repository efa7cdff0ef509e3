"""Coverage diagnostics of a period: how many documents the store holds, from how many
publishers and in which languages, and what share of them come from outside the countries
a figure is about. They tell less reporting from less behaviour."""

from __future__ import annotations

from functools import cache
from typing import Any

from eventwire.extract.dictionary import first_country_named
from eventwire.resources import load_yaml
from eventwire.store.base import CoverageRow


@cache
def _outlets() -> dict[str, str]:
    """Outlet names and aliases (lower case) -> home country (data/outlets.yaml)."""
    found: dict[str, str] = {}
    for row in load_yaml("outlets.yaml") or []:
        if row.get("country"):
            for name in (row["name"], *(row.get("aliases") or [])):
                found.setdefault(str(name).lower(), str(row["country"]))
    return found


@cache
def publisher_country(publisher: str) -> str | None:
    """The home country of a publisher: a known outlet's (data/outlets.yaml), else the
    country its name names, as corroboration reads a signing office ("Ministry of Foreign
    Affairs of the Republic of Tajikistan" -> TJK); None when it names none."""
    return _outlets().get(publisher.strip().lower()) or first_country_named(publisher)


def diagnostics(row: CoverageRow | None, home: set[str]) -> dict[str, Any]:
    """A period's coverage as JSON: documents, publishers, languages, and the share of the
    documents whose publisher's country is known and outside ``home``."""
    if row is None:
        return {"documents": 0, "publishers": 0, "languages": [], "outside_share": None,
                "publisher_country_unknown": 0}
    known = outside = unknown = 0
    for publisher, documents in row.by_publisher:
        country = publisher_country(publisher)
        if country is None:
            unknown += documents
            continue
        known += documents
        outside += documents if country not in home else 0
    return {"documents": row.documents, "publishers": len(row.publishers),
            "languages": list(row.languages),
            "outside_share": round(outside / known, 4) if known else None,
            "publisher_country_unknown": unknown}
