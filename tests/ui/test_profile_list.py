"""The list of clients: what a switch or a rename reads of the others."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from careerpath.storage import open_store
from careerpath.ui import operations as ops
from careerpath.ui.main_window import MainWindow

CLIENTS = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay"]


def _notes_read(statements: list[str]) -> set[int]:
    """The profiles whose notes the statements read."""
    return {int(pid) for s in statements
            for pid in re.findall(r"FROM profile_notes WHERE profile_id = (\d+)", s)}


def test_a_switch_or_a_rename_reads_no_other_clients_notes(qtbot, db_path: Path,
                                                          open_window: Callable[..., MainWindow]) -> None:
    """Audit (practice D4): listing the names read every client in full, a year of notes included: 127 ms a
    switch, 339 ms a rename, for 200 clients."""
    with open_store(db_path) as store:
        for name in CLIENTS:
            store.create_profile(name)
            store.add_note(name, f"Session notes of {name}")
        ids = {p.name: p.id for p in store.list_profiles()}
    window = open_window()
    statements: list[str] = []
    window.session.store.db.conn.set_trace_callback(statements.append)
    box = window.profile_box
    box.setCurrentIndex(box.findText("Cy"))
    box.activated.emit(box.currentIndex())
    assert window.session.current == "Cy"
    assert _notes_read(statements) <= {ids["Cy"]}
    statements.clear()
    ops.rename_profile(session=window.session, old="Cy", new="Cyd")
    assert [box.itemText(i) for i in range(box.count())] == ["Ana", "Bo", "Cyd", "Dee", "Eli", "Fay"]
    assert _notes_read(statements) <= {ids["Cy"]}
