"""The Store's foundation: connection lifecycle, transactions, the cached working catalog, profile lookup.

A Store wraps one ``sqlite3`` connection and, like it, belongs to the thread that opened it. Every mutation
is one transaction; :meth:`StoreBase.transaction` groups several into one.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlite_utils import Database

from careerpath.graph import catalog_io
from careerpath.graph.errors import UnknownIdError
from careerpath.graph.ids import match_id, named, suggest
from careerpath.graph.model import Catalog
from careerpath.resources import bundled_catalog_path
from careerpath.storage import catalog_rows, schema
from careerpath.storage import profiles as pr
from careerpath.storage.backup import offer_restore
from careerpath.storage.catalog_rows import ImportReport
from careerpath.storage.errors import InvalidInput, ProfileNotFound, ReadOnlyDatabase, StorageError
from careerpath.storage.profiles import Profile
from careerpath.storage.schema import storage_error

_PROFILE_COLUMNS = ", ".join(pr.PROFILE_COLUMNS)


def _listed(conn: sqlite3.Connection, columns: str) -> list[Any]:
    """The ``columns`` (the first two "id, name") of every profile, in the order profiles are listed everywhere:
    list_profiles and list_profile_ids both read through here, so the names and the profiles never differ in it."""
    rows = conn.execute(f"SELECT {columns} FROM profiles ORDER BY id").fetchall()
    rows.sort(key=lambda row: pr.name_order(row[1]))  # case and accents aside: Émilie with E, not after Z
    return rows


def unique_ids(ids: str | Iterable[str]) -> list[str]:
    # A bare string would otherwise be iterated character by character.
    return [ids] if isinstance(ids, str) else list(dict.fromkeys(ids))


def _naming_the_file(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: StoreBase, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except InvalidInput as exc:
            exc.in_file(str(self.path))
            raise

    return wrapper


class StoreBase:
    """The storage of one user.

    Attributes:
        path: the database file.
        db: the sqlite-utils Database over the connection.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # The validators that refuse a value (a pace of 200, a link that is not a web address) know the profile
        # and the field but not the file; every public method of the Store's parts adds it on the way out, so
        # a refusal names the file, the entity, the field and the value wherever it is shown.
        super().__init_subclass__(**kwargs)
        for name, attr in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(attr):
                setattr(cls, name, _naming_the_file(attr))

    def __init__(self, path: Path, db: Database, *, read_only_reason: str | None = None) -> None:
        self.path = path
        self.db = db
        #: Why the store was opened read-only (None: it is writable); the app shows it and disables editing.
        self.read_only_reason = read_only_reason
        #: Why today's backup could not be taken, if it could not (the store works regardless).
        self.backup_problem: str | None = None
        self._catalog: Catalog | None = None
        self._catalog_data_version: int | None = None
        self._catalog_changes = 0  # catalog writes through this connection (see catalog_version)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None:
        schema.close(self.db)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    @contextmanager
    def transaction(self, doing: str = "writing") -> Iterator[sqlite3.Connection]:
        """One write transaction (a savepoint when nested); rolled back whole on any error."""
        if self.read_only_reason is not None:
            why = self.read_only_reason.removeprefix(f"{self.path}: ")  # the path starts this message already
            raise ReadOnlyDatabase(f"{self.path}: opened read-only ({why}); nothing was changed while {doing}")
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():
                    yield conn
                return
            # IMMEDIATE: take the write lock up front, so a read-then-write cannot fail half-way on BUSY.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.rollback()
                raise
        except sqlite3.Error as exc:
            raise offer_restore(storage_error(self.path, exc, doing), self.path) from None

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Several SELECTs seen from one snapshot of the file."""
        conn = self.db.conn
        if conn.in_transaction:
            yield conn
            return
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()
        except sqlite3.Error as exc:
            raise offer_restore(storage_error(self.path, exc, "reading"), self.path) from None

    # ------------------------------------------------------------ catalog

    def load_catalog(self) -> Catalog:
        """The working catalog. Cached: treat the result as read-only."""
        conn = self.db.conn
        # data_version changes when another connection (the CLI, a second window) commits.
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        if self._catalog is not None and version == self._catalog_data_version:
            return self._catalog
        with self._reading() as c:
            catalog = catalog_rows.read_catalog(c)
        if not conn.in_transaction:  # a transaction may still roll back what was read
            self._catalog, self._catalog_data_version = catalog, version
        return catalog

    def catalog_version(self) -> tuple[int, int]:
        """The commits of others this connection has seen (PRAGMA data_version) and the catalog changes it made
        itself (which do not move data_version): while both stay, a catalog read elsewhere is the stored one."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0]), self._catalog_changes

    def keep_catalog(self, catalog: Catalog, version: tuple[int, int]) -> bool:
        """Take ``catalog``, read by another connection (a worker's) after ``version``, as the cached working
        catalog, if nothing was committed since; False (and nothing kept) otherwise."""
        if self.db.conn.in_transaction or self.catalog_version() != version:
            return False
        self._catalog, self._catalog_data_version = catalog, version[0]
        return True

    def _invalidate_catalog(self) -> None:
        self._catalog = self._catalog_data_version = None
        self._catalog_changes += 1

    def catalog_is_empty(self) -> bool:
        with self._reading() as conn:
            return catalog_rows.is_empty(conn)

    def import_catalog(self, catalog: Catalog) -> ImportReport:
        """Merge ``catalog`` into the working catalog by id, in one transaction; report what changed."""
        with self.transaction("importing a catalog") as conn:
            current = self.load_catalog()  # the cache when it is still what the file holds
            self._invalidate_catalog()
            return catalog_rows.merge_catalog(conn, str(self.path), catalog, current)

    def replace_catalog(self, catalog: Catalog) -> ImportReport:
        """Make ``catalog`` the whole working catalog (e.g. restore the bundled one); profiles stay as they are."""
        self._invalidate_catalog()
        with self.transaction("replacing the catalog") as conn:
            report = catalog_rows.replace_catalog(conn, str(self.path), catalog)
        self._keep_written(catalog)
        return report

    def _keep_written(self, catalog: Catalog) -> None:
        """Take ``catalog``, just written and committed by this connection, as the cached working catalog: reading
        it back would give the same, after 0.7 s for 27,000 rows at ESCO size. Inside an enclosing transaction
        nothing is kept (it may still roll back)."""
        if not self.db.conn.in_transaction:
            self._catalog = catalog
            self._catalog_data_version = int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def ensure_bundled_catalog(self, path: str | Path | None = None) -> ImportReport | None:
        """On first start (an empty catalog), import the bundled catalog (or ``path``); else do nothing."""
        if not self.catalog_is_empty():
            return None
        if path is None:
            try:
                path = bundled_catalog_path()
            except FileNotFoundError as exc:  # a broken install: say so as a message, not a traceback
                raise StorageError(f"{self.path}: cannot load the bundled catalog: {exc}") from None
        return self.import_catalog(catalog_io.load_catalog(path))

    def _known(self, kind: str, ident: str, pool: Mapping[str, Any] | Iterable[str], also: Iterable[str] = ()) -> str:
        """``ident`` where ``pool`` (the catalog's entities by id, or bare ids) or ``also`` has it; else
        UnknownIdError with the suggestions ``careerpath plan`` gives, names included."""
        entities = pool if isinstance(pool, Mapping) else dict.fromkeys(pool)
        also = set(also)
        if isinstance(ident, str) and ident not in entities and ident not in also:
            # typed in another normalization form than the catalog (or the profile, for ``also``) stores it
            ident = match_id(ident, entities)
            ident = ident if ident in entities else match_id(ident, also)
        if not isinstance(ident, str) or (ident not in entities and ident not in also):
            close = suggest(str(ident), {**dict.fromkeys(also), **entities})
            raise UnknownIdError(kind, ident, close, shown=named(close, entities))
        return ident

    def _skill(self, ident: str, also: Iterable[str] = ()) -> str:
        return self._known("skill", ident, self.load_catalog().skills, also)

    def _credential(self, ident: str, also: Iterable[str] = ()) -> str:
        return self._known("credential", ident, self.load_catalog().credentials, also)

    def _role(self, ident: str, also: Iterable[str] = ()) -> str:
        return self._known("role", ident, self.load_catalog().roles, also)

    # ------------------------------------------------------------ profiles: lookup

    def _row(self, conn: sqlite3.Connection, name: str) -> tuple[Any, ...]:
        clean = name.strip() if isinstance(name, str) else name
        row = conn.execute(
            f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE name = ?", (clean,)
        ).fetchone()
        if row is None and isinstance(clean, str):
            same = self._same_name(conn, clean)
            key = unicodedata.normalize("NFC", clean)
            # two names stored before names were normalized can both match: the NFC one, or neither, is meant
            pid = next((i for i, n in same if n == key), same[0][0] if len(same) == 1 else None)
            if pid is None:
                # "maria garcia" for "Maria Garcia": names that differ only so are one name (check_name refuses a
                # second), so the one profile it can mean is found; a file with twins from before asks which
                twins = self._clashes(conn, clean)
                pid = twins[0][0] if len(twins) == 1 else None
            if pid is not None:
                row = conn.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE id = ?", (pid,)).fetchone()
        if row is None:
            names = [n for (n,) in conn.execute("SELECT name FROM profiles")]
            raise ProfileNotFound(str(name), str(self.path), suggest(str(name), names))
        return row

    @staticmethod
    def _same_name(conn: sqlite3.Connection, name: str) -> list[tuple[int, str]]:
        """The profiles whose name is ``name`` in any Unicode normalization form: "José" typed with a composed
        "é" or with "e" and an accent looks the same, so it is the same name. New names are stored in NFC
        (check_name); a name stored before that keeps the form it was typed in."""
        key = unicodedata.normalize("NFC", name)
        return [(int(i), n) for i, n in conn.execute("SELECT id, name FROM profiles ORDER BY id")
                if unicodedata.normalize("NFC", n) == key]

    @staticmethod
    def _clashes(conn: sqlite3.Connection, name: str) -> list[tuple[int, str]]:
        """The profiles a new profile named ``name`` would be taken for (:func:`~careerpath.storage.profiles.name_key`):
        the same name but for letter case, spacing or the Unicode form. Files written before this rule may hold
        such twins; each still opens and is found by its exact name."""
        key = pr.name_key(name)
        return [(int(i), n) for i, n in conn.execute("SELECT id, name FROM profiles ORDER BY id")
                if pr.name_key(n) == key]

    def _pid(self, conn: sqlite3.Connection, name: str) -> int:
        return int(self._row(conn, name)[0])

    def get_profile(self, name: str) -> Profile:
        with self._reading() as conn:
            return pr.read_profile(conn, self._row(conn, name))

    def list_profiles(self) -> list[Profile]:
        with self._reading() as conn:
            return [pr.read_profile(conn, row) for row in _listed(conn, _PROFILE_COLUMNS)]

    def list_profile_ids(self) -> list[tuple[int, str]]:
        """(id, name) of every profile, in the order of :meth:`list_profiles`: what a list of names needs, without
        reading every profile in full (a year of notes made that over 100 ms for 200 clients)."""
        with self._reading() as conn:
            return [(int(i), str(n)) for i, n in _listed(conn, "id, name")]
