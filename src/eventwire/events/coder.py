"""The rule-based PLOVER coder: triggers from the lexicon, roles from the parse.

For each sentence, a verb (or an event noun) whose lemma the lexicon knows is a
candidate; the most specific pattern whose object and preposition constraints hold gives
the type. Source and target come from the dependency parse (subject, passive agent,
object, the pattern's target preposition, "between X and Y"), inherited through control
verbs ("agreed to hold talks"), and are mapped to the actors of the actor layer.

Modality is decided from the parse and the document, because a wrong event is worse than
a missing one: negation, conditionals and modal verbs, future tense and intent, hopes and
demands (coded as a REQUEST by the one who hopes, not as the hoped-for act), reported
speech (attributed to the speaker), historical background, and opinion pieces.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire import deadline
from eventwire.anatomy.dates import find_dates, find_weekday, weekday_before
from eventwire.document import (
    Actor,
    Document,
    EventMention,
    Evidence,
    Magnitude,
    PlaceMention,
    Quote,
    TimeMention,
)
from eventwire.errors import OptionsError
from eventwire.events.condemnation import condemnation_words, condemnations
from eventwire.events.lexicon import COOPERATIVE, QUADS, Lexicon, Pattern
from eventwire.events.rebuttals import answered
from eventwire.extract.actors import PERSON_NOUNS, token_owners
from eventwire.nlp import first_conjunct, lemma_of, text_of
from eventwire.resources import load_yaml

CODER = "eventwire.events.rules.v1"


@cache  # read on first use, not at import: `eventwire --help` needs no data file
def _reported_speech_verbs() -> frozenset[str]:
    """The verbs that introduce reported speech: those of kind `speech` in
    data/speech_cues.yaml, the list the quotes layer reads too (demands, commitments,
    stances and beliefs there have their own modality here)."""
    verbs = (load_yaml("speech_cues.yaml") or {}).get("verbs")
    if not isinstance(verbs, dict) or not verbs:
        raise OptionsError("speech_cues.yaml needs a `verbs` mapping",
                           source="data/speech_cues.yaml")
    return frozenset(str(lemma).lower() for lemma, spec in verbs.items()
                     if str((spec or {}).get("kind", "speech")) == "speech")


_WISH = {"hope", "want", "wish", "expect", "prefer", "would like", "desire"}
_DEMAND = {"urge", "call", "demand", "ask", "request", "press", "insist", "appeal", "propose",
           "suggest", "encourage", "invite", "push"}
_INTENT = {"plan", "intend", "aim", "prepare", "seek", "try", "decide", "agree", "promise",
           "pledge", "vow", "offer", "threaten", "expect", "hope", "want", "wish", "mean",
           "willing", "ready", "prepared", "eager", "determined", "set", "poised", "due"}
_NEGATORS = {"deny", "refuse", "fail", "decline", "reject"}
_HYPOTHETICAL_MARKS = {"if", "unless", "whether", "should"}
_MODALS_HYPOTHETICAL = {"would", "could", "might", "may", "should"}
_FUTURE = {"will", "shall", "'ll"}
# Acts of saying whose content is conditional by nature: the condition is not theirs.
_CONDITIONAL_SPEECH = {"warn", "threaten", "vow", "promise", "pledge", "offer", "demand",
                       "insist", "urge", "ask", "propose"}
_FORECAST = {"expect", "schedule", "slate", "tip", "forecast", "predict", "project", "tout"}
_JOINT = re.compile(r"\b(?:joint(?:ly)?|together|bilateral|trilateral|multilateral|combined)\b",
                    re.I)
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_TARGET_PREPS = ("with", "on", "against", "to", "at", "toward", "towards", "from", "for", "into")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
                 "twenty": 20, "hundred": 100, "thousand": 1000}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


@dataclass
class _Roles:
    source: list[str]
    target: list[str]


_PARTICLES = {"out", "up", "down", "off", "over", "back", "in", "away", "on", "through"}


class RuleCoder:
    """The rule coder; an :class:`eventwire.events.protocol.EventCoder`."""

    name = CODER

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    # -- public ---------------------------------------------------------------------------
    def code(self, parse: Doc, document: Document) -> list[EventMention]:
        """The document's event mentions, from its parse and its actor and anatomy layers
        (the date and genre decide dates and modality)."""
        anatomy = document.anatomy
        owner = token_owners(parse, document.actors or [])
        # a country guessed from where the story is set says the speaker lives there, not
        # that the speaker speaks for the state
        countries = {a.id: a.country for a in document.actors or [] if not a.country_inferred}
        day = anatomy.published if anatomy else None
        order = anatomy.date_order if anatomy else "DMY"
        found = self._coded(parse, owner, document.id, day, anatomy.genre if anatomy else None,
                            order, countries)
        found = [_as_quoted(event, document.quotes or [], countries) for event in found]
        found += self._condemnations(parse, document, owner, found, day, order)
        # in text order (stable within a sentence), so a rebuttal can find the accusation
        # told before it
        return answered(parse, sorted(found, key=lambda e: e.evidence.span[0]))

    def _condemnations(self, parse: Doc, document: Document, owner: dict[int, str],
                       found: list[EventMention], day: str | None, order: str
                       ) -> list[EventMention]:
        """ACCUSE for a known speaker's words of condemnation ("'That was outrageous,'
        Axelrod said"), where the sentence holds no verbal act of that speaker already."""
        taken = {(s, e.evidence.span[0]) for e in found for s in e.source
                 if QUADS[e.type].startswith("verbal")}
        out = []
        for hit in condemnations(parse, document.quotes or [], owner, condemnation_words()):
            sent = hit.words.sent
            if (hit.speaker, sent.start_char) in taken:
                continue
            roles = _Roles([hit.speaker], [hit.target] if hit.target else [])
            out.append(self._mention("ACCUSE", None, (), roles, hit.words[0], hit.words.end,
                                     sent, document.id, "asserted", None, day, order,
                                     0.6 if hit.target else 0.45))
        return out

    def code_with(self, doc: Doc, actors: list[Actor], doc_id: str, day: str | None,
                  genre: str | None, order: str = "DMY") -> list[EventMention]:
        """The same from the parts, for evaluations that code a bare sentence."""
        return self._coded(doc, token_owners(doc, actors), doc_id, day, genre, order,
                           {a.id: a.country for a in actors if not a.country_inferred})

    def _coded(self, doc: Doc, owner: dict[int, str], doc_id: str, day: str | None,
               genre: str | None, order: str, countries: dict[str, str | None]
               ) -> list[EventMention]:
        events: list[EventMention] = []
        for sent in doc.sents:
            deadline.check()
            events.extend(self._sentence(sent, owner, doc_id, day, genre, order, countries))
        return events

    # -- a sentence -----------------------------------------------------------------------
    def _sentence(self, sent: Span, owner: dict[int, str], doc_id: str, day: str | None,
                  genre: str | None, order: str, countries: dict[str, str | None]
                  ) -> list[EventMention]:
        if _CREDIT.search(sent.text):
            return []  # "(PHOTO: V. Clarke)", "Jane Doe contributed to this report."
        found: list[EventMention] = []
        used_nouns: set[int] = set()
        found.extend(self._obligations(sent, owner, doc_id, day, genre, order))
        for token in sent:
            if token.pos_ not in ("VERB", "NOUN") and token.dep_ != "ROOT":
                continue
            if token.pos_ == "NOUN" and token.i in used_nouns:
                continue
            match = self._match(token, sent, nouns_anywhere=True)
            if match is None:
                continue
            pattern, trigger_end = match
            if pattern.pos == "noun" and not _noun_is_event(token) and \
                    not _names_both_parties(token, owner) and \
                    not _names_its_victim(token, pattern, owner):
                continue  # "condemned the attacks": the verb codes it
            if pattern.pos == "noun" and self._subject_of_its_telling(token, pattern, sent):
                continue  # "the bombings killed 247 people": one act, which the verb codes
            if pattern.pos == "verb" and (pattern.objects or
                                          lemma_of(token) in self.lexicon.light_verbs):
                # "launched an invasion", "imposed sanctions": the noun made the verb's
                # sense and is not a second event ("condemned Russia's invasion of
                # Ukraine" tells two)
                obj = _object(token)
                if obj is not None and obj.pos_ == "NOUN":
                    used_nouns.add(obj.i)
            event = self._event(token, trigger_end, pattern, sent, owner, doc_id, day, genre,
                                order, countries)
            if event is not None:
                found.extend(e for e in event if not _told_twice(e, token, found))
        return found

    def triggers(self, sent: Span) -> list[tuple[Token, Pattern]]:
        """Every token of a sentence that the lexicon reads as an event, roles or not,
        event nouns in any position included ("criticism from", "attacks on")."""
        found = []
        for token in sent:
            if token.pos_ in ("VERB", "NOUN") or token.dep_ == "ROOT":
                match = self._match(token, sent, nouns_anywhere=True)
                if match is not None:
                    found.append((token, match[0]))
        return found

    def _obligations(self, sent: Span, owner: dict[int, str], doc_id: str, day: str | None,
                     genre: str | None, order: str) -> list[EventMention]:
        """'Russia says Israel must end attacks', '"You should resign," Warren told Stumpf':
        a REQUEST by the speaker to the one who should act."""
        out = []
        for token in sent:
            if lemma_of(token) not in _reported_speech_verbs() or token.pos_ != "VERB":
                continue
            speakers = _actors_of(_subject(token), owner)
            if not speakers:
                continue
            addressee = _spoken_to(token, owner)
            for clause in (c for c in token.children if c.dep_ == "ccomp"):
                directive = self._directive(clause, speakers, owner, addressee)
                if directive is not None:
                    act, roles = directive
                    modality = "opinion" if genre == "opinion" else "asserted"
                    out.append(self._mention("REQUEST", "demand", (), roles, act, act.i + 1,
                                             sent, doc_id, modality, None, day, order,
                                             0.6 if roles.target else 0.45))
        return out

    def _directive(self, clause: Token, speakers: list[str], owner: dict[int, str],
                   addressee: list[str]) -> tuple[Token, _Roles] | None:
        """The act a clause says someone must, should, ought to or has to do, with the
        speakers as source and the one obliged as target: "you" is whom the speaker
        addresses; one's own duty ("we must defend") and a passive whose act the lexicon
        does not know ("the results should be known") ask nothing of anyone."""
        found = _obliged_act(clause)
        if found is None or "?" in clause.sent.text:
            return None  # "Why should he resign?" asks about a duty
        act, subject = found
        if subject.lower_ in _NOT_OBLIGED or lemma_of(act) in _NOT_DEMANDED:
            return None
        if subject.dep_ == "nsubjpass":
            # "the journalist should be released": asked of whoever holds him, unnamed (the
            # subject undergoes the act; nobody is asked of it)
            if self._match(act, act.sent) is None:
                return None
            return act, _Roles(list(speakers), [])
        if subject.lower_ == "you":
            target = [a for a in addressee if a not in speakers]
        elif subject.lower_ in _PERSONAL or _names_an_actor(subject, owner):
            obliged = _actors_of(subject, owner)
            if obliged and set(obliged) <= set(speakers):
                return None  # "UN officials said they had to work with ...": their own
            target = [a for a in obliged if a not in speakers]
        else:
            return None  # "prices should fall", "U.S. involvement may need to be cut"
        return act, _Roles(list(speakers), target)

    def _governed(self, token: Token, sent: Span) -> bool:
        """True when a lexicon verb above this one already codes the clause: what a demand,
        a threat or an agreement is about is not a second event. Denials are the
        exception: the denied act is coded, negated."""
        if token.dep_ == "pcomp" and token.head.lower_ == "with" and any(
                c.dep_ == "nsubj" for c in token.children):
            return False  # "with Russia backing the government": said as a fact
        if token.dep_ in ("acl", "relcl"):
            # "a man shot by police", "the activists whom police detained": a clause that
            # tells what its noun underwent is an event; "the decision to bar women" and
            # "journalists who had criticised the war" describe (see _tells_of_its_noun)
            return not _tells_of_its_noun(token)
        if token.dep_ == "pcomp" or (token.dep_ == "pobj" and token.tag_ == "VBG"):
            # "accused Turkey of sending fighters": the content of another statement;
            # "after meeting Putin", "held in contempt for refusing to testify": an act
            # the sentence takes as done
            return _doer_of_circumstance(token) is None
        if _spoken_document(token) is not None:
            return False  # "sent a letter to the president urging him to ...": the letter's
            # content is the sender's act, and "sent" no other event's sense
        if token.dep_ not in ("xcomp", "ccomp", "advcl") or token.head.i == token.i:
            return False
        head = token.head
        if lemma_of(head) in _NEGATORS | _WISH | _reported_speech_verbs():
            return False
        return self._match(head, sent) is not None

    def _match(self, token: Token, sent: Span,
               nouns_anywhere: bool = False) -> tuple[Pattern, int] | None:
        lemma = lemma_of(token)
        # "pull out (of)", "crack down": the particle, whether parsed as one or not
        particle = next((c for c in token.children if c.dep_ == "prt"), None)
        if particle is None and token.i + 1 < len(token.doc):
            following = token.doc[token.i + 1]
            if following.lower_ in _PARTICLES and following.head.i == token.i:
                particle = following
        keys = ([f"{lemma} {particle.lower_}"] if particle is not None else []) + [lemma]
        verbal = token.pos_ in ("VERB", "AUX") or (token.dep_ == "ROOT"
                                                    and token.tag_.startswith("VB"))
        pos = "verb" if verbal else "noun"
        if pos == "noun" and (token.ent_type_ in ("DATE", "TIME") or not (
                nouns_anywhere or _noun_is_event(token))):
            return None
        if pos == "verb" and lemma in _JUDGING:
            judged, read = _judgement(token, lemma)
            if read:
                return judged  # "called the meeting a success" is no call for anything
        if pos == "verb" and lemma in _UNDERGOING:
            undergone = self._undergone(token)
            if undergone is not None:
                return undergone
        for key in keys:
            if any(self._fits(n, token, sent) for n in self.lexicon.non_events.get(key, ())):
                return None  # "seized the opportunity", "declined to comment"
            for pattern in self.lexicon.candidates(key):
                if pattern.pos == pos and self._fits(pattern, token, sent):
                    end = particle.i + 1 if particle is not None and " " in key else token.i + 1
                    return pattern, end
        if pos == "verb" and lemma in self.lexicon.light_verbs:
            light = self._light(token)
            if light is not None:
                return light
        if pos == "verb" and lemma in _ASPECTUAL:
            return self._happening(token)
        return None

    def _undergone(self, token: Token) -> tuple[Pattern, int] | None:
        """"Suu Kyi has faced sharp criticism for ...", "May received strong backing from
        the United States", "came under criticism": the subject is the target of the act
        the object names, and whoever the noun says did it ("from", "by") its source."""
        lemma = lemma_of(token)
        noun = _undergone_noun(token, lemma)
        if noun is None:
            return None
        event_type = self.lexicon.light_nouns.get(lemma_of(noun)) or \
            self.lexicon.light_nouns.get(noun.lower_)
        if event_type is None or (lemma == "face" and event_type not in _VERBAL_UNDERGONE):
            return None  # "faces sanctions", "faced arrest": a risk, not yet an act
        return Pattern(lemma=lemma, pos="verb", type=event_type, undergone=True), noun.i + 1

    def _happening(self, token: Token) -> tuple[Pattern, int] | None:
        """'the exercise of Uzbek, Russian and Tajik troops ended', 'talks began': an event
        noun as the subject of a verb that only says it started, went on or ended."""
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ != "NOUN":
            return None
        event_type = self.lexicon.light_nouns.get(lemma_of(subject)) or \
            self.lexicon.light_nouns.get(subject.lower_)
        if event_type is None:
            return None
        return Pattern(lemma=lemma_of(token), pos="verb", type=event_type), token.i + 1

    def _light(self, token: Token) -> tuple[Pattern, int] | None:
        """'held talks', 'launched an offensive': the noun names the event."""
        obj = _object(token)
        if obj is None:
            return None
        event_type = self.lexicon.light_nouns.get(lemma_of(obj)) or \
            self.lexicon.light_nouns.get(obj.lower_)
        if event_type is None:
            return None
        if event_type == "COOPERATE" and lemma_of(obj) in ("exercise", "drill", "manoeuvre",
                                                          "maneuver") \
                and not (_JOINT.search(token.sent.text) or _has_prep(token, "with")):
            event_type = "MOBILIZE"  # exercises held alone are a show of force
        return Pattern(lemma=lemma_of(token), pos="verb", type=event_type), obj.i + 1

    def _fits(self, pattern: Pattern, token: Token, sent: Span) -> bool:
        if pattern.objects:
            candidates = [_of_complement(token)] if pattern.pos == "noun" else [_object(token)]
            if pattern.prep:  # "put troops on alert" / "went on alert"
                candidates.append(_prep_object(token, pattern.prep))
            if not any(c is not None and (lemma_of(c) in pattern.objects
                                          or c.lower_ in pattern.objects
                                          or ("actor" in pattern.objects and _named(c)))
                       for c in candidates):
                return False
        elif pattern.prep and not _has_prep(token, pattern.prep):
            return False
        if pattern.complements:
            complement = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp")), None)
            word = "that" if complement is not None and any(
                c.lower_ == "that" and c.dep_ == "mark" for c in complement.children) else (
                lemma_of(complement) if complement is not None else None)
            infinitive = complement is not None and complement.dep_ == "xcomp" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in complement.children)
            if word not in pattern.complements and not ("to" in pattern.complements
                                                        and infinitive):
                return False
        return not pattern.with_joint or bool(_JOINT.search(sent.text)) or \
            _has_prep(token, "with")

    # -- one event ------------------------------------------------------------------------
    def _event(self, token: Token, trigger_end: int, pattern: Pattern, sent: Span,
               owner: dict[int, str], doc_id: str, day: str | None, genre: str | None,
               order: str, countries: dict[str, str | None]) -> list[EventMention]:
        if self._governed(token, sent):
            return []  # "agreed to expand links", "urged X to withdraw": the verb above codes it
        if _not_an_act(token, pattern):
            return []
        roles = _roles(token, pattern, owner)
        # a writing says what its author does when the author issues it: "recommended that
        # parliament adopt bills proposing ..." proposes nothing yet
        document = _spoken_document(token)
        issuing = _issuing_verb(document) if document is not None else None
        if issuing is not None and self._governed(issuing, sent):
            return []
        modality, attributed, wish = _modality(issuing or token, sent, owner, day, genre)
        event_type, mode = pattern.type, pattern.mode
        if event_type == "ASSAULT" and pattern.pos == "verb":
            roles = self._doer_of_force(token, roles, owner)
            mode = mode or self._mode_of_force_told(token, sent)
        if event_type == "AGREE" and lemma_of(token) in _VOWS and self._vowed_harm(token, sent):
            event_type, mode = "THREATEN", None
        if event_type == "ASSAULT" and _words_not_force(roles, sent):
            # "Trump attacked other candidates for ...": people trading words, not blows
            event_type, mode = "ACCUSE", "disapprove"
        if event_type == "THREATEN" and lemma_of(token) == "warn":
            others = _warned_about_others(token, roles, owner, countries)
            if others is not None:
                # "rights groups warned that the administration was giving up leverage":
                # a warning about what others do or suffer is criticism, not a threat
                event_type, mode = "ACCUSE", "disapprove"
                roles = _Roles(roles.source, others or roles.target)
        declared = _declared(token, event_type, roles, owner, countries) \
            if modality in ("future", "negated") else None
        if declared is not None:
            # "the Ricketts family will donate $1 million", "he said he would not accept
            # Cruz's endorsement": an actor's word on its own future act is the promise
            # or the refusal
            event_type, mode = declared, None
            modality, attributed = "asserted", None
        if modality == "reported" and QUADS[event_type].startswith("verbal"):
            # saying is doing: a refusal or a demand reported by "X said" happened
            modality, attributed = "asserted", None
        out: list[EventMention] = []
        if wish is not None:
            # "Russia hopes the neighbours will refuse US bases": Russia's request.
            head = wish
            request_roles = _Roles(_actors_of(_subject(head), owner), roles.source)
            # else nobody asks anybody; and one's hope for one's own act ("Clarke said he
            # expected to sell its coal") is an intention, asked of nobody
            if (request_roles.source or request_roles.target) and \
                    not set(request_roles.source) & set(request_roles.target):
                out.append(self._mention("REQUEST", "wish", pattern.context, request_roles, head,
                                         head.i + 1, sent, doc_id, "asserted" if modality
                                         in ("asserted", "reported") else modality,
                                         attributed, day, order, 0.6))
            modality = "hypothetical"
        if not roles.source and not roles.target:
            return out
        if token.dep_ == "acl" and not _describes_a_party(token, pattern, owner):
            # "a network funded by the Russian government", "the political capital invested
            # in Burma": a participle tells an event only of a party it describes, or of
            # the thing that names the act ("sanctions")
            return out
        confidence = 0.85 if roles.source and roles.target else 0.65 if roles.source else 0.5
        if pattern.pos == "noun":
            confidence -= 0.1
        out.append(self._mention(event_type, mode, pattern.context, roles, token, trigger_end,
                                 sent, doc_id, modality, attributed, day, order, confidence))
        return out

    def _subject_of_its_telling(self, noun: Token, pattern: Pattern, sent: Span) -> bool:
        """"The embassy bombings killed 247 people", "Clashes between Kyrgyz and Tajik
        guards left 40 dead": a noun of force as the subject of a verb of force tells one
        act with it. The verb codes it, with the noun's doer (:meth:`_doer_of_force`)."""
        if pattern.type != "ASSAULT" or noun.dep_ != "nsubj" or noun.head.pos_ != "VERB":
            return False
        found = self._match(noun.head, sent)
        return found is not None and found[0].type == "ASSAULT"

    def _mode_of_force_told(self, verb: Token, sent: Span) -> str | None:
        """"Russian airstrikes killed 30 civilians": the noun of force the verb tells
        with (see :meth:`_subject_of_its_telling`) says how (aerial)."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        told = self._match(subject, sent) if subject is not None else None
        return told[0].mode if told is not None and told[0].type == "ASSAULT" else None

    def _vowed_harm(self, vow: Token, sent: Span) -> bool:
        """"vowed to hunt down and bring to justice those responsible", "pledged to punish
        the attackers": a promise of force, punishment or prosecution against someone is
        a threat, not an agreement."""
        for clause in vow.children:
            if clause.dep_ != "xcomp":
                continue
            for act in [clause, *clause.conjuncts]:
                found = self._match(act, sent)
                if found is not None and (found[0].type in _HARMS or (
                        found[0].type == "ACCUSE" and found[0].mode == "allege")):
                    return True
        return False

    def _doer_of_force(self, verb: Token, roles: _Roles, owner: dict[int, str]) -> _Roles:
        """"The explosions at U.S. embassies killed 110 people", "the embassy bombings
        killed 247": when the subject is a thing, not an actor (a blast, a bomb, an
        attack), the place it struck is not the one who struck. Whoever the subject's
        own phrase names as doing it stays ("Russian airstrikes", "attacks by rebels",
        "shelling by Azerbaijani forces", "members of the Taliban")."""
        if any(c.dep_ == "agent" for c in verb.children):
            return roles  # "after Scott was killed by police": the doer is named
        subject = _subject(verb)
        if subject is None or subject.i in owner or subject.pos_ != "NOUN" or \
                _one_person(subject):
            return roles
        named = _noun_roles(subject, owner, "ASSAULT").source  # "clashes between X and Y"
        struck = {owner[t.i] for t in subject.subtree
                  if t.i in owner and _where_it_struck(t, subject)}
        source = named or [a for a in roles.source if a not in struck]
        return _Roles(source, [t for t in roles.target if t not in source])

    def _mention(self, event_type: str, mode: str | None, context: tuple[str, ...],
                 roles: _Roles, token: Token, trigger_end: int, sent: Span, doc_id: str,
                 modality: str, attributed: str | None, day: str | None, order: str,
                 confidence: float) -> EventMention:
        doc = sent.doc
        trigger = (token.idx, doc[trigger_end - 1].idx + len(doc[trigger_end - 1].text))
        start = _event_date(sent, day, order)
        ident = hashlib.sha256(f"{doc_id}:{trigger[0]}:{event_type}".encode()).hexdigest()[:16]
        return EventMention(
            id=ident, type=event_type, mode=mode, context=list(context),
            source=roles.source, target=roles.target, start=start, end=start,
            magnitude=_magnitude(token), modality=modality,  # type: ignore[arg-type]
            attributed_to=attributed,
            evidence=Evidence(sentence=sent.text, span=(sent.start_char, sent.end_char),
                              trigger=trigger),
            confidence=round(confidence, 2), coder=self.name,
            intensity=self.lexicon.intensity.get(event_type, 0.0), quad=QUADS[event_type],
        )


# -- acts that are not the act ----------------------------------------------------------------
# Sentences that credit a photograph or a reporter say nothing happened.
_CREDIT = re.compile(r"^\W*(?:photo|photos|photograph|image|file photo|credit)s?\s*:|"
                     r"^\W*(?:contributing|additional reporting|reporting|writing|"
                     r"editing)(?: by)?\s*:|^\W*(?:reporting|writing|editing) by\b|"
                     r"\bcontributed (?:reporting |additional reporting )?to this report|"
                     r"\bcontributed (?:additional )?(?:reporting|research)\b",
                     re.IGNORECASE)
# "simulated an attack", "practised repelling an incursion", "a mock assault": a rehearsal
# of an act is not the act (an exercise is coded by its own words).
_REHEARSE = {"simulate", "rehearse", "practise", "practice", "mock", "imitate", "pretend",
             "stage", "drill", "train", "role-play", "enact", "re-enact"}
_REHEARSAL_WORDS = {"simulated", "mock", "simulation", "rehearsal", "imitation", "fake",
                    "dummy", "practice", "wargame", "war-game"}
# Forces of nature destroy and kill without being actors.
_NATURE = {"hurricane", "storm", "typhoon", "cyclone", "earthquake", "quake", "flood",
           "flooding", "fire", "wildfire", "blaze", "tornado", "tsunami", "drought",
           "landslide", "mudslide", "avalanche", "blizzard", "virus", "pandemic", "epidemic",
           "disease", "heatwave", "eruption", "volcano", "rain", "rains", "snow", "wind",
           "winds", "lightning"}
# "fighting to protect their business", "battling for votes": a struggle, not a fight.
_STRUGGLE_OBJECTS = {"vote", "votes", "nomination", "seat", "seats", "election", "race",
                     "primary", "support", "attention", "market", "customers", "business",
                     "share", "survival", "future", "funding", "job", "jobs", "title", "cup",
                     "championship", "ratings", "audience", "reform", "change", "rights"}
_FORCE_WORDS = re.compile(
    r"\b(?:kill\w*|dead|death\w*|wound\w*|injur\w*|shot|shoot\w*|gun\w*|bomb\w*|"
    r"missile\w*|rocket\w*|artillery|shell\w*|airstrike\w*|air strike\w*|troops|"
    r"soldiers|forces|militants?|fighters|explosi\w+|casualt\w+|weapon\w*|knife|stabb\w*|"
    r"beat(?:en|ing)?|punch\w*|assault\w*|raid\w*|clash\w*|violen\w+|police|poison\w*)\b",
    re.IGNORECASE)


# Writings through which their author acts: "sent a letter urging them to reconsider",
# "passed a resolution calling for", "filed papers opposing the unsealing".
_DOCUMENTS = {"letter", "statement", "paper", "resolution", "petition", "motion",
              "declaration", "communique", "communiqué", "memo", "memorandum", "report",
              "note", "brief", "filing", "complaint", "lawsuit", "suit", "bill", "op-ed",
              "editorial", "ad", "advertisement", "decree", "order", "appeal", "post",
              "tweet", "video", "message", "proclamation"}


_ISSUING = {"send", "write", "issue", "file", "pass", "adopt", "sign", "publish", "release",
            "post", "submit", "deliver", "introduce", "present", "approve", "draft", "pen",
            "table", "lodge", "circulate", "unveil", "address", "tweet", "launch", "bring"}


# Subjects of whom nothing is asked: oneself ("we must defend our borders"), and words
# that stand for no one ("there must be dialogue", "it should be noted").
_NOT_OBLIGED = {"i", "we", "us", "it", "there", "this", "that", "which", "what", "who",
                "everyone", "everybody", "one", "nobody", "anyone"}
_PERSONAL = {"you", "he", "she", "they"}
_POSSIBLE = {"may", "might", "could", "would", "can", "will"}
# "Clinton should win Virginia", "he should be fine": what a modal forecasts, not an act
# asked of anyone.
_NOT_DEMANDED = {"be", "have", "win", "lose", "get", "receive", "see", "know", "expect",
                 "face", "become", "remain", "seem", "appear", "feel", "find", "hear",
                 "happen", "like", "enjoy", "need", "want", "hope", "think", "look", "sound"}


def _names_an_actor(subject: Token, owner: dict[int, str]) -> bool:
    """"Russia", "the Sri Lankan government", "US and British forces" name actors; "Ukraine's
    asset declaration system" and "US involvement in NATO" name things."""
    return any(t.i in owner or any(c.dep_ in ("amod", "compound") and c.i in owner
                                   for c in t.children)
               for t in [subject, *subject.conjuncts])


