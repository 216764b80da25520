"""The toolbar's Profile box: a coach's clients, found by any part of a name, as the Target field finds roles.

A plain drop-down of 200 clients had no search, and a closed QComboBox switches at every key of its type-ahead,
arrow or wheel notch: each a full switch and re-plan. Here the box is editable and its line edit is a
:class:`~careerpath.ui.search.SearchField`: typing lists the clients whose name holds what is typed (accents and
case aside), and only Enter or a click switches. Up, Down and the page keys open the list instead of stepping
through it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget

from careerpath.graph.folding import fold
from careerpath.ui.search import Entry, SearchField, SearchIndex

POPUP_CHARS = 36  # the least width of the list of matches, in average characters
# keys with which a closed QComboBox steps to the next item, and emits activated for it
_STEP_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def _entry(name: str) -> Entry:
    return Entry(name, "profile", name, "", fold(name), "", "")


class ProfileBox(QComboBox):
    """The profiles, in the store's order; the current one shown in the box.

    Signals:
        chosen(str): a profile picked: Enter on a match or on a name typed in full, or a click in either list.
            The current profile is never chosen again.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # what is typed is a search, never a new item
        self.field = SearchField("Profile name", "Find a profile: any part of the name…", self)
        self.field.setClearButtonEnabled(False)  # beside the box's own arrow, a second button reads as clutter
        self.setLineEdit(self.field)
        self.field.popup().setAccessibleName("Profiles matching")
        # the box is as narrow as a name; the matches, "María García-Fernández", need not be cut to its width
        self.field.popup().setMinimumWidth(self.fontMetrics().averageCharWidth() * POPUP_CHARS)
        # QComboBox switches on Enter, and on leaving the field, to an item named exactly as typed, with
        # case-sensitive matching of its own: the field's search decides alone (a name typed in full is its
        # best match)
        self.field.returnPressed.disconnect()
        self.field.editingFinished.disconnect()
        self.field.returnPressed.connect(self.field.on_return_pressed)
        self.field.picked.connect(self._on_picked)
        self.activated.connect(self._on_activated)
        self._current: str | None = None

    def set_names(self, names: list[str], current: str | None) -> None:
        """Fill the list (signals blocked: filling is not a pick) and show ``current``."""
        self.blockSignals(True)
        self.clear()
        self.addItems(names)
        if current in names:
            self.setCurrentIndex(names.index(current))
        else:
            self.setCurrentIndex(-1)
        self.blockSignals(False)
        self._current = current if current in names else None
        self.field.set_index(SearchIndex([_entry(n) for n in names]))
        self.field.show_resting(self._current or "")
        # Enter on the name shown is not a new pick (SearchField leaves it to the form)
        self.field.show_picked(self._current)
        self.setEnabled(bool(names))

    def focus_search(self) -> None:
        """Ctrl+K: the box focused with its text selected, so what is typed next replaces it."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    @Slot(str)
    def _on_picked(self, name: str) -> None:
        if name != self._current:
            self.chosen.emit(name)

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        self._on_picked(self.itemText(index))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _STEP_KEYS and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
            if self.field.text().strip() and self.field.text() != self.field.resting_text:
                self.field.keyPressEvent(event)  # something typed: Down opens its matches
            else:
                self.showPopup()  # the whole list, at the current profile; Enter or a click there switches
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.field.text() != self.field.resting_text:
            self.field.show_resting(self.field.resting_text or "")
            self.field.selectAll()
            event.accept()
            return
        super().keyPressEvent(event)

    def showPopup(self) -> None:
        super().showPopup()
        # opened again after a browse left with Esc, the list was at the row left highlighted, not the profile shown
        if self.currentIndex() >= 0:
            self.view().setCurrentIndex(self.model().index(self.currentIndex(), self.modelColumn()))

    def wheelEvent(self, event: QWheelEvent) -> None:
        # a closed combo steps (and switches) at each notch: scrolling the window past it changed client
        event.ignore()
