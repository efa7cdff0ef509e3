"""The dashboard in a real browser: Debian's chromium driven by Playwright against a real
uvicorn server on loopback, over the examples' store plus one hostile document.

Checks that every page loads with no console error and no request leaving the machine,
that highlights, filters, the map and the charts work, that the hostile documents'
payloads stay text on every page they reach (no dialog, no injected element or handler,
no `javascript:` link), and that the dashboard's own forms still post under the app's
cross-site checks. Screenshots of every page at 1280 px and 390 px go to the folder
named by EVENTWIRE_SCREENSHOTS (else the test's tmp folder); with EVENTWIRE_DOCS_IMG=1
the top of the 1280 px set is also written to docs/img/dashboard-*.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.options import Options

from .live_server import free_port, serving
from .web_hostile import ACTOR_NAMES, IMG, PLACE_NAMES, SCRIPT, SPEAKER, with_hostile

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}

pytestmark = pytest.mark.slow

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (.ci/run)",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); the browser tests need "
                "it, and never download a browser", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def hostile(examples_db: Path, tmp_path_factory: pytest.TempPathFactory,
            options: Options) -> tuple[Path, str]:
    return with_hostile(examples_db, tmp_path_factory.mktemp("hostile"), options)


@pytest.fixture(scope="module")
def server(hostile: tuple[Path, str], options: Options) -> Iterator[str]:
    """The app on a free loopback port, in a thread; yields its base URL."""
    from eventwire.api import create_app

    with serving(create_app(str(hostile[0]), options), free_port()) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with everything that went wrong on it recorded: console errors, uncaught
    exceptions, dialogs, and requests to any other host."""

    def __init__(self, browser: Any, base: str, size: tuple[int, int]) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                           service_workers="block")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        # a page asked for with an error status: its own load and the favicon a JSON
        # answer makes the browser ask for are logged as errors, expected ones
        self.expected_failures: set[str] = set()
        self.logged: list[tuple[str, str]] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.base + "/") or url.startswith("data:")):
            self.outside.append(url)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.logged.append((message.text, message.location.get("url", "")))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, path: str, status: int = 200) -> Any:
        self.expected_failures = set() if status == 200 else {
            self.base + "/favicon.ico"}
        reply = self.page.goto(self.base + path, wait_until="load")
        if reply is not None and status != 200:
            self.expected_failures.add(reply.url)
        assert reply is not None and reply.status == status, \
            f"{path}: {reply and reply.status}"
        return self.page

    def clean(self, what: str) -> None:
        self.errors += [text for text, url in self.logged if not (
            text.startswith("Failed to load resource") and url in self.expected_failures)]
        self.logged = []
        assert not self.errors, f"{what}: console errors {self.errors}"
        assert not self.outside, f"{what}: requests beyond the test server {self.outside}"
        assert not self.dialogs, f"{what}: dialogs fired {self.dialogs}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watched(browser: Any, server: str) -> Iterator[Watched]:
    found = Watched(browser, server, WIDTHS["desktop"])
    yield found
    found.close()


def pages(hostile_id: str, event_id: str, document_id: str) -> dict[str, str]:
    return {"overview": "/", "documents": "/documents",
            "document": f"/documents/{document_id}", "hostile": f"/documents/{hostile_id}",
            "events": "/events",
            "event": f"/events/{event_id}", "timeline": "/timeline", "map": "/map",
            "network": "/network", "dyads": "/dyads?a=KGZ&b=TJK&by=quarter",
            "influence": "/influence?region=Central+Asia&powers=RUS,CHN,USA,TUR,IRN,EU&by=year"}


def first_link(page: Any, selector: str) -> str:
    """The id at the end of the first link ``selector`` finds."""
    return str(page.locator(selector).first.get_attribute("href")).rsplit("/", 1)[1]


def screenshot_folder(tmp_path: Path) -> Path:
    named = os.environ.get("EVENTWIRE_SCREENSHOTS")
    folder = Path(named) if named else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def docs_image(page: Any, path: Path) -> None:
    """The top 1000 px of a page for the docs, as a 256-colour PNG (a fraction of the
    size of a full-colour one, and the dashboard uses few colours)."""
    from PIL import Image

    height = min(1000, int(page.evaluate("document.documentElement.scrollHeight")))
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": height})
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


def test_every_page_loads_offline_at_both_widths(browser: Any, server: str,
                                                 hostile: tuple[Path, str],
                                                 tmp_path: Path) -> None:
    folder = screenshot_folder(tmp_path)
    docs = os.environ.get("EVENTWIRE_DOCS_IMG") == "1"
    for width, size in WIDTHS.items():
        watched = Watched(browser, server, size)
        try:
            event_id = first_link(watched.visit("/events"), "#events-table tbody a")
            # an example with every layer and the anatomy's parts: a press release with a
            # passage in Arabic, scripture and cited outlets
            document_id = first_link(watched.visit("/documents?language=ar"),
                                     "table tbody a")
            for name, path in pages(hostile[1], event_id, document_id).items():
                page = watched.visit(path)
                assert page.locator("main h1").count() == 1, name
                # nothing wider than the screen: the page itself never scrolls sideways
                overflow = page.evaluate("document.documentElement.scrollWidth - "
                                         "document.documentElement.clientWidth")
                assert overflow <= 1, f"{name} at {width}: {overflow}px too wide"
                shot = folder / f"dashboard-{name}-{size[0]}.png"
                page.screenshot(path=str(shot), full_page=True)
                if docs and width == "desktop":
                    docs_image(page, ROOT / "docs" / "img" / f"dashboard-{name}.png")
                watched.clean(f"{name} at {width}")
        finally:
            watched.close()
    assert len(list(folder.glob("dashboard-*.png"))) == 2 * len(pages("x", "y", "z"))


