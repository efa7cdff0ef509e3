"""Commands over real-world events: the filtered listing and one event with its chain of
sources and sentences."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.text import Text

from eventwire.cli.common import (
    DbOption,
    Format,
    LimitOption,
    WideOption,
    format_option,
    formats,
    handles_errors,
    opened_store,
    print_rows,
    ui,
    write_csv,
    write_json,
)
from eventwire.cli.render import Column
from eventwire.contract import Event
from eventwire.store import EventFilter
from eventwire.views import EVENT_CSV_FIELDS, event_row, short_ids, side_codes

ListFormat = formats(Format.TABLE, Format.JSON, Format.CSV)
TextOrJson = formats(Format.TEXT, Format.JSON)

EVENT_TABLE = (
    Column("id", lambda r: r["shown_id"], whole=True),
    Column("type", lambda r: r["type"], whole=True),
    Column("start", lambda r: r["start"] or "", whole=True),
    Column("source", lambda r: r["source_codes"], min_width=7),
    Column("target", lambda r: r["target_codes"], min_width=7),
    Column("place", lambda r: r["place"], priority=1),
    Column("indep.", lambda r: str(r["independent_sources"]), priority=2, whole=True,
           justify="right"),
    Column("conf.", lambda r: f"{r['confidence']:.2f}", priority=3, whole=True,
           justify="right"),
)


def _day(value: str | None, hint: str) -> str | None:
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date",
                                     param_hint=hint) from exc
    return value


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.replace(">", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise typer.BadParameter("give two country codes, e.g. RUS-KAZ", param_hint="--dyad")
    return parts[0], parts[1]


@handles_errors
def events(
    db: DbOption = None,
    actor_: Annotated[str | None, typer.Option("--actor", help="A country code (RUS) or "
                                               "part of an actor's name, on either side.")]
    = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 code on either side or where "
                                                "the event happened.")] = None,
    dyad: Annotated[str | None, typer.Option(help="SOURCE-TARGET country codes, e.g. "
                                             "RUS-KAZ (a joint act of both counts "
                                             "too).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. AGREE.")]
    = None,
    quad: Annotated[str | None, typer.Option(help="verbal_cooperation, material_cooperation, "
                                             "verbal_conflict or material_conflict.")] = None,
    place: Annotated[str | None, typer.Option(help="Part of the place's name, or an ISO-3 "
                                              "code.")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD (events ending on or after)."
                                              )] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD (events starting on or "
                                              "before).")] = None,
    min_sources: Annotated[int | None, typer.Option(help="At least this many independent "
                                                    "sources.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted or reported.")] = None,
    limit: LimitOption = None,
    fmt: Annotated[ListFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
) -> None:
    """Real-world events clustered from the stored mentions, oldest first. The table shows
    each side as compact codes (RUS-MIL, CSTO) and ids as unique prefixes; --format json
    has every actor whole."""
    flt = EventFilter(actor=actor_, country=country, dyad=_dyad(dyad), type=type_, quad=quad,
                      place=place, since=_day(since, "--since"), until=_day(until, "--until"),
                      min_sources=min_sources, modality=modality, limit=limit)
    with opened_store(db) as store:
        found = store.list_events(flt)
    if fmt == Format.JSON:
        write_json([e.as_json() for e in found])
    elif fmt == Format.CSV:
        write_csv([event_row(e) for e in found], EVENT_CSV_FIELDS)
    else:
        print_rows(EVENT_TABLE, _table_rows(found, wide), wide)
        ui.out.print(f"{len(found)} events")


def _table_rows(found: list[Event], wide: bool) -> list[dict]:
    shown = short_ids([e.id for e in found], whole=wide)
    return [{**event_row(e), "shown_id": shown[e.id], "source_codes": side_codes(e.source),
             "target_codes": side_codes(e.target)} for e in found]


@handles_errors
def event(
    event_id: Annotated[str, typer.Argument(help="An event id or a unique prefix of it.")],
    db: DbOption = None,
    fmt: Annotated[TextOrJson, format_option()] = Format.TEXT,
) -> None:
    """One event: its actors, place and time, the chain of sources, every mention with its
    sentence, and its revisions."""
    with opened_store(db) as store:
        found = store.get_event(event_id)
    if fmt == Format.JSON:
        write_json(found.as_json())
    else:
        _print_event(found)


def _print_event(found: Event) -> None:
    row = event_row(found)
    out = ui.out
    out.print(Text(f"{found.id}  {found.type} ({found.quad}, {found.modality})", style="bold"))
    for label in ("source", "target", "place"):
        out.print(Text(f"  {label}: {row[label] or '-'}"))
    out.print(f"  when: {found.start} to {found.end}")
    out.print(f"  independent sources: {found.independent_sources}; confidence "
              f"{found.confidence:.2f}; revision {found.revision}")
    out.print(Text("chain of sources", style="bold"))
    for position, origin in enumerate(found.chain):
        kind = "party to the event" if origin.party else "independent"
        first = " (first reported)" if position == 0 else ""
        out.print(Text(f"  {origin.name}: {kind}{first}, {origin.first_published or '?'}"))
        for doc in origin.documents:
            via = f" via {doc.via}" if doc.via else ""
            out.print(Text(f"    {doc.role}{via}: {doc.publisher or '?'} - {doc.source}"))
    out.print(Text("mentions", style="bold"))
    for mention in found.mentions:
        out.print(Text(f"  {mention.published or '----------'} {mention.document[:10]} "
                       f"{mention.type} {mention.modality} [{mention.role}]"))
        out.print(Text(f"    {mention.sentence.strip()}"))
    for revision in found.revisions or []:
        out.print(Text(f"revision {revision.revision} ({revision.at[:19]}): {revision.reason}"))
