"""The catalog editor's changes to one entity: save the entry shown, revert it, delete the entity; each is one
undoable command (catalog_commands.py), and a refused one is shown inline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Slot

from careerpath.graph.errors import CareerpathError
from careerpath.graph.model import Catalog
from careerpath.storage import catalog_edits as ce
from careerpath.storage.catalog_entity import cut
from careerpath.ui.catalog_commands import run_edit

if TYPE_CHECKING:
    from careerpath.ui.catalog_editor import CatalogEditor


def _named(catalog: Catalog, kind: str, ident: str) -> str:
    pool = getattr(catalog, ce.KINDS[kind])
    return f"{kind} “{pool[ident].name}”" if ident in pool else f"{kind} {ident!r}"


class EntityEdits:
    """Mixed into CatalogEditor (kept apart to keep modules short)."""

    def _after_change(self: CatalogEditor) -> None:
        if self._on_changed is not None:
            self._on_changed()
        if shiboken6.isValid(self):  # an undo from the main window after this window was deleted
            self.dirty = False
            self.refresh()
            self.catalog_changed.emit()

    def _failed(self: CatalogEditor, message: str) -> None:
        if shiboken6.isValid(self):
            self.show_message(message)

    def _edit_refused(self: CatalogEditor, message: str) -> None:
        """An undo or redo of an edit was refused: nothing was written here, but the catalog may have been changed
        outside (the reason for most refusals), and the editor shows it as stored (a hidden one reads it when shown
        again; an entry being typed stays as typed); then the reason."""
        if not shiboken6.isValid(self):
            return
        if self.isVisible():
            self.refresh()  # before the message: loading the entry shown clears the message line
        self._failed(message)
        self.undo_refused.emit(message)

    def say_step_refused(self: CatalogEditor, message: str) -> None:
        """A profile or evidence step's undo or redo was refused (Session.failed). Ctrl+Z here reaches those steps
        too, as the stack is the main window's: an open editor says why nothing happened where the key may have
        been pressed, as it does for its own edits. A hidden one says nothing: the reason would be stale when it
        is next opened."""
        if shiboken6.isValid(self) and self.isVisible():
            self.show_message(message)

    def _run(self: CatalogEditor, make: Callable[[], ce.CatalogEdit], *, entry: bool = False) -> ce.CatalogEdit | None:
        """``entry``: the edit stores the entry shown, which the catalog's problems refuse until it is changed (a
        busy or full disk may pass: Save stays for a retry)."""
        try:
            return run_edit(self.store, make, undo_stack=self.undo_stack, after=self._after_change,
                            failed=self._edit_refused)
        except ce.CycleError as exc:
            self.show_problems(list(exc.problems), exc.cycle)
            if entry:
                self._refuse()
        except ce.StaleEditError:
            raise  # for save(), which says what changed and offers the stored version
        except CareerpathError as exc:
            problems = getattr(exc, "problems", None)
            if problems:
                self.show_problems(list(problems))
                if entry:
                    self._refuse()
            else:
                self.show_message(str(exc))
        return None

    @Slot()
    def save(self: CatalogEditor) -> bool:
        """Store the entry (a new entity, or the changes to the one shown); False, with the reasons, if refused.

        An entry the catalog refuses would be refused again as it stands, so Save is disabled until the entry is
        changed. The check due after typing is dropped: it reads the editor's copy of the catalog, which may not
        show what the store refused (another careerpath's change), and would hide the reason."""
        self._check_timer.stop()
        kind, ident = self.current
        data = self.form.to_dict()
        if ident is None:
            edit = self._run(lambda: ce.add_entity(self.store, data, kind), entry=True)
        else:
            try:
                edit = self._run(lambda: ce.update_entity(self.store, data, kind, expected=self.form.original),
                                 entry=True)
            except ce.StaleEditError:
                self._refuse()
                return self._refuse_stale(kind, ident)
        if edit is None:
            return False
        self._load(kind, edit.changes[0].id)
        return True

    def _refuse(self: CatalogEditor) -> None:
        self.refused = True
        self.save_button.setEnabled(False)

    def _refuse_stale(self: CatalogEditor, kind: str, ident: str) -> bool:
        """The entity shown was changed in the database since it was loaded: keep the newer version, and offer
        to show it (what was typed here is then lost). Returns False: nothing was saved."""
        self._check_timer.stop()  # a check due would hide the message
        self.refresh()  # the catalog as stored now; a form with changes stays as typed
        why = (f"the {_named(self.catalog, kind, ident)} was changed since it was opened here (by an import, a "
               "restore or another careerpath)")
        self.show_message(f"Not saved: {why}. Revert shows the stored version.")
        if self.ask(self, "Changed since opened",
                    f"Your changes were not saved: {why}.\n\nShow the stored version? Your changes here are "
                    "then lost."):
            self.revert()
        return False

    @Slot()
    def revert(self: CatalogEditor) -> None:
        kind, ident = self.current
        self._load(kind, ident if ident in getattr(self.catalog, ce.KINDS[kind]) else None)

    @Slot()
    def delete_current(self: CatalogEditor) -> bool:
        """Delete the entity shown, after a question naming what uses it (those uses go too); False if not."""
        kind, ident = self.current
        if ident is None:
            return False
        users = ce.referrers(self.catalog, kind, ident)
        blockers = [why for u in users if isinstance(
            why := cut(getattr(self.catalog, ce.KINDS[u.kind])[u.id], kind, ident), str)]
        if blockers:
            self.show_message(f"Cannot delete {_named(self.catalog, kind, ident)}: " + "; ".join(blockers[:5]))
            return False
        text = f"Delete the {_named(self.catalog, kind, ident)}?"
        if users:
            listed = ", ".join(_named(self.catalog, u.kind, u.id) for u in users[:8])
            text += (f"\n\n{len(users)} other entit{'y names' if len(users) == 1 else 'ies name'} it and will no "
                     f"longer: {listed}{' …' if len(users) > 8 else ''}.")
        profiles = ce.profiles_using(self.store, kind, ident)
        if profiles:
            text += (f"\n\nProfiles naming it: {', '.join(profiles[:5])}{' …' if len(profiles) > 5 else ''}. "
                     "Their entries stay, unused until it is back.")
        if self.undo_stack is not None:
            text += "\n\nEdit > Undo brings it back."
        if not self.ask(self, "Delete", text):
            return False
        if self._run(lambda: ce.delete_entity(self.store, kind, ident, cascade=True)) is None:
            return False
        self.dirty = False
        self._load(kind, None)
        return True
