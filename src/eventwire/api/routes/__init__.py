"""Every router of the app, in the order they are included: the API's, then the
dashboard's (eventwire.web)."""

from __future__ import annotations

from fastapi import APIRouter

from eventwire.api.routes import meta
from eventwire.web import router as web_router

ROUTERS: list[APIRouter] = [meta.router, web_router]
