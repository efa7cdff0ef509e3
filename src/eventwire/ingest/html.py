"""HTML pages and fragments to text, with the metadata the page declares.

trafilatura finds the main text and the page metadata. It also drops short blocks such
as bylines, datelines and the signature of a press release, which the anatomy layer
needs; so the text is re-read from the page's article container: the smallest element
that holds every paragraph trafilatura kept, minus navigation, asides and forms.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree

from eventwire.document import SourceHints
from eventwire.errors import InputError, Reason

EXTRACTOR = f"eventwire.ingest.html.trafilatura-{trafilatura.__version__}.v2"

# trafilatura's XML body: these elements each hold one block of text.
_BLOCKS = {"head", "p", "item", "quote", "cell", "row", "code", "lb"}
# HTML elements that start a new block when a tree is flattened.
_HTML_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "tr", "table", "section", "article", "header", "footer", "dd", "dt", "hr",
    "figcaption", "address", "main",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "button", "select",
              "form", "input", "textarea"}
_BOILERPLATE_TAGS = {"nav", "aside", "footer", "menu"}
_BOILERPLATE_CLASS = re.compile(
    r"\b(?:share|sharing|social|related|newsletter|subscribe|cookie|advert|ads?|promo|"
    r"comments?|breadcrumbs?|menu|navbar|sidebar|widget|tags|pagination|popular|trending|"
    r"more|see\s+also|read\s+also|recommended|banner|masthead|toolbar)\b",
    re.I,
)
_WS = re.compile(r"\s+")
_LINE_WS = re.compile(r"[^\S\n]+")
# The article container may add at most this share of words to trafilatura's text:
# more means the container is the whole page, and trafilatura's text is kept.
_MAX_GROWTH = 0.35
# Below this many words, trafilatura's answer is checked against the whole page.
_MIN_WORDS = 60


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
    if _parser_loses_text(html):
        return _markup_page(html, source)
    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_links=True,
            include_tables=True,
            favor_recall=True,
            output_format="python",
        )
    except (AssertionError, AttributeError, IndexError, TypeError, ValueError):
        # Markup trafilatura and htmldate trip over (an <svg> root fails an assertion in
        # lxml's drop_tree): the page's text is still there, read without them.
        result = None
    if result is None or result.body is None:
        return _fallback_page(html, source)
    blocks = list(_body_blocks(result.body))
    if not blocks:
        return _fallback_page(html, source)
    tree = _parse(html)
    text, links = _container_text(tree, blocks) if tree is not None else (None, [])
    if text is None:
        text, links = "\n\n".join(blocks), _body_links(result.body)
    if tree is not None and len(text.split()) < _MIN_WORDS:
        # Old table layouts can fool trafilatura into keeping a menu: read the whole body
        # without its boilerplate instead, when that holds much more text.
        body = tree.find(".//body")
        flat, flat_links = element_to_text(body if body is not None else tree,
                                           drop_boilerplate=True)
        if len(flat.split()) > 3 * len(text.split()):
            text, links = flat, flat_links
    declared = _declared_date(tree) if tree is not None else None
    hints = SourceHints(
        title=result.title or None,
        published=declared,
        published_origin="meta" if declared else None,
        publisher=_site_name(result.sitename, result.title, blocks[0])
        or (_declared_publisher(tree) if tree is not None else None)
        or (_site_from_title(tree, [result.title, blocks[0], _h1(tree)])
            if tree is not None else None),
        author=result.author or None,
        section=", ".join(result.categories) if result.categories else None,
        links=links,
    )
    return text, hints


def _site_name(sitename: str | None, title: str | None, headline: str) -> str | None:
    """trafilatura falls back to the headline when a page names no site: refuse that."""
    if not sitename:
        return None
    if title and _norm(sitename) in (_norm(title), _norm(headline)):
        return None
    return sitename


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||::|—|–|-|•|·)\s+")


def _h1(tree: etree._Element) -> str | None:
    element = tree.find(".//h1")
    return element.text_content().strip() if element is not None else None


def _site_from_title(tree: etree._Element, headlines: list[str | None]) -> str | None:
    """'Headline | The Oxus Review' in <title> names the site when no meta tag does."""
    element = tree.find(".//title")
    if element is None:
        return None
    parts = _TITLE_SEPARATORS.split(element.text_content().strip())
    if len(parts) != 2:
        return None
    for headline in (h for h in headlines if h):
        if _norm(parts[0]) == _norm(headline):
            return parts[1]
        if _norm(parts[1]) == _norm(headline):
            return parts[0]
    return None


def _norm(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _parse(html: str) -> etree._Element | None:
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


# Meta tags and attributes that declare a publication date, most specific first. Only
# declared dates count as "meta": a date guessed from a "related stories" box or a
# footer must not become the publication date (trafilatura's htmldate would guess).
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "citation_publication_date",
    "citation_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "date",
    "pubdate", "publishdate", "publish-date", "published", "sailthru.date", "parsely-pub-date",
    "article.published", "created",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


_PUBLISHER_META = ("og:site_name", "publisher", "dc.publisher", "dcterms.publisher",
                   "application-name", "citation_publisher")


def _declared_publisher(tree: etree._Element) -> str | None:
    """<meta itemprop="publisher">, DC.publisher and the like, when og:site_name is absent."""
    found = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _PUBLISHER_META and (meta.get("content") or "").strip():
            found.setdefault(key, meta.get("content").strip())
    return next((found[k] for k in _PUBLISHER_META if k in found), None)


def _declared_date(tree: etree._Element) -> str | None:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            found.setdefault(key, meta.get("content").strip())
    for key in _DATE_META:
        if key in found:
            return found[key]
    for element in tree.iter("time"):
        if (element.get("itemprop") or "").lower() == "datepublished" and element.get("datetime"):
            return element.get("datetime").strip()
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            match = _JSONLD_DATE.search(script.text)
            if match:
                return match.group(1)
    return None


def _container_text(tree: etree._Element, blocks: list[str]) -> tuple[str | None, list[str]]:
    """Text of the smallest element holding every kept paragraph, or None if unsafe."""
    wanted = {_norm(b) for b in blocks if len(b) > 40}
    matched = [el for el in tree.iter("p", "li", "blockquote", "td", "div")
               if len(wanted) and _norm(el.text_content()) in wanted]
    if not matched:
        return None, []
    container = _common_ancestor(matched)
    if container is None or container.tag in ("html", "body"):
        return None, []
    limit = sum(len(b.split()) for b in blocks) * (1 + _MAX_GROWTH) + 40
    best: tuple[str, list[str]] | None = None
    # Climb while the text stays close to what trafilatura kept: the byline and
    # dateline often sit in the article's header, one level above the body.
    while container is not None and container.tag not in ("html", "body"):
        text, links = element_to_text(container, drop_boilerplate=True)
        if len(text.split()) > limit:
            break
        best = (text, links)
        container = container.getparent()
    return best if best else (None, [])


def _common_ancestor(elements: list[etree._Element]) -> etree._Element | None:
    paths = [[el, *el.iterancestors()][::-1] for el in elements]
    common = None
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    if common is not None and len(elements) == 1:
        common = common.getparent()
    return common


# libxml2, under lxml and trafilatura, stops reading a page at 256 levels of nesting and
# keeps only what came before: a page wrapped in a few hundred <div>s (by a broken
# template, or on purpose) would lose its article without a word.
_MAX_PARSED_DEPTH = 255
_TAG = re.compile(r"(<[^<>]*>)")  # [^<>]: a stray "<" costs one step, not a rescan
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w:-]*)")
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
         "param", "source", "track", "wbr", "p", "li", "td", "tr", "th", "option", "dd",
         "dt"}


# a whole tag: closing slash, name, and the slash of a self-closing one (<path ... />)
_WHOLE_TAG = re.compile(r"<(/?)\s*([a-zA-Z][\w:-]*)[^<>]*?(/?)>")


def _parser_loses_text(html: str) -> bool:
    """Whether the markup nests deeper than libxml2 reads (counting open container
    tags, in one linear pass: cheap next to parsing)."""
    if html.count("<") <= _MAX_PARSED_DEPTH:
        return False
    depth = 0
    for closing, name, self_closing in _WHOLE_TAG.findall(html):
        if self_closing or name.lower() in _VOID:
            continue
        depth += -1 if closing else 1
        if depth > _MAX_PARSED_DEPTH:
            return True
    return False


_UNREAD = {"script", "style", "title", "noscript", "template"}
_TITLE = re.compile(r"<title[^<>]*>([^<]*)<", re.I)


def markup_text(html: str) -> str:
    """The text of markup without a parser: tags dropped, scripts and styles skipped,
    character references resolved (html.unescape expands no entity definitions)."""
    parts: list[str] = []
    skipping: str | None = None
    for token in _TAG.split(html):
        if token.startswith("<") and token.endswith(">"):
            name = _TAG_NAME.match(token)
            tag = name.group(1).lower() if name else ""
            if skipping and token.startswith("</") and tag == skipping:
                skipping = None
            elif not skipping and tag in _UNREAD and not token.startswith("</"):
                skipping = tag
            parts.append("\n\n" if tag in _HTML_BLOCKS else " ")
        elif not skipping:
            parts.append(_flat(html_lib.unescape(token)))
    return _join_paragraphs("".join(parts))


def _markup_page(html: str, source: str) -> tuple[str, SourceHints]:
    """A page too deep for the parser: its text read from the markup, nothing dropped."""
    text = markup_text(html)
    if not text:
        raise InputError(Reason.NO_TEXT, "the HTML page has no readable text", source=source)
    title = _TITLE.search(html)
    return text, SourceHints(title=_WS.sub(" ", html_lib.unescape(title.group(1))).strip()
                             or None if title else None)


def _fallback_page(html: str, source: str) -> tuple[str, SourceHints]:
    """A page trafilatura rejects (very short, truncated): flatten its body instead."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(Reason.MALFORMED, f"the HTML cannot be parsed: {exc}",
                         source=source) from exc
    body = tree.find(".//body")
    text, links = element_to_text(body if body is not None else tree, drop_boilerplate=True)
    if not text:
        raise InputError(Reason.NO_TEXT, "the HTML page has no readable text", source=source)
    title_el = tree.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    return text, SourceHints(title=title or None, links=links)


