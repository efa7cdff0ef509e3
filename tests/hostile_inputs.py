"""A corpus of hostile and broken inputs, written by code into a folder.

Nothing here is a committed file: each writer below makes one kind of input (binary,
empty, deep nesting, bad encodings, invisible characters, damaged containers, entity
bombs, external entities, compression bombs), and :func:`write_corpus` writes them all
and says, for each file, what ingesting it must give: how many of its records are
stored, and which records fail with which reason.
"""

from __future__ import annotations

import gzip
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A line of /etc/passwd: if any stored text holds it, an external entity was fetched.
PASSWD_MARK = "root:x:0:0"

_PLACES = ["Tashkent", "Bishkek", "Almaty", "Dushanbe", "Ashgabat", "Baku", "Tbilisi",
           "Yerevan", "Astana", "Samarkand", "Osh", "Khujand", "Turkmenabat", "Ganja"]
_SUBJECTS = ["water sharing on the Syr Darya", "a new border crossing", "grain export quotas",
             "the rail link to the port", "electricity tariffs for the winter",
             "a loan for the hydropower dam", "visa rules for students", "cotton prices",
             "a customs dispute over lorries", "the census of next spring"]


def sentence(n: int) -> str:
    """A distinct, ordinary news sentence, so that documents are no near-duplicates."""
    place = _PLACES[n % len(_PLACES)]
    subject = _SUBJECTS[(n // len(_PLACES)) % len(_SUBJECTS)]
    return (f"The foreign ministry in {place} said on Monday that talks on {subject} "
            f"would resume next week, after {n + 3} hours of meetings with officials.")


@dataclass
class Expect:
    """What ingesting one input gives: ``stored`` documents (stored or near-duplicate),
    and failures or skips by locator (None for the whole input) with their reason."""

    stored: int = 0
    failures: dict[str | None, str] = field(default_factory=dict)
    # substrings the stored text must (or must not) hold
    contains: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()


Writer = Callable[[Path], Expect]
WRITERS: dict[str, Writer] = {}


def writer(name: str) -> Callable[[Writer], Writer]:
    def register(function: Writer) -> Writer:
        WRITERS[name] = function
        return function
    return register


# -- empty, binary, archives ------------------------------------------------------------------
@writer("empty.txt")
def _empty(path: Path) -> Expect:
    path.write_bytes(b"")
    return Expect(failures={None: "empty"})


@writer("whitespace.txt")
def _whitespace(path: Path) -> Expect:
    path.write_bytes(b" \n\t\r\n   \n")
    return Expect(failures={None: "empty"})


@writer("random-bytes.txt")
def _random(path: Path) -> Expect:
    path.write_bytes(random.Random(7).randbytes(20_000))
    return Expect(failures={None: "binary"})


@writer("image-without-extension")
def _png(path: Path) -> Expect:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return Expect(failures={None: "binary"})


@writer("report-without-extension")
def _pdf(path: Path) -> Expect:
    # a PDF whose head reads as text: only the signature tells
    path.write_bytes(b"%PDF-1.7\n% The ministry said on Monday that talks would resume.\n" * 3)
    return Expect(failures={None: "binary"})


@writer("program")
def _elf(path: Path) -> Expect:
    path.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(57) + b"text-like padding " * 100)
    return Expect(failures={None: "binary"})


@writer("text-then-binary.txt")
def _text_then_binary(path: Path) -> Expect:
    text = "\n\n".join(sentence(n) for n in range(200)).encode()
    path.write_bytes(text + random.Random(3).randbytes(30_000))
    return Expect(failures={None: "binary"})


def _gzip_bomb(path: Path, members: int) -> None:
    """Concatenated gzip members of 10 MB of zeros each: ``members`` x 10 MB unpacked from
    about 10 KB each (a reader that unpacks it must stop by a cap)."""
    member = gzip.compress(bytes(10 * 2**20), compresslevel=9)
    with path.open("wb") as out:
        for _ in range(members):
            out.write(member)


@writer("bomb.gz")
def _gzip_bomb_named(path: Path) -> Expect:
    _gzip_bomb(path, 100)  # 1 GB unpacked from 1 MB: stopped at the 20 MB member cap
    return Expect(failures={"bomb": "too_large"})


@writer("bomb-gz.txt")
def _gzip_bomb_disguised(path: Path) -> Expect:
    _gzip_bomb(path, 100)
    return Expect(failures={"bomb-gz.txt": "too_large"})


def _zip_bomb(path: Path, good: int) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("articles/zeros.txt", "w") as member:
            block = bytes(2**20)
            for _ in range(100):  # 100 MB unpacked
                member.write(block)
        zf.writestr("articles/nested.zip", b"PK\x05\x06" + bytes(18))
        zf.writestr("articles/good.txt", sentence(good))


@writer("bomb.zip")
def _zip_bomb_named(path: Path) -> Expect:
    _zip_bomb(path, 3)
    return Expect(stored=1, failures={"articles/zeros.txt": "too_large",
                                      "articles/nested.zip": "unsupported_format"})


@writer("bomb-zip.json")
def _zip_bomb_disguised(path: Path) -> Expect:
    _zip_bomb(path, 300)
    return Expect(stored=1, failures={"articles/zeros.txt": "too_large",
                                      "articles/nested.zip": "unsupported_format"})


@writer("articles.zip")
def _articles_zip(path: Path) -> Expect:
    """What an analyst drops in: a zip of pages, records and a feed, with the usual litter."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2026/a.txt", sentence(4))
        zf.writestr("2026/b.html", f"<html><body><p>{sentence(5)}</p></body></html>")
        zf.writestr("2026/c.jsonl", json.dumps({"text": sentence(6)}) + "\n{oops\n"
                    + json.dumps({"text": sentence(7)}) + "\n")
        zf.writestr("2026/d.rss", '<rss version="2.0"><channel><title>W</title><item>'
                    f"<description>{sentence(8)}</description></item></channel></rss>")
        zf.writestr("2026/e.txt.gz", gzip.compress(sentence(9).encode()))
        zf.writestr("2026/photo.jpg", b"\xff\xd8\xff\xe0")
        zf.writestr("__MACOSX/2026/._a.txt", b"\x00\x05\x16\x07")
        zf.writestr("2026/.DS_Store", b"\x00\x00\x00\x01Bud1")
        zf.mkdir("2026/empty-folder")
    return Expect(stored=5, failures={
        "2026/c.jsonl line 2": "malformed", "2026/e.txt.gz": "unsupported_format",
        "2026/photo.jpg": "unsupported_format", "__MACOSX/2026/._a.txt": "hidden",
        "2026/.DS_Store": "hidden"})


@writer("oversized.txt")
def _oversized(path: Path) -> Expect:
    # the test sets ingest.max_bytes to 2 MB
    path.write_text((sentence(1) + "\n") * 20_000)
    return Expect(failures={None: "too_large"})


@writer(".hidden-notes.txt")
def _hidden(path: Path) -> Expect:
    path.write_text(sentence(2))
    return Expect(failures={None: "hidden"})


# -- encodings and odd characters ----------------------------------------------------------
@writer("two-nuls.txt")
def _nuls(path: Path) -> Expect:
    path.write_bytes(f"{sentence(10)}\x00 {sentence(11)}\x00\x01\x07".encode())
    return Expect(stored=1, contains=("Monday that talks",), lacks=("\x00", "\x01", "\x07"))


@writer("invalid-utf8.txt")
def _invalid_utf8(path: Path) -> Expect:
    text = f"«{sentence(12)}» — “{sentence(13)}”"
    path.write_bytes(text.encode()[:40] + b"\xff\xfe\xc3" + text.encode()[40:])
    return Expect(stored=1, contains=("\ufffd", "«", "—", "“"))


@writer("windows-1252.txt")
def _cp1252(path: Path) -> Expect:
    # (charset-normalizer's guess is fragile on short texts: "Café déjà vu" alone reads
    # as cp1257, "déją"; a sentence of French settles it)
    french = "Le ministre a déclaré à Bichkek que la coopération régionale était « essentielle »."
    path.write_bytes(f"{french} {sentence(14)}".encode("cp1252"))
    return Expect(stored=1, contains=("déclaré à Bichkek", "« essentielle »"))


@writer("utf16-bom.txt")
def _utf16(path: Path) -> Expect:
    path.write_bytes(f"Überraschung: {sentence(15)}".encode("utf-16"))
    return Expect(stored=1, contains=("Überraschung",))


@writer("bidi-and-zero-width.txt")
def _bidi(path: Path) -> Expect:
    persian = "وزارت خارجه اعلام می\u200cکند که گفتگوها ادامه دارد"
    text = (f"Invoice\u202egpj.exe\u202c {sentence(16)} Mini\u200bstry\u2060 said "
            f"\u2066Baku\u2069 and \u200fSamarkand\u200e.\n\n{persian}")
    path.write_text(text)
    return Expect(stored=1, contains=("Invoicegpj.exe", "Ministry said", "می\u200cکند"),
                  lacks=("\u202e", "\u202c", "\u200b", "\u2060", "\u2066", "\u200f"))


@writer("bidi-titles.rss")
def _bidi_titles(path: Path) -> Expect:
    """Bidi overrides where the dashboard shows them: titles, authors, links."""
    path.write_text('<rss version="2.0"><channel><title>Wire\u202e</title><item>'
                    "<title>Invoice\u202egpj.exe\u202c</title><author>desk\u200b@x.org</author>"
                    "<link>https://example.org/\u202estory</link>"
                    f"<description>{sentence(18)}</description></item></channel></rss>")
    return Expect(stored=1, contains=(sentence(18),))


@writer("mixed-scripts.txt")
def _mixed_scripts(path: Path) -> Expect:
    text = (f"{sentence(17)} Министр иностранных дел заявил в понедельник о переговорах. "
            "وقال الوزير إن المحادثات ستستأنف. 外交部周一表示谈判将恢复。 "
            "विदेश मंत्रालय ने सोमवार को कहा। Ελλάδα και Κύπρος. 🇺🇿👩‍💼 ")
    path.write_text(text)
    return Expect(stored=1, contains=("Министр", "الوزير", "外交部", "मंत्रालय", "👩\u200d💼"))


@writer("only-invisible.txt")
def _only_invisible(path: Path) -> Expect:
    path.write_text("\u200b\u202e\u2066\u00ad\ufeff" * 50)
    return Expect(failures={None: "no_text"})


# -- JSON and JSONL ------------------------------------------------------------------------
# Every character that str.splitlines takes for a line end; inside a JSON string only
# the last three are legal unescaped, the rest are accepted by eventwire's lenient reader.
SEPARATORS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\u0085", "\u2028", "\u2029"]


@writer("separators.jsonl")
def _separators(path: Path) -> Expect:
    # json.dumps would escape the control characters: each is put in raw, as a careless
    # exporter writes it
    lines = [json.dumps({"text": f"{sentence(20 + i)}@SEP@{sentence(40 + i)}",
                         "title": f"Title@SEP@{i}"}, ensure_ascii=False).replace("@SEP@", sep)
             for i, sep in enumerate(SEPARATORS)]
    path.write_text("\r\n".join(lines) + "\n", newline="")
    return Expect(stored=len(SEPARATORS))


@writer("damaged.jsonl")
def _damaged_jsonl(path: Path) -> Expect:
    lines = [
        json.dumps({"text": sentence(60), "title": "Good one"}),
        '{"text": "a record cut off in the middl',
        json.dumps({"text": sentence(61)}),
        "[1, 2, 3]",
        json.dumps({"text": sentence(62), "title": "\ud800 lone \u0000 escapes"}),
        json.dumps({"title": "no text field"}),
        "{" * 50_000 + "}" * 50_000,
        json.dumps({"text": sentence(63), "url": 12}),
        json.dumps({"text": sentence(64), "published": "2026-12-07"}),
        "\x00\x00 not json at all",
    ]
    path.write_text("\n".join(lines) + "\n")
    bad = {2: "malformed", 4: "malformed", 6: "malformed", 7: "malformed", 8: "malformed",
           10: "malformed"}
    return Expect(stored=4, failures={f"line {n}": reason for n, reason in bad.items()},
                  lacks=("\x00", "\ud800"))


@writer("damaged-array.json")
def _damaged_array(path: Path) -> Expect:
    good = [json.dumps({"text": sentence(70 + n)}) for n in range(3)]
    path.write_text("[\n" + good[0] + ",\n" + '{"text": "broken, "title": }' + ",\n"
                    + good[1] + ",\n" + good[2] + "\n]\n")
    return Expect(stored=3, failures={"item 1": "malformed"})


@writer("deep-array.json")
def _deep_array(path: Path) -> Expect:
    path.write_text("[" * 100_000 + "]" * 100_000)
    return Expect(failures={"item 0": "malformed"})


@writer("deep-object.json")
def _deep_object(path: Path) -> Expect:
    path.write_text('{"a":' * 100_000 + "1" + "}" * 100_000)
    return Expect(failures={None: "malformed"})


# -- HTML, XML, feeds ----------------------------------------------------------------------
@writer("deep.html")
def _deep_html(path: Path) -> Expect:
    path.write_text("<!doctype html><html><head><title>Deep</title></head><body>"
                    + "<div>" * 100_000 + f"<p>{sentence(80)}</p>" + "</div>" * 100_000
                    + f"<p>{sentence(81)}</p></body></html>")
    return Expect(stored=1, contains=(sentence(80), sentence(81)))


@writer("xxe.xhtml")
def _xxe_xhtml(path: Path) -> Expect:
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY leak SYSTEM '
                    '"file:///etc/passwd">]>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                    f"<head><title>Leak</title></head><body><p>{sentence(82)} &leak;</p>"
                    f"<p>{sentence(83)}</p></body></html>")
    return Expect(stored=1, contains=(sentence(82),), lacks=(PASSWD_MARK,))


def _laughs(root: str) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{"".join(entities)}]>\n'


@writer("billion-laughs.html")
def _laughs_html(path: Path) -> Expect:
    path.write_text(_laughs("html") + f"<html><body><p>{sentence(84)} &lol9;</p>"
                    f"<p>{sentence(85)}</p></body></html>")
    return Expect(stored=1, contains=(sentence(84),), lacks=("lollollol",))


@writer("billion-laughs.rss")
def _laughs_feed(path: Path) -> Expect:
    path.write_text(_laughs("rss") + "<rss version=\"2.0\"><channel><title>L</title><item>"
                    f"<title>&lol9;</title><description>{sentence(86)}</description>"
                    "</item></channel></rss>")
    return Expect(failures={None: "unsafe_xml"})


@writer("xxe.rss")
def _xxe_feed(path: Path) -> Expect:
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY leak SYSTEM '
                    '"file:///etc/passwd">]>\n<rss version="2.0"><channel><title>X</title>'
                    f"<item><description>{sentence(87)} &leak;</description></item>"
                    "</channel></rss>")
    return Expect(failures={None: "unsafe_xml"})


@writer("deep-feed.rss")
def _deep_feed(path: Path) -> Expect:
    path.write_text('<rss version="2.0"><channel><title>D</title><item><description>'
                    + "<b>" * 100_000 + sentence(88) + "</b>" * 100_000
                    + "</description></item></channel></rss>")
    return Expect(failures={None: "malformed"})


@writer("deep-escaped-feed.rss")
def _deep_escaped_feed(path: Path) -> Expect:
    # HTML escaped inside the item, nested far deeper than the HTML parser reads
    path.write_text('<rss version="2.0"><channel><title>E</title><item><description>'
                    + "&lt;div&gt;" * 20_000 + sentence(89)
                    + "</description></item></channel></rss>")
    return Expect(stored=1, contains=(sentence(89),))


@writer("deep.xml")
def _deep_xml(path: Path) -> Expect:
    path.write_text("<data>" + "<x>" * 100_000 + "</x>" * 100_000 + "</data>")
    return Expect(failures={None: "malformed"})


FEED_ITEMS = 40


@writer("many-items.rss")
def _many_items(path: Path) -> Expect:
    """A feed with an empty item and an item of only markup between good ones."""
    items = [f"<item><title>Item {n}</title><link>https://example.org/{n}</link>"
             f"<description>&lt;p&gt;{sentence(100 + n)}&lt;/p&gt;</description></item>"
             for n in range(FEED_ITEMS)]
    items[5] = "<item><title>Nothing</title><description></description></item>"
    items[9] = "<item><description>&lt;img src='x.png'&gt;</description></item>"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                    + "".join(items) + "</channel></rss>")
    return Expect(stored=FEED_ITEMS - 2,
                  failures={"item 5": "no_text", "item 9": "no_text"})


@writer("damaged-feed.rss")
def _damaged_feed(path: Path) -> Expect:
    """Not well-formed: a bare "&", a mismatched tag, an HTML entity XML does not know,
    and a last item cut off; the good items between them are still read."""
    items = [f"<item><title>Item {n}</title><dc:creator>Desk {n}</dc:creator>"
             f"<description>{sentence(140 + n)}</description></item>" for n in range(8)]
    items[1] = f"<item><title>Fish & chips</title><description>{sentence(150)}</description></item>"
    items[3] = f"<item><title>A <b>bold</title><description>{sentence(151)}</description></item>"
    items[4] = f"<item><title>A&nbsp;space</title><description>{sentence(152)}</description></item>"
    items[7] = items[7][:60]
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0" '
                    'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>\n'
                    + "\n".join(items))
    return Expect(stored=4, failures={f"item {n}": "malformed" for n in (1, 3, 4, 7)})


@writer("deep-quotes.md")
def _deep_markdown(path: Path) -> Expect:
    path.write_text("> " * 3_000 + sentence(90) + "\n")
    return Expect(stored=1, contains=("foreign ministry in",))


@writer("yaml-laughs.md")
def _yaml_laughs(path: Path) -> Expect:
    """Front matter whose aliases stand for 10^9 items: printed, it would never end."""
    levels = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    path.write_text("---\n" + "\n".join(levels) + "\ntitle: *l8\ncategories: *l8\n---\n"
                    + f"# The headline\n\n{sentence(91)}\n")
    return Expect(stored=1, contains=(sentence(91),), lacks=("lol",))


@writer("yaml-deep.md")
def _yaml_deep(path: Path) -> Expect:
    # past the YAML parser's recursion (the text keeps the front matter, as for any YAML
    # that does not parse; a longer run of brackets is a parser matter, not a reading one)
    path.write_text("---\ntitle: " + "[" * 1_500 + "]" * 1_500 + f"\n---\n{sentence(92)}\n")
    return Expect(stored=1, contains=(sentence(92),))


@writer("not-a-feed.xml")
def _plain_xml(path: Path) -> Expect:
    path.write_text("<?xml version='1.0'?><config><a>1</a><b>2</b></config>")
    return Expect(failures={None: "malformed"})


def write_corpus(folder: Path) -> dict[str, Expect]:
    """Write every hostile input into ``folder``; what each must give, by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: write(folder / name) for name, write in WRITERS.items()}
