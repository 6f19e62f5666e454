"""Atomic writes: a file is written to a temporary file beside it and renamed over the
target, so a reader (or a crash) sees the old file or the new one, never half of one.

A build's outputs are written as one set (:func:`output_set`): into a temporary folder,
then renamed into place one by one after the old ``manifest.json`` is removed, and a new
``manifest.json`` naming every file with its size and SHA-256 is written last. A folder
whose manifest is missing or disagrees with its files holds no complete build
(:func:`check_manifest`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_open", "atomic_write", "output_set", "check_manifest", "MANIFEST"]

MANIFEST = "manifest.json"


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                newline: str | None = None, perms: int | None = None) -> Iterator[IO]:
    """A file handle whose content replaces ``path`` only when the block ends without an
    error (flushed and fsynced first). ``perms`` sets the new file's mode (default: what
    a plain ``open`` would give, honouring the umask)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if perms is None:
            umask = os.umask(0)
            os.umask(umask)
            perms = 0o666 & ~umask
        os.fchmod(fd, perms)
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | Path, data: str | bytes, perms: int | None = None) -> None:
    with atomic_open(path, "wb" if isinstance(data, bytes) else "w", perms=perms) as fh:
        fh.write(data)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(out: Path) -> None:
    for old in out.glob(".build-*"):
        parts = old.name.split("-")
        pid = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
        if old.is_dir() and (pid is None or (pid != os.getpid() and not _pid_alive(pid))):
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def output_set(out: str | Path) -> Iterator[Path]:
    """A temporary folder inside ``out`` to write a set of outputs into; when the block
    ends without an error they replace their namesakes in ``out`` and the manifest is
    written last. On an error ``out`` is left as it was (old files, old manifest).
    Temporary folders a killed build left behind (their process is gone) are removed."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-", dir=out))
    try:
        yield tmp
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        entries = {str(p.relative_to(tmp)): {"bytes": p.stat().st_size, "sha256": _digest(p)}
                   for p in files}
        with contextlib.suppress(FileNotFoundError):
            os.unlink(out / MANIFEST)  # from here until the new one, the set is incomplete
        for p in files:
            dest = out / p.relative_to(tmp)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(p, dest)
        atomic_write(out / MANIFEST, json.dumps({"complete": True, "files": entries}, indent=1) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_manifest(out: str | Path) -> list[str]:
    """Problems with the build in ``out`` (empty when its manifest matches every file)."""
    out = Path(out)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [f"{out / MANIFEST} is missing: the build did not finish"]
    except (OSError, ValueError) as exc:
        return [f"{out / MANIFEST} is unreadable: {exc}"]
    problems = []
    for name, info in sorted(manifest.get("files", {}).items()):
        p = out / name
        if not p.is_file():
            problems.append(f"{p} is missing")
        elif p.stat().st_size != info["bytes"] or _digest(p) != info["sha256"]:
            problems.append(f"{p} is not the file the build wrote")
    return problems
