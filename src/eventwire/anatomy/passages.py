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


def find_passages(text: str, main_language: str | None, identifier: LanguageIdentifier,
                  min_letters: int) -> list[Passage]:
    main_script = dominant_script(text) or "LATIN"
    found: list[Passage] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        runs = _script_runs(text, start, end, main_script)
        for run_start, run_end, script in runs:
            needed = 4 if script in _DENSE_SCRIPTS else min_letters
            if _letters(text[run_start:run_end]) < needed:
                continue
            guess = identifier.identify(text[run_start:run_end])
            if guess and guess.language != main_language:
                found.append(Passage(language=guess.language, script=script.title(),
                                     span=(run_start, run_end), confidence=guess.confidence))
        if runs or len(_WORDS.findall(sentence)) < _SENTENCE_WORDS:
            continue
        if dominant_script(sentence) != main_script:
            continue
        guess = identifier.identify(sentence)
        if (guess and main_language and guess.language != main_language
                and guess.confidence >= _SENTENCE_CONFIDENCE):
            found.append(Passage(language=guess.language, script=main_script.title(),
                                 span=(start, end), confidence=guess.confidence))
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
