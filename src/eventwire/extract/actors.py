"""Actors: every mention of a state, government body, armed force, agency, party, armed
group, international organisation, outlet or person, resolved and coded.

Recognition combines the spaCy parse (noun chunks, named entities, apposition) with the
project's dictionaries (a PhraseMatcher over every name, demonym, capital and metonym,
and over agent words). Each candidate phrase is coded in one of four ways, in order:
a person (dictionary or PERSON entity, with the title around the name as role); a named
organisation or armed group from the dictionaries; a composed agent ("Uzbek Ministry of
Defense", "Russian troops", "government forces"); a country (name, demonym or metonym).
People are remembered through the document: a later surname or "he said" is the same
actor. Codes follow CAMEO/PLOVER: ISO-3 country (or IGO), then sector codes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import EllipsisType

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire import deadline
from eventwire.document import Actor
from eventwire.extract.dictionary import ActorDictionary, Alias, Entry
from eventwire.extract.gazetteer import Gazetteer
from eventwire.extract.gazetteer import key as place_key
from eventwire.nlp import dateline, entities, first_conjunct, lemma_of

STAGE = "eventwire.extract.actors.rules.v1"

_LOCATIVE = {"in", "at", "to", "from", "near", "across", "via", "into", "through", "around",
             "outside", "inside", "within", "toward", "towards", "between", "over", "along",
             "off", "beyond", "throughout", "past", "opposite"}
# Sectors that a bare agent word ("the government", "police") takes from the country the
# document is about; CAMEO coders do the same.
_STATE_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD", "SPY"}
_PRONOUNS = {"he", "she", "him", "her"}
_SKIP_HEAD = {"DET", "PRON", "NUM", "PUNCT", "CCONJ", "ADP"}
# An unknown ORG entity is taken as an actor only when it names an organisation.
_ORG_WORDS = re.compile(
    r"\b(?:Movement|Party|Front|Union|Committee|Council|Association|Foundation|Institute|"
    r"Cent(?:er|re)|Agency|Company|Bank|Group|Organi[sz]ation|Network|Coalition|Alliance|League|"
    r"Federation|Society|Service|Office|Authority|Corporation|Ministry|Commission|Forum|"
    r"Initiative|Fund|Programme|Program|Mission|Army|Brigade|Battalion|Regiment|Guard|"
    r"Assembly|Parliament|Court|University|Academy|Church|Mosque|Board|Bureau|Trust)\b")
_WEBLIKE = re.compile(r"www\.|://|@|\.(?:com|org|net|uz|kz|kg|tj|tm|ru|cn)\b")
_LATIN = re.compile(r"[A-Za-z]")
# How many times more populous the likeliest place of a name must be than any namesake in
# another country before the name tells the country.
_PLACE_MARGIN = 5
# A text's setting needs this many distinct places or people of one country, and this
# share of all those of any country; a dateline counts as _DATELINE_WEIGHT of them.
_SETTING_MIN = 2
_SETTING_SHARE = 0.75
_DATELINE_WEIGHT = 2
_USE_RANK = {"name": 0, "demonym": 1, "metonym": 2, "capital": 3}


@dataclass
class _Found:
    span: Span
    actor: Actor


@dataclass
class _DocState:
    day: str | None
    focus: str | None
    dominant: str | None = None  # the focus, when it has most of the country mentions
    # The state whose office signs the document (a ministry's press release): its unnamed
    # "ministry" and "the minister" are that state's. Never the text's most-named country:
    # "Evangelical leaders praised Trump" in a story about Turkey is not Turkish.
    home: str | None = None
    # The country where the text's events take place, judged from its towns, regions and
    # sites and its known people (never from country names): the unnamed "police",
    # "protesters" and people of a story set in Charlotte are American (see _setting).
    # Worked out on the first actor that needs it (``...`` until then).
    setting: str | EllipsisType | None = ...
    found: list[_Found] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)  # token indices inside a mention


# Words that make a party a role in an exercise rather than an actor.
_PRETEND = {"mock", "simulated", "dummy", "fake", "imaginary", "notional", "hypothetical",
            "mythical"}


def _acronym(text: str) -> bool:
    return (len(text) <= 5 and text.replace(".", "").isupper()) or len(text) <= 2


class ActorExtractor:
    """Build once per dictionary and pipeline (the matchers compile every name)."""

    def __init__(self, dictionary: ActorDictionary, nlp: Language,
                 places: Gazetteer | None = None) -> None:
        self.d = dictionary
        self.places = places
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._agents = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._by_key: dict[str, list[Alias]] = {}
        grouped: dict[str, list[Alias]] = {}
        for alias in dictionary.aliases:
            case = alias.text if alias.exact or _acronym(alias.text) else alias.text.lower()
            grouped.setdefault(case, []).append(alias)
        # Patterns keep the alias's own case: the tokenizer splits "U.N." and "u.n."
        # differently, and the LOWER matcher compares lower-cased tokens anyway.
        texts = [aliases[0].text for aliases in grouped.values()]
        grouped_exact = {aliases[0].text: aliases[0].exact or _acronym(aliases[0].text)
                         for aliases in grouped.values()}
        for text, pattern in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
            exact = _acronym(text) or grouped_exact[text]
            text = text if exact else text.lower()
            key = f"A{len(self._by_key)}"
            self._by_key[key] = sorted(grouped[text], key=lambda a: _USE_RANK[a.use])
            matcher = self._orth if exact else self._lower
            matcher.add(key, [pattern])
        # given names of the people the dictionary knows, to tell a person's name that
        # the parser took for an organisation
        self._given_names = frozenset(
            e.name.split()[0] for e in dictionary.entries.values()
            if e.kind == "person" and len(e.name.split()) > 1)
        words = list(dictionary.agent_words)
        self._agent_sectors: dict[str, tuple[str, ...]] = {}
        for word, pattern in zip(words, nlp.tokenizer.pipe(words), strict=True):
            key = f"W{len(self._agent_sectors)}"
            self._agent_sectors[key] = dictionary.agent_words[word]
            self._agents.add(key, [pattern])

    # -- matching ---------------------------------------------------------------------------
    def _entry_spans(self, doc: Doc) -> list[Span]:
        """Dictionary names in the document (matched once per document, then cached)."""
        cached = doc.user_data.get("eventwire.actor_entries")
        if cached is None:
            spans = [Span(doc, s, e, label=doc.vocab.strings[m])
                     for matcher in (self._lower, self._orth) for m, s, e in matcher(doc)]
            others = [s for s in spans if self._another_persons(s)]
            # "Yerlan Zhaksybekov ... Zhaksybekov said": the surname is the person this
            # text introduced, not the dictionary's namesake
            surnames = {s[-1].lower_ for s in others}
            spans = [s for s in spans if s not in others and not _part_of_region_word(s)
                     and not (len(s) == 1 and s[0].lower_ in surnames
                              and self.aliases_of(s)[0].entry.kind == "person")]
            spans = [s for s in spans if not self._origin_of_nationals(s, spans)]
            cached = doc.user_data["eventwire.actor_entries"] = filter_spans(spans)
            # what each match names, for the places layer (country names and demonyms)
            doc.user_data["eventwire.entry_kinds"] = {
                s.label_: self.aliases_of(s)[0].entry.kind for s in cached}
        return cached

    def _origin_of_nationals(self, span: Span, spans: list[Span]) -> bool:
        """"Cuban-Americans", "Turkish-Germans": people of the second country whose
        families came from the first. The first demonym names no party; the hyphenated
        nouns themselves are the second country's people. ("Russian-Chinese talks" and
        "Cuban-American relations" join two countries, with an adjective before a noun,
        and keep both.)"""
        if span.end + 1 >= len(span.doc) or span.doc[span.end].text != "-" or \
                span.doc[span.end].whitespace_ or span.doc[span.end - 1].whitespace_:
            return False
        second = next((s for s in spans if s.start == span.end + 1), None)
        if second is None or second.root.tag_ not in ("NNS", "NNPS"):
            return False
        return all(self.aliases_of(s)[0].use == "demonym" for s in (span, second))

    def _another_persons(self, span: Span) -> bool:
        """"Keron Blair" is not Tony Blair: a person's name matched from the middle of a
        longer name, after a given name that is not a title ("President Blair")."""
        if self.aliases_of(span)[0].entry.kind != "person" or span.start == 0:
            return False
        doc = span.doc
        before = doc[span.start - 1]
        return (span[0].ent_iob_ == "I" and span[0].ent_type_ == "PERSON"
                and before.pos_ == "PROPN" and before.is_title
                and not before.text.endswith(".") and not self._agents(doc[before.i:span.start]))

    def _person_named_org(self, ent: Span) -> bool:
        """"Lester Holt" tagged ORG by the small model: a name of two or three capitalised
        words with no word of an organisation, that starts with a given name of a person
        the dictionary knows or whose last word the text elsewhere tags as a person."""
        if ent.label_ != "ORG" or not 2 <= len(ent) <= 3 or _ORG_WORDS.search(ent.text):
            return False
        if not all(t.pos_ == "PROPN" and t.is_title and t.is_alpha for t in ent):
            return False
        return ent[0].text in self._given_names or ent[-1].text in _person_last_words(ent.doc)

    def _agent_spans(self, doc: Doc) -> list[Span]:
        """Agent words in the document, outside place names ("West Bank", "Gaza Strip")."""
        cached = doc.user_data.get("eventwire.actor_agents")
        if cached is None:
            places = [e for e in entities(doc) if e.label_ in ("GPE", "LOC", "FAC")]
            cached = doc.user_data["eventwire.actor_agents"] = filter_spans(
                [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in self._agents(doc)
                 if not any(p.start <= s and e <= p.end for p in places)])
        return cached

    def aliases_of(self, span: Span) -> list[Alias]:
        return self._by_key[span.label_]

    def sectors_of(self, span: Span) -> tuple[str, ...]:
        return self._agent_sectors[span.label_]

    # -- the document ---------------------------------------------------------------------
    def extract(self, doc: Doc, day: str | None,
                outlets: Iterable[tuple[int, int, str]] = (),
                home: str | None = None) -> list[Actor]:
        """Actors of one parsed document; ``outlets`` are the (start, end, name) of media
        the anatomy layer found cited, coded MED even when no dictionary knows them;
        ``home`` the country of the office that signs it, if it is a press release or a
        statement."""
        entries = self._entry_spans(doc)
        agents = self._agent_spans(doc)
        focus, share = self._focus(entries)
        state = _DocState(day=day, focus=focus, dominant=focus if share >= 0.6 else None,
                          home=home)
        cited = [s for s in (doc.char_span(a, b, alignment_mode="expand") for a, b, _ in outlets)
                 if s is not None]
        for span in cited:
            self._add(state, span, _coded(Actor(
                id=f"outlet:{_slug(span.text)}", name=span.text, kind="organization",
                country=None, sectors=["MED"], code="")))
        for phrase in self._phrases(doc, entries, agents):
            deadline.check()
            if any(c.start < phrase.end and phrase.start < c.end for c in cited):
                continue
            self._code_phrase(phrase, entries, agents, state)
        self._remember_people(doc, state)
        _remember_bodies(doc, state)
        return _merge(state.found)

    def _focus(self, entries: list[Span]) -> tuple[str | None, float]:
        """The country the text is most about (most named, by any name), and its share."""
        counts: Counter[str] = Counter()
        for span in entries:
            alias = self.aliases_of(span)[0]
            if alias.entry.kind == "country" and alias.entry.country:
                counts[alias.entry.country] += 1
        if not counts:
            return None, 0.0
        country, count = counts.most_common(1)[0]
        return country, count / sum(counts.values())

    def _setting(self, doc: Doc, entries: list[Span]) -> str | None:
        """The country where the text's events happen: the one that holds nearly all of
        its distinct towns, regions and sites (a capital only where something happens in
        it, not "Moscow said") and of its dictionary people; None when they are few or
        spread over countries. Country names do not count: a text that names Russia often
        is about Russia, not set there."""
        votes: Counter[str] = Counter()
        seen: set[str] = set()
        for span in entries:
            entry = self.aliases_of(span)[0].entry
            if entry.kind == "person" and entry.country and entry.id not in seen:
                seen.add(entry.id)
                votes[entry.country] += 1
        for ent in entities(doc):
            if ent.label_ not in ("GPE", "LOC", "FAC") or place_key(ent.text) in seen:
                continue
            seen.add(place_key(ent.text))
            if (country := self._setting_place(ent, entries)) is not None:
                votes[country] += _DATELINE_WEIGHT if dateline(ent) else 1
        if not votes:
            return None
        country, count = votes.most_common(1)[0]
        share = count / sum(votes.values())
        return country if count >= _SETTING_MIN and share >= _SETTING_SHARE else None

    def _setting_place(self, ent: Span, entries: list[Span]) -> str | None:
        """The country of a place that tells where things happen: a town, region or site,
        or a capital used as a place; None for a country's name or a capital speaking for
        its government."""
        named = [e for e in entries if e.start < ent.end and ent.start < e.end
                 and self.aliases_of(e)[0].entry.kind == "country"]
        if named:
            alias = self.aliases_of(named[0])[0]
            if alias.use == "capital" and (_locative(ent) or dateline(ent)):
                return alias.entry.country
            return None
        if self.places is None or any(p.level == "country" for p in self.places.lookup(ent.text)):
            return None
        return self._place_country(ent.text)

    def _in_setting(self, phrase: Span, state: _DocState) -> str | None:
        """The text's setting for an actor with no country of its own, when its sentence
        names nothing of another country: "Evangelical leaders praised Trump" in a story
        set in Turkey is not Turkish."""
        if state.setting is ...:
            state.setting = self._setting(phrase.doc, self._entry_spans(phrase.doc))
        setting = state.setting
        if setting is None or setting is ...:
            return None
        sent = phrase.sent
        for span in self._entry_spans(phrase.doc):
            if sent.start <= span.start < sent.end:
                country = self.aliases_of(span)[0].entry.country
                if country and country != setting:
                    return None
        for ent in _entities_in(sent):
            if ent.label_ in ("GPE", "LOC", "FAC", "NORP"):
                country = self._place_country(ent.text)
                if country and country != setting:
                    return None
        return setting

    def _phrases(self, doc: Doc, entries: list[Span], agents: list[Span]) -> list[Span]:
        """Noun chunks, extended over 'of the X', plus entities and matches outside them."""
        anchors = [*entries, *agents]
        phrases: list[Span] = []
        for chunk in doc.noun_chunks:
            phrase = _trim(chunk)
            if phrase is None:
                continue
            phrases.append(_cover(self._extend_of(doc, phrase, anchors), entries))
        covered = {i for p in phrases for i in range(p.start, p.end)}
        extra = [s for s in [*entities(doc), *entries, *agents]
                 if not any(i in covered for i in range(s.start, s.end))]
        phrases.extend(filter_spans(extra))
        return [p for p in (_one_line(s) for s in filter_spans(phrases)) if p is not None]

    def _extend_of(self, doc: Doc, phrase: Span, anchors: list[Span]) -> Span:
        chunk_at = doc.user_data.get("eventwire.chunk_at")
        if chunk_at is None:
            chunk_at = doc.user_data["eventwire.chunk_at"] = {
                i: chunk for chunk in doc.noun_chunks for i in range(chunk.start, chunk.end)}
        end = phrase.end
        while end + 1 < len(doc) and doc[end].lower_ == "of":
            start = end + 1
            if doc[start].lower_ == "the":
                start += 1
            nxt = chunk_at.get(start)
            if nxt is None:  # a name the parser left out of every chunk
                named = next((a for a in anchors if a.start == start), None)
                if named is None:
                    break
                end = named.end
                continue
            crosses = any(a.start < end < a.end for a in anchors)
            # "of the People's Republic of China": the name runs past the noun chunk
            starts = [a for a in anchors if nxt.start <= a.start < nxt.end]
            if not (crosses or starts):
                break
            end = max([nxt.end, *(a.end for a in starts)])
        return doc[phrase.start:end]

    # -- coding ---------------------------------------------------------------------------
    def _code_phrase(self, phrase: Span, entries: list[Span], agents: list[Span],
                     state: _DocState) -> None:
        if not _LATIN.search(phrase.text):
            return  # the English model's entities in an Arabic or Cyrillic quotation
        if any(t.lower_ in _PRETEND and t.dep_ in ("amod", "compound") for t in phrase):
            return  # "a mock militant camp", "the notional enemy": played, not real
        inside = _within(entries, phrase)
        inner_agents = _within(agents, phrase)
        # spaCy's small model calls some names people ("Tajik", "Jogorku Kenesh"): a
        # dictionary name that is not a person wins.
        persons = [e for e in _entities_in(phrase)
                   if (e.label_ == "PERSON" or self._person_named_org(e)) and not any(
            c.start < e.end and e.start < c.end and self.aliases_of(c)[0].entry.kind != "person"
            for c in inside)]
        person_entries = [e for e in inside if self.aliases_of(e)[0].entry.kind == "person"]
        named = [e for e in inside if self.aliases_of(e)[0].entry.kind in
                 ("organization", "group")]
        countries = [e for e in inside if self.aliases_of(e)[0].entry.kind == "country"]
        # The phrase's head word decides what it is: "NATO-member Norway" is Norway,
        # "the Bush administration" an administration, "UN peacekeepers" peacekeepers.
        root = phrase.root.i
        heads = [s for s in [*inside, *inner_agents, *persons] if s.start <= root < s.end]
        head = heads[0] if heads else None
        head_kind = (self.aliases_of(head)[0].entry.kind if head is not None and head in inside
                     else "agent" if head is not None and head in inner_agents
                     else "person" if head is not None else None)
        group = [n for n in named if not self.aliases_of(n)[0].entry.igo]
        if head_kind == "country" and not person_entries:
            self._countries(phrase, countries, state)
        elif head_kind == "agent" and group:  # "Taliban fighters": the Taliban
            self._named(phrase, max(group, key=len), countries, inner_agents, state)
        elif head_kind == "agent" and (holder := _role_holder(phrase, state)) is not None:
            self._add(state, phrase, holder)  # "Crown Prince Mohammed ... the crown prince"
        elif head_kind == "agent" and (body := _named_body(phrase, state)) is not None:
            self._add(state, phrase, body)  # "Russia's Foreign Ministry ... the ministry"
        elif head_kind == "agent":  # "the Bush administration", "UN peacekeepers"
            people = [self.aliases_of(p)[0].entry for p in person_entries]
            self._composed(phrase, inner_agents, countries, named, state,
                           people[0].country if people else None)
        elif head_kind == "person" and head in persons and head not in person_entries:
            # "Clinton campaign manager Robby Mook", "Putin aide Yuri Ushakov": the known
            # name qualifies the title; the person is the one the phrase ends on
            employer = next((self.aliases_of(e)[0].entry.country for e in person_entries
                             if e.end <= head.start), None)
            self._person(phrase, [], [head], countries, inner_agents, named, state, employer)
        elif head is None and (kin := _relative_of(phrase, persons)) is not None:
            # "Elian's father", "Putin's daughter": the possessor is the named person; the
            # relative is someone else, of a country the text has not told
            self._code_phrase(kin, entries, agents, state)
            relative = phrase.doc[kin.end:phrase.end]
            while len(relative) > 1 and relative[0].dep_ == "case":
                relative = relative[1:]  # the "'s"
            name = _display(phrase)
            self._add(state, relative, _coded(Actor(
                id=f"person:{_slug(name)}", name=name, kind="person", country=None,
                sectors=[], code="")))
        elif person_entries or persons:
            self._person(phrase, person_entries, persons, countries, inner_agents, named, state)
        elif named:
            self._named(phrase, max(named, key=len), countries, inner_agents, state)
        elif inner_agents:
            self._composed(phrase, inner_agents, countries, named, state)
        elif countries:
            self._countries(phrase, countries, state)
        elif any(e.label_ == "ORG" and e.start <= root < e.end
                 for e in _entities_in(phrase)) and \
                _ORG_WORDS.search(phrase.text) and not _WEBLIKE.search(phrase.text):
            # the organisation must be what the phrase is: "the Council's starkest recent
            # failure" is a failure
            self._unknown_org(phrase, state)
        elif any(e.label_ == "GPE" and e.start <= root < e.end for e in _entities_in(phrase)):
            self._polity(phrase, state)

    def _country_of(self, countries: list[Span]) -> str | None:
        for span in countries:
            alias = self.aliases_of(span)[0]
            if alias.use in ("name", "demonym", "metonym", "capital"):
                return alias.entry.country
        return None

    def _add(self, state: _DocState, span: Span, actor: Actor) -> None:
        state.found.append(_Found(span, actor))
        state.taken.update(range(span.start, span.end))

    def _person(self, phrase: Span, entries: list[Span], persons: list[Span],
                countries: list[Span], agents: list[Span], named: list[Span],
                state: _DocState, employer: str | None = None) -> None:
        """A person, with the country of the dictionary, of the title or apposition, or of
        the known person whose staff the title names (``employer``), else of the setting."""
        phrase = self._with_title(phrase)
        doc = phrase.doc
        all_entries = self._entry_spans(doc)
        countries = [e for e in all_entries if phrase.start <= e.start and e.end <= phrase.end
                     and self.aliases_of(e)[0].entry.kind == "country"]
        named = [e for e in all_entries if phrase.start <= e.start and e.end <= phrase.end
                 and self.aliases_of(e)[0].entry.kind in ("organization", "group")]
        agents = [a for a in self._agent_spans(doc)
                  if phrase.start <= a.start and a.end <= phrase.end]
        name_span = entries[0] if entries else persons[0]
        entry = self.aliases_of(name_span)[0].entry if entries else None
        if entry is None:  # "General Michel Aoun": the title is inside the entity
            titled = [a for a in agents if a.start == name_span.start and a.end < name_span.end]
            if titled:
                name_span = doc[titled[0].end:name_span.end]
        title = phrase.doc[phrase.start:name_span.start]
        appositive = _apposition(phrase)
        if entry is None and not title.text.strip() and self._well_known_place(name_span.text):
            # "Jizzakh" tagged as a person by the parser is a town; "Tamil Nadu moved the
            # Supreme Court" is the state's government
            self._polity(name_span, state)
            return

        role_text = _clean_title(title.text) or (_clean_title(appositive.text)
                                                 if appositive is not None else None)
        role_agents = [a for a in agents if a.end <= name_span.start]
        if appositive is not None:
            role_agents += [a for a in self._agent_spans(phrase.doc)
                            if appositive.start <= a.start and a.end <= appositive.end]
        sectors = _union(self.sectors_of(a) for a in role_agents)
        country = self._country_of([c for c in countries if c.end <= name_span.start])
        if appositive is not None and country is None:
            country = self._country_of([e for e in self._entry_spans(phrase.doc)
                                        if appositive.start <= e.start < appositive.end])
        role = entry.role_on(state.day) if entry else None
        if appositive is not None:
            named = named + [e for e in all_entries if appositive.start <= e.start
                             and e.end <= appositive.end
                             and self.aliases_of(e)[0].entry.kind in ("organization", "group")]
        body = next((self.aliases_of(n)[0].entry for n in named
                     if n.end <= name_span.start or n.start >= name_span.end),
                    None)  # "Arab League Secretary General Chadli Klibi"
        if body is not None and body.igo:
            sectors = _union([["IGO"], sectors])
        elif body is not None and country is None:
            country = body.country
        if role is not None and role.organization:  # "NATO Secretary General Jens Stoltenberg"
            country, body_igo = None, True
        else:
            body_igo = bool(body and body.igo)
            country = (role.country if role and role.country else None) or \
                (entry.country if entry else None) or country
        if country is None and not body_igo and role_text:
            # "Gov. Earl Ray Tomblin of West Virginia", "Texas Attorney General Ken Paxton"
            country = self._role_place_country(title, name_span) or employer
        inferred = False
        if country is None and not body_igo and state.home and (
                set(sectors) & _STATE_SECTORS or role_text):
            country, inferred = state.home, True
        elif country is None and not body_igo and entry is None:
            country = self._in_setting(phrase, state)  # a local no dictionary knows
            inferred = country is not None
        actor = Actor(
            id=entry.id if entry else f"person:{_slug(name_span.text)}",
            name=entry.name if entry else name_span.text,
            kind="person",
            country=country, country_inferred=inferred,
            sectors=_union([["IGO"] if body_igo else [], role.sectors if role else sectors]),
            code="", role=role.title if role else role_text,
            role_start=role.start if role else None, role_end=role.end if role else None,
            role_source="dictionary" if role else ("text" if role_text else None),
            entry=entry.id if entry else None,
        )
        span = phrase if appositive is None else phrase.doc[
            min(phrase.start, appositive.start):max(phrase.end, appositive.end)]
        self._add(state, span, _coded(actor))

    def _role_place_country(self, title: Span, name: Span) -> str | None:
        """The country of a well-known place in a person's title or just after the name
        ('of West Virginia'): a governor's or a mayor's country."""
        doc = name.doc
        after = doc[name.end:min(len(doc), name.end + 5)]
        places = [e for e in entities(doc) if e.label_ == "GPE" and (
            (title.start <= e.start and e.end <= title.end)
            or (len(after) > 1 and after[0].lower_ == "of" and e.start == name.end + 1))]
        found = {c for e in places if self._well_known_place(e.text)
                 and (c := self._place_country(e.text))}
        return found.pop() if len(found) == 1 else None

    def _with_title(self, phrase: Span) -> Span:
        """'U.S. Secretary of State' + 'Warren Christopher', parsed as two chunks: one."""
        doc = phrase.doc
        start = phrase.start
        while start > 0 and start - phrase.start > -8:
            token = doc[start - 1]
            if token.is_punct or token.is_space or token.pos_ in ("VERB", "AUX", "PRON",
                                                                   "CCONJ") or (
                    token.is_lower and token.lower_ not in ("of", "the", "and")
                    and not self._agents(doc[start - 1:start])):
                break
            start -= 1
        while start < phrase.start and doc[start].lower_ in ("of", "the", "and"):
            start += 1
        if start == phrase.start:
            return phrase
        title = doc[start:phrase.start]
        if self._agents(title) or any(m for m in self._entry_spans(doc)
                                      if title.start <= m.start and m.end <= title.end):
            return doc[start:phrase.end]
        return phrase

    def _named(self, phrase: Span, match: Span, countries: list[Span], agents: list[Span],
               state: _DocState) -> None:
        entry = self.aliases_of(match)[0].entry
        country, sectors = entry.country, list(entry.sectors)
        extra = [a for a in agents if a.end <= match.start or a.start >= match.end]
        sectors = _union([sectors, *(self.sectors_of(a) for a in extra)])
        if entry.government_of and state.day and state.day >= entry.government_of[1]:
            country, sectors = entry.government_of[0], ["GOV"]
        if country is None and not entry.igo:
            country = self._country_of(countries)
        self._add(state, phrase, _coded(Actor(
            id=entry.id, name=entry.name, kind=entry.kind, country=country, sectors=sectors,
            code="", entry=entry.id)))

    def _composed(self, phrase: Span, agents: list[Span], countries: list[Span],
                  named: list[Span], state: _DocState, person_country: str | None = None
                  ) -> None:
        head = _head_agent(phrase, agents)
        sectors = _union([self.sectors_of(head), *(self.sectors_of(a) for a in agents)])
        if not any(a.start <= phrase.root.i < a.end for a in agents):
            # "the city administration building": the actor is the administration;
            # "withdrawal of additional troops": the troops
            last = max(agents, key=lambda a: a.end)
            chunk = phrase.doc.user_data.get("eventwire.chunk_at", {}).get(last.start)
            start = max(phrase.start, chunk.start if chunk is not None else phrase.start)
            if start > phrase.start and (trimmed := _trim(phrase.doc[start:last.end])):
                start = trimmed.start
            phrase = phrase.doc[start:last.end]
        body = self.aliases_of(max(named, key=len))[0].entry if named else None
        if body is not None and body.igo:  # "European Community foreign ministers"
            self._add(state, phrase, _coded(Actor(
                id=f"{body.id}:{'-'.join(sectors)}", name=_display(phrase),
                kind="organization", country=None, sectors=_union([["IGO"], sectors]),
                code="", entry=body.id)))
            return
        distinct = _distinct_countries(self, countries)
        if len(distinct) > 1:  # "Hungarian and Romanian officials": one actor each
            for index, span in enumerate(distinct):
                part = phrase.doc[phrase.start:span.end] if index == 0 else \
                    phrase.doc[span.start:phrase.end]
                self._add_composed(part, sectors, self.aliases_of(span)[0].entry.country,
                                   False, state)
            return
        country = self._country_of(countries) or (body.country if body else None) or \
            person_country or self._country_after(phrase)
        inferred = False
        if country is None and state.home and set(sectors) & _STATE_SECTORS:
            country, inferred = state.home, True  # "the Ministry" in a ministry's release
        elif country is None:
            # "thousands of people rallied in Yerevan": one country named in the sentence
            country = self._sentence_country(phrase) or self._in_setting(phrase, state)
            inferred = country is not None
        self._add_composed(phrase, sectors, country, inferred, state)

    def _sentence_country(self, phrase: Span) -> str | None:
        sent = phrase.sent
        # not a possessor: "Lebanon's Prime Minister" is another actor, and the crown
        # prince who detained him is not Lebanese
        found = {self.aliases_of(e)[0].entry.country for e in self._entry_spans(phrase.doc)
                 if sent.start <= e.start < sent.end and e.root.dep_ != "poss"
                 and self.aliases_of(e)[0].entry.kind == "country"
                 and not _acted_on(e, phrase) and not self._qualifies_a_thing(e)}
        if not found:  # "thousands rallied in Zhanaozen": the places of the sentence
            found = {c for e in _entities_in(sent) if e.label_ in ("GPE", "LOC", "FAC")
                     and e.root.dep_ != "poss" and not self._qualifies_a_thing(e)
                     and not _acted_on(e, phrase) and (c := self._place_country(e.text))}
        return found.pop() if len(found) == 1 else None

    def _qualifies_a_thing(self, country: Span) -> bool:
        """"waving Korean and US flags": a country word that qualifies a thing, neither an
        actor ("a Bishkek court", "the Kyrgyz side said") nor a place ("rallied in the
        Armenian capital"), says nothing of who the sentence's people are."""
        token = first_conjunct(country.root)  # "Korean and US flags"
        if token.dep_ not in ("amod", "compound", "nmod"):
            return False
        head = first_conjunct(token.head)
        if head.dep_ in ("nsubj", "nsubjpass") or (
                head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE):
            return False  # "the Kyrgyz side condemns": who acts, or where
        doc = head.doc
        return not any(s.start <= head.i < s.end
                       for s in [*self._agent_spans(doc), *self._entry_spans(doc)])

    def _country_after(self, phrase: Span) -> str | None:
        """'rebels in Darfur', 'opposition groups in Zimbabwe': a country just after."""
        doc = phrase.doc
        window = doc[phrase.end:min(len(doc), phrase.end + 5)]
        if not window or window[0].lower_ not in ("in", "from", "of", "based"):
            return None
        for span in self._entry_spans(doc):
            if window.start <= span.start and span.end <= window.end:
                entry = self.aliases_of(span)[0].entry
                if entry.kind == "country":
                    return entry.country
        # "residents of Batken", "protesters in Karakalpakstan": a city or region
        for ent in entities(doc):
            if window.start <= ent.start < window.end and ent.label_ in ("GPE", "LOC", "FAC"):
                return self._place_country(ent.text)
        return None

    def _place_country(self, name: str) -> str | None:
        """The country of the likeliest place of this name (most populous, a division or
        site of the project's own table first)."""
        if self.places is None:
            return None
        candidates = [p for p in self.places.lookup(name) if p.country]
        if not candidates:
            return None
        # the project's own entry under this name first, then the most populous: Charlotte
        # is the American city, not a parish of St Vincent
        best = max(candidates, key=lambda p: (place_key(name) in p.curated, p.population))
        if place_key(name) in best.curated:
            return best.country
        rival = max((p.population for p in candidates if p.country != best.country),
                    default=0)
        # "Centre" is a region of Burkina Faso, Cameroon and Haiti: a name that several
        # countries use for places of like size says nothing about the country
        return best.country if best.population >= _PLACE_MARGIN * rival else None

    def _polity(self, span: Span, state: _DocState) -> None:
        """A state or province named as the one who acts ("Tamil Nadu moved the Supreme
        Court", "a suit against Texas"): its government, in the country it lies in. A
        place named anywhere else is a place, not an actor."""
        if not _agentive(span) or self.places is None:
            return
        name = _display(span)
        own = place_key(name)
        if not any(p.level == "admin1" and (place_key(p.name) == own or own in p.curated)
                   for p in self.places.lookup(name)):
            return
        country = self._place_country(name)
        if country is None:
            return
        self._add(state, span, _coded(Actor(
            id=f"{country}-GOV:{_slug(name)}", name=name, kind="organization",
            country=country, sectors=["GOV"], code="")))

    def _well_known_place(self, name: str) -> bool:
        return self.places is not None and self.places.well_known(name)

    def _add_composed(self, span: Span, sectors: list[str], country: str | None,
                      inferred: bool, state: _DocState) -> None:
        # With a country, agents are coded CAMEO-style (all "Russian troops" are RUS-MIL);
        # without one, each named agent stays itself.
        ident = f"{country}-{'-'.join(sectors)}" if country and not inferred else \
            f"{country or ''}{'-' if country else ''}{'-'.join(sectors)}:{_slug(_display(span))}"
        self._add(state, span, _coded(Actor(
            id=ident, name=_display(span), kind="organization", country=country,
            sectors=sectors, code="", country_inferred=inferred)))

    def _countries(self, phrase: Span, countries: list[Span], state: _DocState) -> None:
        for span in countries:
            alias = self.aliases_of(span)[0]
            entry = alias.entry
            if alias.use in ("capital", "metonym") and (_locative(span) or dateline(span)):
                continue  # "troops arrived in Dushanbe", "DUSHANBE, 12 May -": places
            sectors: list[str] = []
            if alias.use == "metonym" or (alias.use == "capital" and not _locative(span)):
                sectors = ["GOV"]
            elif alias.use == "demonym" and span.root.tag_ in ("NNS", "NNPS") and \
                    span.root.pos_ in ("NOUN", "PROPN"):
                sectors = ["CVL"]  # "Nigerians", "Palestinians": people of the country
            heads_phrase = span.start <= phrase.root.i < span.end
            target = phrase if len(countries) == 1 and sectors and heads_phrase else span
            country = entry.country
            if sectors == ["CVL"] and span.start > 0 and \
                    span.doc[span.start - 1].lower_ == "ethnic":
                # "ethnic Albanians" in a story about Serbia: people of the country they live in
                country = next((c for c in (state.dominant, state.focus)
                                if c and c != entry.country), entry.country)
            self._add(state, target, _coded(Actor(
                id=entry.id if not sectors else f"{country}-{'-'.join(sectors)}",
                name=entry.name if not sectors else _display(target), kind="country",
                country=country, sectors=sectors, code="", entry=entry.id)))

    def _unknown_org(self, phrase: Span, state: _DocState) -> None:
        name = _display(phrase)
        self._add(state, phrase, _coded(Actor(
            id=f"org:{_slug(name)}", name=name, kind="organization", country=None,
            sectors=[], code="")))  # an organisation nobody knows has no known country

    # -- people through the document ------------------------------------------------------
    def _remember_people(self, doc: Doc, state: _DocState) -> None:
        people = [f for f in state.found if f.actor.kind == "person"]
        surnames: dict[str, Actor | None] = {}
        for found in people:
            if len(found.actor.name.split()) > 1:
                key = _surname_of(found.actor)
                known = surnames.get(key, found.actor)
                # "Bill Clinton ... Hillary Clinton ... Clinton said": which one is unknown
                surnames[key] = found.actor if known is not None and \
                    known.id == found.actor.id else None
        extra: list[_Found] = []
        for token in doc:
            if token.i in state.taken:
                continue
            if token.pos_ == "PROPN" and surnames.get(_surname(token.text)) is not None:
                extra.append(_Found(doc[token.i:token.i + 1], surnames[_surname(token.text)]))
            elif token.lower_ in _PRONOUNS and token.dep_ in ("nsubj", "nsubjpass", "dobj",
                                                              "pobj", "dative"):
                antecedent = _antecedent(token, [*people, *extra])
                if antecedent is not None:
                    extra.append(_Found(doc[token.i:token.i + 1], antecedent))
        state.found.extend(extra)


# Words for one person: a place they are in does not make them a state ("the spy and his
# daughter in Britain"), and whose they are does not make them that person ("Elian's
# father")
PERSON_NOUNS = {"daughter", "son", "wife", "husband", "father", "mother", "brother",
                 "sister", "child", "girlfriend", "boyfriend", "fiancee", "fiance", "widow",
                 "spy", "agent", "man", "woman", "boy", "girl", "tourist", "student"}


def _relative_of(phrase: Span, persons: list[Span]) -> Span | None:
    """The person whose relative the phrase names ("Elian's father"), if it does."""
    if lemma_of(phrase.root) not in PERSON_NOUNS:
        return None
    return next((p for p in persons if p.root.dep_ == "poss" and p.root.head.i == phrase.root.i
                 and p.end <= phrase.root.i), None)


def _surname(name: str) -> str:
    """"Bashar al-Assad" -> "assad": the word a later mention uses alone."""
    last = name.split()[-1].lower()
    return re.sub(r"^(?:al|el|ul|ad|as|an|ar|at|az)-", "", last)


# Countries whose people are named family name first, in English news as at home: "Park
# Geun-hye" is later "Park", "Xi Jinping" "Xi", "Kim Jong Un" "Kim".
_FAMILY_NAME_FIRST = {"KOR", "PRK", "CHN", "TWN", "HKG", "MAC"}


def _surname_of(person: Actor) -> str:
    """The word a later mention of this person uses alone."""
    if person.country in _FAMILY_NAME_FIRST and not person.country_inferred:
        return _surname(person.name.split()[0])
    return _surname(person.name)


def _antecedent(pronoun: Token, people: list[_Found]) -> Actor | None:
    """Who "he" or "she" is: the last person named before it in its own sentence, else the
    person who is the subject of the sentence before. A person named in passing a sentence
    earlier ("... the killing of Karlov. Putin said he ...") is not taken without that
    evidence: unknown is better than the wrong man."""
    sent = pronoun.sent
    same = [f for f in people if sent.start <= f.span.start and f.span.end <= pronoun.i]
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        # "the court found Park guilty and sentenced her": an object is not the subject
        # of its own clause ("Trump praised him" is not Trump)
        subject = _clause_subject(pronoun)
        same = [f for f in same if subject is None
                or not f.span.start <= subject.i < f.span.end]
    if same:
        return same[-1].actor
    if sent.start == 0:
        return None
    previous = pronoun.doc[sent.start - 1].sent
    subjects = {f.actor.id: f.actor for f in people
                if previous.start <= f.span.start < previous.end
                and any(t.dep_ in ("nsubj", "nsubjpass") for t in f.span)}
    return next(iter(subjects.values())) if len(subjects) == 1 else None


# Verbs whose "it" is usually no body: "it is clear", "it seems", "it takes time"
_EMPTY_IT_VERBS = {"be", "seem", "appear", "remain", "take", "make", "matter", "happen",
                   "mean", "look", "sound", "become", "rain", "cost", "depend"}


def _person_last_words(doc: Doc) -> frozenset[str]:
    """The last word of each name the parser tags as a person (worked out once a text)."""
    cached = doc.user_data.get("eventwire.person_last_words")
    if cached is None:
        cached = doc.user_data["eventwire.person_last_words"] = frozenset(
            e[-1].text for e in entities(doc) if e.label_ == "PERSON")
    return cached


def _remember_bodies(doc: Doc, state: _DocState) -> None:
    """"The ministry said on Monday. It also accused Kyiv ...", "Police said officers
    saw him, and they ordered him to stop": "it" and "they" as the subject of a clause
    stand for the one organisation or country (for "they", a group named in the plural)
    that is the subject before them in the sentence, or the only such subject of the
    sentence before. Anything less certain stays unknown."""
    bodies = [f for f in state.found if f.actor.kind in ("organization", "country")]
    extra: list[_Found] = []
    for token in doc:
        if token.i in state.taken or token.dep_ not in ("nsubj", "nsubjpass") \
                or token.lower_ not in ("it", "they"):
            continue
        if token.lower_ == "it" and (lemma_of(token.head) in _EMPTY_IT_VERBS
                                     or token.dep_ == "nsubjpass"):
            continue  # "it is clear that", "it was reported that"
        body = _body_antecedent(token, bodies)
        if body is not None:
            extra.append(_Found(doc[token.i:token.i + 1], body))
    state.found.extend(extra)


def _body_antecedent(pronoun: Token, bodies: list[_Found]) -> Actor | None:
    plural = pronoun.lower_ == "they"

    def fits(found: _Found) -> bool:
        head = found.span.root
        if not any(t.dep_ in ("nsubj", "nsubjpass") for t in found.span):
            return False
        if any(t.dep_ == "conj" or any(c.dep_ == "conj" for c in t.children)
               for t in found.span):
            return False  # "Russia and China ... they": which of them is unknown
        named_plural = head.tag_ in ("NNS", "NNPS")
        return named_plural if plural else (not named_plural)

    sent = pronoun.sent
    before = [f for f in bodies if sent.start <= f.span.start and f.span.end <= pronoun.i]
    if before:
        # "Azerbaijan warned Armenia ... if it continued": with two bodies before it, "it"
        # may be either
        same = {f.actor.id: f.actor for f in before}
        return next(iter(same.values())) if len(same) == 1 and fits(before[0]) else None
    if sent.start == 0 or any(t.dep_ in ("nsubj", "nsubjpass") and t.i < pronoun.i
                              and t.pos_ in ("NOUN", "PROPN") for t in sent):
        return None  # another subject stands between: "The court ruled ... It ..." unclear
    previous = pronoun.doc[sent.start - 1].sent
    subjects = {f.actor.id: f.actor for f in bodies
                if previous.start <= f.span.start < previous.end and fits(f)}
    return next(iter(subjects.values())) if len(subjects) == 1 else None


def _after_the(phrase: Span) -> list[Token]:
    """The one to three words of a phrase that opens with "the" ("the crown prince", "the
    ministry"), in it or just before it; none for any other phrase."""
    words = [t for t in phrase if t.dep_ != "det" and not t.is_punct]
    article = phrase[0] if phrase[0].dep_ == "det" else (
        phrase.doc[phrase.start - 1] if phrase.start > 0 else None)
    if article is None or article.lower_ != "the" or not 1 <= len(words) <= 3:
        return []
    return words


def _role_holder(phrase: Span, state: _DocState) -> Actor | None:
    """"Saudi Crown Prince Mohammed bin Salman ... the crown prince detained Hariri": a
    bare definite title stands for the one person named before it with that title; with
    two such people ("President Biden ... President Putin ... the president"), for
    nobody in particular."""
    words = _after_the(phrase)
    if not words or any(t.pos_ == "PROPN" or t.ent_type_ or t.tag_ == "NNS" for t in words):
        return None
    title = re.compile(rf"\b{re.escape(' '.join(t.lower_ for t in words))}\b")
    holders = {f.actor.id: f.actor for f in state.found
               if f.actor.kind == "person" and f.actor.role and f.span.end <= phrase.start
               and title.search(f.actor.role.lower())}
    return next(iter(holders.values())) if len(holders) == 1 else None


def _named_body(phrase: Span, state: _DocState) -> Actor | None:
    """"Russia's Foreign Ministry summoned the ambassador. The ministry said ...", "the
    U.S. Embassy in Kyiv ... the embassy": a bare definite name of a body stands for the
    one body named before it with that head word and every word it has; with two such
    bodies ("Russia's and Ukraine's foreign ministries ... the ministry"), for nobody in
    particular. Without this, the body took a country named near it ("The ministry said
    London had ...": a British ministry)."""
    words = _after_the(phrase)
    if not words:
        return None
    root = phrase.root
    plural = root.tag_ in ("NNS", "NNPS")
    wanted = {t.lower_ for t in words}
    bodies = {f.actor.id: f.actor for f in state.found
              if f.actor.kind == "organization" and f.span.end <= phrase.start
              and lemma_of(f.span.root) == lemma_of(root)
              and (f.span.root.tag_ in ("NNS", "NNPS")) == plural
              and wanted <= {t.lower_ for t in f.span}}
    return next(iter(bodies.values())) if len(bodies) == 1 else None


def _clause_subject(token: Token) -> Token | None:
    """The subject of the verb a word depends on, through conjoined verbs."""
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ != "conj":
            return subject
        verb = verb.head
    return None


_REGION_QUALIFIERS = {"central", "latin", "north", "south", "east", "west", "pan", "anglo",
                      "northern", "southern", "eastern", "western", "sub"}


def _acted_on(country: Span, phrase: Span) -> bool:
    """The country is what the phrase's own verb acts on, or a party to what it reports:
    "officials accused the Kremlin", "the ministry protested to Moscow", "officials said
    Moscow had ...". Who acts on or speaks of a state is seldom that state."""
    if phrase.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb, token = phrase.root.head, country.root
    if token.dep_ in ("dobj", "dative", "attr") and token.head == verb:
        return True
    if token.dep_ == "pobj" and token.head.head == verb and token.head.lower_ not in _LOCATIVE:
        return True
    # "the ministry said London had violated the rules": a party to what the phrase's
    # verb reports is no more its country than what the verb acts on
    said = [c for c in verb.children if c.dep_ == "ccomp"]
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "dative") and any(
        token in clause.subtree for clause in said)


