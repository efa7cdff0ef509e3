"""Read CAMEO / PETRARCH actor and agent dictionaries into eventwire's dictionary format.

The format, as the PETRARCH coders use it: a name in capitals with words joined by
underscores (``HAMID_KARZAI_``), its codes in brackets on the same or following lines
(``[AFGGOV 20011222-20141001]``, date-restricted codes for people), synonyms on ``+``
lines, comments after ``#``. Agent dictionaries mark codes with ``~`` (``TROOPS_ [~MIL]``).
Codes are a country (or IGO) followed by three-letter sector codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import OptionsError
from eventwire.extract.dictionary import SECTORS

_CODE = re.compile(r"\[\s*(?P<agent>~?)(?P<code>[A-Z]{3,})\s*(?P<dates>[<>]?\d{6,8}(?:-\d{6,8}?)?"
                   r"|\d{6,8}-|-?\d{6,8})?\s*\]")
_NAME = re.compile(r"^\+?(?P<name>[A-Z0-9][A-Z0-9_'.&-]*)_?\s*(?P<rest>.*)$")


@dataclass
class _Record:
    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None, bool]] = field(default_factory=list)


@dataclass
class ImportReport:
    entries: int = 0
    skipped: list[str] = field(default_factory=list)


def _words(name: str) -> str:
    text = name.strip("_").replace("_", " ")
    return " ".join(w if len(w) <= 3 and w.isupper() and w.isalpha() and len(w) < 3
                    else w.title() if w.isupper() else w for w in text.split())


def _day(raw: str | None) -> str | None:
    if not raw:
        return None
    if len(raw) == 6:  # yymmdd, as in the older dictionaries
        century = "19" if int(raw[:2]) > 50 else "20"
        raw = century + raw
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}"


def _dates(spec: str | None) -> tuple[str | None, str | None]:
    if not spec:
        return None, None
    if spec.startswith(">"):
        return _day(spec[1:]), None
    if spec.startswith("<"):
        return None, _day(spec[1:])
    start, _, end = spec.partition("-")
    return _day(start), _day(end)


def parse(text: str, source: str) -> tuple[list[_Record], ImportReport]:
    records: list[_Record] = []
    report = ImportReport()
    current: _Record | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if "{" in line or "<" in line.split("[")[0]:
            report.skipped.append(f"line {number}: pattern syntax not supported: {line.strip()}")
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            if current is None:
                raise OptionsError(f"line {number}: a code before any name", source=source)
            current.codes.extend(_codes(stripped))
            continue
        match = _NAME.match(stripped)
        if not match:
            report.skipped.append(f"line {number}: not a dictionary line: {stripped}")
            continue
        if stripped.startswith("+"):
            if current is None:
                raise OptionsError(f"line {number}: a synonym before any name", source=source)
            current.synonyms.append(_words(match.group("name")))
            current.codes.extend(_codes(match.group("rest")))
            continue
        current = _Record(_words(match.group("name")))
        current.codes.extend(_codes(match.group("rest")))
        records.append(current)
    return records, report


def _codes(text: str) -> list[tuple[str, str | None, str | None, bool]]:
    out = []
    for match in _CODE.finditer(text):
        start, end = _dates(match.group("dates"))
        out.append((match.group("code"), start, end, bool(match.group("agent"))))
    return out


def _split(code: str, countries: set[str]) -> tuple[str | None, list[str]]:
    country = code[:3] if code[:3] in countries or code[:3] == "IGO" else None
    rest = code[3:] if country else code
    sectors = [rest[i:i + 3] for i in range(0, len(rest), 3) if rest[i:i + 3] in SECTORS]
    if country == "IGO":
        return None, ["IGO", *sectors]
    return country, sectors


def to_dictionary(records: list[_Record], countries: set[str],
                  report: ImportReport) -> dict[str, Any]:
    """eventwire's sections (people, organizations, sector_words) from parsed records."""
    people: list[dict[str, Any]] = []
    organizations: list[dict[str, Any]] = []
    words: dict[str, list[str]] = {}
    for record in records:
        if not record.codes:
            report.skipped.append(f"{record.name}: no code")
            continue
        if all(agent for *_, agent in record.codes):
            for name in [record.name, *record.synonyms]:
                words[name.lower()] = _split(record.codes[0][0], countries)[1]
            report.entries += 1
            continue
        dated = any(start or end for _, start, end, _ in record.codes)
        if dated:
            roles = []
            for code, start, end, _ in record.codes:
                country, sectors = _split(code, countries)
                roles.append({"title": code, "start": start, "end": end, "sectors": sectors,
                              **({"country": country} if country else {})})
            people.append({"name": record.name, "aliases": record.synonyms, "roles": roles,
                           "country": _split(record.codes[-1][0], countries)[0]})
        else:
            country, sectors = _split(record.codes[0][0], countries)
            organizations.append({"name": record.name, "aliases": record.synonyms,
                                  "country": country, "sectors": sectors})
        report.entries += 1
    out: dict[str, Any] = {}
    if people:
        out["people"] = people
    if organizations:
        out["organizations"] = organizations
    if words:
        out["sector_words"] = {"words": words}
    return out


def import_file(path: Path, out: Path, countries: set[str]) -> ImportReport:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise OptionsError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    records, report = parse(text, str(path))
    data = to_dictionary(records, countries, report)
    header = (f"# Imported by eventwire from {path.name} (CAMEO/PETRARCH format).\n"
              "# Load it with --dict; edit freely.\n")
    out.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    return report
