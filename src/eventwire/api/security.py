"""Who may ask, from where, and what a browser may do with the answers.

- **Token.** A server bound to loopback needs no token; bound to any other address it
  refuses to start without one (`eventwire serve --token`), and then every request must
  carry it: `Authorization: Bearer TOKEN`, or the `eventwire_token` cookie the dashboard's
  sign-in page sets (so links and forms work in a browser). Compared in constant time.
- **Host.** DNS rebinding points an attacker's name at this machine, so a page of theirs
  becomes "same-origin" with this server. Every request's Host must therefore be a name
  this server answers to: the loopback names and addresses, the bound address, and the
  names given with `eventwire serve --allowed-host`; anything else gets 421 with a fixed
  message.
- **Cross-site writes (CSRF).** A request that may write (any method but GET, HEAD and
  OPTIONS) is refused when the browser says it comes from another site (`Sec-Fetch-Site`,
  `Origin`, or `Referer` when there is no Origin), or when it carries cookies and says
  nothing about where it comes from. An API client with `Authorization: Bearer` and no
  cookies carries no ambient credential, so it cannot be forged and is let through. The
  dashboard's forms also carry a per-session double-submit token (csrf_field).
- **No CORS.** No response ever carries `Access-Control-Allow-Origin`; a preflight gets
  405 like any other unknown method, so other sites' scripts cannot read the answers.
- **Headers.** Every response carries a strict Content-Security-Policy (scripts, styles,
  images and requests only from this server, no inline script, no framing) and the other
  headers of HEADERS; answers that are not static files are never cached.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from eventwire.api.errors import error_response
from eventwire.errors import OptionsError

TOKEN_COOKIE = "eventwire_token"
CSRF_COOKIE = "eventwire_csrf"
CSRF_FIELD = "csrf"
# Every API answer says whether analysts' corrections are in the data it was made from.
CORRECTIONS = "X-Eventwire-Corrections-In-Force"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # not no-referrer: under it a browser sends `Origin: null` with a form post, even to
    # the same origin, and the cross-site check could not tell the dashboard's own forms
    # from another site's
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    # features Chromium knows (an unknown one is a console error on every page)
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
NO_STORE = "no-store"
# paths anyone may fetch: the sign-in page (that path exactly) and what it needs
OPEN_PAGE, OPEN_FOLDER = "/signin", "/static/"
# files that never hold data, so caching them is harmless
CACHEABLE_PATHS = ("/static/", "/api/docs.css")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")
# what Starlette's in-process TestClient puts in the scope and the Host header
IN_PROCESS_CLIENT, IN_PROCESS_HOST = "testclient", "testserver"
HOST_REFUSED = ("this server does not answer to that host name (DNS rebinding guard); "
                "start it with eventwire serve --allowed-host NAME")
CROSS_SITE_REFUSED = "a request that writes must come from this server's own pages"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


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


# -- the token ------------------------------------------------------------------------------
def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(TOKEN_COOKIE)


def token_matches(request: Request, token: str) -> bool:
    """Compared with hmac.compare_digest, whose time does not depend on where the two
    first differ (a plain == would tell an attacker how much of a guess was right)."""
    given = presented_token(request)
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


# -- the Host header -----------------------------------------------------------------------
@dataclass(frozen=True)
class AllowedHost:
    """A name the server answers to; ``port`` None: on any port."""

    name: str
    port: int | None

    def admits(self, name: str, port: int | None) -> bool:
        return name == self.name and (self.port is None or port == self.port)


def _bare(name: str) -> str:
    return name.strip().lower().removeprefix("[").removesuffix("]")


def allowed_hosts(host: str, port: int | None, extra: Iterable[str] = ()) -> tuple[
        AllowedHost, ...]:
    """The loopback names and the bound address on the served port (any port when the app
    is not served on a known one: in-process tests), and the ``extra`` names on any port
    (a reverse proxy in front may use its own)."""
    names = [*LOOPBACK_NAMES]
    if _bare(host) not in WILDCARD_ADDRESSES:
        names.append(_bare(host))
    return (*(AllowedHost(n, port) for n in dict.fromkeys(names)),
            *(AllowedHost(_bare(n), None) for n in extra if _bare(n)))


def split_host(value: str, scheme: str) -> tuple[str, int | None] | None:
    """(name, port) of a Host header, None when it is not one; the port defaults to the
    scheme's."""
    found = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[^\s:\[\]/@]+)(?::(\d{1,5}))?", value.strip())
    if found is None:
        return None
    port = int(found.group(2)) if found.group(2) else {"http": 80, "https": 443}.get(scheme)
    return _bare(found.group(1)), port


