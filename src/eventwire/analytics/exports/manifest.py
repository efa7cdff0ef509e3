"""The manifest written with every export, and the target it describes: written under a
``.partial`` name and renamed into place, so a half-written export never takes the
target's name, and an existing one is only replaced with ``force``."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire._version import __version__
from eventwire.errors import ExportError

MANIFEST_VERSION = "1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileEntry(_Strict):
    path: str = Field(description="path relative to the manifest's folder")
    bytes: int = Field(description="size in bytes")
    sha256: str = Field(description="sha256 of the file's bytes, hex")


class LeftOut(_Strict):
    reason: str = Field(description="why these rows are not in the export")
    count: int = Field(description="how many")
    ids: list[str] = Field(description="their ids")


class Changes(_Strict):
    since: str = Field(description="the --since given, as UTC ISO 8601")
    created: list[str] = Field(description="events created since then (exported)")
    revised: list[str] = Field(description="events whose members changed since (exported)")
    dissolved: list[str] = Field(description="events dissolved since then: drop them from "
                                 "an earlier export (not in this one)")


class Manifest(_Strict):
    """What an export holds, what made it, and how to check its files."""

    manifest_version: str = Field(description="version of this manifest's shape")
    eventwire_version: str = Field(description="the eventwire that wrote the export")
    store_schema_version: int | None = Field(description="schema version of the store read")
    created: str = Field(description="when the export was written, UTC ISO 8601")
    what: str = Field(description="events | mentions | actors | network | documents | ...")
    format: str = Field(description="parquet | csv | jsonl | geojson | gexf | graphml | "
                        "plover")
    filters: dict[str, Any] = Field(description="the filters the rows were chosen with")
    since: str | None = Field(description="rows changed since this time (UTC), or null")
    coders: list[str] = Field(description="versioned coders named in the exported rows")
    stages: list[str] = Field(description="versioned stages that built the documents "
                              "behind the rows")
    rows: int = Field(description="rows (records, features, edges) written")
    left_out: list[LeftOut] = Field(description="rows not written, by reason")
    changes: Changes | None = Field(description="with --since: events created, revised and "
                                    "dissolved since then")
    files: list[FileEntry] = Field(description="every file written, with its checksum")
    extra: dict[str, Any] = Field(description="what the writer adds (network options, "
                                  "credits, the caller's own notes)")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Target:
    """Where an export goes: one file (its manifest beside it, ``NAME.manifest.json``) or
    a folder of partitions (``manifest.json`` inside it)."""

    def __init__(self, out: Path, *, folder: bool = False) -> None:
        self.out = out
        self.folder = folder
        self.partial = out.with_name(out.name + ".partial")

    @property
    def manifest_path(self) -> Path:
        return self.out / "manifest.json" if self.folder else \
            self.out.with_name(self.out.name + ".manifest.json")

    def refuse_overwrite(self, force: bool) -> None:
        existing = [p for p in (self.out, self.manifest_path) if p.exists()]
        if existing and not force:
            raise ExportError(f"{existing[0]} exists; pass --force to overwrite it",
                              source=str(self.out))

    @contextmanager
    def writing(self) -> Iterator[Path]:
        """The partial path to write to; renamed to the target once the block ends, and
        removed if it fails."""
        _remove(self.partial)
        if not self.out.parent.is_dir():
            raise ExportError("no such folder for the export", source=str(self.out.parent))
        try:
            yield self.partial
        except BaseException:
            _remove(self.partial)
            raise

    def files(self) -> list[FileEntry]:
        """Every data file written (still under the partial name), with its checksum."""
        if not self.folder:
            return [_entry(self.partial, self.out.name)]
        self.partial.mkdir(exist_ok=True)  # no rows: an empty folder, not none
        return [_entry(p, p.relative_to(self.partial).as_posix())
                for p in sorted(self.partial.rglob("*")) if p.is_file()]

    def commit(self, manifest: Manifest) -> None:
        """The manifest written, then data and manifest renamed into place."""
        text = json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False)
        if self.folder:
            (self.partial / "manifest.json").write_text(text + "\n", encoding="utf-8")
            _remove(self.out)  # --force on a folder: the old partitions must all go
            self.partial.rename(self.out)
            return
        staged = self.manifest_path.with_name(self.manifest_path.name + ".partial")
        staged.write_text(text + "\n", encoding="utf-8")
        if self.out.is_dir():
            _remove(self.out)
        self.partial.replace(self.out)
        staged.replace(self.manifest_path)


def _entry(path: Path, name: str) -> FileEntry:
    return FileEntry(path=name, bytes=path.stat().st_size, sha256=sha256_of(path))


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def new_manifest(*, what: str, fmt: str, files: list[FileEntry], rows: int,
                 store_schema_version: int | None, filters: dict[str, Any] | None = None,
                 since: datetime | None = None, coders: list[str] | None = None,
                 stages: list[str] | None = None, left_out: list[LeftOut] | None = None,
                 changes: Changes | None = None, extra: dict[str, Any] | None = None,
                 ) -> Manifest:
    return Manifest(
        manifest_version=MANIFEST_VERSION, eventwire_version=__version__,
        store_schema_version=store_schema_version,
        created=datetime.now(UTC).isoformat(timespec="seconds"), what=what, format=fmt,
        filters=filters or {}, since=since.isoformat() if since else None,
        coders=coders or [], stages=stages or [], rows=rows, left_out=left_out or [],
        changes=changes, files=files, extra=extra or {})
