"""Bytes to text: refuse empty and binary inputs, detect the encoding of the rest.

A text is not binary because of a stray NUL or control byte (a bad copy and paste, a
database export): those are dropped by normalisation. Binary means a known file
signature (image, PDF, archive, executable) or control bytes in a share of the bytes no
text has. A UTF-8 text with a few invalid byte sequences is read as UTF-8, with
U+FFFD in their place, rather than guessed to be in another encoding.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

from eventwire.errors import InputError, Reason

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192
# Signatures of file kinds people drop beside their documents. Archives are named, so
# the message can say to unpack them: eventwire does not open archives (no zip bombs).
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ\x90\x00", "an executable (Windows)"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"(\xb5/\xfd", "a zstd-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
_ARCHIVE = re.compile(r"archive|compressed")
_BINARY_DATA = "binary data (NUL or control bytes)"
# Bytes below 32 that texts use: tab, line feed, form feed, carriage return, escape.
_TEXT_CONTROLS = frozenset((9, 10, 12, 13, 27))


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int  # invalid byte sequences read as U+FFFD


def binary_kind(data: bytes) -> str | None:
    """What binary kind of file ``data`` is, or None when it reads as text."""
    if any(data.startswith(bom) for bom, _ in _BOMS[1:]):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:3] == b"BZh" and data[3:4].isdigit():
        return "a bzip2-compressed file"
    for sample in _samples(data):
        controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
        # more than a handful and 1% of the bytes, or 5% of a short input: a few NULs in a
        # text are a flaw to drop, while random or compressed bytes are about 10% controls
        if controls > max(8, len(sample) // 100) or controls * 20 > len(sample):
            return _BINARY_DATA
    return None


def looks_binary(data: bytes) -> bool:
    return binary_kind(data) is not None


def _samples(data: bytes) -> list[bytes]:
    """The head, middle and tail: a text with binary data appended is caught too."""
    if len(data) <= 3 * _SNIFF:
        return [data]
    middle = len(data) // 2
    return [data[:_SNIFF], data[middle:middle + _SNIFF], data[-_SNIFF:]]


def decode_bytes(data: bytes, source: str) -> Decoded:
    """The text, its encoding and the invalid sequences replaced; raise InputError with a
    reason when there is no text."""
    if not data.strip():
        raise InputError(Reason.EMPTY, "the input is empty or only whitespace", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decoded(data, encoding)
    kind = binary_kind(data)
    if kind is not None:
        advice = ("unpack it and ingest the files inside (eventwire opens no archives)"
                  if _ARCHIVE.search(kind) else
                  "convert it to text, HTML, a feed or JSONL first")
        raise InputError(Reason.BINARY, f"the input is {kind}, not text; {advice}",
                         source=source)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data[:1_000_000]):
        return _decoded(data, "utf-8")
    # No code page fits either: the bytes are not binary, so keep what UTF-8 can read of
    # them rather than lose the text (the extractor's name says bytes were replaced).
    return _decoded(data, _best_encoding(data[:1_000_000]) or "utf-8")


def _decoded(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    # a U+FFFD the text itself holds is no replacement
    genuine = data.count("\ufffd".encode("utf-8")) if encoding.startswith("utf-8") else 0
    return Decoded(text, encoding, max(0, text.count("\ufffd") - genuine))


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken sequences (a cut-off character, a stray byte), not a text
    in another encoding. A text in a single-byte code page almost never holds a valid
    multi-byte sequence, so as many valid ones as invalid ones settle it."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = sum(1 for char in text if char > "\x7f") - invalid
    return valid > 0 and invalid <= valid


# When several code pages read the bytes equally well, as they do for short texts, the
# web's defaults decide: windows-1252 before Central European pages, then Cyrillic.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1256", "cp1250")


def _best_encoding(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    top = (matches[0].chaos, -matches[0].coherence)
    tied = [m.encoding for m in matches if (m.chaos, -m.coherence) == top]
    for name in _PREFERRED:
        if name in tied:
            return name
    return tied[0]
