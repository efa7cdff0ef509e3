"""The row of the events export in JSONL (and, column for column, in Parquet): a flat
table's view of :class:`eventwire.contract.Event`, with the evidence sentence and the
mention ids beside it. Its JSON Schema ships as ``schema/export_event_row.schema.json``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RowParty(_Strict):
    name: str = Field(description="the party's commonest name")
    country: str | None = Field(description="ISO-3166 alpha-3; null for an IGO or group")
    sectors: list[str] = Field(description="sector codes the party was named with")
    actor_ids: list[str] = Field(description="actor ids of the mentions merged here")
    code: str | None = Field(description="country, else IGO code ('CSTO'), else null")


class RowPlace(_Strict):
    id: str
    name: str
    country: str | None
    lat: float
    lon: float
    level: str = Field(description="country | admin1 | admin2 | city | site | region")


class RowWitness(_Strict):
    origin: str
    name: str
    party: bool
    independent: bool
    first_document: str | None
    first_published: str | None


class RowEvidence(_Strict):
    mention_id: str
    document_id: str
    sentence_start: int = Field(description="offset of the sentence in the document's text")
    sentence_end: int
    sentence: str
    coder: str
    publisher: str | None
    url: str | None
    source: str = Field(description="path or URL the document was read from")
    title: str | None
    language: str | None
    published: str | None


class EventRow(_Strict):
    """One real-world event in the events export."""

    id: str
    type: str = Field(description="PLOVER type")
    quad: str
    mode: str | None
    modality: str = Field(description="asserted | reported")
    intensity: float = Field(description="the coder's intensity, -10 to 10")
    source: list[RowParty]
    target: list[RowParty]
    place: RowPlace | None
    start: str | None = Field(description="YYYY-MM-DD")
    end: str | None
    month: str = Field(description="YYYY-MM of start, or 'undated' (the Parquet partition)")
    independent_sources: int
    sources: int
    first_reported: str | None
    first_reported_by: str | None
    confidence: float
    revision: int
    context: list[str] = Field(description="PLOVER contexts of its members")
    mention_ids: list[str] = Field(description="member mentions, oldest first")
    document_ids: list[str]
    mention_coders: list[str] = Field(description="the coders of its members")
    chain: list[RowWitness] = Field(description="witnesses, first reporter first")
    evidence: RowEvidence | None = Field(description="the earliest member of its own type")
    coder: str = Field(description="the corroboration stage")