def _part_of_region_word(span: Span) -> bool:
    """"American" in "Central American" or "Latin American" names no country."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.text == "-" and span.start > 1:
        before = span.doc[span.start - 2]
    return before.lower_ in _REGION_QUALIFIERS and before.is_title


def _cover(phrase: Span, entries: list[Span]) -> Span:
    """Grow a phrase over a dictionary name it cuts: 'the OSCE Programme Office' + 'in
    Dushanbe' is one name, 'OSCE Programme Office in Dushanbe'."""
    start, end = phrase.start, phrase.end
    for entry in entries:
        if entry.start < end and start < entry.end:
            start, end = min(start, entry.start), max(end, entry.end)
    return phrase.doc[start:end]


def _entities_in(outer: Span) -> list[Span]:
    """What ``outer.ents`` gives (the entities wholly inside it), from the cached list."""
    return _within(entities(outer.doc), outer)


def _within(spans: list[Span], outer: Span) -> list[Span]:
    """The spans (sorted by start, not overlapping) that lie inside ``outer``."""
    first = bisect_left(spans, outer.start, key=_start)
    out = []
    for span in spans[first:]:
        if span.start >= outer.end:
            break
        if span.end <= outer.end:
            out.append(span)
    return out


def _start(span: Span) -> int:
    return span.start


