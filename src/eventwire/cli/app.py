"""The eventwire command line: one typer app."""

from __future__ import annotations

import csv
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from eventwire._version import __version__
from eventwire.cli.render import Column, left_out_note, render_table
from eventwire.contract import GEONAMES_CREDIT, generate_schema, to_contract
from eventwire.document import Document
from eventwire.errors import EventwireError
from eventwire.ingest.sources import InputFile, discover
from eventwire.options import Options, load_options
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Runner, RunReport, StoreSink
from eventwire.store import DocumentFilter, DuckDBStore, open_store
from eventwire.store.duckdb import DB_ENV, default_path

app = typer.Typer(
    help="eventwire: evidence-backed political event data from news and press releases.",
    no_args_is_help=True,
    add_completion=False,
)
def _consoles() -> tuple[Console, Console]:
    return Console(highlight=False, soft_wrap=True), Console(stderr=True, highlight=False)


out, err = _consoles()

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"Store file (DuckDB). Default: ${DB_ENV}, else eventwire.duckdb."),
]
DictOption = Annotated[
    list[Path] | None,
    typer.Option("--dict", help="An actor dictionary of your own (YAML, the format of data/; "
                 "repeatable). Its entries win over the project's.", exists=True,
                 dir_okay=False),
]
WideOption = Annotated[
    bool, typer.Option("--wide", help="Every column, however narrow the terminal (the table "
                       "may then be wider than the screen).")]
SettingsOption = Annotated[
    Path | None,
    typer.Option("--settings", help="TOML settings file layered over the defaults.",
                 exists=True, dir_okay=False),
]


def _options(settings: Path | None) -> Options:
    try:
        return load_options(settings)
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc


def _store(db: str | None, options: Options) -> DuckDBStore:
    try:
        return open_store(db or default_path(options.store.path))
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc


def _print_version(value: bool) -> None:
    if value:
        out.print(f"eventwire {__version__}")
        raise typer.Exit


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    """eventwire: evidence-backed political event data from news and press releases."""
    global out, err
    # Consoles made at each invocation read the terminal's width ($COLUMNS) as it is now.
    out, err = _consoles()


@app.command()
def doctor(db: DbOption = None) -> None:
    """Check this installation: interpreter, spaCy pipeline, data and cache folders, the
    store, optional extras. One line each, with the fix for anything missing; exits 1 when
    something required is missing."""
    from eventwire.doctor import run_checks

    out.print(f"eventwire {__version__}")
    checks = run_checks(db or default_path(_options(None).store.path))
    for check in checks:
        mark, style = ("ok", "green") if check.ok else \
            ("missing", "red") if check.required else ("optional", "yellow")
        line = Text(f"{mark:>8}  ", style=style)
        line.append(f"{check.name}: {check.detail}")
        if check.fix:
            line.append(f"  -> {check.fix}", style="bold")
        out.print(line)
    if any(c.required and not c.ok for c in checks):
        raise typer.Exit(1)


# -- ingest ---------------------------------------------------------------------------------
def _run_ingest(paths: list[str], db: str | None, settings: Path | None,
                command: str, dicts: list[Path] | None) -> tuple[RunReport, DuckDBStore]:
    options = _options(settings)
    store = _store(db, options)
    ingestor = _runner(options, StoreSink(store), command, dicts)
    total = sum(i.size for i in discover(paths, options.ingest) if isinstance(i, InputFile))
    if err.is_terminal:
        with Progress(TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.description}"),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            task = bar.add_task("", total=total or None)

            def advance(item: InputFile | None, size: int) -> None:
                name = Path(item.source).name if item else ""
                bar.update(task, advance=size, description=Text(name[:40]).plain)

            report = ingestor.run(paths, advance)
    else:
        last = [time.monotonic()]

        def log_line(item: InputFile | None, size: int) -> None:
            now = time.monotonic()
            if now - last[0] >= options.ingest.log_every_seconds:
                last[0] = now
                rep = ingestor.report
                err.print(f"ingest: {rep.inputs} inputs, {len(rep.outcomes)} items, "
                          f"{rep.bytes_read:,} bytes", markup=False)

        report = ingestor.run(paths, log_line)
    return report, store