def _obliged_act(clause: Token) -> tuple[Token, Token] | None:
    """The act and its subject where a clause obliges: "must end", "should resign", "ought
    to pull back", "has to keep", "needs to stop", and the bare "He really should." A
    condition ("if they should refuse", "Should the company fail, ..."), a possibility
    ("may need to"), a past duty ("they had to work") and "doesn't have to" oblige no one."""
    marks = {c.lower_: c for c in clause.children if c.dep_ == "mark"}
    if marks.keys() & {"if", "unless", "whether"}:
        return None
    if clause.dep_ == "relcl" or ("that" in marks and marks["that"].i > 0 and
                                  clause.doc[marks["that"].i - 1].pos_ == "NOUN"):
        return None  # "the opportunity that Hillary has to speak" describes a noun
    if any(c.dep_ == "aux" and c.lower_ in _POSSIBLE for c in clause.children):
        return None  # "may need to be cut", "will have to spend": a possibility, a forecast
    modal = next((c for c in clause.children if c.dep_ == "aux" and
                  c.lower_ in ("must", "should")), None)
    act: Token | None = clause if modal is not None else None
    if modal is None and clause.lower_ in ("ought", "should", "must") and clause.tag_ == "MD":
        modal, act = clause, next((c for c in clause.children if c.dep_ == "xcomp"), clause)
    elif modal is None and lemma_of(clause) in ("have", "need") and clause.tag_ in (
            "VBZ", "VBP", "VB") and not any(c.dep_ == "neg" for c in clause.children) \
            and clause.i + 1 < len(clause.doc) and clause.doc[clause.i + 1].lower_ == "to":
        # "has to keep", not "has resources to secure" or "the chance she has to speak"
        modal, act = clause, next((c for c in clause.children if c.dep_ == "xcomp"), None)
    if act is None or modal is None:
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > modal.i:
        return None  # "Should Mr. Clarke's company run into trouble, ...": a condition
    return act, subject


