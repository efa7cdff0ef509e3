"""The document view's highlights: spans of several layers over one text, which may nest
and overlap (an actor inside a quote inside an event's sentence), cut into flat segments
so that the HTML is always well formed.

Every boundary of every span cuts the text; each piece between two cuts carries the set
of spans covering it. A piece covered by nothing is plain text; any other becomes one
``<mark>`` whose classes name every layer covering it and whose title joins their details.
Text and titles are escaped here (the result is Markup), so a document can never inject
HTML, whatever its text or its layers' labels say.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

# The layers in the order their details are listed in a title, and their CSS classes.
LAYERS = ("event", "evidence", "actor", "place", "time", "quote", "claim")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    layer: str  # one of LAYERS
    detail: str  # the hover text: what the layer says of these words


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    spans: tuple[Span, ...]  # the spans covering the whole segment, in LAYERS order


def segments(length: int, spans: Iterable[Span]) -> list[Segment]:
    """``[0, length)`` cut at every span boundary: consecutive, non-empty segments with the
    spans that cover each. Spans are clamped to the text; empty ones are dropped."""
    kept = [Span(max(0, s.start), min(length, s.end), s.layer, s.detail) for s in spans]
    kept = [s for s in kept if s.start < s.end]
    cuts = sorted({0, length, *(s.start for s in kept), *(s.end for s in kept)})
    starting: dict[int, list[Span]] = {}
    for span in kept:
        starting.setdefault(span.start, []).append(span)
    order = {layer: n for n, layer in enumerate(LAYERS)}
    active: list[Span] = []
    found = []
    for start, end in itertools.pairwise(cuts):
        # a sweep: drop the spans that ended at this cut, add those that begin here
        active = [s for s in active if s.end > start] + starting.get(start, [])
        covering = tuple(sorted(active, key=lambda s: (order.get(s.layer, len(order)),
                                                        s.start, s.end, s.detail)))
        found.append(Segment(start, end, covering))
    return found


def render(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as escaped HTML with a ``<mark>`` per covered segment."""
    out = []
    for segment in segments(len(text), spans):
        piece = escape(text[segment.start:segment.end])
        if not segment.spans:
            out.append(piece)
            continue
        layers = list(dict.fromkeys(s.layer for s in segment.spans))
        classes = " ".join(f"hl-{layer}" for layer in layers)
        title = "\n".join(dict.fromkeys(s.detail for s in segment.spans))
        out.append(Markup('<mark class="hl {}" title="{}">{}</mark>').format(
            classes, title, piece))
    return Markup("").join(out)
