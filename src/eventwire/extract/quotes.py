"""Quotes: what people say, in their own words (direct) or reported (indirect), each with
the words that attribute it (the cue) and the speaker, resolved to an actor.

Direct quotes are found in the text, not the parse, because the parse splits sentences
inside quotation marks: a scanner pairs opening and closing marks (straight and curly,
guillemets, German „low-high" marks, single curly marks), carries a quote over a
paragraph that ends open when the next one opens again (the newsroom convention), and
ends an unclosed quote at its paragraph rather than dropping the document. The words
around a quote then say who spoke: "…," she said / said X / X told reporters: "…" /
according to X, "…"; a quote split by its attribution ("A," she said, "B.") is one
quote in two parts, and a quote with no attribution of its own carries on from the one
just before it in the same or the previous paragraph.

Indirect speech comes from the parse. A cue verb (data/speech_cues.yaml: speech,
demands, commitments, stances, beliefs, evidence) reports what its complement says, in
the shapes the verb takes there: a clause ("said (that) …"), a to-infinitive with its
addressee ("urged Bishkek to …", "called on X to …"), a prepositional object ("called
for talks", "accused X of …"), a naming ("called the delay unacceptable") or an object
("announced a ceasefire"). Besides verbs: "according to X", an attribution after or
inside its content ("…, sources said", "The border, officials said, will …"), nouns
with a that-clause ("the ministry's claim that …"), adjectives of stance after a
linking verb ("Tashkent is concerned about …") and headlines ("Name: …"). Subjects
inherit through "…, saying …", "…, adding that …", "by announcing that …" and passive
agents ("this was confirmed by X"); the speaker's own words are cut out of the content,
and content that only points ("confirmed this") is dropped.

Speakers are mapped onto the actor layer. Pronouns and descriptions ("the minister",
"the spokesperson", "the ministry") go to the right earlier actor: for a description,
the last person whose role or surrounding words contain the noun.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire import deadline
from eventwire.document import Actor, Quote
from eventwire.errors import OptionsError
from eventwire.extract.actors import token_owners
from eventwire.extract.gazetteer import Gazetteer
from eventwire.nlp import dateline, lemma_of, text_of
from eventwire.resources import load_yaml

STAGE = "eventwire.quotes.v1"

# Which marks close a quote opened by each mark. German quotes open low („) and close
# high (“), which in English opens a quote; Polish closes „ with ”.
# A straight mark may close a curly one and the other way round: editors mix them.
_CLOSERS = {"“": "”\"", "„": "“”", "«": "»", "‹": "›", '"': '"”', "‘": "’", "‚": "‘’"}
_DOUBLE_OPENERS = {"“", "„", "«", '"'}
_PRONOUNS_PERSON = {"he", "she", "him", "her"}
_PRONOUNS_GROUP = {"they", "it", "we"}
_SENTENCE_END = {".", "!", "?"}
# A sentence-like quote of this many words is a quotation even with no attribution;
# shorter unattributed ones are scare quotes, titles and names.
_MIN_WORDS_UNATTRIBUTED = 8
_MAX_GAP_TOKENS = 8  # between a cue before a quote and the quote ("told reporters on Monday:")
# between the start of the words after a quote and their cue ("…," the spokesman for X said)
_MAX_SPEAKER_TOKENS = 24
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_DASHES = {"—", "―", "–", "-", "--"}
_RELATIVES = {"which", "that", "what", "who", "whom"}
_POINTERS = {"this", "that", "it", "these", "those", "so", "which", "what", "one"}
_SPEAKER_STOP_DEPS = {"appos", "relcl", "acl", "punct", "cc", "conj", "advcl"}


@dataclass(frozen=True)
class CueVerb:
    kind: str
    takes_clause: bool  # "said (that) …"
    takes_object: bool  # "announced a ceasefire"
    takes_to: bool  # "promised to reopen", "urged Dushanbe to reopen"
    to_after: str | None  # a to-infinitive counts only after this preposition ("call on")
    naming: bool  # "called the talks a success", "described the vote as fair"
    preps: tuple[str, ...]  # "called for talks", "accused Kabul of harbouring …"


@dataclass(frozen=True)
class SpeechCues:
    verbs: dict[str, CueVerb]
    nouns: frozenset[str]
    adjectives: dict[str, tuple[str, ...]]
    phrases: tuple[str, ...]
    particles: dict[str, str]
    role_nouns: dict[str, tuple[str, ...]]
    group_nouns: frozenset[str]
    carriers: frozenset[str] = frozenset()  # "a statement", "a news conference"


# speech: reports what was said (the events coder reads these as reported speech);
# demand, commitment, stance, belief and evidence attribute the same way in news text.
CUE_KINDS = ("speech", "demand", "commitment", "stance", "belief", "evidence")


def _cue_verb(lemma: str, spec: object, where: str) -> CueVerb:
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise OptionsError(f"verb {lemma!r} needs a mapping of options, not {spec!r}",
                           source=where)
    kind = str(spec.get("kind", "speech"))
    if kind not in CUE_KINDS:
        raise OptionsError(f"verb {lemma!r} has kind {kind!r}; expected one of "
                           f"{', '.join(CUE_KINDS)}", source=where)
    return CueVerb(kind=kind, takes_clause=bool(spec.get("clause", True)),
                   takes_object=bool(spec.get("object")), takes_to=bool(spec.get("to")),
                   to_after=str(spec["to_after"]).lower() if spec.get("to_after") else None,
                   naming=bool(spec.get("naming")),
                   preps=tuple(str(p).lower() for p in spec.get("preps") or []))


@cache
def speech_cues() -> SpeechCues:
    where = "data/speech_cues.yaml"
    data = load_yaml("speech_cues.yaml") or {}
    verbs = data.get("verbs")
    if not isinstance(verbs, dict) or not verbs:
        raise OptionsError("speech_cues.yaml needs a `verbs` mapping", source=where)
    return SpeechCues(
        verbs={str(lemma).lower(): _cue_verb(str(lemma), spec, where)
               for lemma, spec in verbs.items()},
        nouns=frozenset(str(n).lower() for n in data.get("nouns") or []),
        adjectives={str(k).lower(): tuple(str(w).lower() for w in v or [])
                    for k, v in (data.get("adjectives") or {}).items()},
        phrases=tuple(str(p).lower() for p in data.get("phrases") or []),
        particles={str(k).lower(): str(v).lower()
                   for k, v in (data.get("particles") or {}).items()},
        role_nouns={str(k).lower(): tuple(str(w).lower() for w in v)
                    for k, v in (data.get("role_nouns") or {}).items()},
        group_nouns=frozenset(str(w).lower() for w in data.get("group_nouns") or []),
        carriers=frozenset(str(w).lower() for w in data.get("carriers") or []),
    )


# -- quotation marks ------------------------------------------------------------------------
@dataclass
class Quoted:
    """One quotation in the text: its parts (content offsets inside the marks) and the
    offsets from the first opening mark to the last closing one."""

    parts: list[tuple[int, int]]
    outer: tuple[int, int]
    balanced: bool = True

    @property
    def start(self) -> int:
        return self.outer[0]

    @property
    def end(self) -> int:
        return self.outer[1]


def _opens(line: str, i: int) -> bool:
    ch = line[i]
    before = line[i - 1] if i > 0 else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if ch == '"':
        return (before.isspace() or before in "([{—–-/:;,") and not after.isspace()
    if ch in "‘‚":
        # a single mark opens only before a word and after a non-letter: "‘We will'"
        return not before.isalnum() and (after.isalnum() or after in "“\"…")
    return ch in _CLOSERS and not after.isspace()


def _closes(line: str, i: int, opener: str) -> bool:
    ch = line[i]
    if ch not in _CLOSERS[opener]:
        return False
    if opener in "‘‚":  # "don’t" inside a single-quoted quote is an apostrophe
        after = line[i + 1] if i + 1 < len(line) else " "
        return not after.isalnum()
    return True


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotations(text: str) -> list[Quoted]:
    """Every quotation, paired mark by mark; unbalanced ones end at their paragraph."""
    found: list[Quoted] = []
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    pending: Quoted | None = None  # a quote carried over a paragraph break
    for number, (base, line) in enumerate(lines):
        if not line.strip():
            continue  # the blank line between paragraphs
        opener: str | None = None
        start = 0
        for i, ch in enumerate(line):
            if opener is None:
                if _opens(line, i):
                    opener, start = ch, i
                    if pending is not None and i > 0 and line[:i].strip():
                        _finish(found, pending, False)  # the carried quote did not reopen
                        pending = None
                continue
            if _closes(line, i, opener):
                part = _strip(text, base + start + 1, base + i)
                if pending is not None:
                    pending.parts.append(part)
                    pending.outer = (pending.outer[0], base + i + 1)
                    _finish(found, pending, pending.balanced)
                    pending = None
                elif part[1] > part[0]:
                    found.append(Quoted([part], (base + start, base + i + 1)))
                opener = None
            elif ch == opener and ch in "“«„":
                # a second opening mark of the same kind: the first was never closed
                part = _strip(text, base + start + 1, base + i)
                if part[1] > part[0]:
                    found.append(Quoted([part], (base + start, part[1]), balanced=False))
                opener, start = ch, i
        if pending is not None and opener is None:
            _finish(found, pending, False)
            pending = None
        if opener is None:
            continue
        part = _strip(text, base + start + 1, base + len(line))
        if opener not in _DOUBLE_OPENERS or part[1] <= part[0]:
            continue  # an unclosed single mark is most likely an apostrophe
        quote = pending or Quoted([], (base + start, part[1]))
        quote.parts.append(part)
        quote.outer = (quote.outer[0], part[1])
        if _reopens(lines, number, opener):
            pending = quote  # the newsroom convention: no closing mark, next paragraph reopens
        else:
            _finish(found, quote, False)
            pending = None
    if pending is not None:
        _finish(found, pending, False)
    return found


def _finish(found: list[Quoted], quote: Quoted, balanced: bool) -> None:
    quote.balanced = balanced
    found.append(quote)


def _reopens(lines: list[tuple[int, str]], number: int, opener: str) -> bool:
    for _base, line in lines[number + 1:]:
        if line.strip():
            first = line.lstrip()[0]
            return first == opener or (first in _DOUBLE_OPENERS and opener in _DOUBLE_OPENERS)
    return False


# -- the extractor --------------------------------------------------------------------------
@dataclass
class _Attribution:
    cue: Token | None
    cue_end: int  # token index after the cue words
    speaker: Span | None
    according: bool = False


@dataclass
class _State:
    doc: Doc
    actors: list[Actor]
    owner: dict[int, str]
    by_id: dict[str, Actor]
    quoted: list[Quoted] = field(default_factory=list)
    inside: list[tuple[int, int]] = field(default_factory=list)  # direct quote parts, sorted
    added: list[Actor] = field(default_factory=list)  # speakers the actor layer had not kept
    people_quoted: list[tuple[int, str]] = field(default_factory=list)  # (end, person id)
    # the text, read once: spaCy rebuilds Doc.text from its tokens on every access
    text: str = ""


class QuoteExtractor:
    def __init__(self, cues: SpeechCues | None = None,
                 places: Gazetteer | None = None) -> None:
        self.cues = cues or speech_cues()
        # a speaker name the gazetteer knows as a state or a dateline's town is no person
        self.places = places

    def extract(self, doc: Doc, actors: list[Actor]) -> list[Quote]:
        return self.extract_with_speakers(doc, actors)[0]

    def extract_with_speakers(self, doc: Doc, actors: list[Actor]
                              ) -> tuple[list[Quote], list[Actor]]:
        """The quotes, and the person actors made for named speakers the actor layer
        had not kept (so every named speaker is an actor)."""
        copies = [a.model_copy(deep=True) for a in actors]
        state = _State(doc, copies, token_owners(doc, copies), {a.id: a for a in copies},
                       text=text_of(doc))
        state.quoted = find_quotations(state.text)
        state.inside = sorted(p for q in state.quoted for p in q.parts)
        direct = self._direct(state)
        indirect = self._indirect(state, direct)
        _speakers_own_groups(state.text, direct, state.by_id, copies)
        return sorted(direct + indirect, key=lambda q: q.span), copies

    # -- direct ---------------------------------------------------------------------------
    def _direct(self, state: _State) -> list[Quote]:
        doc = state.doc
        out: list[Quote] = []
        previous: tuple[Quoted, _Attribution, Quote] | None = None
        starts = [t.idx for t in doc]
        for index, quoted in enumerate(state.quoted):
            deadline.check()
            before_bound = state.quoted[index - 1].end if index else 0
            after_bound = state.quoted[index + 1].start if index + 1 < len(state.quoted) \
                else len(state.text)
            before = _window_before(doc, starts, quoted.start, before_bound)
            after = _window_after(doc, starts, quoted.end, after_bound)
            # a naming verb ('called it "a historic step"') attributes only a quote long
            # enough to be a statement; a short one is the name given, a scare quote
            naming = sum(len(state.text[a:b].split()) for a, b in quoted.parts) >= \
                _MIN_WORDS_UNATTRIBUTED
            attribution = self._attribution_before(before, naming)
            if attribution is None and _starts_clause(before):
                attribution = self._attribution_after(after)
            if attribution is not None and previous is not None and \
                    previous[1].cue is not None and attribution.cue is not None and \
                    previous[1].cue.i == attribution.cue.i:
                # "A," she said, "B.": one quote in two parts
                merged = _merge(previous[2], quoted, state.text)
                out[-1] = merged
                previous = (quoted, attribution, merged)
                continue
            if attribution is None and not _starts_clause(before) and \
                    self._speech_in_sentence(before):
                continue  # a quoted fragment of reported speech: the indirect quote has it
            quote = self._quote(state, quoted, attribution, previous)
            if quote is None:
                continue
            out.append(quote)
            previous = (quoted, attribution or _Attribution(None, 0, None), quote)
        return out

    def _quote(self, state: _State, quoted: Quoted, attribution: _Attribution | None,
               previous: tuple[Quoted, _Attribution, Quote] | None) -> Quote | None:
        text = "\n\n".join(state.text[s:e] for s, e in quoted.parts)
        span = (quoted.parts[0][0], quoted.parts[-1][1])
        parts = list(quoted.parts) if len(quoted.parts) > 1 else []
        if attribution is not None:
            speaker_span = attribution.speaker
            speaker = self._resolve(state, speaker_span) if speaker_span is not None else None
            if speaker is not None and state.by_id[speaker].kind == "person":
                state.people_quoted.append((quoted.end, speaker))
            return Quote(
                speaker=speaker,
                speaker_text=speaker_span.text if speaker_span is not None else None,
                cue=_cue_text(state.doc, attribution, state.text),
                text=text, kind="direct", span=span, parts=parts,
                cue_span=_cue_span(state.doc, attribution),
                speaker_span=(speaker_span.start_char, speaker_span.end_char)
                if speaker_span is not None else None,
                balanced=quoted.balanced)
        words = len(text.split())
        carried = previous is not None and previous[2].speaker_text is not None and \
            state.text.count("\n", previous[0].end, quoted.start) <= 2 and \
            _sentence_like(text)
        if carried and previous is not None:
            prior = previous[2]
            return Quote(speaker=prior.speaker, speaker_text=prior.speaker_text, cue=None,
                         text=text, kind="direct", span=span, parts=parts,
                         speaker_span=prior.speaker_span, balanced=quoted.balanced)
        if words >= _MIN_WORDS_UNATTRIBUTED and _sentence_like(text):
            return Quote(text=text, kind="direct", span=span, parts=parts,
                         balanced=quoted.balanced)
        return None

    def _speech_in_sentence(self, window: list[Token]) -> bool:
        return any(self._is_cue(t) for t in window)

    def _is_cue(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and lemma_of(token) in self.cues.verbs and \
            not (lemma_of(token) in self.cues.particles and not _has_particle(
                token, self.cues.particles[lemma_of(token)]))

    def _introduces_quote(self, token: Token, gap: list[Token], naming: bool) -> bool:
        """A cue for the quoted words after `gap`. After a naming verb and its object
        ('described the talks as "useful"', 'called it "a historic step"') the quoted
        words are mostly the name given, which the indirect quote keeps; only with
        `naming` (a quote long enough to be a statement) do they count as a quote."""
        if not self._is_cue(token):
            return False
        named = self.cues.verbs[lemma_of(token)].naming and any(
            t.pos_ in ("NOUN", "PROPN", "PRON") for t in gap)
        return naming or not named

    def _attribution_before(self, window: list[Token], naming: bool) -> _Attribution | None:
        """'X said: "…"', 'X told reporters on Monday that "…"', 'According to X, "…"',
        'X: "…"' (a headline)."""
        if not window:
            return None
        according = self._according(window)
        if according is not None and not any(t.pos_ in ("VERB", "AUX") and
                                             t.i > according.cue_end for t in window):
            return according
        for position in range(len(window) - 1, -1, -1):
            token = window[position]
            gap = window[position + 1:]
            if token.pos_ in ("VERB", "AUX") and not self._introduces_quote(token, gap, naming):
                return None  # "He called it 'a historic step'": not a verb of saying
            if self._introduces_quote(token, gap, naming):
                if len(gap) > _MAX_GAP_TOKENS:
                    return None
                speaker = self._speaker_of(token)
                return _Attribution(token, _cue_end(token, self.cues), speaker)
        if window[-1].text == ":" and 0 < len(window) - 1 <= 6 and all(
                t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT") for t in window[:-1]):
            words = [t for t in window[:-1] if not t.is_punct]
            if words:
                return _Attribution(None, 0, window[0].doc[words[0].i:words[-1].i + 1])
        return None

    def _attribution_after(self, window: list[Token]) -> _Attribution | None:
        """'"…," she said', '"…," said X', '"…," X told reporters', '"…," according to X',
        '"…" ― X' (a dash and a name, the way captions and vox pops attribute)."""
        if window and window[0].text in _DASHES:
            names = _proper_run(window[1:])
            if names is not None:
                return _Attribution(None, 0, names)
        words = [t for t in window if not (t.is_punct and t.text in ",—–-:")]
        if not words:
            return None
        according = self._according(words[:3])
        if according is not None:
            return according
        for position, token in enumerate(words[:_MAX_SPEAKER_TOKENS]):
            if self._is_cue(token):
                speaker = self._speaker_of(token)
                if speaker is None or speaker.start < words[0].i or speaker.end > token.i + 6:
                    speaker = _before_comma(token.doc[words[0].i:token.i]) if position \
                        else _run_after(token)
                return _Attribution(token, _cue_end(token, self.cues), speaker)
            if token.text in _SENTENCE_END or (token.tag_ in _FINITE and token.is_lower):
                return None
        return None

    def _according(self, window: list[Token]) -> _Attribution | None:
        for token in window:
            if token.lower_ != "according" or token.i + 1 >= len(token.doc) or \
                    token.nbor(1).lower_ != "to":
                continue
            to = token.nbor(1)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            speaker = _phrase(pobj) if pobj is not None else _run_after(to)
            return _Attribution(token, to.i + 1, speaker, according=True)
        return None

    def _speaker_of(self, cue: Token) -> Span | None:
        """The subject of a verb of saying, through 'saying …', 'adding that …', passives
        and inversion ('said Foreign Minister X')."""
        current = cue
        for _ in range(4):
            agent = next((c for c in current.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _phrase(pobj)
            subject = next((c for c in current.children if c.dep_ in ("nsubj",)), None)
            if subject is not None and subject.lower_ not in ("that", "which", "who"):
                return _phrase(subject)
            if subject is not None and subject.dep_ == "nsubj" and current.dep_ == "relcl":
                return self._noun_speaker(current.head)
            if current.dep_ == "pcomp" and current.head.dep_ == "prep":
                # "… by announcing that …", "criticised for saying that …"
                current = current.head.head
                continue
            if current.dep_ in ("advcl", "xcomp", "conj", "relcl", "acl") and \
                    current.head.i != current.i:
                if current.dep_ in ("relcl", "acl") and current.head.pos_ in ("NOUN", "PROPN"):
                    return self._noun_speaker(current.head)
                current = current.head
                continue
            break
        return _run_after(cue)

    def _noun_speaker(self, noun: Token) -> Span:
        """Who speaks through a clause on a noun: the noun itself ('officials warning
        that …'), or, for a carrier of words or an occasion for them, its owner ('the
        council's statement calling …', 'a statement by the council calling …') or the
        one who issued it or spoke there ('the council issued a statement calling …',
        'she said at a news conference announcing …')."""
        if noun.lemma_.lower() not in self.cues.carriers and \
                noun.lower_ not in self.cues.carriers:
            return _phrase(noun)
        owner = _noun_owner(noun)
        if owner is not None:
            return owner
        verb = noun.head
        if noun.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head  # "(said) at a news conference", "in a statement"
        elif noun.dep_ != "dobj":
            return _phrase(noun)
        issuer = next((c for c in verb.children if c.dep_ == "nsubj"), None) \
            if verb.pos_ in ("VERB", "AUX") else None
        if issuer is None or issuer.lower_ in _RELATIVES:
            return _phrase(noun)
        return _phrase(issuer)

    def _issues_carrier(self, subject: Token) -> bool:
        """'it issued a statement': a subject whose verb puts out a carrier of words."""
        return any(c.dep_ == "dobj" and c.lemma_.lower() in self.cues.carriers
                   for c in subject.head.children)

    # -- indirect -------------------------------------------------------------------------
    def _indirect(self, state: _State, direct: list[Quote]) -> list[Quote]:
        doc, text = state.doc, state.text
        taken = {q.cue_span for q in direct if q.cue_span is not None}
        # Only quotes already attributed as direct make a paraphrase redundant: 'She says
        # his temperament is "dangerous for a president."' has no direct quote of its own.
        attributed = sorted(p for q in direct for p in (q.parts or [q.span]))
        out: list[Quote] = []
        for token in doc:
            deadline.check()
            if _inside(state.inside, token.idx):
                continue
            found = self._reported(token)
            if found is None:
                continue
            fragments, attribution = found
            if attribution.speaker is None:
                continue
            if attribution.speaker.root.lower_ in ("it", "there") and token.dep_ != "ROOT" \
                    and not self._issues_carrier(attribution.speaker.root):
                continue  # "it is expected that …" (but "it issued a statement calling …")
            cue_span = _cue_span(doc, attribution)
            speaker = attribution.speaker
            # "which Mr. Clarke says he is doing": the speaker and cue inside the clause's
            # span are not part of what is reported
            parts = _without(text, [_content_chars(f) for f in fragments],
                             [(speaker.start_char, speaker.end_char), cue_span or (0, 0)])
            if not parts or _says_nothing(" ".join(text[a:b] for a, b in parts)):
                continue
            start, end = parts[0][0], parts[-1][1]
            if _quoted_share(attributed, start, end) >= 0.5:
                continue  # the frame of a direct quote, already attributed
            if cue_span in taken:
                continue
            out.append(Quote(
                speaker=self._resolve(state, speaker), speaker_text=speaker.text,
                cue=_cue_text(doc, attribution, text),
                text=" ".join(text[s:e] for s, e in parts), kind="indirect",
                span=(start, end), parts=parts if len(parts) > 1 else [], cue_span=cue_span,
                speaker_span=(speaker.start_char, speaker.end_char)))
        return _drop_nested(out)

    def _reported(self, token: Token) -> tuple[list[Span], _Attribution] | None:
        """What a cue word reports, and who reports it."""
        if token.lower_ == "according":
            return self._according_content(token)
        if self._is_cue(token):
            return self._content(token)
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.cues.nouns:
            return self._noun_content(token)
        if token.text == ":":
            return self._headline_content(token)
        if token.pos_ == "ADJ" and token.dep_ == "acomp" and \
                token.lower_ in self.cues.adjectives:
            return self._stance_content(token)
        return None

    def _headline_content(self, colon: Token) -> tuple[list[Span], _Attribution] | None:
        """'Tokayev: Kazakhstan will not join the sanctions' — a line that opens with a
        name and a colon, the way headlines attribute (the name must be one the parse
        knows as a person, organisation or place, so 'Update:' or 'Note:' is none)."""
        doc = colon.doc
        name: list[Token] = []
        for token in reversed(doc[colon.sent.start:colon.i]):  # back to the line's start
            if token.is_space or "\n" in token.whitespace_:
                break
            name.insert(0, token)
        if not name or len(name) > 4 or any(t.pos_ != "PROPN" for t in name) or \
                name[-1].ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
            return None
        if name[-1].ent_type_ == "GPE" and dateline(doc[name[0].i:name[-1].i + 1]):
            return None  # "Kuala Lumpur: Malaysian authorities ...": the dateline
        rest = doc[colon.i + 1:colon.sent.end]
        # title case confuses the tagger, so the words after the colon are only counted
        if sum(not t.is_punct for t in rest) < 4 or "\n" in colon.whitespace_:
            return None
        speaker = doc[name[0].i:name[-1].i + 1]
        return [rest], _Attribution(colon, colon.i + 1, speaker)

    def _stance_content(self, adjective: Token) -> tuple[list[Span], _Attribution] | None:
        """'Tashkent is concerned about the water levels', 'the minister was critical of
        the plan', 'officials are confident that …': a stated attitude, held by the
        subject of the verb the adjective completes."""
        subject = next((c for c in adjective.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ in _RELATIVES:
            return None
        allowed = self.cues.adjectives[adjective.lower_]
        for child in adjective.children:
            if child.dep_ == "ccomp" and "that" in allowed:
                content = _subtree(child)
            elif child.dep_ == "prep" and child.lower_ in allowed:
                obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is None:
                    continue
                content = _subtree(obj)
            else:
                continue
            return [content], _Attribution(adjective, adjective.i + 1, _phrase(subject))
        return None

    def _content(self, cue: Token) -> tuple[list[Span], _Attribution] | None:
        verb = self.cues.verbs[lemma_of(cue)]
        doc = cue.doc
        if cue.dep_ == "pcomp" and cue.head.lower_ == "with":
            return None  # "with China expected to provide …": no one is said to expect it
        attribution = _Attribution(cue, _cue_end(cue, self.cues), self._speaker_of(cue))
        complement = _complement(cue, verb)
        if complement is not None:
            return [complement], attribution
        if cue.dep_ in ("parataxis", "ccomp") and not self._is_cue(cue.head) and \
                any(c.dep_ == "nsubj" for c in cue.children):
            head = cue.head
            if head.i < cue.i:  # "The border will reopen on Monday, officials said."
                left = head.left_edge.i
                right = min(t.i for t in cue.subtree)
                # a comma or dash sets the attribution off; without one, "said he cannot
                # comment on …" is a clause of its own, not an attribution of what precedes
                if right - left >= 3 and (doc[right - 1].is_punct or doc[right].is_punct):
                    return [doc[left:right]], attribution
            elif cue.dep_ == "parataxis":
                # "The border, officials said, will reopen on Monday.": the attribution
                # splits the content in two
                before = doc[head.left_edge.i:cue.left_edge.i]
                after = doc[cue.right_edge.i + 1:head.right_edge.i + 1]
                if len(before) + len(after) >= 3:
                    return [before, after], attribution
        if verb.takes_object and attribution.speaker is not None and \
                any(c.dep_ == "agent" for c in cue.children) and \
                self._someone(attribution.speaker.root):
            # "The closure was confirmed by the border service."
            subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
            if subject is not None:
                return [_subtree(subject)], attribution
        return None

    def _someone(self, token: Token) -> bool:
        """A name or a noun for people or institutions: 'backed by Moscow' or 'by the
        ministry' is a stance, 'supported by the documents' is not."""
        return token.pos_ in ("PROPN", "PRON") or bool(token.ent_type_) or \
            token.lower_ in self.cues.role_nouns or token.lower_ in self.cues.group_nouns

    def _noun_content(self, noun: Token) -> tuple[list[Span], _Attribution] | None:
        """"the ministry's claim that …", "a Kun.uz report that …": a noun of saying with
        a that-clause, and the one it belongs to (a possessor, a name before it, or "by" /
        "from" after it)."""
        clause = next((c for c in noun.children if c.dep_ in ("acl", "relcl", "ccomp")
                       and c.i > noun.i and any(m.dep_ == "mark" and m.lower_ == "that"
                                                for m in c.children)), None)
        if clause is None:
            return None
        speaker = _noun_owner(noun)
        return [_subtree(clause)], _Attribution(noun, noun.i + 1, speaker)

    def _according_content(self, token: Token) -> tuple[list[Span], _Attribution] | None:
        attribution = self._according([token])
        if attribution is None:
            return None
        sent = token.sent
        phrase_end = max([attribution.cue_end, *(
            [attribution.speaker.end] if attribution.speaker is not None else [])])
        if token.i - sent.start <= 1:  # "According to X, the talks ..."
            start = phrase_end
            while start < sent.end and sent.doc[start].is_punct:
                start += 1
            return ([sent.doc[start:sent.end]], attribution) if sent.end - start >= 3 \
                else None
        return [sent.doc[sent.start:token.i]], attribution

    # -- speakers to actors ---------------------------------------------------------------
    def _resolve(self, state: _State, speaker: Span) -> str | None:
        root = speaker.root
        owned = state.owner.get(root.i) or next(
            (state.owner[t.i] for t in speaker if t.i in state.owner), None)
        head = root.lower_
        titles = set(self.cues.role_nouns) | self.cues.group_nouns
        named = _last_person_run(speaker, titles) or _trailing_name(
            speaker, owned is None or state.by_id[owned].kind != "person", titles)
        if named:  # "Deputy Minister ... Jasur Tokhtaev": the person, not the ministry
            person = next((state.owner[t.i] for t in named if t.i in state.owner
                           and _trusted(state.by_id[state.owner[t.i]])), None)
            return person or self._person(state, speaker, named)
        if head in _PRONOUNS_PERSON:
            # speakers persist: "she said" after a quote of hers is hers
            before = [q for q in state.people_quoted if q[0] <= speaker.start_char]
            if before and state.text.count("\n", before[-1][0], speaker.start_char) <= 2:
                return before[-1][1]
            if owned is not None and _trusted(state.by_id[owned]):
                return owned
            return self._last_speaker(state, speaker) or \
                _latest(state, speaker.start_char, _trusted) or owned
        # "the minister" describes someone named earlier; "the Association of Flight
        # Attendants" is a name of its own, not a description of a person
        described = speaker[0].lower_ in ("the", "this", "that") and (
            owned is None or state.by_id[owned].kind != "person") and \
            head not in self.cues.group_nouns and \
            (root.pos_ != "PROPN" or head in self.cues.role_nouns)
        if described:
            keys = self.cues.role_nouns.get(head) or (head,)
            # "the Afghan minister": the words before the noun narrow it down
            extra = [(t.lower_,) for t in speaker if t.i != root.i and not t.is_punct
                     and t.pos_ in ("ADJ", "NOUN", "PROPN")]
            person = _latest(state, speaker.start_char, lambda a: a.kind == "person" and all(
                _has_role(state, a, words) for words in [keys, *extra])) or \
                self._person_in_text(state, speaker, [keys, *extra]) or _latest(
                state, speaker.start_char,
                lambda a: a.kind == "person" and _has_role(state, a, keys))
            return person or owned
        if head in self.cues.group_nouns and owned is None:
            return _latest(state, speaker.start_char,
                           lambda a: a.kind != "person" and head in a.name.lower())
        if head in _PRONOUNS_GROUP and owned is None:
            return _latest(state, speaker.start_char, lambda a: a.kind != "person")
        return owned

    def _last_speaker(self, state: _State, pronoun: Span) -> str | None:
        """'Warren said Stumpf should resign. "He should give back the money," she said.':
        "she" goes on from the person who spoke in the sentence before (or earlier in
        this one), not the last person named, who may be the one spoken of."""
        sent = pronoun.root.sent
        start = state.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        found = None
        for token in state.doc[start:pronoun.start]:
            actor = state.owner.get(token.i)
            if token.dep_ == "nsubj" and actor is not None and \
                    _trusted(state.by_id[actor]) and self._is_cue(token.head):
                found = actor
        return found

    def _person_in_text(self, state: _State, speaker: Span,
                        keys: list[tuple[str, ...]]) -> str | None:
        """'the Afghan minister' after 'Afghan acting Minister of Mines Shahabuddin
        Delawar', a name the actor layer did not keep: the latest such named person."""
        text = state.text
        for ent in reversed(state.doc.ents):
            if ent.label_ != "PERSON" or ent.start_char >= speaker.start_char:
                continue
            around = (text[max(0, ent.start_char - 60):ent.start_char] + " " +
                      text[ent.end_char:ent.end_char + 60].split(".")[0]).lower()
            if all(any(re.search(rf"\b{re.escape(k)}", around) for k in words)
                   for words in keys):
                return self._person(state, ent, list(ent))
        return None

    def _a_place(self, name: str, named: list[Token]) -> bool:
        """"Hanoi (VNA) - ...", "Moscow said": a country's or a capital's name, or a
        well-known town opening a dateline, that the parse took for a person's name."""
        if self.places is None:
            return False
        if self.places.names_a_state(name):
            return True
        return dateline(named[0].doc[named[0].i:named[-1].i + 1]) and \
            self.places.well_known(name)

    def _person(self, state: _State, speaker: Span, named: list[Token]) -> str | None:
        """A speaker the actor layer did not keep: an earlier person sharing a name word
        ('Wang' after 'Wang Lihua'), else a new person actor named as first written."""
        mention = (named[0].idx, named[-1].idx + len(named[-1].text))
        for actor in state.actors:  # words the actor layer has as a country or a body
            if actor.kind != "person" and any(s < mention[1] and mention[0] < e
                                              for s, e in actor.mentions):
                return actor.id
        words = {t.text for t in named}
        for actor in state.actors:
            if _trusted(actor) and words & set(actor.name.split()):
                return actor.id
        name = " ".join(t.text for t in named)
        if self._a_place(name, named):
            return None
        if len(named) == 1:  # a surname: its full name earlier in the text
            earlier = list(re.finditer(
                rf"\b((?:[A-Z][\w'’.-]+ ){{1,3}}){re.escape(named[0].text)}\b",
                state.text[:speaker.start_char]))
            if earlier:
                name = earlier[0].group(0)
        ident = "person:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        actor = state.by_id.get(ident)
        if actor is None:
            first = state.text.find(name)
            mentions = [(first, first + len(name))] if 0 <= first < mention[0] else []
            actor = Actor(id=ident, name=name, kind="person", code="", role_source=None,
                          mentions=[*mentions, mention])
            state.actors.append(actor)
            state.by_id[ident] = actor
            state.added.append(actor)
        elif mention not in actor.mentions:
            actor.mentions.append(mention)
        return ident


