"""Calendar periods that recur every year: seasons, quarters and named days.

Each is a function of the year that gives its first and last day; ``pick`` chooses the
occurrence a text means from the document date, the modifier ("last", "this", "next")
and the direction of the sentence (see time_tense).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any

from eventwire.resources import load_yaml

Period = tuple[date, date]
SEASON_CODES = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}


def easter(year: int) -> date:
    """Western Easter Sunday, by the anonymous Gregorian computus (the form Meeus gives):
    the Paschal full moon from the Metonic cycle, corrected for the Gregorian century
    rules, then the Sunday after it."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_corrections, century_rest = divmod(century, 4)
    moon_correction = (century + 8) // 25
    moon_shift = (century - moon_correction + 1) // 3
    epact = (19 * golden + century - leap_corrections - moon_shift + 15) % 30
    quarter_years, year_rest = divmod(year_of_century, 4)
    weekday_shift = (32 + 2 * century_rest + 2 * quarter_years - epact - year_rest) % 7
    late_correction = (golden + 11 * epact + 22 * weekday_shift) // 451
    month, day = divmod(epact + weekday_shift - 7 * late_correction + 114, 31)
    return date(year, month, day + 1)


def season(year: int, name: str) -> Period:
    """The meteorological season; winter starts in December of ``year``."""
    first, last = load_yaml("time_words.yaml")["seasons"][name]
    last_year = year + 1 if last < first else year
    return date(year, first, 1), date(last_year, last, calendar.monthrange(last_year, last)[1])


def quarter(year: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    return date(year, first, 1), date(year, first + 2,
                                      calendar.monthrange(year, first + 2)[1])


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth ``weekday`` (Monday 0) of the month; nth -1 is the last one."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == weekday]
    return date(year, month, days[nth - 1 if nth > 0 else nth])


def _holiday_day(rule: dict[str, Any], year: int) -> date:
    kind = rule.get("rule", "fixed")
    if kind == "fixed":
        return date(year, rule["month"], rule["day"])
    if kind == "nth_weekday":
        return _nth_weekday(year, rule["month"], rule["weekday"], rule["nth"])
    if kind == "us_election":  # the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if kind == "easter":
        return easter(year) + timedelta(days=rule["offset"])
    raise ValueError(f"time_words.yaml: unknown holiday rule {kind!r}")


@cache
def holidays() -> dict[str, Callable[[int], date]]:
    """Lower-case holiday name -> the function of the year that gives its day."""
    table: dict[str, Callable[[int], date]] = {}
    for rule in load_yaml("time_words.yaml")["holidays"]:
        for name in rule["names"]:
            table[name.lower()] = lambda year, rule=rule: _holiday_day(rule, year)
    return table


def pick(occurrence: Callable[[int], Period], anchor: date, modifier: str | None,
         direction: str | None) -> tuple[int, Period]:
    """The year and period a recurring period refers to, seen from the anchor date:
    'last' is the latest one over before the anchor, 'next' the first one starting
    after it, 'this' the one of the anchor's year; otherwise the latest one begun by
    the anchor date, or the first one not over yet when the sentence looks ahead."""
    years = range(anchor.year - 2, anchor.year + 2)
    periods = [(year, occurrence(year)) for year in years]
    if modifier == "this":
        current = [p for p in periods if p[1][0] <= anchor <= p[1][1]]
        return current[0] if current else next(p for p in periods if p[0] == anchor.year)
    if modifier in ("last", "past"):
        return [p for p in periods if p[1][1] < anchor][-1]
    if modifier in ("next", "coming"):
        return next(p for p in periods if p[1][0] > anchor)
    if direction == "future":
        return next(p for p in periods if p[1][1] >= anchor)
    return [p for p in periods if p[1][0] <= anchor][-1]
