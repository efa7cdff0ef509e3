"""The marker that says a text is a translation, and from which language."""

from __future__ import annotations

import re

import pycountry

from eventwire.document import Translation

_LANGUAGE_NAME = r"(?P<lang>[A-Z][a-z]+)"
_MARKERS = [
    re.compile(r"\((?:unofficial\s+)?translat(?:ed|ion)\)", re.I),
    re.compile(r"\[(?:unofficial\s+)?translat(?:ed|ion)\]", re.I),
    re.compile(
        rf"\b(?:unofficial\s+)?(?:english\s+)?translat(?:ed|ion)\s+(?:from\s+(?:the\s+)?)"
        rf"{_LANGUAGE_NAME}(?:\s+original)?\b",
        re.I,
    ),
    re.compile(rf"\b{_LANGUAGE_NAME}\s+original\b[^.\n]{{0,40}}\btranslat", re.I),
    re.compile(r"^\s*(?:unofficial|informal|working|courtesy|english)\s+translation\b.*$",
               re.I | re.M),
    re.compile(r"^\s*translat(?:ed|ion)\s+by\b.*$", re.I | re.M),
    re.compile(r"^\s*translation\s*:?\s*$", re.I | re.M),
]
# Only the head and the foot of a document carry the marker; a body sentence such as
# "the translation of the agreement was delayed" must not flag it.
_HEAD = 600
_FOOT = 600


def _language_code(name: str | None) -> str | None:
    if not name:
        return None
    try:
        language = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return getattr(language, "alpha_2", None)


def find_translation(text: str) -> Translation | None:
    regions = [(0, min(len(text), _HEAD)), (max(0, len(text) - _FOOT), len(text))]
    for pattern in _MARKERS:
        for start, end in regions:
            match = pattern.search(text, start, end)
            if match:
                lang = match.groupdict().get("lang")
                code = _language_code(lang)
                if lang and code is None:
                    continue  # "translated from Moscow": not a language
                return Translation(
                    marker=match.group().strip(),
                    span=(match.start(), match.end()),
                    from_language=code,
                    official="unofficial" not in match.group().lower(),
                )
    return None