def test_document_highlights_and_legend(watched: Watched, hostile: tuple[Path, str]) -> None:
    page = watched.visit(f"/documents/{hostile[1]}")
    assert page.locator(".legend").is_visible()
    layers = {cls for mark in page.locator("#doc-text mark").all()
              for cls in (mark.get_attribute("class") or "").split() if cls.startswith("hl-")}
    assert {"hl-actor", "hl-place", "hl-time", "hl-event", "hl-evidence"} <= layers, layers
    assert page.locator("#doc-text mark[title]").count() >= 5
    # the legend's toggle hides a layer (progressive enhancement, a static script)
    page.locator("input.layer-toggle[value=actor]").uncheck()
    assert "hide-actor" in (page.locator("#doc-text").get_attribute("class") or "")
    watched.clean("document")


def test_events_form_filters_by_type_and_keeps_it_in_the_url(watched: Watched) -> None:
    page = watched.visit("/events")
    everything = page.locator("#events-table tbody tr").count()
    page.select_option("select[name=type]", "AGREE")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_load_state("load")
    assert "type=AGREE" in page.url
    shown = page.locator("#events-table tbody td.type a").all_inner_texts()
    assert shown and set(shown) == {"AGREE"} and len(shown) < everything
    # reloading the URL gives the same view: the state is in the URL alone
    page.goto(page.url)
    assert page.locator("select[name=type]").input_value() == "AGREE"
    assert page.locator("#events-table tbody tr").count() == len(shown)
    watched.clean("events")


def test_map_timeline_network_and_charts_draw(watched: Watched) -> None:
    checks = {"/map": ("svg.map path.land", "svg.map circle.cluster"),
              "/timeline": ("svg.chart rect.bar",),
              "/network": ("svg.network circle.node", "svg.network path.edge"),
              "/dyads?a=KGZ&b=TJK&by=quarter": ("svg.chart path.line", "svg.chart path.band"),
              "/influence?by=year": ("svg.chart path.line", "svg.chart circle.dot")}
    for path, selectors in checks.items():
        page = watched.visit(path)
        for selector in selectors:
            assert page.locator(selector).count() > 0, f"{path}: no {selector}"
    page = watched.visit("/map")
    assert page.locator("svg.map path.land").count() > 150  # the vendored basemap
    watched.clean("charts")


def test_explanations_are_one_click_away(watched: Watched) -> None:
    page = watched.visit("/dyads?a=KGZ&b=TJK&by=quarter")
    link = page.locator(".figures-table a[href^='#f-']").first
    target = str(link.get_attribute("href"))[1:]
    link.click()
    details = page.locator(f"details[id='{target}']")
    assert details.get_attribute("open") is not None
    assert details.locator("a[href^='/events/ev-']").count() >= 1
    watched.clean("explain")


