"""The app `eventwire serve` runs: the API under /api, the dashboard's pages at the root,
one error shape, one guard (Host, cross-site writes, token, security headers), one store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI

from eventwire._version import __version__
from eventwire.api import errors
from eventwire.api.access import Served
from eventwire.api.routes import ROUTERS
from eventwire.api.security import Guard, allowed_hosts, check_binding
from eventwire.options import Options, load_options

DESCRIPTION = """Evidence-backed political events from news and press releases: documents
with their layers, real-world events with their chains of sources, actors, places, dyad
series and the influence index, and exports. Every figure leads to the sentences it came
from. Errors have one shape: `{"error": {"status", "code", "message", "source"}}`."""


def create_app(db: str, options: Options | None = None, token: str | None = None,
               host: str = "127.0.0.1", port: int | None = None,
               allowed_host: Sequence[str] = ()) -> FastAPI:
    """The app over the store ``db``; refused when bound beyond loopback without a token.

    ``host`` and ``port`` are where it is served (``port`` None: not known, so the Host
    header's port is not checked), ``allowed_host`` the other names it answers to."""
    check_binding(host, token)
    state = Served(db=db, options=options or load_options(), token=token)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.open()
        try:
            yield
        finally:
            state.close()

    app = FastAPI(title="eventwire", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.served = state
    errors.install(app)
    app.add_middleware(Guard, token=token, hosts=allowed_hosts(host, port, allowed_host))
    for router in ROUTERS:
        app.include_router(router)
    return app
