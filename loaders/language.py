"""Which language an article is in, from the most frequent words of each language.

The word lists come from wordfreq (``top_n_list``), not from a list kept here; other
Western European languages are candidates too, so a French or Dutch text is not taken
for English or German just because it shares a few short words.

Examples
--------
>>> detect_language("Der Minister ist am Montag nach Berlin gereist und hat dort mit "
...                 "seinem Amtskollegen gesprochen.")
'de'
>>> detect_language("The minister travelled to Berlin on Monday and held talks with "
...                 "his counterpart there.")
'en'
>>> detect_language("Le ministre s'est rendu à Berlin lundi et a rencontré son homologue "
...                 "pour des entretiens.") is None
True
>>> detect_language("12345") is None
True
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["detect_language", "SUPPORTED"]

SUPPORTED = ("de", "en")  # what the extractor reads
_CANDIDATES = ("de", "en", "fr", "es", "it", "nl", "pt")
_TOP = 120  # the most frequent words of each language: mostly function words
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    from wordfreq import top_n_list

    return {lang: frozenset(top_n_list(lang, _TOP)) for lang in _CANDIDATES}


def detect_language(text: str) -> str | None:
    """``de`` or ``en`` when the first 5,000 characters are clearly in that language;
    None when they are too short, mixed, or in another language."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return None
    sets = _word_sets()
    scores = sorted(((sum(w in s for w in words), lang) for lang, s in sets.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    if lang not in SUPPORTED or best < 3 or best < 1.3 * second:
        return None
    return lang
