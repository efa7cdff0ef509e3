"""Links in the text (full URLs, ``<http://...>``, bare ``www.`` hosts) and page hrefs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from eventwire.document import Link

_URL = re.compile(
    r"<(?P<angle>https?://[^\s<>]+)>"
    r"|(?P<full>\bhttps?://[^\s<>\"'“”«»\[\]]+)"
    r"|(?<![@\w.\-/])(?P<www>www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/[^\s<>\"'“”«»\[\]]*)?)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"”’»"


def _trim(url: str) -> str:
    """Drop punctuation that ends the sentence, and a ')' the URL did not open."""
    while url and (url[-1] in _TRAILING or (url[-1] in ")]" and url.count("(") < url.count(")"))
                   or (url[-1] == "]" and url.count("[") < url.count("]"))):
        url = url[:-1]
    return url


def normalise_url(url: str) -> str:
    url = _trim(url.strip())
    if url.lower().startswith("www."):
        url = "http://" + url
    return url


def host_of(url: str) -> str:
    """The host, or '' for a string that only looks like a URL."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


# Page links that are furniture, not sources: share buttons, social profiles, and the
# site's own author, category, tag and subscription pages.
_FURNITURE_HOSTS = re.compile(
    r"(?:^|\.)(?:facebook\.com|twitter\.com|x\.com|t\.me|telegram\.me|vk\.com|ok\.ru|"
    r"instagram\.com|linkedin\.com|whatsapp\.com|wa\.me|pinterest\.com|reddit\.com|"
    r"youtube\.com|tiktok\.com)$"
)
_FURNITURE_PATHS = re.compile(
    r"/(?:author|authors|category|categories|tag|tags|topic|topics|subscribe|newsletter|login|"
    r"signup|register|share|sharer|share\.php|intent|print|rss|feed)(?:/|\.|$|\?)",
    re.I,
)


def _is_furniture(url: str) -> bool:
    host = host_of(url)
    return bool(_FURNITURE_HOSTS.search(host)) or bool(_FURNITURE_PATHS.search(urlsplit(url).path))


def find_links(text: str, hrefs: list[str]) -> list[Link]:
    """Every link once, in text order; hrefs from the page that the text does not show last."""
    links: list[Link] = []
    seen: set[str] = set()
    for match in _URL.finditer(text):
        kind = match.lastgroup or "full"
        raw = match.group(kind)
        url = normalise_url(raw)
        start = match.start(kind)
        end = start + len(_trim(raw))
        if not host_of(url) or url in seen:
            continue
        seen.add(url)
        links.append(Link(url=url, span=(start, end), host=host_of(url)))
    for href in hrefs:
        url = normalise_url(href)
        if url not in seen and host_of(url) and not _is_furniture(url):
            seen.add(url)
            links.append(Link(url=url, span=None, host=host_of(url)))
    return links
