"""Search as you type over thousands of catalog entries: by name, id, code, alias, or (for roles) a skill.

The ranking is plain Python over a prepared list (a few ms for 14,000 entries per keystroke); the widget
shows the best matches in a QCompleter popup in "unfiltered" mode, so Qt does no filtering of its own.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QCompleter, QLineEdit, QWidget

from careerpath.graph.folding import fold
from careerpath.ui.search_index import MAX_RESULTS, Entry, SearchIndex, build_indexes, entry_text, share_indexes

__all__ = ["MAX_RESULTS", "Entry", "IdRole", "KindRole", "ResultsModel", "SearchField", "SearchIndex", "build_indexes",
           "entry_text", "fold", "share_indexes"]

IdRole = Qt.ItemDataRole.UserRole
KindRole = Qt.ItemDataRole.UserRole + 1
class ResultsModel(QAbstractListModel):
    """The current matches. DisplayRole: "title — detail"; IdRole: the entity id; KindRole: its kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Entry] = []

    def set_entries(self, rows: list[Entry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> Entry:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_text(e)
        if role == Qt.ItemDataRole.EditRole:
            return e.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.title} ({e.id})"
        if role == IdRole:
            return e.id
        if role == KindRole:
            return e.kind
        return None


# keys a line edit needs (Home, End and arrows alone are not Ctrl keys, and so stay the field's anyway)
_FIELD_KEYS = tuple(getattr(QKeySequence.StandardKey, k) for k in (
    "SelectAll", "Copy", "Cut", "Paste", "Undo", "Redo", "MoveToNextWord", "MoveToPreviousWord", "SelectNextWord",
    "SelectPreviousWord", "DeleteStartOfWord", "DeleteEndOfWord", "MoveToStartOfDocument", "MoveToEndOfDocument",
    "SelectStartOfLine", "SelectEndOfLine", "SelectStartOfDocument", "SelectEndOfDocument"))
_LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
# the focus leaves only for a moment (the popup opening, a menu, another application): what is typed stays
_FOCUS_COMES_BACK = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason,
                     Qt.FocusReason.MenuBarFocusReason)