def _distinct_countries(extractor: ActorExtractor, countries: list[Span]) -> list[Span]:
    seen: set[str | None] = set()
    out = []
    for span in countries:
        code = extractor.aliases_of(span)[0].entry.country
        if code not in seen:
            seen.add(code)
            out.append(span)
    return out


def _one_line(span: Span) -> Span | None:
    """A phrase never runs across a line break (a signature line, a dateline)."""
    for token in span:
        if "\n" in token.text or "\n" in token.whitespace_:
            end = token.i + (0 if "\n" in token.text else 1)
            return span.doc[span.start:end] if end > span.start else None
    return span


def _trim(chunk: Span) -> Span | None:
    start, end = chunk.start, chunk.end
    doc = chunk.doc
    while start < end and (doc[start].pos_ in _SKIP_HEAD or doc[start].tag_ == "PRP$"):
        start += 1
    return doc[start:end] if start < end else None


def _apposition(phrase: Span) -> Span | None:
    """'Sergey Naryshkin, Director of the ...' or '..., Sergey Naryshkin': the other part."""
    doc = phrase.doc
    for token in doc[phrase.end:min(len(doc), phrase.end + 8)]:
        if token.dep_ == "appos" and token.head.i in range(phrase.start, phrase.end):
            left = min(t.i for t in token.subtree)
            right = max(t.i for t in token.subtree) + 1
            return doc[left:right]
    if phrase.root.dep_ == "appos" and phrase.root.head.i < phrase.start:
        head = phrase.root.head
        left = min(t.i for t in head.subtree if t.i < phrase.start)
        return doc[left:head.i + 1]
    return None


