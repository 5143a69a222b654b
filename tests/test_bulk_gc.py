"""The import's steps run with the cyclic garbage collector paused, and always give it back."""
from __future__ import annotations

import gc
import threading

import pytest

from models.bulk import collector_paused, paused_collector


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_inside_back_after_nested_and_after_a_failure():
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the inner one ending does not switch it back on
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        int("不是数字")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_two_threads_overlapping_give_it_back_once_both_are_done():
    inside, release = threading.Event(), threading.Event()

    def worker():
        with collector_paused():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(10)
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()             # the worker's pause still runs
    release.set()
    t.join(10)
    assert gc.isenabled()


def test_the_import_steps_are_paused_and_return_what_they_return():
    from models.exchange import importer, preview, reader, rows

    for step in (reader.read_sheet, rows.extract_rows, preview.build_preview, importer.run_import):
        assert step.__wrapped__ is not None        # wrapped by paused_collector, signature kept
    seen = []

    @paused_collector
    def step(x):
        seen.append(gc.isenabled())
        return x * 2

    assert step(21) == 42 and seen == [False] and gc.isenabled()
