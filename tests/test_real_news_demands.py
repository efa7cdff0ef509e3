"""Demands made with "must", "should", "ought to", "has to" and "needs to" (issue 13), and
who says the words that carry them. Sentences written for these tests; the people in them
are invented or public officials."""

from __future__ import annotations

import pytest

from eventwire.pipeline import Pipeline

from .news_sentences import analysed, events_of, names

# (text, source, target): the speaker asks the one obliged to act
DEMANDS = [
    ('"Kyrgyzstan must pull its troops back from the border," Kassym-Jomart Tokayev said.',
     ["Kassym-Jomart Tokayev"], ["Kyrgyzstan"]),
    ('"Tajikistan ought to reopen the Guliston crossing," President Sadyr Japarov said on Monday.',
     ["Sadyr Japarov"], ["Tajikistan"]),
    ("Uzbek Foreign Minister Bakhtiyor Saidov said Afghanistan has to stop the canal works.",
     ["Bakhtiyor Saidov"], ["Afghanistan"]),
    ('"Turkmenistan needs to open its gas fields to inspectors," Sadyr Japarov told reporters.',
     ["Sadyr Japarov"], ["Turkmenistan"]),
]


@pytest.mark.parametrize(("text", "source", "target"), DEMANDS)
def test_a_speakers_must_or_should_is_a_demand(pipeline: Pipeline, text: str,
                                               source: list[str], target: list[str]) -> None:
    doc = analysed(pipeline, text)
    demands = [e for e in events_of(doc, "REQUEST") if e.modality == "asserted"]
    assert [(names(doc, e.source), names(doc, e.target)) for e in demands] == \
        [(source, target)]


@pytest.mark.parametrize("text", [
    # one's own duty, a forecast, a possibility, a condition, a question, a description
    '"We must defend our borders," Tokayev said.',
    "Tokayev said Kazakhstan should win the vote easily.",
    "Tokayev said Kazakhstan may need to cut its grain exports.",
    "Should Kyrgyzstan close the border, Tokayev said, trade would suffer.",
    '"Why should Kyrgyzstan pay for the road?" Tokayev asked.',
    "Tokayev said Kyrgyzstan has enough troops to secure the border.",
    "Tokayev spoke of the chance that Kyrgyzstan has to join the union.",
    "Tokayev said Kazakhstan will have to import more wheat.",
])
def test_what_is_not_asked_of_anyone(pipeline: Pipeline, text: str) -> None:
    doc = analysed(pipeline, text)
    assert not [e for e in events_of(doc, "REQUEST") if e.modality == "asserted"]


def test_you_is_whom_the_speaker_tells(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, 'Senator Elizabeth Warren questioned the bank\'s chief, John '
                             'Stumpf, on Tuesday. "You should resign," Warren told Stumpf.')
    demands = events_of(doc, "REQUEST")
    assert [(names(doc, e.source), names(doc, e.target)) for e in demands] == \
        [(["Elizabeth Warren"], ["John Stumpf"])]


def test_a_passive_demand_names_nobody_as_the_one_obliged(pipeline: Pipeline) -> None:
    doc = analysed(pipeline, '"The journalist should be released," Frances Kerr of the '
                             'rights group said.')
    demands = events_of(doc, "REQUEST")
    assert [names(doc, e.source) for e in demands] == [["Frances Kerr"]]
    assert demands[0].target == []


def test_she_who_speaks_after_a_report_is_the_last_speaker(pipeline: Pipeline) -> None:
    # the last person named (Stumpf) is the one spoken of, not the speaker
    doc = analysed(pipeline, "Senator Elizabeth Warren said the bank's chief, John Stumpf, "
                             'should resign. "He should also give back the money," she said.')
    quote = next(q for q in doc.quotes if q.kind == "direct")
    assert quote.speaker is not None and "warren" in quote.speaker
