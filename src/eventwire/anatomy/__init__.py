"""Document anatomy: title, dates, publisher, genre, translation, citations, passages.

Rules over the head and foot of the text, the sentences and the container's metadata.
Each decision keeps its evidence (date and publisher candidates, genre votes), so a
reader can see why the document was read the way it was.
"""

from __future__ import annotations

import re
from collections import Counter

from eventwire.anatomy import layout
from eventwire.anatomy.citations import find_legal, find_scripture
from eventwire.anatomy.cites import find_cites
from eventwire.anatomy.dates import MONTH, detect_order, find_dates, parse_date
from eventwire.anatomy.genre import classify
from eventwire.anatomy.links import find_links
from eventwire.anatomy.passages import find_passages
from eventwire.anatomy.title import find_title
from eventwire.anatomy.translated import find_translation
from eventwire.document import Anatomy, Cite, DateCandidate, Document, PublisherCandidate
from eventwire.ingest.language import LanguageIdentifier
from eventwire.options import Options

STAGE = "eventwire.anatomy.rules.v1"

_DATE_PRIORITY = ("meta", "feed", "jsonl", "dateline", "byline", "signature", "text")
_OFFICE = re.compile(r"\b(?:Ministry|Embassy|Office|Press\s+Service|Government|Department|"
                     r"Secretariat|Delegation|Presidency|Administration|Consulate|"
                     r"Organi[sz]ation|Commission|Council|Mission)\b")


def _date_candidates(doc: Document, order: str, signature: layout.Signature,
                     dateline: tuple[layout.Line, re.Match[str]] | None,
                     byline: layout.Line | None) -> list[DateCandidate]:
    text = doc.text
    found: list[DateCandidate] = []
    hints = doc.hints
    if hints.published and hints.published_origin:
        value = parse_date(hints.published, order)
        if value:
            found.append(DateCandidate(value=value, source=hints.published_origin,
                                       text=hints.published))
    anchor_year = int(found[0].value[:4]) if found else _first_year(text, order)
    if dateline and dateline[1].group("date"):
        line, match = dateline
        for date in find_dates(text, order, anchor_year, line.start + match.start("date"),
                               line.start + match.end("date")):
            found.append(DateCandidate(value=date.value, source="dateline", text=date.text,
                                       span=(date.start, date.end)))
            break
    if byline:
        for date in find_dates(text, order, anchor_year, byline.start, byline.end):
            found.append(DateCandidate(value=date.value, source="byline", text=date.text,
                                       span=(date.start, date.end)))
            break
    if signature.date_line:
        line = signature.date_line
        for date in find_dates(text, order, None, line.start, line.end):
            found.append(DateCandidate(value=date.value, source="signature", text=date.text,
                                       span=(date.start, date.end)))
            break
    for date in find_dates(text, order, None, 0, min(len(text), 3000)):
        found.append(DateCandidate(value=date.value, source="text", text=date.text,
                                   span=(date.start, date.end)))
        break
    return sorted(found, key=lambda c: _DATE_PRIORITY.index(c.source))


def _first_year(text: str, order: str) -> int | None:
    """The year of the first full date, else the year the text names most often."""
    for date in find_dates(text, order):
        return int(date.value[:4])
    # "in February 2023" dates recent events; a bare year may be history or a plan.
    months = re.findall(rf"\b{MONTH}\s+((?:19|20)\d\d)\b", text)
    if months:
        return max(int(y) for y in months)
    years = Counter(re.findall(r"\b(?:19|20)\d\d\b", text))
    return int(years.most_common(1)[0][0]) if years else None


def _publisher_candidates(doc: Document, signature: layout.Signature,
                          dateline: tuple[layout.Line, re.Match[str]] | None,
                          byline: layout.Line | None) -> list[PublisherCandidate]:
    found: list[PublisherCandidate] = []
    if signature.office:
        line = signature.office
        name = layout.clean_office(line.text)
        start = line.start + line.text.find(name)
        found.append(PublisherCandidate(name=name, source="signature",
                                        span=(start, start + len(name))))
    if doc.hints.publisher:
        origin = doc.hints.published_origin or ("feed" if doc.format in ("rss", "atom") else
                                                "jsonl" if doc.format in ("jsonl", "json")
                                                else "meta")
        found.append(PublisherCandidate(name=doc.hints.publisher, source=origin))
    masthead = (layout.masthead_from_byline(byline.text) if byline else None) or \
        layout.masthead_from_head(doc.text)
    if masthead:
        found.append(PublisherCandidate(name=masthead, source="masthead"))
    if dateline and dateline[1].group("outlet"):
        outlet = dateline[1].group("outlet").strip()
        found.append(PublisherCandidate(name=outlet, source="dateline"))
    foot = layout.masthead_from_foot(doc.text)
    if foot:
        found.append(PublisherCandidate(name=foot, source="masthead"))
    return found


def _wire_cite(text: str, dateline: tuple[layout.Line, re.Match[str]] | None,
               own: set[str], published: str | None) -> Cite | None:
    """'TASHKENT, May 3 (Caspian Wire Service) —' on another outlet's page: a wire copy."""
    if not dateline or not dateline[1].group("outlet"):
        return None
    line, match = dateline
    outlet = match.group("outlet").strip()
    if any(outlet.lower() == name.lower() for name in own):
        return None
    start = line.start + match.start("outlet")
    return Cite(source=outlet, date=published, span=(start, start + len(outlet)),
                cue="dateline", known=False, sentence=(line.start, line.end))


def analyse(doc: Document, options: Options, identifier: LanguageIdentifier) -> Anatomy:
    text = doc.text
    order = detect_order(text)
    signature = layout.find_signature(text)
    dateline = layout.find_dateline(text)
    byline = layout.find_byline(text)
    dates = _date_candidates(doc, order, signature, dateline, byline)
    published = dates[0].value if dates else None
    title = find_title(text, doc.hints.title, doc.hints.publisher)
    publishers = _publisher_candidates(doc, signature, dateline, byline)
    publisher = publishers[0].name if publishers else None
    genre, evidence = classify(
        text=text, title=title, section=doc.hints.section, url=doc.url,
        has_signature=signature.office is not None, has_dateline=dateline is not None,
        has_byline=byline is not None,
        publisher_is_office=bool(publisher and _OFFICE.search(publisher)),
        from_feed=doc.format in ("rss", "atom", "jsonl"),
    )
    translation = find_translation(text)
    passages = find_passages(text, doc.language, identifier,
                             options.languages.min_passage_letters)
    languages = [doc.language] if doc.language else []
    for passage in passages:
        if passage.language not in languages:
            languages.append(passage.language)
    own = {name for name in (publisher, doc.hints.publisher) if name}
    cites = find_cites(text, order=order, published=published, own_names=own)
    wire = _wire_cite(text, dateline, own, published)
    if wire and all(c.source.lower() != wire.source.lower() for c in cites):
        cites.insert(0, wire)
    return Anatomy(
        title=title,
        published=published,
        published_candidates=dates,
        date_order=order,
        publisher=publisher,
        publisher_candidates=publishers,
        genre=genre,
        genre_evidence=evidence,
        translated=translation is not None,
        translation=translation,
        languages=languages,
        cites=cites,
        links=find_links(text, doc.hints.links),
        scripture=find_scripture(text),
        legal=find_legal(text),
        passages=passages,
    )
