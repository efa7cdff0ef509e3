"""Fetch one URL (a page or a feed) without letting it reach what it should not.

A URL given to ``eventwire ingest --fetch`` or to the API's analyse endpoint is input from
anyone, and fetching it is a request made from the machine eventwire runs on: a name that
resolves to 127.0.0.1, a redirect to the cloud metadata service, or a page that never ends
would turn eventwire into a tool against its own network. So:

- The URL is parsed strictly: http and https only, no user:password@, only ports 80, 443
  and 1024-65535 (the privileged ports below 1024 are mail, SSH, databases and other
  services that are no web server; a test server or a development site uses a high port).
  A host written as a number in any spelling but four decimal parts (``2130706433``,
  ``0x7f.1``, ``017700000001``, ``127.1``) is refused: the C resolver reads these as
  addresses, and no legitimate link needs them.
- The host is resolved once (``socket.getaddrinfo``); every address it resolves to is
  checked, and any refused one refuses the URL. The connection then goes to the checked
  address itself, so no second lookup can answer differently (DNS rebinding); https
  still verifies the certificate against the name.
- Refused unless ``allow_private``: loopback, private networks, link-local, carrier-grade
  NAT, unique-local and every other address that is not globally routable, IPv6 that
  embeds such an IPv4 address (6to4, NAT64, Teredo). Refused always: unspecified,
  multicast, broadcast and reserved addresses (no web server lives there), IPv4-mapped and
  IPv4-compatible IPv6 spellings (write the IPv4 address), and the cloud metadata
  addresses (169.254.169.254 and its kin: the classic target, never a news source).
- Redirects are followed by hand up to ``max_redirects``, each target parsed and checked
  like the first URL. Bytes on the wire are capped at ``max_bytes``, decompressed bytes at
  ``max_decompressed_bytes`` (a gzip bomb is refused after that many bytes, never expanded
  whole), and the whole fetch at ``timeout`` seconds: a watchdog closes the socket, so a
  server that trickles a byte a second cannot hold it longer.

Every refusal or failure is an :class:`InputError` (``fetch_refused`` or ``fetch_failed``)
naming the URL, so a run records it as a failed input and goes on.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from eventwire._version import __version__
from eventwire.errors import InputError, Reason
from eventwire.options import FetchOptions

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., Sequence[tuple[Any, ...]]]

SCHEMES = {"http": 80, "https": 443}
# Ports below 1024 are for system services; of those only the web's own two are fetched.
LOWEST_FREE_PORT = 1024
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
# The wire limit when neither fetch.max_bytes nor ingest.max_bytes is given to fetch()
FALLBACK_MAX_BYTES = 20_000_000

# Cloud metadata services: refused even with allow_private (AWS, GCP, Azure, OpenStack and
# DigitalOcean share 169.254.169.254; ECS tasks use 169.254.170.2; Alibaba 100.100.100.200;
# AWS over IPv6 fd00:ec2::254).
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"))

_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_DOTTED_QUAD = re.compile(r"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                          r"(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# what a path or query keeps as it is when sent (escapes, reserved characters); spaces,
# controls and non-ASCII are %-escaped (as UTF-8), as a browser sends them
_PATH_SAFE = "!#$%&'()*+,/:;=?@[]~"
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_IETF_PROTOCOL = ipaddress.ip_network("192.0.0.0/24")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
# Only this part of IPv6 is routed on the internet; the rest is local, reserved or special.
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


@dataclass(frozen=True)
class Fetched:
    """What a fetch brought back: the body (Content-Encoding undone), where it came from."""

    url: str  # as asked
    final_url: str  # after redirects
    data: bytes
    content_type: str | None
    address: str  # the checked address the body came from


@dataclass(frozen=True)
class Target:
    """A URL parsed and checked, with the addresses its host resolved to (all allowed)."""

    url: str
    scheme: str
    host: str  # the name (or address) for the Host header and the certificate
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[IPAddress, ...]


def user_agent(options: FetchOptions) -> str:
    """The User-Agent every request carries: what eventwire is, and who runs it."""
    contact = f"; +{options.contact}" if options.contact else ""
    return f"eventwire/{__version__} (research crawler{contact})"


# -- addresses --------------------------------------------------------------------------------
def never_allowed(ip: IPAddress) -> str | None:
    """Why no fetch may go to ``ip``, allow_private or not; None when that is not so."""
    if ip in METADATA:
        return "a cloud metadata service"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"an IPv4-mapped IPv6 address (of {ip.ipv4_mapped})"
        if ip in _IPV4_COMPATIBLE and int(ip) > 1:
            return f"an IPv4-compatible IPv6 address (of {ipaddress.IPv4Address(int(ip))})"
        if ip in _IPV4_TRANSLATED:
            embedded_v4 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
            return f"an IPv4-translated IPv6 address (of {embedded_v4})"
        embedded = _embedded_ipv4(ip)
        inner = never_allowed(embedded) if embedded is not None else None
        if inner:
            return f"an IPv6 address embedding {embedded}, {inner}"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address):
        if ip in _THIS_NETWORK:
            return "'this network' (0.0.0.0/8)"
        if ip == ipaddress.IPv4Address("255.255.255.255") or ip.is_reserved:
            return "a reserved or broadcast address"
    return None


def private_kind(ip: IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is (refused unless allow_private); None for
    a globally routable address."""
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if isinstance(ip, ipaddress.IPv4Address):
        if ip in _CGNAT:
            return "a carrier-grade NAT address (100.64.0.0/10)"
        if ip in _IETF_PROTOCOL:
            return "an IETF protocol address (192.0.0.0/24)"
    else:
        if ip in _UNIQUE_LOCAL:
            return "a unique-local address"
        if ip.is_site_local:
            return "a site-local address"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = private_kind(embedded)
            if inner:
                return f"an IPv6 address embedding {embedded}, {inner}"
            return None  # 6to4 or NAT64 of a public address: as public as that one
        if ip not in _GLOBAL_UNICAST:
            return "an IPv6 address outside global unicast (2000::/3)"
    if ip.is_private:
        return "a private-network address"
    if not ip.is_global:
        return "an address that is not globally routable"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside a 6to4, Teredo or NAT64 address."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(ip: IPAddress, allow_private: bool) -> str | None:
    """Why ``ip`` may not be fetched from; None when it may."""
    return never_allowed(ip) or (None if allow_private else private_kind(ip))


