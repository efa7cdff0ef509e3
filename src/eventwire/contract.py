"""The public JSON extraction contract (DESIGN.md), built from a Document.

Field names are a public contract: fields may be added, never renamed or removed. The
JSON Schema in ``schema/contract.schema.json`` is generated from these models (with
their field documentation) and checked against real output by the tests.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire.document import (
    Cite,
    DateCandidate,
    Document,
    Genre,
    LegalCitation,
    Passage,
    PublisherCandidate,
    Scripture,
    SkippedStage,
    Span,
    StageRecord,
    Translation,
)

CONTRACT_VERSION = "1.6"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContractDocument(_Out):
    id: str = Field(description="sha256 of the normalised text; the document's stable id")
    source: str = Field(description="path or URL the document was read from")
    locator: str | None = Field(description="item within the source ('item 3', 'line 12')")
    url: str | None = Field(description="the document's own URL, when the source gives one")
    format: str = Field(description="text | markdown | html | rss | atom | jsonl | json")
    text: str = Field(description="the stored text; every span indexes this string")
    title: str | None = Field(description="title without site name or translation marker")
    published: str | None = Field(description="publication date YYYY-MM-DD")
    published_candidates: list[DateCandidate] = Field(
        description="every publication-date candidate, best first; the first one won")
    publisher: str | None = Field(
        description="outlet, or the signing office of a press release or statement")
    publisher_candidates: list[PublisherCandidate] = Field(
        description="every publisher candidate, best first")
    genre: Genre = Field(description="news_report | press_release | opinion | statement | other")
    genre_evidence: list[str] = Field(description="the cues that voted for each genre")
    language: str | None = Field(description="main language, ISO 639-1")
    languages: list[str] = Field(description="every language with a passage, main first")
    translated: bool = Field(description="the document marks itself as a translation")
    translation: Translation | None = Field(description="the translation marker, if any")
    cites: list[Cite] = Field(description="media outlets cited for facts")
    urls: list[str] = Field(description="every link, normalised with a scheme")
    links: list[dict[str, Any]] = Field(description="links with their spans and hosts")
    scripture: list[Scripture] = Field(description="scripture references")
    legal: list[LegalCitation] = Field(
        description="legal citations: UN resolutions, charter and code articles")
    passages: list[Passage] = Field(
        description="stretches in another language than the main one")
    raw_sha256: str = Field(description="sha256 of the original bytes of the source")
    extractor: str = Field(description="versioned name of the text extractor")
    truncated: bool = Field(description="the text was cut at ingest.max_text_chars")
    duplicate_of: str | None = Field(description="id of the document this republishes")
    similarity: float | None = Field(description="estimated Jaccard similarity to duplicate_of")
    stages: list[StageRecord] = Field(description="stages that built this record, in order")
    elided: int = Field(0, description="tokens longer than ingest.max_token_chars cut short "
                        "in text (the raw source keeps them)")
    skipped: list[SkippedStage] = Field(
        default_factory=list, description="stages that did not finish on this document "
        "(their layers are empty here, unknown rather than none found), and why")


class ContractActor(_Out):
    id: str = Field(description="stable id: a dictionary id ('country:RUS', 'person:sergey-"
                    "naryshkin', 'igo:CSTO') or a code-based one ('RUS-MIL')")
    name: str = Field(description="the dictionary's name, else the longest mention")
    kind: str = Field(description="country | organization | person | group")
    country: str | None = Field(description="ISO-3166 alpha-3; null for IGOs")
    sectors: list[str] = Field(description="sector codes: GOV, MIL, LEG, JUD, COP, SPY, ...")
    code: str = Field(description="CAMEO-style code: country (or IGO) then sectors")
    role: str | None = Field(description="a person's role on the document's date")
    role_start: str | None = Field(description="start of that role, from the dictionary")
    role_end: str | None = Field(description="end of that role, from the dictionary")
    role_source: str | None = Field(description="dictionary | text")
    entry: str | None = Field(description="the dictionary entry the actor was resolved to")
    country_inferred: bool = Field(
        description="country inferred (the sentence, the story's setting, the signing office),"
                    " not named in the actor's words")
    mentions: list[Span] = Field(description="offsets in `document.text` of every mention")


class ContractEvidence(_Out):
    sentence: str = Field(description="the sentence the event was read from")
    span: Span = Field(description="offsets of the sentence in `document.text`")
    trigger: Span = Field(description="offsets of the words that express the event")


class ContractMagnitude(_Out):
    value: float = Field(description="the number")
    unit: str = Field(description="what is counted: soldiers, people, USD, tonnes, ...")


class ContractEvent(_Out):
    id: str = Field(description="stable id of this event mention")
    type: str = Field(description="PLOVER type: AGREE ... ASSAULT")
    mode: str | None = Field(description="PLOVER mode, where the text supports one")
    context: list[str] = Field(description="PLOVER contexts")
    source: list[str] = Field(description="actor ids of the sources")
    target: list[str] = Field(description="actor ids of the targets")
    place: str | None = Field(description="place id, when the places layer links one")
    start: str | None = Field(description="YYYY-MM-DD the sentence gives")
    end: str | None = Field(description="YYYY-MM-DD")
    magnitude: ContractMagnitude | None = Field(description="the size the sentence gives")
    modality: str = Field(description="asserted | reported | hypothetical | negated | opinion"
                          " | future | historical; only asserted and reported count as events")
    attributed_to: str | None = Field(description="actor id of the speaker, for reported speech")
    evidence: ContractEvidence = Field(description="where in the text")
    confidence: float = Field(description="0..1")
    coder: str = Field(description="versioned name of the coder")
    intensity: float = Field(description="PLOVER intensity, -10 (war) to 10")
    quad: str = Field(description="verbal_cooperation | material_cooperation | verbal_conflict"
                      " | material_conflict")


class ContractPlace(_Out):
    id: str = Field(description="'geonames:<id>' or 'eventwire:<level>:<name>' (own table)")
    name: str = Field(description="the gazetteer's name")
    country: str | None = Field(description="ISO-3166 alpha-3")
    admin1: str | None = Field(description="first-level division (GeoNames admin1 code or name)")
    lat: float = Field(description="latitude, decimal degrees")
    lon: float = Field(description="longitude, decimal degrees")
    level: str = Field(description="country | admin1 | admin2 | city | site | region")
    mentions: list[Span] = Field(description="offsets in `document.text`")
    texts: list[str] = Field(description="the names as written")
    score: float = Field(description="resolution score of the chosen candidate")
    located_by: str | None = Field(
        None, description="a site with no entry of its own: placed by 'the place in its "
        "name' or 'the city nearest in the text'")
    in_names: list[Span] = Field(
        default_factory=list, description="mentions inside an organisation's name (not "
        "where anything happened)")
    countries: list[str] = Field(
        default_factory=list, description="a region's member countries (ISO-3); a border's "
        "two states")


class ContractTime(_Out):
    text: str = Field(description="the words")
    start: str = Field(description="YYYY-MM-DD, first day")
    end: str = Field(description="YYYY-MM-DD, last day")
    granularity: str = Field(description="day | week | month | quarter | season | year | "
                             "vague (PRESENT_REF, PAST_REF, FUTURE_REF: start and end are "
                             "the document's date)")
    span: Span = Field(description="offsets in `document.text`")
    value: str = Field(description="TimeML-style value")
    relative: bool = Field(description="resolved against the document's date")


class ContractQuote(_Out):
    speaker: str | None = Field(description="actor id of the speaker, where the actor layer "
                                "knows one; pronouns and descriptions ('the minister') are "
                                "resolved to the right earlier actor")
    speaker_text: str | None = Field(description="the words naming the speaker")
    cue: str | None = Field(description="the attributing words: 'said', 'told', 'according "
                            "to'; null when the quote carries on from the one before")
    text: str = Field(description="the quoted words (direct) or the reported content")
    kind: str = Field(description="direct | indirect")
    span: Span = Field(description="offsets of the content in `document.text`")
    parts: list[Span] = Field(description="each quoted stretch of a quote split by its "
                              "attribution or running over paragraphs; empty otherwise")
    cue_span: Span | None = Field(description="offsets of the cue")
    speaker_span: Span | None = Field(description="offsets of speaker_text")
    balanced: bool = Field(description="false when a quotation mark was never closed and the "
                           "quote was ended at its paragraph")


class ContractClaim(_Out):
    value: float = Field(description="the number (the lower end of a range)")
    unit: str = Field(description="what is counted or measured: 'soldier', 'USD', 'percent', "
                      "'barrel'")
    subject: str | None = Field(description="what the number is about: 'oil reserves', "
                                "'loan', 'unemployment'")
    attributed_to: str | None = Field(description="actor id of the speaker when the claim "
                                      "stands inside a quote")
    span: Span = Field(description="offsets of the number and its unit in `document.text`")
    text: str = Field(description="the words of the claim")
    approximate: bool = Field(description="marked as an estimate: 'about', 'nearly'")
    bound: str | None = Field(description="lower ('more than') | upper ('up to') | null")
    low: float | None = Field(description="lower end of a range")
    high: float | None = Field(description="upper end of a range")
    quote: int | None = Field(description="index in `quotes` of the quote holding the claim")


class Contract(_Out):
    contract_version: str = Field(description="version of this JSON contract")
    document: ContractDocument
    actors: list[ContractActor] = Field(description="political actors, each with its mentions")
    places: list[ContractPlace] = Field(description="places named, resolved in the gazetteer")
    times: list[ContractTime] = Field(description="dates and intervals, normalised")
    quotes: list[ContractQuote] = Field(description="direct and indirect quotes, each with "
                                        "its cue and speaker")
    claims: list[ContractClaim] = Field(description="numeric claims: value, unit, subject, "
                                        "and the speaker inside a quote")
    events: list[ContractEvent] = Field(description="PLOVER event mentions, one per sentence "
                                        "and trigger")
    attribution: list[str] = Field(
        default_factory=list, description="credits the data in this object requires "
        "(GeoNames, CC BY 4.0, for places from its gazetteer)")


# -- real-world events (eventwire.corroborate): `eventwire events` and `eventwire event` ------

class EventActor(_Out):
    name: str = Field(description="the party's commonest name (a country's own name first)")
    country: str | None = Field(description="ISO-3166 alpha-3; null for an IGO or group")
    sectors: list[str] = Field(description="every sector code the party was named with")
    actor_ids: list[str] = Field(description="the actor ids of the mentions merged here")


class EventPlace(_Out):
    id: str = Field(description="place id, as in the places layer")
    name: str = Field(description="the gazetteer's name")
    country: str | None = Field(description="ISO-3166 alpha-3")
    lat: float = Field(description="latitude, decimal degrees")
    lon: float = Field(description="longitude, decimal degrees")
    level: str = Field(description="country | admin1 | admin2 | city | site | region")


class EventSourceDocument(_Out):
    document: str = Field(description="document id")
    role: str = Field(description="original | republication | relay | party")
    via: str | None = Field(description="the outlet republished or relayed")
    via_document: str | None = Field(description="a near-duplicate's original document")
    source: str = Field(description="the document's URL, else its path")
    publisher: str | None = Field(description="the document's publisher")


class EventOrigin(_Out):
    origin: str = Field(description="key of the witness the documents go back to")
    name: str = Field(description="the witness's name")
    party: bool = Field(description="the witness is a party to the event")
    independent: bool = Field(description="not a party: counts as an independent source")
    first_document: str | None = Field(description="id of its earliest document")
    first_published: str | None = Field(description="YYYY-MM-DD of its earliest document")
    documents: list[EventSourceDocument] = Field(description="its documents, first link each")


class EventMember(_Out):
    id: str = Field(description="id of the event mention")
    document: str = Field(description="document id")
    source: str = Field(description="the document's URL, else its path")
    path: str = Field(description="the path or URL the document was read from")
    publisher: str | None = Field(description="the document's publisher")
    genre: str = Field(description="the document's genre")
    published: str | None = Field(description="the document's date, YYYY-MM-DD")
    type: str = Field(description="PLOVER type of the mention")
    modality: str = Field(description="asserted | reported")
    sentence: str = Field(description="the sentence the mention was read from")
    span: list[int] = Field(description="offsets of the sentence in the document's text")
    trigger: list[int] = Field(description="offsets of the trigger words")
    role: str = Field(description="original | republication | relay | party")
    origin: str = Field(description="key of the witness the mention goes back to")
    via: str | None = Field(description="the outlet republished or relayed")


class EventRevision(_Out):
    revision: int = Field(description="1 when created; one more at each change of members")
    run: str | None = Field(description="id of the run that made the change")
    at: str = Field(description="when, ISO 8601 (UTC)")
    reason: str = Field(description="'created', 'N mention(s) added', 'dissolved: ...'")
    members: list[str] = Field(description="mention ids after the change")


class Event(_Out):
    """A real-world event: event mentions from one or more documents clustered into one
    happening, with its chain of sources. Field order is the order of the JSON output."""

    id: str = Field(description="stable event id ('ev-' and 16 hex digits)")
    type: str = Field(description="PLOVER type most members give")
    quad: str = Field(description="verbal_cooperation | material_cooperation | verbal_conflict"
                      " | material_conflict")
    mode: str | None = Field(description="the commonest PLOVER mode of its members")
    modality: str = Field(description="asserted when any member asserts it, else reported")
    intensity: float = Field(description="PLOVER intensity, -10 (war) to 10")
    source: list[EventActor] = Field(description="the parties acting")
    target: list[EventActor] = Field(description="the parties acted on")
    place: EventPlace | None = Field(description="where it happened, when the text says")
    start: str = Field(description="YYYY-MM-DD, first day")
    end: str = Field(description="YYYY-MM-DD, last day")
    independent_sources: int = Field(description="witnesses that are not parties to it")
    sources: int = Field(description="all witnesses, parties' own statements included")
    first_reported: str | None = Field(description="YYYY-MM-DD of the earliest document")
    first_reported_by: str | None = Field(description="the first witness's name")
    confidence: float = Field(description="0..1, from its witnesses' best mentions")
    revision: int = Field(description="number of its latest revision")
    chain: list[EventOrigin] = Field(description="the chain of sources, first reporter first")
    mentions: list[EventMember] = Field(description="every member mention, oldest first")
    coder: str = Field(description="versioned name of the corroboration stage")
    corrections: list[str] | None = Field(
        None, description="ids of the analysts' corrections applied to it or to its "
        "mentions (`eventwire review list`); absent from the machine's own output")
    revisions: list[EventRevision] | None = Field(
        None, description="every change of members; only when one event is read "
        "(`eventwire event`), absent from listings")

    def as_json(self) -> dict[str, Any]:
        """The JSON the CLI prints: ``revisions`` only where they were read,
        ``corrections`` only where an analyst's correction was applied."""
        absent = {name for name in ("revisions", "corrections") if getattr(self, name) is None}
        return self.model_dump(mode="json", exclude=absent or None)


