"""Language identification for documents and for passages inside them.

lingua chooses among the configured candidate languages. Uzbek, Kyrgyz, Tajik and
Turkmen are not modelled by lingua, so its answer is refined with the letters and
function words of data/languages.yaml: an Uzbek sentence would otherwise come out as
Azerbaijani or Turkish, a Tajik one as Russian.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from eventwire.options import LanguageOptions
from eventwire.resources import load_yaml

_CONFIDENT = 0.8
_LATIN_TURKIC = {"az", "tr"}
_WORD = re.compile(r"[^\W\d_][\w'ʻʼ‘]*", re.UNICODE)


@dataclass(frozen=True)
class Guess:
    language: str  # ISO 639-1
    confidence: float
    by_rules: bool = False  # decided by the letters and words of data/languages.yaml


def script_of(char: str) -> str | None:
    """The writing system of one letter: LATIN, CYRILLIC, ARABIC, HAN, ...; None otherwise."""
    if not char.isalpha():
        return None
    try:
        name = unicodedata.name(char)
    except ValueError:
        return None
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "HAN"
    if first in ("MODIFIER", "COMBINING"):
        return None
    return first


_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def dominant_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    latin = len(_ASCII_LETTERS.findall(text))  # the common case, counted at C speed
    if latin:
        counts["LATIN"] = latin
    for char in _NON_ASCII.findall(text):
        script = script_of(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


_SCRIPT_LANGUAGES = {
    "ARABIC": {"ar", "fa", "ur"},
    "CYRILLIC": {"ru", "kk", "uk", "mn", "be", "bg", "sr", "mk"},
    "HAN": {"zh", "ja"},
    "HIRAGANA": {"ja"}, "KATAKANA": {"ja"}, "HANGUL": {"ko"},
    "DEVANAGARI": {"hi", "mr"}, "GEORGIAN": {"ka"}, "ARMENIAN": {"hy"},
    "GREEK": {"el"}, "HEBREW": {"he"},
}


# Scripts that one language alone writes (among those news about the region quotes).
_UNIQUE_SCRIPT = {"GEORGIAN": "ka", "ARMENIAN": "hy", "HANGUL": "ko", "HEBREW": "he",
                  "GREEK": "el", "THAI": "th", "HIRAGANA": "ja", "KATAKANA": "ja"}


def _iso(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


class LanguageIdentifier:
    """Detects the language of a text or passage; build once, reuse (models are large)."""

    def __init__(self, options: LanguageOptions) -> None:
        languages = [getattr(Language, name) for name in options.candidates]
        self._detector: LanguageDetector = LanguageDetectorBuilder.from_languages(
            *languages
        ).build()
        self._rules = load_yaml("languages.yaml")

    def identify(self, text: str) -> Guess | None:
        """Best language for ``text``, or None when it has too few letters to tell."""
        sample = text[:20_000]
        script = dominant_script(sample)
        if script is None:
            return None
        if script in _UNIQUE_SCRIPT:
            return Guess(_UNIQUE_SCRIPT[script], 0.99, by_rules=True)
        allowed = _SCRIPT_LANGUAGES.get(script)
        values = self._detector.compute_language_confidence_values(sample)
        best: Guess | None = None
        for value in values:
            code = _iso(value.language)
            if (code in allowed) if allowed else _iso_script(code) == script:
                best = Guess(code, round(value.value, 3))
                break
        # A confident Latin-script answer stands (English prose has Uzbek-looking
        # apostrophes); Cyrillic answers are always checked, since lingua calls Kyrgyz
        # and Tajik Kazakh or Russian with confidence.
        if (script == "LATIN" and best is not None and best.confidence >= _CONFIDENT
                and best.language not in _LATIN_TURKIC):
            return best
        refined = self._refine(sample, script, best)
        return refined or best

    def _refine(self, text: str, script: str, guess: Guess | None) -> Guess | None:
        table = self._rules.get(script.lower())
        if not table:
            return None
        words = [w.lower() for w in _WORD.findall(text)]
        if not words:
            return None
        best: tuple[float, str] | None = None
        for code, rule in table.items():
            if guess is not None and guess.language not in rule["confusable_with"]:
                continue
            score = _evidence(text, words, rule)
            if score >= 1.0 and (best is None or score > best[0]):
                best = (score, code)
        if best is None:
            return None
        return Guess(best[1], round(min(0.99, 0.5 + best[0] / 10), 3), by_rules=True)


def _iso_script(code: str) -> str:
    for script, codes in _SCRIPT_LANGUAGES.items():
        if code in codes:
            return script
    return "LATIN"


def _evidence(text: str, words: list[str], rule: dict) -> float:
    """How strongly letters, patterns and function words point at one language."""
    word_set = {w.lower() for w in rule.get("words", [])}
    hits = sum(1 for w in words if w in word_set)
    share = hits / len(words)
    exclusive = sum(text.count(c) for c in rule.get("exclusive", ""))
    letters = sum(text.count(c) for c in rule.get("letters", ""))
    patterns = sum(text.lower().count(p) for p in rule.get("patterns", []))
    endings = tuple(rule.get("suffixes", []))
    suffixed = sum(1 for w in words if len(w) > 5 and endings and w.endswith(endings))
    score = 0.0
    if exclusive:
        score += 1.0 + min(exclusive, 5) / 5
    if patterns:
        score += 0.5 + min(patterns, 5) / 5
    if letters and not rule.get("exclusive"):
        score += min(letters, 5) / 10
    if hits >= 2 and share >= 0.08:
        score += 1.0 + share
    elif hits == 1 and (suffixed or patterns):
        score += 0.5
    if suffixed:
        score += min(suffixed, 3) / 6
    # Letters alone (a loan word, a name) are not enough; function words must agree.
    absent = rule.get("absent")
    if absent and (hits or patterns) and not any(c in text.lower() for c in absent):
        score += 0.5
    if hits == 0 and len(words) > 6 and exclusive < 2:
        score = min(score, 0.9)
    return score


@cache
def identifier(options: LanguageOptions) -> LanguageIdentifier:
    return LanguageIdentifier(options)