# -- URLs -------------------------------------------------------------------------------------
def _refused(url: str, why: str) -> InputError:
    return InputError(Reason.FETCH_REFUSED, why, source=url)


def _failed(url: str, why: str) -> InputError:
    return InputError(Reason.FETCH_FAILED, why, source=url)


def _timed_out(url: str, options: FetchOptions) -> InputError:
    return _failed(url, f"took longer than {options.timeout:g} seconds (fetch.timeout)")


def parse_host(url: str, host: str) -> str | IPAddress:
    """The host as an address when it is one (strictly spelled), else the name in ASCII."""
    if not host:
        raise _refused(url, "the URL has no host")
    if "%" in host:
        raise _refused(url, f"a zone index in the host {host!r} is not fetched")
    try:
        return ipaddress.ip_address(host) if ":" in host else _ipv4_or_name(url, host)
    except ValueError as exc:
        raise _refused(url, f"the host {host!r} is not a valid address") from exc


def _ipv4_or_name(url: str, host: str) -> str | IPAddress:
    name = host.rstrip(".")
    if _DOTTED_QUAD.match(name):
        return ipaddress.IPv4Address(name)
    labels = name.split(".")
    if labels and _NUMERIC_LABEL.match(labels[-1]):
        # the resolver, and browsers, read a host ending in a number as an IPv4 address in
        # inet_aton's spellings: say which address it would be, and refuse it
        meant = _inet_aton(labels)
        shown = f" (it means {meant})" if meant else ""
        raise _refused(url, f"the host {host!r} is a numeric address not written as four "
                            f"decimal numbers{shown}; write the address plainly")
    try:
        return name.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise _refused(url, f"the host {host!r} is not a valid domain name") from exc


def _inet_aton(labels: list[str]) -> ipaddress.IPv4Address | None:
    """The address inet_aton reads from 1 to 4 numeric labels (decimal, 0-octal, 0x-hex)."""
    if not 1 <= len(labels) <= 4 or not all(_NUMERIC_LABEL.match(p) for p in labels):
        return None
    try:
        numbers = [_number(label) for label in labels]
    except ValueError:  # 08: not octal
        return None
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (4 - len(leading)):
        return None
    value = last
    for position, number in enumerate(leading):
        value += number << (8 * (3 - position))
    return ipaddress.IPv4Address(value)


def _number(label: str) -> int:
    if label.lower().startswith("0x"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8)
    return int(label)


