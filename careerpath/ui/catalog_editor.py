"""The catalog editor: add, edit and delete skills, credentials and roles of the working catalog; export it, or
restore the bundled one.

Self-contained: it reads and writes through the Store it is given (careerpath.storage.catalog_edits), checks the
entity being edited as the user types (the file format's rules, cycles included, shown inline), and pushes each
change as one undoable command on the ``undo_stack`` passed in (the main window's, so Ctrl+Z covers it). After
each change, undo and redo it calls ``on_changed()`` and emits :attr:`CatalogEditor.catalog_changed`. Create it
once and keep it (its commands call back into it); hooking it into a window::

    editor = CatalogEditor(session.store, undo_stack=session.undo_stack, on_changed=window.on_catalog_edited,
                           parent=window)
    edit_catalog_action.triggered.connect(lambda: (editor.show(), editor.raise_()))
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.catalog_credits import catalog_title
from careerpath.graph.model import Catalog
from careerpath.storage import Store
from careerpath.storage import catalog_edits as ce
from careerpath.ui.actions import redo_keys, undo_keys
from careerpath.ui.catalog_entity_edits import EntityEdits, _named
from careerpath.ui.catalog_forms import CredentialForm, EntityForm, RoleForm, SkillForm
from careerpath.ui.catalog_list import KINDS, EntityList
from careerpath.ui.catalog_whole import WholeCatalog
from careerpath.ui.catalog_writes import undo_group
from careerpath.ui.evidence_dialogs import ERROR_STYLE
from careerpath.ui.screen_fit import fit_to_screen
from careerpath.ui.search import IdRole, SearchIndex

CHECK_DELAY_MS = 200  # check the entry once typing pauses, not on every key
Ask = Callable[[QWidget, str, str], bool]


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class CatalogEditor(EntityEdits, WholeCatalog, QWidget):
    """The catalog editor window.

    Attributes:
        tabs: the kinds (skills, credentials, roles); ``lists``/``models``: the entities of the current kind.
        forms: kind -> its EntityForm; the one of the current kind is shown.
        message: the inline line where problems, refusals and failed undos are shown.
        ask: (parent, title, question) -> yes; replaceable (tests answer without a modal box).

    Signals:
        catalog_changed(): the working catalog changed (an edit, an undo or redo of one, a restore) from here.
        undo_refused(str): an undo or redo of an edit was refused, as shown here (also for a host window: its own
            Undo reaches the edits while this window is closed).
    """

    catalog_changed = Signal()
    undo_refused = Signal(str)

    def __init__(self, store: Store, *, undo_stack: QUndoStack | None = None,
                 on_changed: Callable[[], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.undo_stack, self._on_changed = store, undo_stack, on_changed
        self.ask: Ask = ask_yes_no
        self.catalog = Catalog()
        self.indexes: dict[str, SearchIndex] = {k: SearchIndex([]) for k in KINDS}
        self.current: tuple[str, str | None] = ("skill", None)  # (kind, id); None: a new entity or nothing
        self.dirty = False
        #: The entry shown was refused as it stands: Save waits for a change to it (see save()).
        self.refused = False
        self.setWindowTitle("Edit catalog")
        self.setAccessibleName("Catalog editor")
        self.forms: dict[str, EntityForm] = {"skill": SkillForm(), "credential": CredentialForm(), "role": RoleForm()}
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)
        self._build()
        fit_to_screen(self, 1180, 760)
        self.refresh()
        self._watch_writes()

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        left = EntityList(self)
        self.entities = left
        self.tabs, self.search, self.model, self.list = left.tabs, left.search, left.model, left.list
        self.new_button = left.new_button
        self.tabs.currentChanged.connect(self.on_kind_changed)
        self.list.selectionModel().currentChanged.connect(self.on_entity_selected)
        self.new_button.clicked.connect(lambda: self.new_entity())

        self.heading = QLabel()
        self.heading.setAccessibleName("Editing")
        self.stack = QStackedWidget(self)
        for kind in KINDS:
            form = self.forms[kind]
            form.edited.connect(self.on_form_edited)
            form.taken = lambda ident, k=kind: ident in getattr(self.catalog, ce.KINDS[k])
            self.stack.addWidget(form)
        self.message = QLabel()
        self.message.setAccessibleName("Problems")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.clicked.connect(self.revert)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.clicked.connect(self.delete_current)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.delete_button, self.revert_button, self.save_button):
            row.addWidget(button)
        right = QWidget(self)
        lay = QVBoxLayout(right)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.heading)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.message)
        lay.addLayout(row)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([380, 800])
        bottom = QHBoxLayout()
        if self.undo_stack is not None:
            style = self.style()
            group = undo_group(self.undo_stack)  # not the stack's own actions: a catalog write disables the group's
            for action, icon, keys in (
                    (group.createUndoAction(self, "&Undo"), style.StandardPixmap.SP_ArrowBack, undo_keys()),
                    (group.createRedoAction(self, "&Redo"), style.StandardPixmap.SP_ArrowForward, redo_keys())):
                action.setIcon(style.standardIcon(icon))
                action.setShortcuts(keys)
                self.addAction(action)
                button = QToolButton(self)
                button.setDefaultAction(action)
                # the action's text names the change ("Undo Edit role …"): the tooltip says it, the button need not
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
                bottom.addWidget(button)
        self.counts = QLabel()
        self.counts.setAccessibleName("Catalog size")
        self.counts.setWordWrap(True)
        bottom.addWidget(self.counts, 1)
        self.export_button = QPushButton("&Export catalog…")
        self.export_button.setToolTip("Save the working catalog, with its edits, as a catalog file")
        self.export_button.clicked.connect(lambda: self.export())
        self.restore_button = QPushButton("Restore the &bundled catalog…")
        self.restore_button.setToolTip("Replace the working catalog with the one careerpath ships; profiles stay")
        self.restore_button.clicked.connect(lambda: self.restore_bundled())
        close = QPushButton("&Close")
        close.clicked.connect(self.close)
        for button in (self.export_button, self.restore_button, close):
            bottom.addWidget(button)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addLayout(bottom)

    # ------------------------------------------------------------ showing the catalog

    @property
    def kind(self) -> str:
        return self.entities.kind

    @property
    def form(self) -> EntityForm:
        return self.forms[self.kind]

    def refresh(self) -> None:
        """Read the working catalog again (after an edit, an undo or an import) and show it."""
        self.catalog = self.store.load_catalog()
        self.indexes = {"skill": SearchIndex.skills(self.catalog), "credential": SearchIndex.credentials(self.catalog),
                        "role": SearchIndex.roles(self.catalog)}
        for form in self.forms.values():
            form.set_catalog(self.catalog, self.indexes)
        self.entities.selected = self.current[1]
        self.entities.set_indexes(self.indexes, {k: len(getattr(self.catalog, ce.KINDS[k])) for k in KINDS})
        # the full name, as the status bar and About give it: the bare name would hide what was imported
        text = f"{catalog_title(self.catalog)}: {self.catalog.counts()}"
        self.counts.setText(text)
        # one line when it is short; a long one wraps rather than make the editor wider than a small screen
        metrics = self.counts.fontMetrics()
        self.counts.setMinimumWidth(min(metrics.horizontalAdvance(text), 72 * metrics.averageCharWidth()))
        kind, ident = self.current
        if not self.dirty:
            pool = getattr(self.catalog, ce.KINDS[kind])
            self._load(kind, ident if ident in pool else None)
        self._enable()

    def _load(self, kind: str, ident: str | None) -> None:
        """Show ``ident`` of ``kind`` in its form (None: a new, empty one)."""
        pool = getattr(self.catalog, ce.KINDS[kind])
        self.current = (kind, ident)
        form = self.forms[kind]
        form.load(ce.entity_to_dict(pool[ident]) if ident is not None else None)
        self.stack.setCurrentWidget(form)
        self.entities.set_kind(kind)
        self.entities.select(ident)
        self.heading.setText(f"<b>{html.escape(pool[ident].name)}</b>" if ident is not None else f"<b>New {kind}</b>")
        self.dirty = False
        self.refused = False
        self.show_problems([])
        self._enable()

    def _enable(self) -> None:
        writable = not self.store.read_only
        existing = self.current[1] is not None
        self.save_button.setEnabled(writable and self.dirty and not self.refused)
        self.revert_button.setEnabled(self.dirty)
        self.delete_button.setEnabled(writable and existing)
        self.new_button.setEnabled(writable)
        self.restore_button.setEnabled(writable)
        if not writable:
            self.show_message(f"Read-only: {self.store.read_only_reason}. The catalog can be read and exported.")

    def _may_leave(self) -> bool:
        if not self.dirty or self.store.read_only:  # read-only: nothing typed could be saved anyway
            return True
        kind, ident = self.current
        what = _named(self.catalog, kind, ident) if ident else f"the new {kind}"
        return self.ask(self, "Unsaved changes", f"Discard the changes to {what}?")

    @Slot(int)
    def on_kind_changed(self, _index: int) -> None:
        if self.current[0] == self.kind:
            return
        if not self._may_leave():
            self.entities.set_kind(self.current[0])
            return
        self.entities.fill()
        self._load(self.kind, None)

    @Slot(QModelIndex, QModelIndex)
    def on_entity_selected(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if not index.isValid():
            return
        ident = index.data(IdRole)
        if (self.kind, ident) == self.current:
            return
        if not self._may_leave():
            self.entities.select(self.current[1])
            return
        self._load(self.kind, ident)

    def select(self, kind: str, ident: str) -> None:
        """Show one entity (e.g. from the catalog browser); the search is cleared so that it is listed."""
        if not self._may_leave():
            return
        self.dirty = False
        self.search.clear()
        self._load(kind, ident)

    def new_entity(self, kind: str | None = None) -> None:
        if not self._may_leave():
            return
        self._load(kind or self.kind, None)
        self.form.name.setFocus()

    # ------------------------------------------------------------ checking as the user types

    @Slot()
    def on_form_edited(self) -> None:
        self.dirty = True
        self.refused = False
        self._enable()
        self._check_timer.start()

    @Slot()
    def check_now(self) -> ce.EditCheck:
        """Check the entry as it stands and show what is wrong; returns the check."""
        self._check_timer.stop()
        kind, ident = self.current
        check = ce.check_entity(self.catalog, kind, self.form.to_dict(), original=ident)
        self.show_problems(list(check.problems), check.cycle)
        self.save_button.setEnabled(not self.store.read_only and self.dirty and check.ok and not self.refused)
        return check

    def show_problems(self, problems: list, cycle: list[tuple[str, str]] | None = None) -> None:
        self.form.mark(problems)
        if not problems:
            self.message.hide()
            return
        lines = []
        if cycle:
            path = " → ".join(_named(self.catalog, k, i) if i != self.form.id.text().strip() or k != self.kind
                              else f"{k} “{self.form.name.text().strip() or i}”" for k, i in cycle)
            lines.append(f"This would make a dependency cycle: {path}")
        lines += [f"• {p}" for p in problems if not (cycle and p.message.startswith("dependency cycle"))][:8]
        self.show_message("\n".join(lines))

    def show_message(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")
        self.message.setAccessibleDescription(text)
        self.message.show()

    def showEvent(self, event: QShowEvent) -> None:
        if not self.dirty:
            self.refresh()  # an import may have changed the catalog while this window was hidden
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_leave():
            self.dirty = False
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # as in a dialog: an Escape that no field or popup used closes the window (asking about unsaved changes)
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.close()
            return
        super().keyPressEvent(event)
