"""Pausing the cyclic garbage collector around big builds."""

from __future__ import annotations

import gc

from diplograph.graph.gc_pause import no_gc


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
