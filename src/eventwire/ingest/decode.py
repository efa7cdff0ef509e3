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
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(
            Reason.UNDECODABLE, "no text encoding fits these bytes", source=source
        )
    return data.decode(best.encoding, errors="replace"), best.encoding