def _spoken_document(participle: Token) -> Token | None:
    """The writing a present participle tells the content of: "a letter urging ..." (on
    the noun), or "sent a letter to the president urging ..." (hung on the verb)."""
    if participle.tag_ != "VBG":
        return None
    if participle.dep_ == "acl" and lemma_of(participle.head) in _DOCUMENTS:
        return participle.head
    if participle.dep_ == "advcl" and lemma_of(participle.head) in _ISSUING:
        return next((c for c in participle.head.children if c.dep_ == "dobj"
                     and lemma_of(c) in _DOCUMENTS), None)
    return None


def _issuer(document: Token, owner: dict[int, str]) -> list[str]:
    """Who issues a writing: its owner ("the committee's letter"), else the subject of
    the verb that sends, writes or passes it ("the union wrote an open letter")."""
    owned = next((c for c in document.children if c.dep_ == "poss"), None)
    if owned is not None:
        return _actors_of(owned, owner)
    verb = _issuing_verb(document)
    return _actors_of_subjects(_subject(verb), owner) if verb is not None else []


def _issuing_verb(document: Token) -> Token | None:
    """The verb that sends, writes or passes a writing ("wrote an open letter"); None for
    someone else's writing ("noted published reports alleging ...")."""
    verb = document.head if document.dep_ == "dobj" else first_conjunct(document).head
    if document.dep_ in ("dobj", "conj") and lemma_of(verb) in _ISSUING:
        return verb
    return None


