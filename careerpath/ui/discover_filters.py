"""The filters of the "Where can I go?" view (discover_view.py): objective, top K, caps, group, shared skills and
excluded providers, and what they ask of discover().

The providers field starts as the profile's exclusions and follows their later changes (the main window's
"Exclude provider", an undo) by difference, so what the user typed into it stays.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from careerpath.graph.discover import Filters
from careerpath.graph.errors import CareerpathError
from careerpath.graph.formatting import OBJECTIVE_WORDS
from careerpath.graph.model import Catalog
from careerpath.ui.boxes import WholeBox
from careerpath.ui.discover_model import parse_providers
from careerpath.ui.whatif import CapBox

ANY = -1  # the value of a Max hours / Max cost field that shows "any": no cap
OBJECTIVES = tuple((words.capitalize(), key) for key, words in OBJECTIVE_WORDS.items())


class DiscoverFilters(QWidget):
    """The filter controls in their grid; the view reads them through :meth:`filters` and :meth:`providers_wanted`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.known_providers: dict[str, str] = {}  # casefolded -> the catalog's spelling
        self._profile_providers: set[str] = set()  # the profile's exclusions as last put into the field
        self.objective = QComboBox(self)
        self.objective.setAccessibleName("Objective")
        for label, key in OBJECTIVES:
            self.objective.addItem(label, key)
        self.top = _spin(WholeBox(self), "How many roles", 1, 1000, 20)
        # "any" is a step below 0, so that 0 itself can be asked for: roles reachable now, or free ones
        self.max_hours = _spin(CapBox(self), "Maximum hours", ANY, 100_000, ANY, suffix=" h")
        self.max_hours.setToolTip("Only roles whose plan takes at most this many hours (any: no limit; 0 h: only "
                                  "roles whose plan takes no time)")
        self.max_cost = _spin(CapBox(self), "Maximum cost", ANY, 1_000_000, ANY)
        self.max_cost.setToolTip("Only roles whose plan costs at most this much (any: no limit; 0: free roles only)")
        self.group = QLineEdit(self)
        self.group.setAccessibleName("Occupation group or sector")
        self.group.setPlaceholderText("ISCO / O*NET-SOC code prefix, or a sector")
        self.group.setClearButtonEnabled(True)
        self.min_shared = _spin(WholeBox(self), "Skills shared with the current role, at least", 0, 200, 0)
        self.providers = QLineEdit(self)
        self.providers.setAccessibleName("Excluded providers")
        self.providers.setPlaceholderText("providers to leave out, separated by commas")
        self.providers.setClearButtonEnabled(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (text, widget) in enumerate((("&Objective", self.objective), ("T&op", self.top),
                                            ("Max &hours", self.max_hours), ("Max c&ost", self.max_cost))):
            grid.addWidget(_label(text, widget), 0, 2 * n)
            grid.addWidget(widget, 0, 2 * n + 1)
        grid.addWidget(_label("&Group / sector", self.group), 1, 0)
        grid.addWidget(self.group, 1, 1, 1, 3)
        grid.addWidget(_label("&Shared skills ≥", self.min_shared), 1, 4)
        grid.addWidget(self.min_shared, 1, 5)
        grid.addWidget(_label("E&xclude providers", self.providers), 2, 0)
        grid.addWidget(self.providers, 2, 1, 1, 7)

    def set_catalog(self, catalog: Catalog) -> None:
        sectors = sorted({str(r.extra["sector"]) for r in catalog.roles.values() if r.extra.get("sector")})
        completer = QCompleter(sectors, self.group)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.group.setCompleter(completer)
        self.known_providers = {c.provider.casefold(): c.provider for c in catalog.credentials.values()
                                if c.provider}

    def known(self, providers: set[str]) -> set[str]:
        """The providers the catalog has: an exclusion of one it no longer has is moot."""
        return providers & set(self.known_providers.values())

    def show_profile(self, excluded: set[str], objective: str, current_role: str | None) -> None:
        """Another profile: its exclusions fill the providers field, the main window's objective is chosen."""
        self._profile_providers = self.known(excluded)
        self.providers.setText(", ".join(sorted(self._profile_providers)))
        self.set_objective(objective)
        self.min_shared.setEnabled(current_role is not None)
        self.min_shared.setToolTip(f"Only roles sharing at least this many skills with {current_role}"
                                   if current_role else "The profile has no current role to compare with")

    def set_objective(self, objective: str) -> None:
        self.objective.setCurrentIndex(max(0, self.objective.findData(objective)))

    def follow_profile(self, excluded: set[str]) -> None:
        """The profile now excludes these providers: the field takes the difference, keeping what the user typed
        into it, so that the next search plans as the main window does."""
        now = self.known(excluded)
        before, self._profile_providers = self._profile_providers, now
        if now == before:
            return
        typed, unknown = parse_providers(self.providers.text(), self.known_providers)
        wanted = (set(typed) - (before - now)) | (now - before)
        self.providers.setText(", ".join([*sorted(wanted), *unknown]))

    def providers_wanted(self) -> frozenset[str]:
        """The providers to leave out, in the catalog's spelling. Raises CareerpathError on a name it lacks."""
        wanted, unknown = parse_providers(self.providers.text(), self.known_providers)
        if unknown:
            raise CareerpathError(f"No credential in the catalog comes from {', '.join(unknown)}: check the "
                                  "excluded providers.")
        return frozenset(wanted)

    def filters(self, current_role: str | None) -> Filters:
        return Filters(max_hours=_cap(self.max_hours), max_cost=_cap(self.max_cost),
                       group=self.group.text().strip() or None, current_role=current_role,
                       min_shared=self.min_shared.value() if self.min_shared.isEnabled() else 0)


def _spin(box: QSpinBox | QDoubleSpinBox, name: str, lo: float, hi: float, value: float, *,
          suffix: str = "") -> Any:
    box.setAccessibleName(name)
    box.setRange(lo, hi)  # type: ignore[arg-type]
    box.setValue(value)  # type: ignore[arg-type]
    if suffix:
        box.setSuffix(suffix)
    if lo == ANY:
        box.setSpecialValueText("any")
    if isinstance(box, QDoubleSpinBox):
        box.setDecimals(0)
    return box


def _cap(box: QDoubleSpinBox) -> float | None:
    return None if box.value() == ANY else box.value()


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
