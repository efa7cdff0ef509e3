"""The times layer on sentences written for these tests, in the style of Central Asian
news reports; the document date is Friday 7 June 2024 unless a test says otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluation.places_times import evaluate_dates
from eventwire.extract.time_calendar import easter
from eventwire.extract.times import find_times
from eventwire.pipeline import Pipeline

FRIDAY = "2024-06-07"


def _time(text: str, words: str, day: str = FRIDAY, order: str = "DMY"):  # type: ignore[no-untyped-def]
    """The mention that covers ``words`` in ``text``."""
    start = text.index(words)
    found = [t for t in find_times(text, day, order)
             if t.span[0] < start + len(words) and start < t.span[1]]
    assert found, f"no time found at {words!r} in {text!r}"
    return found[0]


@pytest.mark.parametrize(("text", "words", "value"), [
    # the verb before the weekday decides: said -> back, will/until/as early as -> ahead
    ("Uzbek and Kazakh officials said Tuesday that the border crossing had reopened.",
     "Tuesday", "2024-06-04"),
    ("The foreign ministers of Kyrgyzstan and Tajikistan will meet in Bishkek on Tuesday.",
     "Tuesday", "2024-06-11"),
    ("The customs service postponed until Monday any decision on the new tariffs.",
     "Monday", "2024-06-10"),
    ("The delegation could arrive in Dushanbe as early as Wednesday, the ministry said.",
     "Wednesday", "2024-06-12"),
    # the document's own weekday is the same day when looking back
    ("President Sadyr Japarov signed the decree Friday, his press office said.",
     "Friday", "2024-06-07"),
    # a past verb right after the weekday governs it, whatever came before
    ("Officials will review the case after a court in Osh Thursday rejected the appeal.",
     "Thursday", "2024-06-06"),
    # a fronted weekday takes the tense of the clause it opens
    ("But by Monday, the Tajik side had withdrawn its objections.", "Monday", "2024-06-03"),
    ("On Saturday, the Kazakh energy ministry plans to open bids for the new plant.",
     "Saturday", "2024-06-08"),
    ("A rally planned in Almaty for Sunday was cancelled by the city authorities.",
     "Sunday", "2024-06-02"),
    # a possessive weekday is an event already past, unless something is ahead of it
    ("Lawyers said they would appeal against Wednesday's ruling by the Supreme Court.",
     "Wednesday", "2024-06-05"),
    ("Parties campaigned in Bishkek ahead of Sunday's parliamentary vote.",
     "Sunday", "2024-06-09"),
    ("The treaty was signed the day before last Tuesday's summit in Astana.",
     "the day before", "2024-06-03"),
])
def test_weekdays_follow_the_tense_of_their_sentence(text: str, words: str, value: str) -> None:
    assert _time(text, words).value == value


def test_a_weekday_before_a_date_takes_the_date() -> None:
    text = "The Times of Central Asia said in an editorial on Monday, 10 June:"
    assert _time(text, "Monday").value == "2024-06-10"


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The border post will stay closed until 9 a.m. local time Tuesday.", "9 a.m.",
     "2024-06-11T09:00"),
    ("Talks will resume Monday at 2:30 p.m. in Tashkent, the ministry announced.", "Monday",
     "2024-06-10T14:30"),
])
def test_clock_times_with_a_weekday(text: str, words: str, value: str) -> None:
    mention = _time(text, words)
    assert (mention.value, mention.granularity) == (value, "day")


@pytest.mark.parametrize(("text", "words", "value", "start", "end"), [
    # a season begun by the document date is this year's; summer has begun on 7 June
    ("Water shortages hit southern Kazakhstan in summer.", "summer", "2024-SU",
     "2024-06-01", "2024-08-31"),
    ("Construction of the Kambarata-1 dam stalled last fall.", "last fall", "2023-FA",
     "2023-09-01", "2023-11-30"),
    ("The pipeline is due to open this winter.", "this winter", "2024-WI",
     "2024-12-01", "2025-02-28"),
    ("Flooding in the Fergana Valley was worst in the spring of 2021.", "spring of 2021",
     "2021-SP", "2021-03-01", "2021-05-31"),
    ("Exports are expected to recover in the autumn.", "autumn", "2024-FA",
     "2024-09-01", "2024-11-30"),
    ("Water shortages hit southern Kazakhstan last summer.", "last summer", "2023-SU",
     "2023-06-01", "2023-08-31"),
])
def test_seasons(text: str, words: str, value: str, start: str, end: str) -> None:
    mention = _time(text, words)
    assert (mention.value, mention.start, mention.end, mention.granularity) == (
        value, start, end, "season")


def test_a_season_word_that_is_no_season_is_left_alone() -> None:
    for text in ("Analysts recalled the fall of the Bakiyev government in 2010.",
                 "The protests recalled the Arab Spring."):
        assert all(t.granularity != "season" for t in find_times(text, FRIDAY)), text


@pytest.mark.parametrize(("text", "words", "value", "start", "end"), [
    ("Kazakhstan's GDP grew 4.2 percent in the first quarter.", "first quarter", "2024-Q1",
     "2024-01-01", "2024-03-31"),
    ("The central bank expects inflation to slow in the fourth quarter.", "fourth quarter",
     "2024-Q4", "2024-10-01", "2024-12-31"),
    ("Remittances to Tajikistan fell in Q3 2023.", "Q3 2023", "2023-Q3", "2023-07-01",
     "2023-09-30"),
    ("Gold output rose last quarter, the mining company said.", "last quarter", "2024-Q1",
     "2024-01-01", "2024-03-31"),
    ("Revenue in the third quarter of fiscal 2023 beat forecasts.", "third quarter",
     "FY2023-Q3", "2023-07-01", "2023-09-30"),
])
def test_quarters(text: str, words: str, value: str, start: str, end: str) -> None:
    mention = _time(text, words)
    assert (mention.value, mention.start, mention.end, mention.granularity) == (
        value, start, end, "quarter")


def test_fiscal_years() -> None:
    mention = _time("The budget for fiscal 2025 raises defence spending.", "fiscal 2025")
    assert (mention.value, mention.granularity) == ("FY2025", "year")
    assert _time("Kazakhstan's FY2023 accounts were published.", "FY2023").value == "FY2023"


@pytest.mark.parametrize(("text", "words", "value", "day"), [
    ("Crowds gathered in Dushanbe to celebrate Navruz.", "Navruz", "2024-03-21", FRIDAY),
    ("The ministry said a parade would be held on Victory Day.", "Victory Day", "2025-05-09",
     FRIDAY),
    ("Pilgrims arrived in Almaty as Easter week began.", "Easter week", "2024-W13",
     "2024-03-26"),
    ("Last Christmas the embassy in Tashkent hosted a reception.", "Last Christmas",
     "2023-12-25", FRIDAY),
])
def test_named_days(text: str, words: str, value: str, day: str) -> None:
    assert _time(text, words, day).value == value


def test_easter_falls_on_the_right_sunday() -> None:
    assert [easter(y).isoformat() for y in (2000, 2021, 2024, 2025)] == [
        "2000-04-23", "2021-04-04", "2024-03-31", "2025-04-20"]


@pytest.mark.parametrize(("text", "words", "value"), [
    ("Relations between Astana and Moscow have recently cooled.", "recently", "PAST_REF"),
    ("Officials did not rule out new talks in the future.", "the future", "FUTURE_REF"),
    ("The current agreement expires next year.", "current", "PRESENT_REF"),
    ("Tashkent currently imports most of its gas.", "currently", "PRESENT_REF"),
])
def test_vague_references(text: str, words: str, value: str) -> None:
    mention = _time(text, words)
    assert (mention.value, mention.granularity, mention.start, mention.end) == (
        value, "vague", FRIDAY, FRIDAY)


@pytest.mark.parametrize(("text", "words", "value"), [
    # bare months: back from the document date, ahead when the sentence looks ahead
    ("Heavy snow closed the Anzob tunnel in March.", "March", "2024-03"),
    ("Parliament has decided to hold the vote in early August.", "August", "2024-08"),
    ("The October session will consider the water-sharing agreement.", "October", "2024-10"),
    ("The railway opened in the October ceremony attended by both presidents.", "October",
     "2023-10"),
    ("Turkmenistan's gas deliveries resume next January.", "January", "2025-01"),
    # a day without its year: ahead when the sentence looks ahead, back when far ahead
    ("The court ordered that the journalist remain in custody until 6 March.", "6 March",
     "2025-03-06"),
    ("Officials said the blast on 23 October killed four workers.", "23 October", "2023-10-23"),
    ("The talks were held on 24 and 25 April in Ashgabat.", "24", "2024-04-24"),
    ("The talks were held on 24 and 25 April in Ashgabat.", "25 April", "2024-04-25"),
])
def test_months_and_days_without_a_year(text: str, words: str, value: str) -> None:
    assert _time(text, words).value == value


@pytest.mark.parametrize(("text", "words", "value"), [
    ("The ministry reported the clashes last week.", "last week", "2024-W22"),
    ("Prices have risen by 3 percent over the past week.", "the past week", "2024-W23"),
    ("The envoy visited Khorog over the weekend.", "the weekend", "2024-W22-WE"),
    ("Voters will go to the polls this weekend.", "this weekend", "2024-W23-WE"),
    ("Tajikistan joined the bank 20 years ago.", "20 years ago", "2004"),
    ("The bridge was the week of 10 June.", "week of", "2024-W24"),
    ("Border trade fell sharply last night.", "last night", "2024-06-06"),
])
def test_weeks_and_relative_periods(text: str, words: str, value: str) -> None:
    assert _time(text, words).value == value


def test_anaphora_read_against_the_last_date_written() -> None:
    text = ("The refinery was seized on 14 May 2022. Later that year, the government "
            "nationalised it, and the next day the minister resigned.")
    assert _time(text, "Later that year").value == "2022"
    assert _time(text, "the next day").value == "2022-05-15"


def test_years_before_1900_after_a_preposition_only() -> None:
    text = "Russia annexed the khanate in 1868, and 1500 soldiers remained."
    values = [t.value for t in find_times(text, FRIDAY)]
    assert values == ["1868"]


def test_week_numbers_score_the_same_with_or_without_a_leading_zero(
        tmp_path: Path, pipeline: Pipeline) -> None:
    (tmp_path / "one.tml").write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-02-08">2024-02-08</TIMEX3>'
        '</DCT><TEXT>The Uzbek delegation arrived in Astana <TIMEX3 tid="t1" type="DATE" '
        'value="2024-W6">this week</TIMEX3>, officials said <TIMEX3 tid="t2" type="DATE" '
        'value="2024-02-07">Wednesday</TIMEX3>.</TEXT></TimeML>', encoding="utf-8")
    assert evaluate_dates(tmp_path, pipeline) == {"timexes": 2, "span_recall": 1.0,
                                                  "value_accuracy": 1.0}
