"""Actor dictionaries: countries, organisations, armed groups, people and agent words.

Everything is data under ``data/`` (YAML with source notes); users add their own files
in the same format with ``--dict PATH``, and ``eventwire dict import`` converts CAMEO /
PETRARCH actor dictionaries into it. One :class:`ActorDictionary` holds them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from eventwire.errors import OptionsError
from eventwire.resources import data_dir, load_yaml

Kind = Literal["country", "organization", "person", "group"]
SECTORS = {
    "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "INS", "OPP", "PTY", "MED", "BUS", "CVL",
    "REL", "EDU", "NGO", "IGO", "UAF", "REF", "LAB", "ELI", "HLH", "AGR", "ENV", "MOS", "CRM",
}


@dataclass(frozen=True)
class Role:
    title: str
    start: str | None
    end: str | None
    sectors: tuple[str, ...]
    country: str | None = None
    organization: str | None = None

    def holds_on(self, day: str | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Entry:
    """One actor the dictionaries know, with every name it goes by."""

    id: str
    name: str
    kind: Kind
    country: str | None
    sectors: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    igo: bool = False
    source: str = ""
    # A group that became a state's government (the Taliban, 15 August 2021): from that
    # date on its mentions are coded as that state's government.
    government_of: tuple[str, str] | None = None

    def role_on(self, day: str | None) -> Role | None:
        """The role held on ``day`` (the document's date); none when the person held no
        post the dictionary knows of that day: a former minister is no minister, and the
        person keeps only their country."""
        current = [r for r in self.roles if r.holds_on(day)]  # no date: posts held now
        return max(current, key=lambda r: r.start or "") if current else None


@dataclass(frozen=True)
class Alias:
    """A name of an entry as matched in text; ``use`` says how the name refers to it."""

    text: str
    entry: Entry
    use: Literal["name", "demonym", "metonym", "capital"]
    exact: bool = False  # match case-sensitively (outlet names: "Dawn", not "dawn")


@dataclass
class ActorDictionary:
    entries: dict[str, Entry] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    agent_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    demonym_country: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)

    def add(self, entry: Entry, names: Iterable[str], use: str = "name",
            exact: bool = False) -> None:
        self.entries[entry.id] = entry  # a later file (the user's) wins
        for name in names:
            name = _clean(name)
            if name:
                self.aliases.append(Alias(name, entry, use, exact))  # type: ignore[arg-type]

    def country(self, iso3: str) -> Entry | None:
        return self.entries.get(f"country:{iso3}")


def _clean(name: Any) -> str:
    return re.sub(r"\s+", " ", str(name or "")).strip()


def _sectors(values: Iterable[str] | None, where: str) -> tuple[str, ...]:
    out = []
    for value in values or []:
        code = str(value).upper()
        if code not in SECTORS:
            raise OptionsError(f"unknown sector code {value!r}", source=where)
        if code not in out:
            out.append(code)
    return tuple(out)


def _date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# -- the project's files -----------------------------------------------------------------
def _load_countries(d: ActorDictionary, rows: list[dict[str, Any]], where: str) -> None:
    for row in rows:
        iso3 = str(row["iso3"]).upper()
        entry = Entry(id=f"country:{iso3}", name=row["name"], kind="country", country=iso3,
                      sectors=(), source=where)
        names = [row["name"], row.get("official"), *(row.get("aliases") or [])]
        d.add(entry, names, "name")
        d.add(entry, row.get("demonyms") or [], "demonym")
        capitals = [row.get("capital"), *(row.get("capital_aliases") or [])]
        d.add(entry, [c for c in capitals if c], "capital")
        d.add(entry, [m for m in row.get("metonyms") or [] if m not in capitals], "metonym")
        for name in names:
            if name:
                d.country_names[_clean(name).lower()] = iso3
        for demonym in row.get("demonyms") or []:
            d.demonym_country[_clean(demonym).lower()] = iso3


def _load_named(d: ActorDictionary, rows: list[dict[str, Any]], kind: Kind, prefix: str,
                where: str, *, igo: bool = False) -> None:
    for row in rows:
        ident = row.get("id") or _slug(row["name"])
        country = (row.get("country") or None) if not igo else None
        sectors = _sectors(row.get("sectors"), where)
        if igo and "IGO" not in sectors:
            sectors = ("IGO", *sectors)
        government = row.get("government_of")
        entry = Entry(id=f"{prefix}:{ident}", name=row["name"], kind=kind,
                      country=str(country).upper() if country else None, sectors=sectors,
                      igo=igo, source=where,
                      government_of=(str(government["country"]).upper(),
                                     _date(government.get("since")) or "")
                      if isinstance(government, dict) else None)
        d.add(entry, [row["name"], *(row.get("aliases") or [])])
        if row.get("exact_aliases"):  # "Republicans", not "Irish republicans"
            d.add(entry, [str(a) for a in row["exact_aliases"]], exact=True)


def _load_outlets(d: ActorDictionary, rows: list[dict[str, Any]], where: str) -> None:
    """News outlets are actors too (sector MED), named case-sensitively."""
    for row in rows:
        entry = Entry(id=f"outlet:{_slug(row['name'])}", name=row["name"], kind="organization",
                      country=row.get("country") or None, sectors=("MED",), source=where)
        names = [re.sub(r"^the\s+", "", n, flags=re.I) for n in
                 [row["name"], *(row.get("aliases") or [])]]
        d.add(entry, [n for n in names if _distinctive(n)], exact=True)


def _distinctive(name: str) -> bool:
    """An outlet name that cannot be an ordinary word or a place: 'Fergana' (a valley) and
    'Dawn' are left to the citation rules; 'Kun.uz', 'AKIpress', 'TASS' are kept."""
    return (len(name.split()) >= 2 or any(c.isdigit() or c == "." for c in name)
            or name.isupper() or any(c.isupper() for c in name[1:]))


def _load_people(d: ActorDictionary, rows: list[dict[str, Any]], where: str) -> None:
    for row in rows:
        roles = tuple(
            Role(title=r["title"], start=_date(r.get("start")), end=_date(r.get("end")),
                 sectors=_sectors(r.get("sectors"), where),
                 # A post in an international organisation has no country of its own.
                 country=r.get("country") or (None if r.get("organization")
                                              else row.get("country")),
                 organization=r.get("organization") or row.get("organization"))
            for r in row.get("roles") or []
        )
        entry = Entry(id=f"person:{_slug(row['name'])}", name=row["name"], kind="person",
                      country=row.get("country") or None, sectors=(), roles=roles,
                      source=where)
        earlier = d.entries.get(entry.id)
        if earlier is not None and earlier.kind == "person" and earlier.source != where:
            # the same person in two files (a post before 2015 in one, later ones in the
            # other): one entry with every role
            entry = replace(earlier, roles=tuple(dict.fromkeys([*earlier.roles, *roles])),
                            country=earlier.country or entry.country)
            d.aliases = [replace(a, entry=entry) if a.entry is earlier else a
                         for a in d.aliases]
        d.add(entry, [row["name"], *(row.get("aliases") or [])])


def _load_agent_words(d: ActorDictionary, data: dict[str, Any], where: str) -> None:
    for section in ("words", "agent_patterns"):
        for word, sectors in (data.get(section) or {}).items():
            d.agent_words[_clean(word).lower()] = _sectors(sectors, where)


LOADERS = {
    "countries": lambda d, rows, where: _load_countries(d, rows, where),
    "igos": lambda d, rows, where: _load_named(d, rows, "organization", "igo", where, igo=True),
    "organizations": lambda d, rows, where: _load_named(d, rows, "organization", "org", where),
    "armed_groups": lambda d, rows, where: _load_named(d, rows, "group", "group", where),
    "people": lambda d, rows, where: _load_people(d, rows, where),
    "outlets": lambda d, rows, where: _load_outlets(d, rows, where),
}
PROJECT_FILES = ("countries", "igos", "organizations", "armed_groups", "people", "outlets")


def load_user_file(d: ActorDictionary, path: Path) -> None:
    """A user file: a mapping of sections (countries, igos, organizations, armed_groups,
    people, sector_words) to entries in the formats of the project's files."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OptionsError(f"cannot read the dictionary: {exc}", source=str(path)) from exc
    if not isinstance(data, dict):
        raise OptionsError("a dictionary file maps section names to lists of entries",
                           source=str(path))
    for section, rows in data.items():
        if section == "sector_words":
            _load_agent_words(d, rows, str(path))
        elif section in LOADERS:
            LOADERS[section](d, rows or [], str(path))
        else:
            raise OptionsError(
                f"unknown section {section!r}; use one of {sorted([*LOADERS, 'sector_words'])}",
                source=str(path))


@cache
def _project_dictionary() -> ActorDictionary:
    d = ActorDictionary()
    for name in PROJECT_FILES:
        LOADERS[name](d, load_yaml(f"{name}.yaml") or [], f"data/{name}.yaml")
        # the world's office holders and institutions: a file per region or kind
        for path in sorted(data_dir().glob(f"{name}_*.yaml")):
            LOADERS[name](d, load_yaml(path.name) or [], f"data/{path.name}")
    _load_agent_words(d, load_yaml("sector_words.yaml") or {}, "data/sector_words.yaml")
    _drop_shared_person_names(d)
    return d


def _drop_shared_person_names(d: ActorDictionary) -> None:
    """A name two people answer to ("Kim", "Ahmed Ali") names neither: a mention of it is
    left unknown rather than given one of them at random."""
    people: dict[str, set[str]] = {}
    for alias in d.aliases:
        if alias.entry.kind == "person":
            people.setdefault(alias.text.lower(), set()).add(alias.entry.id)
    shared = {name for name, ids in people.items() if len(ids) > 1}
    d.aliases = [a for a in d.aliases
                 if not (a.entry.kind == "person" and a.text.lower() in shared)]


def actor_dictionary(user_files: tuple[Path, ...] = ()) -> ActorDictionary:
    """The project's dictionaries, with the user's files layered on top (theirs win)."""
    base = _project_dictionary()
    if not user_files:
        return base
    d = ActorDictionary(dict(base.entries), [], dict(base.agent_words),
                        dict(base.demonym_country), dict(base.country_names))
    for path in user_files:
        load_user_file(d, path)
    user_ids = {a.entry.id for a in d.aliases}
    user_texts = {a.text.lower() for a in d.aliases}
    d.aliases = [*d.aliases, *(a for a in base.aliases if a.text.lower() not in user_texts
                               or a.entry.id in user_ids)]
    return d


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    d = actor_dictionary()
    names = {**{k.lower(): v for k, v in d.country_names.items()},
             **{k.lower(): v for k, v in d.demonym_country.items()}}
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in alternatives) + r")\b",
                         re.IGNORECASE)
    return pattern, names


def first_country_named(text: str | None) -> str | None:
    """The first country a name names, by its name or demonym ("Embassy of the People's
    Republic of China in Kyrgyzstan" -> CHN; "Kazakh MFA" -> KAZ): the state a signing
    office belongs to."""
    if not text:
        return None
    pattern, names = _country_pattern()
    match = pattern.search(text)
    return names.get(match.group(1).lower()) if match else None
