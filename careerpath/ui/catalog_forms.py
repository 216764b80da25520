"""The catalog editor's forms: one skill, credential or role, every field of the catalog format.

A form reads and writes the entity as a catalog file entry (a dict): :meth:`EntityForm.to_dict` keeps the keys
it does not show (unknown keys survive an edit), and :meth:`EntityForm.mark` outlines the fields that a check
refused, with the reason as their tooltip.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.errors import Problem
from careerpath.graph.model import LEVELS, SKILL_KINDS, Catalog
from careerpath.importers.common import slugify
from careerpath.ui.boxes import NumberBox
from careerpath.ui.catalog_pickers import GroupsEditor, IdListEditor, LevelsEditor
from careerpath.ui.search import SearchIndex

INVALID_STYLE = "border: 1px solid #B3261E;"  # the evidence dialogs' error red
NOT_GIVEN = "(not given)"
CURRENCIES = ("", "USD", "EUR", "GBP", "CAD", "AUD", "INR", "JPY", "CHF")
MODES = ("", "online", "in-person", "blended", "self-paced")
#: What a number box shows and takes; a stored value with more stays exact unless the user changes it (to_dict).
DECIMALS = 6


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _text_box(name: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(lines * box.fontMetrics().height() + 14)
    return box


def _combo(name: str, items: tuple[str, ...], *, editable: bool = False) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setEditable(editable)
    combo.addItems(list(items))
    return combo


def _number(name: str, suffix: str) -> NumberBox:
    spin = NumberBox()
    spin.setAccessibleName(name)
    spin.setDecimals(DECIMALS)
    spin.setRange(0, sys.float_info.max)  # the format caps neither hours nor costs (JPY, KRW, IDR prices are large)
    spin.setSuffix(suffix)  # no thousands groups shown: "2,500" typed back would be 2.5 (ui/boxes.py)
    return spin


def _optional(text: str) -> str | None:
    return text.strip() or None


def field_root(field: str) -> str:
    """``requires_any[0].count`` -> ``requires_any``: the form field a problem is about."""
    return re.split(r"[\[.]", field, maxsplit=1)[0]


class EntityForm(QWidget):
    """One entity's fields. Subclasses build ``self.fields`` (format key -> widget) and read/write them.

    Attributes:
        original: the entry loaded (None for a new entity); keys the form does not show are kept from it.
        taken: id -> whether another entity of this kind has it (for the id suggested from a new name).

    Signals:
        edited(): any field changed (not while loading).
    """

    edited = Signal()
    kind = ""
    KEYS: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original: dict[str, Any] | None = None
        self._shown: dict[str, Any] = {}  # what the fields gave right after loading
        self.taken: Callable[[str], bool] = lambda _i: False
        self.fields: dict[str, QWidget] = {}
        self._loading = False
        self._id_typed = False
        self.id = _line("Id", "a stable id, e.g. an ESCO URI or a short slug")
        self.name = _line("Name")
        self.id.textEdited.connect(self._on_id_typed)
        self.name.textChanged.connect(self._on_name_changed)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(f"{self.kind.capitalize()} fields")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)

    # ------------------------------------------------------------ building helpers

    def _page(self, title: str, rows: list[tuple[str, str, QWidget]]) -> QFormLayout:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        outer.addStretch(1)  # spare height goes below the fields, not between them
        for label, key, widget in rows:
            form.addRow(label, widget)
            if key:
                self.fields[key] = widget
                widget.setProperty("tab", self.tabs.count())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # an unnamed stop before the fields; they scroll into view
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        return form

    def _watch(self, *widgets: QWidget) -> None:
        """Emit ``edited`` when any of these changes."""
        for w in widgets:
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self._changed)
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(self._changed)
            elif isinstance(w, QComboBox):
                w.currentTextChanged.connect(self._changed)
            elif isinstance(w, QDoubleSpinBox):
                w.valueChanged.connect(self._changed)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(self._changed)
            elif isinstance(w, (IdListEditor, GroupsEditor, LevelsEditor)):
                w.edited.connect(self._changed)

    @Slot()
    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    @Slot(str)
    def _on_id_typed(self, text: str) -> None:
        self._id_typed = bool(text)

    @Slot(str)
    def _on_name_changed(self, text: str) -> None:
        if self.original is None and not self._id_typed and not self._loading:
            base = slugify(text) if text.strip() else ""
            ident, n = base, 2
            while ident and self.taken(ident):
                ident, n = f"{base}-{n}", n + 1
            self.id.setText(ident)

    # ------------------------------------------------------------ the entity

    @property
    def is_new(self) -> bool:
        return self.original is None

    def set_catalog(self, catalog: Catalog, indexes: dict[str, SearchIndex]) -> None:
        """Give the id pickers the catalog's entities to search and name."""

    def load(self, data: dict[str, Any] | None) -> None:
        """Show an entity (a catalog file entry), or empty fields for a new one."""
        self._loading = True
        try:
            self.original = dict(data) if data is not None else None
            self._id_typed = False
            self.id.setReadOnly(data is not None)  # an id is fixed once stored: others refer to it
            self.id.setToolTip("Fixed once stored: other entities and profiles refer to it" if data else "")
            self.id.setText(str((data or {}).get("id", "")))
            self.name.setText(str((data or {}).get("name", "")))
            self._fill(data or {})
            self._shown = self._read()
        finally:
            self._loading = False
        self.mark([])

    def _fill(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def _values(self) -> dict[str, Any]:
        raise NotImplementedError

    def _read(self) -> dict[str, Any]:
        return {"id": self.id.text().strip(), "name": self.name.text().strip(), **self._values()}

    def to_dict(self) -> dict[str, Any]:
        """The form as a catalog file entry; unknown keys of the entity loaded are kept, and so is the stored value
        of every field the user left as loaded."""
        original = self.original or {}
        kept = {k: v for k, v in original.items() if k not in self.KEYS}
        values = self._read()
        if self.original is not None:
            # A field shows its value rounded (a number box), trimmed or reformatted (tags): saving that would
            # change a value the user never touched.
            values = {k: original.get(k) if v == self._shown.get(k) else v for k, v in values.items()}
        return {**kept, **{k: v for k, v in values.items() if v is not None}}

    def mark(self, problems: list[Problem]) -> None:
        """Outline the fields these problems are about; their messages become the fields' tooltips."""
        by_field: dict[str, list[str]] = {}
        for p in problems:
            by_field.setdefault(field_root(p.field), []).append(p.message if p.field in ("id", "name", "")
                                                                else f"{p.field}: {p.message}")
        bad_tabs = set()
        for key, widget in self.fields.items():
            target = getattr(widget, "list", None) or getattr(widget, "table", None) or widget
            messages = by_field.get(key)
            target.setStyleSheet(INVALID_STYLE if messages else "")
            target.setToolTip("\n".join(messages) if messages else "")
            if messages:
                bad_tabs.add(widget.property("tab"))
        for i in range(self.tabs.count()):
            text = self.tabs.tabText(i).removeprefix("⚠ ")
            self.tabs.setTabText(i, f"⚠ {text}" if i in bad_tabs else text)


class SkillForm(EntityForm):
    kind = "skill"
    KEYS = ("id", "name", "kind", "description", "aliases")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.skill_kind = _combo("Kind", (NOT_GIVEN, *SKILL_KINDS))
        self.aliases = _text_box("Also called (one per line)")
        self.description = _text_box("Description", 4)
        self._page("Skill", [("&Id", "id", self.id), ("&Name", "name", self.name),
                             ("&Kind", "kind", self.skill_kind), ("&Also called", "aliases", self.aliases),
                             ("&Description", "description", self.description)])
        self._watch(self.id, self.name, self.skill_kind, self.aliases, self.description)

    def _fill(self, data: dict[str, Any]) -> None:
        self.skill_kind.setCurrentText(data.get("kind") or NOT_GIVEN)
        self.aliases.setPlainText("\n".join(data.get("aliases") or []))
        self.description.setPlainText(data.get("description") or "")

    def _values(self) -> dict[str, Any]:
        kind = self.skill_kind.currentText()
        aliases = [a.strip() for a in self.aliases.toPlainText().splitlines() if a.strip()]
        return {"kind": None if kind == NOT_GIVEN else kind, "aliases": aliases or None,
                "description": _optional(self.description.toPlainText())}


class CredentialForm(EntityForm):
    kind = "credential"
    KEYS = ("id", "name", "provider", "url", "hours", "cost", "currency", "mode", "level", "grants", "requires",
            "requires_any", "requires_skills", "valid_years", "description", "tags")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = _line("Provider", "who awards it")
        self.url = _line("Link", "https://…")
        self.hours = _number("Hours", " h")
        self.cost = _number("Cost", "")
        self.currency = _combo("Currency", CURRENCIES, editable=True)
        self.mode = _combo("Mode", MODES, editable=True)
        self.level = _combo("Level", (NOT_GIVEN, *LEVELS))
        self.expires = QCheckBox("expires after")
        self.expires.setAccessibleName("Expires")
        self.valid_years = _number("Valid for (years)", " years")
        self.valid_years.setMinimum(10 ** -DECIMALS)  # the format's "positive"
        self.valid_years.setValue(3)
        self.expires.toggled.connect(self.valid_years.setEnabled)
        self.valid_years.setEnabled(False)
        validity = QWidget()
        row = QHBoxLayout(validity)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.expires)
        row.addWidget(self.valid_years, 1)
        money = QWidget()
        row = QHBoxLayout(money)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.cost, 2)
        row.addWidget(self.currency, 1)
        self.description = _text_box("Description", 3)
        self.tags = _line("Tags", "comma-separated")
        self.grants = IdListEditor("Grants", "skill")
        self.requires_skills = IdListEditor("Requires skills", "skill")
        self.requires = IdListEditor("Requires credentials", "credential")
        self.requires_any = GroupsEditor("Requires any", "credential")
        self._page("Credential", [
            ("&Id", "id", self.id), ("&Name", "name", self.name), ("&Provider", "provider", self.provider),
            ("&Link", "url", self.url), ("&Hours", "hours", self.hours), ("&Cost", "cost", money),
            ("&Mode", "mode", self.mode), ("Le&vel", "level", self.level), ("&Validity", "valid_years", validity),
            ("&Tags", "tags", self.tags), ("&Description", "description", self.description)])
        self.fields["currency"] = self.currency
        self.currency.setProperty("tab", 0)
        self._page("Skills and prerequisites", [
            ("&Grants", "grants", self.grants), ("Requires s&kills", "requires_skills", self.requires_skills),
            ("&Requires", "requires", self.requires), ("Requires &any", "requires_any", self.requires_any)])
        self._watch(self.id, self.name, self.provider, self.url, self.hours, self.cost, self.currency, self.mode,
                    self.level, self.expires, self.valid_years, self.description, self.tags, self.grants,
                    self.requires_skills, self.requires, self.requires_any)

    def set_catalog(self, catalog: Catalog, indexes: dict[str, SearchIndex]) -> None:
        skill = lambda i: catalog.skills[i].name if i in catalog.skills else None  # noqa: E731
        cred = lambda i: catalog.credentials[i].name if i in catalog.credentials else None  # noqa: E731
        self.grants.set_index(indexes["skill"], skill)
        self.requires_skills.set_index(indexes["skill"], skill)
        self.requires.set_index(indexes["credential"], cred)
        self.requires_any.set_index(indexes["credential"], cred)

    def _fill(self, data: dict[str, Any]) -> None:
        self.provider.setText(data.get("provider") or "")
        self.url.setText(data.get("url") or "")
        self.hours.setValue(float(data.get("hours") or 0))
        self.cost.setValue(float(data.get("cost") or 0))
        self.currency.setCurrentText(data.get("currency") or "")
        self.mode.setCurrentText(data.get("mode") or "")
        self.level.setCurrentText(data.get("level") or NOT_GIVEN)
        valid = data.get("valid_years")
        self.expires.setChecked(valid is not None)
        if valid is not None:
            self.valid_years.setValue(float(valid))
        self.description.setPlainText(data.get("description") or "")
        self.tags.setText(", ".join(str(t) for t in data.get("tags") or []))
        self.grants.set_ids(data.get("grants") or [], quiet=True)
        self.requires_skills.set_ids(data.get("requires_skills") or [], quiet=True)
        self.requires.set_ids(data.get("requires") or [], quiet=True)
        self.requires_any.set_groups(data.get("requires_any") or [], quiet=True)

    def _values(self) -> dict[str, Any]:
        level = self.level.currentText()
        return {
            "provider": self.provider.text().strip(), "url": _optional(self.url.text()),
            "hours": self.hours.value(), "cost": self.cost.value(),
            "currency": _optional(self.currency.currentText().upper()), "mode": _optional(self.mode.currentText()),
            "level": None if level == NOT_GIVEN else level,
            "grants": self.grants.ids(), "requires": self.requires.ids(),
            "requires_any": self.requires_any.groups(), "requires_skills": self.requires_skills.ids(),
            "valid_years": self.valid_years.value() if self.expires.isChecked() else None,
            "description": _optional(self.description.toPlainText()),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
        }