def check_url(url: str, options: FetchOptions, resolver: Resolver = socket.getaddrinfo,
              allow_private: bool | None = None, within: float | None = None) -> Target:
    """``url`` parsed, its host resolved once (given up after ``within`` seconds, default
    ``options.timeout``) and every address checked; refused with an :class:`InputError`
    that says why."""
    allow = options.allow_private if allow_private is None else allow_private
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise _refused(url, f"not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise _refused(url, f"only http and https URLs are fetched, not {scheme or 'none'}")
    if "@" in parts.netloc:
        raise _refused(url, "credentials in a URL (user:password@) are not sent")
    port = SCHEMES[scheme] if port is None else port
    if port not in SCHEMES.values() and not LOWEST_FREE_PORT <= port <= 65535:
        raise _refused(url, f"port {port} is not fetched: only 80, 443 and 1024-65535")
    host = parse_host(url, parts.hostname or "")
    seconds = options.timeout if within is None else within
    addresses = (host,) if not isinstance(host, str) else \
        _resolve(url, host, port, resolver, seconds, options)
    for address in addresses:
        why = refusal(address, allow)
        if why:
            said = f"{address} is {why}" if address == host else \
                f"{host} resolves to {address}, {why}"
            hint = "" if never_allowed(address) else " (allowed only with --allow-private)"
            raise _refused(url, said + hint)
    path = quote(parts.path or "/", safe=_PATH_SAFE) + \
        (f"?{quote(parts.query, safe=_PATH_SAFE)}" if parts.query else "")
    return Target(url, scheme, str(host), port, path, tuple(addresses))


def _resolve(url: str, host: str, port: int, resolver: Resolver, seconds: float,
             options: FetchOptions) -> tuple[IPAddress, ...]:
    try:
        found = _call_within(seconds, resolver, host, port, 0, socket.SOCK_STREAM)
    except TimeoutError as exc:
        raise _timed_out(url, options) from exc
    except (OSError, UnicodeError) as exc:
        raise _failed(url, f"cannot resolve {host}: {exc}") from exc
    addresses: list[IPAddress] = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise _failed(url, f"{host} resolves to no address")
    return tuple(addresses)


def _call_within(seconds: float, function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in a thread of its own, given up after ``seconds``: the system
    resolver has no timeout of its own, and a slow DNS server must not hold the fetch (the
    abandoned lookup ends in the background when the resolver gives up)."""
    outcome: dict[str, Any] = {}

    def call() -> None:
        try:
            outcome["value"] = function(*args)
        except Exception as exc:  # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=call, name="eventwire-resolve", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.001))
    if worker.is_alive():
        raise TimeoutError
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# -- fetching ---------------------------------------------------------------------------------
class _Watchdog:
    """Closes the connection when the whole fetch has run out of time, whatever call is
    blocked on it (a header trickled byte by byte never trips a per-read timeout)."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.fired:
                _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            if self._sock is not None:
                _shut(self._sock)

    def stop(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    # the plain socket's shutdown, under TLS too: it ends a read blocked in another thread
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection over a socket already connected to the checked address."""

    def __init__(self, target: Target, sock: socket.socket, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.default_port = SCHEMES[target.scheme]  # so Host: carries a port only when odd
        self.sock = sock

    def connect(self) -> None:  # never look the name up again
        raise http.client.HTTPException("the pinned connection cannot reconnect")


def _connect(target: Target, options: FetchOptions, watchdog: _Watchdog) -> tuple[
        socket.socket, IPAddress]:
    """A socket to the first checked address that answers (TLS over it for https)."""
    errors = []
    for address in target.addresses:
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        watchdog.watch(sock)
        try:
            sock.settimeout(min(options.connect_timeout, watchdog.remaining()) or 0.001)
            sock.connect((str(address), target.port))
            if target.scheme == "https":
                context = ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=target.host)
                watchdog.watch(sock)
            return sock, address
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            raise _failed(target.url, f"the certificate of {target.host} is not valid: "
                                      f"{exc.verify_message}") from exc
        except OSError as exc:
            sock.close()
            if watchdog.fired:
                raise _timed_out(target.url, options) from exc
            errors.append(f"{address}: {exc}")
    raise _failed(target.url, "cannot connect: " + "; ".join(errors))


def fetch(url: str, options: FetchOptions, *, ingest_max_bytes: int | None = None,
          allow_private: bool | None = None,
          resolver: Resolver = socket.getaddrinfo) -> Fetched:
    """The body at ``url``, following redirects, within every limit of ``options``.

    ``ingest_max_bytes`` stands in for ``options.max_bytes`` when that is 0; ``allow_private``
    overrides ``options.allow_private`` (the command line's flag)."""
    watchdog = _Watchdog(options.timeout)
    current = url
    try:
        for _ in range(options.max_redirects + 1):
            target = check_url(current, options, resolver, allow_private,
                               within=watchdog.remaining())
            status, location, fetched = _get(target, options, watchdog, ingest_max_bytes)
            if fetched is not None:
                return Fetched(url, current, fetched[0], fetched[1], fetched[2])
            if not location:
                raise _failed(url, f"HTTP {status} redirect from {current} without a Location")
            current = urljoin(current, location)
        raise _failed(url, f"more than {options.max_redirects} redirects (fetch.max_redirects);"
                           f" the last went to {current}")
    except InputError as error:
        if error.source != url:  # a refused redirect: name the URL asked for, and the hop
            raise InputError(error.reason, f"redirected to {error.source}: {error.message}",
                             source=url) from error
        raise
    finally:
        watchdog.stop()


def _get(target: Target, options: FetchOptions, watchdog: _Watchdog,
         ingest_max_bytes: int | None) -> tuple[int, str | None,
                                                tuple[bytes, str | None, str] | None]:
    """One GET: (status, redirect location, (body, content type, address) when not a
    redirect)."""
    sock, address = _connect(target, options, watchdog)
    connection = _PinnedConnection(target, sock, options.connect_timeout)
    response: http.client.HTTPResponse | None = None
    try:
        connection.putrequest("GET", target.path, skip_accept_encoding=True)
        connection.putheader("User-Agent", user_agent(options))
        connection.putheader("Accept", "text/html, application/rss+xml, application/atom+xml,"
                                       " application/xml;q=0.9, text/*;q=0.8, */*;q=0.5")
        connection.putheader("Accept-Encoding", "gzip, deflate")
        connection.putheader("Connection", "close")
        connection.endheaders()
        sock.settimeout(max(watchdog.remaining(), 0.001))
        response = connection.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), None
        if not 200 <= response.status < 300:
            raise _failed(target.url, f"HTTP {response.status} {response.reason}")
        body = _read_body(target.url, response, options, ingest_max_bytes or 0, watchdog)
        if watchdog.fired:  # the body ended because the watchdog shut the socket
            raise _timed_out(target.url, options)
        return response.status, None, (body, response.getheader("Content-Type"), str(address))
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if watchdog.fired:
            raise _timed_out(target.url, options) from exc
        raise _failed(target.url, f"the connection failed: {type(exc).__name__}: {exc}") \
            from exc
    finally:
        if response is not None:
            response.close()  # it holds the socket once the connection has let go of it
        connection.close()
        sock.close()


def _read_body(url: str, response: http.client.HTTPResponse, options: FetchOptions,
               ingest_max_bytes: int, watchdog: _Watchdog) -> bytes:
    """The body within ``max_bytes`` on the wire and ``max_decompressed_bytes`` decoded."""
    limit = options.max_bytes or ingest_max_bytes or FALLBACK_MAX_BYTES
    declared = response.getheader("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        raise _refused(url, f"the body is {int(declared):,} bytes, over the limit of "
                            f"{limit:,} (fetch.max_bytes)")
    decoder = _Decoder(url, response.getheader("Content-Encoding", ""),
                       options.max_decompressed_bytes)
    received = 0
    while chunk := response.read1(CHUNK):
        received += len(chunk)
        if received > limit:
            raise _refused(url, f"the body is over the limit of {limit:,} bytes "
                                "(fetch.max_bytes)")
        decoder.feed(chunk)
    if declared.strip().isdigit() and not response.chunked and received < int(declared):
        # http.client ends the body quietly when the connection closes early: a page cut
        # short must not be stored as if it were whole (unless the watchdog cut it: then
        # the caller says it timed out)
        if watchdog.fired:
            return b""
        raise _failed(url, f"the body ends after {received:,} of the {int(declared):,} bytes "
                           "its Content-Length promised (truncated)")
    return decoder.finish()


class _Decoder:
    """Undoes gzip or deflate Content-Encoding chunk by chunk, never producing more than
    ``limit`` bytes (a bomb is refused as it expands, not after)."""

    def __init__(self, url: str, encoding: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        name = encoding.strip().lower()
        if name in ("", "identity"):
            self.inflater = None
        elif name in ("gzip", "x-gzip"):
            self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self.inflater = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise _failed(url, f"the Content-Encoding {encoding!r} is not one eventwire "
                               "decodes (gzip, deflate)")
        self.raw_deflate = name == "deflate"  # some servers send deflate without its header

    def feed(self, chunk: bytes) -> None:
        if self.inflater is None:
            self._add(chunk)
            return
        try:
            pending = chunk
            while pending:
                self._add(self.inflater.decompress(pending, self.limit - self.size + 1))
                pending = self.inflater.unconsumed_tail
        except zlib.error as exc:
            if self.raw_deflate and not self.size:
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                self.raw_deflate = False
                self.feed(chunk)
                return
            raise _failed(self.url, f"the compressed body is corrupt: {exc}") from exc

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise _refused(self.url, f"the body decompresses to over {self.limit:,} bytes "
                                     "(fetch.max_decompressed_bytes): refused as a bomb")
        self.parts.append(data)

    def finish(self) -> bytes:
        if self.inflater is not None and not self.inflater.eof:
            raise _failed(self.url, "the compressed body ends before its end (truncated)")
        return b"".join(self.parts)
