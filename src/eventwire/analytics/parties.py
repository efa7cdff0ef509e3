"""Who a dyad side or a power stands for: a country (RUS), a sector-coded country (RUS-MIL),
an IGO with its organs (EU, CSTO), a region of the gazetteer's region table (Central Asia),
or a comma-separated union of these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eventwire.errors import OptionsError
from eventwire.resources import load_yaml
from eventwire.store.base import Party

_SECTOR = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Side:
    """A named side: what the user wrote, what it was read as, and the party it counts."""

    label: str
    kind: str  # country | igo | region | union
    party: Party

    @property
    def members(self) -> tuple[str, ...]:
        return self.party.countries + self.party.igos


def read_side(text: str, sectors: tuple[str, ...] = ()) -> Side:
    """``text`` read as a side; an OptionsError names what could not be read and why."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise OptionsError("empty side: give a country code, an IGO or a region",
                           source=repr(text))
    sides = [_one(part) for part in parts]
    if len(sides) == 1:
        side = sides[0]
    else:
        side = Side(label=text.strip(), kind="union", party=Party(
            countries=_unique(c for s in sides for c in s.party.countries),
            igos=_unique(i for s in sides for i in s.party.igos),
            sectors=_unique(x for s in sides for x in s.party.sectors)))
    if sectors:
        side = Side(side.label, side.kind, Party(side.party.countries, side.party.igos,
                                                 _sector_codes(sectors)))
    return side


def _sector_codes(sectors: tuple[str, ...]) -> tuple[str, ...]:
    """Sector codes (MIL, GOV) as the parties store them; anything else is refused rather
    than matching nothing (and being repeated back in the answer's query)."""
    codes = tuple(s.strip().upper() for s in sectors)
    if not all(_SECTOR.match(code) for code in codes):
        raise OptionsError("a sector is a code of three letters, such as GOV or MIL",
                           source="sector")
    return codes


def powers_of(text: str, sectors: tuple[str, ...] = ()) -> list[Side]:
    """Comma-separated powers (RUS,CHN,EU), each a side of its own."""
    sides = [read_side(p, sectors) for p in text.split(",") if p.strip()]
    if not sides:
        raise OptionsError("give at least one power", source=text)
    labels = [s.label for s in sides]
    if len(set(labels)) != len(labels):
        raise OptionsError("a power is named twice", source=text)
    return sides


def read_region(text: str) -> Side:
    """The place the influence index is measured in: countries, never an IGO."""
    place = read_side(text)
    if place.party.igos:
        raise OptionsError("the influence index needs a region of countries, not an IGO",
                           source=text)
    return place


def region_members(name: str) -> tuple[str, ...]:
    """The countries of a region of the gazetteer's table, by name or alias."""
    region = _regions().get(_key(name))
    if region is None:
        raise OptionsError("not a region of the gazetteer's table (data/places.yaml, "
                           "regions)", source=name)
    return region[1]


def _one(text: str) -> Side:
    upper = text.upper()
    countries = _countries()
    code, _, sector = upper.partition("-")
    if code in countries and (not sector or _SECTOR.match(sector)):
        return Side(label=upper, kind="country",
                    party=Party(countries=(code,), sectors=(sector,) if sector else ()))
    by_name = countries_by_name().get(_key(text))
    if by_name:
        return Side(label=by_name, kind="country", party=Party(countries=(by_name,)))
    igo = _igos().get(_key(text))
    if igo:
        return Side(label=igo, kind="igo", party=Party(igos=_with_organs(igo)))
    region = _regions().get(_key(text))
    if region:
        name, members = region
        if not members:
            raise OptionsError("this region has no member countries in the gazetteer's "
                               "table, so nothing can count for it", source=text)
        return Side(label=name, kind="region", party=Party(countries=members))
    raise OptionsError("not a country code or name, an IGO or a region the project knows "
                       "(data/countries.yaml, igos.yaml, places.yaml)", source=text)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().removeprefix("the "))


def _unique(values) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(dict.fromkeys(values))


@cache
def _countries() -> frozenset[str]:
    return frozenset(str(row["iso3"]) for row in load_yaml("countries.yaml"))


@cache
def countries_by_name() -> dict[str, str]:
    """Lower-cased country names and aliases -> ISO-3."""
    found: dict[str, str] = {}
    for row in load_yaml("countries.yaml"):
        for name in (row["name"], row.get("official"), *(row.get("aliases") or [])):
            if name:
                found.setdefault(_key(str(name)), str(row["iso3"]))
    return found


@cache
def _igos() -> dict[str, str]:
    """IGO ids, names and aliases (lower case) -> IGO id."""
    found: dict[str, str] = {}
    for row in load_yaml("igos.yaml"):
        for name in (row["id"], row["name"], *(row.get("aliases") or [])):
            found.setdefault(_key(str(name)), str(row["id"]))
    return found


@cache
def _igo_children() -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    for row in load_yaml("igos.yaml"):
        if row.get("parent"):
            children.setdefault(str(row["parent"]), []).append(str(row["id"]))
    return {k: tuple(v) for k, v in children.items()}


def _with_organs(igo: str) -> tuple[str, ...]:
    """An IGO and every organ or agency under it (the European Commission acts for the
    EU), depth first."""
    found = [igo]
    for child in _igo_children().get(igo, ()):
        found += [c for c in _with_organs(child) if c not in found]
    return tuple(found)


@cache
def _regions() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Region names and aliases (lower case) -> (name, member countries)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for row in load_yaml("places.yaml").get("regions") or []:
        entry = (str(row["name"]), tuple(row.get("countries") or ()))
        for name in (row["name"], *(row.get("aliases") or [])):
            found.setdefault(_key(str(name)), entry)
    return found
