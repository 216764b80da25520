"""The "Skills & evidence" view of one profile: levels (with who assessed them and when), evidence of use per
skill and credential, the follow-up list and "Export portfolio…"; plus the question asked when a credential is
completed.

Self-contained: it reads and writes through the Store it is given. Every change is one undoable command: pushed
on the ``undo_stack`` passed in (the main window's, so Ctrl+Z covers it), or applied directly without one. After
each change, undo and redo it calls ``on_changed(profile_name, plan)`` and emits :attr:`EvidenceView.changed`;
``plan`` is False when only evidence changed (nothing a plan depends on), so the host need not plan again.
Hooking it into a window::

    view = EvidenceView(session.store, session.current, undo_stack=session.undo_stack,
                        on_changed=lambda name, plan: session.notify(Changes(name, plan=plan)))
    session.current_changed.connect(lambda name: view.set_profile(name or None))
    session.changed.connect(lambda _changes: view.refresh())
    view.undo_refused.connect(session.failed)  # said in the window too, where its Undo was pressed
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.errors import CareerpathError
from careerpath.graph.followup import DEFAULT_DAYS
from careerpath.graph.model import LEVELS
from careerpath.graph.portfolio import ASSESSOR_WORDS, CredentialRow, SkillRow, credential_rows, skill_rows
from careerpath.storage import Store
from careerpath.storage.evidence import NOT_HELD, Evidence
from careerpath.ui.boxes import DateBox, WholeBox
from careerpath.ui.evidence_dialogs import ERROR_STYLE, EvidenceAnswer, EvidenceDialog
from careerpath.ui.evidence_ops import Changed, ask_where_applied, record_planned_application, run_change
from careerpath.ui.evidence_trees import (
    IdRole,
    ItemRole,
    SubjectRole,
    all_items,
    fit_columns,
    make_tree,
    overdue,
    stored_day,
    tree_item,
)
from careerpath.ui.portfolio_export import PortfolioExport
from careerpath.ui.settings import UiSettings
from careerpath.ui.text import DATE_FORMAT, date_text
from careerpath.ui.workers import TaskRunner

NOT_RECORDED = ""  # the level combo's "held, level not recorded"
DONE_COLOUR, PLANNED_COLOUR = "#00664A", "#004F7C"  # the export's status hues, dark enough for text
OVERDUE_COLOUR = "#A34400"  # the app's warning ink; the word "overdue" says it as well


class EvidenceView(QWidget):
    """Skills & evidence of one profile.

    Attributes:
        skills, evidence, followups: the three lists (QTreeWidgets; rows carry ids under ``IdRole`` and objects
            under ``ItemRole``).
        level, level_by, level_date: the assessment editors for the selected skill; ``save_level`` applies them.
        days: how many days after completion a credential without evidence is listed.
        message: the inline line where refusals and failed undos are shown.
        export: "Export portfolio…" and the line saying where the file went (portfolio_export.py).

    Signals:
        changed(str, bool): the profile's name, and whether a plan may have changed (False when only evidence
            did), after a change, an undo or a redo made here.
        undo_refused(str): an undo or redo of a change made here was refused, as shown here (also for the host
            window: its Edit > Undo reaches these changes while this view is out of sight).
    """

    changed = Signal(str, bool)
    undo_refused = Signal(str)

    def __init__(self, store: Store, name: str | None = None, *, undo_stack: QUndoStack | None = None,
                 on_changed: Changed | None = None, today: Callable[[], dt.date] = dt.date.today,
                 runner: TaskRunner | None = None, settings: UiSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.name, self.undo_stack = store, name, undo_stack
        self._on_changed, self._today = on_changed, today
        self.setAccessibleName("Skills and evidence")
        self._rows: list[SkillRow] = []
        self._creds: list[CredentialRow] = []
        self.title = QLabel()
        self.title.setAccessibleName("Profile")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.export = PortfolioExport(store, runner=runner, settings=settings, parent=self)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.export, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self._skills_box(), 3)
        lay.addWidget(self._evidence_box(), 3)
        lay.addWidget(self._followups_box(), 2)
        lay.addWidget(self.message)
        self.refresh()

    # ------------------------------------------------------------ building

    def _skills_box(self) -> QGroupBox:
        box = QGroupBox("Skills and levels")
        self.skills = make_tree("Skills and levels", ["Skill", "Level", "Assessed by", "On", "Evidence"])
        self.skills.currentItemChanged.connect(self.on_skill_selected)
        self.level = QComboBox()
        self.level.setAccessibleName("Level")
        self.level.addItem("none (not held)", NOT_HELD)
        self.level.addItem("held, level not recorded", NOT_RECORDED)
        for lvl in LEVELS:
            self.level.addItem(lvl, lvl)
        self.level_by = QComboBox()
        self.level_by.setAccessibleName("Assessed by")
        for key, words in ASSESSOR_WORDS.items():
            self.level_by.addItem(words, key)
        self.level_date = DateBox()
        self.level_date.setAccessibleName("Assessed on")
        self.level_date.setCalendarPopup(True)
        self.level_date.setDisplayFormat(DATE_FORMAT)
        today = self._today()
        self.level_date.setDate(QDate(today.year, today.month, today.day))  # not Qt's 2000-01-01 before a pick
        self.save_level = QPushButton("Set level")
        self.save_level.setToolTip("Record this level for the selected skill (undoable)")
        self.save_level.clicked.connect(self.apply_level)
        row = QHBoxLayout()
        for widget, stretch in ((QLabel("Level:"), 0), (self.level, 2), (self.level_by, 2), (self.level_date, 1),
                                (self.save_level, 0)):
            row.addWidget(widget, stretch)
        lay = QVBoxLayout(box)
        lay.addWidget(self.skills)
        lay.addLayout(row)
        return box

    def _evidence_box(self) -> QGroupBox:
        box = QGroupBox("Evidence of use")
        self.evidence = make_tree("Evidence of use", ["What", "Status", "When", "Where", "Link"], flat=False)
        self.evidence.itemDoubleClicked.connect(lambda item, _col: self.edit_evidence(item))
        buttons = QHBoxLayout()
        for label, tip, slot in (
                ("Add…", "Record where a skill or a completed credential was applied", lambda: self.add_evidence()),
                ("Edit…", "Change the selected entry", lambda: self.edit_evidence()),
                ("Delete", "Delete the selected entry (undoable)", self.delete_evidence)):
            button = QPushButton(label)
            button.setAccessibleName(f"{label.rstrip('…')} evidence")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay = QVBoxLayout(box)
        lay.addWidget(self.evidence)
        lay.addLayout(buttons)
        return box

    def _followups_box(self) -> QGroupBox:
        box = QGroupBox("To follow up")
        self.days = WholeBox()
        self.days.setAccessibleName("Days after completion")
        self.days.setRange(0, 3650)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" days")
        self.days.valueChanged.connect(lambda _v: self._fill_followups())
        self.followups = make_tree("To follow up", ["Credential", "Completed", "Days", "Planned"])
        self.followups.itemDoubleClicked.connect(
            lambda item, _col: self.add_evidence(("credential", item.data(0, IdRole))))
        add = QPushButton("Add evidence…")
        add.setAccessibleName("Add evidence for the selected follow-up")
        add.clicked.connect(self._add_for_followup)
        row = QHBoxLayout()
        row.addWidget(QLabel("Completed credentials with no evidence of use after"))
        row.addWidget(self.days)
        row.addStretch(1)
        row.addWidget(add)
        lay = QVBoxLayout(box)
        lay.addLayout(row)
        lay.addWidget(self.followups)
        return box

    # ------------------------------------------------------------ showing

    def set_profile(self, name: str | None) -> None:
        self.name = name
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read the profile again and show it (after any change made anywhere)."""
        self.message.hide()
        self.export.set_profile(self.name)
        selected_skill = self._selected(self.skills)
        selected_evidence = self._selected(self.evidence)
        for tree in (self.skills, self.evidence, self.followups):
            tree.clear()
        self.setEnabled(self.name is not None)
        if self.name is None:
            self.title.setText("No profile open")
            return
        try:
            portfolio = self.store.portfolio(self.name)
        except CareerpathError:  # the profile was deleted or renamed under us
            self.name = None
            self.refresh()
            return
        catalog = self.store.load_catalog()
        self._rows = skill_rows(portfolio, catalog)
        self._creds = credential_rows(portfolio, catalog)
        self.title.setText(f"<b>{html.escape(self.name)}</b> — skills, levels and evidence")  # a name, not markup
        for row in self._rows:
            level = row.level or ("level not recorded" if row.held else "not held")
            done = sum(e.status == "done" for e in row.evidence)
            planned = len(row.evidence) - done
            counts = "  ".join(t for t in (f"✓ {done}" if done else "", f"○ {planned}" if planned else "") if t) or "—"
            self.skills.addTopLevelItem(tree_item([row.name, level, row.by or "—", stored_day(row.date), counts],
                                                  row.skill, row))
        today = self._today()
        groups = [(r.name, "skill", r.skill, r.evidence) for r in self._rows]
        groups += [(r.name, "credential", r.credential, r.evidence) for r in self._creds]
        for title, kind, ident, entries in groups:
            if not entries:
                continue
            group = tree_item([f"{title} ({kind})", "", "", "", ""], ident, None, (kind, ident))
            for e in entries:
                late = overdue(e, today)
                status = "✓ applied" if e.status == "done" else "○ planned · overdue" if late else "○ planned"
                child = tree_item([e.what, status, stored_day(e.date), e.where or "", e.link or ""], e.id, e,
                                  (kind, ident))
                child.setForeground(1, QColor(DONE_COLOUR if e.status == "done" else
                                              OVERDUE_COLOUR if late else PLANNED_COLOUR))
                group.addChild(child)
            self.evidence.addTopLevelItem(group)
            group.setExpanded(True)
        self._fill_followups()
        self._reselect(self.skills, selected_skill)
        self._reselect(self.evidence, selected_evidence)
        for tree in (self.skills, self.evidence, self.followups):
            fit_columns(tree)

    def _fill_followups(self) -> None:
        self.followups.clear()
        if self.name is None:
            return
        for f in self.store.followups(self.name, days=self.days.value(), today=self._today()):
            self.followups.addTopLevelItem(tree_item(
                [f.name, date_text(f.completed_on) if f.completed_on else "—",
                 "—" if f.days_since is None else str(f.days_since), "; ".join(f.planned) or "—"], f.credential, f))

    @staticmethod
    def _selected(tree: QTreeWidget) -> object:
        item = tree.currentItem()
        return None if item is None else (item.data(0, SubjectRole), item.data(0, IdRole))

    @staticmethod
    def _reselect(tree: QTreeWidget, key: object) -> None:
        if key is None:
            return
        for item in all_items(tree):
            if (item.data(0, SubjectRole), item.data(0, IdRole)) == key:
                tree.setCurrentItem(item)
                return

    @Slot(object, object)
    def on_skill_selected(self, current: QTreeWidgetItem | None, _previous: object = None) -> None:
        if current is None:
            return
        skill = current.data(0, IdRole)
        stated = self.store.get_profile(self.name).skills.get(skill) if self.name else None
        level = (stated.level or NOT_RECORDED) if stated else NOT_HELD
        self.level.setCurrentIndex(self.level.findData(level))
        self.level_by.setCurrentIndex(self.level_by.findData(stated.by if stated else "self"))
        day = dt.date.fromisoformat(stated.date) if stated and stated.date else self._today()
        self.level_date.setDate(QDate(day.year, day.month, day.day))

    # ------------------------------------------------------------ changing

    def _changed(self, name: str, plan: bool) -> str | None:
        self.refresh()
        self.changed.emit(name, plan)
        return self._on_changed(name, plan) if self._on_changed is not None else None

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def _undo_refused(self, message: str) -> None:
        if shiboken6.isValid(self):  # an undo from the host window after this view was deleted
            self._failed(message)
            self.undo_refused.emit(message)

    def _run(self, text: str, mutate: Callable[[], object]) -> bool:
        """One undoable change; a refusal is shown inline and changes nothing."""
        if self.name is None:
            return False
        try:
            run_change(self.store, self.name, text, mutate, undo_stack=self.undo_stack, after=self._changed,
                       failed=self._undo_refused)
        except CareerpathError as exc:
            self._failed(str(exc))
            return False
        return True

    @Slot()
    def apply_level(self) -> bool:
        """Record the level editors' assessment for the selected skill."""
        item = self.skills.currentItem()
        if item is None or self.name is None:
            self._failed("Select a skill first.")
            return False
        skill, name = item.data(0, IdRole), item.text(0)
        level, by = self.level.currentData(), self.level_by.currentData()
        q = self.level_date.date()
        day = dt.date(q.year(), q.month(), q.day()).isoformat()
        profile = self.name
        if level == NOT_RECORDED:
            return self._run(f"Hold {name}, level not recorded",
                             lambda: self.store.set_skill_level(profile, skill, None, by=by, date=day))
        words = "not held" if level == NOT_HELD else level
        return self._run(f"Set {name} to {words}", lambda: self.store.assess_skill(profile, skill, level, by, day))

    def _subjects(self, *, every: bool = False) -> list[tuple[str, tuple[str, str]]]:
        """Skills held and credentials completed; ``every``: also those no longer so that have evidence."""
        out = [(f"Skill: {r.name}", ("skill", r.skill)) for r in self._rows if r.held or every]
        return out + [(f"Credential: {r.name}", ("credential", r.credential)) for r in self._creds
                      if r.completed or every]

    def add_evidence(self, subject: tuple[str, str] | None = None, *, open_dialog: bool = True) -> EvidenceDialog:
        """Open the dialog for a new entry (for ``subject`` if given); returns it (tests fill it and accept)."""
        profile = self.name

        def submit(a: EvidenceAnswer) -> None:
            kind, ident = a.subject
            self._store_or_raise(f"Add evidence “{a.what.strip()[:40]}”", lambda: self.store.add_evidence(
                profile, **{kind: ident}, what=a.what, where=a.where, date=a.date, link=a.link, text=a.text,
                status=a.status))

        subjects = self._subjects()
        if subject is not None:
            label = next((lbl for lbl, key in subjects if key == subject), subject[1])
            subjects = [(label, subject), *[s for s in subjects if s[1] != subject]]
        dialog = EvidenceDialog(subjects, submit, today=self._today(), parent=self)
        if open_dialog:
            dialog.open()
        return dialog

    def edit_evidence(self, item: QTreeWidgetItem | None = None, *, open_dialog: bool = True) -> EvidenceDialog | None:
        item = item or self.evidence.currentItem()
        entry = item.data(0, ItemRole) if item is not None else None
        if not isinstance(entry, Evidence):
            self._failed("Select an evidence entry first.")
            return None
        profile = self.name

        def submit(a: EvidenceAnswer) -> None:
            self._store_or_raise(f"Edit evidence “{a.what.strip()[:40]}”", lambda: self.store.update_evidence(
                profile, entry.id, what=a.what, where=a.where, date=a.date, link=a.link, text=a.text,
                status=a.status))

        current = EvidenceAnswer(entry.subject, entry.what, entry.where, entry.date, entry.link, entry.text,
                                 entry.status)
        dialog = EvidenceDialog(self._subjects(every=True), submit, title="Edit evidence", current=current,
                                today=self._today(), parent=self)
        if open_dialog:
            dialog.open()
        return dialog

    @Slot()
    def delete_evidence(self) -> bool:
        item = self.evidence.currentItem()
        entry = item.data(0, ItemRole) if item is not None else None
        if not isinstance(entry, Evidence) or self.name is None:
            self._failed("Select an evidence entry first.")
            return False
        profile = self.name
        return self._run(f"Delete evidence “{entry.what[:40]}”", lambda: self.store.delete_evidence(profile, entry.id))

    def _add_for_followup(self) -> None:
        item = self.followups.currentItem()
        self.add_evidence(("credential", item.data(0, IdRole)) if item is not None else None)

    def _store_or_raise(self, text: str, mutate: Callable[[], object]) -> None:
        """For dialogs: the refusal goes back to the dialog (which shows it and stays open)."""
        if self.name is None:
            raise CareerpathError("No profile is open.")
        run_change(self.store, self.name, text, mutate, undo_stack=self.undo_stack, after=self._changed,
                   failed=self._undo_refused)


__all__ = ["EvidenceView", "ask_where_applied", "record_planned_application", "run_change"]
