"""The dashboard's pages: server-rendered HTML over the app's store, each view's state in
its URL (GET forms and links), nothing fetched from elsewhere. Handlers are thin: they
read the URL (forms.py), ask the store or the analytics, and hand plain values to a
template (autoescaped) or to the SVG builders (escaped as they build)."""

from __future__ import annotations

import hmac
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader

from eventwire.analytics.dyads import DIRECTIONS, dyad_series
from eventwire.analytics.explain import event_ids, explained_events
from eventwire.analytics.figures import MEASURES, NORMALISATIONS
from eventwire.analytics.influence import influence
from eventwire.analytics.parties import Side, read_side
from eventwire.analytics.periods import PERIODS, label, period_end, period_start, starts_between
from eventwire.analytics.scores import QUADS, score_table
from eventwire.api.access import served, store_of
from eventwire.api.errors import request_values, scrubbed
from eventwire.api.security import (
    CSRF_FIELD,
    TOKEN_COOKIE,
    csrf_field_matches,
    csrf_token,
    set_csrf_cookie,
)
from eventwire.contract import GEONAMES_CREDIT, to_contract
from eventwire.errors import EventwireError, OptionsError
from eventwire.store import EventFilter, Store
from eventwire.views import side_codes, store_summary
from eventwire.web import charts, document, forms, geo, graph, highlight
from eventwire.web.static_files import STATIC_DIR
from eventwire.web.svg import stacked_bars

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

REGION, POWERS = "Central Asia", "RUS,CHN,USA,TUR,IRN,EU"
NAV = (("/", "Overview"), ("/documents", "Documents"), ("/events", "Events"),
       ("/timeline", "Timeline"), ("/map", "Map"), ("/network", "Network"),
       ("/dyads", "Dyads"), ("/influence", "Influence"))


@cache
def templates() -> Environment:
    env = Environment(loader=PackageLoader("eventwire.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(nav=NAV, quads=QUADS, side_codes=side_codes,
                       quad_label=lambda q: q.replace("_", " "))
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("path", request.url.path)
    form = context.get("form")
    if status == 200 and form is not None and form.errors:
        status = 400  # the page still renders, with the form and what was wrong in it
    html = templates().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)


def failed(request: Request, error: EventwireError, form: forms.Form | None = None,
           ) -> HTMLResponse:
    """An error of eventwire's (unknown id, unreadable side) as a page, with its code,
    never repeating what the URL said (a link could otherwise put text on this server's
    page)."""
    status = 404 if error.message.startswith(("no ", "unknown")) else 400
    values = request_values(request)
    return render(request, "error.html", status=status, form=form, code=error.code,
                  not_found=status == 404, message=scrubbed(error.message, values),
                  source=scrubbed(error.source, values))


def form_error(request: Request, error: EventwireError) -> str:
    """An error beside a form, without the values the URL gave."""
    said = f"{error.message} ({error.source})" if error.source else error.message
    return scrubbed(said, request_values(request)) or error.message


def types() -> tuple[str, ...]:
    return tuple(sorted(score_table().types))


# -- overview ---------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> Response:
    settings = served(request).options.analytics
    with store_of(request) as store:
        summary = store_summary(store)
        months = store.coverage("month", None, None)
        recent = recent_events(store, months[-1].period if months else None)
        try:
            table = influence(store, read_side(REGION), [read_side(p) for p in
                                                          POWERS.split(",")],
                              forms.window(forms.Form({}), "year"), settings)
        except EventwireError:
            table = None  # a gazetteer without the region: the page says so
    return render(request, "overview.html", summary=summary, recent=recent,
                  quad_counts=quad_counts(summary.events),
                  first=months[0].period if months else None,
                  last=months[-1].period if months else None,
                  glance=charts.influence_glance(table, REGION, POWERS) if table else None)


def quad_counts(tallies: list[Any]) -> Counter[str]:
    """Events per quad from the store's per-type tally (no event is read)."""
    table = score_table().types
    found: Counter[str] = Counter()
    for tally in tallies:
        if tally.type in table:
            found[table[tally.type].quad] += tally.total
    return found


def recent_events(store: Store, last_month: date | None, size: int = 8) -> list[Any]:
    """The newest events: those of the half year before the last document's month."""
    if last_month is None:
        return []
    since = (last_month - timedelta(days=183)).isoformat()
    return store.list_events(EventFilter(since=since))[-size:][::-1]