def _addressed_document(document: Token, owner: dict[int, str]) -> list[str]:
    """To whom a writing goes: "sent a letter to the NAACP board", "a letter to the Duma"."""
    for holder in (document, document.head):
        found = _prep_actors(holder, "to", owner)
        if found:
            return found
    return []


def _describes_a_party(participle: Token, pattern: Pattern, owner: dict[int, str]) -> bool:
    """"a man shot by police" (a party, and who acted on it), "sanctions imposed on
    Russia" (the noun names the act, and its preposition the target); not "families
    displaced in Batken" or "the exercises held in Kyrgyzstan", which describe."""
    noun = participle.head
    document = _spoken_document(participle)
    if document is not None:
        return bool(_issuer(document, owner))  # "lawsuits seeking information": whose?
    if any(c.dep_ == "agent" for c in participle.children):
        return noun.i in owner or lemma_of(noun) in pattern.objects
    return lemma_of(noun) in pattern.objects and bool(
        pattern.target_prep and _prep_actors(participle, pattern.target_prep, owner))


def _warned_about_others(warn: Token, roles: _Roles, owner: dict[int, str],
                         countries: dict[str, str | None]) -> list[str] | None:
    """What a "warned that ..." clause is about when it is not the speaker's own act:
    the actors it names (maybe none); None when the clause tells what the speaker will do
    ("China warned that it would take measures", "we will respond") or there is no clause,
    which is the threat."""
    clause = next((c for c in warn.children if c.dep_ == "ccomp"), None)
    if clause is None or any(c.dep_ in ("dobj", "dative") for c in warn.children):
        return None  # "warned Armenia that joining the court would harm relations": to
        # someone's face, about what they will suffer, a warning is a threat
    subject = _subject(clause)
    if subject is not None and subject.lower_ in ("we", "i"):
        return None
    named = _actors_of(subject, owner)
    # the speakers, and the states they speak for (ids and country codes together)
    own = set(roles.source) | ({countries.get(a) for a in roles.source} - {None})
    if named and all(a in own or countries.get(a) in own for a in named):
        return None  # the speaker, or its own state ("China's ministry ... China would")
    if named and _future(clause) and all(countries.get(a) is None for a in named):
        return None  # "the security chief warned that police will no longer tolerate ..."
    if any(c.dep_ == "aux" and c.lower_ in _MODALS_HYPOTHETICAL - {"would", "should"}
           for c in clause.children):
        return []  # "Kazakhstan could lose its route, analysts warn": a forecast, no target
    return named


# Verbs of promising, and the acts that make a promise a threat
_VOWS = {"vow", "pledge", "promise", "swear"}
_HARMS = {"ASSAULT", "COERCE", "SANCTION"}

# What an actor's declaration of its own future act is (the PLOVER statement types): a
# promise to cooperate, help, meet or support is AGREE, to give way CONCEDE; a declared
# refusal of any cooperative act (lexicon.COOPERATIVE) is REJECT.
_PROMISED = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE",
             "RETREAT": "CONCEDE", "CONCEDE": "CONCEDE"}


def _declared(token: Token, event_type: str, roles: _Roles, owner: dict[int, str],
              countries: dict[str, str | None]) -> str | None:
    """The statement type of a future act ("will donate", "said it would withdraw", "would
    never vote for") told as the actor's own word: said by the actor or by someone of its
    state, or told with nobody saying it. A forecast by someone else ("analysts say Russia
    will ...") or by someone unknown stays a future act."""
    negated = any(c.dep_ == "neg" for c in token.children)
    if not roles.source or event_type not in (COOPERATIVE if negated else _PROMISED) or any(
            c.dep_ == "nsubjpass" for c in token.children):
        return None  # "Florida will be inundated with visits": a forecast of others' acts
    base = token
    while base.dep_ == "conj" and base.head.i != base.i:
        base = base.head  # "will expel diplomats and close the consulate"
    auxes = {c.lower_ for t in (token, base) for c in t.children if c.dep_ == "aux"}
    if not auxes & (_FUTURE | {"would"}):
        return None
    speech = _speech_above(base)
    if speech is None:
        if not auxes & _FUTURE:
            return None  # a bare "would" with nobody saying it is a condition
    else:
        # every side of the act speaks: "Turkmenistan and Iran will open a crossing", in a
        # Turkmen statement, is one side's word on a joint plan, no promise by Iran
        speakers = _actors_of_subjects(_subject(speech), owner)
        voices = set(speakers) | ({countries.get(s) for s in speakers} - {None})
        if not speakers or not all(a in voices or countries.get(a) in voices
                                   for a in roles.source):
            return None
    return "REJECT" if negated else _PROMISED[event_type]


def _speech_above(clause: Token) -> Token | None:
    """The verb of saying whose content the clause is ("said he would", "announced that
    the United States would"), if any."""
    current = clause
    for _ in range(3):
        if current.dep_ not in ("ccomp", "conj") or current.head.i == current.i:
            return None
        current = current.head
        if lemma_of(current) == "announce" or lemma_of(current) in _reported_speech_verbs():
            return current
    return None


def _future(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE | {"would"} for c in clause.children)


# Verbs that pass judgement through a complement: "found Park guilty", "pleaded not
# guilty", "called the order tyranny", "described the detainees as traitors"
_JUDGING = {"find", "plead", "call", "describe", "label", "brand", "dub"}


def _judgement(verb: Token, lemma: str) -> tuple[tuple[Pattern, int] | None, bool]:
    """A verdict, a plea, or a name called: SANCTION (convict) when a court or jury finds
    someone guilty, REJECT for a plea of not guilty and CONCEDE for a guilty plea, ACCUSE
    when someone is called or described by a word of condemnation; and whether the verb
    was read so (then it has no other sense here: "called the meeting a success")."""
    near = [t for c in verb.children for t in (c, *c.children)]
    guilty = next((t for t in near if t.lower_ == "guilty"), None)
    if lemma in ("find", "plead") and guilty is not None:
        denied = any(c.dep_ == "neg" for c in (*guilty.children, *verb.children)) or (
            guilty.i > 0 and verb.doc[guilty.i - 1].lower_ in ("not", "n't"))
        if lemma == "find":
            return (None, False) if denied else ((
                Pattern(lemma=lemma, pos="verb", type="SANCTION", mode="convict",
                        context=("legal",)), verb.i + 1), True)
        return (Pattern(lemma=lemma, pos="verb", type="REJECT" if denied else "CONCEDE",
                        context=("legal",)), verb.i + 1), True
    complement = _complement_of_naming(verb)
    if lemma in ("find", "plead") or not complement:
        return None, False
    words = condemnation_words().words
    if any(lemma_of(t) in words or t.lower_ in words for t in complement):
        return (Pattern(lemma=lemma, pos="verb", type="ACCUSE", mode="disapprove",
                        speech=True), verb.i + 1), True
    return None, True


def _complement_of_naming(verb: Token) -> list[Token]:
    """What someone or something is called or described as: "called the order
    *tyranny*", "described them *as traitors*"."""
    if lemma_of(verb) not in _JUDGING - {"find", "plead"} or not any(
            c.dep_ == "dobj" for c in verb.children):
        return []
    return [t for c in verb.children if c.dep_ == "oprd"
            or (c.dep_ == "prep" and c.lower_ == "as") for t in c.subtree]


def _told_twice(event: EventMention, token: Token, found: list[EventMention]) -> bool:
    """"shot and killed Crutcher": two coordinated verbs of one type, one actor and one
    target tell one act."""
    if token.dep_ != "conj" or not event.target:
        return False  # "raided the offices and detained eleven staff" tells two
    head = token.head
    return any(e.type == event.type and e.source == event.source
               and e.target == event.target and e.evidence.trigger[0] == head.idx
               for e in found)


def _not_an_act(token: Token, pattern: Pattern) -> bool:
    """The words name the act without its having happened: rehearsed, done by nature, a
    struggle in words only, or a question asked rather than a request made."""
    if pattern.type == "REQUEST" and _a_question(token):
        return True
    if pattern.type in _REHEARSABLE and _rehearsed(token):
        return True
    if QUADS[pattern.type] == "material_conflict":
        return _natural(token) or _struggle(token)
    return False


_QUESTION_WORDS = {"whether", "if", "what", "why", "how", "when", "where", "who", "which"}


def _a_question(token: Token) -> bool:
    """"asked Lim whether he had known", "Asked at a news conference whether ..., Biden
    said", "asked about the talks", "'Will any Republicans break ranks?' she asks": a
    question, which asks for an answer, not for an act."""
    lemma = lemma_of(token)
    if lemma in _QUESTION_TAGS and _bare_tag_after_question(token):
        return True  # '"Why isn't this proof?" Vitter demanded.'
    if lemma not in ("ask", "inquire", "enquire"):
        return False
    if "?" in token.sent.text:
        return True
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "about":
            return True
        if child.dep_ in ("ccomp", "advcl", "xcomp", "dobj") and child.i > token.i:
            first = min(child.subtree, key=lambda t: t.i)
            if first.lower_ in _QUESTION_WORDS:
                return True
    return False


# Verbs that tag a quoted question as well as asking for something.
_QUESTION_TAGS = {"ask", "demand", "wonder", "inquire", "enquire", "press"}


