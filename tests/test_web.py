"""The dashboard without a browser: pages through the app in-process (TestClient), the
highlight segmentation, escaping of hostile text, URL state and the security headers."""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.api.security import CSP
from eventwire.options import Options
from eventwire.web.highlight import Span, render, segments
from eventwire.web.svg import el

from .web_hostile import IMG, SCRIPT, with_hostile

ROOT = Path(__file__).resolve().parents[1]
LOCAL = "http://localhost"  # a name the app answers to (its Host check)
PAGES = ("/", "/documents", "/events", "/timeline", "/map", "/network", "/dyads",
         "/influence", "/signin")


# -- segmentation ---------------------------------------------------------------------------
def test_overlapping_spans_cut_into_flat_segments() -> None:
    spans = [Span(0, 8, "quote", "q"), Span(2, 6, "actor", "a"), Span(4, 5, "event", "e"),
             Span(6, 6, "place", "empty"), Span(7, 12, "time", "t")]
    found = segments(10, spans)
    assert [(s.start, s.end) for s in found] == [(0, 2), (2, 4), (4, 5), (5, 6), (6, 7),
                                                  (7, 8), (8, 10)]
    layers = [[x.layer for x in s.spans] for s in found]
    assert layers == [["quote"], ["actor", "quote"], ["event", "actor", "quote"],
                      ["actor", "quote"], ["quote"], ["time", "quote"], ["time"]]


def test_segments_cover_the_text_exactly_once() -> None:
    text = "Russia and Kazakhstan signed a deal in Astana."
    spans = [Span(0, 6, "actor", "RUS"), Span(0, 21, "actor", "both"),
             Span(22, 28, "event", "AGREE"), Span(0, 46, "evidence", "s"),
             Span(39, 45, "place", "Astana"), Span(-5, 3, "claim", "clamped"),
             Span(40, 99, "time", "clamped")]
    found = segments(len(text), spans)
    assert found[0].start == 0 and found[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(found))
    assert "".join(text[s.start:s.end] for s in found) == text


