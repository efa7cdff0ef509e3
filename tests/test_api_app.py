"""The served app's frame: one error shape, the token rule, the Host check, the cross-site
check on writes, no CORS, errors that never repeat the request, no path traversal, and
the security headers (docs/api.md, "Security")."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.requests import Request
from typer.testing import CliRunner

from eventwire.api import create_app
from eventwire.api import security as security_module
from eventwire.api.routes import ROUTERS
from eventwire.api.security import CSP, CSRF_COOKIE, TOKEN_COOKIE
from eventwire.cli import app as cli
from eventwire.errors import OptionsError
from eventwire.options import Options

from .live_server import free_port, serving

LOCAL = "http://localhost"
SECRET = "a-long-enough-secret-token"
PROBE = "ew-probe-7f3a"  # what a hostile request carries; no answer may repeat it
SCRIPT = f"<script>alert('{PROBE}')</script>"
EVIL = "https://evil.example"


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "served.duckdb")


@pytest.fixture()
def client(db: str, options: Options) -> Iterator[TestClient]:
    with TestClient(create_app(db, options), base_url=LOCAL) as served:
        yield served


# -- headers ---------------------------------------------------------------------------------
def test_status_and_security_headers(client: TestClient) -> None:
    reply = client.get("/api/status")
    assert reply.status_code == 200
    assert reply.json()["documents"] == 0 and reply.json()["schema_version"] >= 7
    assert reply.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and reply.headers["x-frame-options"] == "DENY"
    assert reply.headers["x-eventwire-corrections-in-force"] == "0"
    assert reply.headers["content-type"] == "application/json"
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in reply.headers["permissions-policy"]
    assert reply.headers["referrer-policy"] == "same-origin"
    assert reply.headers["cache-control"] == "no-store"
    for page in ("/", "/documents", "/signin"):
        assert client.get(page).headers["cache-control"] == "no-store", page
    # the stylesheet holds no data: a browser may keep it
    assert "no-store" not in client.get("/static/dashboard.css").headers.get(
        "cache-control", "")


def test_errors_have_one_shape(client: TestClient) -> None:
    missing = client.get("/api/no-such-thing")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"status": 404, "code": "E404",
                                        "message": "Not Found", "source": None}}
    assert missing.headers["content-type"] == "application/json"
    assert missing.headers["x-content-type-options"] == "nosniff"


# -- the token -------------------------------------------------------------------------------
def test_beyond_loopback_a_token_is_required_and_checked(db: str, options: Options) -> None:
    with pytest.raises(OptionsError, match="needs a token"):
        create_app(db, options, host="0.0.0.0")
    with pytest.raises(OptionsError, match="16 characters"):
        create_app(db, options, token="short", host="0.0.0.0")
    with TestClient(create_app(db, options, token=SECRET, host="0.0.0.0"),
                    base_url=LOCAL) as client:
        refused = client.get("/api/status")
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "E401"
        assert refused.headers["content-security-policy"] == CSP
        assert client.get("/api/status", headers={"Authorization": "Bearer wrong-token-xx"}
                          ).status_code == 401
        assert client.get("/api/status", headers={"Authorization": f"Bearer {SECRET}"}
                          ).status_code == 200
        client.cookies.set(TOKEN_COOKIE, SECRET)
        assert client.get("/api/status").status_code == 200


def test_loopback_needs_no_token(db: str, options: Options) -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        with TestClient(create_app(db, options, host=host), base_url=LOCAL) as client:
            assert client.get("/api/status").status_code == 200


def every_route(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route the app has (its own and its routers'), path
    parameters filled in."""
    found = []
    routes = [r for r in app.routes if hasattr(r, "path")] + [
        r for router in ROUTERS for r in router.routes]
    for route in routes:
        # every path parameter but the export's pair is an id of some kind
        path = re.sub(r"\{[a-z_]+\}", "ev-0123456789abcdef",
                      route.path.replace("{what}.{fmt}", "events.csv"))
        methods = route.methods if isinstance(route, APIRoute) else {"GET"}
        found += [(method, path) for method in sorted(methods) if method != "HEAD"]
    return found


def test_every_route_and_page_needs_the_token(db: str, options: Options) -> None:
    app = create_app(db, options, token=SECRET, host="192.0.2.10")
    routes = every_route(app)
    posts = [r for r in routes if r[0] == "POST"]
    assert len(routes) > 25 and ("GET", "/api/events") in routes and ("GET", "/map") in routes
    assert {"/api/corrections", "/api/analyse", "/signin"} <= {p for _, p in posts}
    wrong = {"Authorization": "Bearer wrong-token-wrong"}
    with TestClient(app, base_url="http://192.0.2.10") as client:
        for method, path in routes:
            if path.startswith(("/signin", "/static")):
                continue  # the sign-in page and what it needs are open to anyone
            reply = client.request(method, path, headers=wrong, json={"text": "A treaty."})
            assert reply.status_code == 401, (method, path, reply.status_code)
            assert reply.json()["error"]["code"] == "E401"
        assert client.get("/signin").status_code == 200
        assert client.get("/signin/../api/status").status_code == 401
        assert client.get("/signinx").status_code == 401


