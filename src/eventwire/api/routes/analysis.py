"""What the dyad and influence routers share: the analytics' window as query parameters,
and an analysis answered in JSON (with its explanations) or as its flat rows in CSV."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from eventwire.analytics.dyads import Window
from eventwire.analytics.explain import event_ids, explained_events
from eventwire.api.variants import csv_response, cut_headers, json_response
from eventwire.store import Store

# the values the analytics accept (eventwire.analytics.periods.PERIODS, figures.MEASURES
# and NORMALISATIONS; a test checks they agree)
Period = Literal["week", "month", "quarter", "year"]
Unit = Literal["events", "mentions"]
Measure = Literal["weight", "count"]
Normalisation = Literal["raw", "volume", "share", "zscore"]


class WindowQuery(BaseModel):
    """The parameters of `eventwire dyad` and `eventwire influence`."""

    model_config = ConfigDict(extra="ignore")

    by: Period = Field("quarter", description="the period figures are made for")
    since: date | None = Field(None, description="events starting on or after this day")
    until: date | None = Field(None, description="events starting on or before this day")
    unit: Unit = Field("events", description="count real-world events (each once, "
                       "weighted by its independent sources), or their mentions")
    measure: Measure = Field("weight", description="weight (|PLOVER score| x "
                             "corroboration) or count")
    normalise: Normalisation = Field("raw", description="raw; volume (share of all events "
                                     "of the period); share; zscore (against the periods "
                                     "before)")
    min_sources: int = Field(0, ge=0, description="only events with at least this many "
                             "independent sources")
    sector: list[str] = Field([], description="only parties coded with this sector (GOV, "
                              "MIL, ...); repeatable")
    explain: bool = Field(False, description="list the events behind every figure: "
                          "weight, sources, sentences (in `events`)")

    def window(self) -> Window:
        return Window(period=self.by, since=_iso(self.since), until=_iso(self.until),
                      unit=self.unit, measure=self.measure, normalise=self.normalise,
                      min_sources=self.min_sources)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def with_events(store: Store, output: dict[str, Any], unit: str, explain: bool,
                more_ids: list[str] | None = None) -> dict[str, Any]:
    """The analysis as `--format json --explain` prints it: `events` only when asked."""
    if not explain:
        return output
    ids = list(dict.fromkeys(event_ids(output) + (more_ids or [])))
    return {**output, "events": explained_events(store, ids, unit)}


def answer(fmt: str, output: dict[str, Any], rows: list[dict[str, Any]], filename: str,
           ) -> Response:
    if fmt == "csv":
        fields = list(dict.fromkeys(k for row in rows for k in row)) or ["period"]
        return csv_response(rows, fields, filename, cut_headers(False))
    return json_response(output)


def analytics_settings(request: Request) -> Any:
    return request.app.state.served.options.analytics
