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

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwire import deadline
from eventwire.document import Actor, PlaceMention
from eventwire.extract.gazetteer import Gazetteer, Place, key, slug
from eventwire.nlp import entities, text_of

STAGE = "eventwire.extract.places.geonames.v1"

# A division's population is the sum of its towns', so it is discounted against a city of
# the same name: "New York" and "Washington" in news are the cities, "Ontario" the province.
_LEVEL_BONUS = {"country": 3.0, "region": 2.5, "site": 1.5, "city": 0.0, "admin1": -1.0,
                "admin2": -2.0}
_OWN_NAME_BONUS = 1.5  # Salisbury (England) before Harare, once called Salisbury
_METROPOLIS = 1_000_000
_SUFFIX = re.compile(r"\s+(?:region|province|oblast|viloyat|viloyati|district|city|town|"
                     r"village|valley|governorate|prefecture|county|state)$", re.I)
_SITE_WORDS = re.compile(
    r"\b(?:training ground|range|air ?base|base|airport|airfield|port|checkpoint|crossing|"
    r"border post|dam|reservoir|bridge|pass|cosmodrome|terminal|station|camp)\b", re.I)
_NAMED_SITE = re.compile(
    r"\b(?:[A-Z][\w-]+\s+){1,3}(?:training ground|firing range|air ?base|military base|"
    r"airport|airfield|port|checkpoint|border crossing|crossing|dam|reservoir|bridge|pass|"
    r"cosmodrome)\b")
# "SAN DIEGO, Calif. -", "TORONTO (Reuters) -": a capitalised dateline opening a paragraph
_DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'’.\-]{2,}(?:[ ][A-Z][A-Z'’.\-]+){0,3})"
                       r"(?=,|\s*\(|\s+[-–—]|\s*[&/]\s*[A-Z]{2})")
# the second city of a two-city dateline: "TIJUANA & SAN DIEGO,", "BISHKEK/DUSHANBE,"
_DATELINE_SECOND = re.compile(r"(?m)^[ \t]*[A-Z][A-Z'’.\- ]{2,40}?\s*[&/]\s*"
                              r"([A-Z][A-Z'’.\-]{2,}(?:[ ][A-Z][A-Z'’.\-]+){0,3})(?=,|\s*\()")
# "the village of Vorukh", "the exclave of Sokh": the noun says a place follows
_KIND_OF = re.compile(r"\b(?:village|town|city|exclave|enclave|settlement|district|region|"
                      r"province|oblast|port|hamlet) of ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)")
# Buildings and streets the gazetteer does not list: placed at the city named nearest
_FACILITY = re.compile(
    r"\b(?:Street|St\.|Avenue|Ave\.|Road|Boulevard|Square|Park|Bridge|Stadium|Arena|"
    r"Center|Centre|Hall|Church|Cathedral|Mosque|Temple|University|College|School|"
    r"Hospital|Medical Center|Airport|Station|Courthouse|Prison|Market|Mall|Hotel|Museum|"
    r"Library|Palace|Embassy|Consulate)\b")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|President|Minister|General|Gen|Colonel|Col)\.?\s*$")
_LATIN_WORDS = re.compile(r"^[A-Z][A-Za-z'’\- ]+$")
_IN_NAME = "eventwire.place_in_name"  # label of a toponym found inside a name
_BORDER_LABEL = "eventwire.border"
_NAME = r"[A-Z][\w'’]+(?: [A-Z][\w'’]+)?"
# ("the Tajik border guards" are people, not a border)
_BORDER_WORD = (r"(?:state |national |common |shared )?(?:border|frontier|boundary)"
                r"(?!\s+(?:guards?|troops|service|services|police|forces?|officials|agency|"
                r"committee|commander))")
