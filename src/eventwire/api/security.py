"""Who may ask, and what a browser may do with the answers.

- A server bound to loopback needs no token; bound to any other address it refuses to start
  without one (`eventwire serve --token`), and then every request must carry it:
  `Authorization: Bearer TOKEN`, or the `eventwire_token` cookie the dashboard's sign-in
  page sets (so links and forms work in a browser).
- Every response carries a strict Content-Security-Policy: scripts, styles, images and
  requests only from this server, no inline script, no framing; the dashboard is written
  to need nothing else.
"""

from __future__ import annotations

import hmac
import ipaddress

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from eventwire.api.errors import error_response
from eventwire.errors import OptionsError

TOKEN_COOKIE = "eventwire_token"
# Every API answer says whether analysts' corrections are in the data it was made from.
CORRECTIONS = "X-Eventwire-Corrections-In-Force"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# paths anyone may fetch: the sign-in page and what it needs
OPEN_PATHS = ("/signin", "/static/")


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise OptionsError("a server bound to an address other than loopback needs a token: "
                           "pass --token or --token-file", source=host)
    if token is not None and len(token) < 16:
        raise OptionsError("a token must be at least 16 characters", source="--token")


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(TOKEN_COOKIE)


def token_matches(request: Request, token: str) -> bool:
    given = presented_token(request)
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _corrections_in_force(request: Request) -> str:
    with request.app.state.served.using() as store:
        return str(store.corrections_in_force())


class Guard(BaseHTTPMiddleware):
    """The token check (when the app has a token) and the security headers."""

    def __init__(self, app, token: str | None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint,
                       ) -> Response:
        if self.token and not request.url.path.startswith(OPEN_PATHS) \
                and not token_matches(request, self.token):
            response: Response = error_response(
                401, "E401", "this server needs its token: Authorization: Bearer TOKEN")
        else:
            response = await call_next(request)
            if request.url.path.startswith("/api/"):
                response.headers[CORRECTIONS] = _corrections_in_force(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
