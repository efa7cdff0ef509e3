"""`eventwire doctor`: is this installation complete?"""

from __future__ import annotations

import typer
from rich.text import Text

from eventwire._version import __version__
from eventwire.cli.common import DbOption, handles_errors, options, ui
from eventwire.store import default_path


@handles_errors
def doctor(db: DbOption = None) -> None:
    """Check this installation: interpreter, spaCy pipeline, data and cache folders, the
    store, optional extras. One line each, with the fix for anything missing; exits 1 when
    something required is missing."""
    from eventwire.doctor import run_checks

    ui.out.print(f"eventwire {__version__}")
    checks = run_checks(db or default_path(options().store.path))
    for check in checks:
        mark, style = ("ok", "green") if check.ok else \
            ("missing", "red") if check.required else ("optional", "yellow")
        line = Text(f"{mark:>8}  ", style=style)
        line.append(f"{check.name}: {check.detail}")
        if check.fix:
            line.append(f"  -> {check.fix}", style="bold")
        ui.out.print(line)
    if any(c.required and not c.ok for c in checks):
        raise typer.Exit(1)
