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


def test_overlapping_pauses_in_two_threads_keep_the_collector_off_until_the_last_ends():
    import threading

    assert gc.isenabled()
    inside, release, seen = threading.Event(), threading.Event(), []

    def other():
        with no_gc():
            inside.set()
            release.wait(10)
            seen.append(gc.isenabled())  # this thread's pause is still open

    with no_gc():
        t = threading.Thread(target=other)
        t.start()
        assert inside.wait(10)
    # the main thread's pause is over, the other thread's is not
    assert not gc.isenabled()
    release.set()
    t.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_a_pause_inside_a_disabled_collector_leaves_it_disabled():
    gc.disable()
    try:
        with no_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