class SearchField(QLineEdit):
    """A line edit that finds an entry as you type and emits its id when one is chosen.

    Signals:
        picked(str): the id of the entry chosen (Enter: the highlighted match, else the best; or a click in the
            popup).
    """

    picked = Signal(str)
    # for fields whose picks are undoable changes (the profile panel's): with nothing of the field's own to undo
    # or redo, Ctrl+Z and the redo keys are the window's Undo and Redo, and so undo the pick (a class attribute:
    # event() sees events from QLineEdit's constructor on)
    undo_to_window = False

    def __init__(self, accessible_name: str, placeholder: str, parent: QWidget | None = None, *,
                 popup: bool = True) -> None:
        super().__init__(parent)
        self._use_popup = popup
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.index = SearchIndex([])
        self.fallback: list[Entry] = []  # shown when the field is empty and gets focus (e.g. recent targets)
        self.clear_after_pick = False  # for "add a …" fields: empty again, ready for the next one
        # without a popup, the list showing the matches: Up and Down typed in the field move through it
        self.results_view: QAbstractItemView | None = None
        self.resting_text: str | None = None  # see show_resting
        self.results = ResultsModel(self)
        self._completer = QCompleter(self.results, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCompletionRole(Qt.ItemDataRole.EditRole)
        self._completer.setMaxVisibleItems(12)
        self._completer.popup().setAccessibleName(f"{accessible_name} matches")
        # installed after the completer's own filter, so it sees Enter first
        self._completer.popup().installEventFilter(self)
        if popup:
            self.setCompleter(self._completer)
        self._completer.activated[QModelIndex].connect(self.on_completer_activated)
        self.textEdited.connect(self.on_text_edited)
        self.returnPressed.connect(self.on_return_pressed)
        self._picked_on_return = False  # set by an Enter that picked, for keyPressEvent
        self._picked_text: str | None = None  # the text of the last entry picked, as the field shows it

    def set_index(self, index: SearchIndex) -> None:
        self.index = index
        self.results.set_entries([])

    def popup(self):
        return self._completer.popup()

    @Slot(str)
    def on_text_edited(self, text: str) -> None:
        if not self._use_popup:
            return
        rows = self.index.search(text) if text.strip() else self.fallback
        self.results.set_entries(rows)
        if rows:
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def show_resting(self, text: str) -> None:
        """Show ``text`` (what the field stands for, e.g. the current target) now, and again whenever the focus
        leaves the field without a pick, so that what was typed, or cleared, is not taken for the state."""
        self.resting_text = text
        self.setText(text)

    def show_picked(self, text: str | None) -> None:
        """Take ``text`` as the entry picked last, as the field shows it: Enter on it is then no second pick."""
        self._picked_text = text

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if (self.resting_text is not None and event.reason() not in _FOCUS_COMES_BACK
                and self.text() != self.resting_text):
            self.setText(self.resting_text)

    def show_fallback(self) -> None:
        """Open the popup on the fallback entries (recent targets), e.g. on Down in an empty field."""
        if self.fallback:
            self.results.set_entries(self.fallback)
            self._completer.complete()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # QLineEdit claims the undo and redo keys whenever it has the focus, even with nothing to undo: not
            # claimed, they reach the window's shortcuts
            if (self.undo_to_window
                    and ((event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable())
                         or (event.matches(QKeySequence.StandardKey.Redo) and not self.isRedoAvailable()))):
                event.ignore()
                return False
            if self._for_the_window(event):
                event.ignore()
                return False
        return super().event(event)

    def _for_the_window(self, event: QKeyEvent) -> bool:
        """A Ctrl key that is one of the window's enabled commands and not one of the field's editing keys:
        on X11, QLineEdit also claims Emacs keys (Ctrl+E end of line, Ctrl+K, Ctrl+U…), which would take Export
        plan and the like from the window right after a target was picked here."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier or any(
                event.matches(k) for k in _FIELD_KEYS):
            return False
        pressed = QKeySequence(event.keyCombination())
        window = self.window()
        return window is not self and any(
            action.isEnabled() and pressed in action.shortcuts() for action in window.findChildren(QAction))

    def keyPressEvent(self, event) -> None:
        if self.results_view is not None and event.key() in _LIST_KEYS:
            QApplication.sendEvent(self.results_view, event)
            return
        if self._use_popup and event.key() == Qt.Key.Key_Down and not self._completer.popup().isVisible():
            if self.text().strip():
                self.on_text_edited(self.text())
            else:
                self.show_fallback()
            return
        self._picked_on_return = False
        super().keyPressEvent(event)
        if self._picked_on_return:
            # QLineEdit passes Enter on to the dialog, whose default button ("Create profile") would act on
            # the pick before the user has seen it: the Enter that picked is used up
            event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the popup is open it has the keyboard, and QCompleter takes Enter only on a highlighted row
        # (else it just closes the popup): highlight the best match first, so Enter always picks.
        popup = self._completer.popup()
        if (watched is popup and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not popup.currentIndex().isValid()):
            best = popup.model().index(0, 0)
            if best.isValid():
                popup.setCurrentIndex(best)
        return super().eventFilter(watched, event)

    @Slot(QModelIndex)
    def on_completer_activated(self, index: QModelIndex) -> None:
        ident = index.data(IdRole)
        if ident:
            self._picked_text = None if self.clear_after_pick else index.data(Qt.ItemDataRole.EditRole)
            self.picked.emit(str(ident))
            if self.clear_after_pick:
                # the completer writes the chosen text into the field after this signal: clear once it has
                QTimer.singleShot(0, self.empty_after_pick)

    @Slot()
    def on_return_pressed(self) -> None:
        # Enter with the popup closed takes the best match, as a search box should (with it open, see
        # eventFilter)
        if not self._use_popup or self._completer.popup().isVisible():
            return
        if self._picked_text is not None and self.text() == self._picked_text:
            # the field already shows the entry picked: this Enter is for the form (the default button of a dialog
            # or of the welcome page), not a second pick that would use it up
            return
        rows = self.index.search(self.text())
        if rows:
            self._picked_on_return = True
            self._picked_text = None if self.clear_after_pick else rows[0].title
            self.picked.emit(rows[0].id)
            if self.clear_after_pick:
                self.empty_after_pick()

    @Slot()
    def empty_after_pick(self) -> None:
        # setText, unlike clear(), forgets the field's undo history: what was typed went into the pick, and
        # Ctrl+Z putting it back would read as undoing the pick while the pick stays
        self.setText("")
