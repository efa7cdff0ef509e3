"""Zip and gzip inputs: each member is read as an input of its own, within caps.

An analyst drops a zip of articles into the folder, or a feed export arrives gzipped.
Unpacking is where a hostile input does its damage (a few kilobytes that unpack to
gigabytes), so every member is read in chunks and refused, with its name, as soon as it
passes a cap: its unpacked size, the archive's total, its compression ratio. Archives
inside archives are not opened, and neither is anything named like a hidden file.
"""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from eventwire.errors import InputError, Reason

# One member may unpack to no more than one input may be (the default ingest.max_bytes);
# the whole archive to no more than five such inputs; at most this many members.
MAX_MEMBER_BYTES = 20_000_000
MAX_TOTAL_BYTES = 100_000_000
MAX_MEMBERS = 10_000
# Text compresses 3 to 10 times, repetitive markup 30; a bomb a thousand times. Members
# under a megabyte unpacked are not held to the ratio (a page of spaces compresses well).
MAX_RATIO = 200
_RATIO_FLOOR = 1_000_000
_CHUNK = 1 << 20

ARCHIVE_SUFFIXES = {".zip", ".gz", ".tgz", ".tar", ".7z", ".rar", ".bz2", ".xz", ".zst"}
# Members that make a zip an Office document, an OpenDocument or an EPUB, not a folder.
_PACKAGE_MARKERS = {"[Content_Types].xml", "mimetype"}
# What zipfile, gzip and zlib raise on damaged bytes (a bad header, a bad name, a cut
# stream); NotImplementedError (an unknown method or version) is reported apart.
_DAMAGE = (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, struct.error,
           OverflowError, KeyError, IndexError)


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes


def archive_kind(data: bytes) -> str | None:
    """'zip' or 'gzip' from the first bytes, whatever the file is called."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    return None


def is_nested_archive(name: str, data: bytes) -> bool:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix in ARCHIVE_SUFFIXES or archive_kind(data) is not None


def members(source: str, data: bytes) -> Iterator[Member | InputError]:
    """The members of a zip or gzip input, each as bytes or as the reason it is refused."""
    if archive_kind(data) == "gzip":
        yield from _gzip_member(source, data)
    else:
        yield from _zip_members(source, data)


def _gzip_member(source: str, data: bytes) -> Iterator[Member | InputError]:
    name = PurePosixPath(source).name
    inner = name[:-3] if name.lower().endswith(".gz") else name
    if inner.lower().endswith(".tgz"):
        inner = inner[:-4] + ".tar"
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            yield Member(inner, _read_capped(stream, inner, len(data), MAX_MEMBER_BYTES,
                                             source))
    except InputError as error:
        yield error
    except _DAMAGE as exc:
        yield InputError(Reason.MALFORMED, f"{inner}: the gzip data is damaged ({exc})",
                         source=source, locator=inner)


def _zip_members(source: str, data: bytes) -> Iterator[Member | InputError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError as exc:
        raise InputError(Reason.UNSUPPORTED, f"the zip cannot be read: {exc}",
                         source=source) from exc
    except _DAMAGE as exc:
        raise InputError(Reason.MALFORMED, f"the zip archive is damaged ({exc})",
                         source=source) from exc
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if _PACKAGE_MARKERS & {info.filename for info in infos}:
            raise InputError(Reason.BINARY, "the zip is an Office document, an OpenDocument "
                             "or an EPUB, not a folder of documents; convert it to text "
                             "first", source=source)
        if len(infos) > MAX_MEMBERS:
            raise InputError(Reason.TOO_LARGE, f"the zip holds {len(infos):,} files, over the "
                             f"limit of {MAX_MEMBERS:,}; split it", source=source)
        budget = MAX_TOTAL_BYTES
        for info in infos:
            member = _zip_member(archive, info, budget, source)
            if isinstance(member, Member):
                budget -= len(member.data)
            yield member


def _zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int,
                source: str) -> Member | InputError:
    name = info.filename
    if any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts):
        return InputError(Reason.HIDDEN, f"{name}: hidden file in the archive skipped",
                          source=source, locator=name)
    if budget <= 0:
        return InputError(Reason.TOO_LARGE, f"{name}: the archive unpacks to more than "
                          f"{MAX_TOTAL_BYTES:,} bytes; split it", source=source, locator=name)
    try:
        with archive.open(info) as stream:
            return Member(name, _read_capped(stream, name, info.compress_size,
                                             min(MAX_MEMBER_BYTES, budget), source))
    except InputError as error:
        return error
    except NotImplementedError as exc:
        return InputError(Reason.UNSUPPORTED, f"{name}: {exc}", source=source, locator=name)
    except RuntimeError as exc:  # zipfile's word for an encrypted member
        return InputError(Reason.UNREADABLE, f"{name}: {exc}", source=source, locator=name)
    except _DAMAGE as exc:
        return InputError(Reason.MALFORMED, f"{name}: the member is damaged ({exc})",
                          source=source, locator=name)


def _read_capped(stream: BinaryIO, name: str, packed: int, limit: int, source: str) -> bytes:
    """The unpacked bytes, read a chunk at a time, refused once past ``limit`` or past
    ``MAX_RATIO`` times their packed size: memory stays within one chunk of the cap."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise InputError(Reason.TOO_LARGE, f"{name}: unpacks to more than {limit:,} bytes "
                             "(archive limits); refused as a possible compression bomb",
                             source=source, locator=name)
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
            raise InputError(Reason.TOO_LARGE, f"{name}: unpacks to more than {MAX_RATIO} "
                             f"times its packed size of {packed:,} bytes; refused as a "
                             "likely compression bomb", source=source, locator=name)
        chunks.append(chunk)
    return b"".join(chunks)
