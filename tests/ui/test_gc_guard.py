"""The app's collector: automatic gc off, collection on the GUI thread's timer, back on when stopped."""

from __future__ import annotations

import gc

from careerpath.ui.gc_guard import GuiThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collects_on_the_gui_thread_only(qtbot) -> None:
    gc.enable()
    collector = GuiThreadCollector()
    try:
        assert not gc.isenabled()
        for _ in range(gc.get_threshold()[0] + 10):
            _Cycle()
        assert gc.get_count()[0] > gc.get_threshold()[0]
        qtbot.wait_until(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=3000)
    finally:
        collector.stop()
    assert gc.isenabled()