def _runner(options: Options, sink: StoreSink | KeepSink, command: str,
            dicts: list[Path] | None) -> Runner:
    """A runner over the pipeline settings describe; bad pipeline settings exit 2."""
    try:
        return Runner(options, sink, command, tuple(dicts or ()))
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc


def _print_report(report: RunReport) -> None:
    summary = report.summary()
    table = Table(title="ingest", show_header=False, box=None)
    table.add_row("inputs", str(summary["inputs"]))
    table.add_row("items", str(summary["items"]))
    table.add_row("stored", f"{summary['stored']} (near duplicates: {summary['near_duplicates']})")
    for label in ("skipped", "failed"):
        reasons = summary[label]
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) or "-"
        table.add_row(label, f"{sum(reasons.values())} ({detail})")
    rate = summary["documents_per_second"]
    table.add_row("throughput", f"{rate} items/s, {summary['bytes'] / 1e6:.2f} MB in "
                  f"{summary['seconds']} s" if rate else f"{summary['seconds']} s")
    out.print(table)
    failures = [o for o in report.outcomes if o.status == "failed"]
    for outcome in failures[:50]:
        where = f"{outcome.source}" + (f" ({outcome.locator})" if outcome.locator else "")
        out.print(Text(f"  failed {outcome.reason}: {where}: {outcome.message}", style="yellow"))
    if len(failures) > 50:
        out.print(f"  ... and {len(failures) - 50} more (eventwire log --status failed)")


PathsArgument = Annotated[list[str], typer.Argument(
    help="Files, folders (recursive) or - for stdin.")]


def ingest(
    ctx: typer.Context,
    paths: PathsArgument,
    db: DbOption = None,
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Read texts, pages, feeds and JSONL into the store, skipping what is already there.
    `run` does the same and then summarises the store (the main job)."""
    command = ctx.info_name or "ingest"
    report, store = _run_ingest(paths, db, settings, command, dicts)
    _print_report(report)
    _corroborate(store, _options(settings), report.run_id)
    if command == "run":
        _print_summary(store)
    store.close()


app.command("ingest")(ingest)
app.command("run", help="The main job: ingest PATHS with every stage, then summarise the "
            "store.")(ingest)


# -- extract --------------------------------------------------------------------------------
@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Files, folders or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", help="json (indented) or jsonl.")] = "json",
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Run the pipeline without storing and print the JSON contract of each document.
    Items skipped or failed (a timeout or a crash included) are listed on stderr with their
    reason; the exit code is 1 when any failed."""
    if fmt not in ("json", "jsonl"):
        raise typer.BadParameter("use json or jsonl", param_hint="--format")
    options = _options(settings)

    def emit(doc: Document) -> None:
        text = json.dumps(to_contract(doc), ensure_ascii=False,
                          indent=2 if fmt == "json" else None)
        sys.stdout.write(text + "\n")

    report = _runner(options, KeepSink(emit), "extract", dicts).run(files)
    for outcome in report.outcomes:
        if outcome.status in ("skipped", "failed"):
            where = outcome.source + (f" ({outcome.locator})" if outcome.locator else "")
            err.print(Text(f"{outcome.status} {outcome.reason}: {where}: {outcome.message}",
                           style="yellow"), markup=False)
    if report.failures():
        raise typer.Exit(1)


# -- browse ---------------------------------------------------------------------------------
def _filter(genre: str | None, language: str | None, publisher: str | None,
            since: str | None, until: str | None, translated: bool | None,
            duplicates: bool, search: str | None, limit: int | None) -> DocumentFilter:
    return DocumentFilter(genre=genre, language=language, publisher=publisher, since=since,
                          until=until, translated=translated, duplicates=duplicates,
                          text=search, limit=limit)


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


@app.command()
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
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    wide: WideOption = False,
) -> None:
    """List stored documents, with filters."""
    store = _store(db, _options(None))
    rows = store.list_documents(_filter(genre, language, publisher, since, until, translated,
                                        duplicates, search, limit))
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
    else:
        _print_rows(DOC_COLUMNS, rows, wide)
        out.print(f"{len(rows)} documents")


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