# -- helpers --------------------------------------------------------------------------------
_FIRST_PERSON = re.compile(r"(?:\bour|\bwe)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _speakers_own_groups(text: str, quotes: list[Quote], by_id: dict[str, Actor],
                         actors: list[Actor]) -> None:
    """'"Our servicemen worked out ...", the ministry said': a group the speaker calls its
    own, in the speaker's words, is of the speaker's country (flagged as inferred)."""
    for actor in actors:
        if actor.country or actor.kind == "person":
            continue
        for start, end in actor.mentions:
            quote = next((q for q in quotes for a, b in q.parts if a <= start and end <= b),
                         None)
            speaker = by_id.get(quote.speaker or "") if quote is not None else None
            if speaker is not None and speaker.country and \
                    _FIRST_PERSON.search(text[max(0, start - 30):start]):
                actor.country, actor.country_inferred = speaker.country, True
                break
def _trusted(actor: Actor) -> bool:
    """A person pronouns may refer to: a dictionary entry or a full name (the parse takes
    some place names for one-word people)."""
    return actor.kind == "person" and (actor.entry is not None or len(actor.name.split()) > 1)


def _last_person_run(speaker: Span, titles: set[str]) -> list[Token]:
    """The last stretch of words the parse marks as a person's name."""
    run: list[Token] = []
    for token in reversed(speaker):
        if token.ent_type_ == "PERSON" and token.pos_ == "PROPN" and \
                token.lower_ not in titles:
            run.insert(0, token)
        elif run:
            break
    return run


