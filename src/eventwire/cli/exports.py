"""`eventwire export`: events, mentions, actors, the actor network or documents, in the
format asked for, each with its manifest (a thin wrapper over eventwire.analytics.exports)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eventwire.analytics.dyads import Window, dyad_series
from eventwire.analytics.exports import (
    ANALYSES,
    FORMATS,
    WHATS,
    ExportRequest,
    check_combination,
    default_out,
    parse_since,
    write_table,
)
from eventwire.analytics.exports import (
    export as write_export,
)
from eventwire.analytics.influence import influence
from eventwire.analytics.parties import powers_of, read_side
from eventwire.cli.analytics import (
    ByOpt,
    MeasureOpt,
    MinSourcesOpt,
    NormaliseOpt,
    UnitOpt,
    analytics_window,
)
from eventwire.cli.browse import DupOpt, GenreOpt, LangOpt, PubOpt, UntilOpt
from eventwire.cli.common import DbOption, SettingsOption, handles_errors, opened_store, ui
from eventwire.cli.common import options as load_settings
from eventwire.errors import OptionsError
from eventwire.store import DocumentFilter

What = StrEnum("What", {w.upper(): w for w in WHATS})  # type: ignore[misc]
ExportFormat = StrEnum("ExportFormat", {f.upper(): f for f in FORMATS})  # type: ignore[misc]


@handles_errors
def export(
    what: Annotated[What, typer.Option(  # type: ignore[valid-type]
        "--what", help="documents (the contract), events (real-world events), mentions "
        "(event mentions), actors, or network (who acts on whom).")] = "documents",
    fmt: Annotated[ExportFormat | None, typer.Option(  # type: ignore[valid-type]
        "--format", help="documents: jsonl, csv, parquet. events: parquet (a folder "
        "partitioned by month), csv, jsonl, geojson, plover (PLOVER JSON records, one per "
        "line). mentions, actors: parquet, csv, jsonl. network: gexf, graphml. Default: "
        "jsonl for documents, parquet for events, mentions and actors, gexf for network.")]
    = None,
    since: Annotated[str | None, typer.Option(help="documents: published on or after "
                                              "YYYY-MM-DD. Others: only what was created or "
                                              "revised since this date or ISO time (UTC "
                                              "unless it says); the manifest lists events "
                                              "created, revised and dissolved since.")]
    = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="File (or folder, for events in Parquet) to write. Default: WHAT.EXT "
        "in the working folder.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing export.")]
    = False,
    by_sector: Annotated[bool, typer.Option(
        "--by-sector", help="network: one node per country and sectors ('RUS-MIL') instead "
        "of one per country or IGO.")] = False,
    dyad: Annotated[list[str] | None, typer.Option(
        "--dyad", help="dyads: the two sides, given twice (--dyad RUS --dyad KAZ).")] = None,
    region: Annotated[str, typer.Option(help="influence: the region.")] = "Central Asia",
    powers: Annotated[str, typer.Option(help="influence: comma-separated powers.")]
    = "RUS,CHN,USA,TUR,IRN,EU",
    by: ByOpt = "quarter",
    unit: UnitOpt = "events",
    measure: MeasureOpt = "weight",
    normalise: NormaliseOpt = "raw",
    min_sources: MinSourcesOpt = 0,
    db: DbOption = None,
    settings: SettingsOption = None,
    genre: GenreOpt = None,
    language: LangOpt = None,
    publisher: PubOpt = None,
    until: UntilOpt = None,
    duplicates: DupOpt = True,
) -> None:
    """Write documents, events, mentions, actors or the actor network to a file, with a
    manifest (row counts, versions, checksums) beside it; see docs/exports.md."""
    what_name = str(what)
    fmt_name = str(fmt) if fmt is not None else _default_format(what_name)
    check_combination(what_name, fmt_name)
    if what_name in ANALYSES:
        window = analytics_window(by, since, until, unit, measure, normalise, min_sources)
        _export_analysis(what_name, fmt_name, out_path, force, window, dyad, region, powers,
                         db, settings)
        return
    document_filters = {"--genre": genre, "--language": language, "--publisher": publisher,
                        "--until": until, "--no-duplicates": None if duplicates else True}
    given = [name for name, value in document_filters.items() if value is not None]
    if given and what_name not in ("documents", *ANALYSES):
        raise OptionsError(f"{', '.join(given)} filter(s) documents only; --what "
                           f"{what_name} takes --since")
    if by_sector and what_name != "network":
        raise OptionsError(f"--by-sector shapes the network's nodes; --what {what_name} "
                           "has none")
    request = ExportRequest(
        what=what_name, fmt=fmt_name, out=out_path or default_out(what_name, fmt_name),
        since=parse_since(since) if since and what_name != "documents" else None,
        force=force, by_sector=by_sector,
        documents=DocumentFilter(genre=genre, language=language, publisher=publisher,
                                 since=since if what_name == "documents" else None,
                                 until=until, duplicates=duplicates))
    with opened_store(db) as store:
        manifest = write_export(store, request)
    left = sum(item.count for item in manifest.left_out)
    unit = {"network": "edges", "geojson": "events (features)"}.get(
        what_name if what_name == "network" else fmt_name, what_name)
    ui.out.print(f"wrote {manifest.rows} {unit} to {request.out} ({fmt_name})"
                 + (f"; {left} left out (see the manifest)" if left else ""))
    if manifest.changes is not None:
        changes = manifest.changes
        ui.out.print(f"since {changes.since}: {len(changes.created)} created, "
                     f"{len(changes.revised)} revised, {len(changes.dissolved)} dissolved")
    if "attribution" in manifest.extra:
        ui.out.print(f"{manifest.extra['attribution']}.")


def _export_analysis(what: str, fmt: str, out: Path | None, force: bool, window: Window,
                     dyad: list[str] | None, region: str, powers: str, db: str | None,
                     settings: Path | None) -> None:
    """A dyad series or the influence index as a flat table (one row per figure), with the
    query and the definition hash in its manifest."""
    analytics = load_settings(settings).analytics
    with opened_store(db) as store:
        if what == "dyads":
            if not dyad or len(dyad) != 2:
                raise OptionsError("--what dyads needs the two sides: --dyad A --dyad B")
            found = dyad_series(store, read_side(dyad[0]), read_side(dyad[1]), window,
                                analytics)
        else:
            found = influence(store, read_side(region), powers_of(powers, ()), window,
                              analytics)
        rows = found.rows()
        target = out or default_out(what, fmt)
        manifest = write_table(rows, what, fmt, target, force=force,
                               filters=found.definition["query"],
                               extra={"definition": found.definition},
                               store_schema_version=store.schema_version)
    ui.out.print(f"wrote {manifest.rows} figures to {target} ({fmt}); definition "
                 f"{found.definition['hash']}")


def _default_format(what: str) -> str:
    return {"documents": "jsonl", "network": "gexf"}.get(what, "parquet")
