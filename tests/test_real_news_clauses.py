"""Events that real news tells in subordinate shapes (issue 13): relative clauses,
participles, nouns that name both parties, verdicts and pleas, warnings,
"it" and "they" for a body, and actors the small parser misreads. Sentences written for
these tests; the people in them are invented."""

from __future__ import annotations

from eventwire.pipeline import Pipeline

from .news_sentences import actor_at, analysed, events_of, names


def test_a_relative_clause_about_someone_tells_an_event(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The two activists whom police detained in Osh on Friday "
                             "were released on bail.")
    detentions = events_of(doc, "COERCE")
    assert detentions
    assert names(doc, detentions[0].source) == ["police"]
    assert names(doc, detentions[0].target) == ["activists"]


def test_a_relative_clause_whose_pronoun_is_the_subject_describes(
        pipeline: Pipeline) -> None:
    # measured on real news, these clauses gave more wrong events than right ones
    doc = analysed(pipeline, "Maxim Petrov, who had criticised the governor, was detained "
                             "in Bishkek on Friday.")
    assert not events_of(doc, "ACCUSE")


def test_a_participle_tells_what_its_noun_underwent(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "A journalist detained by police in Osh was released on "
                             "Monday.")
    detentions = events_of(doc, "COERCE")
    assert detentions
    assert names(doc, detentions[0].source) == ["police"]
    assert names(doc, detentions[0].target) == ["journalist"]


def test_a_participle_about_a_thing_that_is_no_party_tells_nothing(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "A television network funded by the Russian government "
                             "opened a bureau in Almaty.")
    assert not events_of(doc, "AID")


def test_two_verbs_that_share_an_object_tell_one_act(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Officer Anna Kowalski shot and killed Daniel Reyes in Tulsa "
                             "on Thursday.")
    assaults = events_of(doc, "ASSAULT")
    assert len(assaults) == 1
    assert names(doc, assaults[0].source) == ["Anna Kowalski"]
    assert names(doc, assaults[0].target) == ["Daniel Reyes"]


def test_a_participle_that_names_the_act_tells_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The sanctions imposed on Belarus by the European Union "
                             "took effect on Monday.")
    sanctions = events_of(doc, "SANCTION")
    assert sanctions and names(doc, sanctions[0].target) == ["Belarus"]
    assert names(doc, sanctions[0].source) == ["European Union"]