def _print_rows(columns: tuple[Column, ...], rows: list[Any], wide: bool,
                title: str | None = None) -> None:
    """One table for any listing: the columns that fit, and a line naming the rest."""
    shown = render_table(out, columns, rows, wide=wide, title=title)
    note = left_out_note(columns, shown) if rows else None
    if note:
        err.print(Text(note, style="dim"))


def _span_text(text: str, span: Any) -> str:
    return text[span[0]:span[1]] if span else ""


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id, or a unique prefix (6+ chars).")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json (the contract).")] = "text",
) -> None:
    """One stored document with its anatomy."""
    store = _store(db, _options(None))
    try:
        doc = store.get(doc_id)
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(1) from exc
    if fmt == "json":
        sys.stdout.write(json.dumps(to_contract(doc), ensure_ascii=False, indent=2) + "\n")
        return
    a = doc.anatomy
    assert a is not None
    table = Table(show_header=False, box=None)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    out.print(f"id {doc.id}", soft_wrap=True)
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
                                    f"{_span_text(doc.text, cite.sentence)[:100]}"))
    for link in a.links:
        table.add_row("link", Text(link.url))
    for ref in a.scripture:
        table.add_row("scripture", Text(f"{ref.work} {ref.ref}  ({ref.cited_as})"))
    for cit in a.legal:
        table.add_row("legal", Text(f"{cit.instrument}, {cit.ref}"))
    for passage in a.passages:
        table.add_row(f"passage [{passage.language}]",
                      Text(_span_text(doc.text, passage.span)[:100]))
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
    clustered = _events_of(store, doc.id)
    for event in doc.events or []:
        who = ", ".join(names.get(i, i) for i in event.source) or "?"
        whom = ", ".join(names.get(i, i) for i in event.target) or "-"
        trigger = _span_text(doc.text, event.evidence.trigger)
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
    out.print(table)
    out.rule()
    out.print(Text(doc.text))


def _events_of(store: DuckDBStore, doc_id: str) -> dict[str, str]:
    """Mention id -> the real-world event it was clustered into."""
    return dict(store.con.execute(
        "SELECT mention_id, event_id FROM event_members WHERE document_id = ?",
        [doc_id]).fetchall())


