"""Commands that run the pipeline: ingest and run (into the store), extract (the contract,
stored nowhere), reanalyse and corroborate (over what is stored)."""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from eventwire.cli.browse import print_summary
from eventwire.cli.common import (
    DbOption,
    DictOption,
    Format,
    SettingsOption,
    format_option,
    formats,
    handles_errors,
    opened_store,
    options,
    ui,
    warn,
)
from eventwire.cli.render import terminal_safe
from eventwire.contract import to_contract
from eventwire.document import Document
from eventwire.errors import OptionsError
from eventwire.ingest.sources import InputFile, discover
from eventwire.options import Options
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Runner, RunReport, StoreSink
from eventwire.store import DocumentFilter, Store

PathsArgument = Annotated[list[str], typer.Argument(
    help="Files, folders (recursive) or - for stdin.")]
OptionalPathsArgument = Annotated[list[str] | None, typer.Argument(
    help="Files, folders (recursive) or - for stdin.", show_default=False)]
ExtractFormat = formats(Format.JSON, Format.JSONL)


FetchOption = Annotated[list[str] | None, typer.Option(
    "--fetch", metavar="URL", help="Fetch a page or a feed over http(s) and ingest it, the "
    "URL as its source (repeatable; with or without PATHS). Private, loopback and cloud "
    "metadata addresses are refused: see docs/fetching.md.")]
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Let --fetch reach loopback and private-network addresses "
    "(a server on this machine or an intranet); refused by default. Cloud metadata, "
    "multicast and unspecified addresses stay refused.")]


@handles_errors
def ingest(
    ctx: typer.Context,
    paths: OptionalPathsArgument = None,
    fetch: FetchOption = None,
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Read texts, pages, feeds and JSONL into the store, skipping what is already there.
    `run` does the same and then summarises the store (the main job)."""
    command = ctx.info_name or "ingest"
    if not paths and not fetch:
        raise OptionsError("nothing to ingest: give files, folders, - (stdin) or --fetch URL")
    settings_ = options(settings)
    if allow_private:
        settings_ = settings_.with_overrides({"fetch": {"allow_private": True}})
    pipeline = Pipeline(settings_, tuple(dicts or ()))  # bad settings fail before the store
    with opened_store(db, settings_) as store:
        runner = Runner(settings_, StoreSink(store), command, pipeline=pipeline)
        report = _run_with_progress(runner, paths or [], settings_, fetch or [])
        pipeline.stop_parse_process()
        print_report(report)
        corroborate_store(store, settings_, report.run_id)
        if command == "run":
            print_summary(store)


def _run_with_progress(runner: Runner, paths: list[str], settings: Options,
                       urls: list[str]) -> RunReport:
    """A progress bar on a terminal, a log line every few seconds otherwise (URLs are
    fetched first, outside the bar: their sizes are not known before)."""
    if ui.err.is_terminal:
        total = sum(i.size for i in discover(paths, settings.ingest) if isinstance(i, InputFile))
        with Progress(TextColumn("[bold]ingest"), BarColumn(), TextColumn("{task.description}"),
                      TimeRemainingColumn(), console=ui.err, transient=True) as bar:
            task = bar.add_task("", total=total or None)

            def advance(item: InputFile | None, size: int) -> None:
                name = Path(item.source).name if item else ""
                bar.update(task, advance=size, description=Text(name[:40]).plain)

            return runner.run(paths, advance, urls)
    last = [time.monotonic()]

    def log_line(item: InputFile | None, size: int) -> None:
        now = time.monotonic()
        if now - last[0] >= settings.ingest.log_every_seconds:
            last[0] = now
            rep = runner.report
            ui.err.print(f"ingest: {rep.inputs} inputs, {len(rep.outcomes)} items, "
                         f"{rep.bytes_read:,} bytes", markup=False)

    return runner.run(paths, log_line, urls)


def print_report(report: RunReport, title: str = "ingest") -> None:
    """A run's summary, and its first failures with their reasons."""
    summary = report.summary()
    table = Table(title=title, show_header=False, box=None)
    table.add_row("inputs", str(summary["inputs"]))
    table.add_row("items", str(summary["items"]))
    table.add_row("stored", f"{summary['stored']} (near duplicates: "
                  f"{summary['near_duplicates']}, partial: {summary['partial']})")
    for label in ("skipped", "failed"):
        reasons = summary[label]
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items())) or "-"
        table.add_row(label, f"{sum(reasons.values())} ({detail})")
    rate = summary["documents_per_second"]
    table.add_row("throughput", f"{rate} items/s, {summary['bytes'] / 1e6:.2f} MB in "
                  f"{summary['seconds']} s" if rate else f"{summary['seconds']} s")
    ui.out.print(table)
    # failed items, and items stored without some layers (reason "partial")
    noted = [o for o in report.outcomes if o.status == "failed" or o.reason == "partial"]
    for outcome in noted[:50]:
        where = f"{outcome.source}" + (f" ({outcome.locator})" if outcome.locator else "")
        label = outcome.reason if outcome.status != "failed" else f"failed {outcome.reason}"
        ui.out.print(Text(terminal_safe(f"  {label}: {where}: {outcome.message}"),
                          style="yellow"))
    if len(noted) > 50:
        ui.out.print(f"  ... and {len(noted) - 50} more (eventwire log)")