def fragment_to_text(html: str) -> tuple[str, list[str]]:
    """Flatten an HTML fragment (feed item, rendered Markdown) to text and hrefs."""
    if not html.strip():
        return "", []
    if _parser_loses_text(html):
        return markup_text(html), []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.strip(), []
    return element_to_text(root, drop_boilerplate=False)


_BOILERPLATE_HEADING = re.compile(
    r"^\s*(?:related(?:\s+(?:stories|articles|news|content))?|read\s+(?:more|also)|see\s+also|"
    r"more\s+(?:from|on|stories|news)|most\s+(?:read|popular)|popular|trending|latest(?:\s+news)?|"
    r"you\s+may\s+also\s+like|recommended|share(?:\s+this)?|tags|topics)\b",
    re.I,
)
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _is_boilerplate(element: etree._Element) -> bool:
    if element.tag in _BOILERPLATE_TAGS:
        return True
    first = next((c for c in element if isinstance(c.tag, str)), None)
    if (element.tag in ("section", "div", "ul") and first is not None and first.tag in _HEADINGS
            and _BOILERPLATE_HEADING.match(first.text_content())):
        return True
    names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
    return bool(names.strip()) and bool(_BOILERPLATE_CLASS.search(names.replace("-", " ")))


def element_to_text(root: etree._Element, *, drop_boilerplate: bool) -> tuple[str, list[str]]:
    """Text of an element, one paragraph per block element, and the hrefs inside it."""
    parts: list[str] = []
    links: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIP_TAGS or (drop_boilerplate and _is_boilerplate(element)):
            return
        if tag == "br":
            parts.append("\n")
        elif tag in _HTML_BLOCKS:
            parts.append("\n\n")
        if tag == "a" and element.get("href", "").startswith(("http://", "https://")):
            links.append(element.get("href"))
        if element.text:
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
