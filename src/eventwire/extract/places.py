"""Places: toponyms recognised by the NER layer and the gazetteer's own names, resolved
to GeoNames places (or the project's regions and sites) with coordinates and a level.

Ranking uses population and level (a country or a capital before a village of the same
name), the document's focus countries (from its actors and its unambiguous places),
"City, Region" patterns, and facilities named after a city ("the Termez training
ground" is a site at Termez). A name with no candidate is left out, never given a
country's centroid by default.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire.document import Actor, PlaceMention
from eventwire.extract.gazetteer import Gazetteer, Place

STAGE = "eventwire.extract.places.geonames.v1"

_LEVEL_BONUS = {"country": 3.0, "region": 2.5, "admin1": 1.0, "site": 1.5, "city": 0.0}
_SUFFIX = re.compile(r"\s+(?:region|province|oblast|viloyat|viloyati|district|city|town|"
                     r"village|valley|governorate|prefecture|county|state)$", re.I)
_SITE_WORDS = re.compile(
    r"\b(?:training ground|range|air ?base|base|airport|airfield|port|checkpoint|crossing|"
    r"border post|dam|reservoir|bridge|pass|cosmodrome|terminal|station|camp)\b", re.I)
_NAMED_SITE = re.compile(
    r"\b(?:[A-Z][\w'’-]+\s+){1,3}(?:training ground|firing range|air ?base|military base|"
    r"airport|airfield|port|checkpoint|border crossing|crossing|dam|reservoir|bridge|pass|"
    r"cosmodrome)\b")
_NOT_PLACES = {"the west", "west", "east", "the east", "north", "south", "the region"}


def _candidates(gaz: Gazetteer, text: str) -> list[Place]:
    found = gaz.lookup(text)
    if not found:
        stripped = _SUFFIX.sub("", text)
        if stripped != text:
            found = gaz.lookup(stripped)
    return found


def _score(place: Place, focus: Counter[str], context: set[str]) -> float:
    score = math.log10(place.population + 10) + _LEVEL_BONUS.get(place.level, 0.0)
    if place.capital:
        score += 2.5  # "Washington", "Tashkent": a capital before a state or a village
    if place.country and focus:
        score += 2.5 * focus[place.country] / max(focus.values())
    if place.country and place.country in context:
        score += 3.0
    return score


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    def _spans(self, doc: Doc) -> list[Span]:
        """NER toponyms, and the country names, capitals and demonyms the actor layer's
        dictionary found ("Dushanbe" tagged as an organisation, "the Kyrgyz side")."""
        spans = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        # "European", "the EU": nationalities and unions that name a country or a region
        spans += [e for e in doc.ents if e.label_ in ("NORP", "ORG") and any(
            p.level in ("country", "region") for p in self.gaz.lookup(e.text))]
        spans += [e for e in doc.user_data.get("eventwire.actor_entries", [])
                  if doc.user_data.get("eventwire.entry_kinds", {}).get(e.label_) == "country"]
        for match in _NAMED_SITE.finditer(doc.text):  # "the Termez training ground"
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        return filter_spans(spans)

    def resolve(self, doc: Doc, actors: list[Actor]) -> list[PlaceMention]:
        focus: Counter[str] = Counter(
            a.country for a in actors for _ in a.mentions if a.country and a.kind == "country")
        spans = self._spans(doc)
        # Unambiguous names (one candidate, or a country) set the focus before the rest.
        for span in spans:
            candidates = _candidates(self.gaz, span.text)
            if len(candidates) == 1 and candidates[0].country:
                focus[candidates[0].country] += 1
        found: dict[str, PlaceMention] = {}
        for span in spans:
            place, score = self._one(span, focus)
            if place is None:
                continue
            mention = (span.start_char, span.end_char)
            known = found.get(place.id)
            if known is None:
                found[place.id] = PlaceMention(
                    id=place.id, name=place.name, country=place.country, admin1=place.admin1,
                    lat=place.lat, lon=place.lon, level=place.level,  # type: ignore[arg-type]
                    mentions=[mention], texts=[span.text], score=round(score, 2))
            elif mention not in known.mentions:
                known.mentions.append(mention)
                if span.text not in known.texts:
                    known.texts.append(span.text)
        return list(found.values())

    def _one(self, span: Span, focus: Counter[str]) -> tuple[Place | None, float]:
        text = re.sub(r"^(?:the)\s+", "", span.text, flags=re.I).strip()
        if text.lower() in _NOT_PLACES or not re.search(r"[A-Za-z]", text):
            return None, 0.0
        candidates = _candidates(self.gaz, text)
        site = None
        if not candidates and _SITE_WORDS.search(text):
            # "the Termez training ground": a site at the city it is named after
            words = _SITE_WORDS.split(text)[0].strip()
            candidates = _candidates(self.gaz, words) if words else []
            site = text
        if not candidates:
            return None, 0.0
        context = self._context(span)
        best = max(candidates, key=lambda p: _score(p, focus, context))
        if site is not None:
            best = Place(id=f"{best.id}#site", name=site, country=best.country,
                         admin1=best.admin1, lat=best.lat, lon=best.lon, level="site")
        return best, _score(best, focus, context)

    def _context(self, span: Span) -> set[str]:
        """'Khujand, Tajikistan' / 'Osh, Kyrgyzstan': the country named right after."""
        doc = span.doc
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            after = doc[span.end + 1:min(len(doc), span.end + 4)]
            for size in (3, 2, 1):
                candidates = self.gaz.lookup(after[:size].text)
                countries = {p.country for p in candidates
                             if p.level in ("country", "admin1") and p.country}
                if countries:
                    return countries
        return set()
