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
from contextlib import contextmanager
from typing import Iterator

__all__ = ["no_gc"]


@contextmanager
def no_gc() -> Iterator[None]:
    """No cyclic garbage collection inside (it is restored as it was on the way out)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