def test_json_answers_say_they_are_json(client: TestClient) -> None:
    """Every API answer that is JSON is served as JSON, never sniffed as anything else."""
    checked = 0
    for method, path in every_route(client.app):
        if method != "GET" or not path.startswith("/api/"):
            continue
        reply = client.get(path)
        assert reply.headers["x-content-type-options"] == "nosniff", path
        if reply.text.lstrip().startswith(("{", "[")):
            media = reply.headers["content-type"].split(";")[0]
            assert media in ("application/json", "application/geo+json"), (path, media)
            checked += 1
    assert checked >= 15


def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []

    def spy(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return given == expected

    monkeypatch.setattr(security_module.hmac, "compare_digest", spy)
    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"",
             "headers": [(b"authorization", b"Bearer guess")]}
    assert security_module.token_matches(Request(scope), SECRET) is False
    assert compared == [(b"guess", SECRET.encode())]


# -- the Host header (DNS rebinding) --------------------------------------------------------
@pytest.mark.parametrize("host, allowed", [
    ("localhost:8000", True), ("127.0.0.1:8000", True), ("[::1]:8000", True),
    ("LOCALHOST:8000", True), ("localhost:8001", False), ("localhost", False),
    ("evil.example:8000", False), ("evil.example", False), ("127.0.0.1.evil.example:8000",
                                                            False),
    ("localhost:8000@evil.example", False), ("", False), (SCRIPT, False)])
def test_a_loopback_server_answers_only_to_loopback_names_on_its_port(
        db: str, options: Options, host: str, allowed: bool) -> None:
    with TestClient(create_app(db, options, port=8000), base_url=LOCAL) as client:
        reply = client.get("/api/status", headers={"Host": host})
        page = client.get("/", headers={"Host": host})
    if allowed:
        assert reply.status_code == 200 and page.status_code == 200
    else:
        assert reply.status_code == 421 and page.status_code == 421
        assert reply.json()["error"]["code"] == "E421"
        assert "allowed-host" in reply.json()["error"]["message"]
        if host:
            assert host not in reply.text and host not in page.text
        assert PROBE not in reply.text


def test_beyond_loopback_only_the_bound_address_and_allowed_names(
        db: str, options: Options) -> None:
    app = create_app(db, options, token=SECRET, host="192.0.2.10", port=8443,
                     allowed_host=["Dash.Example.org"])
    bearer = {"Authorization": f"Bearer {SECRET}"}
    with TestClient(app, base_url=LOCAL) as client:
        for host in ("192.0.2.10:8443", "dash.example.org", "dash.example.org:443",
                     "localhost:8443"):
            assert client.get("/api/status", headers={**bearer, "Host": host}
                              ).status_code == 200, host
        for host in ("192.0.2.10:80", "192.0.2.11:8443", "evil.example", "example.org"):
            # the Host check comes before the token: a rebinding page learns nothing
            assert client.get("/api/status", headers={**bearer, "Host": host}
                              ).status_code == 421, host


def test_serve_takes_allowed_hosts(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0", "--port",
                                      "8123", "--token", SECRET, "--allowed-host",
                                      "events.example.org"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 8123
    bearer = {"Authorization": f"Bearer {SECRET}"}
    with TestClient(served["app"], base_url=LOCAL) as client:
        assert client.get("/api/status", headers={**bearer, "Host": "events.example.org"}
                          ).status_code == 200
        assert client.get("/api/status", headers={**bearer, "Host": "localhost:8123"}
                          ).status_code == 200
        assert client.get("/api/status", headers={**bearer, "Host": "attacker.example"}
                          ).status_code == 421


# -- cross-site writes -------------------------------------------------------------------------
CORRECTION = {"target": "ev-0123456789abcdef", "field": "wrong", "reason": "a test"}


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL}, {"Origin": "null"}, {"Origin": "http://localhost:9999"},
    {"Origin": "http://localhost.evil.example"},
    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "cross-site", "Origin": LOCAL},
    {"Referer": f"{EVIL}/page"}, {"Referer": "http://localhost.evil.example/"},
    {"Cookie": "anything=1"},
    {"Cookie": "anything=1", "Authorization": f"Bearer {SECRET}"},
], ids=lambda h: ",".join(f"{k}={v}" for k, v in h.items()))
def test_writes_from_another_site_are_refused(client: TestClient,
                                              headers: dict[str, str]) -> None:
    for path, kwargs in (("/api/corrections", {"json": CORRECTION}),
                         ("/api/corrections/co-0123456789/undo", {"json": {"reason": "x"}}),
                         ("/api/analyse", {"data": {"text": "Russia signed a treaty."}}),
                         ("/signin", {"data": {"token": SECRET}})):
        reply = client.post(path, headers=headers, **kwargs)
        assert reply.status_code == 403, (path, reply.status_code)
        assert reply.json()["error"]["code"] == "E403"
    assert client.get("/api/corrections").json()["in_force"] == 0


