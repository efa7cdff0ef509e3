"""Plain text and Markdown. Markdown is rendered, then flattened, so links are kept.

A YAML front-matter block (``---`` lines at the top, as static-site generators write)
is read as page metadata: title, date, site or publisher, author, section.
"""

from __future__ import annotations

import datetime
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
    except (yaml.YAMLError, RecursionError):  # bad, or nested past Python's stack
        return {}, markdown
    except ValueError:  # a date that is none (2021-02-30), an integer of 5,000 digits
        return {}, markdown
    if not isinstance(meta, dict):
        return {}, markdown
    return meta, markdown[match.end():]


_SCALARS = (str, int, float, datetime.date)
# A list of categories or tags is joined; a longer one is no page's metadata.
_MAX_LIST = 50


def _first(meta: dict[str, Any], *keys: str) -> str | None:
    """The first key's value as text: a scalar, or a short flat list of scalars.

    Nothing nested is printed: YAML aliases let a few lines stand for a structure of
    billions of items ("billion laughs"), which str() would spell out in full.
    """
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list) and len(value) <= _MAX_LIST and \
                all(isinstance(item, _SCALARS) for item in value):
            value = ", ".join(str(item).strip() for item in value)
        if isinstance(value, _SCALARS) and str(value).strip():
            return str(value).strip()
    return None


_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_ISSUE = re.compile(r"\s*[·|—–-]\s*(?:Issue|No\.?|Vol\.?|Number|#)\s*\d+.*$", re.I)


def _title_and_masthead(body: str) -> tuple[str | None, str | None]:
    """The headline, and a newsletter's name above it.

    '# Gobi Energy Notes' then '## The headline': the H1 names the newsletter. A short
    plain line above the first H1 ('Energy Digest · Issue 37') does the same.
    """
    lines = [line.strip() for line in body.splitlines() if line.strip()][:4]
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if not heading:
            continue
        following = _HEADING.match(lines[index + 1]) if index + 1 < len(lines) else None
        if len(heading.group(1)) == 1 and following and len(following.group(1)) == 2:
            return following.group(2), _ISSUE.sub("", heading.group(2))
        before = lines[index - 1] if index == 1 and len(lines[0]) < 80 else None
        return heading.group(2), _ISSUE.sub("", before) if before else None
    return None, None


def markdown_to_text(markdown: str) -> tuple[str, SourceHints]:
    meta, body = _front_matter(markdown)
    heading, masthead = _title_and_masthead(body)
    title = _first(meta, "title", "headline") or heading
    published = _first(meta, "date", "published", "pubdate")
    text, links = fragment_to_text(_MARKDOWN.render(body))
    if not text and body.strip():
        # markdown-it renders nothing past 20 levels of nesting ("> > > ..." a thousand
        # times): the source, markup and all, is better than a lost text
        text = body.strip()
    return text, SourceHints(
        title=title,
        published=published,
        published_origin="meta" if published else None,
        publisher=_first(meta, "site", "publisher", "outlet", "source") or masthead,
        author=_first(meta, "author", "byline"),
        section=_first(meta, "section", "category", "categories"),
        links=links,
    )