@handles_errors
def extract(
    files: Annotated[list[str], typer.Argument(help="Files, folders or - for stdin.")],
    fmt: Annotated[ExtractFormat, format_option("json (indented) or jsonl.")] = Format.JSON,
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Run the pipeline without storing and print the JSON contract of each document.
    Items skipped or failed (a timeout or a crash included) are listed on stderr with their
    reason; the exit code is 1 when any failed."""

    def emit(doc: Document) -> None:
        text = json.dumps(to_contract(doc), ensure_ascii=False,
                          indent=2 if fmt == Format.JSON else None)
        sys.stdout.write(text + "\n")

    report = Runner(options(settings), KeepSink(emit), "extract", tuple(dicts or ())).run(files)
    for outcome in report.outcomes:
        if outcome.status in ("skipped", "failed"):
            where = outcome.source + (f" ({outcome.locator})" if outcome.locator else "")
            warn(f"{outcome.status} {outcome.reason}: {where}: {outcome.message}")
    if report.failures():
        raise typer.Exit(1)


@handles_errors
def reanalyse(
    db: DbOption = None,
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Run every stage again over the stored documents (after upgrading eventwire or
    editing dictionaries); ids and texts stay, layers are replaced."""
    settings_ = options(settings)
    pipeline = Pipeline(settings_, tuple(dicts or ()))
    run_id = uuid.uuid4().hex
    count = 0
    with opened_store(db, settings_) as store:
        for doc in store.iter_documents(DocumentFilter()):
            base = doc.model_copy(update={"anatomy": None, "actors": None, "events": None,
                                          "places": None, "times": None, "quotes": None,
                                          "claims": None, "stages": doc.stages[:1]})
            with store.transaction():
                store.replace_layers(pipeline.analyse(base), run_id)
            count += 1
        ui.out.print(f"re-analysed {count} documents")
        corroborate_store(store, settings_, run_id)


@handles_errors
def corroborate(
    db: DbOption = None,
    settings: SettingsOption = None,
    rebuild: Annotated[bool, typer.Option(
        help="Cluster every mention afresh (events keep their ids where they keep "
        "mentions) instead of adding new mentions to the events there.")] = False,
) -> None:
    """Cluster the stored event mentions into real-world events (ingest and reanalyse do
    this themselves)."""
    settings_ = options(settings)
    with opened_store(db, settings_) as store:
        corroborate_store(store, settings_, uuid.uuid4().hex, rebuild)


def corroborate_store(store: Store, settings: Options, run_id: str | None,
                      rebuild: bool = False) -> None:
    from eventwire.corroborate import corroborate as run_corroboration

    report = run_corroboration(store, settings.corroborate, run_id, rebuild)
    ui.out.print(f"events: {report.events} from {report.mentions} asserted or reported "
                 f"mentions ({report.created} new, {report.revised} revised, "
                 f"{report.dissolved} dissolved)")
