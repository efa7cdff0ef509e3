"""The eventwire command line: the typer app and the list of its commands, each a thin
function in a module of this package (processing, browse, events, evaluate, dictionaries,
doctor) over the shared options, formats and error handling of ``common``."""

from __future__ import annotations

from typing import Annotated

import typer

from eventwire._version import __version__
from eventwire.cli import (
    analytics,
    browse,
    dictionaries,
    doctor,
    evaluate,
    events,
    exports,
    processing,
    scale,
    serve,
)
from eventwire.cli.common import ui
from eventwire.cli.review import review_app

app = typer.Typer(
    help="eventwire: evidence-backed political event data from news and press releases.",
    no_args_is_help=True,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        ui.out.print(f"eventwire {__version__}")
        raise typer.Exit


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    """eventwire: evidence-backed political event data from news and press releases."""
    ui.refresh()  # read the terminal's width as it is for this invocation


# The main job and the pipeline
app.command("run", help="The main job: ingest PATHS with every stage, then summarise the "
            "store.")(processing.ingest)
app.command("ingest")(processing.ingest)
app.command()(processing.extract)
app.command()(processing.reanalyse)
app.command()(processing.corroborate)
app.command()(scale.batch)
app.command()(scale.load)

# Reading the store
for command in (browse.docs, browse.show, exports.export, browse.summary, browse.log,
                browse.schema, browse.actors, browse.actor, browse.places, browse.quotes):
    app.command()(command)
app.command()(events.events)
app.command()(events.event)

# Serving
app.command()(serve.serve)

# Analysis
app.command()(analytics.dyad)
app.command("influence")(analytics.influence_command)
app.command()(doctor.doctor)

dict_app = typer.Typer(help="Actor dictionaries.", no_args_is_help=True)
dict_app.command("import")(dictionaries.dict_import)
app.add_typer(dict_app, name="dict")

# Review: analysts' corrections (eventwire.review)
app.add_typer(review_app, name="review")

eval_app = typer.Typer(help="Measure a layer against gold data; the last line is JSON.",
                       no_args_is_help=True)
for name in ("anatomy", "actors", "plv", "plover", "events", "geo", "dates", "quotes",
             "corroboration", "annotated"):
    eval_app.command(name)(getattr(evaluate, f"eval_{name}"))
app.add_typer(eval_app, name="eval")