def _trailing_name(speaker: Span, unowned: bool, titles: set[str]) -> list[Token]:
    """'Deputy Minister of Energy Saidmurod Qodirov' -> Saidmurod Qodirov; a bare
    'Voronin' when no actor has it; never 'the Deputy Minister'."""
    if speaker[0].pos_ == "DET":
        return []
    run: list[Token] = []
    for token in reversed(speaker):
        if token.pos_ == "PROPN" and token.is_title and token.lower_ not in titles:
            run.insert(0, token)
        else:
            break
    if not run or not unowned:
        return []
    if len(run) == len(speaker) or len(run) >= 2:
        return run
    return []


def _latest(state: _State, before: int, wanted: Callable[[Actor], bool]) -> str | None:
    best: tuple[int, str] | None = None
    for actor in state.actors:
        if not wanted(actor):
            continue
        for start, _end in actor.mentions:
            if start < before and (best is None or start > best[0]):
                best = (start, actor.id)
    return best[1] if best else None


def _has_role(state: _State, actor: Actor, keys: tuple[str, ...]) -> bool:
    """The actor's role, or the words just around one of its mentions ('Foreign Minister
    X', 'X, the ministry's spokesperson,'), contain one of the keys."""
    text = state.text
    around = [actor.role or ""]
    for start, end in actor.mentions:
        # the title before the name, within its sentence ...
        around.append(re.split(r"[.!?\n]", text[max(0, start - 60):start])[-1])
        # ... and an apposition after it ('X, the ministry's spokesperson,')
        if text[end:end + 1] == ",":
            around.append(text[end + 1:end + 80].split(",")[0])
    joined = " ".join(around).lower()
    return any(re.search(rf"\b{re.escape(key)}", joined) for key in keys)


