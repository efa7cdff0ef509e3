"""Helpers for tests that analyse sentences written in the style of real news: analyse a
text, find the actor at some words, the events of a type and the names of actor ids."""

from __future__ import annotations

from eventwire.document import Actor, Document, EventMention
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.pipeline import Pipeline


def analysed(pipeline: Pipeline, text: str, day: str = "2016-09-28") -> Document:
    return analyse(pipeline, GoldText(text=text, source="test", published=day))


def actor_at(doc: Document, words: str) -> Actor | None:
    start = doc.text.index(words)
    return next((a for a in doc.actors or []
                 if any(s <= start < e for s, e in a.mentions)), None)


def events_of(doc: Document, event_type: str) -> list[EventMention]:
    return [e for e in doc.events or [] if e.type == event_type]


def names(doc: Document, ids: list[str]) -> list[str]:
    actors = {a.id: a.name for a in doc.actors or []}
    return [actors.get(i, i) for i in ids]
