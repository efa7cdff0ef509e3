"""What an event coder is: the contract the rule coder meets and a learned coder will.

A coder is chosen in settings (``[events] coder``) by its versioned name and built by a
factory in the registry (:mod:`eventwire.registry`). The events stage links each mention to
the places and times of its sentence, so a coder only types events and finds their roles.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from spacy.tokens import Doc

from eventwire.document import Document, EventMention


@runtime_checkable
class EventCoder(Protocol):
    """Codes the event mentions of one document."""

    #: versioned name, recorded on every mention it codes and in the document's stages
    name: str

    def code(self, parse: Doc, document: Document) -> list[EventMention]:
        """The mentions in ``document``, whose spaCy parse is ``parse``; the layers of the
        stages before the events stage (anatomy, actors, places, times) are filled in."""
        ...
