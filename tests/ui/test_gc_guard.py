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


def _walked(obj: object) -> bool:
    """Whether a full collection would walk ``obj`` (gc.get_objects leaves out the permanent generation)."""
    return any(o is obj for o in gc.get_objects())


def test_the_catalog_a_window_takes_is_left_out_of_collections_until_the_window_closes(
        qtbot, window_with_plan) -> None:
    # At ESCO scale a full collection walked 150,000 objects, 150-200 ms with the window frozen; the catalog's
    # are most of them, and live until the next catalog.
    window = window_with_plan
    skill = next(iter(window.catalog.skills.values()))
    entry = window.target.index.entries[0]
    assert not _walked(skill) and not _walked(entry)

    editor = window.open_catalog_editor()
    editor.select("skill", skill.id)
    editor.form.description.setPlainText("Edited, so the window takes a new catalog.")
    assert editor.save()
    edited = window.catalog.skills[skill.id]
    assert edited is not skill and not _walked(edited)

    window.close()
    assert _walked(edited) and gc.get_freeze_count() == 0