# -- documents ----------------------------------------------------------------------------
@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    flt = forms.document_filter(form)
    with store_of(request) as store:
        rows = store.list_documents(flt) if not form.errors else []
        genres = [g for g, _ in store.tally("genre", top=50)]
        languages = [g for g, _ in store.tally("languages", unnest=True, top=50)]
    return render(request, "documents.html", form=form, rows=rows, genres=genres,
                  languages=languages, limit=flt.limit)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> Response:
    try:
        with store_of(request) as store:
            doc = store.get(doc_id)
            clustered = store.members_in_document(doc.id)
    except EventwireError as error:
        return failed(request, error)
    contract = to_contract(doc)
    spans = document.layer_spans(contract, clustered)
    counts = Counter(s.layer for s in spans)
    names = {a["id"]: a["name"] for a in contract["actors"]}
    return render(request, "document.html", doc=contract["document"], contract=contract,
                  text=highlight.render(contract["document"]["text"], spans),
                  legend=[(k, label_, counts[k]) for k, label_ in document.LEGEND],
                  anatomy=document.anatomy(contract), clustered=clustered, names=names,
                  credit=GEONAMES_CREDIT if contract["places"] else None)


# -- events -------------------------------------------------------------------------------
@router.get("/events", response_class=HTMLResponse)
def events(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    flt = forms.event_filter(form, types())
    found: list[Any] = []
    if not form.errors:
        try:
            with store_of(request) as store:
                found = store.list_events(flt)
        except EventwireError as error:
            form.errors.append(form_error(request, error))
    return render(request, "events.html", form=form, events=found, types=types(),
                  limit=flt.limit, modalities=forms.MODALITIES)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    try:
        with store_of(request) as store:
            found = store.get_event(event_id)
    except EventwireError as error:
        return failed(request, error)
    sentences = [highlight.render(m.sentence, [highlight.Span(
        m.trigger[0] - m.span[0], m.trigger[1] - m.span[0], "event", m.type)])
        for m in found.mentions]
    return render(request, "event.html", event=found, sentences=sentences)


# -- timeline -----------------------------------------------------------------------------
@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    by = form.choice("by", PERIODS, "month") or "month"
    stack = form.choice("stack", ("quad", "type"), "quad") or "quad"
    flt = forms.event_filter(form, types())
    found = []
    if not form.errors:
        with store_of(request) as store:
            found = store.list_events(replace(flt, limit=None))
    dated = [e for e in found if e.start]
    starts = starts_between(min(date.fromisoformat(e.start) for e in dated),
                            max(date.fromisoformat(e.start) for e in dated), by) \
        if dated else []
    labels = [label(s, by) for s in starts]
    counts = Counter((label(period_start(date.fromisoformat(e.start), by), by),
                      e.quad if stack == "quad" else e.type) for e in dated)
    stacks = charts.timeline_stacks(stack, {k for _, k in counts})

    def link(i: int, key: str) -> str:
        return "/events?" + form.query(*forms.EVENT_FIELDS, since=starts[i].isoformat(),
                                       until=period_end(starts[i], by).isoformat(),
                                       **{stack: key}, limit=None)

    chart = stacked_bars(labels, stacks, counts, link, f"Events per {by}, by {stack}")
    rows = [(labels[i], [counts.get((labels[i], s.key), 0) for s in stacks])
            for i in range(len(labels))]
    return render(request, "timeline.html", form=form, by=by, stack=stack, chart=chart,
                  stacks=stacks, rows=rows, total=len(found), undated=len(found) - len(dated),
                  types=types(), periods=PERIODS, modalities=forms.MODALITIES)


# -- map ----------------------------------------------------------------------------------
@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    flt = forms.event_filter(form, types())
    found = []
    if not form.errors:
        with store_of(request) as store:
            found = store.list_events(replace(flt, limit=None))
    clusters, unplaced = geo.clusters(found)
    world = form.get("extent") == "world"
    query = {k: v for k, v in form.values.items() if k in forms.EVENT_FIELDS}
    drawn = geo.draw_map(clusters, world, query, f"Map of {len(found) - unplaced} events "
                         f"at {len(clusters)} places")
    return render(request, "map.html", form=form, chart=drawn, clusters=clusters,
                  unplaced=unplaced, total=len(found), world=world,
                  view=geo.view_label(geo.extent(clusters, world)), types=types(),
                  modalities=forms.MODALITIES, credit=GEONAMES_CREDIT)


# -- network ------------------------------------------------------------------------------
@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    top = form.number("top", 30, low=2) or 30
    flt = forms.event_filter(form, types())
    rows: list[dict[str, Any]] = []
    if not form.errors:
        with store_of(request) as store:
            wanted = {e.id for e in store.list_events(
                replace(flt, limit=None))}
            rows = [r for r in store.export_rows("events") if r["id"] in wanted]
    net = graph.network(rows, top)
    query = {k: v for k, v in form.values.items() if k in forms.EVENT_FIELDS}
    drawn = graph.draw_network(net, f"Who acts on whom: {net.number_of_nodes()} actors, "
                               f"{net.number_of_edges()} links", query)
    edges = sorted(((a, b, d) for a, b, d in net.edges(data=True)),
                   key=lambda e: (-e[2]["events"], e[0], e[1]))
    return render(request, "network.html", form=form, chart=drawn, edges=edges, top=top,
                  types=types(), modalities=forms.MODALITIES,
                  dominant=graph.dominant)


# -- dyads and influence ------------------------------------------------------------------
@router.get("/dyads", response_class=HTMLResponse)
def dyads(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    a, b = form.get("a", "RUS") or "RUS", form.get("b", "KAZ") or "KAZ"
    window = forms.window(form)
    context: dict[str, Any] = {"form": form, "a": a, "b": b, "window": window,
                               "periods": PERIODS, "measures": MEASURES,
                               "normalisations": NORMALISATIONS}
    if form.errors:
        return render(request, "dyads.html", **context)
    try:
        with store_of(request) as store:
            series = dyad_series(store, read_side(a), read_side(b), window,
                                 served(request).options.analytics)
            explained = explained_events(store, event_ids(series.as_json()), window.unit)
    except EventwireError as error:
        form.errors.append(form_error(request, error))
        return render(request, "dyads.html", **forget_refused(context, error, ("a", "b")))
    return render(request, "dyads.html", **context, series=series, directions=DIRECTIONS,
                  panels=charts.dyad_panels(series), explained=explained,
                  figures=charts.dyad_figures(series))


@router.get("/influence", response_class=HTMLResponse)
def influence_page(request: Request) -> Response:
    form = forms.read_form(request.query_params)
    region, powers = form.get("region", REGION) or REGION, form.get("powers", POWERS) or POWERS
    window = forms.window(form)
    context: dict[str, Any] = {"form": form, "region": region, "powers": powers,
                               "window": window, "periods": PERIODS, "measures": MEASURES,
                               "normalisations": NORMALISATIONS}
    if form.errors:
        return render(request, "influence.html", **context)
    try:
        place, sides = region_and_powers(region, powers)
        with store_of(request) as store:
            table = influence(store, place, sides, window,
                              served(request).options.analytics)
            explained = explained_events(store, event_ids(table.as_json()), window.unit)
    except EventwireError as error:
        form.errors.append(form_error(request, error))
        return render(request, "influence.html",
                      **forget_refused(context, error, ("region", "powers")))
    return render(request, "influence.html", **context, table=table,
                  charts_=charts.influence_charts(table), explained=explained,
                  figures=charts.influence_figures(table))


def forget_refused(context: dict[str, Any], error: EventwireError,
                   names: tuple[str, ...]) -> dict[str, Any]:
    """The page's sides with those that could not be read emptied, so that the page does
    not repeat them: the one the error names, and any that is no side at all."""
    said = f"{error.message} {error.source or ''}"
    for name in names:
        value = context[name]
        if value in said or any(not readable_side(p) for p in value.split(",") if p.strip()):
            context[name] = ""
    return context


def readable_side(value: str) -> bool:
    try:
        read_side(value)
    except EventwireError:
        return False
    return True


def region_and_powers(region: str, powers: str) -> tuple[Side, list[Side]]:
    """The sides of the influence index, refused as `eventwire influence` refuses them."""
    place = read_side(region)
    if place.party.igos:
        raise OptionsError("the influence index needs a region of countries, not an IGO",
                           source=region)
    sides = [read_side(p) for p in powers.split(",") if p.strip()]
    labels = [s.label for s in sides]
    if not sides or len(set(labels)) != len(labels):
        raise OptionsError("give each power once, at least one", source=powers)
    return place, sides


# -- sign-in (a server with a token) ------------------------------------------------------
def signin_page(request: Request, status: int = 200, wrong: bool = False) -> HTMLResponse:
    """The sign-in form, with the session's double-submit token in it and in its cookie."""
    token = csrf_token(request)
    reply = render(request, "signin.html", status=status, wrong=wrong, csrf=token,
                   csrf_field=CSRF_FIELD)
    set_csrf_cookie(reply, request, token)
    return reply


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request) -> Response:
    return signin_page(request)


@router.post("/signin", response_class=HTMLResponse)
def signin(request: Request, token: str = Form(...),
           csrf: str = Form("", alias=CSRF_FIELD)) -> Response:
    """The token as a cookie, so that the dashboard's links and forms carry it. The form
    must repeat the session's form token: another site could otherwise sign the analyst
    in with a token of its own choosing."""
    if not csrf_field_matches(request, csrf):
        return render(request, "refused.html", status=403)
    expected = served(request).token
    if expected and not hmac.compare_digest(token.encode(), expected.encode()):
        return signin_page(request, status=401, wrong=True)
    reply = RedirectResponse("/", status_code=303)
    if expected:
        reply.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict",
                         secure=request.url.scheme == "https")
    return reply