# -- export ---------------------------------------------------------------------------------
@app.command()
def export(
    out_path: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl (the contract), csv or parquet.")]
    = "jsonl",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    db: DbOption = None,
    genre: GenreOpt = None,
    language: LangOpt = None,
    publisher: PubOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    duplicates: DupOpt = True,
) -> None:
    """Write stored documents to JSONL (full contract), CSV or Parquet (flat table)."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise typer.BadParameter("use jsonl, csv or parquet", param_hint="--format")
    if out_path.exists() and not force:
        err.print(Text(f"{out_path} exists; pass --force to overwrite it", style="red"))
        raise typer.Exit(1)
    store = _store(db, _options(None))
    flt = _filter(genre, language, publisher, since, until, None, duplicates, None, None)
    tmp = out_path.with_name(out_path.name + ".partial")
    if fmt == "jsonl":
        count = 0
        with tmp.open("w", encoding="utf-8") as stream:
            for doc in store.iter_documents(flt):
                stream.write(json.dumps(to_contract(doc), ensure_ascii=False) + "\n")
                count += 1
    else:
        count = store.export_table(fmt, tmp, flt)
    tmp.replace(out_path)  # a half-written export never takes the target's name
    out.print(f"wrote {count} documents to {out_path} ({fmt})")
    if fmt == "jsonl":
        out.print(f"{GEONAMES_CREDIT} (each object's `attribution` carries it).")


# -- summaries ------------------------------------------------------------------------------
def _tally_table(title: str, rows: list[tuple[Any, int]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    for value, count in rows:
        table.add_row(Text(str(value) if value is not None else "(none)"), str(count))
    return table


def _print_summary(store: DuckDBStore) -> None:
    total = store.count()
    duplicates = total - store.count(DocumentFilter(duplicates=False))
    translated = store.count(DocumentFilter(translated=True))
    out.print(f"\n[bold]{total} documents[/bold] in {Text(store.path).plain} "
              f"({duplicates} near-duplicate republications, {translated} translations)")
    out.print(_tally_table("genres", store.tally("genre")))
    out.print(_tally_table("languages (documents containing)", store.tally("languages",
                                                                           unnest=True)))
    out.print(_tally_table("publishers", store.tally("publisher", top=15)))
    out.print(_tally_table("formats", store.tally("format")))
    events = store.con.execute(
        "SELECT type, count(*) FILTER (WHERE modality IN ('asserted', 'reported')), count(*) "
        "FROM event_mentions GROUP BY type ORDER BY 2 DESC, type").fetchall()
    if events:
        out.print(_tally_table("event mentions (asserted or reported / all)",
                               [(t, f"{n} / {total}") for t, n, total in events]))
    clustered = store.con.execute(
        "SELECT type, count(*), count(*) FILTER (WHERE independent_sources >= 2) FROM events "
        "GROUP BY type ORDER BY 2 DESC, type").fetchall()
    if clustered:
        out.print(_tally_table("real-world events (all / with 2+ independent sources)",
                               [(t, f"{n} / {m}") for t, n, m in clustered]))
    top = store.list_actors(limit=15)
    if top:
        out.print(_tally_table("actors (mentions)",
                               [(f"{a['name']} [{a['code']}]", a["mentions"]) for a in top]))


@app.command()
def summary(db: DbOption = None) -> None:
    """Summarise the store: documents, genres, languages, publishers."""
    store = _store(db, _options(None))
    _print_summary(store)


@app.command()
def log(
    db: DbOption = None,
    run_id: Annotated[str | None, typer.Option("--run", help="Run id (default: latest).")] = None,
    status: Annotated[str | None, typer.Option(help="stored, near_duplicate, skipped, failed.")]
    = None,
    wide: WideOption = False,
) -> None:
    """What happened to every input of a run, with the reason for each skip or failure."""
    store = _store(db, _options(None))
    if run_id is None:
        row = store.con.execute("SELECT id FROM runs ORDER BY started DESC LIMIT 1").fetchone()
        if row is None:
            out.print("no runs yet")
            return
        run_id = row[0]
    sql = "SELECT source, locator, status, reason, message FROM ingest_log WHERE run_id = ?"
    params: list[Any] = [run_id]
    if status:
        sql += " AND status = ?"
        params.append(status)
    rows = store.con.execute(sql + " ORDER BY position", params).fetchall()
    _print_rows(LOG_COLUMNS, rows, wide, title=f"run {run_id}")


LOG_COLUMNS = (
    Column("source", lambda r: r[0]),
    Column("status", lambda r: r[2], whole=True),
    Column("reason", lambda r: r[3] or "", whole=True),
    Column("message", lambda r: r[4] or "", priority=1),
    Column("item", lambda r: r[1] or "", priority=2, min_width=6),
)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the extraction contract, with field documentation."""
    sys.stdout.write(json.dumps(generate_schema(), indent=2) + "\n")


