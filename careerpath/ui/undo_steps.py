"""What the profile and the catalog commands share about their place on the undo stack: a step whose undo or redo
was refused stays where it was (:class:`RefusableStep`), and steps that can no longer run leave the stack
(:func:`drop_steps`).

QUndoStack moves its index past a command whatever the command's undo() or redo() did, and swallows an exception
raised in them. Left so, a step refused with nothing changed (a locked file; an entity or profile changed outside
the app since) would sit on the other side of the stack from the database: its undo offered as a redo, which could
only fail, with a message that misleads.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack


class RefusableStep(QUndoCommand):
    """A command whose undo or redo may be refused with nothing changed.

    ``refused``: the last undo or redo of it changed nothing, so the window does not say "Undone" (the refusal is
    on show instead). A subclass starts its undo() and redo() with ``if self.passing(): return``.
    """

    refused = False
    _passing = False  # the stack is being set back over this step, which a refusal left as it was

    def passing(self) -> bool:
        """True, once, when the index is being moved back over this step (:func:`step_back_over`): its undo() or
        redo() then must do nothing."""
        passing, self._passing = self._passing, False
        return passing

    def stay(self, stack: QUndoStack | None, verb: str) -> None:
        """Mark this ``verb`` ("undo" or "redo") refused and put the step back where it was, once Qt is done with
        it (the index moves after undo() or redo() returns)."""
        self.refused = True
        if stack is not None:
            QTimer.singleShot(0, stack, partial(step_back_over, stack, self, verb))


def step_back_over(stack: QUndoStack, command: RefusableStep, verb: str) -> bool:
    """Put the index of ``stack`` back where it was before the refused ``verb`` of ``command``, without running it;
    False where the stack has moved on since (the command is no longer beside the index) or is gone."""
    if not (shiboken6.isValid(stack) and shiboken6.isValid(command)):
        return False
    at = stack.index()
    if verb == "undo" and at < stack.count() and stack.command(at) is command:
        command._passing = True
        stack.setIndex(at + 1)
        return True
    if verb == "redo" and at > 0 and stack.command(at - 1) is command:
        command._passing = True
        stack.setIndex(at - 1)
        return True
    return False


def drop_steps(stack: QUndoStack, which: Callable[[QUndoCommand], bool]) -> int:
    """Take the commands ``which`` accepts out of ``stack``, never to run again; returns how many.

    QUndoStack can only take a command out when it is undone or redone, so each is made obsolete and dropped once
    it is next in line, at once or after the user undoes or redoes the commands in front of it.
    """
    dropped = 0
    for i in range(stack.count()):
        command = stack.command(i)
        if which(command) and not command.isObsolete():
            command.setObsolete(True)
            dropped += 1
    if dropped and not stack.property("dropsObsolete"):
        stack.setProperty("dropsObsolete", True)
        stack.indexChanged.connect(partial(_drop_obsolete, stack))
    _drop_obsolete(stack)
    return dropped


def _drop_obsolete(stack: QUndoStack, _index: int = 0) -> None:
    if not shiboken6.isValid(stack):  # a stack being deleted clears itself, which changes its index
        return
    # an obsolete command is deleted, without running, when undo() or redo() reaches it
    while stack.index() > 0 and stack.command(stack.index() - 1).isObsolete():
        stack.undo()
    while stack.index() < stack.count() and stack.command(stack.index()).isObsolete():
        stack.redo()
