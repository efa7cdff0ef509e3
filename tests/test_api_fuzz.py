"""A property-based client of the API (what schemathesis does, written out): for every GET
operation of /openapi.json, parameter values drawn from each parameter's own schema (odd
unicode, negative and huge numbers, values outside an enum, parameters left out or added),
the call made, and two promises checked: never a server error, and every JSON answer is
what the operation declares (its 200 schema, or the one error shape)."""

from __future__ import annotations

import csv
import io
import string
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import geojson
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from eventwire.api import create_app
from eventwire.options import Options

OPENAPI = "urn:eventwire:openapi"
EDGE_DAYS = ["0001-01-01", "1900-01-01", "2021-06-01", "9999-12-31"]
SLOW = 10.0  # seconds: an answer slower than this is a finding too (a server held)


def _get_operations() -> list[tuple[str, dict[str, Any]]]:
    # the schema needs no store: the app opens one only when it starts
    schema = create_app("unused.duckdb").openapi()
    return [(path, item["get"]) for path, item in schema["paths"].items()
            if path.startswith("/api/") and "get" in item]


OPERATIONS = _get_operations()


@pytest.fixture(scope="module")
def client(examples_db: Path, options: Options) -> Iterator[TestClient]:
    # raise_server_exceptions off: a 500 must come back as an answer, to be counted
    with TestClient(create_app(str(examples_db), options),
                    raise_server_exceptions=False) as served:
        yield served


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get("/openapi.json").json()
    return found


@pytest.fixture(scope="module")
def registry(schema: dict[str, Any]) -> Registry:
    return Registry().with_resource(OPENAPI, Resource.from_contents(schema, DRAFT202012))


@pytest.fixture(scope="module")
def known(client: TestClient) -> dict[str, list[str]]:
    """Real values for the parameters that name things, so calls also reach the paths
    where something is found, not only the refusals."""
    events = client.get("/api/events?limit=3").json()
    documents = client.get("/api/documents?limit=2").json()["documents"]
    sides = ["RUS", "KAZ", "UZB", "KGZ", "Central Asia", "EU", "RUS-MIL", "China"]
    return {
        "event_id": [e["id"] for e in events["events"]] + [events["events"][0]["id"][:8]],
        "document_id": [d["id"] for d in documents] + [documents[0]["id"][:6]],
        "cursor": [events["cursor"]], "a": sides, "b": sides, "region": ["Central Asia",
                                                                         "KAZ,KGZ"],
        "powers": ["RUS,CHN", "USA", "EU,TUR"],
        "country": ["KGZ", "RUS", "kaz"], "type": ["AGREE", "ASSAULT"], "actor": ["Tokayev"],
        "dyad": ["KGZ-TJK", "RUS>UZB"], "place": ["Dushanbe", "TJK"], "sector": ["MIL"],
        "q": ["border"],
        # the calendar's edges: windows of thousands of periods, periods past 9999
        "since": EDGE_DAYS, "until": EDGE_DAYS,
        "changed_since": ["2020-01-01", "2020-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00"],
        "compare": ["2021Q2,2021Q3", "2021,2022", "0001Q1,9999Q4", "9999Q3,9999Q4"],
    }


# -- values from a parameter's schema -------------------------------------------------------
ODD_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
ODD_STRINGS = st.sampled_from(["", " ", "%", "_", "'", "\"", "\\", "\x00", "-", ",", "..",
                               "NaN", "-1", "9" * 40, "2021-02-30", "0001-01-01",
                               "9999-12-31", "ev-", "ℝ𝔲𝔰𝔰𝔦𝔞", "\u202e", "🇰🇿"])
HUGE_INTS = st.sampled_from([-(2 ** 63), -1, 0, 2 ** 31, 2 ** 63, 10 ** 30])


