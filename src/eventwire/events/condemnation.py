"""Accusations made in words of condemnation rather than by a verb of accusing.

"'That was a really outrageous tweet,' Axelrod said", "Mahathir called the order
'tyranny'", "Mook said Trump tells so many lies", "Najib is cheating to win": the speaker accuses
(PLOVER ACCUSE)
without saying "accuse". Such a statement is found where a known speaker's own words (a
direct or an indirect quote of the quotes layer) hold a strong word of condemnation from
``data/condemnation_words.yaml``, not negated and not asked; its target is the first other
actor named in those words, when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire.document import Quote
from eventwire.nlp import lemma_of
from eventwire.resources import load_yaml

_NEGATIONS = {"not", "no", "never", "n't", "nothing", "hardly", "nor"}


@dataclass(frozen=True)
class Condemnation:
    """One accusation: its words, the sentence they stand in, who said them and whom
    they are about."""

    words: Span
    speaker: str
    target: str | None


@dataclass(frozen=True)
class CondemnationWords:
    words: frozenset[str]
    phrases: tuple[re.Pattern[str], ...]


@cache
def condemnation_words() -> CondemnationWords:
    data = load_yaml("condemnation_words.yaml")
    words = frozenset(str(w).lower() for key in ("adjectives", "nouns", "verbs")
                      for w in data.get(key) or [])
    phrases = tuple(re.compile(rf"\b{re.escape(str(p).lower())}\b")
                    for p in data.get("phrases") or [])
    return CondemnationWords(words, phrases)


def condemnations(doc: Doc, quotes: list[Quote], owner: dict[int, str],
                  vocabulary: CondemnationWords) -> list[Condemnation]:
    """The accusations in the words of each quote whose speaker is a known actor: at
    most one per quote and sentence."""
    found: list[Condemnation] = []
    seen: set[tuple[str, int]] = set()
    for quote in quotes:
        if not quote.speaker:
            continue
        for start, end in quote.parts or [quote.span]:
            said = doc.char_span(start, end, alignment_mode="expand")
            if said is None:
                continue
            for words in _condemning_words(said, vocabulary):
                sent = words.sent
                if (quote.speaker, sent.start) in seen or _asked(sent):
                    continue
                if words[0].pos_ == "VERB":
                    # "Trump cheated them": the one said to do wrong; "may lie" is a fear
                    target = None if _modal(words[0]) else \
                        _doer(words[0], quote.speaker, owner)
                    if target is None:
                        continue
                else:
                    target = _about(said, sent, quote.speaker, owner)
                if target is None and not _judges_an_act(words[0]):
                    continue  # "Wall Street's a pretty cynical place": about nobody
                seen.add((quote.speaker, sent.start))
                found.append(Condemnation(words, quote.speaker, target))
    return found


def _condemning_words(said: Span, vocabulary: CondemnationWords) -> list[Span]:
    doc = said.doc
    hits = [said.doc[t.i:t.i + 1] for t in said
            if (t.lower_ in vocabulary.words or lemma_of(t) in vocabulary.words)
            and t.pos_ in ("NOUN", "ADJ", "PROPN", "VERB") and not _negated(t)]
    text = said.text.lower()
    for pattern in vocabulary.phrases:
        for match in pattern.finditer(text):
            span = doc.char_span(said.start_char + match.start(), said.start_char + match.end(),
                                 alignment_mode="expand")
            if span is not None and not _negated(span[0]):
                hits.append(span)
    return sorted(hits, key=lambda s: s.start)


def _negated(token: Token) -> bool:
    """"was not illegal", "no hypocrisy", "never a lie": the word is denied."""
    clause = [token, token.head, *([token.head.head] if token.dep_ in ("amod", "compound")
                                   else [])]
    if any(c.dep_ == "neg" for t in clause for c in t.children):
        return True
    before = token.doc[max(token.sent.start, token.i - 3):token.i]
    return any(t.lower_ in _NEGATIONS for t in before)


_ACTS = {"that", "this", "it", "which", "what", "move", "decision", "order", "ruling",
         "attack", "action", "step", "statement", "remark", "remarks", "comment", "comments",
         "claim", "claims", "tweet", "policy", "law", "bill", "vote", "verdict", "plan",
         "deal", "measure", "ban", "raid", "strike", "arrest", "arrests", "sentence"}


def _judges_an_act(word: Token) -> bool:
    """"That was outrageous", "the decision is illegal", "this is a witch hunt": with
    nobody named, the words still accuse when they judge what someone did."""
    head = word.head if word.dep_ in ("acomp", "attr", "amod") else word
    if word.dep_ == "amod":  # "an outrageous decision"
        return head.lemma_.lower() in _ACTS or head.lower_ in _ACTS
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and (subject.lower_ in _ACTS or subject.lemma_.lower() in _ACTS)


_MODALS = {"may", "might", "could", "would", "should", "can", "will", "must"}


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def _doer(verb: Token, speaker: str, owner: dict[int, str]) -> str | None:
    """The actor a verb of wrongdoing is said of: its subject, when that is another."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    actor = owner.get(subject.i) or next(
        (owner[t.i] for t in subject.subtree if t.i in owner), None)
    return actor if actor != speaker else None


def _asked(sent: Span) -> bool:
    return sent.text.rstrip().rstrip("\"'”’)").endswith("?")


def _about(said: Span, sent: Span, speaker: str, owner: dict[int, str]) -> str | None:
    """The first actor other than the speaker named in the words, within the sentence."""
    for token in said:
        if sent.start <= token.i < sent.end and (actor := owner.get(token.i)) and \
                actor != speaker:
            return actor
    return None
