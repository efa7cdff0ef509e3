"""Hostile documents for the dashboard's tests: script, event-handler and `javascript:`
payloads in a JSONL record's title, text, publisher, URL and links, in an HTML page's
title, author and anchors, and (written into the store after the pipeline, since no
recogniser would take them) in actor names, a role, a quote's speaker and place names.
Every payload that could run calls alert(), so a browser that ran one opens a dialog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from eventwire.options import Options
from eventwire.store import Store, open_store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
SVG = "<svg onload=alert(4)>"
HOVER = "<b onmouseover=alert(6)>"
QUOTED = "\"><script>alert(5)</script>"  # closes an attribute, then a script
JS_URL = "javascript:alert(7)"
TITLE = f"{SCRIPT} Hostile {IMG} headline"
TEXT = (
    f"{SCRIPT} Russia and Kazakhstan signed an agreement on gas supplies in Astana on "
    f"3 May 2024, the Kazakh foreign ministry said {IMG}.\n\n"
    f"\"We will deliver 10 billion cubic metres of gas {SCRIPT},\" said Russian Foreign "
    f"Minister Sergei Lavrov. Details are at https://hostile.example/report?q={IMG} and "
    "javascript:alert(3).\n\n"
    f"\"The border will stay open,\" said Ivan {SVG} Petrov, a spokesman of the Ministry "
    "of Defence of Russia.\n\n"
    f"Protesters gathered in {HOVER}Almaty</b> on 5 May 2024, police said.\n\n"
    "China and Kazakhstan agreed to build a railway link, Reuters reported on 4 May 2024."
)
RECORD = {"title": TITLE, "url": JS_URL, "published": "2024-05-05",
          "publisher": f"Hostile Herald {IMG}", "text": TEXT}
PAGE = """<!doctype html><html><head>
<title>Hostile page &lt;script&gt;alert(11)&lt;/script&gt;</title>
<meta name="author" content="Hostile Wire <img src=x onerror=alert(12)>">
<meta property="article:published_time" content="2024-05-07"></head>
<body><article><h1>Hostile page <script>alert(13)</script> headline</h1>
<p>Russia and Kazakhstan signed an agreement on oil transit in Astana on 6 May 2024, the
<a href="javascript:alert(8)">Kazakh energy ministry</a> said.</p>
<p>Read the <a href=" JaVaScRiPt:alert(9)">full text</a>, the
<a href="data:text/html,&lt;script&gt;alert(10)&lt;/script&gt;">annex</a> and the
<a href="https://hostile.example/annex?&quot;onmouseover=alert(14)">summary</a>.</p>
<p>Uzbekistan and Tajikistan held talks on water sharing in Dushanbe on 7 May 2024,
officials said.</p></article></body></html>
"""
# names the store is given in place of the pipeline's (see poison_names)
SPEAKER = f"Ivan {SCRIPT} Petrov"
ACTOR_NAMES = {"Sergey Lavrov": f"Sergey {SCRIPT} Lavrov",
               "Kazakh foreign ministry": f"Kazakh {IMG} ministry",
               "Kazakhstan": f"Kazakhstan {QUOTED}", "Ivan": SPEAKER}
PLACE_NAMES = {"Astana": f"Astana {SVG}", "Kazakhstan": f"Kazakhstan {HOVER}"}
ROLE = f"minister {IMG}"


def write_hostile(folder: Path) -> list[Path]:
    record = folder / "hostile.jsonl"
    record.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    page = folder / "hostile-page.html"
    page.write_text(PAGE, encoding="utf-8")
    return [record, page]


def with_hostile(source_db: Path | None, folder: Path, options: Options) -> tuple[Path, str]:
    """A store holding the hostile documents (a copy of ``source_db``, or a new store),
    and the hostile record's id."""
    from eventwire.corroborate import corroborate
    from eventwire.runner import ingest

    path = folder / "hostile.duckdb"
    if source_db is not None:
        shutil.copy(source_db, path)
    db = open_store(str(path))
    try:
        ingest(db, options, [str(p) for p in write_hostile(folder)])
        (row,) = [r for r in db.list_documents(_filter()) if "Hostile" in (r["title"] or "")
                  and "headline" in (r["title"] or "") and "page" not in r["title"]]
        poison_names(db, row["id"])
        corroborate(db, options.corroborate, "hostile")
    finally:
        db.close()
    return path, row["id"]


def poison_names(db: Store, doc_id: str) -> None:
    """Give the document's actors, a role, a quote's speaker and its places hostile names,
    as a dictionary or gazetteer of someone else's might."""
    doc = db.get(doc_id)
    actors = [_renamed(a, ACTOR_NAMES, role=ROLE if a.kind == "person" else None)
              for a in doc.actors or []]
    places = [_renamed(p, PLACE_NAMES) for p in doc.places or []]
    quotes = [q.model_copy(update={"speaker_text": SPEAKER}) if q.speaker_text and
              q.speaker_text.startswith("Ivan") else q for q in doc.quotes or []]
    db.replace_layers(doc.model_copy(update={"actors": actors, "places": places,
                                             "quotes": quotes}))


def _renamed(item: Any, names: dict[str, str], role: str | None = None) -> Any:
    update: dict[str, Any] = {"name": names.get(item.name, item.name)}
    if role is not None:
        update["role"] = role
    return item.model_copy(update=update)


def _filter():  # type: ignore[no-untyped-def]
    from eventwire.store import DocumentFilter

    return DocumentFilter(text="Hostile")
