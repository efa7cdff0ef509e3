"""`eventwire eval ...`: each layer measured against gold data; the last line printed is
the figures as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from eventwire.cli.common import (
    DictOption,
    SettingsOption,
    handles_errors,
    options,
    ui,
    write_json,
)
from eventwire.pipeline import Pipeline


@handles_errors
def eval_anatomy(
    gold: Annotated[list[Path], typer.Argument(
        help="Gold YAML files (docs/gold-anatomy-format.md).", exists=True, dir_okay=False)],
    root: Annotated[Path, typer.Option(help="Folder the gold `file` paths are relative to.")]
    = Path("."),
    errors: Annotated[bool, typer.Option("--errors", help="List every mismatch.")] = False,
    settings: SettingsOption = None,
) -> None:
    """Score document anatomy field by field against gold annotations."""
    from eventwire.evaluation.anatomy import evaluate, scores

    results = evaluate(gold, root, options(settings))
    if errors:
        for result in results:
            for item in result.fields:
                if not item.ok:
                    ui.out.print(Text(f"{result.key} {item.field}: expected {item.expected!r} "
                                   f"found {item.found!r}"))
    figures: dict[str, Any] = {"documents": len(results), **scores(results)}
    write_json(figures, indent=None)


@handles_errors
def eval_actors(
    gold: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON).",
                                         exists=True, dir_okay=False)],
    errors: Annotated[bool, typer.Option("--errors", help="List every miss.")] = False,
    dicts: DictOption = None,
    settings: SettingsOption = None,
) -> None:
    """Code accuracy and sector accuracy of the actors found at gold actor spans."""
    from eventwire.evaluation.actors import evaluate, figures

    results, rate = evaluate(gold, Pipeline(options(settings), tuple(dicts or ())))
    if errors:
        for r in results:
            if not (r.code_ok and r.sector_ok):
                found = f"{r.found.code} ({r.found.name})" if r.found else "nothing"
                ui.out.print(Text(f"{r.record}: {r.text!r} gold {r.gold_code}/"
                               f"{r.gold_sector or '-'} found {found}"))
    figures_ = {**figures(results), "sentences_per_second": round(rate, 1)}
    write_json(figures_, indent=None)


@handles_errors
def eval_plv(
    gold: Annotated[Path, typer.Argument(help="PLV pairs (TSV with sentence, source, target, "
                                         "gold_root).", exists=True, dir_okay=False)],
    confusion: Annotated[bool, typer.Option(help="Print the commonest confusions.")] = False,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Also score pair classification by the rules, the learned "
        "classifier alone and the hybrid, side by side (`pairs_by`).")] = False,
    settings: SettingsOption = None,
) -> None:
    """Pair classification and end-to-end event coding on PLV sentences."""
    from eventwire.evaluation.events import evaluate_plv

    figures = evaluate_plv(gold, Pipeline(options(settings)), compare)
    pairs = figures.pop("confusion")
    if confusion:
        for pair, count in pairs:
            ui.out.print(f"{count:4d} {pair}")
    write_json(figures, indent=None)


@handles_errors
def eval_plover(
    gold: Annotated[Path, typer.Argument(help="PLOVER gold-standard records (JSON).",
                                         exists=True, dir_okay=False)],
    settings: SettingsOption = None,
) -> None:
    """End-to-end event coding on PLOVER gold-standard records."""
    from eventwire.evaluation.events import evaluate_plover

    write_json(evaluate_plover(gold, Pipeline(options(settings))), indent=None)


@handles_errors
def eval_events(
    gold: Annotated[Path, typer.Argument(help="Annotated sentences (YAML, the format of "
                                         "tests/fixtures/events/sentences.yaml).",
                                         exists=True, dir_okay=False)],
    settings: SettingsOption = None,
) -> None:
    """Type recall, precision, modality accuracy and false-assertion rate on sentences."""
    from eventwire.evaluation.events import evaluate_sentences

    write_json(evaluate_sentences(gold, Pipeline(options(settings))), indent=None)


@handles_errors
def eval_geo(
    gold: Annotated[Path, typer.Argument(help="Articles with toponyms (JSONL).", exists=True,
                                         dir_okay=False)],
    settings: SettingsOption = None,
) -> None:
    """Toponym recognition F1 and resolution (accuracy within 161 km, AUC, median km)."""
    from eventwire.evaluation.places_times import evaluate_geo

    write_json(evaluate_geo(gold, Pipeline(options(settings))), indent=None)


@handles_errors
def eval_dates(
    folder: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files.", exists=True,
                                           file_okay=False)],
    settings: SettingsOption = None,
) -> None:
    """Span recall and value accuracy over gold DATE expressions."""
    from eventwire.evaluation.places_times import evaluate_dates

    write_json(evaluate_dates(folder, Pipeline(options(settings))), indent=None)


@handles_errors
def eval_quotes(
    folder: Annotated[Path, typer.Argument(help="A BRAT attribution folder with text/ and "
                                           "attributions/ (the PolNeAR layout).",
                                           exists=True, file_okay=False)],
    errors: Annotated[bool, typer.Option("--errors", help="List every missed attribution.")]
    = False,
    settings: SettingsOption = None,
) -> None:
    """Direct and indirect quote precision and recall, and recall with the right speaker."""
    from eventwire.evaluation.quotes import evaluate_quotes

    figures, results = evaluate_quotes(folder, Pipeline(options(settings)))
    if errors:
        for result in results:
            for gold, found, speaker_ok in zip(result.gold, result.found, result.speaker_ok,
                                               strict=True):
                if not speaker_ok:
                    what = "speaker" if found else "missed"
                    kind = "direct" if gold.direct else "indirect"
                    ui.out.print(Text(f"{result.name} {kind} {what}: {gold.content}"))
    write_json(figures, indent=None)


@handles_errors
def eval_corroboration(
    gold: Annotated[Path, typer.Argument(help="Gold clusters (YAML, the format of "
                                         "examples/gold/corroboration.yaml).", exists=True,
                                         dir_okay=False)],
    settings: SettingsOption = None,
) -> None:
    """Ingest the documents a gold file names into a scratch store, cluster them and score
    the events; the last line is JSON."""
    from eventwire.evaluation.corroboration import evaluate_corroboration

    result = evaluate_corroboration(gold, options(settings))
    for miss in result.pop("misses"):
        ui.err.print(Text(f"  {miss}", style="yellow"))
    ui.out.print(json.dumps(result))



@handles_errors
def eval_annotated(
    gold: Annotated[Path, typer.Argument(help="Event annotations of real articles (YAML, "
                                         "tests/fixtures/annotated/GUIDE.md).", exists=True,
                                         dir_okay=False)],
    texts: Annotated[Path, typer.Option(help="Where the public sets keep the article texts "
                                        "(quotes/polnear_dev/text, geo/geowebnews.jsonl).",
                                        file_okay=False)] = Path("../shared/eval"),
    errors: Annotated[bool, typer.Option("--errors", help="List every missed gold event and "
                                         "every place coded as a person.")] = False,
    settings: SettingsOption = None,
) -> None:
    """Type and full-record precision and recall of the event records against exhaustive
    annotations of real articles."""
    from eventwire.evaluation.annotated import evaluate_annotated

    figures = evaluate_annotated(gold, texts, Pipeline(options(settings)))
    misses = figures.pop("misses")
    places = figures.pop("places_as_people")
    if errors:
        for line in [*misses, *(f"place coded as a person: {p}" for p in places)]:
            ui.out.print(Text(line))
    figures["places_as_people"] = len(places)
    write_json(figures, indent=None)
