"""Renewals: "expires in N days" / "expired N days ago" for a profile's completed credentials that expire.

A credential with ``valid_years`` stops counting as done that long after its completion date (the Store leaves
it out of ``person()``, so a plan shows its renewal as a step); here is what the profile panel says about it.
Hooking the list into the profile panel::

    renewals = RenewalList()
    renewals.set_profile(catalog, profile)          # whenever the panel shows a profile
    renewals.renew_requested.connect(lambda cid: ...)  # e.g. ask the new completion date, then set_progress
    text = renewal_texts(catalog, profile).get(cid)    # or just the words, e.g. for the credentials table
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from careerpath.graph.model import Catalog
from careerpath.graph.renewal import days_left, expires_on
from careerpath.storage import Profile
from careerpath.ui.text import date_text

#: Within this many days an expiry is "due soon" (amber); the usual renewal window of certification bodies.
SOON_DAYS = 90
#: Shape as well as hue (never colour alone): expired, due soon, valid.
MARKS = {"expired": "✕", "soon": "◐", "valid": "✓"}
COLOURS = {"expired": "#B3261E", "soon": "#B07800", "valid": "#00664A"}
IdRole = Qt.ItemDataRole.UserRole


def expiry_text(days: int) -> str:
    """``expires in 12 days``, ``expires tomorrow``, ``expired today``, ``expired 3 days ago``.

    A credential stops counting on its expiry day itself (``days == 0``), as
    :func:`careerpath.graph.renewal.is_expired` has it.
    """
    if days > 1:
        return f"expires in {days:,} days"
    if days == 1:
        return "expires tomorrow"
    if days == 0:
        return "expired today"
    return "expired yesterday" if days == -1 else f"expired {-days:,} days ago"


@dataclass(frozen=True)
class Renewal:
    """One completed credential that expires."""

    credential: str
    name: str
    completed: dt.date
    expires: dt.date
    days_left: int  # negative once expired; 0 on the day it expires

    @property
    def state(self) -> str:
        """``expired``, ``soon`` (within :data:`SOON_DAYS`) or ``valid``."""
        if self.days_left <= 0:
            return "expired"
        return "soon" if self.days_left <= SOON_DAYS else "valid"

    @property
    def text(self) -> str:
        return expiry_text(self.days_left)

    def describe(self) -> str:
        """``AWS Cloud Practitioner: expired 12 days ago (3 Mar 2025): renew it to count it again``."""
        when = date_text(self.expires)
        tail = "; renew it to count it again" if self.state == "expired" else ""
        return f"{self.name}: {self.text} ({when}){tail}"


def renewals(catalog: Catalog, profile: Profile | None, today: dt.date | None = None) -> list[Renewal]:
    """The profile's completed credentials that expire, the most urgent first (expired ones before the rest)."""
    if profile is None:
        return []
    today = today or dt.date.today()
    out = []
    for cid, entry in profile.progress.items():
        cred = catalog.credentials.get(cid)
        if entry.status != "completed" or not entry.date or cred is None or cred.valid_years is None:
            continue
        completed = dt.date.fromisoformat(entry.date)
        end, left = expires_on(cred, completed), days_left(cred, completed, today)
        if end is None or left is None:
            continue  # not before 31 December 9999: it never expires
        out.append(Renewal(cid, cred.name, completed, end, left))
    return sorted(out, key=lambda r: (r.days_left, r.name.lower()))


def renewal_texts(catalog: Catalog, profile: Profile | None, today: dt.date | None = None) -> dict[str, str]:
    """credential id -> "expires in N days" / "expired N days ago", for the completed credentials that expire."""
    return {r.credential: r.text for r in renewals(catalog, profile, today)}


class RenewalList(QWidget):
    """The renewals of one profile, most urgent first; double-click (or Enter) asks to renew one.

    Signals:
        renew_requested(str): the credential id the user wants to record as renewed.
    """

    renew_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._today = today
        self.setAccessibleName("Renewals")
        self.title = QLabel("Renewals")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Renewals")
        self.list.setWordWrap(True)  # a narrow dock: wrap rather than cut the dates off
        self.list.itemActivated.connect(self.on_activated)
        self.empty = QLabel("No completed credential expires.")
        self.empty.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.empty)
        self.items: list[Renewal] = []
        self.set_profile(Catalog(), None)

    def set_profile(self, catalog: Catalog, profile: Profile | None) -> None:
        self.items = renewals(catalog, profile, self._today())
        self.list.clear()
        for r in self.items:
            item = QListWidgetItem(f"{MARKS[r.state]} {r.describe()}")
            item.setData(IdRole, r.credential)
            item.setForeground(QColor(COLOURS[r.state]))
            # the expiry day as the entry names it: the first day it no longer counts ("valid until" it read as
            # still valid on it)
            expired = r.state == "expired"
            item.setToolTip(f"Completed {date_text(r.completed)}; {'expired' if expired else 'expires'} on "
                            f"{date_text(r.expires)}. "
                            + ("Plans count it as not done, so its renewal is a step." if expired
                               else "Double-click to record a renewal."))
            self.list.addItem(item)
        expired = sum(r.state == "expired" for r in self.items)
        soon = sum(r.state == "soon" for r in self.items)
        parts = [f"{expired} expired"] * bool(expired) + [f"{soon} due within {SOON_DAYS} days"] * bool(soon)
        self.title.setText("Renewals" + (f": {', '.join(parts)}" if parts else ""))
        self.list.setVisible(bool(self.items))
        self.empty.setVisible(not self.items)

    @Slot(QListWidgetItem)
    def on_activated(self, item: QListWidgetItem) -> None:
        self.renew_requested.emit(item.data(IdRole))