def test_hostile_document_stays_text(watched: Watched, hostile: tuple[Path, str]) -> None:
    page = watched.visit(f"/documents/{hostile[1]}")
    assert page.locator("h1").inner_text().startswith(SCRIPT)
    assert page.get_by_text(SCRIPT).first.is_visible()
    assert page.locator("main script, main img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page = watched.visit("/documents?search=Hostile")
    assert page.get_by_text(SCRIPT).first.is_visible()
    page = watched.visit("/events?actor=KAZ")
    watched.clean("hostile")  # no dialog fired anywhere


def test_screenshots_for_the_docs_are_small() -> None:
    for shot in (ROOT / "docs" / "img").glob("dashboard-*.png"):
        assert shot.stat().st_size < 200_000, f"{shot.name} is {shot.stat().st_size} bytes"


def test_what_did_russia_do_in_uzbekistan_in_2021_who_reported_it_how_sure(
        watched: Watched) -> None:
    """The question a new user answers without the CLI: filter the events to the dyad and
    the year, open one, and read its chain of sources and its confidence."""
    page = watched.visit("/events")
    page.fill("input[name=dyad]", "RUS-UZB")
    page.fill("input[name=since]", "2021-01-01")
    page.fill("input[name=until]", "2021-12-31")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_load_state("load")
    assert "dyad=RUS-UZB" in page.url
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 1
    page.locator("#events-table tbody td.type a").first.click()
    page.wait_for_load_state("load")
    text = page.inner_text("main")
    assert "Russia" in text and "Uzbekistan" in text and "2021" in text
    assert "independent" in text.lower() and "confidence" in text.lower()
    assert page.locator("mark").count() >= 1  # the sentence it was read from, highlighted
    watched.clean("the question")


# what a payload would have left in the page: any script but the app's one file, any
# event-handler attribute, any element the app never makes, any script-bearing URL (the
# app's empty favicon, data:, aside)
INJECTED = r"""() => {
  const found = [];
  for (const s of document.querySelectorAll("script")) {
    if (s.getAttribute("src") !== "/static/dashboard.js" || s.textContent.trim())
      found.push("script " + s.outerHTML.slice(0, 80));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith("on")) found.push(el.tagName + " " + a.name);
    }
  }
  for (const el of document.querySelectorAll("img, iframe, object, embed, base, frame, " +
                                             "meta[http-equiv], main svg svg, main b")) {
    found.push("element " + el.tagName);
  }
  for (const el of document.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const value = el.getAttribute(name);
      if (value && /^[\s\u0000-\u001f]*(javascript|vbscript|data):/i.test(value) &&
          !(el.tagName === "LINK" && value === "data:,"))
        found.push(el.tagName + " " + name + "=" + value.slice(0, 40));
    }
  }
  return found;
}"""


def hostile_pages(watched: Watched, hostile_id: str) -> list[tuple[str, int]]:
    """Every dashboard page the hostile documents, their actors, places and events reach,
    with the status each answers (error pages included)."""
    page = watched.visit(f"/documents/{hostile_id}")
    events = sorted({str(a.get_attribute("href")) for a in
                     page.locator("main a[href^='/events/ev-']").all()})
    assert events, "the hostile document joined no event"
    page = watched.visit("/documents?search=Hostile")
    documents = sorted({str(a.get_attribute("href")) for a in
                        page.locator("main table a[href^='/documents/']").all()})
    assert len(documents) >= 2, documents  # the JSONL record and the HTML page
    watched.clean("the hostile document and the listing")
    found = [(path, 200) for path in (
        "/", "/documents", "/documents?search=Hostile", "/documents?publisher=Hostile",
        *documents, "/events", "/events?actor=Lavrov", "/events?actor=KAZ",
        "/events?place=Astana", "/events?dyad=RUS-KAZ", *events,
        *(f"/review{e}" for e in events), "/timeline", "/timeline?stack=type&by=quarter",
        "/map", "/map?extent=world", "/network", "/network?actor=KAZ",
        "/dyads?a=RUS&b=KAZ&by=year", "/influence?by=year", "/signin")]
    # error pages, each with a payload in the URL
    found += [(f"/documents/{IMG}", 404), (f"/events/ev-{IMG}", 404),
              (f"/documents/{SCRIPT}", 404),  # its "/" makes it a path of no route: JSON
              (f"/dyads?a={SCRIPT}", 400), (f"/events?since={SCRIPT}", 400),
              (f"/influence?region={SCRIPT}", 400), (f"/review/events/{IMG}", 404)]
    return found


def test_hostile_payloads_stay_inert_on_every_page(watched: Watched,
                                                   hostile: tuple[Path, str]) -> None:
    visited = hostile_pages(watched, hostile[1])
    shown: set[str] = set()
    for path, status in visited:
        page = watched.visit(path, status)
        assert page.evaluate(INJECTED) == [], path
        text = page.inner_text("body") + page.evaluate(
            "Array.from(document.querySelectorAll('[title]'), e => e.title).join(' ')")
        shown |= {name for name in (*ACTOR_NAMES.values(), *PLACE_NAMES.values(), SPEAKER,
                                    SCRIPT, "javascript:alert(7)") if name in text}
        watched.clean(path)
    # the payloads were there to be run, shown as the text they are (or a highlight's
    # tooltip)
    assert {SCRIPT, "javascript:alert(7)", SPEAKER} <= shown, shown
    assert any(name in shown for name in ACTOR_NAMES.values()), shown
    assert any(name in shown for name in PLACE_NAMES.values()), shown
    assert len(visited) >= 30


def test_the_review_form_posts_from_its_own_page(watched: Watched,
                                                 hostile: tuple[Path, str]) -> None:
    """The browser's own Origin and the form's token get a correction through the
    cross-site checks; it is then refused for its own reason (no such type), so nothing
    is stored."""
    page = watched.visit(f"/documents/{hostile[1]}")
    event = str(page.locator("main a[href^='/events/ev-']").first.get_attribute("href"))
    page = watched.visit(f"/review{event}")
    form = page.locator("section.correct form")
    form.locator("select[name=field]").select_option("type")
    form.locator("input[name=value]").fill("NOT-A-TYPE")
    form.locator("input[name=reason]").fill("a test of the form")
    with page.expect_navigation() as posted:
        form.get_by_role("button").click()
    assert posted.value.status == 422, posted.value.status
    assert "refused" not in page.content().lower()
    assert page.locator("p.error").count() == 1
    # the same form, posted with another session's token, is refused
    page = watched.visit(f"/review{event}")
    page.evaluate("document.querySelector('section.correct input[name=csrf]').value = 'x'")
    form = page.locator("section.correct form")
    form.locator("input[name=reason]").fill("a forged post")
    with page.expect_navigation() as forged:
        form.get_by_role("button").click()
    assert forged.value.status == 403

