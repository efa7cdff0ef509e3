"""`eventwire dict import`: a CAMEO/PETRARCH dictionary in eventwire's YAML format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from eventwire.cli.common import fail, handles_errors, ui


@handles_errors
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
        raise fail(f"{out_path} exists; pass --force to overwrite it")
    countries = {e.country for e in actor_dictionary().entries.values()
                 if e.kind == "country" and e.country}
    report = import_file(source, out_path, countries)
    ui.out.print(f"wrote {report.entries} entries to {out_path}")
    for line in report.skipped[:20]:
        ui.out.print(Text(f"  skipped {line}", style="yellow"))
    if len(report.skipped) > 20:
        ui.out.print(f"  ... and {len(report.skipped) - 20} more skipped")