def _bare_tag_after_question(verb: Token) -> bool:
    """"Graham asked." after a sentence that ends in a question: the verb only says who
    asked it (no object, no clause of its own)."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "prep", "attr")
           for c in verb.children) or verb.sent.start == 0:
        return False
    previous = verb.doc[verb.sent.start - 1].sent
    return "?" in previous.text.rstrip()[-4:] or "?" in verb.sent.text


# The acts a drill rehearses; an exercise itself (COOPERATE, MOBILIZE) is real.
_REHEARSABLE = {"ASSAULT", "COERCE"}


def _rehearsed(token: Token) -> bool:
    current = token
    for _ in range(3):  # "practised repelling an incursion": up through the act rehearsed
        head = current.head
        if head.i == current.i or current.dep_ not in ("dobj", "xcomp", "ccomp", "pcomp",
                                                       "pobj"):
            break
        if lemma_of(head) in _REHEARSE:
            return True  # "simulated an attack", "practised repelling an incursion"
        current = head
    # "a mock assault", "staged a simulated air strike"
    named = [token, *([obj] if (obj := _object(token)) is not None else [])]
    return any(c.dep_ in ("amod", "compound") and c.lower_ in _REHEARSAL_WORDS
               for word in named for c in word.children)


def _natural(token: Token) -> bool:
    """'Hurricane Betsy destroyed the church': nature is nobody."""
    subject = _subject(token)
    return subject is not None and (lemma_of(subject) in _NATURE or subject.lower_ in _NATURE
                                    or subject.ent_type_ == "EVENT")


def _struggle(token: Token) -> bool:
    """'fighting to protect their business', 'battling for votes'."""
    if lemma_of(token) not in ("fight", "battle", "struggle", "war"):
        return False
    goal = _prep_object(token, "for")
    return any(c.dep_ == "xcomp" for c in token.children) or (
        goal is not None and (lemma_of(goal) in _STRUGGLE_OBJECTS
                              or goal.lower_ in _STRUGGLE_OBJECTS))


def _words_not_force(roles: _Roles, sent: Span) -> bool:
    """An 'attack' among named people, in a sentence with no weapon, wound or force in it,
    is verbal."""
    people = [*roles.source, *roles.target]
    return bool(people) and all(p.startswith("person:") for p in people) and \
        not _FORCE_WORDS.search(sent.text)


# -- actors on tokens -----------------------------------------------------------------------
def _actors_of(token: Token | None, owner: dict[int, str]) -> list[str]:
    """The actors an argument names: its own, and those of its conjuncts."""
    if token is None:
        return []
    token = _speaker_of_pronoun(_antecedent_of_relative(token))
    found: list[str] = []
    for item in [token, *token.conjuncts]:
        ident = owner.get(item.i)
        below = item
        if ident is None:  # "the leaders of Russia": the actor may sit below the head
            below = next((t for t in item.subtree if t.i in owner
                          and _part_of(t, item)), item)
            ident = owner.get(below.i)
            if below.dep_ in ("amod", "compound"):
                below = below.head  # "exercise of Uzbek, Russian and Tajik troops"
        if ident and ident not in found:
            found.append(ident)
        for extra in _coordinated_modifiers(item, owner) + _coordinated_modifiers(below, owner):
            if extra not in found:
                found.append(extra)
    return found


def _actors_of_subjects(subject: Token | None, owner: dict[int, str]) -> list[str]:
    """The actors of a subject and of the subjects beside it: "The family, protesters and
    civic leaders have been demanding" comes out of the parser as two subjects of one verb."""
    found = _actors_of(subject, owner)
    if subject is None:
        return found
    for other in subject.head.children:
        if other.dep_ == "nsubj" and other.i != subject.i:
            found += [a for a in _actors_of(other, owner) if a not in found]
    return found


_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_BODY_PRONOUNS = {"it", "they", "we"}


def _speaker_of_pronoun(token: Token) -> Token:
    """"Baku said it had handed over the bodies", "Kyrgyz authorities said they had
    evacuated 100,000 residents": the subject of what a body says it did is the body
    (people have "he" and "she", which the actor layer resolves)."""
    if token.lower_ not in _BODY_PRONOUNS or token.dep_ not in ("nsubj", "nsubjpass"):
        return token
    clause = first_conjunct(token.head)
    if clause.dep_ != "ccomp" or lemma_of(clause.head) not in _reported_speech_verbs():
        return token
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.lower_ in _BODY_PRONOUNS | {"he", "she", "i", "you"}:
        return token
    if token.lower_ != "we" and (speaker.ent_type_ == "PERSON" or (
            (speaker.tag_ in ("NNS", "NNPS")) != (token.lower_ == "they"))):
        # "Limbaugh continued: 'They are demanding ...'": a person is not "it" or
        # "they", and "it" is one body, "they" several
        return token
    return speaker


def _antecedent_of_relative(token: Token) -> Token:
    """"Officer Betty Shelby, who shot and killed ...": the relative pronoun stands for
    the noun its clause describes."""
    if token.lower_ not in _RELATIVE_PRONOUNS or token.tag_ not in ("WP", "WDT"):
        return token
    clause = first_conjunct(token.head)
    if clause.dep_ != "relcl":
        return token
    noun = clause.head
    # "people who attack my wife", "an organisation that was going around killing": a
    # kind of actor, not one, so the clause tells no event
    definite = noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") \
        or any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE)
               for c in noun.children)
    return noun if definite else token


_DEFINITE = {"the", "this", "that", "these", "those"}


def _tells_of_its_noun(clause: Token) -> bool:
    """A past participle that says what its noun underwent ("a journalist arrested by
    police", "sanctions imposed on Russia"), or a relative clause whose pronoun is the
    object ("the activists whom police detained", "a request the government declined").
    Infinitives ("the decision to bar women") tell a plan. Measured on the real-news sets,
    present participles ("protesters demanding ...") and relative clauses whose pronoun
    is the subject ("Najib, who denies ...") gave more wrong events than right ones, so
    they are read as descriptions, not events."""
    if clause.dep_ == "acl":
        if _spoken_document(clause) is not None:
            return True  # "sent a letter urging them to reconsider": the sender urges
        return clause.tag_ == "VBN" and not any(c.dep_ == "aux" for c in clause.children)
    # the object of the clause is the noun it describes, a party or the act itself ("a
    # request that the government declined"), definite or not
    return any(c.lower_ in _RELATIVE_PRONOUNS and c.dep_ == "dobj" for c in clause.children)


# Prepositions of place: "the spy and his daughter in Britain"
_WHERE = {"in", "at", "near", "inside", "outside", "across", "around", "throughout",
          "within"}


def _one_person(noun: Token) -> bool:
    return noun.ent_type_ == "PERSON" or lemma_of(noun) in PERSON_NOUNS


# Prepositions that compare or set aside rather than name a part: "he, like Trump, ..."
_ASIDES = {"like", "unlike", "besides", "except", "than", "alongside", "despite",
           "beside"}


def _part_of(token: Token, head: Token) -> bool:
    """The word belongs to the phrase headed by ``head`` ("the leaders of Russia") rather
    than to a comparison or an aside inside it ("he, like Donald Trump, ...")."""
    current = token
    while current.i != head.i and current.head.i != current.i:
        if current.dep_ == "prep" and current.lower_ in _ASIDES:
            return False
        if current.dep_ == "prep" and current.lower_ in _WHERE and \
                token.ent_type_ in ("GPE", "LOC", "FAC") and _one_person(current.head):
            # "the spy and his daughter in Britain" are not Britain, while "a city in
            # Syria", "projects in Afghanistan" and "clashes in Kyrgyzstan" are Syria's,
            # Afghanistan's and Kyrgyzstan's
            return False
        if current.dep_ == "relcl" or (current.i == token.i and current.dep_ == "acl"):
            return False  # the clause's verb itself, or a word of a relative clause ("her
            # allies, which expelled Russian diplomats")
        if current.dep_ == "prep" and current.head.dep_ == "appos":
            return False  # "Choi, the daughter of a cult leader": another person
        if current.dep_ == "poss" and lemma_of(current.head) in PERSON_NOUNS:
            return False  # "Elian's father", "Trump's son": another person
        current = current.head
    return True


def _none_of(token: Token) -> bool:
    """"No CSTO units were deployed", "nobody was detained", "signed no agreement": the
    act is denied through its subject or object, not through "not"."""
    return any(child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
        child.lower_ in ("nobody", "nothing", "none", "no-one")
        or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children))
        for child in token.children)


# Verbs that only say an event began, went on or ended ("the talks ended")
_ASPECTUAL = {"begin", "start", "end", "conclude", "continue", "resume", "close", "open",
              "wrap", "finish", "last", "culminate"}


def _coordinated_modifiers(head: Token, owner: dict[int, str]) -> list[str]:
    """"Russian, Uzbek and Tajik troops": each coordinated nationality names a party
    (a lone modifier such as "US-backed" does not)."""
    found = []
    for child in head.children:
        if child.dep_ in ("amod", "compound") and child.i in owner and any(
                c.dep_ == "conj" for c in child.children):
            found += [owner[t.i] for t in [child, *child.conjuncts] if t.i in owner]
    return found


def _subject(token: Token) -> Token | None:
    """The subject, inherited through 'agreed to hold', 'plans to deploy', conjunctions."""
    current: Token | None = token
    for _ in range(6):
        if current is None:
            return None
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "csubj")), None)
        if subject is not None:
            return subject
        if current.dep_ in ("xcomp", "conj", "advcl") and current.head.i != current.i:
            current = current.head
        else:
            return _stranded_subject(current)
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """"At the request of the President, the CSTO deployed ...": the parser hung the real
    subject on the fronted phrase; the noun right before a subjectless main verb is it."""
    if verb.dep_ != "ROOT" or verb.i == 0 or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    before = verb.doc[verb.i - 1]
    if before.pos_ in ("NOUN", "PROPN") and before.dep_ in ("appos", "conj", "pobj") \
            and before.head.i < before.i:
        return before
    return None


def _named(token: Token) -> bool:
    """An object that names people or a group ('released Odin Sanchez', 'freed activists')."""
    return token.ent_type_ in ("PERSON", "NORP", "ORG") or token.lemma_.lower() in {
        "activist", "journalist", "prisoner", "people", "national", "citizen", "worker"}


def _preposition(token: Token) -> bool:
    """A preposition, or a particle with an object: "have called on police" comes out of
    the parser with "on" as a particle that governs "police"."""
    return token.dep_ == "prep" or (token.dep_ == "prt" and any(
        c.dep_ == "pobj" for c in token.children))


def _has_prep(token: Token, prep: str) -> bool:
    """A preposition on the verb, or on its object ('expressed regret for'); "called for
    the footage to be released" comes out of the parser as a clause marked by "for"."""
    obj = _object(token)
    if any(_preposition(c) and c.lower_ == prep
           for c in [*token.children, *(obj.children if obj is not None else [])]):
        return True
    return prep == "for" and any(
        c.dep_ == "advcl" and c.i > token.i and
        any(m.dep_ == "mark" and m.lower_ == "for" and m.i == token.i + 1 for m in c.children)
        for c in token.children)


