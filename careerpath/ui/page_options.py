"""The page size and PNG resolution of an export, asked the same way by Export plan… and Export portfolio….

Both files are written by the functions behind ``careerpath export`` and ``careerpath portfolio``; the boxes start
at those commands' defaults (``--page a4``, ``--dpi 150``), so a file saved without touching them is the one the
command writes without the options.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout

from careerpath.ui.boxes import WholeBox
from careerpath.ui.settings import UiSettings

#: The page sizes, by the ids the export functions and ``--page`` take.
PAGE_SIZES: dict[str, str] = {"a4": "A4", "letter": "Letter"}
DEFAULT_PAGE = "a4"
DEFAULT_DPI = 150
DPI_RANGE = (72, 600)  # screen to print resolution; the command line takes 30 to 1200


class PageOptions:
    """A "Page" box and a "Resolution" box, for a dialog's form.

    Attributes:
        page: the page sizes (their ids under the item data), each named with ``orientation``.
        dpi: the resolution of a PNG.
    """

    def __init__(self, orientation: str) -> None:
        self.page = QComboBox()
        self.page.setAccessibleName("Page size")
        for key, name in PAGE_SIZES.items():
            self.page.addItem(f"{name}, {orientation}", key)
        self.dpi = WholeBox()
        self.dpi.setAccessibleName("Resolution")
        self.dpi.setRange(*DPI_RANGE)
        self.dpi.setValue(DEFAULT_DPI)
        self.dpi.setSuffix(" dpi")

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow("&Page", self.page)
        form.addRow("&Resolution", self.dpi)

    def enable_for(self, fmt: str, *, paged: bool) -> None:
        """Only the boxes that change a ``fmt`` file are enabled: a page size for a ``paged`` format, the
        resolution for a PNG."""
        self.page.setEnabled(paged)
        self.dpi.setEnabled(fmt == "png")

    def page_id(self) -> str:
        return str(self.page.currentData())

    def set_choice(self, page: str, dpi: int) -> None:
        """Show ``page`` and ``dpi``; a page size not offered keeps the one shown (a hand-edited setting)."""
        index = self.page.findData(page)
        if index >= 0:
            self.page.setCurrentIndex(index)
        self.dpi.setValue(dpi)  # clamped to the range by the box

    def restore(self, settings: UiSettings, export: str) -> None:
        """The choice last remembered for ``export``, if any."""
        remembered = settings.page_choice(export)
        if remembered is not None:
            self.set_choice(*remembered)

    def remember(self, settings: UiSettings, export: str) -> None:
        settings.remember_page_choice(export, self.page_id(), self.dpi.value())
