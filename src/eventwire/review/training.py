"""Corrections as training examples for the learned event coder, in the format of
``training/pairs/`` (training/pairs/FORMAT.md): one sentence with its source marked
``<s>...</s>`` and its target ``<t>...</t>``, and the corrected PLOVER label (``NONE`` for a
record marked wrong), mode, modality and the parties' countries.

Each corrected mention gives one example: the mention's own corrections, over those of the
event it belongs to. A sentence where the corrected source or target cannot be found among
the document's actor mentions gives none (it is counted as left out, with why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eventwire.corroborate.corrections import attach, parse_party
from eventwire.document import Actor, Document, EventMention
from eventwire.store import Store
from eventwire.store.base import Correction

# register (FORMAT.md) of each genre the anatomy layer gives a document
REGISTERS = {"news_report": "newspaper", "press_release": "press_release",
             "statement": "statement", "opinion": "opinion", "other": "newspaper"}


@dataclass
class Examples:
    rows: list[dict[str, Any]] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # why -> how many

    def leave_out(self, why: str) -> None:
        self.left_out[why] = self.left_out.get(why, 0) + 1


def training_examples(store: Store) -> Examples:
    """One example per mention that a correction in force concerns."""
    fixes = _fixes_by_mention(store)
    found = dict(
        (m.id, (doc_id, m)) for doc_id, m in store.event_mentions_by_id(set(fixes)))
    out = Examples()
    documents: dict[str, Document] = {}
    for mention_id in sorted(fixes, key=lambda m: fixes[m][0].created):
        if mention_id not in found:
            out.leave_out("the mention is gone")
            continue
        doc_id, mention = found[mention_id]
        if doc_id not in documents:
            documents[doc_id] = store.get(doc_id)
        row = _example(documents[doc_id], mention, fixes[mention_id])
        if isinstance(row, str):
            out.leave_out(row)
        else:
            out.rows.append(row)
    return out


def _fixes_by_mention(store: Store) -> dict[str, list[Correction]]:
    """Mention id -> the corrections that concern it: its event's first, then its own
    (so its own win where both set a field)."""
    corrections = store.corrections()
    events = [c for c in corrections if c.kind == "event"]
    members = store.members_of_events({c.target for c in events})
    by_mention: dict[str, list[Correction]] = {}
    for correction in events:
        for mention_id, event_id in members.items():
            if event_id == correction.target:
                by_mention.setdefault(mention_id, []).append(correction)
    for correction in corrections:
        if correction.kind == "mention":
            mention_id = attach(store, correction)
            if mention_id is not None:
                by_mention.setdefault(mention_id, []).append(correction)
    return by_mention


def _example(doc: Document, mention: EventMention,
             fixes: list[Correction]) -> dict[str, Any] | str:
    """The example, or why there is none."""
    values = {c.field: c.value for c in fixes}
    actors = doc.actors or []
    source = _side_actors(actors, mention.source, values.get("source"))
    target = _side_actors(actors, mention.target, values.get("target"))
    marked = _marked(mention, source, target)
    if marked is None:
        return "the source or target is not named in the sentence"
    text, source_actor, target_actor = marked
    return {
        "text": text,
        "type": "NONE" if "wrong" in values else values.get("type", mention.type),
        "mode": values.get("mode", mention.mode),
        "modality": values.get("modality", mention.modality),
        "source_country": _country(source_actor),
        "target_country": _country(target_actor),
        "register": REGISTERS.get(doc.anatomy.genre if doc.anatomy else "other", "newspaper"),
        "id": f"review-{mention.id}",
        "corrections": [c.id for c in fixes],
        "document": doc.id,
        "coder": mention.coder,
    }


def _side_actors(actors: list[Actor], ids: list[str], codes: list[str] | None) -> list[Actor]:
    """The document's actors that stand for one side: those a correction names (by
    country or IGO), else the mention's own."""
    if codes is None:
        return [a for a in actors if a.id in ids]
    parties = [parse_party(code) for code in codes]
    return [a for a in actors for p in parties
            if (p.igo and a.id.startswith(f"igo:{p.igo}")) or
            (p.country and a.country == p.country and not a.id.startswith("igo:"))]


def _marked(mention: EventMention, source: list[Actor], target: list[Actor],
            ) -> tuple[str, Actor, Actor] | None:
    """The sentence with the first mention of a source and of a target actor marked."""
    start, end = mention.evidence.span
    first = _first_inside(source, start, end, set())
    if first is None:
        return None
    # a joint act with no target ('Kazakhstan and Uzbekistan signed') marks its second
    # party as the target, as the pairs' own examples do
    others = target or [a for a in source if a.id != first[0].id]
    second = _first_inside(others, start, end, set(range(*first[1])))
    if second is None:
        return None
    text = mention.evidence.sentence
    marks = sorted([(first[1], "<s>", "</s>"), (second[1], "<t>", "</t>")], reverse=True)
    for (s, e), opening, closing in marks:  # the later span first: offsets stay valid
        s, e = s - start, e - start
        text = text[:s] + opening + text[s:e] + closing + text[e:]
    return text, first[0], second[0]


def _first_inside(actors: Iterable[Actor], start: int, end: int, taken: set[int],
                  ) -> tuple[Actor, tuple[int, int]] | None:
    spans = [(s, e, a) for a in actors for s, e in a.mentions
             if start <= s and e <= end and not taken & set(range(s, e))]
    if not spans:
        return None
    s, e, actor = min(spans, key=lambda x: x[0])
    return actor, (s, e)


def _country(actor: Actor) -> str | None:
    return "IGO" if actor.id.startswith("igo:") else actor.country
