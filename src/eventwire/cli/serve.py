"""`eventwire serve`: the REST API and the dashboard over one store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli.common import DbOption, SettingsOption, handles_errors, options, ui
from eventwire.errors import OptionsError
from eventwire.store import default_path


@handles_errors
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback "
                                      "needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        help="A secret every request must carry (Authorization: Bearer TOKEN, or the "
        "dashboard's sign-in page); at least 16 characters.", envvar="EVENTWIRE_TOKEN")]
    = None,
    token_file: Annotated[Path | None, typer.Option(
        help="Read the token from this file (its first line).", exists=True,
        dir_okay=False)] = None,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", help="Another name this server answers to (repeatable): the "
        "name clients use to reach it beyond loopback, or a reverse proxy's. Requests "
        "naming any other host get 421, against DNS rebinding.")] = None,
    settings: SettingsOption = None,
) -> None:
    """Serve the REST API (/api, OpenAPI at /openapi.json, docs at /api/docs) and the
    offline dashboard (/) over the store, until interrupted."""
    import uvicorn

    from eventwire.api import create_app

    if token and token_file:
        raise OptionsError("give --token or --token-file, not both")
    if token_file is not None:
        token = token_file.read_text(encoding="utf-8").splitlines()[0].strip() or None
    loaded = options(settings)
    store = db or default_path(loaded.store.path)
    app = create_app(store, loaded, token=token, host=host, port=port,
                     allowed_host=allowed_host or ())
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    ui.err.print(f"eventwire: serving {store} at http://{shown}:{port}/ "
                 f"(API http://{shown}:{port}/api/docs); Ctrl-C stops")
    if host in ("0.0.0.0", "::") and not allowed_host:
        ui.err.print("eventwire: only loopback names are accepted in the Host header; give "
                     "--allowed-host NAME for the name clients use to reach this machine")
    uvicorn.run(app, host=host, port=port, log_level="warning")
