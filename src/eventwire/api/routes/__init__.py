"""Every router of the app, in the order they are included: the API's, then the
dashboard's (eventwire.web)."""

from __future__ import annotations

from fastapi import APIRouter

from eventwire.api.routes import (
    actors,
    analyse,
    corrections,
    docs,
    documents,
    dyads,
    events,
    exports,
    influence,
    meta,
    places,
)
from eventwire.review import web as review_web
from eventwire.web import router as web_router

# the API's routers first, the pages last
ROUTERS: list[APIRouter] = [meta.router, docs.router, documents.router, events.router,
                            actors.router, places.router, dyads.router, influence.router,
                            exports.router, analyse.router, corrections.router,
                            review_web.router, web_router]
