"""Commands of the batch path: batch (inputs into a folder of Parquet parts, locally or on
Ray) and load (such a folder into a store, then corroboration)."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eventwire.cli.common import (
    DbOption,
    DictOption,
    SettingsOption,
    handles_errors,
    opened_store,
    options,
    ui,
)
from eventwire.cli.processing import PathsArgument, corroborate_store, print_report
from eventwire.scale import BatchSettings, batch_options, load_batch, run_batch


class Engine(StrEnum):
    LOCAL = "local"
    RAY = "ray"


@handles_errors
def batch(
    paths: PathsArgument,
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet parts and "
                                      "manifest.json; it must be empty (or see --force).")],
    engine: Annotated[Engine, typer.Option(
        help="local: in this process, no extra install. ray: a pool of Ray actors "
        "(pip install 'eventwire[ray]').")] = Engine.LOCAL,
    address: Annotated[str | None, typer.Option(
        help="With --engine ray: join this Ray cluster (e.g. ray://head:10001 or auto) "
        "instead of starting a local Ray.")] = None,
    workers: Annotated[int, typer.Option(
        min=1, help="With --engine ray: actors, each with its own pipeline (and the CPUs "
        "of the local Ray it starts). The local engine is one worker.")] = 2,
    block_inputs: Annotated[int, typer.Option(
        min=1, help="Inputs per block; each block becomes one part of every table.")] = 8,
    force: Annotated[bool, typer.Option(
        help="Replace a previous batch in --out.")] = False,
    settings: SettingsOption = None,
    dicts: DictOption = None,
) -> None:
    """Analyse inputs (as `ingest` reads them) into partitioned Parquet, without a store:
    documents, raw sources, every layer, event mentions, the per-input log and a manifest.
    `eventwire load` puts the folder into a store. Duplicates are decided by `load`."""
    settings_ = options(settings)
    report = run_batch(paths, out, settings_, BatchSettings(
        engine=engine.value, workers=workers if engine == Engine.RAY else 1,
        address=address, block_inputs=block_inputs, dictionaries=tuple(dicts or ())),
        force=force, progress=_progress_lines(settings_.ingest.log_every_seconds))
    table = Table(title=f"batch ({engine.value})", show_header=False, box=None)
    table.add_row("folder", str(report.out))
    table.add_row("parts", str(report.parts))
    for name in ("inputs", "documents", "event_mentions", "raw"):
        table.add_row(name, str(report.counts[name]))
    outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(report.statuses.items())) or "-"
    table.add_row("outcomes", outcomes)
    table.add_row("throughput", f"{report.documents_per_second:.2f} documents/s in "
                  f"{report.seconds:.1f} s")
    ui.out.print(table)


def _progress_lines(every: float) -> Callable[[int], None]:
    """A line on stderr every few seconds: parts written so far."""
    last = [time.monotonic()]

    def report(parts: int) -> None:
        if time.monotonic() - last[0] >= every:
            last[0] = time.monotonic()
            ui.err.print(f"batch: {parts} parts written", markup=False)

    return report


@handles_errors
def load(
    folder: Annotated[Path, typer.Argument(help="A folder `eventwire batch` wrote.",
                                           file_okay=False)],
    db: DbOption = None,
) -> None:
    """Load a batch folder into a store, with ingest's duplicate rules and log, then
    corroborate. The batch's own settings (its manifest) apply; loading twice adds
    nothing."""
    settings_ = batch_options(folder)
    with opened_store(db, settings_) as store:
        report = load_batch(folder, store, settings_)
        print_report(report, title="load")
        corroborate_store(store, settings_, report.run_id)
