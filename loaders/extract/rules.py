"""Word lists of the extractor as data: ``data/lexicon/*.tsv``, loaded and validated.

A table is tab-separated text; lines starting with ``#`` and blank lines are skipped;
the first other line is the header. Every row must have the header's columns, and a
column with a fixed vocabulary (``kind``, ``lang`` …) must hold one of its values. A bad
row raises :class:`LexiconError` naming the file and line.

Word forms (column ``form``) use a small pattern language an analyst can write:

- ``visit*``      a word and its endings (visits, visited, visiting)
- ``*gespräch*``  inside a closed compound too (Atomgespräche, Vorbereitungsgespräch)
- ``kam … zusammen``  a separable verb: the parts in this order, up to 60 characters
  apart within one clause (``...`` works too)
- ``expected to`` several words, any amount of white space between them

Matching ignores the case of the first letter unless the row's ``case`` is ``exact``
("may" the modal is not "May" the month).

>>> rx = compile_forms(["*besuch*", "kam … zusammen"])
>>> [m.group(0) for m in rx.finditer("Der Staatsbesuch begann; er kam mit ihr zusammen.")]
['Staatsbesuch', 'kam mit ihr zusammen']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["LexiconError", "Row", "load_table", "compile_forms", "form_regex", "FormSet"]


class LexiconError(ValueError):
    """A bad entry in a data/lexicon file (the message names file and line)."""


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict

    def __getitem__(self, key):
        return self.values[key]

    def get(self, key, default=None):
        return self.values.get(key, default)


def _lexicon_dir() -> Path:
    from diplograph.resources import data_dir

    return data_dir() / "lexicon"


_GAP = "[^;!?()\\[\\]]{1,90}?"
_FORM_OK = re.compile(r"^[\w*’'.\- …]+$")


def form_regex(form: str, case: str = "fold", anchored: bool = True) -> str:
    """The regular expression for one word form (see the module docstring)."""
    form = form.strip().replace("...", "…")
    if not form or not _FORM_OK.match(form) or form.strip("*… ") == "":
        raise ValueError(f"bad form {form!r}")
    parts = []
    for i, chunk in enumerate(form.split("…")):
        words = chunk.split()
        if not words:
            raise ValueError(f"bad form {form!r}: empty part around …")
        rx_words = []
        for w in words:
            pre = w.startswith("*")
            post = w.endswith("*")
            core = w.strip("*")
            if not core:
                raise ValueError(f"bad form {form!r}")
            esc = re.escape(core)
            if case != "exact" and core[0].isalpha():
                c = core[0]
                esc = f"[{c.lower()}{c.upper()}]" + re.escape(core[1:])
            rx_words.append((r"\w*" if pre else "") + esc + (r"\w*" if post else ""))
        parts.append(r"\s+".join(rx_words))
    body = (r"\s" + _GAP + r"\s").join(f"(?:{p})" for p in parts) if len(parts) > 1 else parts[0]
    return (r"(?<!\w)" if anchored else "") + r"(?:" + body + r")(?![\w])"


def compile_forms(forms, case: str = "fold") -> re.Pattern:
    """One regex over many forms, longest first (so "kam … zusammen" beats "kam")."""
    rxs = sorted({form_regex(f, case) for f in forms}, key=len, reverse=True)
    return re.compile("|".join(rxs) if rxs else r"(?!x)x")


def load_table(name: str, columns: dict[str, tuple | None], directory: Path | None = None
               ) -> list[Row]:
    """Rows of ``data/lexicon/<name>`` checked against ``columns`` (column -> allowed
    values, or None for free text). Column ``form`` is compiled once to check it."""
    path = Path(directory or _lexicon_dir()) / name
    if not path.is_file():
        raise LexiconError(f"data/lexicon/{name}: file not found")
    return _load(str(path), name, tuple((k, v) for k, v in columns.items()))


@lru_cache(maxsize=32)
def _load(path: str, name: str, columns: tuple) -> list[Row]:
    spec = dict(columns)
    where = f"data/lexicon/{name}"
    header = None
    rows: list[Row] = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in line.split("\t")]
            if header is None:
                header = cells
                missing = [c for c in spec if c not in header]
                if missing:
                    raise LexiconError(f"{where}:{n}: header lacks column(s) {', '.join(missing)}")
                continue
            if len(cells) != len(header):
                raise LexiconError(f"{where}:{n}: {len(cells)} fields, the header has "
                                   f"{len(header)} (fields are separated by tabs)")
            values = dict(zip(header, cells))
            for col, allowed in spec.items():
                v = values[col]
                if allowed is not None and v not in allowed:
                    raise LexiconError(f"{where}:{n}: {col} {v!r} is not one of "
                                       f"{', '.join(allowed)}")
                if col == "form":
                    try:
                        form_regex(v, values.get("case", "fold"))
                    except ValueError as e:
                        raise LexiconError(f"{where}:{n}: {e}") from None
            rows.append(Row(name, n, values))
    if header is None:
        raise LexiconError(f"{where}: empty file")
    return rows


_TOKEN = re.compile(r"\w+")


def _case_ok(token: str, form: str, case: str) -> bool:
    if case == "exact":
        return token == form
    return token[1:] == form[1:] and token[:1].lower() == form[:1].lower()


class FormSet:
    """Many word forms, each with a payload, found fast. Single words ("will", "nach")
    and words with endings ("visit*") are looked up per token of the text; forms inside
    compounds ("*besuch*") search their core and widen to the word; several words or
    separable verbs make one regex per payload, run only when one of their longest
    literal parts occurs in the lower-cased text. ``find`` returns (start, end, matched
    text, payload) in text order; with ``overlap=False`` the longest of overlapping
    matches wins."""

    def __init__(self, items):
        self._words: dict[str, list] = {}     # lower word -> [(form, case, payload)]
        self._stems: dict[str, list] = {}     # first 3 letters -> [(stem, case, payload)]
        groups: dict = {}
        for form, case, payload in items:
            f = form.strip().replace("...", "…")
            single = " " not in f and "…" not in f and re.fullmatch(r"\w+\*?", f)
            if single and not f.endswith("*"):
                self._words.setdefault(f.lower(), []).append((f, case, payload))
                continue
            if single:
                stem = f[:-1]
                self._stems.setdefault(stem[:3].lower(), []).append((stem, case, payload))
                continue
            raw = [p for chunk in f.split("…") for p in chunk.split()]
            key = max(raw, key=lambda p: len(p.strip("*")))
            # "*besuch*": search the core and widen to the word (a leading \w* would be
            # retried at every letter)
            infix = f.startswith("*")
            g = groups.setdefault((payload, infix), ([], set(), set()))
            g[0].append(form_regex(f.lstrip("*") if infix else f, case, not infix))
            if "*" in key:  # a part of a word: look for it inside the text
                g[2].add(key.strip("*").lower())
            else:           # a whole word: look it up in the text's word set
                g[1].add(key.lower())
        self._groups = [(payload, infix,
                         re.compile("|".join(sorted(rxs, key=len, reverse=True))),
                         frozenset(words), tuple(parts))
                        for (payload, infix), (rxs, words, parts) in groups.items()]
        self._word_keys = frozenset(self._words)
        self._stem_keys = frozenset(self._stems)

    def find(self, text: str, overlap: bool = True) -> list[tuple]:
        low = text.lower()
        hits = []
        present = set(_TOKEN.findall(low))
        words = present & self._word_keys
        stems = {t[:3] for t in present} & self._stem_keys
        if words or stems:  # only then walk the tokens with their offsets
            for m in _TOKEN.finditer(text):
                tok = m.group(0)
                lt = tok.lower()
                if lt in words:
                    for form, case, payload in self._words[lt]:
                        if _case_ok(tok, form, case):
                            hits.append((m.start(), m.end(), tok, payload))
                if lt[:3] in stems:
                    for stem, case, payload in self._stems[lt[:3]]:
                        if lt.startswith(stem.lower()) and _case_ok(tok[:len(stem)], stem, case):
                            hits.append((m.start(), m.end(), tok, payload))
        for payload, infix, rx, words, parts in self._groups:
            if not (words & present or any(k in low for k in parts)):
                continue
            for m in rx.finditer(text):
                a = m.start()
                if infix:
                    while a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
                        a -= 1
                hits.append((a, m.end(), text[a:m.end()], payload))
        if overlap:
            return sorted(hits, key=lambda h: (h[0], h[1]))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, end = [], -1
        for h in hits:
            if h[0] >= end:
                out.append(h)
                end = h[1]
        return out