def _clean_title(text: str) -> str | None:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(" ,"), flags=re.I)
    return text or None


def _head_agent(phrase: Span, agents: list[Span]) -> Span:
    for agent in agents:
        if agent.start <= phrase.root.i < agent.end:
            return agent
    return agents[-1]


def _agentive(span: Span) -> bool:
    """The phrase is the subject of a verb or what an act is 'against' or done 'by'."""
    head = span.root
    return head.dep_ in ("nsubj", "nsubjpass") or (
        head.dep_ == "pobj" and head.head.lower_ in ("against", "by"))


def _locative(span: Span) -> bool:
    head = span.root
    return (head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE) or (head.dep_ == "compound" \
        and head.head.dep_ == "pobj" and head.head.head.lower_ in _LOCATIVE)


def _display(span: Span) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", span.text, flags=re.I)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _union(groups: Iterable[Iterable[str]]) -> list[str]:
    out: list[str] = []
    for group in groups:
        for sector in group:
            if sector not in out:
                out.append(sector)
    return out


def _coded(actor: Actor) -> Actor:
    prefix = actor.country or ("IGO" if "IGO" in actor.sectors else "")
    sectors = [s for s in actor.sectors if not (s == "IGO" and prefix == "IGO")]
    return actor.model_copy(update={"code": prefix + "".join(sectors)})


