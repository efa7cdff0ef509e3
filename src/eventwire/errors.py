"""Coded, actionable errors.

Every error names what failed, on which input, and what to do about it, so that a
message in a log is enough to fix the problem without reading the code.
"""

from __future__ import annotations

import traceback
from enum import StrEnum
from pathlib import Path


class Reason(StrEnum):
    """Why an input was skipped or failed. Stored with every ingest outcome."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    NO_TEXT = "no_text"
    MALFORMED = "malformed"
    UNSAFE_XML = "unsafe_xml"
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    HIDDEN = "hidden"
    EXACT_DUPLICATE = "exact_duplicate"
    TIMEOUT = "timeout"
    # stored, but some stages did not finish on it (Document.skipped says which and why)
    PARTIAL = "partial"
    FETCH_REFUSED = "fetch_refused"  # a URL eventwire will not fetch: a private address, ...
    FETCH_FAILED = "fetch_failed"  # a URL that could not be fetched: HTTP 404, a timeout, ...
    UNSUPPORTED = "unsupported_format"  # a code, data or media file, not a document
    INTERNAL = "internal_error"  # a bug in eventwire: the item is logged, the run goes on


class EventwireError(Exception):
    """Base class: a code, a message, and the input it concerns."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f" [{self.source}]" if self.source else ""
        return f"[{self.code}]{where} {self.message}"


class InputError(EventwireError):
    """An input could not be turned into documents; carries a reason code."""

    code = "E100"

    def __init__(self, reason: Reason, message: str, *, source: str | None = None,
                 locator: str | None = None) -> None:
        self.reason = reason
        self.locator = locator  # the item within the source: 'line 12', 'item 3'
        super().__init__(message, source=source)


class StoreError(EventwireError):
    """The store could not be opened, migrated or written."""

    code = "E200"


class OptionsError(EventwireError):
    """A settings file or option value is invalid."""

    code = "E300"


class ExportError(EventwireError):
    """An export could not be written: the target exists, or the writing failed."""

    code = "E400"


class BatchError(EventwireError):
    """A batch could not be run or loaded: Ray missing, an output folder in the way, a
    folder that is no batch output."""

    code = "E500"


def described(exc: BaseException) -> str:
    """An unexpected exception in one line, with the file and line it was raised at:
    'KeyError: 'boom' at anatomy.py:131', for the outcome log of the input it broke on."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return f"{type(exc).__name__}: {exc}{at}"
