"""Acts that real news tells around the verb that carries them (issue 13): an actor's word
on its own future act, acts in a clause of time or of blame, writings that speak for whoever
issues them, refusals to act, and acts of force named by a noun with their victim.
Sentences written for these tests; the people in them are invented or public officials."""

from __future__ import annotations

import pytest

from eventwire.pipeline import Pipeline

from .news_sentences import analysed, events_of, names


def test_an_actors_own_future_cooperation_is_a_promise(pipeline: Pipeline) -> None:
    # the PLOVER manual: cooperative acts told in the future tense are AGREE
    doc = analysed(pipeline, "The Kazakh energy ministry said Kazakhstan will supply gas to "
                             "Kyrgyzstan this winter.")
    promises = events_of(doc, "AGREE")
    assert promises and promises[0].modality == "asserted"
    assert names(doc, promises[0].source) == ["Kazakhstan"]
    assert not events_of(doc, "COOPERATE")


def test_someone_elses_forecast_stays_a_future_act(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Analysts said Kazakhstan will supply gas to Kyrgyzstan this "
                             "winter.")
    assert not events_of(doc, "AGREE")
    assert [e.modality for e in events_of(doc, "COOPERATE")] == ["future"]


def test_an_announced_withdrawal_is_a_concession(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Russia announced that it would withdraw its troops from "
                             "Armenia.")
    concessions = events_of(doc, "CONCEDE")
    assert concessions and concessions[0].modality == "asserted"
    assert names(doc, concessions[0].source) == ["Russia"]
    assert not events_of(doc, "RETREAT")