@pytest.mark.parametrize("headers", [
    {}, {"Origin": LOCAL}, {"Origin": LOCAL + "/"}, {"Referer": LOCAL + "/review/x"},
    {"Sec-Fetch-Site": "same-origin", "Origin": LOCAL},
    {"Authorization": "Bearer an-api-client-token"},
], ids=lambda h: ",".join(f"{k}={v}" for k, v in h.items()) or "none")
def test_same_origin_and_api_clients_may_write(client: TestClient,
                                               headers: dict[str, str]) -> None:
    """Past the cross-site check, the correction is read and refused for its own reason:
    the event does not exist (and the message does not repeat its id)."""
    reply = client.post("/api/corrections", headers=headers, json=CORRECTION)
    assert reply.status_code == 404 and reply.json()["error"]["code"] == "E200", reply.text
    assert CORRECTION["target"] not in reply.text


def test_the_signin_form_needs_its_double_submit_token(db: str, options: Options) -> None:
    app = create_app(db, options, token=SECRET, host="192.0.2.10")
    with TestClient(app, base_url="https://192.0.2.10", follow_redirects=False) as client:
        origin = {"Origin": "https://192.0.2.10"}
        form = client.get("/signin")
        cookie = form.headers["set-cookie"]
        assert cookie.startswith(f"{CSRF_COOKIE}=")
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        assert "secure" in cookie.lower()  # served over https
        token = client.cookies[CSRF_COOKIE]
        assert f'name="csrf" value="{token}"' in form.text
        # a post without the field, or with another session's, is refused
        assert client.post("/signin", headers=origin, data={"token": SECRET}
                           ).status_code == 403
        assert client.post("/signin", headers=origin, data={
            "token": SECRET, "csrf": "x" * 43}).status_code == 403
        signed = client.post("/signin", headers=origin, data={"token": SECRET,
                                                              "csrf": token})
        assert signed.status_code == 303
        given = [c for c in signed.headers.get_list("set-cookie")
                 if c.startswith(TOKEN_COOKIE)]
        assert given and all(flag in given[0].lower()
                             for flag in ("httponly", "samesite=strict", "secure"))