def _prep_object(token: Token, prep: str) -> Token | None:
    obj = _object(token)
    for child in [*token.children, *(obj.children if obj is not None else [])]:
        if _preposition(child) and child.lower_ == prep:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _of_complement(token: Token) -> Token | None:
    return _prep_object(token, "of")


# "3,700 tonnes of aid", "a batch of vaccines": the measure is not what is sent.
_MEASURES = {"tonne", "ton", "tons", "tonnes", "million", "billion", "thousand", "hundred",
             "kilogram", "kg", "lot", "batch", "shipment", "consignment", "package", "amount",
             "number", "dozen", "hundreds", "thousands", "millions", "cargo", "load", "set",
             "series", "round", "wave", "group", "contingent", "unit", "convoy", "hour",
             "day", "week", "month", "rounds", "hours", "days"}


def _object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            if token.dep_ == "relcl" and child.lower_ in _RELATIVE_PRONOUNS:
                return token.head  # "the sanctions that the EU imposed"
            return _measured(child)
    for child in token.children:  # "held talks" parsed as a compound, "clashed over"
        if child.dep_ == "nsubjpass":
            return _measured(child)
    if token.dep_ == "acl" and token.tag_ == "VBN":
        return token.head  # "the sanctions imposed on Russia"
    for child in token.children:
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _object_after_place(pobj):
                    return pobj
    return None


