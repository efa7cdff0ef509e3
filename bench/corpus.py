"""A realistic corpus of any size, written from the project's own example documents.

Benchmarks of scale (memory at 1,000 vs 10,000 documents, batch engines, stores) need more
documents than ``examples/`` holds, and nothing external may be fetched. This generator
recombines the examples' paragraphs: each document takes a headline and four to seven
paragraphs from different examples, with its own dateline date, so documents read like the
project's press releases and news reports, share vocabulary and actors as a real archive
does, and are distinct enough that near-duplicate detection keeps them all.

    .venv/bin/python bench/corpus.py OUT_DIR --documents 1000 [--seed 7]

The same seed and size always write the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Paragraphs shorter than this are bylines, captions and datelines, not reporting.
MIN_PARAGRAPH_CHARS = 120
CITIES = ("ASTANA", "TASHKENT", "BISHKEK", "DUSHANBE", "ASHGABAT", "ALMATY", "MOSCOW",
          "BEIJING", "SAMARKAND", "OSH", "TERMEZ", "BRUSSELS")


@dataclass(frozen=True)
class Pool:
    headlines: tuple[str, ...]
    paragraphs: tuple[str, ...]


class _Paragraphs(HTMLParser):
    """The text of the <p> and <h1> elements inside an HTML page's <article> (the cookie
    banners and footers around it are not reporting)."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.headlines: list[str] = []
        self._in_article = False
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "article":
            self._in_article = True
        elif tag in ("p", "h1") and self._in_article:
            self._open, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        elif tag == self._open:
            text = " ".join("".join(self._text).split())
            (self.headlines if tag == "h1" else self.paragraphs).append(text)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def read_pool(examples: Path = EXAMPLES) -> Pool:
    """Every headline and reporting paragraph of the example documents, in file order."""
    headlines: list[str] = []
    paragraphs: list[str] = []
    for path in sorted(examples.rglob("*")):
        if not path.is_file() or "gold" in path.parts:
            continue
        if path.suffix == ".txt":
            blocks = [" ".join(b.split()) for b in path.read_text("utf-8").split("\n\n")]
            headlines.append(blocks[0])
            paragraphs.extend(blocks[1:])
        elif path.suffix == ".html":
            parser = _Paragraphs()
            parser.feed(path.read_text("utf-8"))
            headlines.extend(parser.headlines)
            paragraphs.extend(parser.paragraphs)
        elif path.suffix == ".jsonl":
            for line in path.read_text("utf-8").split("\n"):
                if line.strip():
                    record = json.loads(line)
                    headlines.append(record.get("title", ""))
                    paragraphs.extend(record.get("text", "").split("\n\n"))
    return Pool(
        headlines=tuple(h for h in headlines if 20 <= len(h) <= 200),
        paragraphs=tuple(p for p in paragraphs if len(p) >= MIN_PARAGRAPH_CHARS),
    )


def compose(pool: Pool, rng: random.Random, number: int) -> str:
    """One document: a headline, a dated dateline, four to seven paragraphs."""
    day = date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    body = rng.sample(pool.paragraphs, rng.randint(4, 7))
    dateline = f"{rng.choice(CITIES)}, {day.day} {day:%B %Y} (No. {number}) – "
    return "\n\n".join([rng.choice(pool.headlines), dateline + body[0], *body[1:]]) + "\n"


def write_corpus(folder: Path, documents: int, seed: int = 7) -> list[Path]:
    """Write ``documents`` text files into ``folder`` (created); their paths, in order."""
    pool = read_pool()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, documents + 1):
        path = folder / f"doc-{number:06d}.txt"
        path.write_text(compose(pool, rng, number), encoding="utf-8")
        paths.append(path)
    return paths


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.documents, args.seed)
    pool = read_pool()
    print(f"wrote {len(paths)} documents to {args.out} from {len(pool.headlines)} headlines "
          f"and {len(pool.paragraphs)} paragraphs "
          f"({len(_words(' '.join(pool.paragraphs)))} distinct words)")


if __name__ == "__main__":
    main()
