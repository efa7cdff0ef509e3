"""What every command shares: the consoles, the options that recur, one output format
enum, opening settings and the store, and one mapping of errors to exit codes.

Exit codes: 0 done; 1 something asked for is missing or failed (an unknown id, a refused
file, an input that could not be read); 2 the command line or the settings are wrong
(click's own usage errors are 2 as well).
"""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from eventwire.cli.render import Column, left_out_note, render_table, terminal_safe
from eventwire.errors import EventwireError, OptionsError
from eventwire.options import Options, load_options
from eventwire.store import DB_ENV, Store, default_path, open_store


class Consoles:
    """stdout and stderr consoles, made anew at each invocation so that they read the
    terminal's width ($COLUMNS) as it is then."""

    def __init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False)


ui = Consoles()


class Format(StrEnum):
    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


def formats(*allowed: Format) -> type[StrEnum]:
    """The choices of one command's ``--format``: a StrEnum of some of Format's members
    (typer turns it into a choice list in the help); its values compare equal to them."""
    return StrEnum("Formats_" + "_".join(f.value for f in allowed),  # type: ignore[return-value]
                   {f.name: f.value for f in allowed})


def format_option(help_text: str = "") -> Any:
    return typer.Option("--format", help=help_text or "Output format.")


DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"Store: a DuckDB file or URL. Default: ${DB_ENV}, else "
                 "eventwire.duckdb."),
]
DictOption = Annotated[
    list[Path] | None,
    typer.Option("--dict", help="An actor dictionary of your own (YAML, the format of "
                 "eventwire/data; repeatable). Its entries win over the project's.",
                 exists=True, dir_okay=False),
]
SettingsOption = Annotated[
    Path | None,
    typer.Option("--settings", help="TOML settings file layered over the defaults.",
                 exists=True, dir_okay=False),
]
WideOption = Annotated[
    bool, typer.Option("--wide", help="Every column, however narrow the terminal (the table "
                       "may then be wider than the screen).")]
LimitOption = Annotated[int | None, typer.Option(help="At most this many rows.")]


def exit_code(error: EventwireError) -> int:
    return 2 if isinstance(error, OptionsError) else 1


P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """An eventwire error ends the command with its message in red and its exit code,
    never with a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except EventwireError as exc:
            ui.err.print(Text(str(exc), style="red"))
            raise typer.Exit(exit_code(exc)) from exc

    return run


def options(settings: Path | None = None) -> Options:
    return load_options(settings)


@contextmanager
def opened_store(db: str | None, settings: Options | None = None) -> Iterator[Store]:
    """The store ``--db`` names (else $EVENTWIRE_DB, else the settings' path), closed when
    the command ends, whatever happens."""
    store = open_store(db or default_path((settings or options()).store.path))
    try:
        yield store
    finally:
        store.close()


def write_json(value: Any, *, indent: int | None = 2) -> None:
    sys.stdout.write(json.dumps(value, default=str, ensure_ascii=False, indent=indent) + "\n")


def warn(message: str) -> None:
    ui.err.print(Text(terminal_safe(message), style="yellow"))


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` in red; the caller raises what this returns."""
    ui.err.print(Text(terminal_safe(message), style="red"))
    return typer.Exit(code)


def print_rows(columns: Sequence[Column], rows: Sequence[Any], wide: bool,
               title: str | None = None) -> None:
    """One table for any listing: the columns that fit, and a line on stderr naming the
    rest."""
    shown = render_table(ui.out, columns, rows, wide=wide, title=title)
    note = left_out_note(columns, shown) if rows else None
    if note:
        ui.err.print(Text(note, style="dim"))


def write_csv(rows: Sequence[dict[str, Any]], fields: Sequence[str] | None = None) -> None:
    """Rows as CSV on stdout; a list value is written joined with ';'."""
    names = list(fields or (rows[0] if rows else ["id"]))
    writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v
                         for k, v in row.items()})


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[Column],
              wide: bool) -> None:
    """A listing in the format asked for: table, json or csv."""
    if fmt == Format.JSON:
        write_json(list(rows))
    elif fmt == Format.CSV:
        write_csv(rows)
    else:
        print_rows(columns, rows, wide)
