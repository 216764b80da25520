"""Search as you type over thousands of catalog entries: by name, id, code, alias, or (for roles) a skill.

The ranking is plain Python over a prepared list (a few ms for 14,000 entries per keystroke); the widget
shows the best matches in a QCompleter popup in "unfiltered" mode, so Qt does no filtering of its own.
"""

from __future__ import annotations

import functools
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import Any, ClassVar

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
from careerpath.graph.model import Catalog, Credential, Role, Skill

IdRole = Qt.ItemDataRole.UserRole
KindRole = Qt.ItemDataRole.UserRole + 1
MAX_RESULTS = 40


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # role | skill | credential
    title: str  # shown
    detail: str  # shown after the title, muted
    # the rest as fold() gives them
    name_lc: str
    extra_lc: str  # id, code, aliases, provider: matched after the name
    skills_lc: str  # for roles: the skills it needs; matched last


class SearchIndex:
    """Entries of one or more kinds, ranked against a query of one or more words.

    :meth:`roles`, :meth:`skills` and :meth:`credentials` give one index per catalog, shared by every field that
    searches it (14,000 skills take 0.2-0.7 s to prepare); the index of a catalog that differs from the last one
    by a few entities (an edit, its undo) reuses the entries of the others.
    """

    #: indexes built from a catalog, per kind (what a catalog change costs: tests count them)
    builds: ClassVar[Counter[str]] = Counter()

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._catalog: weakref.ref[Catalog] | None = None
        self._pool: dict[str, Any] = {}  # the catalog's entities of this kind, from which the entries were made
        self._skills: dict[str, Skill] = {}  # its skills, whose names the entries of roles and credentials hold

    @functools.cached_property
    def positions(self) -> dict[str, int]:
        """id -> its place in :attr:`entries` (an index holds one kind)."""
        return {e.id: n for n, e in enumerate(self.entries)}

    @functools.cached_property
    def by_id(self) -> dict[tuple[str, str], Entry]:
        """(kind, id) -> entry. Built when first asked for: 14,000 keys take 5-10 ms, on every catalog edit."""
        return {(e.kind, e.id): e for e in self.entries}

    @classmethod
    def roles(cls, catalog: Catalog) -> SearchIndex:
        return _shared("role", catalog)

    @classmethod
    def skills(cls, catalog: Catalog) -> SearchIndex:
        return _shared("skill", catalog)

    @classmethod
    def credentials(cls, catalog: Catalog) -> SearchIndex:
        return _shared("credential", catalog)

    @classmethod
    def of_kind(cls, kind: str, catalog: Catalog) -> SearchIndex:
        return _shared(kind, catalog)

    def search(self, query: str, limit: int = MAX_RESULTS) -> list[Entry]:
        """Every word must occur somewhere; the name beats ids and codes, which beat skills. Compared folded
        (:func:`fold`): in any normalization form, case and accents aside."""
        words = fold(query).split()
        if not words:
            return []
        phrase = " ".join(words)
        scored: list[tuple[int, int, str, Entry]] = []
        for e in self.entries:
            name = e.name_lc
            if phrase in name:
                rank = 0 if name.startswith(phrase) else (1 if f" {phrase}" in name else 2)
            elif all(w in name or w in e.extra_lc for w in words):
                rank = 3
            elif all(w in name or w in e.extra_lc or w in e.skills_lc for w in words):
                rank = 4
            else:
                continue
            scored.append((rank, len(name), name, e))
        scored.sort(key=lambda t: (t[0], t[1], t[2]))
        return [t[3] for t in scored[:limit]]


def _role_entry(r: Role, skill_names: _SkillNames) -> Entry:
    detail = f"{r.code} · " if r.code else ""
    detail += f"{r.requirement_count()} skills"
    return Entry(r.id, "role", r.name, detail, fold(r.name), fold(f"{r.id} {r.code or ''}"),
                 skill_names.joined(r.all_skills()))


def _skill_entry(s: Skill, _skill_names: _SkillNames) -> Entry:
    return Entry(s.id, "skill", s.name, s.kind or "skill", fold(s.name), fold(" ".join((s.id, *s.aliases))), "")


def _credential_entry(c: Credential, skill_names: _SkillNames) -> Entry:
    detail = " · ".join(x for x in (c.provider, f"{c.hours:g} h") if x)
    return Entry(c.id, "credential", c.name, detail, fold(c.name), fold(f"{c.id} {c.provider}"),
                 skill_names.joined(c.grants))


_MAKE: dict[str, Callable[[Any, _SkillNames], Entry]] = {
    "role": _role_entry, "skill": _skill_entry, "credential": _credential_entry}
_POOL = {"role": "roles", "skill": "skills", "credential": "credentials"}
#: kind -> the index of the catalog last asked for: every widget searching the working catalog shares it
_LATEST: dict[str, SearchIndex] = {}
#: kind -> the index _LATEST held before: a catalog put back whole (the undo of a restore) is the object it was
_EARLIER: dict[str, SearchIndex] = {}


