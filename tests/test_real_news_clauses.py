"""Events that real news tells in subordinate shapes (issue 13): relative clauses,
participles, nouns that name both parties, verdicts and pleas, warnings,
"it" and "they" for a body, and actors the small parser misreads. Sentences written for
these tests; the people in them are invented."""

from __future__ import annotations

from eventwire.document import Actor, Document, EventMention
from eventwire.evaluation.documents import GoldText, analyse
from eventwire.pipeline import Pipeline


def _analysed(pipeline: Pipeline, text: str, day: str = "2016-09-28") -> Document:
    return analyse(pipeline, GoldText(text=text, source="test", published=day))


def _actor_at(doc: Document, words: str) -> Actor | None:
    start = doc.text.index(words)
    return next((a for a in doc.actors or []
                 if any(s <= start < e for s, e in a.mentions)), None)


def _events(doc: Document, event_type: str) -> list[EventMention]:
    return [e for e in doc.events or [] if e.type == event_type]


def _names(doc: Document, ids: list[str]) -> list[str]:
    actors = {a.id: a.name for a in doc.actors or []}
    return [actors.get(i, i) for i in ids]


def test_a_relative_clause_about_someone_tells_an_event(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The two activists whom police detained in Osh on Friday "
                              "were released on bail.")
    detentions = _events(doc, "COERCE")
    assert detentions
    assert _names(doc, detentions[0].source) == ["police"]
    assert _names(doc, detentions[0].target) == ["activists"]


def test_a_relative_clause_whose_pronoun_is_the_subject_describes(
        pipeline: Pipeline) -> None:
    # measured on real news, these clauses gave more wrong events than right ones
    doc = _analysed(pipeline, "Maxim Petrov, who had criticised the governor, was detained "
                              "in Bishkek on Friday.")
    assert not _events(doc, "ACCUSE")


def test_a_relative_clause_about_a_kind_of_people_tells_none(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "People who attack journalists must answer for it, the "
                              "union said.")
    assert not _events(doc, "ASSAULT")


def test_a_participle_tells_what_its_noun_underwent(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "A journalist detained by police in Osh was released on "
                              "Monday.")
    detentions = _events(doc, "COERCE")
    assert detentions
    assert _names(doc, detentions[0].source) == ["police"]
    assert _names(doc, detentions[0].target) == ["journalist"]


def test_a_participle_about_a_thing_that_is_no_party_tells_nothing(
        pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "A television network funded by the Russian government "
                              "opened a bureau in Almaty.")
    assert not _events(doc, "AID")


def test_two_verbs_that_share_an_object_tell_one_act(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "Officer Anna Kowalski shot and killed Daniel Reyes in Tulsa "
                              "on Thursday.")
    assaults = _events(doc, "ASSAULT")
    assert len(assaults) == 1
    assert _names(doc, assaults[0].source) == ["Anna Kowalski"]
    assert _names(doc, assaults[0].target) == ["Daniel Reyes"]


def test_a_participle_that_names_the_act_tells_it(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The sanctions imposed on Belarus by the European Union "
                              "took effect on Monday.")
    sanctions = _events(doc, "SANCTION")
    assert sanctions and _names(doc, sanctions[0].target) == ["Belarus"]
    assert _names(doc, sanctions[0].source) == ["European Union"]


def test_a_noun_that_names_who_acted_and_on_whom_is_an_event(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "Kazakhstan condemned Russia's invasion of Ukraine.")
    assaults = _events(doc, "ASSAULT")
    assert assaults
    assert _names(doc, assaults[0].source) == ["Russia"]
    assert _names(doc, assaults[0].target) == ["Ukraine"]
    assert _events(doc, "ACCUSE")


def test_a_noun_that_made_the_verb_is_not_a_second_event(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The European Union imposed sanctions on Belarus's "
                              "government.")
    assert len(_events(doc, "SANCTION")) == 1


