"""The review of earned badges before they are imported: each badge, what it matched and why, and a checkbox to
confirm each fuzzy match. Only "imported" badges and the confirmed ones are stored."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.model import Catalog
from careerpath.importers.badges import OUTCOMES, BadgeMatch
from careerpath.ui.screen_fit import fit_to_screen

COLUMNS = ("Import", "Badge", "Issuer", "Outcome", "Matched to", "Why", "File")
#: Outcome -> (words shown, mark, colour): shape and words as well as hue (Okabe-Ito, dark enough for text).
OUTCOME_LOOK = {
    "imported": ("will be imported", "✓", "#009E73"),
    "needs-confirmation": ("needs your confirmation", "?", "#B07800"),
    "not-matched": ("not matched", "–", "#555555"),
    "expired": ("expired: not counted", "✕", "#B3261E"),
    "revoked": ("revoked: not counted", "⊘", "#B3261E"),
    "future-date": ("issued in the future: not counted", "»", "#B3261E"),
    "undated": ("no issue date: not counted", "∅", "#B07800"),
    "unreadable": ("cannot be read", "⚠", "#B3261E"),
    "url-only": ("only a link: not fetched", "↗", "#555555"),
}
MatchRole = Qt.ItemDataRole.UserRole


class BadgeReviewDialog(QDialog):
    """One row per badge; fuzzy matches ("needs-confirmation") have a checkbox, unchecked until the user agrees.

    Attributes:
        table: the badges; ``confirmed()`` gives the matches to apply.
    """

    def __init__(self, matches: list[BadgeMatch], catalog: Catalog, profile: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.matches = list(matches)
        self.setWindowTitle(f"Import badges into “{profile}”")
        self.setAccessibleName("Badge review")
        counts = [f"{n} {OUTCOME_LOOK[o][0]}" for o in OUTCOMES if (n := sum(m.outcome == o for m in matches))]
        intro = QLabel(f"{len(matches)} badge(s) read for <b>{html.escape(profile)}</b>: "
                       f"{'; '.join(counts) or 'none'}.<br>"
                       "Tick the fuzzy matches that are right. Badges are never fetched from the web; expired and "
                       "revoked ones, and those with no issue date or one in the future, are listed but not "
                       "counted.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(matches), len(COLUMNS), self)
        self.table.setAccessibleName("Badges")
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, the arrows move within it
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        for row, match in enumerate(matches):
            self._fill(row, match, catalog)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setMaximumSectionSize(300)
        self.table.itemChanged.connect(self.on_item_changed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton("")
        self.apply_button.setDefault(True)
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.buttons)
        fit_to_screen(self, 1100, 480)
        self._update_button()

    def _fill(self, row: int, match: BadgeMatch, catalog: Catalog) -> None:
        badge = match.badge
        words, mark, colour = OUTCOME_LOOK.get(match.outcome, (match.outcome, "", "#555555"))
        check = QTableWidgetItem()
        check.setData(MatchRole, match)
        if match.outcome == "needs-confirmation":
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setToolTip("Tick if this badge is the credential shown")
        else:
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setText("✓" if match.counted else "")
        target = ""
        if match.credential is not None:
            cred = catalog.credentials.get(match.credential)
            target = cred.name if cred else match.credential
        elif match.skills:
            target = "skills: " + ", ".join(catalog.skills[s].name if s in catalog.skills else s for s in match.skills)
        why = match.reason or "; ".join(str(p.detail) for p in badge.problems)
        where = Path(badge.source).name + (f" [{badge.index}]" if badge.index is not None else "")
        cells = [check, QTableWidgetItem(badge.name or "(no name)"), QTableWidgetItem(badge.issuer or ""),
                 QTableWidgetItem(f"{mark} {words}"), QTableWidgetItem(target), QTableWidgetItem(why),
                 QTableWidgetItem(where)]
        cells[3].setForeground(QColor(colour))
        for col, item in enumerate(cells):
            if col:
                item.setToolTip(item.text())
            self.table.setItem(row, col, item)
        if badge.notes:  # what was read leniently or ignored (an unreadable date), as the command line prints it
            cells[5].setToolTip("\n".join([why, *(f"Note: {n}" for n in badge.notes)]))
        cells[6].setToolTip(badge.label)  # the whole path

    def confirmed(self) -> list[BadgeMatch]:
        """The matches to apply: every one as matched, with the ticked fuzzy ones now "imported"."""
        out = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            match: BadgeMatch = item.data(MatchRole)
            ticked = match.outcome == "needs-confirmation" and item.checkState() == Qt.CheckState.Checked
            out.append(match.confirmed() if ticked else match)
        return out

    def set_confirmed(self, row: int, yes: bool = True) -> None:
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if yes else Qt.CheckState.Unchecked)

    @Slot(QTableWidgetItem)
    def on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._update_button()

    def _update_button(self) -> None:
        n = sum(m.counted for m in self.confirmed())
        self.apply_button.setText(f"&Import {n} badge{'s' if n != 1 else ''}")
        self.apply_button.setEnabled(n > 0)
