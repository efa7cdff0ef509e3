"""Commands that read the store: documents, one document, the summary, the run log, the
contract's schema, actors, places and quotes. (`export` is in cli/exports.py.)"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from eventwire.cli.common import (
    DbOption,
    Format,
    LimitOption,
    WideOption,
    emit_rows,
    fail,
    format_option,
    formats,
    handles_errors,
    opened_store,
    print_rows,
    ui,
    write_json,
)
from eventwire.cli.render import Column
from eventwire.contract import GEONAMES_CREDIT, generate_schema, to_contract
from eventwire.document import Document
from eventwire.store import DocumentFilter, Store
from eventwire.views import span_text, store_summary

ListFormat = formats(Format.TABLE, Format.JSON, Format.CSV)
TableOrJson = formats(Format.TABLE, Format.JSON)
TextOrJson = formats(Format.TEXT, Format.JSON)

GenreOpt = Annotated[str | None, typer.Option(help="news_report, press_release, opinion, ...")]
LangOpt = Annotated[str | None, typer.Option(help="ISO 639-1 code of a language it contains.")]
PubOpt = Annotated[str | None, typer.Option(help="Publisher contains this (any case).")]
SinceOpt = Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")]
TransOpt = Annotated[bool | None, typer.Option("--translated/--original",
                                               help="Only translations / only originals.")]
DupOpt = Annotated[bool, typer.Option("--duplicates/--no-duplicates",
                                      help="Include near-duplicate republications.")]
SearchOpt = Annotated[str | None, typer.Option("--search", help="Title or text contains this.")]


# -- documents -------------------------------------------------------------------------------
DOC_COLUMNS = (
    Column("id", lambda r: r["id"][:12], whole=True),
    Column("published", lambda r: str(r["published"] or ""), whole=True),
    Column("title", lambda r: (r["title"] or "")[:90], min_width=16),
    Column("genre", lambda r: r["genre"], priority=2, whole=True),
    Column("publisher", lambda r: r["publisher"] or "", priority=1),
    Column("lang", lambda r: ",".join(r["languages"]), priority=3, min_width=4),
    Column("dup", lambda r: r["duplicate_of"][:8] if r["duplicate_of"] else "", priority=4,
           whole=True),
)


@handles_errors
def docs(
    db: DbOption = None,
    genre: GenreOpt = None,
    language: LangOpt = None,
    publisher: PubOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    translated: TransOpt = None,
    duplicates: DupOpt = True,
    search: SearchOpt = None,
    limit: LimitOption = None,
    fmt: Annotated[ListFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
) -> None:
    """List stored documents, with filters."""
    with opened_store(db) as store:
        rows = store.list_documents(DocumentFilter(
            genre=genre, language=language, publisher=publisher, since=since, until=until,
            translated=translated, duplicates=duplicates, text=search, limit=limit))
    emit_rows(rows, fmt, DOC_COLUMNS, wide)
    if fmt == Format.TABLE:
        ui.out.print(f"{len(rows)} documents")


@handles_errors
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id, or a unique prefix (6+ chars).")],
    db: DbOption = None,
    fmt: Annotated[TextOrJson, format_option("text, or json (the contract).")] = Format.TEXT,
) -> None:
    """One stored document with its anatomy and layers, then its text."""
    with opened_store(db) as store:
        doc = store.get(doc_id)
        clustered = store.members_in_document(doc.id)
    if fmt == Format.JSON:
        write_json(to_contract(doc))
        return
    _print_document(doc, clustered)


def _print_document(doc: Document, clustered: dict[str, str]) -> None:
    """The anatomy and every layer, one line each, then the text; each event mention
    says which real-world event it was clustered into (``clustered``: mention -> event)."""
    a = doc.anatomy
    assert a is not None
    table = Table(show_header=False, box=None)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    ui.out.print(f"id {doc.id}", soft_wrap=True)
    table.add_row("source", Text(doc.source + (f" ({doc.locator})" if doc.locator else "")))
    table.add_row("title", Text(a.title or "-"))
    winner = a.published_candidates[0].source if a.published_candidates else "-"
    table.add_row("published", f"{a.published or '-'} (from {winner})")
    table.add_row("publisher", Text(f"{a.publisher or '-'}"))
    table.add_row("genre", Text(f"{a.genre}  [{'; '.join(a.genre_evidence)}]"))
    table.add_row("languages", ", ".join(a.languages) or "-")
    if a.translation:
        table.add_row("translated", Text(f"yes: {a.translation.marker!r}"))
    if doc.duplicate_of:
        table.add_row("duplicate of", f"{doc.duplicate_of[:12]} (similarity {doc.similarity})")
    for cite in a.cites:
        table.add_row("cites", Text(f"{cite.source} ({cite.date or 'no date'}) - "
                                    f"{span_text(doc.text, cite.sentence)[:100]}"))
    for link in a.links:
        table.add_row("link", Text(link.url))
    for ref in a.scripture:
        table.add_row("scripture", Text(f"{ref.work} {ref.ref}  ({ref.cited_as})"))
    for cit in a.legal:
        table.add_row("legal", Text(f"{cit.instrument}, {cit.ref}"))
    for passage in a.passages:
        table.add_row(f"passage [{passage.language}]",
                      Text(span_text(doc.text, passage.span)[:100]))
    names = {actor.id: actor.name for actor in doc.actors or []}
    for actor in doc.actors or []:
        role = f", {actor.role}" if actor.role else ""
        table.add_row("actor", Text(f"{actor.name} [{actor.code}]{role} x{len(actor.mentions)}"))
    for place in doc.places or []:
        table.add_row("place", Text(f"{place.name} [{place.level}, {place.country or '-'}] "
                                    f"{place.lat:.2f}, {place.lon:.2f} x{len(place.mentions)}"))
    for time_ in doc.times or []:
        table.add_row("time", Text(f"{time_.text!r}: {time_.start} to {time_.end}"))
    places_by_id = {p.id: p.name for p in doc.places or []}
    for event in doc.events or []:
        who = ", ".join(names.get(i, i) for i in event.source) or "?"
        whom = ", ".join(names.get(i, i) for i in event.target) or "-"
        trigger = span_text(doc.text, event.evidence.trigger)
        where = f" at {places_by_id.get(event.place, event.place)}" if event.place else ""
        when = f" on {event.start}" + (f" to {event.end}" if event.end != event.start else "") \
            if event.start else ""
        joined = f" -> event {clustered[event.id]}" if event.id in clustered else ""
        table.add_row(f"event {event.modality}",
                      Text(f"{event.type} {who} -> {whom}{where}{when} ({trigger!r}, "
                           f"{event.confidence}){joined}"))
    for quote in doc.quotes or []:
        speaker = names.get(quote.speaker or "", quote.speaker_text or "?")
        table.add_row(f"quote {quote.kind}",
                      Text(f"{speaker} ({quote.cue or 'carried on'}): {quote.text[:120]!r}"))
    for claim in doc.claims or []:
        who = f" [{names.get(claim.attributed_to, claim.attributed_to)}]" \
            if claim.attributed_to else ""
        table.add_row("claim", Text(f"{claim.value:,.12g} {claim.unit} "
                                    f"({claim.subject or '-'}){who}: {claim.text!r}"))
    ui.out.print(table)
    ui.out.rule()
    ui.out.print(Text(doc.text))



# -- the store as a whole ------------------------------------------------------------------
def _tally_table(title: str, rows: list[tuple[Any, Any]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    for value, count in rows:
        table.add_row(Text(str(value) if value is not None else "(none)"), str(count))
    return table


def print_summary(store: Store) -> None:
    found = store_summary(store)
    ui.out.print(f"\n[bold]{found.documents} documents[/bold] in {Text(found.path).plain} "
                 f"({found.near_duplicates} near-duplicate republications, "
                 f"{found.translations} translations)")
    ui.out.print(_tally_table("genres", found.genres))
    ui.out.print(_tally_table("languages (documents containing)", found.languages))
    ui.out.print(_tally_table("publishers", found.publishers))
    ui.out.print(_tally_table("formats", found.formats))
    if found.event_mentions:
        ui.out.print(_tally_table("event mentions (asserted or reported / all)",
                                  [(t.type, f"{t.meeting} / {t.total}")
                                   for t in found.event_mentions]))
    if found.events:
        ui.out.print(_tally_table("real-world events (all / with 2+ independent sources)",
                                  [(t.type, f"{t.total} / {t.meeting}") for t in found.events]))
    if found.top_actors:
        ui.out.print(_tally_table("actors (mentions)", [(f"{a['name']} [{a['code']}]",
                                                         a["mentions"])
                                                        for a in found.top_actors]))


@handles_errors
def summary(db: DbOption = None) -> None:
    """Summarise the store: documents, genres, languages, publishers, events, actors."""
    with opened_store(db) as store:
        print_summary(store)


LOG_COLUMNS = (
    Column("source", lambda r: r.source),
    Column("status", lambda r: r.status, whole=True),
    Column("reason", lambda r: r.reason or "", whole=True),
    Column("message", lambda r: r.message or "", priority=1),
    Column("item", lambda r: r.locator or "", priority=2, min_width=6),
)


@handles_errors
def log(
    db: DbOption = None,
    run_id: Annotated[str | None, typer.Option("--run", help="Run id (default: latest).")] = None,
    status: Annotated[str | None, typer.Option(help="stored, near_duplicate, skipped, failed.")]
    = None,
    wide: WideOption = False,
) -> None:
    """What happened to every input of a run, with the reason for each skip or failure."""
    with opened_store(db) as store:
        run_id = run_id or store.latest_run_id()
        if run_id is None:
            ui.out.print("no runs yet")
            return
        rows = store.run_log(run_id, status)
    print_rows(LOG_COLUMNS, rows, wide, title=f"run {run_id}")


def schema() -> None:
    """Print the JSON Schema of the extraction contract, with field documentation."""
    write_json(generate_schema())


# -- actors, places, quotes ----------------------------------------------------------------
ACTOR_COLUMNS = (
    Column("name", lambda r: r["name"]),
    Column("code", lambda r: r["code"], whole=True),
    Column("mentions", lambda r: str(r["mentions"]), whole=True, justify="right"),
    Column("kind", lambda r: r["kind"], priority=2, whole=True),
    Column("documents", lambda r: str(r["documents"]), priority=3, whole=True,
           justify="right"),
    Column("id", lambda r: r["id"], priority=1),
)


@handles_errors
def actors(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country code, e.g. RUS.")] = None,
    sector: Annotated[str | None, typer.Option(help="Sector code, e.g. MIL.")] = None,
    kind: Annotated[str | None, typer.Option(help="country, organization, person or group.")]
    = None,
    limit: LimitOption = 50,
    fmt: Annotated[ListFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
) -> None:
    """Stored actors with their mention counts, most mentioned first."""
    with opened_store(db) as store:
        rows = store.list_actors(country, sector, kind, limit)
    emit_rows(rows, fmt, ACTOR_COLUMNS, wide)


@handles_errors
def actor(
    name_or_id: Annotated[str, typer.Argument(help="An actor id (see `eventwire actors`) or "
                                              "part of a name.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many mentions.")] = 100,
) -> None:
    """Every mention of an actor, highlighted in the sentence it stands in."""
    from eventwire.anatomy.sentences import sentence_spans

    with opened_store(db) as store:
        rows = store.actor_mentions(name_or_id)
        if not rows:
            raise fail(f"no stored actor matches {name_or_id!r}")
        shown: dict[str, list[tuple[int, int]]] = {}
        for row in rows[:limit]:
            spans = shown.setdefault(row["document_id"], list(sentence_spans(row["text"])))
            start, end = row["start_char"], row["end_char"]
            sentence = next(((s, e) for s, e in spans if s <= start < e), (start, end))
            line = Text(f"{row['published'] or '----------'} {row['document_id'][:10]} "
                        f"[{row['code']}] ")
            line.append(row["text"][sentence[0]:start])
            line.append(row["text"][start:end], style="bold")
            line.append(row["text"][end:sentence[1]])
            ui.out.print(line)
        ui.out.print(f"{len(rows)} mentions of {len({r['actor_id'] for r in rows})} actor(s)")



PLACE_COLUMNS = (
    Column("name", lambda r: r["name"]),
    Column("country", lambda r: r["country"] or "", whole=True),
    Column("level", lambda r: r["level"], whole=True),
    Column("lat", lambda r: f"{r['lat']:.3f}", priority=1, whole=True, justify="right"),
    Column("lon", lambda r: f"{r['lon']:.3f}", priority=1, whole=True, justify="right"),
    Column("mentions", lambda r: str(r["mentions"]), whole=True, justify="right"),
    Column("documents", lambda r: str(r["documents"]), priority=3, whole=True,
           justify="right"),
    Column("id", lambda r: r["id"], priority=2, whole=True),
)


@handles_errors
def places(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country code.")] = None,
    level: Annotated[str | None, typer.Option(help="country, admin1, city, site or region.")]
    = None,
    limit: LimitOption = 50,
    fmt: Annotated[ListFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
) -> None:
    """Stored places with coordinates and mention counts, most mentioned first."""
    with opened_store(db) as store:
        rows = store.list_places(country, level, limit)
    emit_rows(rows, fmt, PLACE_COLUMNS, wide)
    if fmt == Format.TABLE:
        ui.out.print(f"{GEONAMES_CREDIT}.")


QUOTE_COLUMNS = (
    Column("speaker", lambda r: r["speaker_name"] or "?"),
    Column("text", lambda r: r["text"][:160], min_width=24),
    Column("published", lambda r: str(r["published"] or ""), priority=1, whole=True),
    Column("kind", lambda r: r["kind"], priority=3, whole=True),
    Column("cue", lambda r: r["cue"] or "", priority=4),
    Column("doc", lambda r: r["document_id"][:10], priority=2, whole=True),
)


@handles_errors
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Actor id, or part of the speaker's "
                                                "name.")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc", help="Document id or a unique "
                                               "prefix (6+ chars).")] = None,
    limit: LimitOption = 100,
    fmt: Annotated[ListFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
) -> None:
    """Stored quotes with their speakers, oldest document first."""
    with opened_store(db) as store:
        rows = store.list_quotes(speaker, doc_id, limit)
    emit_rows(rows, fmt, QUOTE_COLUMNS, wide)
    if fmt == Format.TABLE:
        ui.out.print(f"{len(rows)} quotes")