def test_staff_who_are_fired_are_dismissed_not_shot(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The mayor of Osh fired two aides after the scandal.")
    assert not _events(doc, "ASSAULT")
    assert _events(doc, "SANCTION")


def test_it_as_a_subject_is_the_body_of_the_sentence_before(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The Uzbek Foreign Ministry summoned the Afghan envoy on "
                              "Monday. It also accused the Taliban of shelling Termez.")
    accused = [e for e in _events(doc, "ACCUSE")
               if doc.text[e.evidence.trigger[0]:e.evidence.trigger[1]] == "accused"]
    source = _actor_at(doc, "Uzbek Foreign Ministry")
    assert source is not None and accused and accused[0].source == [source.id]


def test_an_empty_it_and_a_person_are_no_body(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The Uzbek Foreign Ministry summoned the Afghan envoy. It is "
                              "clear that talks will follow.")
    assert _actor_at(doc, "It is clear") is None
    doc = _analysed(pipeline, 'Limbaugh continued: "They are demanding this, and they are '
                              'pressing the moderator."')
    speaker = _actor_at(doc, "Limbaugh")
    assert not any(speaker is not None and speaker.id in e.source
                   for e in _events(doc, "REQUEST"))


def test_a_person_the_parser_calls_an_organisation_is_a_person(pipeline: Pipeline) -> None:
    # the small model tags "Lester Hale" ORG here; "Lester" is a given name of people in
    # the dictionary
    doc = _analysed(pipeline, "The campaign has asked NBC's Lester Hale to press the "
                              "candidates.")
    hale = _actor_at(doc, "Lester Hale")
    assert hale is not None and hale.kind == "person"
    requests = _events(doc, "REQUEST")
    assert requests and requests[0].target == [hale.id]
    doc = _analysed(pipeline, "Lawyers for Tomas Brandt Group said the deal was off.")
    group = _actor_at(doc, "Tomas Brandt Group")
    assert group is None or group.kind != "person"


def test_a_title_qualified_by_a_known_person_gives_that_persons_country(
        pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "Putin aide Oleg Vasin said the talks in Astana would go "
                              "ahead.")
    aide = _actor_at(doc, "Oleg Vasin")
    assert aide is not None and aide.name == "Oleg Vasin" and aide.country == "RUS"
    putin = _actor_at(doc, "Putin")
    assert putin is None or putin.id == aide.id  # the phrase is the aide, not Putin


def test_candidates_act_for_parties(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "Other candidates criticised the election commission.")
    candidates = _actor_at(doc, "candidates")
    assert candidates is not None and "PTY" in candidates.sectors


def test_verbs_of_verbal_attack_praise_and_threat(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The senator railed against the Interior Ministry. Tokayev "
                              "admires President Xi Jinping. A protester brandished a knife "
                              "at police in Osh. Britain says the former officer was "
                              "poisoned by Russia.")
    assert _events(doc, "ACCUSE")
    assert _events(doc, "SUPPORT")
    assert _events(doc, "THREATEN")
    poisonings = _events(doc, "ASSAULT")
    assert poisonings and _names(doc, poisonings[0].source) == ["Russia"]


def test_verdicts_and_pleas(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "A jury in Sacramento found Senator Ruiz guilty of fraud. A "
                              "second jury found the officer not guilty. The mayor pleaded "
                              "not guilty on Monday. The former minister pleaded guilty to "
                              "bribery.")
    convictions = _events(doc, "SANCTION")
    assert len(convictions) == 1 and convictions[0].mode == "convict"
    assert _names(doc, convictions[0].target) == ["Ruiz"]
    assert _names(doc, _events(doc, "REJECT")[0].source) == ["mayor"]
    assert _names(doc, _events(doc, "CONCEDE")[0].source) == ["former minister"]


def test_what_someone_is_called_decides_the_act(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "President Saied has described the detained opposition "
                              "leaders as traitors.")
    accusations = _events(doc, "ACCUSE")
    assert accusations and _names(doc, accusations[0].target) == [
        "detained opposition leaders"]
    doc = _analysed(pipeline, "The foreign minister called the meeting a success.")
    assert not doc.events  # a judgement of a meeting is no call for anything


def test_a_warning_about_others_is_criticism_and_about_oneself_a_threat(
        pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "Rights groups warned that the government was giving up its "
                              "leverage over the military.")
    assert _events(doc, "ACCUSE") and not _events(doc, "THREATEN")
    doc = _analysed(pipeline, "China's Foreign Ministry warned that China would take firm "
                              "measures against the sale.")
    assert _events(doc, "THREATEN") and not _events(doc, "ACCUSE")


def test_a_bare_title_stands_for_the_one_person_named_with_it(pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "Kyrgyz President Sadyr Japarov met Uzbek officials in "
                              "Tashkent. The president said the border deal was final.",
                    day="2022-03-28")
    japarov = _actor_at(doc, "Sadyr Japarov")
    assert japarov is not None and _actor_at(doc, "president said") is japarov
    doc = _analysed(pipeline, "President Joe Biden spoke with President Vladimir Putin. The "
                              "president warned of sanctions.", day="2022-03-28")
    either = _actor_at(doc, "president warned")
    assert either is None or either.kind != "person"  # two presidents: nobody in particular


def test_the_act_a_relative_clause_answers_and_a_share_of_a_group(
        pipeline: Pipeline) -> None:
    doc = _analysed(pipeline, "The opposition demanded that the government publish the "
                              "maps, a request that the government declined.")
    refusals = _events(doc, "REJECT")
    assert refusals and _names(doc, refusals[0].source) == ["government"]
    doc = _analysed(pipeline, "Some of the detained activists were later released, the "
                              "ministry said.")
    releases = _events(doc, "RETREAT")
    assert releases and _names(doc, releases[0].target) == ["detained activists"]