# "the Tajik-Afghan border", "the border between Uzbekistan and Afghanistan",
# "Kazakhstan's border with China"; "the Afghan border" takes the document's own country
_BORDERS = (
    re.compile(rf"\b(?P<a>[A-Z][\w'’]+)\s*[-–—/]\s*(?P<b>[A-Z][\w'’]+) {_BORDER_WORD}"),
    re.compile(rf"\b{_BORDER_WORD} between (?:the )?(?P<a>{_NAME}) and (?:the )?(?P<b>{_NAME})"),
    re.compile(rf"\b(?P<a>{_NAME})['’]s? {_BORDER_WORD} with (?:the )?(?P<b>{_NAME})"),
    re.compile(rf"\b[Tt]he (?P<b>[A-Z][\w'’]+) {_BORDER_WORD}\b"),
)
_STREET = re.compile(r"\b(?:Street|St\.|Avenue|Ave\.|Road|Boulevard|Square|Lane|Prospect)\b")
# Words that GeoNames uses as the name of some division ("Eastern", Uganda; "Gulf", Papua
# New Guinea) but that in news are directions or common nouns
_NOT_PLACES = {"the west", "west", "east", "the east", "north", "south", "the region",
               "eastern", "western", "northern", "southern", "central", "gulf", "valley",
               "coast", "west coast", "east coast", "capital", "centre", "center", "midwest",
               "the gulf", "state", "republic", "union", "federal", "national"}


_POSSESSIVE = re.compile(r"['’]s?$")


def _candidates(gaz: Gazetteer, text: str) -> list[Place]:
    text = _POSSESSIVE.sub("", text)  # "South Korea's first female president"
    found = gaz.lookup(text)
    if not found:
        stripped = _SUFFIX.sub("", text)
        if stripped != text:
            found = gaz.lookup(stripped)
    return _drop_country_aliases(found, key(text))


def _drop_country_aliases(found: list[Place], name: str) -> list[Place]:
    """"England" is an alias of the United Kingdom for the actor layer, but as a place it is
    the division of that name: a country matched only by an alias gives way to a division
    of the same country that carries the name itself."""
    own = {p.country for p in found if p.level.startswith("admin") and key(p.name) == name}
    return [p for p in found
            if not (p.level == "country" and p.country in own and key(p.name) != name)]


def _own_name(place: Place, name: str) -> bool:
    """Whether ``name`` is the place's own name rather than one of GeoNames' long tail of
    alternates: its name, its name without "City" ("New York" for New York City), or any
    name of the project's own curated entries."""
    own = key(place.name)
    return own == name or own == f"{name} city" or name in place.curated