class RoleForm(EntityForm):
    kind = "role"
    KEYS = ("id", "name", "code", "requires", "requires_any", "optional", "levels", "description")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = _line("Code", "e.g. an ESCO or O*NET-SOC code")
        self.description = _text_box("Description", 4)
        self.requires = IdListEditor("Requires", "skill")
        self.requires_any = GroupsEditor("Requires any", "skill")
        self.optional = IdListEditor("Nice to have", "skill")
        self.levels = LevelsEditor()
        self._page("Role", [("&Id", "id", self.id), ("&Name", "name", self.name), ("&Code", "code", self.code),
                            ("&Description", "description", self.description)])
        self._page("Skills", [("&Requires", "requires", self.requires),
                              ("Requires &any", "requires_any", self.requires_any),
                              ("Nice to &have", "optional", self.optional), ("&Levels", "levels", self.levels)])
        self._watch(self.id, self.name, self.code, self.description, self.requires, self.requires_any, self.optional,
                    self.levels)

    def set_catalog(self, catalog: Catalog, indexes: dict[str, SearchIndex]) -> None:
        skill = lambda i: catalog.skills[i].name if i in catalog.skills else None  # noqa: E731
        for picker in (self.requires, self.requires_any, self.optional, self.levels):
            picker.set_index(indexes["skill"], skill)

    def _fill(self, data: dict[str, Any]) -> None:
        self.code.setText(str(data.get("code") or ""))
        self.description.setPlainText(data.get("description") or "")
        self.requires.set_ids(data.get("requires") or [], quiet=True)
        self.requires_any.set_groups(data.get("requires_any") or [], quiet=True)
        self.optional.set_ids(data.get("optional") or [], quiet=True)
        self.levels.set_levels(dict(data.get("levels") or {}), quiet=True)

    def _values(self) -> dict[str, Any]:
        return {
            "code": _optional(self.code.text()), "requires": self.requires.ids(),
            "requires_any": self.requires_any.groups(), "optional": self.optional.ids(),
            "levels": self.levels.levels() or None, "description": _optional(self.description.toPlainText()),
        }