def test_a_passive_future_is_no_promise(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Bishkek will be visited by Chinese officials next week.")
    assert not events_of(doc, "AGREE")


def test_an_act_in_a_clause_of_time_happened(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Tokayev told reporters after meeting Mirziyoyev in Tashkent "
                             "that the border was settled.")
    meetings = events_of(doc, "CONSULT")
    assert meetings and meetings[0].modality == "asserted"
    assert names(doc, meetings[0].target) == ["Shavkat Mirziyoyev"]


def test_the_act_someone_is_accused_of_is_not_asserted(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Dushanbe accused Bishkek of shelling border villages.")
    assert not [e for e in events_of(doc, "ASSAULT") if e.modality == "asserted"]


def test_a_noun_after_a_preposition_of_time_has_no_borrowed_doer(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Japarov spoke to voters after the latest border shooting.")
    assert not events_of(doc, "ASSAULT")


def test_the_act_someone_is_blamed_for_is_theirs(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The ombudsman criticised the Osh police for detaining two "
                             "journalists.")
    detentions = events_of(doc, "COERCE")
    assert detentions and detentions[0].modality == "asserted"
    assert names(doc, detentions[0].source) == ["Osh police"]
    assert names(doc, detentions[0].target) == ["journalists"]


def test_declining_to_act_is_a_refusal(pipeline: Pipeline) -> None:
    refusal = analysed(pipeline, "The Constitutional Court declined to hear the "
                                 "opposition's appeal.")
    assert names(refusal, events_of(refusal, "REJECT")[0].source) == ["Constitutional Court"]
    for text in ("The ministry declined to comment.", "Cotton exports declined sharply in "
                                                      "March."):
        assert not analysed(pipeline, text).events, text


def test_a_letter_acts_for_whoever_sends_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Forty Kyrgyz lawmakers sent a letter to President Japarov "
                             "urging him to release the detained journalists.")
    requests = events_of(doc, "REQUEST")
    assert requests
    assert names(doc, requests[0].source) == ["Kyrgyz lawmakers"]
    assert names(doc, requests[0].target) == ["Japarov"]


@pytest.mark.parametrize(("text", "event_type"), [
    # someone else's writing speaks for nobody here
    ("The report noted published claims alleging that the governor had lied.", "ACCUSE"),
    # a verb that only tags a quoted question asks for nothing
    ('Senator Omurbekov spoke for an hour. "Why did the cabinet hide the gas contract?" '
     "Omurbekov demanded.", "REQUEST"),
])
def test_words_that_tell_no_act(pipeline: Pipeline, text: str, event_type: str) -> None:
    assert not events_of(analysed(pipeline, text), event_type)


def test_a_recommendation_is_a_request_and_not_the_act(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The committee recommended that parliament reject the bill.")
    requests = events_of(doc, "REQUEST")
    assert requests and names(doc, requests[0].target) == ["parliament"]
    assert not [e for e in events_of(doc, "REJECT") if e.modality == "asserted"]


def test_an_announced_arrest_names_who_arrested_whom(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Police in Almaty announced the arrest of two opposition "
                             "activists.")
    arrests = events_of(doc, "COERCE")
    assert arrests and arrests[0].modality == "asserted"
    assert names(doc, arrests[0].source) == ["Police"]
    assert names(doc, arrests[0].target) == ["opposition activists"]


def test_an_arrest_that_is_demanded_has_not_happened(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Protesters demanded the arrest of the Osh police chief.")
    assert events_of(doc, "REQUEST")
    assert not events_of(doc, "COERCE")


def test_what_someone_faced_or_received_was_done_to_them(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Kyrgyz ombudsman has faced sharp criticism from rights "
                             "groups for failing to visit the prison.")
    criticism = events_of(doc, "ACCUSE")
    assert criticism
    assert names(doc, criticism[0].source) == ["rights groups"]
    assert names(doc, criticism[0].target) == ["Kyrgyz ombudsman"]
    backing = analysed(pipeline, "Tokayev received strong backing from Russia.")
    support = events_of(backing, "SUPPORT")
    assert support and names(backing, support[0].source) == ["Russia"]


def test_facing_sanctions_is_a_risk_not_an_act(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Kazakhstan faces sanctions from the European Union.")
    assert not events_of(doc, "SANCTION")


def test_saying_another_does_wrong_accuses_them(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Kazakh foreign ministry said Russia was meddling in the "
                             "election.")
    accusations = events_of(doc, "ACCUSE")
    assert accusations and names(doc, accusations[0].target) == ["Russia"]
    fear = analysed(pipeline, "The Kazakh foreign ministry said Russia may meddle in the "
                              "election.")
    assert not events_of(fear, "ACCUSE")


def test_hammering_a_person_is_an_attack_in_words(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Senator Omurbekov hammered Prime Minister Akylbek Japarov over "
                             "the gas price rise.")
    attacks = events_of(doc, "ACCUSE")
    assert attacks and names(doc, attacks[0].target) == ["Akylbek Japarov"]
    assert not analysed(pipeline, "The workers hammered the steel plates into shape.").events


def test_advising_someone_to_act_is_a_request(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The ambassador advised Tokayev to resign.")
    requests = events_of(doc, "REQUEST")
    assert requests and names(doc, requests[0].target) == ["Kassym-Jomart Tokayev"]
    assert not events_of(analysed(pipeline, "She advised the ministry on the reform."),
                         "REQUEST")


_HEADLINED = ("Kyrgyz Lawmakers Slam Tokayev Over Border Deal.\n\n"
              "BISHKEK - Kyrgyz lawmakers on Tuesday criticised President Tokayev of "
              "Kazakhstan for a border deal signed in Astana. The deal was signed last week, "
              "officials said. The deputies said the new line gave Kazakhstan two villages "
              "that Kyrgyz herders have used for generations.\n")


def test_a_title_case_headline_is_read_in_sentence_case(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, _HEADLINED)
    headline = [e for e in events_of(doc, "ACCUSE") if e.evidence.span[0] == 0]
    assert headline, "the headline's attack is found"
    assert names(doc, headline[0].target) == ["Kassym-Jomart Tokayev"]
    # the record keeps the words as written
    assert headline[0].evidence.sentence.startswith("Kyrgyz Lawmakers Slam Tokayev")


def test_sentence_casing_lowers_ordinary_words_and_keeps_names() -> None:
    from eventwire.nlp import sentence_cased

    cased = sentence_cased(_HEADLINED)
    assert cased.startswith("Kyrgyz lawmakers slam Tokayev over border deal.")
    assert len(cased) == len(_HEADLINED) and cased[48:] == _HEADLINED[48:]
    plain = "Kyrgyz lawmakers criticised Tokayev on Tuesday.\n\nThe deal was signed."
    assert sentence_cased(plain) == plain


def test_one_sides_word_on_a_joint_plan_is_no_promise_by_the_other(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "The Turkmen foreign ministry said Turkmenistan and Iran will "
                             "open a new border crossing next year.")
    assert doc.events and all(e.modality == "future" for e in doc.events)


def test_a_hope_for_ones_own_act_asks_nobody(pipeline: Pipeline) -> None:
    own = analysed(pipeline, "Tokayev said he expected to sign the treaty in Moscow.")
    assert not events_of(own, "REQUEST")
    others = analysed(pipeline, "Russia hopes Uzbekistan will refuse US bases.")
    assert names(others, events_of(others, "REQUEST")[0].target) == ["Uzbekistan"]


def test_participles_joined_under_a_noun_both_describe_it(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "A coalition led by Kazakhstan and backed by China sent "
                             "observers to the border.")
    assert [names(doc, e.source) for e in events_of(doc, "SUPPORT")] == [["China"]]


def test_calling_for_something_to_be_done_is_a_request(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Protesters in Bishkek have taken to the streets and called for "
                             "the footage to be released.")
    assert [names(doc, e.source) for e in events_of(doc, "REQUEST")] == [["Protesters"]]


def test_the_poisoning_of_a_person_abroad_targets_the_person_not_the_country(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Kazakhstan condemned the poisoning of the Uzbek opposition "
                             "activist Bakhodir Rakhimov and his son in Turkey.")
    attacks = events_of(doc, "ASSAULT")
    assert [names(doc, e.target) for e in attacks] == [["Uzbek opposition activist"]]


def test_shelling_a_city_in_a_country_targets_the_country(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Tajik forces shelled a town in northern Kyrgyzstan.")
    assert [names(doc, e.target) for e in events_of(doc, "ASSAULT")] == [["Kyrgyzstan"]]


def test_a_word_of_a_relative_clause_is_no_part_of_the_phrase(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Astana has received strong backing from Moscow and its partners "
                             "in the union, which have expelled Ukrainian diplomats.")
    backing = events_of(doc, "SUPPORT")
    assert backing and "Ukrainian diplomats" not in names(doc, backing[0].source)


def test_a_duty_a_schedule_or_an_announced_plan_is_not_yet_done(pipeline: Pipeline) -> None:
    for text in ("Mr. Clarke's job was to assist Mr. Justice and his company in dealing "
                 "with regulators.",
                 "Putin is to visit Ankara next week for talks with Erdogan on Syria.",
                 "Steyer announced plans this week to give an additional $15 million to "
                 "For Our Future."):
        doc = analysed(pipeline, text)
        assert doc.events, text
        assert all(e.modality == "future" for e in doc.events), text


def test_a_vow_to_punish_is_a_threat_and_a_pledge_of_aid_a_promise(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "President Tokayev vowed to hunt down and bring to justice "
                             "those responsible for the bombing.")
    assert [e.modality for e in events_of(doc, "THREATEN")] == ["asserted"]
    assert not events_of(doc, "AGREE")
    doc = analysed(pipeline, "Japan pledged to send aid to Kyrgyzstan.")
    assert events_of(doc, "AGREE") and not events_of(doc, "THREATEN")


def test_a_noun_of_force_and_the_verb_it_is_subject_of_tell_one_act(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Clashes between Kyrgyz and Tajik border guards killed 40 "
                             "people on Thursday.")
    clashes = events_of(doc, "ASSAULT")
    assert len(clashes) == 1  # not the clashes and the killing as two
    assert {name.split()[-1] for name in names(doc, clashes[0].source)} >= {"Kyrgyzstan"}
    assert len(clashes[0].source) == 2
    doc = analysed(pipeline, "Russian airstrikes killed 30 civilians in Idlib on Monday.")
    strikes = events_of(doc, "ASSAULT")
    assert len(strikes) == 1 and strikes[0].mode == "aerial"
    assert names(doc, strikes[0].source) == ["Russia"]


def test_attending_a_rally_is_protest_and_attending_a_summit_a_meeting(
        pipeline: Pipeline) -> None:
    doc = analysed(pipeline, "Opposition leader Navalny attended a protest in Moscow on "
                             "Saturday. President Tokayev attended a summit in Samarkand.")
    assert [e.mode for e in events_of(doc, "PROTEST")] == ["demo"]
    assert len(events_of(doc, "CONSULT")) == 1
