"""Typed access to the app's QSettings: window geometry, last profile, theme, recent targets, export folder, and
page and format choices.

QSettings hands back strings, ``None`` or the wrong container type depending on the backend (an empty list
from an ini file comes back as ``None``, a one-element list as a plain string), so every read goes through a
helper with a default. Progress and profiles live in SQLite, the study pace too (it is the person's, not the
app's: an old app-wide ``plan/hours_per_week`` is handed to the profiles once, see :meth:`legacy_pace`);
only UI state lives here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from careerpath.storage.schema import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

LEGACY_PACE_KEY = "plan/hours_per_week"

THEMES: tuple[str, ...] = ("system", "light", "dark")
MAX_RECENT = 10


class UiSettings:
    """UI state remembered between runs.

    Attributes:
        qsettings: the backing store; tests pass an ini-file QSettings in a temporary folder.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else QSettings()

    # ------------------------------------------------------------ helpers

    def _str(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return value if isinstance(value, str) else default

    def _list(self, key: str) -> list[str]:
        value = self.qsettings.value(key, [])
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value if v]

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def sync(self) -> None:
        self.qsettings.sync()

    # ------------------------------------------------------------ values

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.qsettings.setValue("window/state", value)

    def legacy_pace(self) -> float | None:
        """The app-wide pace earlier versions kept here (before each profile had its own), if any and valid."""
        value = self.qsettings.value(LEGACY_PACE_KEY)
        try:
            hours = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        # what a profile may hold; also drops NaN from a hand-edited file
        return hours if MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK else None

    def forget_legacy_pace(self) -> None:
        self.qsettings.remove(LEGACY_PACE_KEY)

    @property
    def last_profile(self) -> str:
        return self._str("profiles/last")

    @last_profile.setter
    def last_profile(self, name: str | None) -> None:
        self.qsettings.setValue("profiles/last", name or "")

    @property
    def theme(self) -> str:
        value = self._str("appearance/theme", "system")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {value!r}")
        self.qsettings.setValue("appearance/theme", value)

    @property
    def recent_targets(self) -> list[str]:
        """Role ids, most recent first, across all profiles."""
        return self._list("plan/recent_targets")[:MAX_RECENT]

    def remember_target(self, role_id: str) -> None:
        recent = [role_id, *(r for r in self.recent_targets if r != role_id)]
        self.qsettings.setValue("plan/recent_targets", recent[:MAX_RECENT])

    @property
    def ask_where_applied(self) -> bool:
        """Ask "Where will you apply this?" after a credential is ticked completed (View menu; the question's
        own "Don't ask again")."""
        return self.qsettings.value("evidence/ask_after_completion", True, type=bool)

    @ask_where_applied.setter
    def ask_where_applied(self, on: bool) -> None:
        self.qsettings.setValue("evidence/ask_after_completion", bool(on))

    def tab(self, key: str) -> int:
        """The index of the tab last shown in tab widget ``key`` ("chart", "side", "profile"); 0 when none was saved."""
        try:
            return max(0, int(self.qsettings.value(f"window/{key}_tab", 0)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return 0

    def remember_tab(self, key: str, index: int) -> None:
        self.qsettings.setValue(f"window/{key}_tab", index)

    @property
    def export_dir(self) -> str:
        return self._str("export/dir")

    @export_dir.setter
    def export_dir(self, value: str) -> None:
        self.qsettings.setValue("export/dir", value)

    def page_choice(self, export: str) -> tuple[str, int] | None:
        """The page size and PNG resolution last saved with ``export`` ("portfolio"), if both were."""
        page = self._str(f"export/{export}_page")
        try:
            dpi = int(self.qsettings.value(f"export/{export}_dpi"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return (page, dpi) if page else None

    def remember_page_choice(self, export: str, page: str, dpi: int) -> None:
        self.qsettings.setValue(f"export/{export}_page", page)
        self.qsettings.setValue(f"export/{export}_dpi", dpi)

    def format_choice(self, export: str) -> str:
        """The format last saved with ``export`` ("plan"), or "" (the caller checks it is one it offers)."""
        return self._str(f"export/{export}_format")

    def remember_format_choice(self, export: str, fmt: str) -> None:
        self.qsettings.setValue(f"export/{export}_format", fmt)