def _dative(verb: Token) -> Token | None:
    """The one a verb gives to or tells: "granted Mr. Clarke an extension"."""
    return next((c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")),
                None)


def _measured(noun: Token) -> Token:
    """"a shipment of grain", "some of the detained activists": what is counted."""
    if lemma_of(noun) in _MEASURES or noun.lower_ in _MEASURES or noun.lower_ in _PARTITIVES:
        inner = next((p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"), None)
        if inner is not None:
            return inner
    return noun


_PARTITIVES = {"some", "many", "most", "all", "several", "few", "none", "one", "two",
               "three", "four", "five", "dozens", "scores", "half", "each", "both"}


def _object_after_place(pobj: Token) -> bool:
    """"signed in Tashkent a treaty": the parser reads "Tashkent a treaty" as one object of
    "in" (a name, then a determiner that opens the real object)."""
    place = next((c for c in pobj.children if c.dep_ == "nmod" and c.pos_ == "PROPN"), None)
    det = next((c for c in pobj.children if c.dep_ == "det"), None)
    return place is not None and det is not None and place.i < det.i < pobj.i


def _roles(token: Token, pattern: Pattern, owner: dict[int, str]) -> _Roles:
    if pattern.pos == "noun":
        return _noun_roles(token, owner, pattern.type)
    if pattern.undergone:
        return _undergone_roles(token, pattern, owner)
    passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    document = _spoken_document(token)
    if document is not None:
        source = _issuer(document, owner)
        target = (_prep_actors(token, pattern.target_prep, owner) if pattern.target_prep
                  else []) or _actors_of(_object(token), owner)
        if not target and pattern.type == "REQUEST":
            target = _addressee(token, owner) or _addressed_document(document, owner)
        return _Roles(source, [t for t in target if t not in source])
    # "after meeting Putin", "for refusing to testify": the doer is the clause's subject
    # or the one blamed, not the gerund's own (it has none)
    doer = _doer_of_circumstance(token) \
        if token.dep_ in ("pcomp", "pobj", "conj") else None
    if doer is not None and any(c.dep_ == "auxpass" for c in token.children):
        passive = doer  # "before being freed": the one who was
    described = token.tag_ == "VBN" and first_conjunct(token).dep_ == "acl" and \
        first_conjunct(token).tag_ == "VBN"
    if passive is None and described:
        # "a man shot by police", "a coalition led by Riyadh and backed by the West": the
        # noun underwent the act
        passive = first_conjunct(token).head
    if passive is not None:
        source = _pobj_actors(agent, owner) if agent is not None else []
        # "a conference on Afghanistan attended by the Taliban": the noun a participle
        # describes is a party only when it names one itself, not through its topic
        target = _actors_of(passive, owner) if not described or passive.i in owner else []
        if not target and pattern.target_prep:  # "sanctions were imposed on Russia"
            target = _prep_actors(token, pattern.target_prep, owner)
    else:
        source = _actors_of(doer, owner) if doer is not None else \
            _actors_of_subjects(_subject(token), owner)
        # "withdrew its forces from the area", "sent aid to Afghanistan": the pattern's
        # preposition names the target before the object does
        target = _prep_actors(token, pattern.target_prep, owner) if pattern.target_prep else []
        if not target:  # "granted Mr. Clarke an extension": whom it is given, not the thing
            target = _actors_of(_dative(token), owner)
        obj = _object(token) or _shared_object(token)
        if obj is not None and not target:
            target = _actors_of(obj, owner)
            if not target:  # "imposed sanctions on Russia": the noun's own preposition
                target = _prep_actors(obj, pattern.target_prep, owner)
        if not target:
            target = _prep_actors(token, pattern.target_prep, owner)
        if not target and pattern.mode == "convict" and pattern.lemma == "find":
            # "found Senator Ruiz guilty" comes out of the parser as a clause "Ruiz guilty"
            target = next((_actors_of(subject, owner) for clause in token.children
                           if clause.dep_ in ("ccomp", "xcomp", "oprd")
                           for subject in clause.children if subject.dep_ == "nsubj"), [])
        if not target and pattern.type == "REQUEST":
            target = _addressee(token, owner)
        if not target and pattern.type in _COMPLEMENT_TARGETS:
            target = _complement_target(token, owner)
        if not target and source and pattern.type == "ACCUSE" and pattern.mode == "allege":
            target = _accused_in_clause(token, owner)
        if pattern.type == "CONSULT" and obj is not None:
            target = _participants(target, obj, owner)
    between = _between(token, owner)
    if between and not source:
        source = between
    target = [t for t in target if t not in source]
    return _Roles(source, target)


# Verbs whose subject undergoes the act their object names ("faced criticism from",
# "received backing from", "came under criticism", "met with condemnation").
_UNDERGOING = {"face", "draw", "receive", "win", "earn", "attract", "garner", "meet",
               "come", "incur"}
_UNDERGOING_PREPS = {"meet": "with", "come": "under"}
# What one can be said to have faced that has already happened: words, not risks.
_VERBAL_UNDERGONE = {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST", "SUPPORT"}


def _undergone_noun(verb: Token, lemma: str) -> Token | None:
    """The noun of the act undergone: the object, or "under"/"with" for come and meet."""
    prep = _UNDERGOING_PREPS.get(lemma)
    return _prep_object(verb, prep) if prep else _object(verb)


def _undergone_roles(token: Token, pattern: Pattern, owner: dict[int, str]) -> _Roles:
    """The one who did what the subject underwent: the noun's "from", "by" or "on the
    part of", or its owner ("Washington's backing")."""
    noun = _undergone_noun(token, pattern.lemma)
    source: list[str] = []
    if noun is not None:
        for child in noun.children:
            if child.dep_ == "poss":
                source += _actors_of(child, owner)
            elif child.dep_ == "prep" and child.lower_ in ("from", "by"):
                source += _pobj_actors(child, owner)
            elif child.dep_ == "prep" and child.lower_ == "on":  # "on the part of"
                source += [a for part in child.children
                           if part.dep_ == "pobj" and part.lower_ == "part"
                           for of in part.children if of.dep_ == "prep" and of.lower_ == "of"
                           for a in _pobj_actors(of, owner)]
    if not source:  # "faced criticism from rights groups" hung on the verb
        source = _prep_actors(token, "from", owner)
    target = _actors_of_subjects(_subject(token), owner)
    return _Roles(source, [t for t in target if t not in source])


# Prepositions that put an act in the sentence's time ("after meeting Putin", "before
# being freed"), and verbs that judge someone for an act ("thanked Trump for backing",
# "held Pagliano in contempt for refusing to testify").
_WHEN = {"after", "before", "since", "upon", "following", "while"}
_JUDGED_FOR = {"thank", "praise", "commend", "congratulate", "criticize", "criticise",
               "blame", "condemn", "fault", "slam", "punish", "fine", "hold", "apologize",
               "apologise", "sanction", "reprimand", "rebuke", "censure", "sue", "impeach"}


def _doer_of_circumstance(gerund: Token) -> Token | None:
    """Who does the act a gerund after a preposition tells of, when the sentence takes it
    as done: the subject of the clause for a time ("Obama said after meeting Putin"), the
    one judged for a praise or a blame ("thanked Trump for backing his bill"). None for
    the content of someone's words ("accused Turkey of sending fighters")."""
    if gerund.dep_ == "conj" and gerund.head.i != gerund.i:
        gerund = gerund.head  # "for shooting and killing Crutcher"
    prep = gerund.head
    if gerund.dep_ not in ("pcomp", "pobj") or prep.dep_ != "prep" or prep.i == gerund.i \
            or gerund.pos_ != "VERB" or any(c.dep_ in ("det", "poss", "compound", "amod")
                                            for c in gerund.children) \
            or not any(c.dep_ in ("dobj", "prep", "xcomp", "auxpass", "dative", "conj")
                       for c in gerund.children):
        return None  # "after the latest police shooting", "after shooting": a noun
    verb = prep.head
    if prep.lower_ in _WHEN:
        # the clause's own subject: one inherited from further up ("called on the UN to
        # provide aid after liberating it") is too often not the doer
        return next((c for c in verb.children if c.dep_ == "nsubj"), None) \
            if verb.pos_ in ("VERB", "AUX") else None
    if prep.lower_ == "for" and verb.pos_ == "VERB" and lemma_of(verb) in _JUDGED_FOR:
        return _object(verb)
    return None


def _shared_object(verb: Token) -> Token | None:
    """"shot and killed Terence Crutcher": the object after the last of two verbs joined
    right next to each other is the object of both ("refused to deploy peacekeepers and
    urged its citizens ..." shares nothing)."""
    if any(c.dep_ not in _BARE_VERB_PARTS for c in verb.children):
        return None
    following = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"),
                     None)
    if following is None or following.i > verb.i + 3 or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in following.children):
        return None
    return next((c for c in following.children if c.dep_ == "dobj"), None)


_BARE_VERB_PARTS = {"nsubj", "nsubjpass", "aux", "auxpass", "advmod", "cc", "conj", "neg",
                    "punct"}


# Acts whose target may stand in the clause they govern: "refused to engage with the
# Taliban", "agreed to supply Armenia with gas", "threatened to impose sanctions on Minsk",
# "fired tear gas to disperse the crowd".
_COMPLEMENT_TARGETS = {"REJECT", "AGREE", "THREATEN", "ASSAULT", "COERCE"}
_TIME_OR_PLACE_PREPS = {"in", "at", "during", "after", "before", "since", "until", "within",
                        "near"}


def _complement_target(token: Token, owner: dict[int, str]) -> list[str]:
    """The actor that the to-clause under the act names as its object ("on Minsk" after
    "sanctions" counts as the object's), or through a preposition that names a party
    ("with", "to", "against")."""
    clause = next((c for c in token.children if c.dep_ in ("xcomp", "advcl") and c.i > token.i
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if clause is None:
        return []
    obj = _object(clause)
    return _actors_of(obj, owner) or (
        _first_prep_actors(obj, owner, lambda p: p in ("on", "against", "to"))
        if obj is not None else []) or \
        _first_prep_actors(clause, owner, lambda p: p not in _TIME_OR_PLACE_PREPS)


def _accused_in_clause(verb: Token, owner: dict[int, str]) -> list[str]:
    """"American authorities allege the attacks were plotted by Osama bin Laden", "Baku
    charged that Armenian forces had shelled the town": whom the allegation's clause
    names as doing what it alleges."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or any(c.tag_ in ("WP", "WDT", "WRB") or c.lower_ in ("whether", "if")
                             for c in clause.subtree):
        return []  # "questioned what kind of person gets up at 3 a.m.": a question
    agent = next((c for c in clause.children if c.dep_ == "agent"), None)
    if agent is not None:
        return _pobj_actors(agent, owner)
    return _actors_of(next((c for c in clause.children if c.dep_ == "nsubj"), None), owner)


def _first_prep_actors(head: Token, owner: dict[int, str],
                       admits: Callable[[str], bool]) -> list[str]:
    """The actors of the first preposition under ``head`` that ``admits`` and whose object
    names any."""
    return next((found for prep in head.children if prep.dep_ == "prep"
                 and admits(prep.lower_) and (found := _pobj_actors(prep, owner))), [])


def _pobj_actors(prep: Token, owner: dict[int, str]) -> list[str]:
    """The actors that a preposition's object names."""
    return _actors_of(next((c for c in prep.children if c.dep_ == "pobj"), None), owner)


def _spoken_to(verb: Token, owner: dict[int, str]) -> list[str]:
    """Whom a speaker addresses: "Warren told Stumpf", "said to the minister"."""
    for child in verb.children:
        if child.dep_ == "dobj" and lemma_of(verb) == "tell":
            return _actors_of(child, owner)
        if child.dep_ in ("prep", "dative") and child.lower_ == "to":
            return _actors_of(_prep_object(verb, "to"), owner)
    return []


def _addressee(token: Token, owner: dict[int, str]) -> list[str]:
    """"demanded that police release the video", "asked that the Turkish Government
    return him": who is asked is the subject of what is asked for."""
    for child in token.children:
        if child.dep_ == "ccomp" and child.i > token.i:
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")),
                           None)
            return _actors_of(subject, owner)
    return []


_TOPIC_PREPS = {"on", "about", "over", "regarding", "concerning", "including"}


def _participants(found: list[str], obj: Token, owner: dict[int, str]) -> list[str]:
    """Who a meeting's object names as taking part ("a conference on Afghanistan
    attended by a Taliban delegation": the Taliban); what is talked about ("discussed
    polls showing Trump leading") is no party to the talk."""
    kept = [a for a in found if not _only_topic(a, obj, owner)]
    if kept:
        return kept
    taking_part = next((owner[t.i] for t in obj.subtree
                        if t.i in owner and not _under_topic(t, obj)), None)
    return [taking_part] if taking_part else []


def _only_topic(actor: str, obj: Token, owner: dict[int, str]) -> bool:
    """Every mention of ``actor`` under ``obj`` sits in what the object is about (a topic
    preposition or a clause describing it), none among who takes part."""
    places = [t for t in obj.subtree if owner.get(t.i) == actor]
    return bool(places) and all(_under_topic(t, obj) for t in places)


def _under_topic(token: Token, top: Token) -> bool:
    current = token
    while current.i != top.i and current.head.i != current.i:
        if (current.dep_ == "prep" and current.lower_ in _TOPIC_PREPS) or (
                current.dep_ in ("acl", "relcl") and current.tag_ == "VBG"):
            return True
        current = current.head
    return False


def _prep_actors(token: Token, wanted: str | None, owner: dict[int, str]) -> list[str]:
    preps = [wanted] if wanted else list(_TARGET_PREPS)
    for child in token.children:
        if _preposition(child) and child.lower_ in preps and \
                (found := _pobj_actors(child, owner)):
            return found
    return []


def _between(token: Token, owner: dict[int, str]) -> list[str]:
    for child in [*token.children, *(token.head.children if token.dep_ == "dobj" else [])]:
        if child.dep_ == "prep" and child.lower_ in ("between", "among"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return _actors_of(pobj, owner)
    return []


def _noun_is_event(token: Token) -> bool:
    """Nominal triggers count as their own event only as a clause's subject or with
    'between'/'by' arguments; as objects of verbs, the verb's pattern codes them."""
    return token.dep_ in ("nsubj", "nsubjpass", "ROOT") or any(
        c.dep_ == "prep" and c.lower_ in ("between", "by", "among") for c in token.children)


def _names_both_parties(token: Token, owner: dict[int, str]) -> bool:
    """"Russia's invasion of Ukraine", "the arrest of Orujov by police": an event noun
    whose own phrase names who acted and on whom is an event wherever it stands."""
    roles = _noun_roles(token, owner)
    return bool(roles.source and roles.target) and not any(
        c.dep_ == "det" and c.lower_ in ("any", "no", "every") for c in token.children)


# Acts whose noun's "of" names the one who suffers them ("the arrest of Orujov", "the
# bombing of schools", "expulsions of Western diplomats"); other nouns' "of" names who
# acts ("the visit of the president") or what is talked about.
_VICTIM_OF = {"ASSAULT", "COERCE", "SANCTION"}
# Verbs under which an act's noun is asked for, planned, feared or denied, not done:
# "called for the arrest of", "threatened the expulsion of", "prevent the bombing of".
_NOT_DONE_UNDER = _DEMAND | _WISH | _INTENT | _NEGATORS | _CONDITIONAL_SPEECH | {
    "prevent", "avoid", "stop", "halt", "oppose", "consider", "discuss", "debate", "seek",
    "fear", "risk", "face", "weigh", "rule", "vote", "recommend", "advocate", "support",
    "back", "approve", "authorize", "authorise", "order", "block", "forbid", "ban"}
# Verbs whose subject announces or carries out the act its object names: "Authorities
# announced the arrest of a man", "Russia announces expulsions of Western diplomats".
_CARRYING_OUT = {"announce", "confirm", "carry", "conduct", "complete", "step", "intensify",
                 "continue", "begin", "start", "launch"}


def _names_its_victim(token: Token, pattern: Pattern, owner: dict[int, str]) -> bool:
    """"the arrest of a man", "the poisoning of Sergei Skripal": an act of force whose
    noun names its victim is an event where the sentence takes it as done."""
    if pattern.type not in _VICTIM_OF or not _of_victims(token, owner) or any(
            c.dep_ == "det" and c.lower_ in ("any", "no", "every") for c in token.children):
        return False
    verb = _governing_verb(token)
    return verb is None or not (
        lemma_of(verb) in _NOT_DONE_UNDER or any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODALS_HYPOTHETICAL | _FUTURE)
            for c in verb.children))


def _of_victims(token: Token, owner: dict[int, str]) -> list[str]:
    return [a for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
            for a in _pobj_actors(c, owner)]


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun phrase hangs from, through objects and prepositions."""
    current = noun
    for _ in range(5):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.dep_ not in ("dobj", "pobj", "prep", "conj", "appos", "nsubjpass",
                                "attr", "nmod", "compound"):
            return None if current.pos_ not in ("VERB", "AUX") else current
    return None


def _where_it_struck(token: Token, thing: Token) -> bool:
    """The word names where the thing happened: a body under "at", "in", "near" ... of
    its phrase, or a building before it ("the embassy bombings"). A country or a region
    stays a party: "clashes in southern Kyrgyzstan" were Kyrgyzstan's."""
    if token.ent_type_ in ("GPE", "LOC", "NORP"):
        return False
    if token.head.i == thing.i and token.dep_ == "compound" and lemma_of(token) in _SITES:
        return True
    current = token
    while current.i != thing.i and current.head.i != current.i:
        if current.dep_ == "prep" and current.lower_ in _WHERE:
            return True
        current = current.head
    return False


# Bodies that are also buildings: before a noun of force they name where it struck (before
# "sanctions" a court or a parliament is who imposes them, so acts of force only)
_SITES = {"embassy", "consulate", "mission", "school", "hospital", "clinic", "mosque",
          "church", "synagogue", "temple", "hotel", "market", "office", "headquarters",
          "station", "airport", "court", "courthouse", "parliament", "university"}


def _noun_roles(token: Token, owner: dict[int, str], event_type: str | None = None
                ) -> _Roles:
    source: list[str] = []
    target: list[str] = []
    undergoer: list[str] = []
    for child in token.children:
        if event_type == "ASSAULT" and child.dep_ == "compound" and child.i in owner \
                and lemma_of(child) in _SITES:
            target += _actors_of(child, owner)  # "the embassy bombings": struck, not striking
        elif child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.i in owner):
            source += _actors_of(child, owner)
        elif child.dep_ == "prep" and child.lower_ == "by":
            source += _pobj_actors(child, owner)
        elif child.dep_ == "prep" and child.lower_ in ("on", "against", "with", "to"):
            target += _pobj_actors(child, owner)
        elif child.dep_ == "prep" and child.lower_ == "of":
            undergoer += _pobj_actors(child, owner)
    source += [a for a in _between(token, owner) if a not in source]
    if not source and event_type in _VICTIM_OF and token.dep_ == "dobj" \
            and lemma_of(token.head) in _CARRYING_OUT:
        source = _actors_of_subjects(_subject(token.head), owner)
    if (source or event_type in _VICTIM_OF) and not target:
        target = undergoer  # "its annexation of Crimea": with an actor named, "of" is the
        # one acted on ("the visit of the president" names only the actor, and is not
        # read); for acts of force, the victim even with nobody named as doing it
    return _Roles(source, [t for t in target if t not in source])


# -- modality -------------------------------------------------------------------------------
def _modality(token: Token, sent: Span, owner: dict[int, str], day: str | None,
              genre: str | None) -> tuple[str, str | None, Token | None]:
    """(modality, speaker actor id, the wishing verb when the event is only hoped for)."""
    attributed: str | None = None
    said = False
    wish: Token | None = None
    negated = any(c.dep_ == "neg" for c in token.children) or _none_of(token)
    # "would" alone is the future of the past under a verb of saying ("told him that Russia
    # would expel 60 diplomats"), a condition anywhere else
    would = any(c.dep_ == "aux" and c.lower_ == "would" for c in token.children)
    hypothetical = any(c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS
                       for c in token.children) or any(
        c.dep_ == "aux" and c.lower_ in _MODALS_HYPOTHETICAL - {"would"}
        for c in token.children) or _consequent(token)
    future = any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in token.children) or any(
        c.dep_ == "aux" and c.lower_ == "going" for c in token.children)
    # climb the clauses above the trigger
    current = token
    for _ in range(5):
        gerund = current.dep_ in ("dobj", "pcomp") and current.tag_ == "VBG"
        if (current.dep_ not in ("xcomp", "ccomp", "advcl", "conj") and not gerund) \
                or current.head.i == current.i:
            break
        head = current.head
        lemma = lemma_of(head)
        if current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in
                                           _HYPOTHETICAL_MARKS for c in current.children):
            hypothetical = True
        if _awaited(current, head):
            future = True
        if current.dep_ in ("xcomp", "ccomp"):
            if _predicted(head):
                future = True  # "Park's lawyers are expected to appeal": not yet done
            elif lemma in _NEGATORS:
                negated = True
            elif lemma in _WISH:
                wish = head
            elif lemma in _INTENT and current.dep_ == "xcomp":
                future = future or lemma not in ("agree",)
            elif _purposed(current, head, lemma):
                future = True
            elif lemma in _reported_speech_verbs():
                said = True  # by someone, whether the actor layer knows them or not
                attributed = attributed or next(iter(_actors_of(_subject(head), owner)), None)
        if any(c.dep_ == "neg" for c in head.children) and current.dep_ == "xcomp":
            negated = True
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in head.children):
            future = True
        if current.dep_ == "xcomp" or gerund or (current.dep_ == "conj"
                                                 and current.tag_ in ("VB", "VBG")):
            # "could include imposing sanctions", "may try to attack": the modal above
            hypothetical = hypothetical or any(
                c.dep_ == "aux" and c.lower_ in _MODALS_HYPOTHETICAL - {"would"}
                for c in head.children)
            would = would or any(c.dep_ == "aux" and c.lower_ == "would"
                                 for c in head.children)
        current = head
    according = re.search(r"\baccording to\b", sent.text, re.I)
    if attributed is None and according:
        after = [t for t in sent if t.idx >= sent.start_char + according.end()]
        attributed = next((owner[t.i] for t in after if t.i in owner), None)
    if would and said:
        future = True
    elif would:
        hypothetical = True
    if negated:
        return "negated", attributed, None
    if wish is not None:
        return ("reported" if attributed else "asserted"), attributed, wish
    if hypothetical:
        return "hypothetical", attributed, None
    if future:
        return "future", attributed, None
    if genre == "opinion":
        return "opinion", attributed, None
    if _historical(token, sent, day):
        return "historical", attributed, None
    if attributed is not None or according or said:
        return "reported", attributed, None
    return "asserted", attributed, None