def in_process(request: Request) -> bool:
    """A call from Starlette's TestClient with its own Host. A real server puts its
    socket's address in the scope's `server`, so no request that came over a network can
    look like this (the client's name alone could: a trusted proxy's X-Forwarded-For)."""
    server = request.scope.get("server") or ("", None)
    return server[0] == IN_PROCESS_HOST and request.client is not None \
        and request.client.host == IN_PROCESS_CLIENT \
        and request.headers.get("host") == IN_PROCESS_HOST


def host_allowed(request: Request, allowed: tuple[AllowedHost, ...]) -> bool:
    if in_process(request):
        return True
    parsed = split_host(request.headers.get("host", ""), request.url.scheme)
    return parsed is not None and any(a.admits(*parsed) for a in allowed)


# -- cross-site requests ---------------------------------------------------------------------
def own_origin(request: Request) -> str:
    # request.url is built from the Host header, which the guard has already checked
    return f"{request.url.scheme}://{request.url.netloc}".lower()


def cross_site(request: Request) -> bool:
    """Whether a request that writes may come from another site's page."""
    headers = request.headers
    if headers.get("authorization", "").lower().startswith("bearer ") \
            and "cookie" not in headers:
        return False  # no ambient credential: nothing another site could borrow
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    own = own_origin(request)
    origin = headers.get("origin")
    if origin is not None:
        return origin.rstrip("/").lower() != own
    referer = headers.get("referer")
    if referer is not None:
        lowered = referer.lower()
        return not (lowered == own or lowered.startswith(own + "/"))
    # browsers say where a post comes from; one with cookies that says nothing is refused
    return "cookie" in headers


# -- the dashboard forms' double-submit token ------------------------------------------------
def csrf_token(request: Request) -> str:
    """The session's form token: the cookie's when it has one of the right shape, else
    a new one (given to the browser by set_csrf_cookie)."""
    held = request.cookies.get(CSRF_COOKIE, "")
    return held if _TOKEN_SHAPE.fullmatch(held) else secrets.token_urlsafe(32)


def set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")


def csrf_field_matches(request: Request, given: str) -> bool:
    """Whether a form's hidden field repeats the session's cookie: another site can make
    a browser post a form here, but can neither read nor set this cookie."""
    held = request.cookies.get(CSRF_COOKIE, "")
    return bool(held) and bool(given) and hmac.compare_digest(held.encode(), given.encode())


def is_open(path: str) -> bool:
    return path == OPEN_PAGE or path.startswith(OPEN_FOLDER)


def _corrections_in_force(request: Request) -> str:
    with request.app.state.served.using() as store:
        return str(store.corrections_in_force())


class Guard(BaseHTTPMiddleware):
    """The Host check, the cross-site check on writes, the token check (when the app has
    a token) and the security headers, in that order."""

    def __init__(self, app, token: str | None,  # type: ignore[no-untyped-def]
                 hosts: tuple[AllowedHost, ...]) -> None:
        super().__init__(app)
        self.token = token
        self.hosts = hosts

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint,
                       ) -> Response:
        response = self.refusal(request)
        if response is None:
            response = await call_next(request)
            if request.url.path.startswith("/api/"):
                response.headers[CORRECTIONS] = _corrections_in_force(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith(CACHEABLE_PATHS):
            response.headers["Cache-Control"] = NO_STORE
        # never CORS: whatever a handler might add, no other origin may read an answer
        for name in [n for n in response.headers if n.lower().startswith("access-control-")]:
            del response.headers[name]
        return response

    def refusal(self, request: Request) -> Response | None:
        """The error answer for a request refused before any handler sees it."""
        if not host_allowed(request, self.hosts):
            return error_response(421, "E421", HOST_REFUSED)
        if request.method not in SAFE_METHODS and cross_site(request):
            return error_response(403, "E403", CROSS_SITE_REFUSED)
        if self.token and not is_open(request.url.path) \
                and not token_matches(request, self.token):
            return error_response(
                401, "E401", "this server needs its token: Authorization: Bearer TOKEN")
        return None
