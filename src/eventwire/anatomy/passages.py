"""Passages in another language or script than the document's own.

Two routes: a run of letters in another script inside a sentence (an Arabic verse in an
English text) is a passage by itself; a whole sentence in the same script but another
language (an Uzbek Latin sentence in English) is found by identifying each sentence.
Adjacent passages of one language are merged.
"""

from __future__ import annotations

import re
import unicodedata

from eventwire.anatomy.sentences import sentence_spans
from eventwire.document import Passage, Span
from eventwire.ingest.language import LanguageIdentifier, dominant_script, script_of

# In these scripts one character is a syllable or a word: four make a phrase.
_DENSE_SCRIPTS = {"HAN", "HIRAGANA", "KATAKANA", "HANGUL"}
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
# A same-script sentence must be this sure, and this long, to count as another language:
# English sentences dense with names otherwise come out as Turkish or Indonesian.
_SENTENCE_CONFIDENCE = 0.85
_SENTENCE_WORDS = 5
_MIN_WORDS_BY_RULES = 3


def _script_runs(text: str, start: int, end: int, main: str) -> list[tuple[int, int, str]]:
    """Maximal runs of letters in a script other than ``main`` within text[start:end].

    Spaces, punctuation, digits and diacritics neither open nor close a run; a letter of
    the main script closes it.
    """
    runs: list[tuple[int, int, str]] = []
    open_at: int | None = None
    run_script = ""
    last = start

    def close() -> None:
        stop = last + 1
        while stop < end and unicodedata.category(text[stop]) == "Mn":
            stop += 1  # keep the vowel marks of the run's last letter
        runs.append((open_at, stop, run_script))

    for i in range(start, end):
        script = script_of(text[i])
        if script is None:
            continue
        if open_at is not None and script != run_script:
            close()
            open_at = None
        if script != main and open_at is None:
            open_at, run_script = i, script
        if script != main:
            last = i
    if open_at is not None:
        close()
    return runs


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


_QUOTED = re.compile(r"[“\"«„]([^“”\"«»„]{8,400})[”\"»“]")


# English function words: a sentence where they are common is English, and the language
# detector need not be asked (it is the slowest step of the anatomy layer).
_ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "was", "were", "said", "for", "on", "that",
    "with", "by", "as", "at", "from", "it", "its", "has", "have", "had", "be", "been", "are",
    "will", "would", "this", "which", "an", "or", "not", "but", "their", "they", "he", "she",
    "his", "her", "who", "also", "after", "over",
})


def _plainly_english(words: list[str]) -> bool:
    common = sum(1 for w in words if w.lower() in _ENGLISH)
    return len(words) >= 6 and common / len(words) >= 0.2


def _foreign_sentence(identifier: LanguageIdentifier, text: str, span: tuple[int, int],
                      main_language: str | None) -> Passage | None:
    segment = text[span[0]:span[1]]
    word_list = _WORDS.findall(segment)
    words = len(word_list)
    if words < _MIN_WORDS_BY_RULES:
        return None
    if main_language == "en" and _plainly_english(word_list):
        return None
    guess = identifier.identify(segment)
    if guess is None or not main_language or guess.language == main_language:
        return None
    sure = guess.by_rules or (guess.confidence >= _SENTENCE_CONFIDENCE
                              and words >= _SENTENCE_WORDS)
    if not sure:
        return None
    return Passage(language=guess.language, script=(dominant_script(segment) or "LATIN").title(),
                   span=span, confidence=guess.confidence)


def find_passages(text: str, main_language: str | None, identifier: LanguageIdentifier,
                  min_letters: int) -> list[Passage]:
    main_script = dominant_script(text) or "LATIN"
    found: list[Passage] = []
    # Quotations first, over whole paragraphs: a quoted foreign sentence often runs on past
    # the end of the English sentence that introduces it.
    quoted: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        for match in _QUOTED.finditer(text, paragraph.start(), paragraph.end()):
            span = (match.start(1), match.end(1))
            if not text[span[0]:span[1]].isascii() or main_script == "LATIN":
                passage = _foreign_sentence(identifier, text, span, main_language)
                if passage and passage.script.upper() == main_script:
                    found.append(passage)
                    quoted.append(span)
    for start, end in sentence_spans(text):
        ascii_only = text[start:end].isascii()
        runs = [] if ascii_only and main_script == "LATIN" else \
            _script_runs(text, start, end, main_script)
        for run_start, run_end, script in runs:
            needed = 4 if script in _DENSE_SCRIPTS else min_letters
            if _letters(text[run_start:run_end]) < needed:
                continue
            guess = identifier.identify(text[run_start:run_end])
            if guess and guess.language != main_language:
                found.append(Passage(language=guess.language, script=script.title(),
                                     span=(run_start, run_end), confidence=guess.confidence))
        if runs or any(q[0] < end and start < q[1] for q in quoted):
            continue
        passage = _foreign_sentence(identifier, text, (start, end), main_language)
        if passage:
            found.append(passage)
    return _merge(text, found)


def _merge(text: str, passages: list[Passage]) -> list[Passage]:
    merged: list[Passage] = []
    for passage in sorted(passages, key=lambda p: p.span):
        if merged:
            last = merged[-1]
            gap = text[last.span[1]:passage.span[0]]
            if last.language == passage.language and not _WORDS.search(gap) and len(gap) < 40:
                span: Span = (last.span[0], passage.span[1])
                merged[-1] = last.model_copy(update={
                    "span": span, "confidence": max(last.confidence, passage.confidence)})
                continue
        merged.append(passage)
    return merged