def _as_quoted(event: EventMention, quotes: list[Quote],
               countries: dict[str, str | None]) -> EventMention:
    """An act told inside someone's quoted or reported words ("'He has refused to
    apologise,' Axelrod said") is reported by that speaker, unless the speaker acts or
    speaks for the one who acts: "Armenia refused to host the exercises, the Armenian
    prime minister said" is the refusal itself."""
    if event.modality != "asserted":
        return event
    at = event.evidence.trigger[0]
    quote = next((q for q in quotes
                  if any(a <= at < b for a, b in (q.parts or [q.span]))), None)
    if quote is None or not event.source or quote.speaker in event.source:
        return event  # no quote, the speaker's own act, or an actor left unknown ("we")
    speaker_country = countries.get(quote.speaker) if quote.speaker else None
    if speaker_country and speaker_country in {countries.get(s) for s in event.source}:
        return event
    return event.model_copy(update={"modality": "reported",
                                    "attributed_to": quote.speaker})


def _consequent(verb: Token) -> bool:
    """"If you continue that, you destroy the whole basis of our government": the main
    clause of a condition happens only if the condition does."""
    if lemma_of(verb) in _reported_speech_verbs() | _CONDITIONAL_SPEECH:
        return False  # "warned of consequences if it continued": the threat is real
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                         for m in c.children) for c in verb.children)


def _awaited(clause: Token, head: Token) -> bool:
    """"The ban would stay until Kazakhstan provided guarantees": an act in an until-clause
    of a clause that has not happened yet has not happened either. ("Fighting went on
    until the army withdrew" tells of a withdrawal that did.)"""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("until", "till") for c in clause.children) and any(
        c.dep_ == "aux" and (c.lower_ in _FUTURE or c.lower_ in _MODALS_HYPOTHETICAL)
        for c in head.children)


def _purposed(clause: Token, head: Token, lemma: str) -> bool:
    """"His job was to assist Mr. Justice", "Putin is to visit Ankara", "announced plans
    this week to give $15 million" (the parser hangs the plan's infinitive on the verb of
    saying, not on the plan): an act in a to-infinitive under "be", or under a verb of
    saying whose object is a thing announced, is a duty, a schedule or an intention, not
    yet done."""
    if clause.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.tag_ == "TO"
                                         for c in clause.children):
        return False
    if lemma == "be":
        return True
    announced = any(c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < clause.i
                    for c in head.children)
    return announced and lemma in _reported_speech_verbs()


def _predicted(verb: Token) -> bool:
    """"are expected to", "is scheduled to", "was tipped to": someone's forecast of an act,
    not the act, and not a wish of the grammatical subject."""
    return lemma_of(verb) in _FORECAST and any(c.dep_ == "auxpass" for c in verb.children)


def _historical(token: Token, sent: Span, day: str | None) -> bool:
    """A past event dated two or more years before the document ('In 2010, clashes ...')."""
    if day is None or token.tag_ not in ("VBD", "VBN"):
        return False
    years = [int(y) for y in _YEAR.findall(sent.text)]
    return bool(years) and max(years) <= int(day[:4]) - 2


# -- when and how much ------------------------------------------------------------------------
def _event_date(sent: Span, day: str | None, order: str) -> str | None:
    text = text_of(sent.doc)
    year = int(day[:4]) if day else None
    for found in find_dates(text, order, year, sent.start_char, sent.end_char):
        return found.value
    weekday = find_weekday(text, sent.start_char, sent.end_char)
    if weekday and day:
        return weekday_before(day, weekday.group(1))
    return None


def _number(token: Token) -> float | None:
    text = token.text.lower().replace(",", "")
    try:
        return float(text)
    except ValueError:
        return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else None


def _magnitude(trigger: Token) -> Magnitude | None:
    """'deployed about 1,500 soldiers', 'a $2.5 billion loan', 'killed three people'."""
    for token in trigger.subtree:
        if not token.like_num or token.ent_type_ in ("DATE", "TIME") or token.dep_ not in (
                "nummod", "quantmod", "compound", "pobj", "dobj", "nsubj"):
            continue
        value = _number(token)
        if value is None:
            continue
        head = token.head
        scale = next((t for t in (token.nbor(1) if token.i + 1 < len(token.doc) else token,)
                      if t.lower_ in _SCALE), None)
        if scale is not None:
            value *= _SCALE[scale.lower_]
            head = scale.head if scale.head.i != scale.i else head
        if token.i > 0 and token.nbor(-1).text in ("$", "US$"):
            return Magnitude(value=value, unit="USD")
        if head.pos_ in ("NOUN", "PROPN") and head.i != token.i:
            unit = head.lemma_.lower()
            if unit in _SCALE:
                unit = head.head.lemma_.lower()
            return Magnitude(value=value, unit=unit)
    return None


def link(event: EventMention, places: list[PlaceMention],
         times: list[TimeMention]) -> EventMention:
    """The place and time of the event's own sentence nearest its trigger: "exercises at
    the Harb-Maidon training ground from 3 to 8 April" gets that site and that interval."""
    sentence = event.evidence.span
    trigger = event.evidence.trigger[0]
    spots = [(abs(s - trigger), p) for p in places for s, e in p.mentions
             if sentence[0] <= s < sentence[1] and [s, e] not in p.in_names
             and (s, e) not in p.in_names]
    when = [(abs(t.span[0] - trigger), t) for t in times
            if sentence[0] <= t.span[0] < sentence[1] and t.granularity in ("day", "week")]
    update: dict[str, object] = {}
    if spots:
        # a site or a city before a region or a country, then the nearest
        place = min(spots, key=lambda d: (_LEVEL_ORDER.get(d[1].level, 5), d[0]))[1]
        update["place"] = place.id
    if when:
        time = min(when, key=lambda d: d[0])[1]
        update.update(start=time.start, end=_joined_days(time, times))
        lasted = _days_lasted(event.evidence.sentence, event.evidence.trigger[0] - sentence[0])
        if lasted and time.start == time.end:
            # "a six-day exercise ... ended on Tuesday": it ran from five days before
            update["start"] = (date.fromisoformat(time.start) -
                               timedelta(days=lasted - 1)).isoformat()
    return event.model_copy(update=update) if update else event


_LASTED = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"\d{1,2})[- ]day\b", re.IGNORECASE)
_ENDED = re.compile(r"\b(?:end(?:ed|s)?|conclud(?:ed|es)|finish(?:ed|es)|clos(?:ed|es)|"
                    r"wrapped up|wound up)\b", re.IGNORECASE)


def _days_lasted(sentence: str, trigger_at: int) -> int | None:
    """How many days a finished event lasted, when its sentence says so ("a six-day
    exercise ended on Tuesday")."""
    lasted = _LASTED.search(sentence[:trigger_at + 1])
    if lasted is None or not _ENDED.search(sentence[lasted.end():]):
        return None
    word = lasted.group(1).lower()
    days = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    return days if days and 1 < days <= 31 else None


def _joined_days(time: TimeMention, times: list[TimeMention]) -> str:
    """"on 5 and 6 August": two days joined by "and" are one stretch of the event."""
    end = time.end
    for other in sorted(times, key=lambda t: t.span[0]):
        gap = (other.span[0] - time.span[1]) if other.span[0] >= time.span[1] else -1
        if other.granularity == "day" and 0 <= gap <= 6 and other.start > end and (
                date.fromisoformat(other.start) - date.fromisoformat(end)).days == 1:
            end = other.end
    return end


_LEVEL_ORDER = {"site": 0, "city": 1, "admin2": 2, "admin1": 3, "region": 4, "country": 5}
