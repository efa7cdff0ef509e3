"""`eventwire review`: correct an event or a mention, mark it wrong, list the corrections,
undo one, and export them as training examples for the event coder."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from eventwire.cli.common import (
    DbOption,
    Format,
    SettingsOption,
    WideOption,
    format_option,
    formats,
    handles_errors,
    opened_store,
    options,
    print_rows,
    ui,
    write_json,
)
from eventwire.cli.render import Column
from eventwire.errors import ExportError
from eventwire.review.corrections import (
    Request,
    add,
    listed_json,
    listing,
    parse_cli_value,
    undo,
)
from eventwire.review.training import training_examples

review_app = typer.Typer(
    help="Analysts' corrections: stored apart from the machine's output, applied to every "
    "figure, export and answer, undoable (docs/review.md).", no_args_is_help=True)

ListFormat = formats(Format.TABLE, Format.JSON)
IdArgument = Annotated[str, typer.Argument(
    help="An event id (ev-..., or a unique prefix) or an event mention's id (as "
    "`eventwire event ID` lists them).")]
ReasonOption = Annotated[str, typer.Option(help="Why (required; stored with the "
                                           "correction).")]
AuthorOption = Annotated[str | None, typer.Option(help="Who corrects. Default: your login "
                                                  "name.")]

LIST_TABLE = (
    Column("id", lambda r: r.correction.id, whole=True),
    Column("kind", lambda r: r.correction.kind, whole=True),
    Column("target", lambda r: r.correction.target, whole=True),
    Column("field", lambda r: r.correction.field, whole=True),
    Column("value", lambda r: _shown(r.correction.value), min_width=8),
    Column("now on", lambda r: r.attached_to or "ORPHANED", whole=True),
    Column("reason", lambda r: r.correction.reason, priority=1),
    Column("author", lambda r: r.correction.author, priority=2, whole=True),
    Column("created", lambda r: f"{r.correction.created:%Y-%m-%d %H:%M}", priority=3,
           whole=True),
    Column("undone", lambda r: f"{r.correction.undone:%Y-%m-%d %H:%M}"
           if r.correction.undone else "", priority=2, whole=True),
)


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    return ",".join(value) if isinstance(value, list) else str(value)


def _author(author: str | None) -> str:
    return author or getpass.getuser()


@review_app.command("add")
@handles_errors
def add_command(
    target: IdArgument,
    field: Annotated[str, typer.Option(help="type | mode | source | target | place | start "
                                       "| end (events); type | mode | modality | source | "
                                       "target | start | end (mentions).")],
    reason: ReasonOption,
    value: Annotated[str | None, typer.Option(
        help="The corrected value: a PLOVER type (ACCUSE), a modality, YYYY-MM-DD, a place "
        "id, or party codes 'RUS,KAZ' / 'RUS-MIL' / 'IGO:CSTO'. Empty: no mode or place.")]
    = None,
    author: AuthorOption = None,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Correct one field of an event or a mention; the events are corroborated again."""
    correction = _record(Request(target, field, parse_cli_value(field, value), reason,
                                 _author(author)), db, settings)
    ui.out.print(f"correction {correction.id}: {correction.kind} {correction.target} "
                 f"{correction.field} = {_shown(correction.value)}")


def _record(request: Request, db: str | None, settings: Path | None) -> Any:
    """Store one correction and corroborate again, in the store --db names."""
    settings_ = options(settings)
    with opened_store(db, settings_) as store:
        return add(store, request, settings_.corroborate)


@review_app.command("wrong")
@handles_errors
def wrong_command(
    target: IdArgument,
    reason: ReasonOption,
    author: AuthorOption = None,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Mark an event or a mention wrong: it counts nowhere (until the mark is undone)."""
    correction = _record(Request(target, "wrong", None, reason, _author(author)), db,
                         settings)
    ui.out.print(f"correction {correction.id}: {correction.kind} {correction.target} "
                 "marked wrong")


@review_app.command("list")
@handles_errors
def list_command(
    all_: Annotated[bool, typer.Option("--all", help="Undone corrections too.")] = False,
    fmt: Annotated[ListFormat, format_option("table or json.")] = Format.TABLE,
    wide: WideOption = False,
    db: DbOption = None,
) -> None:
    """The corrections in force (or all), each with the record it applies to now; a
    mention correction that no mention has any more is ORPHANED."""
    with opened_store(db) as store:
        rows = listing(store, all_)
    if fmt == Format.JSON:
        write_json([listed_json(r) for r in rows])
        return
    print_rows(LIST_TABLE, rows, wide, title="corrections")
    orphaned = sum(r.orphaned for r in rows)
    if orphaned:
        ui.err.print(f"{orphaned} correction(s) orphaned: their record is gone")


@review_app.command("undo")
@handles_errors
def undo_command(
    correction_id: Annotated[str, typer.Argument(help="The correction's id (or a unique "
                                                 "prefix).")],
    reason: ReasonOption,
    author: AuthorOption = None,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Undo a correction: it stays stored, marked undone (when, by whom, why)."""
    settings_ = options(settings)
    with opened_store(db, settings_) as store:
        undone = undo(store, correction_id, reason, _author(author), settings_.corroborate)
    ui.out.print(f"correction {undone.id} undone")


@review_app.command("export")
@handles_errors
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The JSONL file to write.")],
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
    db: DbOption = None,
) -> None:
    """The corrections as training examples for the event coder (training/pairs format:
    the sentence with <s>source</s> and <t>target</t> marked, the corrected label)."""
    if out.exists() and not force:
        raise ExportError(f"{out} exists; pass --force to overwrite it", source=str(out))
    with opened_store(db) as store:
        examples = training_examples(store)
    with out.open("w", encoding="utf-8") as stream:
        for row in examples.rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    left = ", ".join(f"{why}: {n}" for why, n in sorted(examples.left_out.items()))
    ui.out.print(f"{len(examples.rows)} training example(s) written to {out}"
                 + (f"; left out {left}" if left else ""))