def _inside(parts: list[tuple[int, int]], offset: int) -> bool:
    index = bisect_right(parts, (offset, 1 << 62)) - 1
    return index >= 0 and parts[index][0] <= offset < parts[index][1]


def _quoted_share(parts: list[tuple[int, int]], start: int, end: int) -> float:
    covered = 0
    for s, e in parts[max(0, bisect_left(parts, (start, 0)) - 1):]:
        if s >= end:
            break
        covered += max(0, min(e, end) - max(s, start))
    return covered / max(1, end - start)


def _window_before(doc: Doc, starts: list[int], start: int, bound: int) -> list[Token]:
    """Tokens of the quote's own sentence before its opening mark."""
    last = bisect_left(starts, start) - 1
    out: list[Token] = []
    for i in range(last, -1, -1):
        token = doc[i]
        if token.idx < bound or token.text in _SENTENCE_END:
            break
        if "\n" in token.text_with_ws:
            # 'Caddell continued:' then the quote as its own paragraph
            colon = token if token.text == ":" else (doc[i - 1] if token.is_space and i
                                                      else None)
            if out or colon is None or colon.text != ":":
                break
            continue
        out.append(token)
    return [t for t in reversed(out) if not t.is_space]


def _window_after(doc: Doc, starts: list[int], end: int, bound: int) -> list[Token]:
    out: list[Token] = []
    for i in range(bisect_left(starts, end), len(doc)):
        token = doc[i]
        if token.idx >= bound or (token.is_space and "\n" in token.text):
            break
        if token.is_space:
            continue  # a no-break space the tokenizer kept
        if token.text in _SENTENCE_END:
            break
        out.append(token)
        if "\n" in token.whitespace_:
            break
    return out


