"""Whom a rebuttal answers: "Washington accused Bishkek of helping Moscow evade sanctions.
Kyrgyzstan's government rejected the accusations" rejects Washington's accusation, so its
target is Washington, though the sentence does not name it.

A REJECT (or a denial) whose object is "the accusation", "such criticism", "these claims"
(a definite word for something said against someone) and which names no target of its own
takes as its target the source of the latest accusation coded just before it: in its own
sentence or the two before, by someone other than the one rejecting.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.document import EventMention

# What a rebuttal can point back to ("rejected the allegations", "dismissed the criticism")
_SAID_AGAINST = {"accusation", "allegation", "claim", "criticism", "charge", "assertion",
                 "suggestion", "report", "statement", "remark", "comment", "attack",
                 "complaint", "assessment", "characterisation", "characterization",
                 "description", "finding", "conclusion", "demand", "request", "call"}
# Determiners that point back to something already told
_BACK = {"the", "such", "these", "those", "this", "that", "its", "their", "his", "her"}
_SENTENCES_BACK = 2


def answered(doc: Doc, mentions: list[EventMention]) -> list[EventMention]:
    """The mentions, each rebuttal with no target given the accuser it answers."""
    starts = sorted({s.start_char for s in doc.sents})
    out: list[EventMention] = []
    for mention in mentions:
        if mention.type == "REJECT" and not mention.target and \
                (accuser := _accuser(doc, mention, out, starts)) is not None:
            mention = mention.model_copy(update={"target": [accuser]})
        out.append(mention)
    return out


def _accuser(doc: Doc, rebuttal: EventMention, before: list[EventMention],
             starts: list[int]) -> str | None:
    token = _trigger(doc, rebuttal)
    if token is None or not _points_back(token):
        return None
    here = rebuttal.evidence.span[0]
    index = starts.index(here) if here in starts else None
    if index is None:
        return None
    earliest = starts[max(0, index - _SENTENCES_BACK)]
    for accusation in reversed(before):
        if accusation.type != "ACCUSE" or not earliest <= accusation.evidence.span[0] <= here:
            continue
        accusers = [s for s in accusation.source if s not in rebuttal.source]
        if accusers:
            return accusers[0]
    return None


def _trigger(doc: Doc, mention: EventMention) -> Token | None:
    span = doc.char_span(*mention.evidence.trigger, alignment_mode="expand")
    return span.root if span is not None else None


def _points_back(token: Token) -> bool:
    """The rebuttal's object is a definite word for something said against someone."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _SAID_AGAINST:
            return any(c.dep_ in ("det", "poss", "amod") and c.lower_ in _BACK
                       for c in child.children)
    return False
