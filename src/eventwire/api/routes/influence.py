"""The influence index: each power's cooperation and conflict with a region's countries
and its share of all powers' cooperation there (`eventwire influence --format json`), or
what changed between two periods (`--compare`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRouter
from pydantic import Field

from eventwire.analytics.compare import compare, driver_ids
from eventwire.analytics.influence import influence
from eventwire.analytics.parties import powers_of, read_region
from eventwire.api.access import store_of
from eventwire.api.errors import ERROR_RESPONSES
from eventwire.api.models import Analysis
from eventwire.api.routes.analysis import WindowQuery, analytics_settings, answer, with_events
from eventwire.api.variants import add_variants
from eventwire.errors import OptionsError

router = APIRouter(prefix="/api", tags=["analytics"], responses=ERROR_RESPONSES)


class InfluenceQuery(WindowQuery):
    region: str = Field("Central Asia", description="a region of the gazetteer's table, or "
                        "countries (KAZ,KGZ)")
    powers: str = Field("RUS,CHN,USA,TUR,IRN,EU", description="comma-separated powers: "
                        "countries or IGOs")
    compare: str | None = Field(None, description="two periods, 2021Q2,2021Q3: what "
                                "changed for each power, and which events account for it "
                                "(JSON only)")


def _periods(text: str) -> tuple[str, str]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) != 2:
        raise OptionsError("give two periods, e.g. compare=2021Q2,2021Q3", source="compare")
    return parts[0], parts[1]


def _influence(fmt: str) -> Callable[..., Response]:
    def index(request: Request, query: Annotated[InfluenceQuery, Query()]) -> Response:
        place, window = read_region(query.region), query.window()
        sides = powers_of(query.powers, tuple(query.sector))
        settings = analytics_settings(request)
        if query.compare is not None and fmt == "csv":
            raise OptionsError("a comparison has no flat table: ask for JSON",
                               source="compare")
        with store_of(request) as store:
            if query.compare is not None:
                result = compare(store, place, sides, window, *_periods(query.compare),
                                 settings)
                output = with_events(store, result, query.unit, query.explain,
                                     driver_ids(result))
                return answer(fmt, output, [], "influence.csv")
            table = influence(store, place, sides, window, settings)
            output = with_events(store, table.as_json(query.explain), query.unit,
                                 query.explain)
        return answer(fmt, output, table.rows(), "influence.csv")
    return index


add_variants(router, "/influence", ("json", "csv"), _influence,
             summary="The influence index of powers in a region, by period",
             response_model=Analysis,
             description="The JSON of `eventwire influence --format json` (with `explain`, "
             "`--explain`; with `compare`, `--compare A B`); CSV: one row per period, "
             "power, target and figure.")
