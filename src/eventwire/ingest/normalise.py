"""Text normalisation and content hashing.

The normalised text is what the store keeps and what every span indexes, and its
sha256 is the document id: the same words from two sources are one document.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Zero-width spaces, bidi marks and soft hyphens carry no words but break matching and
# hashing. The zero-width (non-)joiners stay: Persian spells words with them (می‌کند).
_INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalise_text(text: str) -> str:
    """NFC, one space between words, paragraphs separated by one blank line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def truncate_at_paragraph(text: str, limit: int) -> tuple[str, bool]:
    """Cut ``text`` to at most ``limit`` characters, at a paragraph break where one exists."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip(), True


# What is kept of an over-long token: enough to recognise it (a URL's host and path, the
# start of a base64 blob), never so much that a pattern scanning it costs seconds.
KEPT_OF_LONG_TOKEN = 80
ELISION = "…"


def elide_long_tokens(text: str, limit: int) -> tuple[str, int]:
    """``text`` with every run of non-space characters longer than ``limit`` cut to its
    first :data:`KEPT_OF_LONG_TOKEN` characters and an ellipsis, and how many were cut.

    No word is that long: such a run is a data blob, a mangled table or an attack, and
    rules that scan a token character by character (regular expressions that backtrack,
    the tokenizer's affix rules) spend time in proportion to its length squared."""
    if len(text) <= limit:
        return text, 0
    pattern = re.compile(rf"\S{{{limit + 1},}}")
    cut = 0

    def shorten(match: re.Match[str]) -> str:
        nonlocal cut
        cut += 1
        return match.group()[:KEPT_OF_LONG_TOKEN] + ELISION

    return pattern.sub(shorten, text), cut
