"""`eventwire dyad` and `eventwire influence`: the analysis commands. Each figure is shown
with its band, its denominator and whether it rests on too few events; --explain lists the
events behind every figure, with the sentences they were read from."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from eventwire.analytics.compare import compare, driver_ids
from eventwire.analytics.dyads import DIRECTIONS, DyadSeries, Window, dyad_series
from eventwire.analytics.explain import event_ids, explained_events
from eventwire.analytics.figures import MEASURES, NORMALISATIONS, Figure
from eventwire.analytics.influence import InfluenceTable, influence
from eventwire.analytics.parties import powers_of, read_region, read_side
from eventwire.analytics.periods import PERIODS
from eventwire.analytics.scores import QUADS
from eventwire.analytics.textchart import text_chart
from eventwire.cli.common import (
    DbOption,
    Format,
    SettingsOption,
    WideOption,
    format_option,
    formats,
    handles_errors,
    opened_store,
    options,
    print_rows,
    ui,
    write_csv,
    write_json,
)
from eventwire.cli.events import _day
from eventwire.cli.render import Column

AnalyticsFormat = formats(Format.TABLE, Format.JSON, Format.CSV)
QUAD_SHORT = {"verbal_cooperation": "v.coop", "material_cooperation": "m.coop",
              "verbal_conflict": "v.conf", "material_conflict": "m.conf"}

ByOpt = Annotated[str, typer.Option("--by", help="Period: week, month, quarter or year.")]
SinceOpt = Annotated[str | None, typer.Option(help="YYYY-MM-DD: events starting on or after.")]
UntilOpt = Annotated[str | None, typer.Option(help="YYYY-MM-DD: events starting on or "
                                              "before.")]
UnitOpt = Annotated[str, typer.Option(help="Count real-world events (each once, weighted by "
                                      "its independent sources), or their mentions.")]
MeasureOpt = Annotated[str, typer.Option(help="weight (|PLOVER score| x corroboration) or "
                                         "count: what the shown value is made of.")]
NormaliseOpt = Annotated[str, typer.Option(
    help="raw; volume (share of all events of the period); share (of the dyad's total, or "
    "of all powers' total); zscore (against the periods before).")]
MinSourcesOpt = Annotated[int, typer.Option(help="Only events with at least this many "
                                            "independent sources.")]
SectorOpt = Annotated[list[str] | None, typer.Option(
    "--sector", help="Only parties coded with this sector (GOV, MIL, ...; repeatable).")]
ExplainOpt = Annotated[bool, typer.Option(
    "--explain", help="List the events behind every figure: weight, sources, sentences.")]
PlotOpt = Annotated[Path | None, typer.Option("--plot", help="Also draw the series to this "
                                              "file (.png or .svg).")]


def analytics_window(by: str, since: str | None, until: str | None, unit: str, measure: str,
            normalise: str, min_sources: int) -> Window:
    for value, allowed, name in ((by, PERIODS, "--by"), (unit, ("events", "mentions"),
                                 "--unit"), (measure, MEASURES, "--measure"),
                                 (normalise, NORMALISATIONS, "--normalise")):
        if value not in allowed:
            raise typer.BadParameter(f"{value!r}: give one of {', '.join(allowed)}",
                                     param_hint=name)
    if min_sources < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--min-sources")
    return Window(period=by, since=_day(since, "--since"), until=_day(until, "--until"),
                  unit=unit, measure=measure, normalise=normalise, min_sources=min_sources)


@handles_errors
def dyad(
    a: Annotated[str, typer.Argument(help="One side: a country (RUS, RUS-MIL, Russia), an "
                                     "IGO (EU, CSTO) or a region (\"Central Asia\").")],
    b: Annotated[str, typer.Argument(help="The other side.")],
    by: ByOpt = "quarter",
    since: SinceOpt = None,
    until: UntilOpt = None,
    unit: UnitOpt = "events",
    measure: MeasureOpt = "weight",
    normalise: NormaliseOpt = "raw",
    min_sources: MinSourcesOpt = 0,
    sector: SectorOpt = None,
    explain: ExplainOpt = False,
    plot: PlotOpt = None,
    fmt: Annotated[AnalyticsFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """What A did to B, B to A, and both together, period by period, in the four PLOVER
    quads: counts and weights of real-world events (asserted or reported only)."""
    window = analytics_window(by, since, until, unit, measure, normalise, min_sources)
    first, second = read_side(a, tuple(sector or ())), read_side(b, tuple(sector or ()))
    analytics = options(settings).analytics
    with opened_store(db) as store:
        series = dyad_series(store, first, second, window, analytics)
        output = series.as_json(explain)
        events = explained_events(store, event_ids(output), unit) if explain else {}
    if plot:
        _plot(lambda path: _plots().plot_dyad(series, path), plot)
    _present(output, series.rows(), events if explain else None, fmt,
             lambda: _dyad_table(series, wide), lambda: _dyad_figures(series))


@handles_errors
def influence_command(
    region: Annotated[str, typer.Option(help="A region of the gazetteer's table, or "
                                        "countries (KAZ,KGZ).")] = "Central Asia",
    powers: Annotated[str, typer.Option(help="Comma-separated powers: countries or IGOs."
                                        )] = "RUS,CHN,USA,TUR,IRN,EU",
    by: ByOpt = "quarter",
    since: SinceOpt = None,
    until: UntilOpt = None,
    unit: UnitOpt = "events",
    measure: MeasureOpt = "weight",
    normalise: NormaliseOpt = "raw",
    min_sources: MinSourcesOpt = 0,
    sector: SectorOpt = None,
    compare_periods: Annotated[tuple[str, str] | None, typer.Option(
        "--compare", help="Two periods (2021Q2 2021Q3): what changed for each power, and "
        "which events account for it.")] = None,
    targets: Annotated[bool, typer.Option("--targets", help="Also one row per power and "
                                          "target country.")] = False,
    explain: ExplainOpt = False,
    plot: PlotOpt = None,
    fmt: Annotated[AnalyticsFormat, format_option()] = Format.TABLE,
    wide: WideOption = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """The influence index: each power's cooperation and conflict with a region's countries
    and its share of all powers' cooperation there, period by period (docs/analytics.md)."""
    window = analytics_window(by, since, until, unit, measure, normalise, min_sources)
    place = read_region(region)
    sides = powers_of(powers, tuple(sector or ()))
    analytics = options(settings).analytics
    with opened_store(db) as store:
        if compare_periods:
            result = compare(store, place, sides, window, *compare_periods, analytics)
            ids = list(dict.fromkeys(event_ids(result) + driver_ids(result)))
            events = explained_events(store, ids, unit) if explain else {}
            if fmt == Format.JSON:
                write_json({**result, "events": events} if explain else result)
            else:
                _print_compare(result, events)
            return
        table = influence(store, place, sides, window, analytics)
        output = table.as_json(explain)
        events = explained_events(store, event_ids(output), unit) if explain else {}
    if plot:
        _plot(lambda path: _plots().plot_influence(table, path), plot)
    _present(output, table.rows(), events if explain else None, fmt,
             lambda: _influence_table(table, targets, wide), lambda: _influence_figures(table))