def _skills_named(entity: Any) -> Iterable[str]:
    return entity.all_skills() if isinstance(entity, Role) else getattr(entity, "grants", ())


def _shared(kind: str, catalog: Catalog) -> SearchIndex:
    """The index of ``kind`` for ``catalog``: the one already built for it, else a new one that takes over the
    entries of the last index whose entity (and the names of the skills it names) is the very same object."""
    last = _LATEST.get(kind)
    if last is not None and last._catalog is not None and last._catalog() is catalog:
        return last
    earlier = _EARLIER.get(kind)
    if earlier is not None and earlier._catalog is not None and earlier._catalog() is catalog:
        index = earlier  # the catalog before came back (the undo of a restore or an import): 0.5 s not spent
    else:
        index = _build(kind, catalog, last)
    if last is not None:
        _EARLIER[kind] = last
    _LATEST[kind] = index
    return index


def build_indexes(catalog: Catalog) -> dict[str, SearchIndex]:
    """Every kind's index of ``catalog``, built from scratch: plain data, so a worker thread may build them (a
    catalog read anew shares no entity with the last one). :func:`share_indexes` then hands them out."""
    return {kind: _build(kind, catalog, None) for kind in _MAKE}


def share_indexes(indexes: dict[str, SearchIndex]) -> None:
    """Make ``indexes`` (from :func:`build_indexes`) the ones every field gets for their catalog (GUI thread)."""
    _EARLIER.update(_LATEST)
    _LATEST.update(indexes)


def _build(kind: str, catalog: Catalog, last: SearchIndex | None) -> SearchIndex:
    pool: dict[str, Any] = getattr(catalog, _POOL[kind])
    skills = catalog.skills
    reuse: dict[str, Entry] = {}
    renamed: set[str] = set()
    if last is not None and last._pool:
        if kind != "skill" and last._skills is not skills:  # a skill renamed changes the text of what names it
            before = last._skills
            renamed = {i for i in _changed(skills, before) if (old := before.get(i)) is None
                       or old.name != skills[i].name}
            if len(before) != len(skills) or renamed:
                renamed.update(i for i in before if i not in skills)
        if last._pool is pool and not renamed:
            # An edit elsewhere (another kind, or a skill's text other than its name) shares this kind's entities,
            # unchanged, with the catalog before: so are the entries (saving one skill need not redo 13,000 others).
            return _index(last.entries, kind, catalog, counted=False)
        changed = _changed(pool, last._pool)
        if not renamed and len(pool) == len(last._pool) and all(i in last._pool for i in changed):
            # The same ids in the same order (an edit or its undo changed a few): those entries are made anew.
            entries, where = list(last.entries), last.positions
            for ident in changed:
                entries[where[ident]] = _MAKE[kind](pool[ident], _SkillNames(catalog))
            index = _index(entries, kind, catalog, counted=True)
            index.__dict__["positions"] = where  # the cached property's value: the order is the same
            return index
        reuse = {e.id: e for e in last.entries}
    make = _MAKE[kind]
    skill_names = _SkillNames(catalog)
    old_pool = last._pool if last is not None else {}
    entries = []
    for ident, entity in pool.items():
        entry = reuse.get(ident)
        if entry is None or old_pool.get(ident) is not entity or (
                renamed and not renamed.isdisjoint(_skills_named(entity))):
            entry = make(entity, skill_names)
        entries.append(entry)
    return _index(entries, kind, catalog, counted=True)


def _changed(now: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """The keys of ``now`` whose value is not the very object ``before`` has, in C loops: 14,000 skills compared
    in half a millisecond rather than in the five a Python loop takes, twice per catalog edit."""
    return list(compress(now, map(is_not, now.values(), map(before.get, now))))


def _index(entries: list[Entry], kind: str, catalog: Catalog, *, counted: bool) -> SearchIndex:
    index = SearchIndex(entries)
    index._catalog, index._pool, index._skills = weakref.ref(catalog), getattr(catalog, _POOL[kind]), catalog.skills
    if counted:
        SearchIndex.builds[kind] += 1
    return index


class _SkillNames:
    """Skill names folded once each: 3,000 roles name 90,000 skills, 14,000 of them different."""

    def __init__(self, catalog: Catalog) -> None:
        self._skills = catalog.skills
        self._folded: dict[str, str] = {}

    def joined(self, ids: Iterable[str]) -> str:
        out = []
        for s in ids:
            name = self._folded.get(s)
            if name is None:
                skill = self._skills.get(s)
                name = self._folded[s] = fold(skill.name if skill is not None else s)
            out.append(name)
        return " | ".join(out)


def entry_text(e: Entry) -> str:
    """An entry as a list shows it: "title — detail"."""
    return f"{e.title}  —  {e.detail}" if e.detail else e.title


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