GEONAMES_CREDIT = "Place data: GeoNames (www.geonames.org), CC BY 4.0"


def to_contract(doc: Document) -> dict[str, Any]:
    if doc.anatomy is None:
        raise ValueError(f"document {doc.id} has no anatomy layer")
    a = doc.anatomy
    document = ContractDocument(
        id=doc.id, source=doc.source, locator=doc.locator, url=doc.url, format=doc.format,
        text=doc.text, title=a.title, published=a.published,
        published_candidates=a.published_candidates, publisher=a.publisher,
        publisher_candidates=a.publisher_candidates, genre=a.genre,
        genre_evidence=a.genre_evidence, language=doc.language, languages=a.languages,
        translated=a.translated, translation=a.translation,
        cites=a.cites,
        urls=[link.url for link in a.links],
        links=[link.model_dump() for link in a.links],
        scripture=a.scripture,
        legal=a.legal,
        passages=a.passages,
        raw_sha256=doc.raw_sha256, extractor=doc.extractor, truncated=doc.truncated,
        duplicate_of=doc.duplicate_of, similarity=doc.similarity, stages=doc.stages,
        elided=doc.elided, skipped=doc.skipped,
    )
    actors = [ContractActor(**a.model_dump()) for a in doc.actors or []]
    events = [ContractEvent(**e.model_dump()) for e in doc.events or []]
    places = [ContractPlace(**p.model_dump()) for p in doc.places or []]
    times = [ContractTime(**t.model_dump()) for t in doc.times or []]
    quotes = [ContractQuote(**q.model_dump()) for q in doc.quotes or []]
    claims = [ContractClaim(**c.model_dump()) for c in doc.claims or []]
    return Contract(contract_version=CONTRACT_VERSION, document=document, actors=actors,
                    places=places, times=times, quotes=quotes, claims=claims,
                    events=events, attribution=[GEONAMES_CREDIT] if places else []
                    ).model_dump(mode="json")


def generate_schema() -> dict[str, Any]:
    """The contract's schema; real-world events (:class:`Event`) are in its ``$defs``."""
    schema = Contract.model_json_schema()
    event = Event.model_json_schema(ref_template="#/$defs/{model}")
    schema["$defs"].update(event.pop("$defs"))
    schema["$defs"]["Event"] = event
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "eventwire extraction contract"
    return schema


def published_schema() -> dict[str, Any]:
    """The schema file shipped with the package."""
    path = resources.files("eventwire").joinpath("schema/contract.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))

