"""What the document view shows: the contract's layers as highlight spans, with the
hover details each one deserves, and the anatomy beside the text."""

from __future__ import annotations

from typing import Any

from eventwire.web.highlight import Span

LEGEND = (
    ("actor", "actor"), ("place", "place"), ("time", "time"), ("quote", "quote"),
    ("claim", "numeric claim"), ("event", "event trigger"),
    ("evidence", "event sentence"),
)


def _pairs(spans: Any) -> list[tuple[int, int]]:
    return [(int(s[0]), int(s[1])) for s in spans or [] if s]


def layer_spans(contract: dict[str, Any], clustered: dict[str, str]) -> list[Span]:
    """Every highlight of a document: ``contract`` is to_contract's dict, ``clustered``
    maps an event mention to the real-world event it joined."""
    names = {a["id"]: a["name"] for a in contract["actors"]}
    found: list[Span] = []
    for actor in contract["actors"]:
        role = f", {actor['role']}" if actor.get("role") else ""
        detail = f"actor: {actor['name']} [{actor['code']}] {actor['kind']}{role}"
        found += [Span(s, e, "actor", detail) for s, e in _pairs(actor["mentions"])]
    for place in contract["places"]:
        detail = (f"place: {place['name']} ({place['level']}, {place['country'] or '-'}) "
                  f"{place['lat']:.2f}, {place['lon']:.2f}")
        found += [Span(s, e, "place", detail) for s, e in _pairs(place["mentions"])]
    for time in contract["times"]:
        span = _pairs([time["span"]])
        when = time["start"] if time["start"] == time["end"] else \
            f"{time['start']} to {time['end']}"
        found += [Span(s, e, "time", f"time: {when} ({time['granularity']})")
                  for s, e in span]
    for quote in contract["quotes"]:
        speaker = names.get(quote.get("speaker") or "", quote.get("speaker_text") or "?")
        detail = f"{quote['kind']} quote: {speaker} ({quote.get('cue') or 'carried on'})"
        found += [Span(s, e, "quote", detail)
                  for s, e in _pairs(quote.get("parts") or [quote["span"]])]
    for claim in contract["claims"]:
        subject = f" of {claim['subject']}" if claim.get("subject") else ""
        detail = f"claim: {claim['value']:,.12g} {claim['unit']}{subject}"
        found += [Span(s, e, "claim", detail) for s, e in _pairs([claim["span"]])]
    for event in contract["events"]:
        found += event_spans(event, names, clustered)
    return found


def event_spans(event: dict[str, Any], names: dict[str, str],
                clustered: dict[str, str]) -> list[Span]:
    who = ", ".join(names.get(i, i) for i in event["source"]) or "?"
    whom = ", ".join(names.get(i, i) for i in event["target"]) or "-"
    joined = f"; event {clustered[event['id']]}" if event["id"] in clustered else \
        "; in no real-world event"
    detail = (f"event: {event['type']} ({event['modality']}) {who} → {whom}, "
              f"confidence {event['confidence']:.2f}{joined}")
    evidence = event["evidence"]
    return [Span(s, e, "event", detail) for s, e in _pairs([evidence["trigger"]])] + \
        [Span(s, e, "evidence", f"sentence of a {event['type']} event")
         for s, e in _pairs([evidence["span"]])]


def excerpt(text: str, span: Any, size: int = 160) -> str:
    if not span:
        return ""
    piece = text[int(span[0]):int(span[1])].strip()
    return piece if len(piece) <= size else piece[:size - 1] + "…"


def safe_href(url: str) -> str | None:
    """A link the page may make clickable: plain web links only (never javascript: or
    data: URLs a hostile document could carry)."""
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None


def anatomy(contract: dict[str, Any]) -> dict[str, Any]:
    """The anatomy beside the text: each entry already cut to what the page shows."""
    doc = contract["document"]
    text = doc["text"]
    return {
        "cites": [{"source": c["source"], "date": c.get("date"), "cue": c.get("cue"),
                   "sentence": excerpt(text, c.get("sentence"))} for c in doc["cites"]],
        "links": [{"url": link["url"], "href": safe_href(link["url"])}
                  for link in doc["links"]],
        "scripture": [{"work": s["work"], "ref": s["ref"], "cited_as": s["cited_as"]}
                      for s in doc["scripture"]],
        "legal": [{"instrument": c["instrument"], "ref": c["ref"]} for c in doc["legal"]],
        "passages": [{"language": p["language"], "script": p.get("script"),
                      "text": excerpt(text, p["span"])} for p in doc["passages"]],
    }
