"""The event coder on sentences written for these tests: types, roles, modality."""

from __future__ import annotations

import pytest

from eventwire.document import EventMention
from eventwire.evaluation.events import rule_coder
from eventwire.pipeline import Pipeline


def _code(pipeline: Pipeline, text: str, day: str = "2024-06-07",
          genre: str = "news_report") -> tuple[list[EventMention], dict[str, str]]:
    doc = pipeline.resources.nlp(text)
    actors = pipeline.resources.actor_extractor.extract(doc, day)
    codes = {a.id: a.country or ("IGO" if "IGO" in a.sectors else "") for a in actors}
    return rule_coder(pipeline).code_with(doc, actors, "test", day, genre), codes


def _one(events: list[EventMention], event_type: str) -> EventMention:
    matches = [e for e in events if e.type == event_type]
    assert matches, f"no {event_type} in {[(e.type, e.modality) for e in events]}"
    return matches[0]


@pytest.mark.parametrize(("text", "event_type", "source", "target"), [
    ("Russian troops attacked Ukrainian positions near Kharkiv.", "ASSAULT", "RUS", "UKR"),
    ("Kazakh President Kassym-Jomart Tokayev met Vladimir Putin in Moscow.", "CONSULT",
     "KAZ", "RUS"),
    ("The European Union imposed sanctions on Iran.", "SANCTION", "IGO", "IRN"),
    ("Kyrgyzstan rejected Tajikistan's proposal on the disputed enclave.", "REJECT", "KGZ",
     "TJK"),
    ("Uzbekistan sent 3,700 tonnes of humanitarian aid to Afghanistan.", "AID", "UZB", "AFG"),
    ("China condemned the United States over the new tariffs.", "ACCUSE", "CHN", "USA"),
])
def test_types_and_roles(pipeline: Pipeline, text: str, event_type: str, source: str,
                         target: str) -> None:
    events, codes = _code(pipeline, text)
    event = _one(events, event_type)
    assert source in {codes.get(s) for s in event.source}
    assert target in {codes.get(t) for t in event.target}
    assert event.modality == "asserted"
    assert event.coder.startswith("eventwire.events.")
    start, end = event.evidence.trigger
    assert text[start:end]  # the trigger is shown from the text


def test_a_hope_is_a_request_not_the_hoped_for_act(pipeline: Pipeline) -> None:
    text = "Russia hopes the Central Asian states will refuse to host US bases."
    events, codes = _code(pipeline, text)
    request = _one(events, "REQUEST")
    assert [codes[s] for s in request.source] == ["RUS"]
    assert all(e.modality != "asserted" for e in events if e.type == "REJECT")


@pytest.mark.parametrize(("text", "modality"), [
    ("Tajik troops did not attack the Kyrgyz border post.", "negated"),
    ("If Kyrgyzstan withdraws its troops, Tajikistan would hold talks with Bishkek.",
     "hypothetical"),
    ("Analysts said Kazakhstan will hold talks with China next week.", "future"),
    ("Kyrgyz officials said Tajik troops had shelled a border post in Batken.", "reported"),
    ("In 2010, Kyrgyz troops attacked Uzbek neighbourhoods in Osh.", "historical"),
    ("Moscow said the ban would remain in place until Kazakhstan provided guarantees to "
     "Russia.", "future"),
    ("Shelling went on for hours until Tajik troops withdrew from the village.", "asserted"),
])
def test_modality(pipeline: Pipeline, text: str, modality: str) -> None:
    events, _codes = _code(pipeline, text)
    assert events, "no event"
    assert events[0].modality == modality


def test_reported_speech_is_attributed(pipeline: Pipeline) -> None:
    text = "The Kyrgyz border service said Tajik troops had shelled a post near Batken."
    events, codes = _code(pipeline, text)
    assault = _one(events, "ASSAULT")
    assert assault.modality == "reported"
    assert assault.attributed_to is not None and codes[assault.attributed_to] == "KGZ"


def test_opinion_is_no_asserted_event(pipeline: Pipeline) -> None:
    text = "Moscow sent troops to Kazakhstan in January 2022 to show who is in charge."
    events, _codes = _code(pipeline, text, genre="opinion")
    assert events and all(e.modality == "opinion" for e in events)
    text = "Russia views the region as its backyard."
    events, _codes = _code(pipeline, text, genre="opinion")
    assert events == []


def test_agreeing_to_act_is_one_agree(pipeline: Pipeline) -> None:
    events, codes = _code(pipeline, "Uzbekistan agreed to provide aid to Afghanistan.")
    agree = _one(events, "AGREE")
    assert [codes[s] for s in agree.source] == ["UZB"]
    assert [e.type for e in events] == ["AGREE"]  # the aid itself is not a second event


def test_magnitude_and_several_sources(pipeline: Pipeline) -> None:
    text = "Russia, Kazakhstan and Belarus deployed about 2,000 troops to Kyrgyzstan."
    events, codes = _code(pipeline, text)
    mobilize = _one(events, "MOBILIZE")
    assert {codes[s] for s in mobilize.source} == {"RUS", "KAZ", "BLR"}
    assert mobilize.magnitude is not None
    assert mobilize.magnitude.value == 2000