def _value(shape: dict[str, Any], valid: bool) -> st.SearchStrategy[Any]:
    """Values a parameter of this schema could be given: only those it allows when
    ``valid`` (so a call gets past the checks, into the handler), else any."""
    if "anyOf" in shape:
        return st.one_of([_value(s, valid) for s in shape["anyOf"]
                          if s.get("type") != "null"])
    if "enum" in shape:
        return st.sampled_from(shape["enum"]) | (st.nothing() if valid else ODD_STRINGS)
    kind = shape.get("type")
    if kind == "integer":
        low = shape.get("minimum", -5)
        fitting = st.integers(min_value=low, max_value=5000) | st.sampled_from(
            [low, 2 ** 63, 10 ** 30])
        return fitting if valid else fitting | st.integers() | HUGE_INTS
    if kind == "boolean":
        return st.booleans() | (st.nothing() if valid else st.sampled_from(["yes", "0"]))
    if kind == "array":
        return st.lists(_value(shape.get("items", {}), valid), max_size=3)
    if shape.get("format") == "date":
        days = st.dates().map(lambda d: d.isoformat()) | st.sampled_from(EDGE_DAYS)
        return days if valid else days | ODD_STRINGS
    return ODD_TEXT | ODD_STRINGS


@st.composite
def _call(draw: st.DrawFn, path: str, operation: dict[str, Any],
          known: dict[str, list[str]], valid: bool) -> tuple[str, dict[str, Any]]:
    url, params = path, {}
    for parameter in operation.get("parameters", []):
        name, shape = parameter["name"], parameter.get("schema", {})
        strategy = _value(shape, valid)
        if known.get(name):
            strategy = st.sampled_from(known[name]) if valid else \
                st.sampled_from(known[name]) | strategy
        if parameter["in"] == "path":
            value = draw(strategy.filter(lambda v: str(v) != ""))
            url = url.replace("{" + name + "}", quote(str(value), safe=""))
        elif parameter.get("required") or draw(st.booleans()):
            params[name] = draw(strategy)
    if not valid and draw(st.integers(0, 4)) == 0:  # a parameter nobody declared
        params[draw(st.text(string.ascii_lowercase, min_size=1, max_size=8))] = "x"
    return url, params


# -- the promises -----------------------------------------------------------------------------
def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _check_json(reply: Any, path: str, registry: Registry, schema: dict[str, Any]) -> None:
    body = reply.json()
    if reply.status_code == 200:
        declared = schema["paths"][path]["get"]["responses"]["200"].get("content", {})
        if "application/json" not in declared:
            return
        ref = OPENAPI + _pointer("paths", path, "get", "responses", "200", "content",
                                 "application/json", "schema")
    else:
        ref = OPENAPI + "#/components/schemas/ErrorBody"
        assert body["error"]["status"] == reply.status_code
    errors = list(Draft202012Validator({"$ref": ref}, registry=registry).iter_errors(body))
    assert not errors, (reply.url, [e.message[:200] for e in errors[:3]])


def _check(reply: Any, path: str, registry: Registry, schema: dict[str, Any]) -> None:
    assert reply.status_code < 500, (reply.url, reply.text[:500])
    media = reply.headers.get("content-type", "")
    if media.startswith("application/json"):
        _check_json(reply, path, registry, schema)
    elif media.startswith("application/geo+json"):
        assert reply.status_code == 200 and geojson.loads(reply.text).is_valid
    elif media.startswith("text/csv"):
        assert reply.status_code == 200
        list(csv.reader(io.StringIO(reply.text)))
    else:  # downloads: exports' own media types
        assert reply.status_code == 200 and "attachment" in reply.headers.get(
            "content-disposition", ""), (reply.url, media)


@pytest.mark.parametrize("valid", [True, False], ids=["allowed", "anything"])
@pytest.mark.parametrize("path, operation", OPERATIONS, ids=[p for p, _ in OPERATIONS])
def test_no_operation_fails_or_answers_off_schema(
        client: TestClient, schema: dict[str, Any], registry: Registry,
        known: dict[str, list[str]], path: str, operation: dict[str, Any],
        valid: bool) -> None:
    """Two phases, as schemathesis has: values each parameter allows (calls that reach
    the handler's own work), then anything at all (calls that test the refusals); 25
    calls per operation in all."""
    @settings(max_examples=15 if valid else 10, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(call=_call(path, operation, known, valid))
    def property_holds(call: tuple[str, dict[str, Any]]) -> None:
        url, params = call
        started = time.monotonic()
        reply = client.get(url, params=params)
        assert time.monotonic() - started < SLOW, (reply.url, "too slow")
        _check(reply, path, registry, schema)

    property_holds()