class _Attributes(HTMLParser):
    """Every tag and attribute of a page, to check what the CSP would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.found += [(tag, name, value or "") for name, value in attrs] or [(tag, "", "")]


def refused(tag: str, name: str, value: str) -> bool:
    """What the CSP would block, or what would load from another host."""
    if tag == "script":
        return not (name == "defer" or (name == "src" and value.startswith("/static/")))
    if tag == "style" or name == "style" or name.startswith("on"):
        return True
    loads = name in ("src", "srcset") or (tag == "link" and name == "href")
    return loads and not value.startswith(("/", "data:"))


def inline_problems(html: str) -> list[tuple[str, str, str]]:
    """Inline script, style attributes, event handlers and resources from other hosts."""
    parser = _Attributes()
    parser.feed(html)
    return [found for found in parser.found if refused(*found)]


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []
        self.marks = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.open.append(tag)
        self.marks += tag == "mark"

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_rendered_highlights_are_well_formed_and_escaped() -> None:
    text = f"He said {SCRIPT} in Astana & {IMG}."
    start = text.index("Astana")
    spans = [Span(0, len(text), "evidence", f"detail {IMG}"), Span(3, start + 3, "quote", "q"),
             Span(start, start + 6, "place", 'Astana "capital"')]
    html = str(render(text, spans))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;" in html
    parser = _Balance()
    parser.feed(html)
    assert parser.open == [] and parser.marks == 5
    assert "".join(parser.text) == text  # the text, unchanged, once
    assert "Astana &#34;capital&#34;" in html  # quotes in a title cannot end the attribute


def test_svg_builder_escapes_labels() -> None:
    built = str(el("text", SCRIPT, x=1.005, class_="tick", data_note=IMG))
    assert "<script>" not in built and "<img" not in built
    assert built.startswith('<text x="1" class="tick" data-note="&lt;img')


# -- pages over a store with a hostile document -----------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, options: Options) -> tuple[Path, str]:
    return with_hostile(None, tmp_path_factory.mktemp("hostile"), options)


@pytest.fixture(scope="module")
def client(hostile: tuple[Path, str], options: Options) -> Iterator[TestClient]:
    with TestClient(create_app(str(hostile[0]), options), base_url=LOCAL) as served:
        yield served


def test_every_page_answers_with_the_csp(client: TestClient, hostile: tuple[Path, str]) -> None:
    event = re.search(r'href="/events/(ev-[0-9a-f]+)"', client.get("/events").text)
    assert event is not None
    for path in (*PAGES, f"/documents/{hostile[1]}", f"/events/{event.group(1)}"):
        reply = client.get(path)
        assert reply.status_code == 200, path
        assert reply.headers["content-security-policy"] == CSP, path
        assert reply.headers["content-type"].startswith("text/html"), path
        # nothing inline the CSP would block, and nothing loaded from another host
        assert inline_problems(reply.text) == [], path


def test_hostile_strings_are_escaped_everywhere(client: TestClient,
                                                hostile: tuple[Path, str]) -> None:
    for path in (f"/documents/{hostile[1]}", "/documents?search=Hostile", "/events?actor=KAZ",
                 "/documents?search=" + SCRIPT):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    page = client.get(f"/documents/{hostile[1]}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hostile" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript:' not in page


def test_the_document_view_highlights_its_layers(client: TestClient,
                                                 hostile: tuple[Path, str]) -> None:
    page = client.get(f"/documents/{hostile[1]}").text
    for layer in ("actor", "place", "time", "event", "evidence"):
        assert f'hl-{layer}' in page.split('id="doc-text"')[1], layer
    assert 'class="legend"' in page and "Anatomy" in page


def test_view_state_lives_in_the_url(client: TestClient) -> None:
    page = client.get("/events?type=AGREE&since=2020-01-01").text
    assert "<option selected>AGREE</option>" in page
    assert 'value="2020-01-01"' in page
    assert "/timeline?type=AGREE&amp;since=2020-01-01" in page
    timeline = client.get("/timeline?type=AGREE&by=year").text
    assert re.search(r'href="/events\?type=AGREE&amp;since=\d{4}-01-01&amp;until=\d{4}-12-31'
                     r'&amp;quad=', timeline)
    by_type = client.get("/timeline?stack=type&by=quarter").text
    assert 'class="bar t-0"' in by_type and "<option selected>type</option>" in by_type
    dyad = client.get("/dyads?a=RUS&b=KAZ&by=year").text
    assert 'name="a" value="RUS"' in dyad and "<option selected>year</option>" in dyad


def test_unreadable_settings_are_shown_not_raised(client: TestClient) -> None:
    reply = client.get("/events?since=yesterday&min_sources=many")
    assert reply.status_code == 400 and "is not a YYYY-MM-DD date" in reply.text
    assert "is not a whole number" in reply.text
    reply = client.get("/dyads?a=NOWHERE")
    assert reply.status_code == 400 and "not a country code" in reply.text
    assert client.get("/events/ev-0000000000000000").status_code == 404
    reply = client.get("/influence?region=EU")
    assert reply.status_code == 400 and "not an IGO" in reply.text
    assert "each power once" in client.get("/influence?powers=RUS,RUS").text


def test_review_link_and_static_files(client: TestClient) -> None:
    event = re.search(r'href="/events/(ev-[0-9a-f]+)"', client.get("/events").text)
    assert event is not None
    page = client.get(f"/events/{event.group(1)}").text
    assert f'href="/review/events/{event.group(1)}"' in page
    assert client.get("/static/dashboard.css").status_code == 200
    assert client.get("/static/vendor/countries-110m.paths.json").status_code == 200


def test_signin_sets_the_token_cookie(hostile: tuple[Path, str], options: Options) -> None:
    secret = "a-long-enough-secret-token"
    with TestClient(create_app(str(hostile[0]), options, token=secret, host="0.0.0.0"),
                    base_url=LOCAL, follow_redirects=False) as served:
        assert served.get("/").status_code == 401
        form = served.get("/signin")
        assert form.status_code == 200
        found = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert found is not None  # the form's double-submit token (tests/test_api_app.py)
        origin = {"Origin": LOCAL}
        assert served.post("/signin", headers=origin, data={
            "token": "wrong-token-wrong", "csrf": found.group(1)}).status_code == 401
        reply = served.post("/signin", headers=origin,
                            data={"token": secret, "csrf": found.group(1)})
        assert reply.status_code == 303 and reply.headers["location"] == "/"
        assert "httponly" in reply.headers["set-cookie"].lower()
        assert served.get("/").status_code == 200  # the cookie it set


def test_every_dashboard_file_ships_in_the_wheel() -> None:
    """Templates, stylesheet, script and basemap are package data, so `pip install .` gives
    a dashboard that works (the wheel itself is built by tests/test_packaging.py)."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = settings["tool"]["setuptools"]["package-data"]["eventwire"]
    package = ROOT / "src" / "eventwire"
    files = [p.relative_to(package).as_posix() for p in (package / "web").rglob("*")
             if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert files and [f for f in files if not any(fnmatch(f, g) for g in globs)] == []