def test_an_obligation_stated_is_a_request(pipeline: Pipeline) -> None:
    events, codes = _code(pipeline, "Kazakhstan says Kyrgyzstan must reopen the border crossing.")
    request = _one(events, "REQUEST")
    assert [codes[s] for s in request.source] == ["KAZ"]
    assert [codes[t] for t in request.target] == ["KGZ"]


def test_content_of_a_statement_is_no_second_event(pipeline: Pipeline) -> None:
    text = "The United Nations condemned the Taliban's decision to bar women from universities."
    events, _codes = _code(pipeline, text)
    assert [e.type for e in events] == ["ACCUSE"]


def test_a_press_release_with_dateline_and_signature(pipeline: Pipeline) -> None:
    from eventwire.ingest.containers import Draft

    text = ("Press release\n\nDUSHANBE, 12 May 2023 - Tajik and Russian troops began joint "
            "exercises at the Harb-Maidon training ground on Monday, the Ministry of Defence "
            "of Tajikistan said.\n\nRussia did not deploy additional troops, the ministry "
            "added.\n\nPress Service of the Ministry of Defence of the Republic of Tajikistan\n"
            "Dushanbe, 12 May 2023\n")
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    codes = {a.id: a.country for a in doc.actors or []}
    events = {e.type: e for e in doc.events or []}
    exercise = events["COOPERATE"]
    assert {codes[s] for s in exercise.source} == {"TJK", "RUS"}
    assert exercise.start == "2023-05-08"  # the Monday before the release
    assert exercise.modality == "reported"
    assert events["MOBILIZE"].modality == "negated"
    assert not any(a.name.isupper() for a in doc.actors or [])  # the dateline is no actor


def test_two_days_joined_by_and_are_the_events_interval(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.ingest.containers import Draft

    text = ("Uzbek and Russian troops held joint exercises near Termez on 5 and 6 August "
            "2021, the ministry said.")
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    drills = next(e for e in doc.events if e.type == "COOPERATE")
    assert (drills.start, drills.end) == ("2021-08-05", "2021-08-06")


def test_an_act_denied_through_its_subject_or_object_is_negated(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.ingest.containers import Draft

    text = ("Contrary to claims published by a Moscow outlet on 17 January 2022, no CSTO "
            "units were deployed to the border. Russia deployed no troops to Tajikistan, "
            "the ministry said. Kazakh police detained 30 protesters in Almaty.")
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    by_type = {}
    for event in doc.events:
        by_type.setdefault(event.type, []).append(event.modality)
    assert by_type["MOBILIZE"] == ["negated", "negated"]
    assert by_type["COERCE"] == ["asserted"]


def test_a_subject_the_parser_hung_on_a_fronted_phrase_is_found(pipeline) -> None:  # type: ignore[no-untyped-def]
    from eventwire.ingest.containers import Draft

    text = ("At the request of the President of Kazakhstan, the Collective Security Treaty "
            "Organization deployed a contingent of peacekeepers to Almaty.")
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    actors = {a.id: a for a in doc.actors}
    event = doc.events[0]
    assert [actors[i].code for i in event.source] == ["IGOMIL"]


@pytest.mark.parametrize("text", [
    "Russia simulated an attack on the Danish island of Bornholm during the drills.",
    "Uzbek units practised repelling an incursion by armed groups from Afghanistan.",
    "Soldiers staged a mock assault on a village near Termez.",
    "All this changed when Hurricane Betsy destroyed the church.",
    "The coal companies are fighting to protect their diminishing business.",
])
def test_what_only_names_an_act_is_no_such_act(pipeline: Pipeline, text: str) -> None:
    events, _ = _code(pipeline, text)
    assert not [e for e in events if e.type in ("ASSAULT", "COERCE")], \
        [(e.type, e.evidence.sentence) for e in events]


def test_credit_lines_are_no_events(pipeline: Pipeline) -> None:
    events, _ = _code(pipeline, "Reuters and the Kazakh state news agency Kazinform "
                                "contributed to this report.")
    assert events == []


def test_people_attacking_each_other_in_words_accuse(pipeline: Pipeline) -> None:
    events, _ = _code(pipeline, "Donald Trump attacked Jeb Bush for accepting donations "
                                "from lobbyists.", day="2016-01-10")
    assert [e.type for e in events] == ["ACCUSE"]
    troops, _ = _code(pipeline, "Russian troops attacked Ukrainian positions near Kharkiv.")
    assert [e.type for e in troops] == ["ASSAULT"]


def test_a_finished_event_of_some_days_starts_that_many_days_before(pipeline: Pipeline) -> None:
    from eventwire.events.coder import _days_lasted

    sentence = "A six-day exercise of Uzbek and Tajik troops ended on Tuesday."
    assert _days_lasted(sentence, sentence.index("ended")) == 6
    assert _days_lasted("A six-day exercise began on Tuesday.", 20) is None
