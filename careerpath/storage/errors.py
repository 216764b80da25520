"""Errors of the storage layer; each message names the file, the profile, the field or the value at fault."""

from __future__ import annotations

import unicodedata

from careerpath.graph.errors import CareerpathError


class StorageError(CareerpathError):
    """The database file cannot be used as asked (locked, unreadable, read-only, full, ...)."""


class NotADatabase(StorageError):
    """The file exists but is not a careerpath SQLite database; it was left untouched.

    ``latest_backup`` is the newest backup of this database, if any: the UI offers to restore it.
    """

    latest_backup: str | None = None


class DatabaseTooNew(StorageError):
    """The file was written by a newer careerpath; it was left untouched.

    ``latest_backup`` is the newest backup of this database, if any: the UI offers to restore it.
    """

    latest_backup: str | None = None

    def __init__(self, path: str, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path}: this database was written by a newer careerpath (schema version {found}); "
            f"this version reads schema versions up to {supported}. Update careerpath, or open another "
            "file with --db PATH or CAREERPATH_DB. The file was not changed."
        )


class ProfileNotFound(CareerpathError, KeyError):
    """No profile has this name."""

    def __init__(self, name: str, path: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.path = path
        self.suggestions = suggestions or []
        hint = f" (did you mean: {', '.join(self.suggestions)}?)" if self.suggestions else ""
        super().__init__(f"{path}: no profile named {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ProfileExists(CareerpathError):
    """Another profile already has this name."""

    def __init__(self, name: str, path: str, typed: str | None = None) -> None:
        self.name = name
        self.path = path
        # "maria garcia" refused for "Maria Garcia": say why a name not quite the same counts as taken
        alike = (f" ({typed!r} differs from it only in letter case or spacing)"
                 if typed is not None and unicodedata.normalize("NFC", typed) != unicodedata.normalize("NFC", name)
                 else "")
        super().__init__(f"{path}: a profile named {name!r} already exists{alike}")


class StaleProfileError(CareerpathError):
    """An undo or redo refused: the profile is no longer as the step left it, so putting the step's snapshot
    back would erase what was written since (by the command line or another window), or bring back a profile
    deleted since. ``name`` is the profile as the step knew it; ``now`` its name on disk, None if it is gone."""

    def __init__(self, name: str, path: str, now: str | None) -> None:
        self.name = name
        self.path = path
        self.now = now
        what = "deleted" if now is None else "changed"
        super().__init__(f"{path}: profile {name!r} was {what} since (by the command line or another window); "
                         "left as it is")


class InvalidInput(CareerpathError, ValueError):
    """A value given to a profile method breaks a rule; names the profile, the field and the value, and the
    database file once a Store method passes it on (``in_file``)."""

    path: str | None = None

    def __init__(self, entity: str, field: str, value: object, message: str) -> None:
        self.entity = entity
        self.field = field
        self.value = value
        super().__init__(f"{entity}: field '{field}' = {value!r}: {message}")

    def in_file(self, path: str) -> InvalidInput:
        """Name the database file the value was meant for, in front of the message (once)."""
        if self.path is None:
            self.path = path
            self.args = (f"{path}: {self.args[0]}", *self.args[1:])
        return self


class DatabaseBusy(StorageError):
    """Another connection (the app, a command) held the write lock for longer than the busy timeout."""


class DiskFull(StorageError):
    """The disk (or the database's size limit) is full; the change was rolled back, earlier ones are intact."""


class ReadOnlyDatabase(StorageError):
    """The file or its folder cannot be written, or the store was opened read-only; nothing was changed."""


class BackupError(StorageError):
    """A backup could not be written, or a file offered for restore was refused; the database is unchanged."""