def test_a_noun_that_names_who_acted_and_on_whom_is_an_event(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Kazakhstan condemned Russia's invasion of Ukraine.")
    assaults = events_of(doc, "ASSAULT")
    assert assaults
    assert names(doc, assaults[0].source) == ["Russia"]
    assert names(doc, assaults[0].target) == ["Ukraine"]
    assert events_of(doc, "ACCUSE")


def test_a_noun_that_made_the_verb_is_not_a_second_event(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The European Union imposed sanctions on Belarus's "
                             "government.")
    assert len(events_of(doc, "SANCTION")) == 1


def test_staff_who_are_fired_are_dismissed_not_shot(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The mayor of Osh fired two aides after the scandal.")
    assert not events_of(doc, "ASSAULT")
    assert events_of(doc, "SANCTION")


def test_it_as_a_subject_is_the_body_of_the_sentence_before(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Uzbek Foreign Ministry summoned the Afghan envoy on "
                             "Monday. It also accused the Taliban of shelling Termez.")
    accused = [e for e in events_of(doc, "ACCUSE")
               if doc.text[e.evidence.trigger[0]:e.evidence.trigger[1]] == "accused"]
    source = actor_at(doc, "Uzbek Foreign Ministry")
    assert source is not None and accused and accused[0].source == [source.id]


def test_an_empty_it_and_a_person_are_no_body(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Uzbek Foreign Ministry summoned the Afghan envoy. It is "
                             "clear that talks will follow.")
    assert actor_at(doc, "It is clear") is None
    doc = analysed(pipeline, 'Limbaugh continued: "They are demanding this, and they are '
                             'pressing the moderator."')
    speaker = actor_at(doc, "Limbaugh")
    assert not any(speaker is not None and speaker.id in e.source
                   for e in events_of(doc, "REQUEST"))


def test_a_person_the_parser_calls_an_organisation_is_a_person(pipeline: Pipeline) -> None:
    # the small model tags "Lester Hale" ORG here; "Lester" is a given name of people in
    # the dictionary
    doc = analysed(pipeline, "The campaign has asked NBC's Lester Hale to press the "
                             "candidates.")
    hale = actor_at(doc, "Lester Hale")
    assert hale is not None and hale.kind == "person"
    requests = events_of(doc, "REQUEST")
    assert requests and requests[0].target == [hale.id]
    doc = analysed(pipeline, "Lawyers for Tomas Brandt Group said the deal was off.")
    group = actor_at(doc, "Tomas Brandt Group")
    assert group is None or group.kind != "person"


def test_a_title_qualified_by_a_known_person_gives_that_persons_country(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Putin aide Oleg Vasin said the talks in Astana would go "
                             "ahead.")
    aide = actor_at(doc, "Oleg Vasin")
    assert aide is not None and aide.name == "Oleg Vasin" and aide.country == "RUS"
    putin = actor_at(doc, "Putin")
    assert putin is None or putin.id == aide.id  # the phrase is the aide, not Putin


def test_candidates_act_for_parties(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Other candidates criticised the election commission.")
    candidates = actor_at(doc, "candidates")
    assert candidates is not None and "PTY" in candidates.sectors


def test_verbs_of_verbal_attack_praise_and_threat(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The senator railed against the Interior Ministry. Tokayev "
                             "admires President Xi Jinping. A protester brandished a knife "
                             "at police in Osh. Britain says the former officer was "
                             "poisoned by Russia.")
    assert events_of(doc, "ACCUSE")
    assert events_of(doc, "SUPPORT")
    assert events_of(doc, "THREATEN")
    poisonings = events_of(doc, "ASSAULT")
    assert poisonings and names(doc, poisonings[0].source) == ["Russia"]


def test_verdicts_and_pleas(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "A jury in Sacramento found Senator Ruiz guilty of fraud. A "
                             "second jury found the officer not guilty. The mayor pleaded "
                             "not guilty on Monday. The former minister pleaded guilty to "
                             "bribery.")
    convictions = events_of(doc, "SANCTION")
    assert len(convictions) == 1 and convictions[0].mode == "convict"
    assert names(doc, convictions[0].target) == ["Ruiz"]
    assert names(doc, events_of(doc, "REJECT")[0].source) == ["mayor"]
    assert names(doc, events_of(doc, "CONCEDE")[0].source) == ["former minister"]


def test_what_someone_is_called_decides_the_act(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "President Saied has described the detained opposition "
                             "leaders as traitors.")
    accusations = events_of(doc, "ACCUSE")
    assert accusations and names(doc, accusations[0].target) == [
        "detained opposition leaders"]
    doc = analysed(pipeline, "The foreign minister called the meeting a success.")
    assert not doc.events  # a judgement of a meeting is no call for anything


def test_a_warning_about_others_is_criticism_and_about_oneself_a_threat(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Rights groups warned that the government was giving up its "
                             "leverage over the military.")
    assert events_of(doc, "ACCUSE") and not events_of(doc, "THREATEN")
    doc = analysed(pipeline, "China's Foreign Ministry warned that China would take firm "
                             "measures against the sale.")
    assert events_of(doc, "THREATEN") and not events_of(doc, "ACCUSE")


def test_a_bare_title_stands_for_the_one_person_named_with_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Kyrgyz President Sadyr Japarov met Uzbek officials in "
                             "Tashkent. The president said the border deal was final.",
                    day="2022-03-28")
    japarov = actor_at(doc, "Sadyr Japarov")
    assert japarov is not None and actor_at(doc, "president said") is japarov
    doc = analysed(pipeline, "President Joe Biden spoke with President Vladimir Putin. The "
                             "president warned of sanctions.", day="2022-03-28")
    either = actor_at(doc, "president warned")
    assert either is None or either.kind != "person"  # two presidents: nobody in particular


def test_the_act_a_relative_clause_answers_and_a_share_of_a_group(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The opposition demanded that the government publish the "
                             "maps, a request that the government declined.")
    refusals = events_of(doc, "REJECT")
    assert refusals and names(doc, refusals[0].source) == ["government"]
    doc = analysed(pipeline, "Some of the detained activists were later released, the "
                             "ministry said.")
    releases = events_of(doc, "RETREAT")
    assert releases and names(doc, releases[0].target) == ["detained activists"]


def test_a_warning_to_someones_face_is_a_threat_and_two_acts_stay_two(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The European Union warned Kyrgyzstan that the law on foreign "
                             "representatives could cost it its trade preferences.")
    assert events_of(doc, "THREATEN") and not events_of(doc, "ACCUSE")
    doc = analysed(pipeline, "Kyrgyz security services raided the offices of the outlet and "
                             "detained eleven staff.")
    assert len(events_of(doc, "COERCE")) == 2


def test_a_participle_with_nobody_acting_describes(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The European Union allocated aid for families displaced in "
                             "the Batken region.")
    assert not events_of(doc, "SANCTION")
