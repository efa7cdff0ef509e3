"""The one Document model. Ingest fills the base fields; each stage adds one layer.

Character offsets (``span``) always index :attr:`Document.text`, the stored text, so any
extraction can be shown highlighted in its sentence.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
Genre = Literal["news_report", "press_release", "opinion", "statement", "other"]
DateSource = Literal["meta", "feed", "jsonl", "dateline", "byline", "signature", "text"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceHints(_Model):
    """Metadata the container supplied (HTML meta tags, feed fields, JSONL keys)."""

    title: str | None = None
    published: str | None = Field(None, description="raw date string as the source gave it")
    published_origin: Literal["meta", "feed", "jsonl"] | None = None
    publisher: str | None = None
    author: str | None = None
    section: str | None = Field(None, description="site section or category, e.g. 'Opinion'")
    links: list[str] = Field(default_factory=list, description="hrefs inside the main text")


class DateCandidate(_Model):
    value: str = Field(description="YYYY-MM-DD")
    source: DateSource
    text: str = Field(description="the words the date was read from")
    span: Span | None = Field(None, description="offsets in the text; null for metadata")


class PublisherCandidate(_Model):
    name: str
    source: Literal["signature", "meta", "feed", "jsonl", "masthead", "dateline"]
    span: Span | None = None


class Translation(_Model):
    marker: str = Field(description="the words that mark the text as a translation")
    span: Span
    from_language: str | None = Field(None, description="ISO 639-1 of the original, if stated")
    official: bool = Field(True, description="false for an 'unofficial translation'")


class Cite(_Model):
    source: str = Field(description="the cited outlet as named in the text")
    date: str | None = Field(None, description="YYYY-MM-DD the text gives for it, if any")
    span: Span = Field(description="offsets of the outlet's name")
    cue: str = Field(description="the words that mark the citation: 'reported', 'according to'")
    known: bool = Field(description="true when the outlet is in the project's outlet dictionary")
    sentence: Span = Field(description="offsets of the citing sentence")


class Link(_Model):
    url: str = Field(description="normalised URL, with a scheme")
    span: Span | None = Field(None, description="offsets in the text; null for an HTML href")
    host: str


class Scripture(_Model):
    work: str = Field(description="Quran, Bible, ...")
    ref: str = Field(description="normalised reference: '8:24' (Quran), 'John 3:16' (Bible)")
    span: Span
    cited_as: str = Field(description="the reference as written")


class LegalCitation(_Model):
    instrument: str = Field(description="e.g. 'UN Security Council resolution', 'UN Charter'")
    ref: str = Field(description="e.g. '2593', 'Article 51', '68/262'")
    year: int | None = None
    span: Span
    cited_as: str


class Passage(_Model):
    language: str = Field(description="ISO 639-1 code")
    script: str = Field(description="Latin, Cyrillic, Arabic, Han, ...")
    span: Span
    confidence: float


class StageRecord(_Model):
    name: str = Field(description="versioned stage name, e.g. eventwire.anatomy.rules.v1")
    seconds: float


class SkippedStage(_Model):
    """A stage that did not finish on this document, and why; the layers it assigns stay
    null (not computed), never empty (computed, found nothing)."""

    stage: str = Field(description="versioned stage name")
    layers: list[str] = Field(description="the document's layers this stage assigns")
    reason: Literal["timeout", "internal_error", "needs_skipped_layer"] = Field(
        description="timeout: ingest.extract_timeout ran out; internal_error: the stage "
        "failed on this text (a bug to report); needs_skipped_layer: it needs a layer "
        "of a stage skipped before it")
    message: str


class Anatomy(_Model):
    title: str | None = None
    published: str | None = None
    published_candidates: list[DateCandidate] = Field(default_factory=list)
    date_order: Literal["DMY", "MDY", "YMD"] = "DMY"
    publisher: str | None = None
    publisher_candidates: list[PublisherCandidate] = Field(default_factory=list)
    genre: Genre = "other"
    genre_evidence: list[str] = Field(default_factory=list)
    translated: bool = False
    translation: Translation | None = None
    languages: list[str] = Field(default_factory=list)
    cites: list[Cite] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    scripture: list[Scripture] = Field(default_factory=list)
    legal: list[LegalCitation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)


class Actor(_Model):
    """A political actor of one document, with every mention of it."""

    id: str = Field(description="stable id: a dictionary id ('country:RUS', 'person:sergey-"
                    "naryshkin') or a code-based one ('RUS-MIL') for composed agents")
    name: str
    kind: Literal["country", "organization", "person", "group"]
    country: str | None = Field(None, description="ISO-3166 alpha-3; null for IGOs")
    sectors: list[str] = Field(default_factory=list, description="GOV, MIL, SPY, ...")
    code: str = Field(description="CAMEO-style code: country (or IGO) then sectors, RUSGOVMIL")
    role: str | None = Field(None, description="a person's role at the document's date")
    role_start: str | None = None
    role_end: str | None = None
    role_source: Literal["dictionary", "text"] | None = None
    entry: str | None = Field(None, description="the dictionary entry it was resolved to")
    country_inferred: bool = Field(
        False, description="country inferred (the sentence, the story's setting, the signing"
                           " office), not named in the actor's words")
    mentions: list[Span] = Field(default_factory=list)


class PlaceMention(_Model):
    """A place the text names, resolved in the gazetteer."""

    id: str = Field(description="'geonames:1538412' or 'eventwire:<level>:<name>'")
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float
    lon: float
    level: Literal["country", "admin1", "admin2", "city", "site", "region"]
    mentions: list[Span] = Field(default_factory=list)
    texts: list[str] = Field(default_factory=list, description="the names as written")
    score: float = Field(0.0, description="resolution score of the chosen candidate")
    located_by: str | None = Field(
        None, description="for a site with no gazetteer entry of its own, how it was "
        "placed: 'the place in its name' or 'the city nearest in the text'")
    in_names: list[Span] = Field(
        default_factory=list, description="the mentions that are part of an organisation's "
        "name ('the Toronto Police Services Board'): toponyms, but not where anything happened")
    countries: list[str] = Field(
        default_factory=list, description="a region's member countries, a border's two states")


class TimeMention(_Model):
    text: str
    start: str = Field(description="YYYY-MM-DD, first day of the interval")
    end: str = Field(description="YYYY-MM-DD, last day of the interval")
    granularity: Literal["day", "week", "month", "quarter", "season", "year", "vague"] = Field(
        description="vague: PRESENT_REF, PAST_REF or FUTURE_REF, whose start and end are "
        "only the document date")
    span: Span
    value: str = Field(description="TimeML-style value: 2021-07-31, 2021-07-31TNI, "
                       "2021-07-31T09:00, 2021-W32, 2021-07, 2021-Q3, 2021-SU, 2021, FY2021, "
                       "PAST_REF")
    relative: bool = Field(False, description="resolved against the document date")


class Magnitude(_Model):
    value: float
    unit: str


class Evidence(_Model):
    sentence: str
    span: Span = Field(description="offsets of the sentence in the text")
    trigger: Span = Field(description="offsets of the words that express the event")


Modality = Literal["asserted", "reported", "hypothetical", "negated", "opinion", "future",
                   "historical"]


class EventMention(_Model):
    """What one sentence of one document says happened (or might, or did not)."""

    id: str
    type: str = Field(description="one of the 16 PLOVER event types")
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    source: list[str] = Field(default_factory=list, description="actor ids")
    target: list[str] = Field(default_factory=list, description="actor ids")
    place: str | None = None
    start: str | None = None
    end: str | None = None
    magnitude: Magnitude | None = None
    modality: Modality = "asserted"
    attributed_to: str | None = Field(None, description="actor id of the speaker")
    evidence: Evidence
    confidence: float
    coder: str
    intensity: float = Field(description="PLOVER intensity in [-10, 10]")
    quad: str


class Quote(_Model):
    """Something a speaker said, in their words (direct) or reported (indirect)."""

    speaker: str | None = Field(None, description="actor id of the speaker, where the actor "
                                "layer knows one")
    speaker_text: str | None = Field(None, description="the words naming the speaker here "
                                     "('he', 'the minister', 'Bakhtiyor Saidov')")
    cue: str | None = Field(None, description="the words that attribute it: 'said', "
                            "'according to'; null for a quote carried on from the one before")
    text: str = Field(description="what was said; the quoted words without their marks")
    kind: Literal["direct", "indirect"]
    span: Span = Field(description="offsets of the content (inside the marks of a direct "
                       "quote; first to last part of a split or multi-paragraph one)")
    parts: list[Span] = Field(default_factory=list, description="each quoted stretch, when "
                              "an attribution or a paragraph break splits the quote")
    cue_span: Span | None = None
    speaker_span: Span | None = Field(None, description="offsets of speaker_text; for a "
                                      "carried-on quote, of the speaker's earlier mention")
    balanced: bool = Field(True, description="false when a quotation mark was never closed "
                           "and the quote was ended at its paragraph")


class Claim(_Model):
    """A number the text states, with what it counts or measures and who states it."""

    value: float = Field(description="the number; for a range its lower end")
    unit: str = Field(description="what is counted or the measure: 'soldier', 'USD', "
                      "'percent', 'barrel'")
    subject: str | None = Field(None, description="what the number is about: 'oil reserves', "
                                "'loan', 'unemployment'; for a count, the counted phrase")
    attributed_to: str | None = Field(None, description="actor id of the speaker when the "
                                      "claim stands inside a quote")
    span: Span
    text: str = Field(description="the words of the number and its unit")
    approximate: bool = Field(False, description="'about', 'nearly', 'an estimated'")
    bound: Literal["lower", "upper"] | None = Field(
        None, description="'more than 40' is a lower bound, 'up to 40' an upper one")
    low: float | None = Field(None, description="lower end of a range")
    high: float | None = Field(None, description="upper end of a range")
    quote: int | None = Field(None, description="index in the quotes layer of the quote "
                              "holding the claim")


class Document(_Model):
    id: str = Field(description="sha256 of the normalised text")
    source: str = Field(description="path or URL the document came from")
    locator: str | None = Field(None, description="item within the source: 'item 3', 'line 12'")
    url: str | None = None
    format: Literal["text", "markdown", "html", "rss", "atom", "jsonl", "json"]
    text: str
    raw_sha256: str = Field(description="sha256 of the original bytes of the source")
    extractor: str = Field(description="versioned name of the code that produced text")
    language: str | None = Field(None, description="main language, ISO 639-1")
    truncated: bool = False
    elided: int = Field(0, description="tokens longer than ingest.max_token_chars cut short "
                        "in text (the raw source keeps them)")
    duplicate_of: str | None = Field(None, description="id of the document this republishes")
    similarity: float | None = Field(None, description="estimated Jaccard to duplicate_of")
    hints: SourceHints = Field(default_factory=SourceHints)
    anatomy: Anatomy | None = None
    actors: list[Actor] | None = None
    places: list[PlaceMention] | None = None
    times: list[TimeMention] | None = None
    quotes: list[Quote] | None = None
    claims: list[Claim] | None = None
    events: list[EventMention] | None = None
    stages: list[StageRecord] = Field(default_factory=list)
    skipped: list[SkippedStage] = Field(
        default_factory=list, description="stages that did not finish on this document: "
        "it is stored with the layers of the others")