def _merge(found: list[_Found]) -> list[Actor]:
    """One actor per id, with every mention span in text order; a lone surname joins the
    person named in full before it ("Dilshod Rahimzoda" ... "Rahimzoda said")."""
    merged: dict[str, Actor] = {}
    surnames: dict[str, Actor | None] = {}
    for item in sorted(found, key=lambda f: f.span.start):
        actor = item.actor
        words = actor.name.split()
        if actor.kind == "person" and len(words) > 1:
            key = _surname_of(actor)  # "Bashar al-Assad" ... "Assad"
            known = surnames.get(key, actor)
            # "Bill Clinton ... Hillary Clinton ... Clinton": which one is unknown
            surnames[key] = actor if known is not None and known.id == actor.id else None
        elif actor.kind == "person" and actor.entry is None and len(words) == 1 and \
                (earlier := surnames.get(_surname(words[0]))) is not None:
            item = _Found(item.span, earlier)
        span = (item.span.start_char, item.span.end_char)
        actor = merged.get(item.actor.id)
        if actor is None:
            merged[item.actor.id] = item.actor.model_copy(update={"mentions": [span]})
        elif span not in actor.mentions:
            actor.mentions.append(span)
    return list(merged.values())


__all__ = ["STAGE", "ActorExtractor", "Entry"]


def token_owners(doc: Doc, actors: list[Actor]) -> dict[int, str]:
    """Token index -> actor id, the narrowest mention winning where mentions nest."""
    spans = []
    for actor in actors:
        for start, end in actor.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                spans.append((len(span), span, actor.id))
    owner: dict[int, str] = {}
    for _length, span, ident in sorted(spans, key=lambda s: -s[0]):
        for token in span:
            owner[token.i] = ident
    return owner
