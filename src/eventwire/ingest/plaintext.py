"""Plain text and Markdown. Markdown is rendered, then flattened, so links are kept.

A YAML front-matter block (``---`` lines at the top, as static-site generators write)
is read as page metadata: title, date, site or publisher, author, section.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt

from eventwire.document import SourceHints
from eventwire.ingest.html import fragment_to_text

TEXT_EXTRACTOR = "eventwire.ingest.text.v1"
MARKDOWN_EXTRACTOR = "eventwire.ingest.markdown.markdown-it.v1"

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return {}, markdown
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, markdown
    if not isinstance(meta, dict):
        return {}, markdown
    return meta, markdown[match.end():]


def _first(meta: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return None


def markdown_to_text(markdown: str) -> tuple[str, SourceHints]:
    meta, body = _front_matter(markdown)
    title = _first(meta, "title", "headline")
    if title is None:
        for line in body.splitlines():
            if line.startswith("# "):
                title = line[2:].strip().rstrip("#").strip() or None
            if line.strip():
                break
    published = _first(meta, "date", "published", "pubdate")
    text, links = fragment_to_text(_MARKDOWN.render(body))
    return text, SourceHints(
        title=title,
        published=published,
        published_origin="meta" if published else None,
        publisher=_first(meta, "site", "publisher", "outlet", "source"),
        author=_first(meta, "author", "byline"),
        section=_first(meta, "section", "category", "categories"),
        links=links,
    )
