"""Plots of the analysis layer (eventwire.analytics.plots) on a small store built from a few
example documents, and the terminal chart (eventwire.analytics.textchart)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure as Canvas
from matplotlib.image import imread

from eventwire.analytics.dyads import DyadSeries, Window, dyad_series
from eventwire.analytics.figures import Contribution, Figure
from eventwire.analytics.influence import InfluenceTable, influence
from eventwire.analytics.parties import read_side
from eventwire.analytics.plots import draw_series, plot_dyad, plot_influence
from eventwire.analytics.textchart import FULL, MISSING, NEGATIVE, text_chart
from eventwire.corroborate import corroborate
from eventwire.errors import OptionsError
from eventwire.options import Options
from eventwire.runner import ingest
from eventwire.store import DuckDBStore, open_store

from .conftest import EXAMPLES

# a border clash and its statement (KGZ-TJK), CSTO troops in Kazakhstan (RUS), the Xi'an
# summit (CHN), the C5+1 in New York (USA) and the SCO summit in Astana, where Kazakhstan
# and China agree (a power's share above 0): a dyad and three powers, in 15 s
DOCUMENTS = [
    "news/pamir-courier-2022-09-16-border-clashes.html",
    "statements/statement-mfa-kg-kyrgyz-tajik-border-2022.txt",
    "news/steppe-ledger-2022-01-07-csto-troops-kazakhstan.html",
    "news/syr-darya-times-2023-05-19-xian-summit.html",
    "news/tien-shan-tribune-2023-09-20-c5-plus-1-new-york.html",
    "news/saryarka-herald-2024-07-04-sco-astana-summit.html",
]
POWERS = ("RUS", "CHN", "USA")
# a whole year, so the series has periods with events and periods without
YEAR = Window(period="quarter", since="2022-01-01", until="2022-12-31")


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, options: Options,
                ) -> Iterator[DuckDBStore]:
    store = open_store(str(tmp_path_factory.mktemp("plots") / "events.duckdb"))
    ingest(store, options, [str(EXAMPLES / f) for f in DOCUMENTS])
    corroborate(store, options.corroborate, "test")
    yield store
    store.close()


@pytest.fixture(scope="module")
def dyad(small_store: DuckDBStore, options: Options) -> DyadSeries:
    series = dyad_series(small_store, read_side("KGZ"), read_side("TJK"), YEAR,
                         options.analytics)
    assert [p.label for p in series.periods] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert any(f.events for f in series.series[("total", "all")]), "the clash is there"
    return series


@pytest.fixture(scope="module")
def table(small_store: DuckDBStore, options: Options) -> InfluenceTable:
    found = influence(small_store, read_side("Central Asia"), [read_side(p) for p in POWERS],
                      Window(period="quarter"), options.analytics)
    assert found.periods and any(f.value for s in found.series.values() for f in s.share)
    return found


def svg_texts(path: Path) -> str:
    """Every piece of text in an SVG, one per line (titles of two lines are two pieces)."""
    root = ET.parse(path).getroot()
    return "\n".join(e.text for e in root.iter("{http://www.w3.org/2000/svg}text")
                     if e.text)


# ---- the dyad -------------------------------------------------------------------------

def test_the_dyad_png_opens_at_its_size(dyad: DyadSeries, tmp_path: Path) -> None:
    path = plot_dyad(dyad, tmp_path / "dyad.png")
    pixels = imread(path)
    assert pixels.shape[:2] == (840, 1200)
    assert pixels.std() > 0.05, "the image is not blank"


def test_the_dyad_svg_says_what_it_shows(dyad: DyadSeries, tmp_path: Path) -> None:
    texts = svg_texts(plot_dyad(dyad, tmp_path / "dyad.svg"))
    assert "Dyad KGZ – TJK: PLOVER quads by quarter, 2022-01-01 to 2022-12-31" in texts
    assert "raw (not normalised)" in texts
    assert "weight (|PLOVER score| x corroboration)" in texts  # the y axis
    for quad in ("verbal cooperation", "material cooperation", "verbal conflict",
                 "material conflict"):
        assert quad in texts
    for direction in ("KGZ → TJK", "TJK → KGZ", "KGZ+TJK"):
        assert direction in texts
    assert "sparse: fewer than 5 events" in texts
    assert "2022Q3" in texts  # the x axis
    assert f"definition {dyad.definition['hash']}" in texts
    assert "denominator: none (raw values)" in texts


def test_a_normalised_dyad_names_its_denominator(small_store: DuckDBStore, options: Options,
                                                 tmp_path: Path) -> None:
    series = dyad_series(small_store, read_side("KGZ"), read_side("TJK"),
                         replace(YEAR, normalise="volume"), options.analytics)
    texts = svg_texts(plot_dyad(series, tmp_path / "dyad.svg"))
    assert "weight: share of corpus volume" in texts
    assert "denominator: corpus volume of each period" in texts
    assert series.definition["hash"] in texts


def test_the_svg_is_the_same_file_each_time(dyad: DyadSeries, tmp_path: Path) -> None:
    first = plot_dyad(dyad, tmp_path / "one.svg").read_bytes()
    assert plot_dyad(dyad, tmp_path / "two.svg").read_bytes() == first
    # clip ids are numbered, not hashed from layout bounds with float noise in them
    assert b'clip-path="url(#clip1)"' in first and b'<clipPath id="clip1">' in first


def test_a_window_without_events_draws_no_events(small_store: DuckDBStore,
                                                  options: Options, tmp_path: Path) -> None:
    quiet = Window(period="quarter", since="1990-01-01", until="1989-01-01")
    series = dyad_series(small_store, read_side("KGZ"), read_side("TJK"), quiet,
                         options.analytics)
    assert series.periods == []
    texts = svg_texts(plot_dyad(series, tmp_path / "none.svg"))
    assert "no events in this window" in texts
    assert "no periods" in texts and series.definition["hash"] in texts


def test_missing_values_leave_gaps_not_zeros() -> None:
    event = (Contribution("e1", 1, Decimal(2), 2.0),)
    figures = [Figure(event, "weight", 2.0, 1.0, 3.0), Figure(event, "weight"),
               Figure(event, "weight", 4.0, 2.0, 6.0, sparse=True)]
    ax = Canvas().add_subplot()
    draw_series(ax, np.arange(3), figures, "C0")
    line = ax.get_lines()[0]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert y[0] == 2.0 and np.isnan(y[1]) and y[2] == 4.0
    hollow = ax.get_lines()[2]  # the sparse markers: only the third value
    assert list(hollow.get_ydata()) == [4.0] and hollow.get_markerfacecolor() == "white"


@pytest.mark.parametrize("name", ["dyad.pdf", "dyad.jpg", "dyad"])
def test_a_format_we_do_not_write_is_refused(dyad: DyadSeries, tmp_path: Path,
                                             name: str) -> None:
    with pytest.raises(OptionsError) as caught:
        plot_dyad(dyad, tmp_path / name)
    assert name in str(caught.value) and ".png or .svg" in str(caught.value)
    assert not (tmp_path / name).exists()


def test_a_missing_folder_is_refused(dyad: DyadSeries, tmp_path: Path) -> None:
    with pytest.raises(OptionsError, match="does not exist"):
        plot_dyad(dyad, tmp_path / "nowhere" / "dyad.png")


# ---- the influence index --------------------------------------------------------------

def test_the_influence_png_opens_at_its_size(table: InfluenceTable, tmp_path: Path) -> None:
    pixels = imread(plot_influence(table, tmp_path / "influence.png"))
    assert pixels.shape[:2] == (840, 1200)
    assert pixels.std() > 0.05


def test_the_influence_svg_says_what_it_shows(table: InfluenceTable, tmp_path: Path) -> None:
    texts = svg_texts(plot_influence(table, tmp_path / "influence.svg"))
    start, end = table.periods[0].start, table.periods[-1].end
    assert f"Influence in Central Asia, by quarter: {start} to {end}" in texts
    assert "share of all powers' cooperation (0 to 1)" in texts  # the top axis
    assert "weight (|PLOVER score| x corroboration)" in texts  # the bottom axis
    for power in POWERS:
        assert power in texts.split("\n")  # a legend entry of its own
    assert "cooperation" in texts.split("\n") and "conflict" in texts.split("\n")
    assert f"definition {table.definition['hash']}" in texts
    assert "1.0" in texts.split("\n") and "0.0" in texts.split("\n")  # the 0..1 axis


# ---- the terminal chart ---------------------------------------------------------------

def test_the_largest_value_fills_the_width_and_zero_draws_nothing() -> None:
    lines = text_chart([4.0, 2.0, 0.0], ["2022Q1", "2022Q2", "2022Q3"], width=20)
    bars = [line.split(" ")[1] for line in lines]
    assert bars[0] == FULL * 20
    assert bars[1] == FULL * 10
    assert lines[2].split() == ["2022Q3", "0"]  # no bar at all


def test_a_missing_value_is_a_gap_that_reads_n_a() -> None:
    lines = text_chart([None, 1.0], ["2022Q1", "2022Q2"], width=10)
    assert lines[0].split() == ["2022Q1", MISSING]
    assert lines[1] == f"2022Q2 {FULL * 10} 1.00"
    assert len(lines[0]) == len(lines[1]) - len("1.00") + len(MISSING), "columns line up"


def test_partial_cells_sparse_marks_and_negative_values() -> None:
    lines = text_chart([8.0, 1.0, -4.0], ["a", "b", "c"], width=1,
                       sparse=[False, True, False])
    assert lines[0] == f"a {FULL} 8.00"
    assert lines[1] == "b ▏ 1.00 ~"  # one eighth of the cell, and sparse
    assert lines[2] == f"c {NEGATIVE} -4.00"  # shaded: not read as a positive bar


def test_text_chart_refuses_lists_of_other_lengths() -> None:
    with pytest.raises(ValueError, match="as long as"):
        text_chart([1.0, 2.0], ["one"])
