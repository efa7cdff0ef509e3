"""A hostile document for the dashboard's tests: script and event-handler payloads in its
title, text, publisher and links, written as a JSONL record and ingested into a store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from eventwire.options import Options
from eventwire.store import open_store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
TITLE = f"{SCRIPT} Hostile {IMG} headline"
TEXT = (
    f"{SCRIPT} Russia and Kazakhstan signed an agreement on gas supplies in Astana on "
    f"3 May 2024, the Kazakh foreign ministry said {IMG}.\n\n"
    f"\"We will deliver 10 billion cubic metres of gas {SCRIPT},\" said Russian Foreign "
    f"Minister Sergei Lavrov. Details are at https://hostile.example/report?q={IMG} and "
    "javascript:alert(3).\n\n"
    "China and Kazakhstan agreed to build a railway link, Reuters reported on 4 May 2024."
)
RECORD = {"title": TITLE, "url": f"https://hostile.example/news?x={SCRIPT}",
          "published": "2024-05-05", "publisher": f"Hostile Herald {IMG}", "text": TEXT}


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return path


def with_hostile(source_db: Path | None, folder: Path, options: Options) -> tuple[Path, str]:
    """A store holding the hostile document (a copy of ``source_db``, or a new store), and
    the hostile document's id."""
    from eventwire.corroborate import corroborate
    from eventwire.runner import ingest

    path = folder / "hostile.duckdb"
    if source_db is not None:
        shutil.copy(source_db, path)
    db = open_store(str(path))
    try:
        ingest(db, options, [str(write_hostile(folder))])
        corroborate(db, options.corroborate, "hostile")
        (row,) = [r for r in db.list_documents(_filter()) if "Hostile" in (r["title"] or "")]
    finally:
        db.close()
    return path, row["id"]


def _filter():  # type: ignore[no-untyped-def]
    from eventwire.store import DocumentFilter

    return DocumentFilter(text="Hostile")
