"""First start: create a profile (name, optionally a current role and a target) or open the demo profile."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careerpath.graph.model import Catalog
from careerpath.ui.search import SearchField, SearchIndex


class SkillChecklist(QListWidget):
    """A list of checkable skills whose type-ahead goes on over a space, as in a file manager.

    Space ticks or unticks the current item; within a phrase typed to find one ("patient care") it is part of the
    phrase instead, so a phrase typed here unticks nothing unseen.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typing = QElapsedTimer()  # since the last character typed ahead

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        within_phrase = (self._typing.isValid()
                         and not self._typing.hasExpired(QApplication.keyboardInputInterval()))
        if event.key() == Qt.Key.Key_Space and plain and within_phrase:
            self.keyboardSearch(" ")
            self._typing.restart()
            event.accept()
            return
        super().keyPressEvent(event)
        if plain and event.text().strip() and event.text().isprintable():
            self._typing.start()
        elif event.key() != Qt.Key.Key_Shift:
            self._typing.invalidate()


class ProfileForm(QWidget):
    """Name, "I currently work as" (whose required skills are then held, each removable) and a target."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.role_id: str | None = None
        self.target_id: str | None = None
        # every field is given its parent here, in the order of the form: the focus (Tab, and the first field
        # with the cursor) follows the order children were parented in, not the layout's
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Profile name")
        self.name.setPlaceholderText("Your name, or your client's")
        self.name.setMaxLength(200)
        roles = SearchIndex.roles(catalog)
        self.role = SearchField("I currently work as", "Search roles by name, code or skill (optional)", self)
        self.role.set_index(roles)
        self.role.picked.connect(self.on_role_picked)
        self.role.textEdited.connect(self.on_role_text_edited)
        self.target = SearchField("Target role", "The role you want (optional)", self)
        self.target.set_index(roles)
        self.target.picked.connect(self.on_target_picked)
        self.target.textEdited.connect(self.on_target_text_edited)
        # the current role's skills come after the target, on screen and for Tab: between the two fields, the
        # list appeared on a pick and took the Tab, and the target typed next went into it
        self.skills = SkillChecklist(self)
        self.skills.setAccessibleName("Skills from current role")
        self.skills.setToolTip("These skills count as held; untick any you do not have")
        self.skills.setMinimumHeight(90)
        self.skills_label = QLabel("Skills you hold from your current role (untick any you do not have):")
        self.skills_label.setWordWrap(True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Name", self.name)
        form.addRow("I currently &work as", self.role)
        form.addRow("I want to &become", self.target)
        form.addRow(self.skills_label)
        form.addRow(self.skills)
        self._show_skills()

    @Slot(str)
    def on_role_picked(self, role_id: str) -> None:
        self.role_id = role_id
        self.role.setText(self.catalog.roles[role_id].name)
        self._show_skills()

    @Slot(str)
    def on_role_text_edited(self, text: str) -> None:
        if not text.strip() and self.role_id is not None:
            self.role_id = None
            self._show_skills()

    @Slot(str)
    def on_target_picked(self, role_id: str) -> None:
        self.target_id = role_id
        self.target.setText(self.catalog.roles[role_id].name)

    @Slot(str)
    def on_target_text_edited(self, text: str) -> None:
        if not text.strip():
            self.target_id = None

    def unpicked(self) -> tuple[SearchField, str] | None:
        """A role field whose text is not the role picked in it (typed, or changed after the pick), with what
        to tell the user; None when each holds a picked role or nothing.

        Guessing a role from the text would bring in skills nobody reviewed, and dropping it would lose what
        the user typed without a word: the form asks for a pick instead.
        """
        for field, role_id, label in ((self.role, self.role_id, "I currently work as"),
                                      (self.target, self.target_id, "I want to become")):
            text = field.text().strip()
            role = self.catalog.roles.get(role_id or "")
            if text and (role is None or text != role.name):
                return field, f"Pick a role from the list for “{label}”, or clear the field."
        return None

    def _show_skills(self) -> None:
        self.skills.clear()
        role = self.catalog.roles.get(self.role_id or "")
        visible = role is not None
        self.skills.setVisible(visible)
        self.skills_label.setVisible(visible)
        if role is None:
            return
        for sid in role.requires:
            skill = self.catalog.skills.get(sid)
            item = QListWidgetItem(skill.name if skill else sid)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.skills.addItem(item)

    def kept_skills(self) -> list[str] | None:
        """The current role's skills left ticked; None without a current role."""
        if self.role_id is None:
            return None
        items = (self.skills.item(i) for i in range(self.skills.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]


class WelcomePage(QWidget):
    """Shown while there is no profile.

    Signals:
        create_requested(str, object, object, object): name, current role id or None, kept skills or None,
            target role id or None.
        demo_requested(): open the demo profile.
    """

    create_requested = Signal(str, object, object, object)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form: ProfileForm | None = None
        self.card = QFrame(self)
        self.card.setObjectName("welcomeCard")
        self.card.setMaximumWidth(680)
        self.card.setMinimumWidth(600)
        title = QLabel("Welcome to careerpath")
        title.setObjectName("welcomeTitle")
        intro = QLabel("Plan the quickest or cheapest set of credentials to the role you want, then come back "
                       "to tick off your progress. Everything stays on this computer.")
        intro.setWordWrap(True)
        intro.setObjectName("welcomeIntro")
        self.create = QPushButton("Create profile")
        self.create.setAccessibleName("Create profile")
        self.create.setDefault(True)
        self.create.clicked.connect(self.on_create_clicked)
        self.demo = QPushButton("Open demo profile")
        self.demo.setAccessibleName("Open demo profile")
        self.demo.setToolTip("A made-up person part way through a plan, to look around")
        self.demo.clicked.connect(self.demo_requested)
        self.error = QLabel("")
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo)
        buttons.addStretch(1)
        buttons.addWidget(self.create)
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(32, 28, 32, 28)
        self.card_layout.setSpacing(12)
        self.card_layout.addWidget(title)
        self.card_layout.addWidget(intro)
        self.card_layout.addSpacing(8)
        self.form_slot = QVBoxLayout()
        self.card_layout.addLayout(self.form_slot)
        self.card_layout.addWidget(self.error)
        self.card_layout.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def set_catalog(self, catalog: Catalog) -> None:
        if self.form is not None:
            self.form.setParent(None)
            self.form.deleteLater()
        self.form = ProfileForm(catalog, self.card)
        self.form_slot.addWidget(self.form)
        # the form is parented after the buttons, so it came after them in the focus chain: Tab goes through
        # the form first, then the buttons as they stand, left to right
        QWidget.setTabOrder(self.form.skills, self.demo)
        QWidget.setTabOrder(self.demo, self.create)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the cursor starts in Name, as in New profile: what is typed first is the name, and a Space or Enter
        # typed at once does not press a button
        if self.form is not None and not event.spontaneous():  # not on a window restored from the task bar
            self.form.name.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The page is no dialog, so nothing took an Enter that no field used (Name's, the skills list's, or a
        # role field's that already shows its pick): it presses "Create profile", drawn as the default button,
        # as in New profile. The Enter that picks a role is used up by the field.
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.form is not None
                and self.form.isAncestorOf(self.focusWidget())):
            self.on_create_clicked()
            return
        super().keyPressEvent(event)

    def show_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}")

    @Slot()
    def on_create_clicked(self) -> None:
        if self.form is None:
            return
        name = self.form.name.text().strip()
        if not name:
            self.show_error("Type a name for the profile first.")
            self.form.name.setFocus()
            return
        unpicked = self.form.unpicked()
        if unpicked is not None:
            field, message = unpicked
            self.show_error(message)
            field.setFocus()
            return
        self.error.setText("")
        self.create_requested.emit(name, self.form.role_id, self.form.kept_skills(), self.form.target_id)


class NewProfileDialog(QDialog):
    """File > New profile: the same form as the welcome page, in a dialog."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New profile")
        self.form = ProfileForm(catalog, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create profile")
        buttons.accepted.connect(self.on_accepted)
        buttons.rejected.connect(self.reject)
        self.error = QLabel("")
        self.error.setObjectName("formError")
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(520, 420)

    @Slot()
    def on_accepted(self) -> None:
        if not self.form.name.text().strip():
            self.error.setText("⚠ Type a name for the profile first.")
            return
        unpicked = self.form.unpicked()
        if unpicked is not None:
            field, message = unpicked
            self.error.setText(f"⚠ {message}")
            field.setFocus()
            return
        self.accept()
