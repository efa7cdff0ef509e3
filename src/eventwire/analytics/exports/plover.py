"""Real-world events as PLOVER JSON records (the PLOVER manual's JSON record, with its
entity, location, textInfo and citeInfo objects), one JSON object per line.

PLOVER's own field names carry what PLOVER defines; what eventwire adds (independent
sources, the chain of witnesses, modality, confidence, mention and document ids) is kept
apart under one key, ``eventwire``, so a PLOVER reader can ignore it whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire._version import __version__
from eventwire.analytics.scores import QUAD_CODES, plover_score

CODEBOOK = "plover-base-2.0"  # the manual in reference/plover: "DRAFT Version: 2.0"
# PLOVER's location resolution: 1 country ... 5 sub-city; a region has none.
RESOLUTION = {"country": 1, "admin1": 2, "admin2": 3, "city": 4, "site": 5}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PloverEntity(_Strict):
    code: str | None = Field(description="country (ISO-3) or IGO code; null for a party "
                             "with neither ('governments')")
    sector: str | None = Field(description="sector codes run together ('GOV', 'GOVMIL'), "
                               "or null")
    entity_text: str = Field(description="the party's name")


class PloverLocation(_Strict):
    geonameid: int | None = Field(description="GeoNames id, when the place is from GeoNames")
    resolved_place: str = Field(description="the gazetteer's name of the place")
    lat: float
    lon: float
    country_code: str | None = Field(description="ISO-3166 alpha-3")
    resolution: int | None = Field(description="5 sub-city, 4 city, 3 district, 2 province, "
                                   "1 country; null for a region")


class PloverTextInfo(_Strict):
    start: int = Field(description="offset of the evidence sentence in its document's text")
    end: int = Field(description="offset of its end (exclusive)")


class PloverCiteInfo(_Strict):
    publication: str | None = Field(description="the document's publisher")
    url: str | None = Field(description="the document's URL, else the path it was read from")
    title: str | None
    language: str | None = Field(description="ISO 639-1")
    license: str | None = Field(description="the text's license; null: not known")
    coder: str = Field(description="the event coder that read the sentence")
    codebook: str = Field(description="the PLOVER codebook version")
    version: str = Field(description="the eventwire version that wrote the data set")


class EventwireExtras(_Strict):
    quad: str = Field(description="eventwire's name of the quad: verbal_cooperation, ...")
    modality: str = Field(description="asserted | reported")
    confidence: float
    intensity: float = Field(description="the coder's own intensity, -10 to 10")
    independent_sources: int = Field(description="witnesses that are not parties to it")
    sources: int = Field(description="all witnesses")
    chain: list[str] = Field(description="the witnesses' names, first reporter first")
    revision: int = Field(description="the event's latest revision")
    mention_ids: list[str] = Field(description="its member mentions")
    document_ids: list[str] = Field(description="the documents of its members")
    document_id: str | None = Field(description="the document text_info refers to")
    mention_id: str | None = Field(description="the mention of the evidence sentence")
    place_id: str | None = Field(description="eventwire's place id")
    place_level: str | None = Field(description="country | admin1 | admin2 | city | site | "
                                    "region")


class PloverRecord(_Strict):
    """One real-world event in PLOVER's JSON record."""

    id: str = Field(description="the eventwire event id")
    date: str = Field(description="YYYY-MM-DD")
    enddate: str = Field(description="YYYY-MM-DD")
    actor: list[PloverEntity]
    recipient: list[PloverEntity]
    event: list[str] = Field(description="the PLOVER type (one)")
    mode: list[str]
    context: list[str]
    event_loc: PloverLocation | None
    event_text: list[str] = Field(description="the evidence sentence")
    quad_code: int = Field(description="1 verbal cooperation, 2 material cooperation, "
                           "3 verbal conflict, 4 material conflict")
    event_scale: float | None = Field(description="PLOVER score (data/plover_scores.yaml)")
    text_info: PloverTextInfo | None
    cite_info: PloverCiteInfo | None
    coder: str = Field(description="the event coder that read the sentence")
    eventwire: EventwireExtras = Field(description="eventwire's fields beyond PLOVER")


def entity(party: dict[str, Any]) -> PloverEntity:
    sectors = [s for s in party.get("sectors") or [] if s != "IGO"]
    return PloverEntity(code=party.get("code"), sector="".join(sectors) or None,
                        entity_text=party["name"])


def location(place: dict[str, Any] | None) -> PloverLocation | None:
    if not place:
        return None
    prefix, _, number = place["id"].partition(":")
    return PloverLocation(
        geonameid=int(number) if prefix == "geonames" and number.isdigit() else None,
        resolved_place=place["name"], lat=place["lat"], lon=place["lon"],
        country_code=place["country"], resolution=RESOLUTION.get(place["level"]))


def trimmed(evidence: dict[str, Any]) -> tuple[str, int, int]:
    """The sentence without the blank lines around it, and its offsets moved to match, so
    the text at [start, end) of the document is exactly ``event_text``."""
    sentence = evidence["sentence"]
    lead = len(sentence) - len(sentence.lstrip())
    trail = len(sentence) - len(sentence.rstrip())
    return sentence.strip(), evidence["sentence_start"] + lead, \
        evidence["sentence_end"] - trail


def record(event: dict[str, Any]) -> PloverRecord:
    evidence = event["evidence"] or {}
    coder = evidence.get("coder") or event["coder"]
    text, start, end = trimmed(evidence) if evidence else ("", 0, 0)
    place = event["place"]
    return PloverRecord(
        id=event["id"], date=event["start"].isoformat(), enddate=event["end"].isoformat(),
        actor=[entity(p) for p in event["source"]],
        recipient=[entity(p) for p in event["target"]],
        event=[event["type"]], mode=[event["mode"]] if event["mode"] else [],
        context=list(event["context"]), event_loc=location(place),
        event_text=[text] if text else [], quad_code=QUAD_CODES[event["quad"]],
        event_scale=plover_score(event["type"], event["mode"]),
        text_info=PloverTextInfo(start=start, end=end) if evidence else None,
        cite_info=PloverCiteInfo(
            publication=evidence.get("publisher"),
            url=evidence.get("url") or evidence.get("source"), title=evidence.get("title"),
            language=evidence.get("language"), license=None, coder=coder,
            codebook=CODEBOOK, version=f"eventwire {__version__}") if evidence else None,
        coder=coder,
        eventwire=EventwireExtras(
            quad=event["quad"], modality=event["modality"], confidence=event["confidence"],
            intensity=event["intensity"], independent_sources=event["independent_sources"],
            sources=event["sources"], chain=[w["name"] for w in event["chain"] or []],
            revision=event["revision"], mention_ids=list(event["mention_ids"]),
            document_ids=list(event["document_ids"]),
            document_id=evidence.get("document_id"), mention_id=evidence.get("mention_id"),
            place_id=place["id"] if place else None,
            place_level=place["level"] if place else None),
    )


def write_plover(events: list[dict[str, Any]], path: Path) -> int:
    """One PLOVER record per line (JSON Lines): a stream a reader can take line by line,
    as the other JSONL exports."""
    with path.open("w", encoding="utf-8") as stream:
        for event in events:
            stream.write(record(event).model_dump_json() + "\n")
    return len(events)
