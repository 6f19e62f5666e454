"""Cyclic garbage collection paused while many small objects are built.

Building a million records or graph edges beside a large live heap otherwise spends
much of its time in collections that re-scan that heap and free nothing: the objects
built hold no reference cycles, so reference counting frees them all the same.

>>> import gc
>>> with no_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
import os
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["no_gc"]

_lock = threading.Lock()
_paused = 0  # pauses open now, in any thread
_was_enabled = True  # the collector's state when the first of them began


def _new_lock_in_child() -> None:
    global _lock
    _lock = threading.Lock()


# a child forked while another thread holds the lock (the streamed loader forks its
# writers beside the planning thread) would otherwise wait for it for ever
os.register_at_fork(before=lambda: _lock.acquire(), after_in_parent=lambda: _lock.release(),
                    after_in_child=_new_lock_in_child)


@contextmanager
def no_gc() -> Iterator[None]:
    """No cyclic garbage collection inside. The pause is counted across threads: the
    collector stays off until the last open pause ends, then it is restored as it was
    when the first began (a streamed load plans in one thread while it writes in
    another, and each pauses the collector for its own big build)."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
