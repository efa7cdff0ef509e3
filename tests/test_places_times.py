"""Places and times layers, on text written for these tests."""

from __future__ import annotations

import pytest

from eventwire.extract.gazetteer import gazetteer
from eventwire.extract.times import find_times
from eventwire.pipeline import Pipeline
from eventwire.resources import CACHE_ENV


def _places(pipeline: Pipeline, text: str):  # type: ignore[no-untyped-def]
    doc = pipeline.resources.nlp(text)
    actors = pipeline.resources.actor_extractor.extract(doc, None)
    return pipeline.resources.place_resolver.resolve(doc, actors)


def test_the_gazetteer_reads_back_from_its_cache() -> None:
    # how fast: bench/layer_speed.py
    built = gazetteer()
    gazetteer.cache_clear()
    cached = gazetteer()
    assert cached is not built and len(cached.rows) == len(built.rows)
    termez = cached.lookup("Termez")
    assert termez and termez[0].country == "UZB"


def test_cities_resolve_with_country_and_coordinates(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Russian troops arrived in Dushanbe and then moved to Khujand.")
    by_text = {t: p for p in places for t in p.texts}
    assert by_text["Dushanbe"].country == "TJK"
    assert by_text["Dushanbe"].level == "city"
    assert abs(by_text["Dushanbe"].lat - 38.5) < 0.5
    assert by_text["Khujand"].country == "TJK"


def test_focus_country_decides_an_ambiguous_name(pipeline: Pipeline) -> None:
    text = ("Kyrgyz and Uzbek officials met in Osh. Farmers near Jalal-Abad and in "
            "Osh said the water was late.")
    places = _places(pipeline, text)
    assert all(p.country == "KGZ" for p in places if p.level == "city")


def test_a_facility_is_a_site_at_its_city(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Drills began at the Termez training ground on Monday.")
    sites = [p for p in places if p.level == "site"]
    assert sites and sites[0].country == "UZB"


@pytest.mark.parametrize(("text", "start", "end", "granularity"), [
    ("Talks ran from July 30 to August 10, 2021.", "2021-07-30", "2021-08-10", "day"),
    ("Drills took place March 23 – 27 of 2021.", "2021-03-23", "2021-03-27", "day"),
    ("The summit was held on 3-4 July 2024.", "2024-07-03", "2024-07-04", "day"),
    ("On 31/07/2021 the agency reported.", "2021-07-31", "2021-07-31", "day"),
    ("The ministry met last Tuesday.", "2024-06-04", "2024-06-04", "day"),
    ("It said so earlier this month.", "2024-06-01", "2024-06-07", "month"),  # to date
    ("Works resume in the second half of October.", "2024-10-16", "2024-10-31", "day"),
    ("Freight fell in the first half of 2023.", "2023-01-01", "2023-06-30", "month"),
    ("In January and February the pass was shut.", "2024-01-01", "2024-02-29", "month"),
    ("Between 2019 and 2021 trade doubled.", "2019-01-01", "2021-12-31", "year"),
    ("The plant opened in 2021.", "2021-01-01", "2021-12-31", "year"),
])
def test_times_and_intervals(text: str, start: str, end: str, granularity: str) -> None:
    found = find_times(text, "2024-06-07", "DMY")
    assert found, text
    assert (found[0].start, found[0].end, found[0].granularity) == (start, end, granularity)


def test_an_event_gets_its_place_and_interval(pipeline: Pipeline) -> None:
    from eventwire.ingest.containers import Draft

    text = ("Tajik and Russian troops held joint exercises at the Harb-Maidon training ground "
            "from 3 to 8 April 2023, the ministry said.")
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    event = next(e for e in doc.events or [] if e.type == "COOPERATE")
    assert (event.start, event.end) == ("2023-04-03", "2023-04-08")
    assert event.place is not None


def test_places_command_lists_stored_places(tmp_path, runner) -> None:  # type: ignore[no-untyped-def]
    import json

    from eventwire.cli import app

    from .conftest import EXAMPLES

    db = str(tmp_path / "p.duckdb")
    runner.invoke(app, ["ingest", str(EXAMPLES / "news"), "--db", db])
    result = runner.invoke(app, ["places", "--db", db, "--country", "TJK", "--format", "json"])
    rows = json.loads(result.stdout)
    assert rows and all(r["country"] == "TJK" for r in rows)
    assert any(r["name"] == "Dushanbe" and r["level"] == "city" for r in rows)


def test_an_unwritable_cache_is_no_failure(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from eventwire.extract import gazetteer as module

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))
    module.gazetteer.cache_clear()
    try:
        gaz = module.gazetteer()
        assert gaz.lookup("Dushanbe")
    finally:
        module.gazetteer.cache_clear()


def test_divisions_of_any_country_and_their_abbreviations(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Farmers in Tamil Nadu and Karnataka protested on Monday. "
                     "The company moved from Sacramento, Calif., to Alberta.")
    by_text = {t: p for p in places for t in p.texts}
    assert by_text["Tamil Nadu"].level == "admin1" and by_text["Tamil Nadu"].country == "IND"
    assert by_text["Karnataka"].country == "IND"
    assert by_text["Calif."].name == "California"
    assert by_text["Alberta"].country == "CAN" and by_text["Alberta"].level == "admin1"


def test_a_division_named_itself_beats_a_country_alias_and_cities_beat_states(
        pipeline: Pipeline) -> None:
    places = _places(pipeline, "The delegation flew from England to New York, then to "
                     "Washington, D.C., before returning to Salisbury in Wiltshire.")
    by_text = {t: p for p in places for t in p.texts}
    assert by_text["England"].level == "admin1" and by_text["England"].country == "GBR"
    assert by_text["New York"].level == "city"
    assert by_text["Salisbury"].country == "GBR"  # not Harare, once called Salisbury


def test_a_village_of_the_region_is_found(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Guards clashed in the Tajik exclave of Vorukh on Thursday.")
    vorukh = next(p for p in places if "Vorukh" in p.texts)
    assert vorukh.country == "TJK" and vorukh.level == "city"


def test_regional_words_are_no_country(pipeline: Pipeline) -> None:
    text = "Central American migrants and Latin American diplomats gathered in Mexico City."
    doc = pipeline.resources.nlp(text)
    actors = pipeline.resources.actor_extractor.extract(doc, None)
    assert "USA" not in {a.country for a in actors}
    places = pipeline.resources.place_resolver.resolve(doc, actors)
    assert "USA" not in {p.country for p in places}


def test_a_street_is_a_site_in_the_city_named_before_it(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Police in Almaty closed Abay Avenue after the rally. "
                     "Hundreds gathered near the Kazakh National University.")
    almaty = next(p for p in places if p.name == "Almaty")
    sites = [p for p in places if p.level == "site"]
    assert sites and all(p.located_by == "the city nearest in the text" for p in sites)
    assert all(abs(p.lat - almaty.lat) < 0.01 for p in sites)


def test_a_place_inside_an_organisation_name_is_no_event_place(pipeline: Pipeline) -> None:
    from eventwire.ingest.containers import Draft

    text = ("The Tashkent City Court sentenced the activist on Monday, the Moscow Times "
            "reported. Police detained him in Samarkand.")
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    moscow = next(p for p in doc.places if p.name == "Moscow")
    assert moscow.in_names == moscow.mentions
    assert all(e.place != moscow.id for e in doc.events)


@pytest.mark.parametrize(("text", "pair"), [
    ("Guards reinforced the Tajik-Afghan border on Monday.", ["AFG", "TJK"]),
    ("Trade across the border between Uzbekistan and Afghanistan grew.", ["AFG", "UZB"]),
    ("Kazakhstan's border with China was closed for a week.", ["CHN", "KAZ"]),
    ("Talks on the Kyrgyz–Tajik state border resumed in Batken.", ["KGZ", "TJK"]),
    ("Tajikistan said the situation on the Afghan border was calm.", ["AFG", "TJK"]),
])
def test_border_phrases_are_places(pipeline: Pipeline, text: str, pair: list[str]) -> None:
    border = next(p for p in _places(pipeline, text) if p.id.startswith("eventwire:border:"))
    assert border.countries == pair and border.level == "region"


def test_border_guards_are_no_border(pipeline: Pipeline) -> None:
    places = _places(pipeline, "The Tajik border guards detained two men near Panj.")
    assert not any(p.id.startswith("eventwire:border:") for p in places)


def test_exports_credit_geonames(pipeline: Pipeline) -> None:
    from eventwire.contract import to_contract
    from eventwire.ingest.containers import Draft

    text = "Kyrgyz and Tajik officials met in Batken on Tuesday to discuss the border."
    doc = pipeline.analyse(pipeline.document(Draft("mem", "text", text, "test"), "0" * 64))
    out = to_contract(doc)
    assert out["places"] and any("GeoNames" in line for line in out["attribution"])


def test_possessives_territories_and_names_with_extra_words(pipeline: Pipeline) -> None:
    places = _places(pipeline, "South Korea's envoy flew from Guam to Seoul. The Building "
                     "Ireland scheme was praised in Dublin.")
    by_text = {t: p for p in places for t in p.texts}
    assert by_text["South Korea's"].country == "KOR"
    assert by_text["Guam"].level == "country" and by_text["Guam"].country == "GUM"
    assert by_text["Ireland"].country == "IRL"


def test_direction_words_are_no_divisions(pipeline: Pipeline) -> None:
    places = _places(pipeline, "Aid convoys reached Eastern Ghouta while Western diplomats "
                     "met in Geneva.")
    assert all(p.name not in ("Eastern", "Western") for p in places)


def test_the_projects_own_names_are_found_where_the_parser_misses_them(
        pipeline: Pipeline) -> None:
    places = _places(pipeline, "Repairs began on the road south of\nKhorog and at the "
                     "Ishkashim crossing point in Gorno-Badakhshan.")
    assert "Khorog" in {t for p in places for t in p.texts}


def test_the_worlds_villages_come_from_the_second_tier() -> None:
    gaz = gazetteer()
    assert "dunshaughlin" not in gaz.by_name  # not in the first tier ...
    village = gaz.lookup("Dunshaughlin")  # ... but found, from the second
    assert village and village[0].country == "IRL"


def test_both_cities_of_a_two_city_dateline(pipeline: Pipeline) -> None:
    places = _places(pipeline, "BISHKEK/DUSHANBE, 16 September 2022 (Altyn Wire) - Kyrgyz "
                     "and Tajik forces fought along the border.")
    assert {"Bishkek", "Dushanbe"} <= {p.name for p in places}


def test_a_city_shows_the_name_an_english_reader_expects(pipeline: Pipeline) -> None:
    # GeoNames calls them Tirmiz and Andijon; the project's table gives the English names,
    # and the GeoNames entry keeps its id and answers to both.
    for spelling, english in (("Tirmiz", "Termez"), ("Termez", "Termez"),
                              ("Andijon", "Andijan"), ("Qarshi", "Karshi")):
        (place,) = [p for p in gazetteer().lookup(spelling) if p.level == "city"]
        assert place.name == english and place.id.startswith("geonames:") and place.curated
    places = _places(pipeline, "Uzbek and Russian troops arrived in Tirmiz on Monday.")
    assert [p.name for p in places if p.level == "city"] == ["Termez"]
