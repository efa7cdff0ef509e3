"""The REST API over the examples corpus: each endpoint answers what the command line
answers for the same query, pages walk every row once, every variant parses, a cut listing
says so, exports download and leave nothing behind, and `POST /api/analyse` stores
nothing. The store is only read (analyse writes nothing; that is one of the checks)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import geojson
import jsonschema
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.analytics.figures import MEASURES, NORMALISATIONS
from eventwire.analytics.periods import PERIODS
from eventwire.api import create_app
from eventwire.api.paging import MAX_LIMIT
from eventwire.api.routes import analysis
from eventwire.api.variants import TRUNCATED
from eventwire.cli import app as cli
from eventwire.contract import published_schema
from eventwire.options import Options

ERROR_STATUSES = ("400", "401", "404", "413", "422", "500")


@pytest.fixture(scope="module")
def client(examples_db: Path, options: Options) -> Iterator[TestClient]:
    with TestClient(create_app(str(examples_db), options)) as served:
        yield served


def cli_json(examples_db: Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--db", str(examples_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def walk(client: TestClient, url: str, key: str) -> list[dict[str, Any]]:
    """Every row of a paged listing, following `next`."""
    rows: list[dict[str, Any]] = []
    pages = 0
    while url:
        reply = client.get(url)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        rows += body[key]
        assert body["count"] == len(body[key]) <= body["limit"]
        assert body["truncated"] == (body["next"] is not None)
        url = body["next"]
        pages += 1
        assert pages < 500
    return rows


def assert_error(reply: Any, status: int) -> None:
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message",
                                                             "source"}
    assert body["error"]["status"] == status


# -- the same answers as the command line ---------------------------------------------------
@pytest.mark.parametrize("query, args", [
    ("country=KGZ", ["--country", "KGZ"]),
    ("type=AGREE", ["--type", "AGREE"]),
    ("dyad=KGZ-TJK", ["--dyad", "KGZ-TJK"]),
    ("quad=material_conflict&since=2021-06-01", ["--quad", "material_conflict",
                                                 "--since", "2021-06-01"]),
    ("actor=Tokayev&until=2022-06-30", ["--actor", "Tokayev", "--until", "2022-06-30"]),
    ("min_sources=2&modality=asserted", ["--min-sources", "2", "--modality", "asserted"]),
    ("place=TJK", ["--place", "TJK"]),
])
def test_events_are_the_cli_events(client: TestClient, examples_db: Path, query: str,
                                   args: list[str]) -> None:
    expected = cli_json(examples_db, "events", *args)
    found = walk(client, f"/api/events?{query}&limit=10", "events")
    assert found == expected
    assert expected


def test_one_event_is_the_cli_event(client: TestClient, examples_db: Path) -> None:
    listed = client.get("/api/events?limit=3").json()["events"]
    for event in listed:
        expected = cli_json(examples_db, "event", event["id"])
        assert client.get(f"/api/events/{event['id']}").json() == expected
        assert client.get(f"/api/events/{event['id'][:10]}.json").json() == expected
        assert expected["revisions"] and expected["chain"] and expected["mentions"]
    assert_error(client.get("/api/events/ev-nothing-like-this"), 404)


@pytest.mark.parametrize("query, args", [
    ("", []),
    ("genre=press_release", ["--genre", "press_release"]),
    ("duplicates=false&translated=false", ["--no-duplicates", "--original"]),
    ("q=border&since=2021-01-01", ["--search", "border", "--since", "2021-01-01"]),
    ("publisher=wire&language=en", ["--publisher", "wire", "--language", "en"]),
])
def test_documents_are_the_cli_documents(client: TestClient, examples_db: Path, query: str,
                                         args: list[str]) -> None:
    expected = [row["id"] for row in cli_json(examples_db, "docs", *args)]
    found = walk(client, f"/api/documents?{query}&limit=7", "documents")
    assert [row["id"] for row in found] == expected and expected


def test_one_document_is_its_contract(client: TestClient, examples_db: Path) -> None:
    first = client.get("/api/documents?limit=1").json()["documents"][0]["id"]
    expected = cli_json(examples_db, "show", first)
    assert client.get(f"/api/documents/{first[:6]}").json() == expected
    assert client.get(f"/api/documents/{first}.json").json() == expected
    layers = list(csv.DictReader(io.StringIO(client.get(f"/api/documents/{first}.csv").text)))
    text = expected["document"]["text"]
    assert layers and all(text[int(r["start"]):int(r["end"])] == r["text"] for r in layers)
    assert_error(client.get(f"/api/documents/{first[:4]}"), 422)  # under 6 characters
    assert_error(client.get("/api/documents/ffffffffffff"), 404)


@pytest.mark.parametrize("what, query, args", [
    ("actors", "country=RUS&limit=20", ["--country", "RUS", "--limit", "20"]),
    ("actors", "kind=person&limit=5", ["--kind", "person", "--limit", "5"]),
    ("places", "level=city&limit=30", ["--level", "city", "--limit", "30"]),
    ("places", "country=KAZ", ["--country", "KAZ"]),
])
def test_actors_and_places_are_the_cli_ones(client: TestClient, examples_db: Path,
                                            what: str, query: str, args: list[str]) -> None:
    expected = cli_json(examples_db, what, *args)
    assert client.get(f"/api/{what}?{query}").json()[what] == expected


@pytest.mark.parametrize("url, args", [
    ("/api/dyads/RUS/UZB", ["dyad", "RUS", "UZB"]),
    ("/api/dyads/CHN/Central%20Asia?by=year&normalise=share&explain=true",
     ["dyad", "CHN", "Central Asia", "--by", "year", "--normalise", "share", "--explain"]),
    ("/api/dyads/RUS/KAZ?sector=MIL&unit=mentions&measure=count",
     ["dyad", "RUS", "KAZ", "--sector", "MIL", "--unit", "mentions", "--measure", "count"]),
    ("/api/influence", ["influence"]),
    ("/api/influence?powers=RUS,CHN&min_sources=1&since=2021-01-01&explain=true",
     ["influence", "--powers", "RUS,CHN", "--min-sources", "1", "--since", "2021-01-01",
      "--explain"]),
    ("/api/influence?compare=2021Q2,2021Q3&explain=true",
     ["influence", "--compare", "2021Q2", "2021Q3", "--explain"]),
])
def test_analytics_are_the_cli_analytics(client: TestClient, examples_db: Path, url: str,
                                         args: list[str]) -> None:
    assert client.get(url).json() == cli_json(examples_db, *args)


def test_analytics_rows_as_csv(client: TestClient, examples_db: Path) -> None:
    result = CliRunner().invoke(cli, ["influence", "--db", str(examples_db), "--by", "year",
                                      "--format", "csv"])
    reply = client.get("/api/influence.csv?by=year")
    assert reply.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(reply.text))) == \
        list(csv.reader(io.StringIO(result.stdout)))
    assert_error(client.get("/api/influence.csv?compare=2021Q2,2021Q3"), 400)
    assert_error(client.get("/api/dyads/RUS/Atlantis"), 400)
    assert_error(client.get("/api/influence?region=EU"), 400)


def test_the_analytics_enums_are_the_analytics_own() -> None:
    assert get_args(analysis.Period) == PERIODS
    assert get_args(analysis.Measure) == MEASURES
    assert get_args(analysis.Normalisation) == NORMALISATIONS


def test_what_the_property_based_client_found_stays_fixed(client: TestClient) -> None:
    """Each was a server error, a server held for minutes, or a wrong match."""
    for url in ("/api/influence?since=1900-01-01&by=week",  # 6,500 periods: a minute
                "/api/influence?compare=0001Q1,9999Q4",  # year 10000 out of range
                "/api/dyads/RUS/UZB?until=9999-12-31",  # 32,000 quarters
                "/api/exports/events.csv?changed_since=9999-12-31T23:59:59-01:00"):
        assert_error(client.get(url), 400)
    year_9999 = client.get("/api/influence?since=9999-01-01&until=9999-12-31&by=year")
    assert [p["end"] for p in year_9999.json()["periods"]] == ["9999-12-31"]
    for url in ("/api/events/%25", "/api/events/_", "/api/documents/%25%25%25%25%25%25"):
        assert_error(client.get(url), 404)  # a wildcard in an id prefix matches nothing


# -- pages ----------------------------------------------------------------------------------
def test_cursor_pages_walk_every_event_once_in_a_stable_order(
        client: TestClient, examples_db: Path) -> None:
    every = cli_json(examples_db, "events")
    for size in (1, 7, 50):
        found = walk(client, f"/api/events?limit={size}", "events")
        assert [e["id"] for e in found] == [e["id"] for e in every]
    keys = [(e["start"], e["id"]) for e in every]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # the same page asked twice is the same page
    first = client.get("/api/events?limit=5").json()
    again = client.get("/api/events", params={"limit": 5, "cursor": first["cursor"]}).json()
    assert again == client.get(first["next"]).json()
    assert_error(client.get("/api/events?cursor=not-a-cursor"), 400)
    assert_error(client.get("/api/documents?cursor=WyIyMDIxIiwiZXYiXQ"), 400)  # events'


def test_a_cut_listing_says_so(client: TestClient) -> None:
    page = client.get("/api/events?limit=3")
    body = page.json()
    assert body["truncated"] is True and body["next"] and body["count"] == 3
    assert page.headers[TRUNCATED] == "true" and 'rel="next"' in page.headers["link"]
    whole = client.get("/api/events?limit=100000").json()
    assert whole["limit"] == MAX_LIMIT and whole["truncated"] is False
    cut_csv = client.get("/api/events.csv?limit=3")
    assert cut_csv.headers[TRUNCATED] == "true" and "x-eventwire-next" in cut_csv.headers
    assert len(list(csv.DictReader(io.StringIO(cut_csv.text)))) == 3
    cut_geo = client.get("/api/events.geojson?limit=3").json()
    assert cut_geo["truncated"] is True and cut_geo["next"]
    actors = client.get("/api/actors?limit=3")
    assert actors.json()["truncated"] is True and actors.json()["total"] > 3
    assert actors.headers[TRUNCATED] == "true"
    places = client.get("/api/places.geojson?limit=2").json()
    assert places["truncated"] is True and places["total"] > 2
    uncut = client.get("/api/places?limit=100000")
    assert uncut.json()["truncated"] is False and uncut.headers[TRUNCATED] == "false"


# -- variants -------------------------------------------------------------------------------
def test_csv_and_geojson_variants_parse(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv?type=AGREE").text)))
    listed = client.get("/api/events?type=AGREE").json()["events"]
    assert [r["id"] for r in rows] == [e["id"] for e in listed] and rows
    for url in ("/api/events.geojson", "/api/places.geojson?limit=500",
                f"/api/events/{listed[0]['id']}.geojson"):
        reply = client.get(url)
        assert reply.headers["content-type"].startswith("application/geo+json")
        collection = geojson.loads(reply.text)
        assert collection.is_valid and collection["features"], url
    for url in ("/api/documents.csv", "/api/actors.csv", "/api/places.csv",
                "/api/dyads/RUS/KAZ.csv", f"/api/events/{listed[0]['id']}.csv"):
        reply = client.get(url)
        assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
        assert list(csv.DictReader(io.StringIO(reply.text))), url
    placed = client.get("/api/events.geojson?limit=1000").json()
    assert len(placed["features"]) + len(placed["unplaced"]) == \
        len(client.get("/api/events?limit=1000").json()["events"])


# -- exports --------------------------------------------------------------------------------
@pytest.mark.parametrize("path, media", [
    ("events.csv", "text/csv"), ("events.jsonl", "application/x-ndjson"),
    ("events.geojson", "application/geo+json"), ("events.plover", "application/x-ndjson"),
    ("mentions.csv", "text/csv"), ("actors.jsonl", "application/x-ndjson"),
    ("network.gexf", "application/gexf+xml"), ("network.graphml?by_sector=true",
                                               "application/graphml+xml"),
    ("dyads.csv?a=RUS&b=KAZ", "text/csv"), ("influence.jsonl?by=year",
                                             "application/x-ndjson"),
])
def test_exports_download_and_leave_nothing_behind(client: TestClient, path: str,
                                                   media: str) -> None:
    before = set(Path(tempfile.gettempdir()).glob("eventwire-export-*"))
    reply = client.get(f"/api/exports/{path}")
    assert reply.status_code == 200 and reply.headers["content-type"].startswith(media)
    assert reply.headers["content-disposition"].startswith("attachment")
    rows = int(reply.headers["x-eventwire-rows"])
    assert rows > 0
    if media == "application/x-ndjson":
        assert len([json.loads(line) for line in reply.text.splitlines()]) == rows
    elif media == "text/csv":
        assert len(list(csv.DictReader(io.StringIO(reply.text)))) == rows
    elif media == "application/geo+json":
        assert geojson.loads(reply.text).is_valid
    assert set(Path(tempfile.gettempdir()).glob("eventwire-export-*")) == before


def test_exports_refuse_what_does_not_fit(client: TestClient) -> None:
    assert_error(client.get("/api/exports/network.csv"), 400)
    assert_error(client.get("/api/exports/dyads.csv"), 400)  # no sides
    assert_error(client.get("/api/exports/events.parquet"), 422)
    assert_error(client.get("/api/exports/actors.csv?by_sector=true"), 400)


# -- analyse --------------------------------------------------------------------------------
TEXT = ("ASTANA, March 3, 2023 (Steppe Wire) - Kazakhstan and Uzbekistan signed an agreement "
        "on sharing the waters of the Syr Darya on Tuesday, the foreign ministry said.")


def test_analyse_returns_a_valid_contract_and_stores_nothing(client: TestClient) -> None:
    before = client.get("/api/status").json()
    reply = client.post("/api/analyse", json={"text": TEXT, "title": "A water deal",
                                              "published": "2023-03-03"})
    assert reply.status_code == 200, reply.text
    contract = reply.json()
    jsonschema.validate(contract, published_schema())
    assert contract["document"]["title"] == "A water deal"
    assert contract["document"]["published"] == "2023-03-03"
    assert contract["events"] and contract["actors"] and contract["places"]
    for sent in ({"data": {"text": TEXT}},
                 {"files": {"file": ("note.txt", TEXT.encode())}},
                 {"content": TEXT.encode(), "headers": {"content-type": "text/plain"}}):
        other = client.post("/api/analyse", **sent)  # type: ignore[arg-type]
        assert other.status_code == 200, other.text
        assert other.json()["document"]["text"] == contract["document"]["text"]
    assert client.get("/api/status").json() == before
    assert_error(client.get(f"/api/documents/{contract['document']['id']}"), 404)


def test_analyse_refuses_what_it_cannot_read(client: TestClient) -> None:
    assert_error(client.post("/api/analyse", json={"title": "no text"}), 422)
    assert_error(client.post("/api/analyse", json={"text": "short"}), 422)
    assert_error(client.post("/api/analyse", files={"file": ("x.png", b"\x89PNG...")}), 422)
    assert_error(client.post("/api/analyse", content=b"<a/>",
                             headers={"content-type": "image/svg+xml"}), 422)


def test_analyse_limits_size_and_time(examples_db: Path, options: Options,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    small = options.model_copy(update={"ingest": options.ingest.model_copy(
        update={"max_bytes": 2_000})})
    with TestClient(create_app(str(examples_db), small)) as served:
        big = served.post("/api/analyse", json={"text": TEXT * 20})
        assert_error(big, 413)
        assert "ingest.max_bytes" in big.json()["error"]["message"]
        streamed = served.post("/api/analyse", content=iter([TEXT.encode()] * 20),
                               headers={"content-type": "text/plain"})  # no length given
        assert_error(streamed, 413)
        assert served.post("/api/analyse", json={"text": TEXT}).status_code == 200
        analyser = served.app.state.analyser  # type: ignore[attr-defined]
        late = small.model_copy(update={"ingest": small.ingest.model_copy(
            update={"extract_timeout": 1e-9})})
        monkeypatch.setattr(analyser, "options", late)  # the same pipeline, no time left
        timed_out = served.post("/api/analyse", json={"text": TEXT})
        assert_error(timed_out, 422)
        assert "ingest.extract_timeout" in timed_out.json()["error"]["message"]


# -- the schema and its page ----------------------------------------------------------------
def test_every_operation_declares_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorBody"]["properties"]) == {"error"}
    operations = [(path, op) for path, item in schema["paths"].items()
                  if path.startswith("/api/") for op in item.values()]
    assert len(operations) > 25
    for path, operation in operations:
        for status in ERROR_STATUSES:
            shape = operation["responses"][status]["content"]["application/json"]["schema"]
            assert shape == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)


def test_the_docs_page_lists_every_path_and_needs_nothing_else(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for path in schema["paths"]:
        assert f"<code>{path}</code>" in html, path
    assert "<script" not in html.lower() and "style=" not in html.lower()
    assert "http://" not in html and "https://" not in html and 'src="//' not in html
    assert "ErrorBody" in html or "error" in html
    sheet = client.get("/api/docs.css")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")
    assert "url(" not in sheet.text and "@import" not in sheet.text