def _score(place: Place, focus: Counter[str], context: set[str], name: str = "",
           near: frozenset[tuple[str, str]] = frozenset()) -> float:
    score = math.log10(place.population + 10) + _LEVEL_BONUS.get(place.level, 0.0)
    own = not name or _own_name(place, name)
    if own:
        score += _OWN_NAME_BONUS
    if place.level == "city" and place.population >= _METROPOLIS:
        score += 0.5
    if place.capital and own:
        score += 2.5  # "Washington", "Tashkent": a capital before a state or a village
    if place.curated and (not name or name in place.curated):
        score += 2.0  # the project's own table: "the White House" before a Tennessee town
    if place.country and focus:
        score += 2.5 * focus[place.country] / max(focus.values())
    if place.country and place.country in context:
        score += 3.0
    if place.admin1 and (str(place.country), place.admin1) in near:
        score += 2.0  # "Parkland" in a story that names Florida
    return score


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, nlp: Language | None = None) -> None:
        self.gaz = gazetteer
        self._curated = PhraseMatcher((nlp or spacy.blank("en")).vocab, attr="ORTH")
        names = sorted({name for name in gazetteer.curated_names
                        if len(name) > 3 and _LATIN_WORDS.match(name)})
        tokenizer = (nlp or spacy.blank("en")).tokenizer
        self._curated.add("PLACE", list(tokenizer.pipe(names)))

    def _spans(self, doc: Doc) -> list[Span]:
        """NER toponyms; entities the parser mislabels that name a well-known place; the
        country names, capitals and demonyms the actor layer's dictionary found ("Dushanbe"
        tagged as an organisation, "the Kyrgyz side"); capitalised datelines; named sites."""
        spans = [e for e in entities(doc) if e.label_ in ("GPE", "LOC", "FAC")]
        spans += [e for e in entities(doc) if self._mislabelled_place(e)]
        spans += [p for e in entities(doc) if e.label_ in ("ORG", "PERSON", "GPE", "FAC")
                  for p in self._listed_places(e)]
        spans += self._curated_spans(doc)
        spans += [e for e in doc.user_data.get("eventwire.actor_entries", [])
                  if doc.user_data.get("eventwire.entry_kinds", {}).get(e.label_) == "country"]
        named_sites = [m for m in _NAMED_SITE.finditer(text_of(doc))  # not "Kyrgyz-Chinese border
                       if not _BORDERS[0].search(m.group(0))]  # crossing": a border's
        for match in [*named_sites, *_DATELINE.finditer(text_of(doc)),
                      *_DATELINE_SECOND.finditer(text_of(doc)), *_KIND_OF.finditer(text_of(doc))]:
            group = 0 if match.re is _NAMED_SITE else 1
            span = doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
            if span is not None and (match.re is _NAMED_SITE
                                     or self.gaz.lookup(span.text.title())):
                spans.append(span)
        spans += [e for e in entities(doc) if e.label_ == "ORG" and _FACILITY.search(e.text)]
        borders = self._border_spans(doc)  # before any entity that overlaps one
        spans = filter_spans(borders + [s for s in spans if not any(
            s.start < b.end and b.start < s.end for b in borders)])
        taken = {t for span in spans for t in range(span.start, span.end)}
        for ent in entities(doc):
            if ent.label_ in ("ORG", "EVENT", "PRODUCT", "WORK_OF_ART") \
                    and not taken.intersection(range(ent.start, ent.end)):
                spans += self._named_inside(ent)
        # "Building Ireland", "the Montgomery County Democrats", "Pacific equatorial": a
        # toponym entity with other words around the place it names
        wider = [s for s in spans if s.label_ in ("GPE", "LOC") and len(s) > 1
                 and not _candidates(self.gaz, re.sub(r"^the\s+", "", s.text, flags=re.I))]
        for span in wider:
            inside = self._named_inside(span, whole_words=True)
            if inside:
                spans = [s for s in spans if s is not span] + inside
        _mark_organisation_names(doc, spans)
        return sorted(spans, key=lambda s: s.start)

    def _named_inside(self, ent: Span, whole_words: bool = False) -> list[Span]:
        """"the Toronto Police Services Board", "University of California": a well-known
        place at the start of a name, or after its last "of" (or, for a toponym entity
        with extra words, at its end: "Building Ireland")."""
        words = ent[1:] if ent[0].lower_ == "the" else ent
        found = []
        for size in (3, 2, 1):
            if size < len(words) and self._well_known(words[:size].text):
                found.append(words[:size])
                break
        of = [t.i for t in words if t.lower_ == "of"]
        if of and of[-1] + 1 < ent.end and self._well_known(ent.doc[of[-1] + 1:ent.end].text):
            found.append(ent.doc[of[-1] + 1:ent.end])
        elif whole_words and not found:
            for size in (2, 1):
                if size < len(words) and self._well_known(words[-size:].text):
                    found.append(words[-size:])
                    break
        for span in found:
            span.label_ = ent.label_ if whole_words else _IN_NAME
        return found

    def _well_known(self, text: str) -> bool:
        name = key(text)
        if name in _NOT_PLACES:
            return False
        return any(_own_name(p, name) and (p.level in ("country", "admin1", "region") or (
            p.level == "city" and p.population >= 100_000)) for p in self.gaz.lookup(text))

    def _border_spans(self, doc: Doc) -> list[Span]:
        found = []
        for pattern in _BORDERS:
            for match in pattern.finditer(text_of(doc)):
                words = [w for w in match.groupdict().values() if w]
                if not all(self._country_word(w) for w in words):
                    continue  # "the Dostyk border crossing" is a place's, not a state's
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand",
                                     label=_BORDER_LABEL)
                if span is not None:
                    found.append(span)
        return found

    def _border(self, span: Span, focus: Counter[str]) -> Place | None:
        """The border a phrase names, from the two countries it names (or the one it names
        and the country the document is most about)."""
        match = next(m for m in (p.search(span.text) for p in _BORDERS) if m)
        groups = match.groupdict()
        second = self._country_word(groups["b"])
        first = self._country_word(groups["a"]) if groups.get("a") else next(
            (c for c, _ in focus.most_common() if c != second and second
             and c in self.gaz.neighbours(second)), None)
        if not first or not second or first == second:
            return None
        return self.gaz.border(first, second)

    def _country_word(self, word: str) -> str | None:
        """'Tajik', 'Tajikistan', 'Afghan' -> the country; anything else -> None."""
        return next((p.country for p in self.gaz.lookup(word) if p.level == "country"), None)

    def _mislabelled_place(self, ent: Span) -> bool:
        """"European", "the EU", "Tamil Nadu" tagged PERSON, "California" tagged ORG: an
        entity of another label counts when the gazetteer knows it as a large place under
        its own name (a small town's name is as likely a surname or a company)."""
        least = {"NORP": None, "ORG": 100_000, "PERSON": 1_000_000}.get(ent.label_, -1)
        if least == -1:
            return False
        if ent.label_ == "PERSON" and len(ent) == 1 and not _TITLED.search(
                text_of(ent.doc)[max(0, ent.start_char - 12):ent.start_char]):
            least = 100_000  # "Batumi": one word, no title before it
        name = key(ent.text)
        if name in self.gaz.abbreviations and least is not None:
            return True  # "BC", "Calif." tagged as an organisation
        for place in self.gaz.lookup(ent.text):
            if place.level in ("country", "region"):
                return True
            if least is None or not _own_name(place, name):
                continue
            if place.level == "admin1" or (place.level == "city" and (
                    place.population >= least or place.curated)):
                return True
        return False

    def _listed_places(self, ent: Span) -> list[Span]:
        """"Termez - Mazar-i-Sharif - Kabul - Peshawar" read as one organisation: a list of
        places joined by dashes or slashes, each piece a place of its own."""
        pieces = list(re.finditer(r"[^–—/]+?(?=\s+[-–—/]\s+|\s*[–—/]\s*|$)", ent.text))
        if len(pieces) < 2:
            return []
        spans = [ent.doc.char_span(ent.start_char + m.start(), ent.start_char + m.end(),
                                   alignment_mode="contract") for m in pieces]
        spans = [s for s in spans if s is not None and s.text.strip(" -")]
        if len(spans) < 2 or not all(self.gaz.lookup(s.text) for s in spans):
            return []
        return spans

    def _curated_spans(self, doc: Doc) -> list[Span]:
        """The project's own names of the region's places (data/places.yaml), wherever
        they stand capitalised: the parser misses many ("Khorog", "Ishkashim")."""
        people = {t for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1
                  for t in range(e.start, e.end)}
        return [Span(doc, start, end) for _, start, end in self._curated(doc)
                if (doc[start].is_title or doc[start].is_upper) and start not in people]

    def resolve(self, doc: Doc, actors: list[Actor]) -> list[PlaceMention]:
        focus: Counter[str] = Counter(
            a.country for a in actors for _ in a.mentions if a.country and a.kind == "country")
        spans = self._spans(doc)
        # Unambiguous names (one candidate, or a country) set the focus before the rest;
        # the divisions named anywhere in the text favour their own towns.
        near: set[tuple[str, str]] = set()
        for span in spans:
            candidates = _candidates(self.gaz, span.text)
            if len(candidates) == 1 and candidates[0].country:
                focus[candidates[0].country] += 1
            near.update((str(p.country), p.admin1) for p in candidates
                        if p.level == "admin1" and p.admin1 and _own_name(p, key(span.text)))
        found: dict[str, PlaceMention] = {}
        unplaced: list[Span] = []
        for span in spans:
            deadline.check()
            if span.label_ == _BORDER_LABEL:
                border = self._border(span, focus)
                if border is not None:
                    _record(found, border, span, 10.0)
                    continue
                # a border the table lacks ("the Mexican border"): its countries, as named
                for part in (e for e in entities(doc)
                             if span.start <= e.start and e.end <= span.end
                             and e.label_ in ("GPE", "NORP", "LOC")):
                    place, score = self._one(part, focus, frozenset(near))
                    if place is not None:
                        _record(found, place, part, score)
                continue
            place, score = self._one(span, focus, frozenset(near))
            if place is None:
                if _FACILITY.search(span.text) or span.label_ == "FAC":
                    unplaced.append(span)
                continue
            _record(found, place, span, score)
        for span in unplaced:
            city = _nearest_city(found.values(), span.start_char)
            if city is not None:
                _record(found, _site_at(city, span.text, "the city nearest in the text"),
                        span, 0.0)
        return list(found.values())

    def _one(self, span: Span, focus: Counter[str],
             near: frozenset[tuple[str, str]]) -> tuple[Place | None, float]:
        text = re.sub(r"^(?:the)\s+", "", span.text, flags=re.I).strip()
        if text.lower() in _NOT_PLACES or not re.search(r"[A-Za-z]", text):
            return None, 0.0
        candidates = _candidates(self.gaz, text)
        if _FACILITY.search(text) and not any(_own_name(c, key(text)) for c in candidates):
            candidates = []  # a building among a town's alternate names is noise, not a town
        site = None
        if not candidates and (_SITE_WORDS.search(text) or _FACILITY.search(text)) \
                and not _STREET.search(text):  # "Abay Avenue" is in the city it runs through
            # "the Termez training ground", "the Termez Cargo Center": a site at the place
            # its name begins with
            candidates = self._named_after(text)
            site = text
        if not candidates:
            return None, 0.0
        context, divisions = self._context(span)
        name, near = key(text), near | divisions
        best = max(candidates, key=lambda p: _score(p, focus, context, name, near))
        if site is not None:
            best = _site_at(best, site, "the place in its name")
        return best, _score(best, focus, context, name, near)

    def _named_after(self, text: str) -> list[Place]:
        words = re.split(r"\s+", _FACILITY.split(_SITE_WORDS.split(text)[0])[0].strip())
        for size in range(min(3, len(words)), 0, -1):
            name = key(" ".join(words[:size]))
            # a town of some size under its own name ("Kazakh" names a village too)
            found = [p for p in _candidates(self.gaz, name)
                     if p.level in ("city", "admin1", "admin2", "site") and _own_name(p, name)
                     and (p.population >= 10_000 or p.curated
                          or p.level != "city")]
            if found:
                return found
        return []

    def _context(self, span: Span) -> tuple[set[str], frozenset[tuple[str, str]]]:
        """'Khujand, Tajikistan' / 'Sacramento, California': the country, or the division
        and its country, named right after."""
        doc = span.doc
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            after = doc[span.end + 1:min(len(doc), span.end + 4)]
            for size in (3, 2, 1):
                candidates = [p for p in self.gaz.lookup(after[:size].text)
                              if p.level in ("country", "admin1") and p.country]
                if candidates:
                    return ({str(p.country) for p in candidates},
                            frozenset((str(p.country), p.admin1) for p in candidates
                                      if p.level == "admin1" and p.admin1))
        return set(), frozenset()


