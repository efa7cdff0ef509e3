"""A page's state as its URL holds it: the GET parameters of each view read into the
filters the store and the analytics take, with a message for anything unreadable (shown
on the page beside the form, never a stack trace, and never repeating the value: the form
field shows it, escaped)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from eventwire.analytics.dyads import Window
from eventwire.analytics.figures import MEASURES, NORMALISATIONS
from eventwire.analytics.periods import PERIODS
from eventwire.analytics.scores import QUADS
from eventwire.store import DocumentFilter, EventFilter

EVENT_FIELDS = ("actor", "country", "dyad", "type", "quad", "place", "since", "until",
                "min_sources", "modality", "limit")
DOCUMENT_FIELDS = ("genre", "language", "publisher", "since", "until", "translated",
                   "duplicates", "search", "limit")
WINDOW_FIELDS = ("by", "since", "until", "unit", "measure", "normalise", "min_sources")
MODALITIES = ("asserted", "reported")
DEFAULT_LIMIT = 500
# The largest count or limit a form takes: far above any store's rows, and well inside the
# 64-bit integers the stores compare with (a larger one was a server error, not a refusal).
LARGEST_NUMBER = 1_000_000_000


@dataclass
class Form:
    """What a view's URL says: the non-empty parameters as given, and the problems."""

    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.values.get(name, default)

    def refuse(self, name: str, problem: str) -> None:
        """Note what is wrong with a parameter, and forget its value: the page shows the
        field empty rather than repeat what could not be read."""
        self.errors.append(f"{name}: the value given {problem}")
        self.values.pop(name, None)

    def day(self, name: str) -> str | None:
        value = self.get(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.refuse(name, "is not a YYYY-MM-DD date")
            return None

    def number(self, name: str, default: int | None = None, low: int = 0) -> int | None:
        value = self.get(name)
        if value is None:
            return default
        try:
            found = int(value)
        except ValueError:
            self.refuse(name, "is not a whole number")
            return default
        if found < low:
            self.errors.append(f"{name}: give {low} or more")
            return default
        if found > LARGEST_NUMBER:
            self.errors.append(f"{name}: give {LARGEST_NUMBER:,} or less")
            return default
        return found

    def choice(self, name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
        value = self.get(name, default)
        if value is not None and value not in allowed:
            self.refuse(name, f"is not one of {', '.join(allowed)}")
            return default
        return value

    def query(self, *names: str, **changes: Any) -> str:
        """This state as a query string, with ``changes`` (None drops a parameter)."""
        kept = {k: v for k, v in self.values.items() if not names or k in names}
        kept.update({k: v for k, v in changes.items() if v is not None})
        for key in [k for k, v in changes.items() if v is None]:
            kept.pop(key, None)
        return urlencode(kept)


def read_form(params: QueryParams) -> Form:
    """The parameters with a value; an empty form field means 'not given'."""
    return Form({k: v.strip() for k, v in params.items() if v.strip()})


def dyad_pair(form: Form) -> tuple[str, str] | None:
    value = form.get("dyad")
    if value is None:
        return None
    parts = [p.strip() for p in value.replace(">", "-").split("-") if p.strip()]
    if len(parts) != 2:
        form.errors.append("dyad: give two country codes, e.g. RUS-KAZ")
        return None
    return parts[0].upper(), parts[1].upper()


def event_filter(form: Form, types: tuple[str, ...]) -> EventFilter:
    """The CLI's `eventwire events` filters, from the URL."""
    return EventFilter(
        actor=form.get("actor"), country=(form.get("country") or "").upper() or None,
        dyad=dyad_pair(form), type=form.choice("type", types, None),
        quad=form.choice("quad", QUADS, None), place=form.get("place"),
        since=form.day("since"), until=form.day("until"),
        min_sources=form.number("min_sources"),
        modality=form.choice("modality", MODALITIES, None),
        limit=form.number("limit", DEFAULT_LIMIT, low=1))


def document_filter(form: Form) -> DocumentFilter:
    translated = form.choice("translated", ("yes", "no"), None)
    return DocumentFilter(
        genre=form.get("genre"), language=form.get("language"),
        publisher=form.get("publisher"), since=form.day("since"), until=form.day("until"),
        translated=None if translated is None else translated == "yes",
        duplicates=form.get("duplicates") != "hide", text=form.get("search"),
        limit=form.number("limit", DEFAULT_LIMIT, low=1))


def window(form: Form, default_by: str = "quarter") -> Window:
    """The analytics window of `eventwire dyad` and `eventwire influence`."""
    return Window(period=form.choice("by", PERIODS, default_by) or default_by,
                  since=form.day("since"), until=form.day("until"),
                  unit=form.choice("unit", ("events", "mentions"), "events") or "events",
                  measure=form.choice("measure", MEASURES, "weight") or "weight",
                  normalise=form.choice("normalise", NORMALISATIONS, "raw") or "raw",
                  min_sources=form.number("min_sources", 0) or 0)
