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


def test_a_child_forked_while_another_thread_holds_the_pause_lock_can_pause():
    """The streamed loader forks its writers while the planning thread may be entering
    or leaving a pause: the child gets a lock of its own instead of a copy held for ever."""
    import os
    import threading
    import time

    from diplograph.graph import gc_pause

    holding, forked = threading.Event(), threading.Event()

    def hold():
        with gc_pause._lock:
            holding.set()
            time.sleep(0.3)  # the fork is asked for meanwhile; it waits for the release
        forked.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    holding.wait(10)
    pid = os.fork()
    if pid == 0:  # the child: a pause must not block
        try:
            with gc_pause.no_gc():
                pass
        finally:
            os._exit(0)
    forked.set()
    t.join()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise AssertionError("the child hung on the pause lock")
    assert os.waitstatus_to_exitcode(status) == 0
