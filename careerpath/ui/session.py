"""The app's state between the Store and the widgets: the open store, the current profile, the what-if options."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from careerpath.graph.model import Catalog
from careerpath.graph.on_track import asks_what_if
from careerpath.graph.plan_types import Person, PlanRequest
from careerpath.storage import Profile, ProfileNotFound, Store
from careerpath.storage.profiles import DEFAULT_HOURS_PER_WEEK


@dataclass(frozen=True)
class PlanOptions:
    """The what-if controls: questions asked of the profile, not stored with it, except the pace and the start.

    Each profile has its own while the app runs (a coach's cap on one client's budget is not another's), and
    a profile not shown before starts from the defaults. ``hours_per_week`` is the current profile's own pace
    (stored with it; the default where it has none) and ``start`` its own start date (today where it has none,
    or where that day has passed): the session follows both whenever another profile is shown or the profile
    changes, undo and redo included. A pace or start that could not be saved (a read-only database) is asked
    for this session only: the profile keeps it, as it keeps its other what-ifs, until the app closes (a start
    once it has passed: plans then start today).
    """

    objective: str = "hours"
    hours_per_week: float = DEFAULT_HOURS_PER_WEEK
    start: dt.date = field(default_factory=dt.date.today)
    max_hours: float | None = None
    max_cost: float | None = None
    include: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Changes:
    """What a change touched, so views refresh only what they must (Anki's OpChanges).

    Attributes:
        profile: the profile whose rows changed, under its name after the change; None if it is gone.
        profiles: the list of profiles changed (created, renamed, deleted, restored).
        plan: the plan depends on the change (a note does not).
    """

    profile: str | None = None
    profiles: bool = False
    plan: bool = True


def neighbour(gone: str, listed: list[str], names: list[str]) -> str | None:
    """The profile to show once ``gone`` has left the list: the first still in ``names`` after it in ``listed`` (the
    list before), else the nearest before it; the first of ``names`` if ``listed`` did not have it."""
    left = set(names)
    if gone in listed:
        at = listed.index(gone)
        for name in [*listed[at + 1:], *reversed(listed[:at])]:
            if name in left:
                return name
    return names[0] if names else None


class Session(QObject):
    """One open database and what the window shows of it.

    Attributes:
        store: the Store; it belongs to the GUI thread (its sqlite connection is not shared with workers).
        undo_stack: every change to a profile, undoable with Ctrl+Z.
        options: the current profile's what-if options (each profile keeps its own while the app runs).

    Signals:
        current_changed(str): another profile is shown ("" when there is none).
        changed(object): a Changes after an edit, an undo or a redo.
        options_changed(): the what-if options changed.
        failed(str): an undo or redo the Store refused, as a message for the user.
        day_changed(): the date changed while the app was open (:meth:`follow_day`); the options follow it.
    """

    current_changed = Signal(str)
    changed = Signal(object)
    options_changed = Signal()
    failed = Signal(str)
    day_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.store = store
        #: The day it is: what plans start from, and what a baseline is dated (a test moves it).
        self.today = today
        self.undo_stack = QUndoStack(self)
        self._day = today()  # the day the options and views were last brought to (follow_day)
        self.options = PlanOptions(start=self._day)
        # The profile's own pace and start as the options last followed them: an option that differs from its own
        # was asked for this session only, and is kept when the profile changes or is shown again
        self._own: tuple[float, dt.date] = (self.options.hours_per_week, self.options.start)
        self._current: str | None = None
        self._current_id: int | None = None
        # The what-ifs of the profiles shown before, by profile id, not name: a deleted profile that Undo brings
        # back keeps its id and gets them back, while a new profile of an old name starts afresh (SQLite's
        # AUTOINCREMENT never reuses an id).
        self._asked: dict[int, tuple[PlanOptions, tuple[float, dt.date]]] = {}  # with the _own they followed
        self._listed: list[str] = []  # the names as last read: where a profile deleted since stood in the list

    # ------------------------------------------------------------ catalog and profiles

    @property
    def catalog(self) -> Catalog:
        return self.store.load_catalog()

    def profile_names(self) -> list[str]:
        return list(self._read_ids())

    def _read_ids(self) -> dict[str, int]:
        """Name -> id of every profile, in the list's order."""
        ids = {name: pid for pid, name in self.store.list_profile_ids()}
        self._listed = list(ids)
        return ids

    @property
    def current(self) -> str | None:
        return self._current

    def set_current(self, name: str | None, *, renamed: bool = False) -> None:
        """Show another profile, with the what-ifs it had when last shown; an unknown name shows none.

        ``renamed``: ``name`` is the profile shown so far under its new name, which keeps its what-ifs.
        """
        ids = self._read_ids()
        if name is not None and name not in ids:
            name = None
        if name == self._current:
            return
        if self._current_id is not None and not renamed:
            self._asked[self._current_id] = (self.options, self._own)
        self._current = name
        self._current_id = ids[name] if name is not None else None
        if not renamed:
            asked = self._asked.get(self._current_id) if name is not None else None
            if asked is not None:
                self.options, self._own = asked
            else:
                # (the pace and start are followed below; PlanOptions() would date a plan by the system's clock)
                self.options = PlanOptions()
                self._own = (self.options.hours_per_week, self.options.start)
        self._follow_profile()
        self.current_changed.emit(name or "")

    def profile(self) -> Profile | None:
        if self._current is None:
            return None
        try:
            return self.store.get_profile(self._current)
        except ProfileNotFound:
            return None

    def person(self) -> Person:
        if self._current is None:
            return Person()
        return self.store.person(self._current, today=self.today())  # what has expired by the session's day

    def target(self) -> str | None:
        """The current profile's target role: its most recent one that the catalog still has."""
        profile = self.profile()
        if profile is None:
            return None
        roles = self.catalog.roles
        return next((r for r in profile.targets if r in roles), None)

    def plan_request(self, role: str) -> PlanRequest:
        profile = self.profile()
        done = profile.done if profile else frozenset()
        return PlanRequest(
            role=role,
            objective=self.options.objective,
            exclude=frozenset(c for c in profile.exclude - done if c in self.catalog.credentials)
            if profile else frozenset(),
            exclude_providers=profile.exclude_providers if profile else frozenset(),
            include=frozenset(c for c in self.options.include if c not in done),
            max_hours=self.options.max_hours,
            max_cost=self.options.max_cost,
            time_limit=5.0,
        )

    # ------------------------------------------------------------ changes

    def _follow_profile(self) -> None:
        """Take the current profile's pace and start into the options, quietly: the signal that follows re-plans.

        A pace or start asked for this session only (it differs from the profile's own as last followed) stays;
        such a start once passed is today, as the profile's own would be.
        """
        profile = self.profile()
        today = self.today()
        own = (profile.pace, profile.start(today)) if profile is not None else (DEFAULT_HOURS_PER_WEEK, today)
        pace, start = own
        if self.options.hours_per_week != self._own[0]:
            pace = self.options.hours_per_week
        if self.options.start != self._own[1]:
            start = max(self.options.start, today)
        self._own = own
        self.options = replace(self.options, hours_per_week=pace, start=start)

    def follow_day(self) -> bool:
        """Whether the date has changed since the options were last brought to it (the app left open overnight, a
        laptop woken from sleep); if so, the options follow it and ``day_changed`` is emitted.

        The profile's own start follows the day as :meth:`_follow_profile` has it. A start asked for this session
        only (a read-only database) stays, unless it has now passed: once it has, plans start today. The other
        what-ifs are questions the user asked, and stay as they are.
        """
        today = self.today()
        if today == self._day:
            return False
        self._day = today
        self._follow_profile()
        self.day_changed.emit()
        return True

    def asks_what_if(self, profile: Profile, hours_per_week: float, start: dt.date, request: PlanRequest) -> bool:
        """Whether a plan made with these differs on purpose from the profile's own plan: another objective, a
        cap, a required credential, or a pace or start that is not the profile's (kept for the session only, as
        on a read-only database). The profile's own plan is the one its baselines are about."""
        # as of the day the options were brought to: a plan made just before midnight is no what-if just after
        return asks_what_if(request, hours_per_week, start, profile.pace, profile.start(self._day))

    def set_options(self, **changes: Any) -> None:
        new = replace(self.options, **changes)
        if new != self.options:
            self.options = new
            self.options_changed.emit()

    def notify(self, changes: Changes) -> str | None:
        """Called by undo commands after every storage call: follow the change, then tell the views.

        Returns the profile that was on show where the window switched from it to the profile changed (an undo
        of another client's change), for the status bar to say so; None otherwise.
        """
        switched_from = None
        listed = self._listed  # read before the change
        names = self.profile_names()
        if changes.profile is not None and changes.profile != self._current:
            # The profile shown is gone and the change names another: it was renamed (or its rename undone).
            gone = self._current is not None and self._current not in names
            shown = self._current
            self.set_current(changes.profile, renamed=gone)
            if not gone and self._current == changes.profile:
                switched_from = shown
        elif self._current is not None and self._current not in names:
            # deleted: show the next one down the list (the one above, at the end), where the coach's eye is
            self.set_current(neighbour(self._current, listed, names))
        else:
            self._follow_profile()  # the change (or its undo) may have been to the pace or the start
        self.changed.emit(changes)
        return switched_from
