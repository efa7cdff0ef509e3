"""Fetching URLs (`ingest --fetch`, the API's analyse endpoint with a url): every address
and spelling that must be refused is refused, redirects are checked hop by hop, the
connection goes to the address that was checked, and bytes, decompressed bytes,
redirects and time are capped.

Servers are started by the tests on 127.0.0.1 and reached only with allow_private, which
each test that needs it turns on for itself; nothing here leaves the machine (names are
resolved by a stand-in resolver where a test needs a name)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.api import create_app
from eventwire.cli import app
from eventwire.errors import InputError
from eventwire.ingest.fetch import check_url, fetch, refusal
from eventwire.options import FetchOptions, Options
from eventwire.pipeline import Pipeline
from eventwire.runner import KeepSink, Runner
from eventwire.store import DocumentFilter, open_store

ARTICLE = b"""<!doctype html>
<html><head><title>Border talks resume in Osh</title></head>
<body><nav>Home | World | Contact</nav>
<article><h1>Border talks resume in Osh</h1>
<p>OSH, April 14, 2024 - Delegations of Kyrgyzstan and Tajikistan met in Osh on Sunday to
resume talks on the demarcation of their shared border, the Kyrgyz foreign ministry said.</p>
<p>The two sides agreed to open a second checkpoint near Batken before the summer, according
to a statement issued after the meeting.</p>
</article><footer>Copyright the Valley Courier</footer></body></html>
"""

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Courier</title>
<link>https://courier.example/</link><description>News of the valley</description>
<item><title>Water council meets in Khujand</title>
<link>https://courier.example/2024/water-council</link>
<pubDate>Mon, 15 Apr 2024 08:00:00 GMT</pubDate>
<description>The regional water council met in Khujand on Monday and agreed to share the
spring releases of the Kayrakkum reservoir between the farms of both banks.</description></item>
<item><title>Rail link to Andijan reopens</title>
<link>https://courier.example/2024/rail-link</link>
<pubDate>Tue, 16 Apr 2024 09:30:00 GMT</pubDate>
<description>Uzbekistan reopened the rail link to Andijan on Tuesday after a month of repairs,
the state railway company said in a statement.</description></item>
</channel></rss>
"""

Route = Callable[[BaseHTTPRequestHandler], None]


