"""How Vietnamese a text looks, to choose between the readings of a legacy-encoded text.

Wrong decodings produce words that are not Vietnamese syllables ('Bỡnh' has no valid rhyme,
'Th¹ch' has a symbol in it), while the right one produces syllables: :func:`plausibility` counts
valid syllables and penalises characters that are not Vietnamese letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gis.ingest.legacy_tables import TONES, VIETNAMESE_LETTERS

__all__ = ["is_syllable", "plausibility"]

# A word is split off at ASCII non-letters only: mojibake symbols (¹ × §) stay inside their word.
_WORD = re.compile(r"[^\x00-\x40\x5b-\x60\x7b-\x7f]+")


def plausibility(text: str) -> int:
    """Higher for more Vietnamese-looking text: +2 per non-ASCII word that is a Vietnamese syllable,
    -2 per one that is not, -1 per non-ASCII character that is no Vietnamese letter, -4 per control
    character. ASCII-only words score 0: they read the same in every encoding. Only the first
    _SCORED_CHARS characters count: a file does not change its encoding halfway."""
    text = text[:_SCORED_CHARS]
    score = 0
    for word in _WORD.findall(text):
        if not word.isascii():
            score += 2 if is_syllable(word.lower()) else -2
    score -= 4 * len(_CONTROL.findall(text))
    score -= len(_STRANGER.findall(text))
    return score


_SCORED_CHARS = 200_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab and line breaks are fine
# A non-ASCII character that is not a Vietnamese letter (nor a control, counted apart).
_STRANGER = re.compile(
    "[^\\x00-\\x9f" + "".join(sorted(c for c in VIETNAMESE_LETTERS if not c.isascii())) + "]"
)


_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_OPEN_RHYMES = (
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "ua", "ưa", "oa", "oe", "uê", "uy",
    "uơ", "uya", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui",
    "ưi", "ưu", "ươi", "ươu", "iêu", "yêu", "uôi", "oai", "oay", "oao", "oeo", "uây", "uyu",
)  # fmt: skip
_CODAS = {  # nucleus -> the final consonants it takes
    "a": "m n ng nh p t c ch", "ă": "m n ng p t c", "â": "m n ng p t c",
    "e": "m n ng p t c", "ê": "m n nh p t ch", "i": "m n nh p t ch",
    "o": "m n ng p t c", "oo": "ng c", "ô": "m n ng p t c", "ơ": "m n p t",
    "u": "m n ng p t c", "ư": "m n ng t c", "iê": "m n ng p t c", "yê": "m n ng t",
    "uô": "m n ng t c", "ươ": "m n ng p t c", "oa": "m n ng nh p t c ch",
    "oă": "m n ng t c", "oe": "m n t", "uâ": "n ng t", "uê": "nh ch",
    "uy": "n nh t ch p", "uyê": "n t",
}  # fmt: skip
_RHYMES = frozenset(_OPEN_RHYMES) | frozenset(
    nucleus + coda for nucleus, codas in _CODAS.items() for coda in codas.split()
)
_TONE_MARKS = frozenset(TONES[1:])
_STOP_TONES = frozenset({"\u0301", "\u0323"})  # a syllable ending in p t c ch takes sắc or nặng


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether a lower-case word is one Vietnamese syllable: onset + rhyme + at most one tone, the
    tone on a vowel, and a checked syllable (-p -t -c -ch) only with sắc or nặng."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    if tones:
        at = decomposed.index(tones[0])
        base_before = decomposed[:at].rstrip("\u0302\u0306\u031b")
        if not base_before or base_before[-1] not in "aeiouy":
            return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if base.endswith(("p", "t", "c", "ch")) and (not tones or tones[0] not in _STOP_TONES):
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset) :]
        if rest in _RHYMES:
            return True
        # "qu" and "gi" swallow the glide of their rhyme: quynh = qu + uynh, giếng = gi + iêng.
        if onset == "qu" and "u" + rest in _RHYMES:
            return True
        if onset == "gi" and "i" + rest in _RHYMES:
            return True
    return False