def _starts_clause(before: list[Token]) -> bool:
    return all(t.is_punct for t in before)


def _sentence_like(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and (stripped[0].isupper() or stripped[0] in "….") and \
        len(stripped.split()) >= 3


def _phrase(token: Token) -> Span:
    """A speaker's words: the noun phrase without appositions, relative clauses or
    conjuncts ('Bakhtiyor Saidov, the foreign minister,' -> 'Bakhtiyor Saidov')."""
    keep = [token]
    stack = [c for c in token.children if c.dep_ not in _SPEAKER_STOP_DEPS]
    while stack:
        child = stack.pop()
        keep.append(child)
        stack.extend(c for c in child.children if c.dep_ not in _SPEAKER_STOP_DEPS)
    left = min(t.i for t in keep)
    right = max(t.i for t in keep) + 1
    doc = token.doc
    for i in range(token.i - 1, left - 1, -1):  # never across a comma
        if doc[i].text == ",":
            left = i + 1
            break
    for i in range(token.i + 1, right):
        if doc[i].text == ",":
            right = i
            break
    return doc[left:right]


def _before_comma(span: Span) -> Span | None:
    """'Scott Pruitt, the attorney general of Oklahoma,' -> 'Scott Pruitt'."""
    for token in span:
        if token.text == ",":
            return span.doc[span.start:token.i] if token.i > span.start else None
    return span if len(span) else None


def _proper_run(tokens: list[Token]) -> Span | None:
    """The capitalised words at the start: '― Adriana Rodarte, 24, student'."""
    run = []
    for token in tokens:
        if token.is_title or token.is_upper or (run and token.text in (".", "-")):
            run.append(token)
        else:
            break
    while run and run[-1].is_punct:
        run.pop()
    return run[0].doc[run[0].i:run[-1].i + 1] if run else None


def _run_after(token: Token) -> Span | None:
    """'said Foreign Minister Bakhtiyor Saidov' where the parse found no subject."""
    doc = token.doc
    start = token.i + 1
    end = start
    while end < len(doc) and doc[end].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON") and \
            not doc[end].is_punct:
        end += 1
    return doc[start:end] if end > start else None


def _subtree(token: Token) -> Span:
    doc = token.doc
    return doc[token.left_edge.i:token.right_edge.i + 1]


def _loose_clause(clause: Token) -> bool:
    """A reported clause the parse took for an adverbial one: "tweeted on Monday that
    …", "said after the talks (that) the border would reopen" (a subject and no
    conjunction), but not "said so when he resigned"."""
    marks = [m.lower_ for m in clause.children if m.dep_ == "mark"]
    if marks:
        return marks == ["that"]
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) and \
        not any(c.dep_ == "advmod" and c.lower_ in ("when", "while", "as", "because")
                for c in clause.children)


