"""Find the inputs: files, folders (recursively, in a stable order) and stdin."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import InputError, Reason
from eventwire.options import IngestOptions

STDIN = "-"


def display_name(path: Path | str) -> str:
    """A path as text that can be stored and shown: bytes of a file name that are not
    UTF-8 (Python carries them as lone surrogates, which no store accepts) are written
    as escapes, ``bad\\xff.txt``; the file is still read through its real path."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class InputFile:
    """A file to read, found by discovery; ``size`` lets progress be measured in bytes."""

    source: str
    path: Path | None  # None for stdin
    size: int


def _walk(folder: Path, options: IngestOptions, seen: set[Path],
          root: Path | None = None) -> Iterator[InputFile | InputError]:
    """The files under ``folder``, each folder read once: a link back to a folder already
    read (a loop, which would repeat the tree until the path is too long, and twice as
    often for every second loop) is reported, not followed. A link that leads out of the
    folder named on the command line (``root``) is reported, not followed: a folder of
    scraped or unpacked files must not read ``/etc/passwd`` into the store through a link
    dropped among them; a file named on the command line is read wherever it is."""
    root = root or folder.resolve()
    real = folder.resolve()
    if real in seen:
        yield InputError(Reason.UNREADABLE, f"a folder already read ({real}), reached "
                         "again through a link or named twice; not read again",
                         source=display_name(folder))
        return
    seen.add(real)
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(Reason.UNREADABLE, f"cannot list the folder: {exc.strerror}",
                         source=display_name(folder))
        return
    for child in children:
        if options.skip_hidden and child.name.startswith("."):
            yield InputError(Reason.HIDDEN, "hidden file or folder skipped",
                             source=display_name(child))
        elif child.is_symlink() and not _inside(child, root):
            yield InputError(Reason.UNREADABLE, "a link to outside the folder being read, "
                             "not followed (name its target on the command line to read "
                             "it)", source=display_name(child))
        elif child.is_dir():
            yield from _walk(child, options, seen, root)
        elif child.is_file():
            yield InputFile(display_name(child), child, child.stat().st_size)
        else:
            yield InputError(Reason.UNREADABLE, "not a regular file (a pipe, a device, or a "
                             "link to nothing)", source=display_name(child))


def _inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links: not inside anything
        return False


def discover(paths: list[str], options: IngestOptions) -> Iterator[InputFile | InputError]:
    """Every readable input under ``paths``; what cannot be read comes out as an error."""
    seen: set[Path] = set()
    for raw in paths:
        if raw == STDIN:
            yield InputFile(STDIN, None, 0)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, options, seen)
        elif path.is_file():
            yield InputFile(display_name(path), path, path.stat().st_size)
        elif path.exists():
            yield InputError(Reason.UNREADABLE, "not a regular file or folder",
                             source=display_name(raw))
        else:
            yield InputError(Reason.NOT_FOUND, "no such file or folder", source=display_name(raw))


def _read_limited(stream: BinaryIO, limit: int, source: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(
            Reason.TOO_LARGE,
            f"larger than the limit of {limit:,} bytes (ingest.max_bytes); "
            "split it or raise the limit in a settings file",
            source=source,
        )
    return data


def read_input(item: InputFile, options: IngestOptions) -> bytes:
    """The bytes of one input, refusing anything over ``max_bytes`` before reading it."""
    if item.path is None:
        return _read_limited(sys.stdin.buffer, options.max_bytes, item.source)
    if item.size > options.max_bytes:
        raise InputError(
            Reason.TOO_LARGE,
            f"{item.size:,} bytes is over the limit of {options.max_bytes:,} "
            "(ingest.max_bytes); split it or raise the limit in a settings file",
            source=item.source,
        )
    try:
        with item.path.open("rb") as stream:
            return _read_limited(stream, options.max_bytes, item.source)
    except OSError as exc:
        raise InputError(Reason.UNREADABLE, f"cannot read: {exc.strerror}", source=item.source) \
            from exc
