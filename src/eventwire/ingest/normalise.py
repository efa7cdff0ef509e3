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
# Line and paragraph separators other than "\n": NEL (U+0085), U+2028, U+2029.
_LINE_ENDS = str.maketrans({"\r": "\n", "\u0085": "\n", "\u2028": "\n", "\u2029": "\n\n"})
# Characters that carry no words but break matching and hashing, or change how the text
# around them is shown:
# - zero-width space, word joiner, invisible operators, BOM, soft hyphen;
# - bidi marks, embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, and
#   the marks U+200E, U+200F, U+061C): an RLO in a title would show the rest reversed,
#   and a reader of the stored text must see what a search will match. Arabic and
#   Hebrew text needs none of them: the bidi algorithm orders it from its letters.
# The zero-width (non-)joiners stay: Persian spells words with them (می‌کند), Indic
# scripts shape conjuncts with them, and emoji sequences are built with the joiner.
_INVISIBLE = re.compile(
    "[\u200b\u2060-\u2064\ufeff\u00ad\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
# C0 and C1 controls other than tab, newline and form feed: NUL bytes from a bad export,
# and C1 codes from text decoded with the wrong code page, are no part of any word.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Lone UTF-16 surrogates: a JSON string may spell one ("\ud800"), and no store or
# encoder accepts it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_field(value: str) -> str:
    """A metadata value (title, author, URL) without controls, invisible characters and
    lone surrogates; line ends become spaces."""
    value = _SURROGATE.sub("\ufffd", value).translate(_LINE_ENDS).replace("\n", " ")
    return _INVISIBLE.sub("", _CONTROL.sub("", value)).strip()


def normalise_text(text: str) -> str:
    """NFC, one space between words, paragraphs separated by one blank line."""
    text = _SURROGATE.sub("\ufffd", text).replace("\r\n", "\n").translate(_LINE_ENDS)
    # composed after the invisible characters are gone: "e", ZWSP, U+0301 is one "é",
    # and normalising a normalised text changes nothing
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", _CONTROL.sub("", text)))
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
