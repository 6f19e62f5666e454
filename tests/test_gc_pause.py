"""Pausing and freezing the cyclic garbage collector around big builds."""

from __future__ import annotations

import gc
import weakref

from diplograph.graph.gc_pause import frozen_between, no_gc


class _Node:
    pass


def _cycle():
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_freeze_collects_young_cycles_first_and_unfreezes_at_the_end():
    gc.collect()
    with frozen_between() as freeze:
        with no_gc():
            dead = _cycle()  # garbage made while collection is paused
            assert dead() is not None
            freeze()
        assert dead() is None  # not frozen with the live objects
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_frozen_objects_are_still_freed_by_reference_counting():
    with frozen_between() as freeze:
        obj = _Node()
        ref = weakref.ref(obj)
        freeze()
        del obj
        assert ref() is None
