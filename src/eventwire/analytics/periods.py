"""Periods of a series: their first days (as the store's date_trunc gives them), their
labels (2022-W03, 2022-01, 2022Q1, 2022) and every period between two dates, so that a
period without events is shown as one, not skipped."""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.errors import OptionsError

PERIODS = ("week", "month", "quarter", "year")
# A series longer than this is refused, not computed: every period costs its bands, and a
# window like "weeks since 1900" (found by the API's property-based client) would hold a
# server for minutes. 1,000 weeks is over 19 years.
MAX_PERIODS = 1000


def period_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(day.year, 1, 1)
    raise OptionsError(f"unknown period: give one of {', '.join(PERIODS)}", source=period)


def next_start(start: date, period: str) -> date:
    if period == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_end(start: date, period: str) -> date:
    try:
        return next_start(start, period) - timedelta(days=1)
    except (ValueError, OverflowError):  # the calendar's last period ends on its last day
        return date.max


def label(start: date, period: str) -> str:
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def starts_between(first: date, last: date, period: str) -> list[date]:
    """Every period from the one holding ``first`` to the one holding ``last``."""
    starts, current = [], period_start(first, period)
    while current <= last:
        starts.append(current)
        if len(starts) > MAX_PERIODS:
            raise OptionsError(f"this window holds more than {MAX_PERIODS} periods: give a "
                               "later since, an earlier until or a longer period (by)",
                               source=f"{first} to {last} by {period}")
        try:
            current = next_start(current, period)
        except (ValueError, OverflowError):  # the calendar's last period (9999) has no next
            break
    return starts


_LABELS = (
    (re.compile(r"^(\d{4})-W(\d{2})$"), "week"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def parse_label(text: str) -> tuple[str, date]:
    """'2021Q2' -> ('quarter', 2021-04-01); also 2021-W05, 2021-03 and 2021."""
    for pattern, period in _LABELS:
        match = pattern.match(text.strip())
        if not match:
            continue
        year = int(match.group(1))
        try:
            if period == "week":
                return period, date.fromisocalendar(year, int(match.group(2)), 1)
            if period == "month":
                return period, date(year, int(match.group(2)), 1)
            if period == "quarter":
                return period, date(year, 3 * (int(match.group(2)) - 1) + 1, 1)
            return period, date(year, 1, 1)
        except ValueError as exc:
            raise OptionsError(f"not a real period: {exc}", source=text) from exc
    raise OptionsError("not a period: give 2021Q2, 2021-03, 2021-W05 or 2021", source=text)
