"""The document's title: the container's, cleaned of site names, or the first line."""

from __future__ import annotations

import re

from eventwire.anatomy.layout import LABEL_LINE, head_lines, is_masthead_line

_SEPARATORS = re.compile(r"\s+(?:\||::|—|–|-|•|·)\s+")
_MARKER = re.compile(r"\s*[\[(](?:unofficial\s+)?translat(?:ed|ion)[\])]\s*", re.I)
_MAX_TITLE = 250


def strip_marker(title: str) -> str:
    return _MARKER.sub(" ", title).strip()


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a).lower() == re.sub(r"\W+", "", b).lower()


def _from_hint(hint: str, first_line: str | None, site: str | None) -> str:
    """A page title without the site name that pages append or prepend to it."""
    if first_line and (_same(hint, first_line) or _same(first_line, strip_marker(hint))):
        return first_line
    parts = _SEPARATORS.split(hint)
    if len(parts) > 1:
        if first_line:
            for part in parts:
                if _same(part, first_line):
                    return first_line
        if site:
            kept = [p for p in parts if not _same(p, site) and site.lower() not in p.lower()]
            if kept and len(kept) < len(parts):
                return " | ".join(kept) if len(kept) > 1 else kept[0]
    return hint


# "TURKMENISTAN-GAS/TAPI (UPDATE 1)": a wire service's slug line above the headline.
_SLUG = re.compile(r"^[A-Z0-9][A-Z0-9/\-–.,' ]*(?:\((?:UPDATE|REFILE|CORRECTED)[^)]*\))?$")


def _first_line(text: str) -> str | None:
    for line in head_lines(text, 4):
        body = line.text.strip()
        if LABEL_LINE.match(body) or is_masthead_line(body):
            continue
        if _SLUG.match(body) and ("/" in body or "UPDATE" in body or "-" in body):
            continue
        if len(body) <= _MAX_TITLE and not body.endswith((".", ",", ";")):
            return body
        return None
    return None


def find_title(text: str, hint: str | None, site: str | None) -> str | None:
    first = _first_line(text)
    if hint:
        return strip_marker(_from_hint(hint.strip(), first, site)) or None
    return strip_marker(first) if first else None
