"""HTML pages and fragments to text, with the metadata the page declares.

trafilatura finds the main text and the page metadata; the text is rebuilt from its XML
body so paragraphs stay separate and the hrefs inside the article are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree

from eventwire.document import SourceHints
from eventwire.errors import InputError, Reason

EXTRACTOR = f"eventwire.ingest.html.trafilatura-{trafilatura.__version__}.v1"
FRAGMENT_EXTRACTOR = "eventwire.ingest.fragment.lxml.v1"

# trafilatura's XML body: these elements each hold one block of text.
_BLOCKS = {"head", "p", "item", "quote", "cell", "row", "code", "lb"}
# HTML elements that start a new block when a fragment is flattened.
_HTML_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "tr", "table", "section", "article", "header", "footer", "dd", "dt", "hr",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}
_WS = re.compile(r"\s+")
_LINE_WS = re.compile(r"[^\S\n]+")


def _block_text(element: etree._Element) -> str:
    return _WS.sub(" ", "".join(element.itertext())).strip()


def _body_blocks(body: etree._Element) -> Iterator[str]:
    for element in body.iter():
        if element.tag in _BLOCKS and not any(a.tag in _BLOCKS for a in element.iterancestors()):
            text = _block_text(element)
            if text:
                yield text


def _body_links(body: etree._Element) -> list[str]:
    return [ref.get("target") for ref in body.iter("ref") if ref.get("target")]


def extract_page(html: str, source: str) -> tuple[str, SourceHints]:
    """Main text and metadata of a full HTML page."""
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_links=True,
        include_tables=True,
        favor_recall=True,
        output_format="python",
    )
    if result is None or result.body is None:
        return _fallback_page(html, source)
    text = "\n\n".join(_body_blocks(result.body))
    if not text:
        return _fallback_page(html, source)
    hints = SourceHints(
        title=result.title or None,
        published=result.date or None,
        published_origin="meta" if result.date else None,
        publisher=result.sitename or None,
        author=result.author or None,
        section=", ".join(result.categories) if result.categories else None,
        links=_body_links(result.body),
    )
    return text, hints


def _fallback_page(html: str, source: str) -> tuple[str, SourceHints]:
    """A page trafilatura rejects (very short, truncated): flatten its body instead."""
    text, links = fragment_to_text(html)
    if not text:
        raise InputError(Reason.NO_TEXT, "the HTML page has no readable text", source=source)
    title = None
    try:
        tree = lxml.html.fromstring(html)
        title_el = tree.find(".//title")
        title = title_el.text_content().strip() if title_el is not None else None
    except (etree.ParserError, ValueError):
        pass
    return text, SourceHints(title=title or None, links=links)


def fragment_to_text(html: str) -> tuple[str, list[str]]:
    """Flatten an HTML fragment (feed item, rendered Markdown) to text and hrefs."""
    if not html.strip():
        return "", []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.strip(), []
    for bad in list(root.iter(*_SKIP_TAGS)):
        bad.drop_tree()
    parts: list[str] = []
    links: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag in _HTML_BLOCKS:
            parts.append("\n\n")
        if tag == "a" and element.get("href", "").startswith(("http://", "https://")):
            links.append(element.get("href"))
        if element.text and tag:
            parts.append(_flat(element.text))
        for child in element:
            walk(child)
            if child.tail:
                parts.append(_flat(child.tail))
        if tag in _HTML_BLOCKS and tag != "br":
            parts.append("\n\n")

    walk(root)
    return _join_paragraphs("".join(parts)), links


def _flat(text: str) -> str:
    """Newlines in HTML source are layout, not line breaks."""
    return text.replace("\n", " ")


def _join_paragraphs(flat: str) -> str:
    """Blank lines separate paragraphs; a single newline (from <br>) is kept as a line break."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", flat):
        lines = (_LINE_WS.sub(" ", line).strip() for line in block.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)
