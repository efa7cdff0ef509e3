"""The offline dashboard: server-rendered pages (Jinja2, autoescaped) with SVG charts and
a vendored basemap, served by `eventwire serve` at / beside the REST API. Nothing is
fetched from another host, and no page needs inline script or style (the app's CSP)."""

from eventwire.web.routes import router

__all__ = ["router"]
