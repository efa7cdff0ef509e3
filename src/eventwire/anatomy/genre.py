"""Genre from visible cues, with the evidence kept: a reader can see why a document was
called a press release rather than a news report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventwire.document import Genre

_OPINION_TITLE = re.compile(
    r"^\s*(?:opinion|op-ed|editorial|commentary|comment|analysis|column|viewpoint|perspective|"
    r"view|blog|essay|letter)\b\s*[:|\-–—]?", re.I
)
_OPINION_SECTION = re.compile(r"\b(?:opinion|op-?ed|editorials?|comment(?:ary)?|analysis|"
                              r"columns?|views?|blogs?|perspectives?)\b", re.I)
_OPINION_URL = re.compile(r"/(?:opinion|op-?ed|commentary|editorials?|analysis|columns?|"
                          r"comment|views?|blogs?)/", re.I)
# An author described by their post, in the byline or the note at the foot; quoted
# analysts in a news report ("X, a fellow at Y, said") are not the author.
_OPINION_AUTHOR = re.compile(
    r"^(?:by\s+[^,\n]{2,60},\s+an?\s+|[A-Z][^\n]{2,60}\s+is\s+an?\s+)"
    r"(?:senior\s+|non-resident\s+|visiting\s+|regular\s+|contributing\s+)?"
    r"(?:fellow|columnist|analyst|professor|researcher|commentator|contributor|"
    r"political\s+scientist|director|lecturer|scholar|editor|writer|journalist)\b|"
    r"views\s+expressed|author'?s\s+own|^the\s+editorial\s+board\b|"
    r"do(?:es)?\s+not\s+necessarily\s+reflect",
    re.I | re.M,
)
_OPINION_LABEL = re.compile(
    r"^\W*(?:opinion|op-ed|editorial|commentary|comment|analysis|column|viewpoint|"
    r"perspective)\W*$", re.I | re.M,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|my|in my view|we must|we should|our region)\b")
_STATEMENT_TITLE = re.compile(
    r"^\s*(?:(?:joint|official|final|closing)\s+)?(?:statement|communiqu[eé]|declaration)\b|"
    r"\bstatement\s+(?:of|by|from)\s+the\b",
    re.I,
)
_PRESS_LABEL = re.compile(r"\b(?:press\s+release|news\s+release|for\s+immediate\s+release|"
                          r"press\s+service|media\s+office|press\s+office)\b", re.I)
_REPORTING = re.compile(r"\b(?:said|told|according\s+to|reported|announced)\b")


@dataclass
class GenreVotes:
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)

    def add(self, genre: str, weight: float, why: str) -> None:
        self.scores[genre] = self.scores.get(genre, 0.0) + weight
        self.evidence.append(f"{genre}: {why}")

    def winner(self) -> Genre:
        if not self.scores:
            return "other"
        genre, score = max(self.scores.items(), key=lambda kv: kv[1])
        return genre if score >= 2 else "other"  # type: ignore[return-value]


def classify(*, text: str, title: str | None, section: str | None, url: str | None,
             has_signature: bool, has_dateline: bool, has_byline: bool,
             publisher_is_office: bool, from_feed: bool) -> tuple[Genre, list[str]]:
    votes = GenreVotes()
    head = text[:400]
    if _OPINION_LABEL.search(head):
        votes.add("opinion", 5, "an opinion label above the text")
    if title and _OPINION_TITLE.match(title):
        votes.add("opinion", 5, f"title starts with an opinion label: {title[:40]!r}")
    if section and _OPINION_SECTION.search(section):
        votes.add("opinion", 4, f"site section {section!r}")
    if url and _OPINION_URL.search(url):
        votes.add("opinion", 3, "opinion path in the URL")
    author = _OPINION_AUTHOR.search(text[:600]) or _OPINION_AUTHOR.search(text[-800:])
    if author:
        votes.add("opinion", 3, f"author described as {author.group().strip(', ')!r}")
    first_person = len(_FIRST_PERSON.findall(text))
    if first_person >= 4 and not has_signature:
        votes.add("opinion", min(3, first_person / 4), f"{first_person} first-person phrases")
    if title and _STATEMENT_TITLE.search(title):
        votes.add("statement", 7, "title names a statement, communiqué or declaration")
    if _PRESS_LABEL.search(head):
        votes.add("press_release", 4, "press-release label near the top")
    if has_signature:
        votes.add("press_release", 4, "signed by an office at the foot")
    if publisher_is_office:
        votes.add("press_release", 2, "published by an office, not an outlet")
    if has_dateline:
        votes.add("news_report", 3, "opens with a dateline")
    if has_byline:
        votes.add("news_report", 1, "has a byline")
    reporting = len(_REPORTING.findall(text))
    if reporting >= 2 and not has_signature:
        votes.add("news_report", min(3.0, 1 + reporting / 3), f"{reporting} reporting verbs")
    if from_feed and not publisher_is_office:
        votes.add("news_report", 2, "an item of a news feed or wire")
    return votes.winner(), votes.evidence