eval_app = typer.Typer(help="Measure a layer against gold data; the last line is JSON.",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("anatomy")
def eval_anatomy(
    gold: Annotated[list[Path], typer.Argument(
        help="Gold YAML files (docs/gold-anatomy-format.md).", exists=True, dir_okay=False)],
    root: Annotated[Path, typer.Option(help="Folder the gold `file` paths are relative to.")]
    = Path("."),
    errors: Annotated[bool, typer.Option("--errors", help="List every mismatch.")] = False,
    settings: SettingsOption = None,
) -> None:
    """Score document anatomy field by field against gold annotations."""
    from eventwire.evaluation.anatomy import evaluate, scores

    results = evaluate(gold, root, _options(settings))
    if errors:
        for result in results:
            for item in result.fields:
                if not item.ok:
                    out.print(Text(f"{result.key} {item.field}: expected {item.expected!r} "
                                   f"found {item.found!r}"))
    figures: dict[str, Any] = {"documents": len(results), **scores(results)}
    sys.stdout.write(json.dumps(figures) + "\n")


# -- actors ---------------------------------------------------------------------------------
@app.command()
def actors(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country code, e.g. RUS.")] = None,
    sector: Annotated[str | None, typer.Option(help="Sector code, e.g. MIL.")] = None,
    kind: Annotated[str | None, typer.Option(help="country, organization, person or group.")]
    = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    wide: WideOption = False,
) -> None:
    """Stored actors with their mention counts, most mentioned first."""
    store = _store(db, _options(None))
    rows = store.list_actors(country, sector, kind, limit)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    _print_rows(ACTOR_COLUMNS, rows, wide)


ACTOR_COLUMNS = (
    Column("name", lambda r: r["name"]),
    Column("code", lambda r: r["code"], whole=True),
    Column("mentions", lambda r: str(r["mentions"]), whole=True, justify="right"),
    Column("kind", lambda r: r["kind"], priority=2, whole=True),
    Column("documents", lambda r: str(r["documents"]), priority=3, whole=True,
           justify="right"),
    Column("id", lambda r: r["id"], priority=1),
)


@app.command()
def actor(
    name_or_id: Annotated[str, typer.Argument(help="An actor id (see `eventwire actors`) or "
                                              "part of a name.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many mentions.")] = 100,
) -> None:
    """Every mention of an actor, with the sentence it stands in."""
    from eventwire.anatomy.sentences import sentence_spans

    store = _store(db, _options(None))
    rows = store.actor_mentions(name_or_id)
    if not rows:
        err.print(Text(f"no stored actor matches {name_or_id!r}", style="red"))
        raise typer.Exit(1)
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
        out.print(line)
    out.print(f"{len(rows)} mentions of {len({r['actor_id'] for r in rows})} actor(s)")


dict_app = typer.Typer(help="Actor dictionaries.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command("import")
def dict_import(
    source: Annotated[Path, typer.Argument(help="A CAMEO/PETRARCH actor or agent dictionary.",
                                           exists=True, dir_okay=False)],
    out_path: Annotated[Path, typer.Option("--out", help="YAML file to write (use with --dict).")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Convert a CAMEO/PETRARCH dictionary into eventwire's YAML dictionary format."""
    from eventwire.extract.cameo import import_file
    from eventwire.extract.dictionary import actor_dictionary

    if out_path.exists() and not force:
        err.print(Text(f"{out_path} exists; pass --force to overwrite it", style="red"))
        raise typer.Exit(1)
    countries = {e.country for e in actor_dictionary().entries.values()
                 if e.kind == "country" and e.country}
    try:
        report = import_file(source, out_path, countries)
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(1) from exc
    out.print(f"wrote {report.entries} entries to {out_path}")
    for line in report.skipped[:20]:
        out.print(Text(f"  skipped {line}", style="yellow"))
    if len(report.skipped) > 20:
        out.print(f"  ... and {len(report.skipped) - 20} more skipped")


@eval_app.command("actors")
def eval_actors(
    gold: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON).",
                                         exists=True, dir_okay=False)],
    errors: Annotated[bool, typer.Option("--errors", help="List every miss.")] = False,
    dicts: DictOption = None,
) -> None:
    """Code accuracy and sector accuracy of the actors found at gold actor spans."""
    from eventwire.evaluation.actors import evaluate, figures

    results, rate = evaluate(gold, Pipeline(_options(None), tuple(dicts or ())))
    if errors:
        for r in results:
            if not (r.code_ok and r.sector_ok):
                found = f"{r.found.code} ({r.found.name})" if r.found else "nothing"
                out.print(Text(f"{r.record}: {r.text!r} gold {r.gold_code}/"
                               f"{r.gold_sector or '-'} found {found}"))
    figures_ = {**figures(results), "sentences_per_second": round(rate, 1)}
    sys.stdout.write(json.dumps(figures_) + "\n")


@app.command()
def reanalyse(
    db: DbOption = None,
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Run every stage again over the stored documents (after upgrading eventwire or
    editing dictionaries); ids and texts stay, layers are replaced."""
    options = _options(settings)
    store = _store(db, options)
    pipeline = Pipeline(options, tuple(dicts or ()))
    run_id = uuid.uuid4().hex
    count = 0
    for doc in store.iter_documents(DocumentFilter()):
        base = doc.model_copy(update={"anatomy": None, "actors": None, "events": None,
                                      "places": None, "times": None, "quotes": None,
                                      "claims": None,
                                      "stages": doc.stages[:1]})
        with store.transaction():
            store.replace_layers(pipeline.analyse(base), run_id)
        count += 1
    out.print(f"re-analysed {count} documents")
    _corroborate(store, options, run_id)


@eval_app.command("plv")
def eval_plv(
    gold: Annotated[Path, typer.Argument(help="PLV pairs (TSV with sentence, source, target, "
                                         "gold_root).", exists=True, dir_okay=False)],
    confusion: Annotated[bool, typer.Option(help="Print the commonest confusions.")] = False,
) -> None:
    """Pair classification and end-to-end event coding on PLV sentences."""
    from eventwire.evaluation.events import evaluate_plv

    figures = evaluate_plv(gold, Pipeline(_options(None)))
    pairs = figures.pop("confusion")
    if confusion:
        for pair, count in pairs:
            out.print(f"{count:4d} {pair}")
    sys.stdout.write(json.dumps(figures) + "\n")


@eval_app.command("plover")
def eval_plover(
    gold: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON).",
                                         exists=True, dir_okay=False)],
) -> None:
    """End-to-end event coding on PLOVER gold-standard records."""
    from eventwire.evaluation.events import evaluate_plover

    sys.stdout.write(json.dumps(evaluate_plover(gold, Pipeline(_options(None)))) + "\n")


@eval_app.command("events")
def eval_events(
    gold: Annotated[Path, typer.Argument(help="Annotated sentences (YAML, the format of "
                                         "tests/fixtures/events/sentences.yaml).",
                                         exists=True, dir_okay=False)],
) -> None:
    """Type recall, precision, modality accuracy and false-assertion rate on sentences."""
    from eventwire.evaluation.events import evaluate_sentences

    sys.stdout.write(json.dumps(evaluate_sentences(gold, Pipeline(_options(None)))) + "\n")


@eval_app.command("geo")
def eval_geo(
    gold: Annotated[Path, typer.Argument(help="Articles with toponyms (JSONL).", exists=True,
                                         dir_okay=False)],
) -> None:
    """Toponym recognition F1 and resolution (accuracy within 161 km, AUC, median km)."""
    from eventwire.evaluation.places_times import evaluate_geo

    sys.stdout.write(json.dumps(evaluate_geo(gold, Pipeline(_options(None)))) + "\n")


@eval_app.command("dates")
def eval_dates(
    folder: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files.", exists=True,
                                           file_okay=False)],
) -> None:
    """Span recall and value accuracy over gold DATE expressions."""
    from eventwire.evaluation.places_times import evaluate_dates

    sys.stdout.write(json.dumps(evaluate_dates(folder, Pipeline(_options(None)))) + "\n")


@app.command()
def places(
    db: DbOption = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 country code.")] = None,
    level: Annotated[str | None, typer.Option(help="country, admin1, city, site or region.")]
    = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    wide: WideOption = False,
) -> None:
    """Stored places with coordinates and mention counts, most mentioned first."""
    store = _store(db, _options(None))
    rows = store.list_places(country, level, limit)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    _print_rows(PLACE_COLUMNS, rows, wide)
    out.print(f"{GEONAMES_CREDIT}.")


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


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Actor id, or part of the speaker's "
                                                "name.")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc", help="Document id or a unique "
                                               "prefix (6+ chars).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = 100,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    wide: WideOption = False,
) -> None:
    """Stored quotes with their speakers, oldest document first."""
    if fmt not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    store = _store(db, _options(None))
    try:
        rows = store.list_quotes(speaker, doc_id, limit)
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(1) from exc
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, default=str, ensure_ascii=False, indent=2) + "\n")
        return
    _print_rows(QUOTE_COLUMNS, rows, wide)
    out.print(f"{len(rows)} quotes")


QUOTE_COLUMNS = (
    Column("speaker", lambda r: r["speaker_name"] or "?"),
    Column("text", lambda r: r["text"][:160], min_width=24),
    Column("published", lambda r: str(r["published"] or ""), priority=1, whole=True),
    Column("kind", lambda r: r["kind"], priority=3, whole=True),
    Column("cue", lambda r: r["cue"] or "", priority=4),
    Column("doc", lambda r: r["document_id"][:10], priority=2, whole=True),
)


@eval_app.command("quotes")
def eval_quotes(
    folder: Annotated[Path, typer.Argument(help="A BRAT attribution folder with text/ and "
                                           "attributions/ (the PolNeAR layout).",
                                           exists=True, file_okay=False)],
    errors: Annotated[bool, typer.Option("--errors", help="List every missed attribution.")]
    = False,
) -> None:
    """Direct and indirect quote precision and recall, and recall with the right speaker."""
    from eventwire.evaluation.quotes import evaluate_quotes

    try:
        figures, results = evaluate_quotes(folder, Pipeline(_options(None)))
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc
    if errors:
        for result in results:
            for gold, found, speaker_ok in zip(result.gold, result.found, result.speaker_ok,
                                               strict=True):
                if not speaker_ok:
                    what = "speaker" if found else "missed"
                    kind = "direct" if gold.direct else "indirect"
                    out.print(Text(f"{result.name} {kind} {what}: {gold.content}"))
    sys.stdout.write(json.dumps(figures) + "\n")


# -- events (corroboration) -----------------------------------------------------------------
def _corroborate(store: DuckDBStore, options: Options, run_id: str | None,
                 rebuild: bool = False) -> None:
    from eventwire.corroborate import corroborate as run_corroboration

    report = run_corroboration(store, options.corroborate, run_id, rebuild)
    out.print(f"events: {report.events} from {report.mentions} asserted or reported "
              f"mentions ({report.created} new, {report.revised} revised, "
              f"{report.dissolved} dissolved)")


@app.command()
def corroborate(
    db: DbOption = None,
    settings: SettingsOption = None,
    rebuild: Annotated[bool, typer.Option(
        help="Cluster every mention afresh (events keep their ids where they keep "
        "mentions) instead of adding new mentions to the events there.")] = False,
) -> None:
    """Cluster the stored event mentions into real-world events (ingest and reanalyse do
    this themselves)."""
    options = _options(settings)
    store = _store(db, options)
    _corroborate(store, options, uuid.uuid4().hex, rebuild)


EVENT_COLUMNS = ("id", "type", "quad", "modality", "start", "end", "source", "target",
                 "place", "independent_sources", "mentions", "confidence", "revision",
                 "first_reported_by")


def _side_text(side: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['name']} [{a['country'] or '-'}{'-' if a['sectors'] else ''}"
                     f"{'/'.join(a['sectors'])}]" for a in side)


def _codes(side: list[dict[str, Any]]) -> str:
    """A side in compact codes: "RUS-MIL, TJK" (country and first sector), an IGO or group
    by its dictionary code ("CSTO"), else the name the text gave."""
    return ", ".join(dict.fromkeys(_code(a) for a in side))


def _code(actor: dict[str, Any]) -> str:
    if actor["country"]:
        sectors = [s for s in actor["sectors"] if s != actor["country"]]
        return f"{actor['country']}-{sectors[0]}" if sectors else actor["country"]
    for actor_id in actor.get("actor_ids") or ():
        kind, _, code = actor_id.partition(":")
        if kind in ("igo", "group") and code:
            return code
    return actor["name"]


def _event_row(event: dict[str, Any]) -> dict[str, Any]:
    place = event.get("place")
    return {
        "id": event["id"], "type": event["type"], "quad": event["quad"],
        "modality": event["modality"], "start": event["start"], "end": event["end"],
        "source": _side_text(event["source"]), "target": _side_text(event["target"]),
        "place": f"{place['name']} ({place['level']})" if place else "",
        "independent_sources": event["independent_sources"],
        "mentions": len(event["mentions"]), "confidence": event["confidence"],
        "revision": event["revision"], "first_reported_by": event["first_reported_by"],
    }


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.replace(">", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise typer.BadParameter("give two country codes, e.g. RUS-KAZ", param_hint="--dyad")
    return parts[0], parts[1]


@app.command()
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
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    wide: WideOption = False,
) -> None:
    """Real-world events clustered from the stored mentions, oldest first. The table shows
    each side as compact codes (RUS-MIL, CSTO); --format json has every actor whole."""
    from eventwire.store.events import EventFilter, EventTables

    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter("use table, json or csv", param_hint="--format")
    for value, hint in ((since, "--since"), (until, "--until")):
        if value is not None:
            _check_day(value, hint)
    store = _store(db, _options(None))
    flt = EventFilter(actor=actor_, country=country, dyad=_dyad(dyad), type=type_, quad=quad,
                      place=place, since=since, until=until, min_sources=min_sources,
                      modality=modality, limit=limit)
    rows = EventTables(store.con, store.path).list(flt)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    flat = [_event_row(e) for e in rows]
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(EVENT_COLUMNS))
        writer.writeheader()
        writer.writerows(flat)
        return
    shown_ids = _short_ids([e["id"] for e in rows], whole=wide)
    for found, row in zip(rows, flat, strict=True):
        row["shown_id"] = shown_ids[found["id"]]
        row["source_codes"] = _codes(found["source"])
        row["target_codes"] = _codes(found["target"])
    _print_rows(EVENT_TABLE, flat, wide)
    out.print(f"{len(rows)} events")


# A prefix of an id is enough for `eventwire event`; shown whole with --wide.
_SHORT_ID = 11  # "ev-" and eight hex digits


def _short_ids(ids: list[str], whole: bool) -> dict[str, str]:
    """Each id cut to the shortest prefix (at least _SHORT_ID) unique among ``ids``."""
    if whole:
        return {i: i for i in ids}
    size = _SHORT_ID
    while len({i[:size] for i in ids}) < len(set(ids)):
        size += 1
    return {i: i[:size] for i in ids}


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


def _check_day(value: str, hint: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=hint) from exc


@app.command()
def event(
    event_id: Annotated[str, typer.Argument(help="An event id or a unique prefix of it.")],
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """One event: its actors, place and time, the chain of sources, every mention with its
    sentence, and its revisions."""
    from eventwire.store.events import EventTables

    store = _store(db, _options(None))
    try:
        found = EventTables(store.con, store.path).get(event_id)
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(1) from exc
    if fmt == "json":
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    _print_event(found)


def _print_event(found: dict[str, Any]) -> None:
    row = _event_row(found)
    out.print(Text(f"{found['id']}  {found['type']} ({found['quad']}, {found['modality']})",
                   style="bold"))
    for label in ("source", "target", "place"):
        out.print(Text(f"  {label}: {row[label] or '-'}"))
    out.print(f"  when: {found['start']} to {found['end']}")
    out.print(f"  independent sources: {found['independent_sources']}; confidence "
              f"{found['confidence']:.2f}; revision {found['revision']}")
    out.print(Text("chain of sources", style="bold"))
    for position, origin in enumerate(found["chain"]):
        kind = "party to the event" if origin["party"] else "independent"
        first = " (first reported)" if position == 0 else ""
        out.print(Text(f"  {origin['name']}: {kind}{first}, {origin['first_published'] or '?'}"))
        for doc in origin["documents"]:
            via = f" via {doc['via']}" if doc["via"] else ""
            out.print(Text(f"    {doc['role']}{via}: {doc['publisher'] or '?'} - {doc['source']}"))
    out.print(Text("mentions", style="bold"))
    for mention in found["mentions"]:
        out.print(Text(f"  {mention['published'] or '----------'} {mention['document'][:10]} "
                       f"{mention['type']} {mention['modality']} [{mention['role']}]"))
        out.print(Text(f"    {mention['sentence'].strip()}"))
    for revision in found.get("revisions", []):
        out.print(Text(f"revision {revision['revision']} ({revision['at'][:19]}): "
                       f"{revision['reason']}"))


@eval_app.command("corroboration")
def eval_corroboration(
    gold: Annotated[Path, typer.Argument(help="Gold clusters (YAML, the format of "
                                         "examples/gold/corroboration.yaml).", exists=True,
                                         dir_okay=False)],
    settings: SettingsOption = None,
) -> None:
    """Ingest the documents a gold file names into a scratch store, cluster them and score
    the events; the last line is JSON."""
    from eventwire.evaluation.corroboration import evaluate_corroboration

    try:
        result = evaluate_corroboration(gold, _options(settings))
    except EventwireError as exc:
        err.print(Text(str(exc), style="red"))
        raise typer.Exit(2) from exc
    for miss in result.pop("misses"):
        err.print(Text(f"  {miss}", style="yellow"))
    out.print(json.dumps(result))