def _mark_organisation_names(doc: Doc, spans: list[Span]) -> None:
    """"The EU and Kyrgyzstan signed": a toponym that is the whole or part of an
    organisation's dictionary name ("EU", "the European Union" name the continent too)
    names an actor, not where anything happened. It stays a place mention (a reader may
    map it) but, like a place inside a name, is never an event's place."""
    kinds = doc.user_data.get("eventwire.entry_kinds", {})
    names = [(e.start, e.end) for e in doc.user_data.get("eventwire.actor_entries", [])
             if kinds.get(e.label_) == "organization"]
    for span in spans:
        words = span[1:] if span[0].lower_ == "the" and len(span) > 1 else span
        if any(start <= words.start and words.end <= end for start, end in names):
            span.label_ = _IN_NAME


def _record(found: dict[str, PlaceMention], place: Place, span: Span, score: float) -> None:
    mention = (span.start_char, span.end_char)
    known = found.get(place.id)
    if known is None:
        known = found[place.id] = PlaceMention(
            id=place.id, name=place.name, country=place.country, admin1=place.admin1,
            lat=place.lat, lon=place.lon, level=place.level,  # type: ignore[arg-type]
            mentions=[], score=round(score, 2), located_by=place.located_by,
            countries=list(place.members))
    if mention in known.mentions:
        return
    known.mentions.append(mention)
    if span.label_ == _IN_NAME:
        known.in_names.append(mention)
    if span.text not in known.texts:
        known.texts.append(span.text)


def _nearest_city(places, offset: int) -> PlaceMention | None:
    """The city named last before ``offset`` (else first after it): where a street, a
    hospital or a stadium the gazetteer does not list is most likely to be."""
    cities = [(s, p) for p in places if p.level == "city" for s, _ in p.mentions]
    if not cities:
        return None
    before = [c for c in cities if c[0] < offset]
    return (max(before, key=lambda c: c[0]) if before else min(cities, key=lambda c: c[0]))[1]


def _site_at(city: Place | PlaceMention, name: str, located_by: str) -> Place:
    return Place(id=f"{city.id}#site:{slug(name)}", name=name, country=city.country,
                 admin1=city.admin1, lat=city.lat, lon=city.lon, level="site",
                 located_by=located_by)

