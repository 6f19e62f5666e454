"""Read articles: .txt/.md files (optionally headed by a ` date YYYY-MM[-DD] …` line) and
.jsonl files with ``text`` and optional ``title``, ``url``, ``published``, ``language``.

Any bytes are accepted: text that is not UTF-8 is decoded as UTF-16 (with a BOM) or
Latin-1 with a warning; a file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from diplograph.errors import InputError

__all__ = ["ArticleText", "article_from_text", "read_article_file", "iter_articles", "ARTICLE_SUFFIXES", "MAX_BYTES"]

ARTICLE_SUFFIXES = {".txt", ".md", ".jsonl"}
MAX_BYTES = 50_000_000
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*(.*)$")


@dataclass
class ArticleText:
    name: str            # what events cite as "article": the file name (or file:line)
    text: str
    published: str | None = None
    title: str | None = None
    language: str | None = None
    source: str | None = None
    sha256: str | None = None
    skip_prefix: int = 0  # characters at the start that are metadata, not prose

    def meta(self) -> dict:
        return {"file": self.name, "title": self.title, "published": self.published,
                "language": self.language, "source": self.source}


def _utf16_without_bom(raw: bytes) -> bytes | None:
    """UTF-16 text without a byte-order mark has a NUL in every other byte."""
    head = raw[:4096]
    for order, bom in ((1, b"\xff\xfe"), (0, b"\xfe\xff")):
        zeros = head[order::2]
        if zeros and zeros.count(0) / len(zeros) > 0.9 and head[1 - order::2].count(0) == 0:
            try:
                raw.decode("utf-16-le" if order else "utf-16-be")
            except UnicodeDecodeError:
                return None
            return bom + raw
    return None


def _decode(raw: bytes, path: Path, warn) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            if warn is not None:
                warn(InputError(path, f"broken UTF-16 (byte {exc.start}: {exc.reason}); "
                                "unreadable characters replaced by U+FFFD"))
            return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if warn is not None:
            warn(InputError(path, f"not UTF-8 (byte {exc.start}); read as Latin-1",
                            hint="re-save as UTF-8 if letters look wrong"))
        return raw.decode("latin-1")


def _clean(text: str) -> str:
    # control characters other than newline and tab become spaces (offsets stay the same)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text.replace("\r\n", " \n").replace("\r", "\n"))


def _valid_date(d: str | None) -> str | None:
    from diplograph.graph.model import check_partial_date

    try:
        return check_partial_date(d) if d else None
    except ValueError:
        return None


def _from_text(name: str, text: str, source: str, path: Path | None = None, warn=None) -> ArticleText:
    from diplograph.loaders.language import detect_language

    text = _clean(text)
    first_nl = text.find("\n")
    first = text if first_nl < 0 else text[:first_nl]
    art = ArticleText(name=name, text=text, source=source)
    m = _DATE_LINE.match(first)
    if m:
        art.published = _valid_date(m.group(1))
        if art.published is None and warn is not None:
            warn(InputError(path or name, f"bad date {m.group(1)!r} in the date line, ignored",
                            line=1, hint="write date YYYY-MM-DD or YYYY-MM"))
        art.title = m.group(2).strip() or None
        art.skip_prefix = m.start(2)
    else:
        art.title = first.strip()[:300] or None
    art.language = detect_language(text)
    art.sha256 = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    return art


def article_from_text(name: str, text: str, source: str | None = None) -> ArticleText:
    """An article from a string, read as a file of that name would be (a first line
    `` date YYYY-MM-DD`` gives the publication date, the language is detected)."""
    return _from_text(name, text, source or name)


def read_article_file(path: str | Path, warn: Callable | None = None) -> Iterator[ArticleText]:
    """Articles of one file (one for .txt/.md, one per line for .jsonl)."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        if path.is_symlink():
            raise InputError(path, "broken symbolic link (its target is missing)") from None
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
        raise InputError(path, "not a regular file (a FIFO, socket or device), skipped")
    size = st.st_size
    if size > MAX_BYTES:
        raise InputError(path, f"{size:,} bytes is over the {MAX_BYTES:,}-byte limit",
                         hint="split the file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise InputError(path, "empty file, nothing to read", hint="check the export that made it")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        utf16 = _utf16_without_bom(raw)
        head = raw[:4096]
        controls = sum(1 for b in head if b < 9 or 13 < b < 32)
        if utf16 is not None:
            raw = utf16
        elif controls > 0.3 * len(head) or (controls > 32 and controls > 0.05 * len(head)):
            raise InputError(path, "binary data, not text", hint="give .txt, .md or .jsonl articles")
    if path.suffix.lower() != ".jsonl":
        yield _from_text(path.name, _decode(raw, path, warn), str(path), path, warn)
        return
    for lineno, line in enumerate(_decode(raw, path, warn).splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            if warn is not None:
                warn(InputError(path, f"not valid JSON ({exc.msg})", line=lineno))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            if warn is not None:
                warn(InputError(path, "needs a string", line=lineno, field="text"))
            continue
        art = _from_text(f"{path.name}:{lineno}", obj["text"], obj.get("url") or str(path))
        if isinstance(obj.get("title"), str):
            art.title = obj["title"]
        if obj.get("published"):
            art.published = _valid_date(str(obj["published"])[:10])
            if art.published is None and warn is not None:
                warn(InputError(path, f"bad date {obj['published']!r}, ignored", line=lineno,
                                field="published"))
        if obj.get("language") in ("de", "en"):
            art.language = obj["language"]
        yield art


def iter_articles(paths, warn: Callable | None = None) -> Iterator[ArticleText]:
    """Articles from files and folders (recursively; .txt, .md, .jsonl)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files = _walk(p, warn)
        elif p.exists() or p.is_symlink():
            files = [p]
        else:
            err = InputError(p, "no such file or folder")
            if warn is None:
                raise err
            warn(err)
            continue
        for f in files:
            try:
                yield from read_article_file(f, warn)
            except InputError as err:
                if warn is None:
                    raise
                warn(err)


def _walk(folder: Path, warn) -> list[Path]:
    """Article files under ``folder``, sorted. A sub-folder that cannot be read, and an
    article-named entry that is no readable file (a FIFO, a broken link) are reported,
    never skipped in silence."""
    def problem(err: InputError) -> None:
        if warn is None:
            raise err
        warn(err)

    def on_error(exc: OSError) -> None:
        problem(InputError(exc.filename or folder,
                           f"cannot read folder: {exc.strerror or exc}", hint="its articles are skipped"))

    out = []
    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs.sort()
        for name in names:
            f = Path(root) / name
            if f.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            if f.is_file():
                out.append(f)
            elif f.is_symlink() and not f.exists():
                problem(InputError(f, "broken symbolic link (its target is missing), skipped"))
            else:
                problem(InputError(f, "not a regular file (a FIFO, socket or device), skipped"))
    return sorted(out)
