"""The plan's totals as cards (hours, cost, credentials, finish), and under the finish date whether the person is on
track: that date against the one the plan had when first seen (the profile's baseline for the role)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from careerpath.graph.on_track import Track


class SteadyLabel(QLabel):
    """A label at least as wide as the widest of some sample texts, in whatever font it has now.

    The totals' cards change their text at every re-plan ("–", "$294", "$1,294"); at their own widths the cards and
    the alternatives beside them flowed onto one row or two by turns, and the chart below jumped by a row's height.
    """

    def __init__(self, text: str, samples: tuple[str, ...]) -> None:
        super().__init__(text)
        self._samples = samples

    def steady_width(self) -> int:
        margins = self.contentsMargins()
        return max(self.fontMetrics().horizontalAdvance(s) for s in self._samples) + margins.left() + margins.right()

    def _steady(self, size: QSize) -> QSize:
        return QSize(max(size.width(), self.steady_width()), size.height())

    def sizeHint(self) -> QSize:
        return self._steady(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._steady(super().minimumSizeHint())


#: What the totals' cards usually show at their widest, so that their width holds from one plan to the next.
_STAT_SAMPLES = {"hours": ("8,888 h",), "cost": ("$8,888.88",), "count": ("888",), "finish": ("30 Sep 2088",)}
_CAPTION_SAMPLES = {"finish": ("Finish at 88 h/week",)}
#: The on-track line at its widest, in its two rows: the card is that wide whether the line says anything or not.
_TRACK_SAMPLES = ("✓ 88 weeks earlier than planned",)
_SINCE_SAMPLE, _ON_SAMPLE = "with the plan of 30 Sep 2088", "on 30 Sep 2088"  # (the latter with the button)
MARKS = {"on-track": "✓", "earlier": "✓", "later": "⚠"}


def stat_card(title: str, name: str, key: str = "") -> tuple[QFrame, QLabel, QLabel]:
    box = QFrame()
    box.setObjectName("statCard")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(12, 6, 12, 6)
    lay.setSpacing(0)
    caption = SteadyLabel(title, _CAPTION_SAMPLES.get(key, (title,)))
    caption.setObjectName("statCaption")
    value = SteadyLabel("–", _STAT_SAMPLES.get(key, ("–",)))
    value.setObjectName("statValue")
    value.setAccessibleName(name)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                  | Qt.TextInteractionFlag.TextSelectableByMouse)
    lay.addWidget(caption)
    lay.addWidget(value)
    lay.addStretch(1)  # a card made taller by the finish card's line keeps its text together at the top
    return box, caption, value


class TrackLine(QWidget):
    """Under the finish date, in two rows: "✓ On track / with the plan of 10 Feb 2027", or "⚠ 6 weeks later than
    planned / on 10 Feb 2027  Make this the plan" (the button accepts the new date); the tooltip tells the whole
    story (both dates, both paces).

    It keeps its size when it says nothing (a plan under a what-if, a profile without a baseline) and whatever
    it says, so the cards keep their size, and the alternatives and the chart their place, from one plan to the
    next. A mark and the words say how it stands; the colour only repeats it.

    Signals:
        accept_requested(): make the finish date on show the plan.
    """

    accept_requested = Signal()

    def __init__(self, card: QFrame) -> None:
        super().__init__(card)
        self.track: Track | None = None
        self.label = SteadyLabel("", _TRACK_SAMPLES)
        self.label.setObjectName("trackLine")
        self.label.setAccessibleName("On track")
        self.since = QLabel("")
        self.since.setObjectName("trackSince")
        for label in (self.label, self.since):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.accept = QPushButton("Make this the plan")
        self.accept.setObjectName("trackAccept")
        self.accept.setCursor(Qt.CursorShape.PointingHandCursor)
        self.accept.setAccessibleName("Make this the plan")
        self.accept.clicked.connect(self.accept_requested)
        self.since.setMinimumHeight(self.accept.sizeHint().height())  # the row is as tall without the button
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(self.since)
        second.addWidget(self.accept)
        second.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.label)
        lay.addLayout(second)
        card.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        card.customContextMenuRequested.connect(self.on_context_menu)
        self.show_track(None)

    def _steady(self, size: QSize) -> QSize:
        # the second row at its widest: the plan's date alone, or a date and the button side by side
        metrics = self.since.fontMetrics()
        widest = max(self.label.steady_width(), metrics.horizontalAdvance(_SINCE_SAMPLE),
                     metrics.horizontalAdvance(_ON_SAMPLE) + 6 + self.accept.sizeHint().width())
        return QSize(max(size.width(), widest), size.height())

    def sizeHint(self) -> QSize:
        return self._steady(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._steady(super().minimumSizeHint())

    def text(self) -> str:
        """What the line says, its two rows as shown ("" when it says nothing)."""
        return "\n".join(t for t in (self.label.text(), self.since.text()) if t)

    def show_track(self, track: Track | None, finish: str = "", role: str = "", *, read_only: bool = False) -> None:
        """Say how ``track`` stands (None: nothing to say); ``finish`` and ``role`` name what "Make this the
        plan" accepts. ``read_only``: nothing can be accepted (presentation mode, a read-only database)."""
        self.track = track
        if track is None:
            self.label.setText("")
            self.since.setText("")
        else:
            head = track.head
            self.label.setText(f"{MARKS[track.state]} {head[:1].upper()}{head[1:]}")
            self.since.setText(f"with the plan of {track.seen}" if track.state == "on-track" else f"on {track.seen}")
            self.label.setProperty("state", track.state)
            self.label.style().unpolish(self.label)
            self.label.style().polish(self.label)
        for label in (self.label, self.since):
            label.setToolTip(track.story if track else "")
        self.label.setAccessibleDescription(f"{track.line}. {track.story}" if track else "")
        offer = track is not None and track.state != "on-track" and not read_only
        self.accept.setToolTip(f"Accept {finish} as the plan for {role}: later plans are measured against it "
                               "(Ctrl+Z undoes)" if offer else "")
        self.accept.setVisible(offer)

    def menu(self) -> QMenu | None:
        """The Finish card's context menu (also what the tests trigger); None when there is nothing to accept."""
        if self.accept.isHidden():
            return None
        menu = QMenu(self.parentWidget())
        menu.setAccessibleName("Actions for the finish date")
        menu.addAction("Make this the plan", self.accept_requested.emit)
        return menu

    @Slot(QPoint)
    def on_context_menu(self, pos: QPoint) -> None:
        menu = self.menu()
        if menu is not None:
            menu.exec(self.parentWidget().mapToGlobal(pos))
