"""A dyad series: what side A did to side B, B to A, and both together, period by period,
in the four PLOVER quads (`eventwire dyad A B --format json`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from eventwire.analytics.dyads import dyad_series
from eventwire.analytics.parties import read_side
from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES
from eventwire.api.models import Analysis
from eventwire.api.routes.analysis import WindowQuery, analytics_settings, answer, with_events
from eventwire.api.variants import add_variants

router = APIRouter(prefix="/api", tags=["analytics"], responses=ERROR_RESPONSES)

SideText = Annotated[str, Path(description="a country (RUS, RUS-MIL, Russia), an IGO (EU, "
                               "CSTO) or a region (Central Asia)")]


def _dyad(fmt: str) -> Callable[..., Response]:
    def dyad(request: Request, a: SideText, b: SideText,
             query: Annotated[WindowQuery, Query()]) -> Response:
        sectors = tuple(query.sector)
        first, second = read_side(a, sectors), read_side(b, sectors)
        with store_of(request) as store:
            series = dyad_series(store, first, second, query.window(),
                                 analytics_settings(request))
            output = with_events(store, series.as_json(query.explain), query.unit,
                                 query.explain)
        return answer(fmt, output, series.rows(), "dyad.csv")
    return dyad


add_variants(router, "/dyads/{a}/{b}", ("json", "csv"), _dyad,
             summary="A dyad series: A to B, B to A and both together, by period and quad",
             response_model=Analysis,
             description="The JSON of `eventwire dyad A B --format json` (with `explain`, "
             "`--explain`); CSV: one row per period, direction and quad.")
