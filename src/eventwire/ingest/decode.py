"""Bytes to text: refuse empty and binary inputs, detect the encoding of the rest."""

from __future__ import annotations

import codecs

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


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many C0 control characters in the head mean a binary file."""
    head = data[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16/32 text legitimately contains NUL bytes
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(head) // 100)


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise InputError with a reason when impossible."""
    if not data.strip():
        raise InputError(Reason.EMPTY, "the input is empty or only whitespace", source=source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if looks_binary(data):
        raise InputError(
            Reason.BINARY,
            "the input looks binary (NUL or control bytes), not text; "
            "convert it to text, HTML, a feed or JSONL first",
            source=source,
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _best_encoding(data[:1_000_000])
    if encoding is None:
        raise InputError(
            Reason.UNDECODABLE, "no text encoding fits these bytes", source=source
        )
    return data.decode(encoding, errors="replace"), encoding


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
