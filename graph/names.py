"""Names: one key for the many spellings of one name, and readable ASCII ids.

Every script is transliterated to ASCII with anyascii (Cyrillic, Hangul, Chinese, Arabic,
…); text is NFC-normalised first and invisible format characters (zero-width space,
zero-width joiner, soft hyphen, byte-order mark, direction marks) are removed, so the
same name typed in NFC or NFD, or with a zero-width space inside, gives the same key.

Examples
--------
German transliterations of Russian names fold onto the English ones:

>>> fold("Sergej Lawrow") == fold("Sergei Lavrov") == fold("Сергей Лавров")
True
>>> fold("Dmitri Medwedew") == fold("Dmitry Medvedev")
True
>>> fold("Schoigu") == fold("Shoigu"), fold("Naryschkin") == fold("Naryshkin")
(True, True)
>>> fold("Wladimir Putin") == fold("Vladimir Putin")
True

Hyphens, accents and case vanish:

>>> fold("Kim Jong-un") == fold("Kim Jong Un") == fold("KIM JONG UN")
True
>>> fold("Nguyễn Xuân Phúc")
'nguyen xuan phuc'

NFC and NFD input fold the same; zero-width characters are removed:

>>> import unicodedata
>>> fold(unicodedata.normalize("NFD", "Pjöngjang")) == fold("Pjöngjang")
True
>>> fold("Law\\u200brow") == fold("Lawrow")
True

Non-Latin names get distinct, readable ids:

>>> [slug(n) for n in ["Сергей Лавров", "최선희", "김정은"]]
['sergey-lavrov', 'choe-seon-hui', 'gim-jeong-eun']
>>> slug("محمد جواد ظریف")
'mhmd-jwd-dhryf'
>>> names_match("Ri Son Gwon", "Ri Son-gwon"), names_match("Choe Son Hui", "Choe Sun Hui")
(True, True)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["fold", "names_match", "slug", "clean", "transliterate", "SIMILARITY_CUTOFF"]

SIMILARITY_CUTOFF = 85

# Hangul, kana and CJK ideographs: one syllable per character, transliterated apart so
# that 김정은 reads "Gim Jeong Eun", not "GimJeongEun"
_SYLLABIC = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
                       r"\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
# every format character (Unicode category Cf): zero-width space/joiners, soft hyphen,
# direction marks, word joiner, byte-order mark, tags (checked against unicodedata in
# tests/test_names.py)
_FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                     "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                     "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                     "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
_SEPARATORS = re.compile(r"[-\u2010-\u2015'\u2019\u02bb\u02bc`.]")
_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# German transliteration of Russian (and a few first names) onto the English one
_RULES = [  # (substrings one of which must be present, pattern, replacement)
    (("sch",), re.compile(r"sch"), "sh"),
    (("tsh",), re.compile(r"tsh"), "ch"),
    (("w",), re.compile(r"(?<![kgh])w"), "v"),
    (("ow",), re.compile(r"ow\b"), "ov"),
    (("ew",), re.compile(r"ew\b"), "ev"),
    (("aj", "ay", "ej", "ey"), re.compile(r"(?<=[ae])[jy]\b"), "i"),
    (("j",), re.compile(r"\bj|(?<=[bcdfklmnprstvz])j"), "y"),
    (("kh",), re.compile(r"kh"), "h"),
    (("dmitri",), re.compile(r"\bdmitri\b"), "dmitry"),
]


@lru_cache(maxsize=1 << 18)
def clean(text: str) -> str:
    """NFC-normalised text without invisible format characters (category Cf).

    >>> clean("Law\\u200brow\\u00ad")
    'Lawrow'
    """
    if not text or text.isascii():
        return text or ""
    return _FORMAT.sub("", unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1 << 18)
def transliterate(text: str) -> str:
    """ASCII rendering of any script (anyascii), syllables of Hangul/CJK kept apart.

    >>> transliterate("최선희"), transliterate("Łódź")
    ('Choe Seon Hui', 'Lodz')
    """
    text = clean(text)
    if text.isascii():
        return text
    text = _SYLLABIC.sub(lambda m: f" {m.group(0)} ", text)
    return _SPACES.sub(" ", anyascii(text)).strip()


@lru_cache(maxsize=1 << 18)
def fold(name: str) -> str:
    """Comparison key of a name: ASCII, lower case, no punctuation, German
    transliteration of Russian mapped to the English (see the module examples)."""
    s = transliterate(name or "").lower()
    s = _SPACES.sub(" ", _SEPARATORS.sub(" ", s)).strip()
    for triggers, pattern, repl in _RULES:
        if any(t in s for t in triggers):
            s = pattern.sub(repl, s)
    return s


@lru_cache(maxsize=1 << 18)  # ids are made again and again for the same names
def slug(text: str) -> str:
    """Lower-case ASCII id part: any script transliterated, runs of other characters
    become one '-'. Text with no transliteration (symbols only) gets a short hash, so
    two different names never share an id by losing their letters.

    >>> slug("Choe Son-hui  "), slug("Pjöngjang")
    ('choe-son-hui', 'pjongjang')
    >>> slug("\ue000"), slug("\ue001")
    ('x-bb1e7aa2', 'x-54df0e31')
    >>> slug("")
    'x'
    """
    text = clean(text)
    s = _NON_SLUG.sub("-", transliterate(text).lower()).strip("-")
    if s:
        return s
    if not text.strip():
        return "x"
    return "x-" + hashlib.blake2s(text.encode("utf-8"), digest_size=4).hexdigest()


def names_match(a: str, b: str, cutoff: int = SIMILARITY_CUTOFF) -> bool:
    """True when two spellings name the same person (folded equal, same tokens, or similar).

    >>> names_match("Sergej Lawrow", "Sergey Lavrov"), names_match("Lavrov", "Shoigu")
    (True, False)
    """
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb or set(fa.split()) == set(fb.split()):
        return True
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(fa, fb) >= cutoff
