"""Dyad and influence queries on a store of synthetic events, beside a plain count(*) over
the same table, in one run (the ratios are what to compare across machines):

- count(*) over events;
- the store's grouped query for one dyad (RUS and KAZ by quarter), and the whole dyad series
  (bands, normalisation) around it;
- the influence index: six powers over Central Asia by quarter.

    .venv/bin/python bench/analytics_speed.py [--events 100000] [--repeat 5]

The events are written straight into the events and event_parties tables with SQL (the
benchmark is of reading, not of corroboration): 16 PLOVER types with their modes, 25
countries and two IGOs as parties, 0 to 6 independent sources, dates over ten years.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.analytics.dyads import Window, dyad_series
from eventwire.analytics.influence import influence
from eventwire.analytics.parties import read_side
from eventwire.analytics.scores import score_table
from eventwire.options import load_options
from eventwire.store import DuckDBStore, open_store

COUNTRIES = ["RUS", "CHN", "USA", "TUR", "IRN", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG",
             "PAK", "IND", "DEU", "FRA", "GBR", "JPN", "KOR", "AZE", "GEO", "ARM", "MNG",
             "UKR", "BLR", "SAU"]
IGOS = ["EU", "CSTO"]


def build(store: DuckDBStore, events: int) -> None:
    """``events`` synthetic real-world events with one or two parties on each side."""
    types = sorted(score_table().types)
    modes = {t: [None, *score_table().types[t].modes] for t in types}
    con = store.con
    con.execute("CREATE TEMP TABLE kinds AS SELECT * FROM (VALUES "
                + ", ".join(f"({i}, '{t}', '{score_table().quad(t)}')"
                            for i, t in enumerate(types)) + ") k(n, type, quad)")
    con.execute("CREATE TEMP TABLE kind_modes AS SELECT * FROM (VALUES "
                + ", ".join(f"('{t}', {j}, {repr(m) if m else 'NULL'})"
                            for t in types for j, m in enumerate(modes[t]))
                + ") m(type, j, mode)")
    parties = [(c, None) for c in COUNTRIES] + [(None, i) for i in IGOS]
    con.execute("CREATE TEMP TABLE actors AS SELECT * FROM (VALUES "
                + ", ".join(f"({n}, {_sql(c)}, {_sql(i)})" for n, (c, i) in enumerate(parties))
                + ") a(n, country, igo)")
    con.execute(f"""
        INSERT INTO events
        SELECT printf('ev-%016x', g), k.type, k.quad,
               (SELECT mode FROM kind_modes m WHERE m.type = k.type
                AND m.j = g % (SELECT count(*) FROM kind_modes x WHERE x.type = k.type)),
               CASE WHEN g % 4 = 0 THEN 'reported' ELSE 'asserted' END, [], [],
               NULL, NULL, NULL, DATE '2015-01-01' + CAST(g % 3650 AS INTEGER),
               DATE '2015-01-01' + CAST(g % 3650 AS INTEGER), 1 + g % 5, 1 + g % 3, g % 7,
               0.8, 0, 1, NULL, NULL, '{{}}'
        FROM range({events}) r(g) JOIN kinds k ON k.n = (g * 7) % {len(types)}""")
    n = len(parties)
    con.execute(f"""
        INSERT INTO event_parties
        SELECT printf('ev-%016x', g), side, 0, 'party', a.country, a.igo,
               CASE WHEN g % 3 = 0 THEN ['GOV'] WHEN g % 3 = 1 THEN ['MIL'] ELSE [] END
        FROM range({events}) r(g),
             (VALUES ('source', 13), ('target', 29)) s(side, step)
        JOIN actors a ON a.n = (g * step + g // 11) % {n}""")
    con.execute(f"""
        INSERT INTO event_parties
        SELECT printf('ev-%016x', g), 'source', 1, 'party', a.country, a.igo, []
        FROM range({events}) r(g) JOIN actors a ON a.n = (g * 17 + 3) % {n}
        WHERE g % 5 = 0""")


def _sql(value: str | None) -> str:
    return f"'{value}'" if value else "NULL"


def _median(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = load_options().analytics
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.duckdb"))
        assert isinstance(store, DuckDBStore)
        started = time.perf_counter()
        build(store, args.events)
        print(f"built {store.event_count():,} events in {time.perf_counter() - started:.1f} s")
        rus, kaz = read_side("RUS"), read_side("KAZ")
        region = read_side("Central Asia")
        powers = [read_side(p) for p in ("RUS", "CHN", "USA", "TUR", "IRN", "EU")]
        window = Window(period="quarter")
        timings = {
            "count(*) over events": lambda: store.con.execute(
                "SELECT count(*) FROM events").fetchall(),
            "dyad: the store's grouped query": lambda: store.flows(
                window.flow_query(rus, kaz)),
            "dyad: whole series (bands, volume, coverage)": lambda: dyad_series(
                store, rus, kaz, window, settings),
            "influence: the store's grouped queries": lambda: [
                store.flows(window.flow_query(p, region, by_counterpart=True))
                for p in powers],
            "influence: whole index (bands, shares)": lambda: influence(
                store, region, powers, window, settings),
        }
        base = None
        for name, work in timings.items():
            seconds = _median(work, args.repeat)
            base = base or seconds
            print(f"{name:48s} {seconds * 1000:9.1f} ms  {seconds / base:8.1f} x count(*)")
        store.close()


if __name__ == "__main__":
    main()