def _present(output: dict[str, Any], rows: list[dict[str, Any]],
             events: dict[str, dict[str, Any]] | None, fmt: str,
             print_table: Callable[[], None],
             figures: Callable[[], list[tuple[str, Figure]]]) -> None:
    """An analysis in the format asked for; ``events`` (explained) only with --explain."""
    if fmt == Format.JSON:
        write_json(output if events is None else {**output, "events": events})
    elif fmt == Format.CSV:
        _write_rows(rows)
    else:
        print_table()
        if events is not None:
            _print_explanations(figures(), events)


def _plots() -> Any:
    from eventwire.analytics import plots  # matplotlib loads only when a plot is asked for

    return plots


def _plot(draw: Any, path: Path) -> None:
    written = draw(path)
    ui.err.print(Text(f"plot written to {written}", style="dim"))


# -- tables ------------------------------------------------------------------------------------
def _cell(figure: Figure) -> str:
    """'12.5 [3.1-20.4] (4)': value, band and events; '~' marks a sparse figure, '·' one
    with no events (its value is 0, or undefined for a share)."""
    if not figure.events:
        return "·"
    if figure.value is None:
        return f"n/a ({len(figure.events)})"
    band = ""
    if figure.low is not None and figure.high is not None:
        band = f" [{_number(figure.low)}-{_number(figure.high)}]"
    mark = "~" if figure.sparse else ""
    return f"{mark}{_number(figure.value)}{band} ({len(figure.events)})"


