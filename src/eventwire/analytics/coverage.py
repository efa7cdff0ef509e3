"""Coverage diagnostics of a period: how many documents the store holds, from how many
publishers and in which languages, and what share of them come from outside the countries
a figure is about. They tell less reporting from less behaviour."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from eventwire.analytics.parties import countries_by_name
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
def _demonyms() -> dict[str, str]:
    found: dict[str, str] = {}
    for row in load_yaml("countries.yaml"):
        for word in row.get("demonyms") or []:
            found.setdefault(str(word).lower(), str(row["iso3"]))
    return found


@cache
def publisher_country(publisher: str) -> str | None:
    """The home country of a publisher: a known outlet's, else the one country its name
    names ("Ministry of Foreign Affairs of the Republic of Tajikistan", "Uzbek Foreign
    Ministry"); None when it names none, or several."""
    name = publisher.strip().lower()
    if name in _outlets():
        return _outlets()[name]
    found = set()
    for phrase in _phrases(name):
        code = countries_by_name().get(phrase) or _demonyms().get(phrase)
        if code:
            found.add(code)
    return found.pop() if len(found) == 1 else None


def _phrases(text: str) -> list[str]:
    """Every run of one to four words of ``text``."""
    tokens = re.findall(r"[a-z][a-z'-]*", text)
    return [" ".join(tokens[i:i + n]) for n in range(1, 5) for i in range(len(tokens) - n + 1)]


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