def _complement(cue: Token, verb: CueVerb) -> Span | None:
    """What a verb of saying reports, by the shapes the verb takes: a clause ("said (that)
    …"; also "tweeted on Monday that …", which the parse attaches loosely), a
    to-infinitive with its addressee ("urged Dushanbe to reopen …"), a prepositional
    object ("called for talks", "accused Kabul of …"), a naming ("called the vote a
    farce", "described the talks as useful") or a plain object ("announced a truce")."""
    doc = cue.doc
    later = [c for c in cue.children if c.i > cue.i]
    if verb.takes_clause:
        clause = next((c for c in cue.children if c.dep_ == "ccomp"), None) or next(
            (c for c in later if c.dep_ == "advcl" and _loose_clause(c)), None)
        if clause is not None:
            return _subtree(clause)
    infinitive = next((c for c in later if c.dep_ == "xcomp" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if infinitive is not None and (verb.takes_to or verb.to_after):
        addressee = [c for c in later if c.i < infinitive.i and (
            c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in verb.preps))]
        # "called on Kabul to …" is a demand; "called Kabul to …" a telephone call
        if not verb.to_after or any(c.lower_ == verb.to_after for c in addressee):
            # the addressee without its preposition: "(called on) the Kyrgyz side to …"
            first = min([infinitive.left_edge.i, *(
                (c.left_edge.i if c.dep_ == "dobj" else c.i + 1) for c in addressee)])
            return doc[first:infinitive.right_edge.i + 1]
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children):
        return None  # "was called a charlatan by …": the content is the passive subject
    obj = next((c for c in later if c.dep_ == "dobj"), None)
    # with an object, a preposition modifies the act ("called a meeting for Friday"),
    # unless the object is the one addressed ("accused Kabul of …", "asked him for …")
    addressed = obj is None or not (verb.takes_object or verb.naming)
    for prep in later if addressed else []:
        if prep.dep_ == "prep" and prep.lower_ in verb.preps and prep.lower_ != verb.to_after:
            obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return _subtree(obj)
    if verb.naming and (obj is None or obj.lower_ in _RELATIVES) and \
            any(c.dep_ == "nsubj" for c in cue.children):
        # "which the minister called 'a provocation'", "called the reports fabrications"
        # (parsed as two predicates): the naming is the content
        named = [c for c in later if c.dep_ == "oprd"]
        if named:
            return doc[named[0].left_edge.i:named[-1].right_edge.i + 1]
    if obj is None or not (verb.takes_object or verb.naming):
        return None
    predicate = next((c for c in later if c.i > obj.i and (
        c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as"))),
        None) or next((c for c in obj.children if c.dep_ == "amod" and c.i > obj.i
                       and c.i == obj.right_edge.i), None)  # "called the delay unacceptable"
    if predicate is not None:
        return doc[obj.left_edge.i:predicate.right_edge.i + 1]
    return _subtree(obj) if verb.takes_object else None


def _noun_owner(noun: Token) -> Span | None:
    """'the ministry's claim', 'a Kun.uz report', 'a statement by the ministry'."""
    doc = noun.doc
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        words = [t for t in _subtree(owner) if t.dep_ != "case"]
        return doc[words[0].i:words[-1].i + 1] if words else None
    names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if names:
        return doc[min(c.left_edge.i for c in names):max(c.right_edge.i for c in names) + 1]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("by", "from") and prep.i > noun.i:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _phrase(obj)
    return None


def _says_nothing(content: str) -> bool:
    """'confirmed this', 'denied it', 'said so': a pointer to content, not content."""
    return all(w.lower() in _POINTERS for w in re.findall(r"\w+", content))


def _without(text: str, parts: list[tuple[int, int]],
             holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts less the holes, trimmed of spaces and punctuation at their edges; a
    piece with no word of two letters is dropped."""
    pieces = []
    for start, end in parts:
        cuts = [(start, end)]
        for h_start, h_end in holes:
            cuts = [c for a, b in cuts
                    for c in ((a, min(b, h_start)), (max(a, h_end), b)) if c[1] > c[0]]
        pieces.extend(cuts)
    out = []
    for start, end in sorted(pieces):
        while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
            end -= 1
        if re.search(r"[^\W\d_]{2}", text[start:end]):
            out.append((start, end))
    return out


def _content_chars(span: Span) -> tuple[int, int]:
    tokens = [t for t in span if not t.is_space and not (t.is_punct and t.text in ",.;:—–-")]
    if not tokens:
        return span.start_char, span.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _has_particle(token: Token, particle: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == particle for c in token.children) or (
        token.i + 1 < len(token.doc) and token.nbor(1).lower_ == particle)


def _cue_end(token: Token, cues: SpeechCues) -> int:
    particle = cues.particles.get(lemma_of(token))
    if particle and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == particle:
        return token.i + 2
    return token.i + 1


def _cue_span(doc: Doc, attribution: _Attribution) -> tuple[int, int] | None:
    if attribution.cue is None:
        return None
    last = doc[attribution.cue_end - 1]
    return attribution.cue.idx, last.idx + len(last.text)


def _cue_text(doc: Doc, attribution: _Attribution, text: str) -> str | None:
    span = _cue_span(doc, attribution)
    return text[span[0]:span[1]] if span else None


def _merge(first: Quote, second: Quoted, text: str) -> Quote:
    parts = [*(first.parts or [first.span]), *second.parts]
    return first.model_copy(update={
        "parts": parts, "span": (parts[0][0], parts[-1][1]),
        "text": " ".join(text[s:e] for s, e in parts),
        "balanced": first.balanced and second.balanced})


def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """'X said Y believes Z': the outer attribution holds the inner one; keep the outer."""
    out = []
    for quote in quotes:
        if any(other is not quote and other.span[0] <= quote.span[0]
               and quote.span[1] <= other.span[1] and other.span != quote.span
               and quote.cue_span is not None
               and other.span[0] <= quote.cue_span[0] < other.span[1]
               for other in quotes):
            continue
        out.append(quote)
    return out


__all__ = ["STAGE", "QuoteExtractor", "Quoted", "find_quotations", "speech_cues"]
