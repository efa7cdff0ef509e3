"""Hostile inputs found by a red-team pass that the other hostile-input tests did not try.

Each test is one finding: before its fix the input ended the reading of its whole file
with an internal error (losing the good records beside it) instead of failing alone with
a reason.
"""

from __future__ import annotations

import json

from eventwire.errors import InputError, Reason
from eventwire.ingest.containers import Draft, read_drafts

ARTICLE = ("The Prime Minister of Norway met the President of France in Paris on Monday "
           "to discuss fishing quotas and a new trade agreement. ") * 2
# Python refuses to turn more than 4,300 digits into an int (a guard against quadratic
# conversion) and json raises a bare ValueError, not a JSONDecodeError, when it does.
LONG_INTEGER = "7" * 5_000


def _texts(results: list[Draft | InputError]) -> list[str]:
    return [r.text for r in results if isinstance(r, Draft)]


def _failures(results: list[Draft | InputError]) -> list[InputError]:
    return [r for r in results if isinstance(r, InputError)]


def test_a_jsonl_line_with_a_huge_integer_fails_alone() -> None:
    data = "\n".join([
        json.dumps({"text": ARTICLE, "title": "first"}),
        '{"text": "a record with a counter", "views": ' + LONG_INTEGER + "}",
        json.dumps({"text": ARTICLE + " Second.", "title": "third"}),
    ]).encode()
    results = list(read_drafts("wire.jsonl", data))
    assert _texts(results) == [ARTICLE, ARTICLE + " Second."]
    (failure,) = _failures(results)
    assert failure.reason is Reason.MALFORMED and failure.locator == "line 2"
    assert "number too long" in failure.message


def test_a_damaged_json_array_with_a_huge_integer_keeps_the_other_items() -> None:
    # The trailing comma makes the array invalid as a whole, so it is read item by item.
    data = ("[\n" + json.dumps({"text": ARTICLE}) + ",\n"
            '{"text": "counted", "views": ' + LONG_INTEGER + "},\n"
            + json.dumps({"text": ARTICLE + " Again."}) + ",\n]").encode()
    results = list(read_drafts("export.json", data))
    assert _texts(results) == [ARTICLE, ARTICLE + " Again."]
    (failure,) = _failures(results)
    assert failure.locator == "item 1" and "number too long" in failure.message


def test_a_single_json_record_with_a_huge_integer_is_malformed() -> None:
    data = ('{"text": ' + json.dumps(ARTICLE) + ', "id": ' + LONG_INTEGER + "}").encode()
    try:
        results = list(read_drafts("one.json", data))
    except InputError as error:
        results = [error]
    (failure,) = results
    assert isinstance(failure, InputError) and failure.reason is Reason.MALFORMED


def test_an_svg_document_named_html_fails_with_a_reason() -> None:
    # An <svg> root with a script trips an assertion in lxml's drop_tree inside htmldate.
    page = ("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script>"
            f"<foreignObject><p>{ARTICLE}</p></foreignObject></svg>").encode()
    try:
        results = list(read_drafts("logo.html", page))
    except InputError as error:
        results = [error]
    for result in results:
        assert isinstance(result, Draft | InputError)
        assert "alert(1)" not in getattr(result, "text", "")