# -- no CORS ---------------------------------------------------------------------------------
def test_no_answer_allows_another_origin(client: TestClient) -> None:
    preflights = [client.options(path, headers={
        "Origin": EVIL, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type"})
        for path, method in (("/api/events", "GET"), ("/api/corrections", "POST"),
                             ("/api/analyse", "POST"), ("/", "GET"))]
    plain = [client.get("/api/status", headers={"Origin": EVIL}),
             client.get("/", headers={"Origin": EVIL}),
             client.get("/api/no-such-thing", headers={"Origin": EVIL})]
    for reply in preflights + plain:
        leaked = [h for h in reply.headers if h.lower().startswith("access-control-")]
        assert leaked == [], (reply.url, leaked)
    assert all(reply.status_code == 405 for reply in preflights)


# -- errors never repeat the request -----------------------------------------------------------
def test_errors_never_repeat_what_the_request_sent(client: TestClient) -> None:
    hostile = {"User-Agent": SCRIPT, "X-Forwarded-Host": SCRIPT, "Referer": LOCAL + "/" + PROBE}
    replies = {
        "unknown path": client.get(f"/{SCRIPT}", headers=hostile),
        "unknown api path": client.get(f"/api/{SCRIPT}?q={SCRIPT}"),
        "unknown document": client.get(f"/api/documents/{SCRIPT}"),
        "unknown event": client.get(f"/api/events/ev-{PROBE}"),
        "bad parameter": client.get("/api/events", params={"limit": SCRIPT}),
        "bad date": client.get("/api/events", params={"since": SCRIPT}),
        "bad choice": client.get("/api/events", params={"quad": SCRIPT}),
        "bad export option": client.get("/api/exports/events.csv",
                                        params={"changed_since": SCRIPT}),
        "unknown parameter": client.get("/api/dyads/RUS/KAZ", params={"by": SCRIPT}),
        "bad export": client.get(f"/api/exports/{SCRIPT}.csv"),
        "wrong method": client.put("/api/status", content=SCRIPT),
        "hostile body": client.post("/api/corrections", json={
            "target": SCRIPT, "field": SCRIPT, "value": [SCRIPT], "reason": SCRIPT,
            SCRIPT: SCRIPT}),
        "hostile correction": client.post("/api/corrections", json={
            "target": f"ev-{PROBE}", "field": "type", "value": SCRIPT, "reason": SCRIPT}),
        "hostile undo": client.post(f"/api/corrections/{PROBE}/undo",
                                    json={"reason": SCRIPT, "author": SCRIPT}),
        "unreadable json": client.post("/api/corrections", content=f'{{"{SCRIPT}": ',
                                       headers={"Content-Type": "application/json"}),
        "hostile analyse": client.post("/api/analyse", json={"text": SCRIPT, SCRIPT: 1}),
        "hostile analyse form": client.post("/api/analyse", data={"title": SCRIPT}),
        "hostile content type": client.post("/api/analyse", content=b"Russia signed.",
                                            headers={"Content-Type": f"text/{PROBE}"}),
        "unknown page": client.get(f"/documents/{SCRIPT}"),
        "unknown event page": client.get(f"/events/ev-{PROBE}"),
        "unknown review": client.get(f"/review/events/{SCRIPT}"),
        "unreadable form": client.get("/events", params={"since": SCRIPT,
                                                         "min_sources": SCRIPT}),
        "unreadable side": client.get("/dyads", params={"a": SCRIPT, "b": PROBE}),
        "unreadable region": client.get("/influence", params={"region": SCRIPT}),
    }
    for name, reply in replies.items():
        assert reply.status_code >= 400, (name, reply.status_code)
        assert PROBE not in reply.text, (name, reply.text[:300])
        assert "alert(" not in reply.text, (name, reply.text[:300])
        assert reply.status_code != 500, name
    # still a useful answer: which parameter, and what was wrong with it
    limit = replies["bad parameter"].json()["error"]["message"]
    assert limit.startswith("query.limit:") and "integer" in limit
    extra = replies["hostile body"].json()["error"]["message"]
    assert "a field it does not take" in extra
    assert "not a YYYY-MM-DD date" in replies["unreadable form"].text


# -- path traversal --------------------------------------------------------------------------
@pytest.fixture()
def live(db: str, options: Options) -> Iterator[int]:
    """The app on a real uvicorn server on a free loopback port (a raw request reaches it
    as sent, which a test client would normalise); yields the port."""
    port = free_port()
    with serving(create_app(db, options, port=port), port):
        yield port


def raw_get(port: int, path: str, host: str | None = None,
            **headers: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        for name, value in headers.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders()
        reply = connection.getresponse()
        return reply.status, reply.read()
    finally:
        connection.close()


TRAVERSALS = [
    "/static/../routes.py", "/static/../../api/security.py", "/static/%2e%2e/routes.py",
    "/static/%2e%2e%2froutes.py", "/static/%2E%2E%2Froutes.py",
    "/static/%252e%252e%252froutes.py", "/static/..%5croutes.py", "/static/..\\routes.py",
    "/static/....//routes.py", "/static/vendor/../../routes.py",
    "/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/%c0%ae%c0%ae/routes.py",
    "/static/..%00/routes.py", "/api/docs.css/../../security.py",
    "/api/exports/..%2f..%2f..%2fetc%2fpasswd.csv", "/api/exports/../../etc/passwd",
    "/api/exports/events.csv%2f..%2f..%2fsecurity.py",
    "/api/exports/%2e%2e%2fevents.csv", "/api/exports/events.%2e%2e%2fcsv",
]


def test_no_path_leaves_its_folder(live: int) -> None:
    status, body = raw_get(live, "/static/dashboard.css")
    assert status == 200 and body  # the folder itself is served
    for path in TRAVERSALS:
        status, body = raw_get(live, path)
        assert status == 404, (path, status)
        assert b"def " not in body and b"root:" not in body and b"import" not in body, path


def test_a_live_server_refuses_a_rebound_name(live: int) -> None:
    assert raw_get(live, "/api/status")[0] == 200
    assert raw_get(live, "/api/status", host=f"localhost:{live}")[0] == 200
    status, body = raw_get(live, "/api/status", host=f"rebound.evil.example:{live}")
    assert status == 421 and b"rebound" not in body
    # the in-process test client's own name is let through only in process, even when a
    # (trusted, loopback) proxy's header names the test client as the peer
    assert raw_get(live, "/api/status", host="testserver")[0] == 421
    assert raw_get(live, "/api/status", host="testserver",
                   X_Forwarded_For="testclient")[0] == 421


def test_the_in_process_test_client_keeps_its_default_name(db: str,
                                                           options: Options) -> None:
    with TestClient(create_app(db, options, port=8000)) as client:
        assert client.get("/api/status").status_code == 200
        assert client.get("/api/status", headers={"Host": "evil.example"}
                          ).status_code == 421