def _send(handler: BaseHTTPRequestHandler, body: bytes, kind: str = "text/html",
          headers: dict[str, str] | None = None, length: bool = True) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _redirect(to: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return route


def _trickle(head: bytes, then: bytes) -> Route:
    """Sends ``head`` at once, then ``then`` a byte every 0.1 s, forever (until the client
    hangs up): each byte comes well within any per-read timeout."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(head)
        handler.wfile.flush()
        try:
            while True:
                for byte in then:
                    handler.wfile.write(bytes([byte]))
                    handler.wfile.flush()
                    time.sleep(0.1)
        except OSError:
            return
    return route


def _routes(base: str) -> dict[str, Route]:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)  # ~20 KB on the wire
    hops = {f"/hop/{n}": _redirect(f"/hop/{n - 1}" if n > 1 else "/article.html")
            for n in range(1, 10)}
    return {
        "/article.html": lambda h: _send(h, ARTICLE),
        "/feed.xml": lambda h: _send(h, FEED, "application/rss+xml"),
        "/gzipped": lambda h: _send(h, gzip.compress(ARTICLE), headers={
            "Content-Encoding": "gzip"}),
        "/bomb": lambda h: _send(h, bomb, headers={"Content-Encoding": "gzip"}),
        "/big-declared": lambda h: _send(h, b"a" * 300_000, "text/plain"),
        "/big-undeclared": lambda h: _send(h, b"a" * 300_000, "text/plain", length=False),
        "/missing": lambda h: h.send_error(404),
        "/to-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-hex-loopback": _redirect(base.replace("127.0.0.1", "0x7f.1") + "/article.html"),
        "/to-ssh": _redirect("http://127.0.0.1:22/"),
        "/to-named": _redirect(base.replace("127.0.0.1", "cloud.example") + "/article.html"),
        "/slow-body": _trickle(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n",
                               b"slow news "),
        "/slow-headers": _trickle(b"HTTP/1.0 200 OK\r\n", b"X-Padding: aaaa\r\n"),
        **hops,
    }


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:  # the name http.server calls
        self.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        self.routes.get(self.path, lambda h: h.send_error(404))(self)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """http://127.0.0.1:PORT of a server of the routes above, and the requests it saw."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.routes = _routes(base)
    _Handler.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, _Handler.seen
    httpd.shutdown()
    httpd.server_close()


LOOPBACK_ALLOWED = FetchOptions(allow_private=True, timeout=20)


def _reason(error: pytest.ExceptionInfo[InputError]) -> str:
    return error.value.reason.value


def no_lookup(*args: Any) -> Any:
    raise AssertionError(f"no name should be looked up here: {args}")


# -- the checker ------------------------------------------------------------------------------
@pytest.mark.parametrize("url, named", [
    ("http://2130706433/", "127.0.0.1"),            # decimal
    ("http://0x7f.1/", "127.0.0.1"),                # hex and short
    ("http://0x7f000001/", "127.0.0.1"),            # hex
    ("http://017700000001/", "127.0.0.1"),          # octal
    ("http://0177.0.0.1/", "127.0.0.1"),            # octal part
    ("http://127.1/", "127.0.0.1"),                 # short form
    ("http://127.0.0.1/", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
    ("http://[::ffff:8.8.8.8]/", "IPv4-mapped"),    # refused however public
    ("http://[::127.0.0.1]/", "IPv4-compatible"),
    ("http://[::ffff:0:7f00:1]/", "IPv4-translated"),
    ("http://[64:ff9b:1::a00:1]/", "outside global unicast"),  # local-use NAT64
    ("http://[100::1]/", "private"),                # discard-only
    ("http://192.0.0.8/", "IETF protocol"),
    ("http://[fd00::1]/", "unique-local"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[2002:a00:1::]/", "10.0.0.1"),         # 6to4 of a private address
    ("http://[64:ff9b::a9fe:a9fe]/", "169.254.169.254"),  # NAT64 of the metadata address
    ("http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/", "10.0.0.1"),  # Teredo, client 10.0.0.1
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://[fd00:ec2::254]/", "metadata"),
    ("http://100.100.100.200/", "metadata"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://10.1.2.3/", "private"),
    ("http://172.16.0.9/", "private"),
    ("http://192.168.1.1:8080/", "private"),
    ("http://169.254.10.10/", "link-local"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://0.1.2.3/", "this network"),
    ("http://255.255.255.255/", "broadcast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://[fe80::1%25eth0]/", "zone index"),
    ("ftp://198.51.100.7/", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("gopher://8.8.8.8:70/", "only http and https"),
    ("http://user:secret@8.8.8.8/", "credentials"),
    ("http://8.8.8.8:22/", "port 22"),
    ("http://8.8.8.8:25/", "port 25"),
    ("http://8.8.8.8:99999/", "not a valid URL"),
    ("http:///path-only", "no host"),
])
def test_refused_addresses_and_spellings(url: str, named: str) -> None:
    with pytest.raises(InputError) as refused:
        check_url(url, FetchOptions(), resolver=no_lookup)
    assert _reason(refused) == "fetch_refused"
    assert refused.value.source == url
    assert named in refused.value.message


def test_public_addresses_and_ports_pass() -> None:
    for url in ("http://8.8.8.8/", "https://8.8.8.8/x?y=1", "http://[2001:4860:4860::8888]:8080/",
                "http://93.184.216.34:443/",
                "http://[64:ff9b::808:808]/",  # NAT64 of a public address (DNS64 networks)
                "http://[2002:808:808::1]/"):  # 6to4 of a public address
        target = check_url(url, FetchOptions(), resolver=no_lookup)
        assert all(refusal(a, False) is None for a in target.addresses)
    assert check_url("https://8.8.8.8/x?y=1", FetchOptions(), resolver=no_lookup).path == \
        "/x?y=1"


def test_allow_private_opens_only_private_networks() -> None:
    allowed = FetchOptions(allow_private=True)
    for url in ("http://127.0.0.1:8080/", "http://10.0.0.5/", "http://[fd00::1]/",
                "http://100.64.0.1/"):
        check_url(url, allowed, resolver=no_lookup)
    for url in ("http://169.254.169.254/", "http://[64:ff9b::a9fe:a9fe]/",
                "http://0.0.0.0/", "http://224.0.0.1/",
                "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://127.0.0.1:22/"):
        with pytest.raises(InputError):
            check_url(url, allowed, resolver=no_lookup)


def _resolving(*addresses: str) -> Callable[..., list[tuple[Any, ...]]]:
    def resolver(host: str, port: int, *_: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in addresses]
    return resolver


def test_a_public_looking_name_resolving_to_a_private_address_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        check_url("https://news.example.org/story", FetchOptions(),
                  resolver=_resolving("10.0.0.5"))
    assert _reason(refused) == "fetch_refused"
    assert "news.example.org resolves to 10.0.0.5, a private-network address" in \
        refused.value.message
    # one bad address among good ones is enough
    with pytest.raises(InputError, match="fd12::7"):
        check_url("https://news.example.org/", FetchOptions(),
                  resolver=_resolving("93.184.216.34", "fd12::7"))
    with pytest.raises(InputError, match="metadata"):
        check_url("http://metadata.google.internal/computeMetadata/v1/",
                  FetchOptions(allow_private=True), resolver=_resolving("169.254.169.254"))


def test_a_name_that_does_not_resolve_fails_naming_it() -> None:
    def nowhere(*_: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(InputError) as failed:
        fetch("https://no-such-host.example/", FetchOptions(), resolver=nowhere)
    assert _reason(failed) == "fetch_failed"
    assert "cannot resolve no-such-host.example" in failed.value.message


# -- fetching from the loopback server --------------------------------------------------------
def test_the_loopback_server_is_refused_without_allow_private(server: tuple[str, Any]) -> None:
    base, seen = server
    before = len(seen)
    with pytest.raises(InputError) as refused:
        fetch(base + "/article.html", FetchOptions())
    assert _reason(refused) == "fetch_refused"
    assert "--allow-private" in refused.value.message
    assert len(seen) == before  # refused before any connection


def test_a_page_is_fetched_with_an_honest_user_agent(server: tuple[str, Any]) -> None:
    base, seen = server
    fetched = fetch(base + "/article.html", FetchOptions(allow_private=True,
                                                         contact="mailto:lab@uni.example"))
    assert fetched.data == ARTICLE
    assert fetched.final_url == base + "/article.html"
    assert fetched.content_type == "text/html"
    request = seen[-1]
    assert request["user-agent"].startswith("eventwire/")
    assert "research crawler; +mailto:lab@uni.example" in request["user-agent"]
    assert request["host"] == base.removeprefix("http://")


def test_the_connection_goes_to_the_address_checked(server: tuple[str, Any],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is looked up once: a resolver whose second answer is the metadata service
    (a rebinding attack) is never asked twice, and nothing else looks the name up."""
    base, seen = server
    port = int(base.rsplit(":", 1)[1])
    answers = iter(["127.0.0.1", "169.254.169.254"])
    calls = []

    def rebinding(host: str, *args: Any) -> list[tuple[Any, ...]]:
        calls.append(host)
        return _resolving(next(answers))(host, *args)

    real = socket.getaddrinfo

    def only_numeric(host: Any, *args: Any, **kwargs: Any) -> Any:
        assert host != "rebind.example", "a second lookup of the name"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", only_numeric)
    fetched = fetch(f"http://rebind.example:{port}/article.html", LOOPBACK_ALLOWED,
                    resolver=rebinding)
    assert fetched.data == ARTICLE
    assert fetched.address == "127.0.0.1"
    assert calls == ["rebind.example"]
    assert seen[-1]["host"] == f"rebind.example:{port}"  # the name, not the address


def test_redirects_are_followed_and_capped(server: tuple[str, Any]) -> None:
    base, _ = server
    fetched = fetch(base + "/hop/3", LOOPBACK_ALLOWED)
    assert fetched.data == ARTICLE
    assert fetched.url == base + "/hop/3"
    assert fetched.final_url == base + "/article.html"
    with pytest.raises(InputError) as too_many:
        fetch(base + "/hop/9", LOOPBACK_ALLOWED.model_copy(update={"max_redirects": 4}))
    assert _reason(too_many) == "fetch_failed"
    assert "more than 4 redirects (fetch.max_redirects)" in too_many.value.message
    assert too_many.value.source == base + "/hop/9"


@pytest.mark.parametrize("path, why", [
    ("/to-metadata", "169.254.169.254 is a cloud metadata service"),
    ("/to-hex-loopback", "it means 127.0.0.1"),
    ("/to-ssh", "port 22"),
    ("/to-named", "cloud.example resolves to 169.254.169.254"),
])
def test_every_redirect_is_checked_again(server: tuple[str, Any], path: str,
                                         why: str) -> None:
    base, seen = server
    before = len(seen)
    with pytest.raises(InputError) as refused:
        fetch(base + path, LOOPBACK_ALLOWED, resolver=_resolving("169.254.169.254"))
    assert _reason(refused) == "fetch_refused"
    assert refused.value.source == base + path  # the URL asked for, then the hop
    assert refused.value.message.startswith("redirected to ")
    assert why in refused.value.message
    assert len(seen) == before + 1  # the redirect was asked for; its target never


def test_gzip_is_undone_and_a_gzip_bomb_refused(server: tuple[str, Any]) -> None:
    base, _ = server
    assert fetch(base + "/gzipped", LOOPBACK_ALLOWED).data == ARTICLE
    capped = LOOPBACK_ALLOWED.model_copy(update={"max_decompressed_bytes": 1_000_000})
    with pytest.raises(InputError) as bomb:
        fetch(base + "/bomb", capped)
    assert _reason(bomb) == "fetch_refused"
    assert "decompresses to over 1,000,000 bytes (fetch.max_decompressed_bytes)" in \
        bomb.value.message


@pytest.mark.parametrize("path", ["/big-declared", "/big-undeclared"])
def test_an_oversized_body_is_refused(server: tuple[str, Any], path: str) -> None:
    base, _ = server
    with pytest.raises(InputError) as big:
        fetch(base + path, LOOPBACK_ALLOWED.model_copy(update={"max_bytes": 100_000}))
    assert _reason(big) == "fetch_refused"
    assert "100,000" in big.value.message and "fetch.max_bytes" in big.value.message
    # fetch.max_bytes = 0 falls back to ingest.max_bytes
    with pytest.raises(InputError, match=r"fetch\.max_bytes"):
        fetch(base + path, LOOPBACK_ALLOWED, ingest_max_bytes=100_000)
    assert len(fetch(base + path, LOOPBACK_ALLOWED, ingest_max_bytes=400_000).data) == 300_000


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_a_trickling_server_is_cut_off(server: tuple[str, Any], path: str) -> None:
    base, _ = server
    started = time.monotonic()
    with pytest.raises(InputError) as slow:
        fetch(base + path, LOOPBACK_ALLOWED.model_copy(update={"timeout": 1.0}))
    assert _reason(slow) == "fetch_failed"
    assert "longer than 1 seconds (fetch.timeout)" in slow.value.message
    assert time.monotonic() - started < 15  # bounded, generously: the server never ends


def test_a_slow_name_lookup_is_given_up() -> None:
    def slow(*_: Any) -> Any:
        time.sleep(5)
        raise AssertionError("the fetch should have given up on this lookup")

    started = time.monotonic()
    with pytest.raises(InputError) as slow_dns:
        fetch("https://slow-dns.example/", FetchOptions(timeout=0.5), resolver=slow)
    assert _reason(slow_dns) == "fetch_failed"
    assert "fetch.timeout" in slow_dns.value.message
    assert time.monotonic() - started < 4


def test_a_path_with_spaces_and_non_ascii_is_sent_escaped(server: tuple[str, Any]) -> None:
    base, seen = server
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(base + "/новости/a b?q=ä", LOOPBACK_ALLOWED)
    assert seen[-1]["path"] == "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/a%20b?q=%C3%A4"


def test_an_http_error_fails_naming_the_status(server: tuple[str, Any]) -> None:
    base, _ = server
    with pytest.raises(InputError) as missing:
        fetch(base + "/missing", LOOPBACK_ALLOWED)
    assert _reason(missing) == "fetch_failed"
    assert "HTTP 404" in missing.value.message


def test_the_runner_records_a_refused_url_and_goes_on(server: tuple[str, Any],
                                                       options: Options,
                                                       pipeline: Pipeline) -> None:
    base, _ = server
    allowed = options.with_overrides({"fetch": {"allow_private": True}})
    sink = KeepSink()
    report = Runner(allowed, sink, "extract", pipeline=pipeline).run(
        [], urls=[base + "/to-metadata", base + "/hop/2", base + "/missing"])
    assert report.inputs == 3
    assert [(o.status, o.reason) for o in report.outcomes] == [
        ("failed", "fetch_refused"), ("stored", None), ("failed", "fetch_failed")]
    [doc] = sink.documents
    assert doc.source == base + "/hop/2"
    assert doc.url == base + "/article.html"  # the page, after its redirects
    assert "Kyrgyzstan and Tajikistan" in doc.text and "Copyright" not in doc.text


# -- the command line and the API -------------------------------------------------------------
def test_ingest_fetch_stores_a_feed_and_its_bytes(server: tuple[str, Any], tmp_path: Path,
                                                  runner: CliRunner) -> None:
    base, _ = server
    db = tmp_path / "fetched.duckdb"
    feed = base + "/feed.xml"
    refused = runner.invoke(app, ["ingest", "--fetch", feed, "--db", str(db)])
    assert refused.exit_code == 0, refused.output
    assert "fetch_refused" in refused.output
    result = runner.invoke(app, ["ingest", "--fetch", feed, "--allow-private",
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = open_store(str(db))
    try:
        docs = sorted(store.iter_documents(DocumentFilter()), key=lambda d: d.locator or "")
        assert [(d.source, d.locator, d.url) for d in docs] == [
            (feed, "item 0", "https://courier.example/2024/water-council"),
            (feed, "item 1", "https://courier.example/2024/rail-link")]
        assert {store.raw_bytes(d.raw_sha256) for d in docs} == {FEED}
    finally:
        store.close()
    with duckdb.connect(str(db), read_only=True) as con:
        log = con.execute("SELECT source, status, reason FROM ingest_log ORDER BY run_id, "
                          "position").fetchall()
    assert (feed, "failed", "fetch_refused") in log
    assert [row for row in log if row[1] == "stored"] == [(feed, "stored", None)] * 2


def test_ingest_needs_something_to_read(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "--fetch URL" in result.output


def test_the_api_fetches_a_url_only_when_the_server_allows_private(
        server: tuple[str, Any], options: Options, tmp_path: Path) -> None:
    base, _ = server
    page = base + "/article.html"
    db = str(tmp_path / "api.duckdb")
    with TestClient(create_app(db, options)) as default:
        refused = default.post("/api/analyse", json={"url": page})
        assert refused.status_code == 422
        assert refused.json()["error"]["message"].startswith("fetch_refused: ")
        metadata = default.post("/api/analyse", data={"url": "http://169.254.169.254/"})
        assert "metadata" in metadata.json()["error"]["message"]
    allowed = options.with_overrides({"fetch": {"allow_private": True}})
    with TestClient(create_app(db, allowed)) as served:
        reply = served.post("/api/analyse", json={"url": base + "/hop/1"})
        assert reply.status_code == 200, reply.text
        document = reply.json()["document"]
        assert document["source"] == base + "/hop/1"
        assert "Kyrgyzstan and Tajikistan" in document["text"]
        extra = served.post("/api/analyse", json={"url": page, "text": "both"})
        assert extra.status_code == 422


# -- https: the certificate is checked against the name, over the pinned address ----------
TLS_NAME = "news.test"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory,
               server: tuple[str, Any]) -> Iterator[tuple[str, Path]]:
    """https://news.test:PORT (a certificate of its own for news.test) on 127.0.0.2, and
    the certificate: a second loopback address, so that a test can let this one server
    through while 127.0.0.1 stays refused."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command makes the test certificate; it is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                    f"/CN={TLS_NAME}", "-addext", f"subjectAltName=DNS:{TLS_NAME}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    try:
        httpd = ThreadingHTTPServer(("127.0.0.2", 0), _Handler)
    except OSError as exc:
        pytest.skip(f"cannot listen on 127.0.0.2 here: {exc}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://{TLS_NAME}:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def trusting(tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> str:
    """The test certificate trusted (and only it), and 127.0.0.2 alone let through as if
    public: the scoped allowance of the test server."""
    import ssl

    from eventwire.ingest import fetch as fetching

    base, cert = tls_server
    real_context, real_kind = ssl.create_default_context, fetching.private_kind
    monkeypatch.setattr(ssl, "create_default_context",
                        lambda *a, **k: real_context(cafile=str(cert)))
    monkeypatch.setattr(fetching, "private_kind",
                        lambda ip: None if str(ip) == "127.0.0.2" else real_kind(ip))
    return base


def test_https_is_verified_against_the_name(trusting: str,
                                            server: tuple[str, Any]) -> None:
    _, seen = server
    fetched = fetch(trusting + "/article.html", FetchOptions(),
                    resolver=_resolving("127.0.0.2"))
    assert fetched.data == ARTICLE and fetched.address == "127.0.0.2"
    assert seen[-1]["host"] == trusting.removeprefix("https://")
    port = trusting.rsplit(":", 1)[1]
    with pytest.raises(InputError) as wrong_name:  # the same server, another name
        fetch(f"https://other.test:{port}/article.html", FetchOptions(),
              resolver=_resolving("127.0.0.2"))
    assert _reason(wrong_name) == "fetch_failed"
    assert "certificate of other.test is not valid" in wrong_name.value.message


def test_an_https_page_redirecting_to_loopback_is_refused(
        trusting: str, server: tuple[str, Any]) -> None:
    base, seen = server
    _Handler.routes["/to-loopback"] = _redirect(base + "/article.html")
    before = len(seen)
    with pytest.raises(InputError) as refused:
        fetch(trusting + "/to-loopback", FetchOptions(), resolver=_resolving("127.0.0.2"))
    assert _reason(refused) == "fetch_refused"
    assert f"redirected to {base}/article.html: 127.0.0.1 is a loopback address" in \
        refused.value.message
    assert [r["path"] for r in seen[before:]] == ["/to-loopback"]


@pytest.mark.parametrize("url, kind", [
    ("https://diario.example.com.py/", "html"),        # Paraguay, not a Python file
    ("https://noticias.example.md", "html"),  # Moldova, not Markdown
    ("https://courier.example/feed", "rss"),
])
def test_a_url_is_read_by_its_content_not_its_host_name(url: str, kind: str) -> None:
    from eventwire.ingest.containers import read_drafts

    body = FEED if kind == "rss" else ARTICLE
    drafts = list(read_drafts(url, body))
    assert drafts and all(getattr(d, "format", None) == kind for d in drafts), drafts