def _number(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _dyad_table(series: DyadSeries, wide: bool) -> None:
    rows = []
    for i, info in enumerate(series.periods):
        for direction in DIRECTIONS:
            figures = {q: series.series[(direction, q)][i] for q in QUADS}
            rows.append({"period": info.label, "direction": series.direction_label(direction),
                         **{q: _cell(f) for q, f in figures.items()},
                         "docs": str(info.coverage["documents"])})
    columns = [Column("period", lambda r: r["period"], whole=True),
               Column("direction", lambda r: r["direction"], whole=True),
               *[Column(QUAD_SHORT[q], lambda r, q=q: r[q], min_width=8) for q in QUADS],
               Column("docs", lambda r: r["docs"], priority=2, whole=True, justify="right")]
    print_rows(columns, rows, wide, title=f"dyad {series.a.label} / {series.b.label}")
    totals = series.series[("total", "all")]
    _chart(f"whole dyad per {series.window.period} ({series.window.measure}, "
           f"{series.window.normalise})", totals, [p.label for p in series.periods])
    _footer(series.definition, series.window, len(series.periods))


def _influence_table(table: InfluenceTable, targets: bool, wide: bool) -> None:
    rows = []
    for i, info in enumerate(table.periods):
        for power in table.powers:
            found = table.series[power.label]
            rows.append({"period": info.label, "power": power.label,
                         "share": _cell(found.share[i]),
                         "cooperation": _cell(found.cooperation[i]),
                         "conflict": _cell(found.conflict[i]),
                         "outside": _share_text(info.coverage["outside_share"]),
                         "docs": str(info.coverage["documents"])})
            if targets:
                rows += [{"period": "", "power": f"  -> {t}",
                          "share": "", "cooperation": _cell(f["cooperation"][i]),
                          "conflict": _cell(f["conflict"][i]), "outside": "", "docs": ""}
                         for t, f in found.targets.items()
                         if f["cooperation"][i].events or f["conflict"][i].events]
    columns = [Column("period", lambda r: r["period"], whole=True),
               Column("power", lambda r: r["power"], whole=True),
               Column("share", lambda r: r["share"], min_width=8),
               Column("cooperation", lambda r: r["cooperation"], min_width=8),
               Column("conflict", lambda r: r["conflict"], min_width=8),
               Column("docs", lambda r: r["docs"], priority=2, whole=True, justify="right"),
               Column("outside", lambda r: r["outside"], priority=3, whole=True)]
    print_rows(columns, rows, wide,
               title=f"influence in {table.region.label} ({', '.join(table.region.members)})")
    if table.periods:
        shares = [table.series[p.label].share[-1] for p in table.powers]
        _chart(f"share of all powers' cooperation, {table.periods[-1].label}", shares,
               [p.label for p in table.powers])
    _footer(table.definition, table.window, len(table.periods))


def _chart(title: str, figures: list[Figure], labels: list[str]) -> None:
    """The compact terminal chart under a table: one bar per figure."""
    if not figures:
        return
    ui.out.print(Text(title, style="bold"))
    for line in text_chart([f.value for f in figures], labels,
                           sparse=[f.sparse for f in figures]):
        ui.out.print(Text(line))


def _share_text(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


def _footer(definition: dict[str, Any], window: Window, periods: int) -> None:
    if not periods:
        ui.out.print("no events in this window")
    sparse = definition["settings"]["sparse_below"]
    ui.out.print(Text(
        f"value [band] (events); · no events; ~ fewer than {sparse} events;"
        f" unit {window.unit}, measure {window.measure}, normalised {window.normalise}"
        f"; min independent sources {window.min_sources}; definition {definition['hash']}",
        style="dim"))


# -- CSV -----------------------------------------------------------------------------------
def _write_rows(rows: list[dict[str, Any]]) -> None:
    write_csv(rows, list(rows[0]) if rows else ["period"])


# -- explanations --------------------------------------------------------------------------
def _dyad_figures(series: DyadSeries) -> list[tuple[str, Figure]]:
    return [(f"{info.label} {series.direction_label(d)} {q}", series.series[(d, q)][i])
            for i, info in enumerate(series.periods) for d in DIRECTIONS for q in QUADS]


def _influence_figures(table: InfluenceTable) -> list[tuple[str, Figure]]:
    found = []
    for i, info in enumerate(table.periods):
        for power in table.powers:
            series = table.series[power.label]
            found += [(f"{info.label} {power.label} cooperation", series.cooperation[i]),
                      (f"{info.label} {power.label} conflict", series.conflict[i])]
            found += [(f"{info.label} {power.label} {kind} with {t}", f[kind][i])
                      for t, f in series.targets.items() for kind in ("cooperation",
                                                                      "conflict")]
    return found


def _print_explanations(figures: list[tuple[str, Figure]],
                        events: dict[str, dict[str, Any]]) -> None:
    out = ui.out
    for name, figure in figures:
        if not figure.events:
            continue
        out.print(Text(f"\n{name}: weight {figure.weight} = "
                       + " + ".join(str(c.weight) for c in figure.events)
                       + f"; count {figure.count}", style="bold"))
        for c in figure.events:
            found = events.get(c.event_id, {})
            out.print(Text(f"  {c.event_id} {found.get('type', '?')} "
                           f"{found.get('mode') or ''} {found.get('start', '')} "
                           f"{found.get('source', '')} -> {found.get('target', '')}: "
                           f"{c.weight} = {found.get('weight_rule', '')}"))
            chain = ", ".join(o["name"] for o in found.get("chain", []))
            out.print(Text(f"    sources: {chain}", style="dim"))
            for sentence in found.get("sentences", []):
                out.print(Text(f"    \"{sentence['sentence']}\" ({sentence['publisher'] or '?'}"
                               f", {sentence['published'] or '?'})"))


def _print_compare(result: dict[str, Any], events: dict[str, dict[str, Any]]) -> None:
    out = ui.out
    out.print(Text(f"influence: {result['from']} -> {result['to']} (definition "
                   f"{result['definition']['hash']})", style="bold"))
    for power, entry in result["powers"].items():
        share = entry["share"]
        out.print(Text(f"{power}: share {_share_value(share['from'])} -> "
                       f"{_share_value(share['to'])}"))
        for kind in ("cooperation", "conflict"):
            found = entry[kind]
            percent = f" ({found['percent']:+}%)" if found.get("percent") is not None else ""
            quiet = not (found["events_from"] or found["events_to"])
            overlap = " bands overlap;" if found["bands_overlap"] and not quiet else ""
            out.print(Text(f"  {kind}: {found['from']:.3g} -> {found['to']:.3g} "
                           f"[{found['band']}{percent}]; events {found['events_from']} -> "
                           f"{found['events_to']};{overlap} "
                           f"{'' if quiet else found['guard'] or ''}"))
            for label, side in (("new", "in_second"), ("before", "in_first")):
                for driver in found["drivers"][side][:3]:
                    detail = events.get(driver["event"], {})
                    out.print(Text(f"    {label}: {driver['event']} {detail.get('type', '')} "
                                   f"{driver['weight']}", style="dim"))
    sys.stdout.flush()


def _share_value(figure: dict[str, Any]) -> str:
    return "n/a" if figure["value"] is None else f"{figure['value']:.0%}"
