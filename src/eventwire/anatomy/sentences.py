"""A light sentence splitter for the anatomy rules (the NLP stage has spaCy's own)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from eventwire.document import Span

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "adm", "rev",
    "st", "jr", "sr", "no", "vol", "art", "para", "p", "pp", "cf", "vs", "etc", "inc", "ltd",
    "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "approx", "est", "govt", "dept",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9А-ЯЁ\u0600-\u06ff])")


def _is_abbreviation(text: str, end: int) -> bool:
    match = re.search(r"([\w.]+)\.$", text[max(0, end - 12):end + 1])
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentence_spans(text: str) -> Iterator[Span]:
    """Spans of sentences; paragraph and line breaks always end a sentence."""
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        chunk = para.group()
        offset = 0
        for boundary in _BOUNDARY.finditer(chunk):
            dot = boundary.start()
            if chunk[dot] == "." and _is_abbreviation(chunk, dot):
                continue
            end = boundary.end()
            piece = chunk[offset:end].rstrip()
            if piece:
                yield (start + offset, start + offset + len(piece))
            offset = end
        piece = chunk[offset:].rstrip()
        if piece:
            yield (start + offset, start + offset + len(piece))


def sentence_at(spans: list[Span], position: int) -> Span:
    for span in spans:
        if span[0] <= position < span[1]:
            return span
    return (position, position)
