"""Review: an analyst's corrections of events and mentions, stored apart from the
machine's output, applied by corroboration, undoable, and exportable as training examples
for the event coder (docs/review.md)."""

from eventwire.review.corrections import (
    CorrectionError,
    Listed,
    Request,
    add,
    corrections_note,
    listing,
    undo,
)

__all__ = ["CorrectionError", "Listed", "Request", "add", "corrections_note", "listing",
           "undo"]
