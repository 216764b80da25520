"""What the importers share: finding files in zips and folders safely, checks of ids and names, progress.

Every refusal is a :class:`~careerpath.graph.errors.CatalogError` whose source names the file (a zip member as
``archive.zip [member.csv]``) and whose problems name the line or row, the field and the value.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from careerpath.graph.errors import CareerpathError, CatalogError, Problem
from careerpath.graph.model import Catalog

#: A zip member (or plain file) larger than this is refused: the largest real input, ESCO's relations, is 21 MB.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Uncompressed / compressed size above which a member is taken for a zip bomb. Real CSV and xlsx parts
#: compress 5 to 20 times; bombs compress hundreds to millions of times.
MAX_RATIO = 100
#: Members of one zip; the real ESCO zips hold 4 and 13, an xlsx about 10.
MAX_MEMBERS = 10_000
#: Files looked at under one folder given on the command line.
MAX_FOLDER_FILES = 10_000
#: Problems listed before a refusal stops counting.
MAX_PROBLEMS = 50

ProgressCallback = Callable[[int, int, str], None]
CancelledCallback = Callable[[], bool]


class ImportCancelled(CareerpathError):
    """The caller asked to stop; nothing was returned, so nothing is stored."""


@dataclass(frozen=True)
class ImportNote:
    """Something the import left out or changed on purpose, e.g. the occupations skipped and why."""

    message: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportedCatalog(Catalog):
    """A Catalog read from a taxonomy, with what the import left out and the files it read.

    Attributes:
        notes: what was skipped or ignored, and why (also worth showing to the user).
        files: the files read, as named in messages.
        ignored: the files given but not read, each with why (see :meth:`FileSet.ignored`).
    """

    notes: list[ImportNote] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


_SOURCE_LABELS = {"esco": "ESCO", "onet": "O*NET"}


def credit_change(before: Mapping[str, Any], imported: Catalog) -> str | None:
    """What merging ``imported`` changes in the stored credit of its source (the working catalog's top-level
    fields ``before``), e.g. "updated the stored O*NET credit: it now reads O*NET 29.2 Database, USDOL/ETA".

    The merge's report counts skills and roles only, so a re-import that just names the release (Read Me.txt
    given this time) would otherwise say "no changes". None on a first import of the source, or no change.
    """
    changes = []
    for part, label in _SOURCE_LABELS.items():
        new, old = imported.meta.get(part), before.get(part)
        if isinstance(new, dict) and isinstance(old, dict) and new != old:
            shown = new.get("source") or label
            changes.append(f"updated the stored {label} credit: it now reads {shown}")
    return "; ".join(changes) or None


def merge_summary(summary: str, changed: bool, credit: str | None) -> str:
    """The merge's one-line summary (``no changes``, ``added 3 skills``) with the credit it changed, if any."""
    if credit is None:
        return summary
    return f"{summary}; {credit}" if changed else credit


def updated_lines(updated: dict[str, list[str]], catalog: Catalog) -> list[str]:
    """The entities an import replaced (an ImportReport's ``updated``), by name as imported: a value the user had
    changed in one of them is the file's now, and "updated 1 skill" did not say which."""
    lines = []
    for kind, ids in updated.items():
        pool = getattr(catalog, kind, {})
        for ident in ids:
            entity = pool.get(ident)
            lines.append(f"{kind[:-1]} “{entity.name if entity else ident}” ({ident})")
    return lines


# ---------------------------------------------------------------- errors


class Problems:
    """Collects the problems of one file, up to :data:`MAX_PROBLEMS`, and raises them together."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []
        self.truncated = False

    def add(self, where: str, field_name: str, value: object, message: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.truncated = True
            return
        self.items.append(Problem(where, field_name, value, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise CatalogError(self.source, self.items, self.truncated)


def refuse(source: str, where: str, field_name: str, value: object, message: str) -> CatalogError:
    """One-problem CatalogError, for faults that stop the reading of a file at once."""
    return CatalogError(source, [Problem(where, field_name, value, message)])


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def check_id(problems: Problems, where: str, field_name: str, value: str) -> bool:
    """An entity id as the catalog format wants it: 1 to 200 characters, no control characters."""
    if not value:
        problems.add(where, field_name, value, "is empty")
    elif len(value) > 200:
        problems.add(where, field_name, value, "is longer than 200 characters")
    elif _has_control(value):
        problems.add(where, field_name, value, "contains control characters")
    else:
        return True
    return False


def check_name(problems: Problems, where: str, field_name: str, value: str) -> str | None:
    """A name stripped of surrounding spaces, 1 to 300 characters without control characters, or None."""
    name = value.strip()
    if not name:
        problems.add(where, field_name, value, "is empty")
    elif len(name) > 300:
        problems.add(where, field_name, value, "is longer than 300 characters")
    elif _has_control(name):
        problems.add(where, field_name, value, "contains control characters")
    else:
        return name
    return None


def optional_text(value: str) -> str | None:
    value = value.strip()
    return value or None


def split_labels(text: str, name: str, sep: str = "\n") -> tuple[str, ...]:
    """Alternative labels as a tuple without blanks, repeats or the name itself."""
    seen = dict.fromkeys(part.strip() for part in text.split(sep))
    seen.pop("", None)
    seen.pop(name, None)
    return tuple(seen)


_SLUG_SUBST = (("c++", "c-plus-plus"), ("+", " plus "), ("#", " sharp "), ("&", " and "))


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-', e.g. ``Microsoft Excel`` -> ``microsoft-excel``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    for old, new in _SLUG_SUBST:
        text = text.replace(old, new)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# ---------------------------------------------------------------- progress


class Progress:
    """Reports progress in bytes of input read, and raises ImportCancelled when the caller asks to stop."""

    def __init__(self, callback: ProgressCallback | None, cancelled: CancelledCallback | None) -> None:
        self._callback = callback
        self._cancelled = cancelled
        self.total = 1
        self._base = 0
        self._weight = 0
        self._message = ""

    def plan(self, total: int) -> None:
        self.total = max(1, total)

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled("import cancelled; nothing was stored")

    def start(self, weight: int, message: str) -> None:
        """Begin a step worth ``weight`` units of the total."""
        self._base += self._weight
        self._weight, self._message = weight, message
        self.update(0.0)

    def update(self, fraction: float) -> None:
        self.check()
        if self._callback is not None:
            done = self._base + int(self._weight * min(max(fraction, 0.0), 1.0))
            self._callback(min(done, self.total), self.total, self._message)

    def finish(self, message: str) -> None:
        self.check()
        if self._callback is not None:
            self._callback(self.total, self.total, message)


# ---------------------------------------------------------------- files


@dataclass
class DataFile:
    """One input file, on disk or inside a zip, read only through checked paths."""

    label: str  # as named in messages
    name: str  # base name, e.g. "skills_en.csv"
    size: int
    _read: Callable[[], bytes]

    def read_bytes(self) -> bytes:
        return self._read()


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n} bytes"


def _check_member(archive: str, info: zipfile.ZipInfo) -> None:
    label = f"{archive} [{info.filename}]"
    if info.flag_bits & 0x1:
        raise refuse(label, "zip member", "encryption", info.filename, "is encrypted; give an unencrypted zip")
    if info.file_size > MAX_FILE_BYTES:
        raise refuse(
            label, "zip member", "uncompressed size", info.file_size,
            f"is larger than the {_size(MAX_FILE_BYTES)} limit; refused as unsafe",
        )
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise refuse(
            label, "zip member", "compression ratio", f"{ratio}:1",
            f"compresses more than {MAX_RATIO}:1; refused as a likely zip bomb",
        )


def read_member(zf: zipfile.ZipFile, archive: str, info: zipfile.ZipInfo) -> bytes:
    """A zip member's bytes after the size and ratio checks; a damaged member is a clear error."""
    _check_member(archive, info)
    try:
        # zipfile stops at the declared size and checks the CRC, so a lying header fails here, not in memory.
        return zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise refuse(
            f"{archive} [{info.filename}]", "zip member", "data", info.filename,
            f"cannot be read, the zip is damaged or truncated ({exc})",
        ) from None


def open_zip(path: Path | str, label: str, source: io.BytesIO | None = None) -> zipfile.ZipFile:
    """Open a zip (a file, or bytes already read) and check its directory; refuse damaged ones clearly."""
    try:
        zf = zipfile.ZipFile(source if source is not None else path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise refuse(
            label, "file", "zip", str(path), f"is not a readable zip file (damaged or truncated?): {reason}"
        ) from None
    if len(infos) > MAX_MEMBERS:
        zf.close()
        raise refuse(label, "file", "members", len(infos), f"holds more than {MAX_MEMBERS} members; refused as unsafe")
    return zf


class FileSet:
    """The data files found under the paths given, by kind; a context manager that closes the zips it opened.

    ``classify(name)`` maps a file's base name to a kind (e.g. ``"skills"``) or None for files to ignore.
    ``extensions`` are the data files' suffixes (lower case, e.g. ``(".csv",)``); other files given directly
    are refused unless they are zips, which are searched like folders.
    """

    def __init__(
        self, paths: Iterable[Path | str], classify: Callable[[str], str | None], extensions: tuple[str, ...],
        what: str,
    ) -> None:
        self.files: dict[str, DataFile] = {}
        self.given: list[str] = []
        self._classify = classify
        self._extensions = extensions
        self._what = what
        self._stack = ExitStack()
        # per path given: how many files of it are read, and the names of those that are not
        self._taken: dict[str, int] = {}
        self._unread: dict[str, list[str]] = {}
        self._containers: set[str] = set()  # the paths given that are folders or zips
        self._current = ""
        try:
            for raw in paths:
                path = Path(raw)
                self.given.append(str(path))
                self._current = str(path)
                self._taken.setdefault(self._current, 0)
                self._unread.setdefault(self._current, [])
                self._add_path(path)
        except BaseException:
            self._stack.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()

    def _data_suffix(self, name: str) -> bool:
        return name.lower().endswith(self._extensions)

    def _offer(self, data: DataFile) -> None:
        kind = self._classify(data.name)
        if kind is None:
            self._unread[self._current].append(data.name)
            return
        self._taken[self._current] += 1
        if kind in self.files:
            raise refuse(
                data.label, "file", "name", data.name,
                f"is a second {kind!r} file (the first is {self.files[kind].label}); give each file once",
            )
        self.files[kind] = data

    def _add_path(self, path: Path) -> None:
        if path.is_dir():
            self._containers.add(self._current)
            count = 0
            for child in sorted(path.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue  # hidden files and folders (.git, .DS_Store) are nobody's data
                count += 1
                if count > MAX_FOLDER_FILES:
                    raise refuse(str(path), "folder", "files", count, f"holds more than {MAX_FOLDER_FILES} files")
                if self._data_suffix(child.name):
                    self._add_file(child)
                elif child.suffix.lower() == ".zip":
                    self._add_zip(child)
                else:
                    self._unread[self._current].append(child.name)
            return
        if not path.exists():
            raise refuse(str(path), "file", "path", str(path), "does not exist")
        if self._data_suffix(path.name):
            self._add_file(path)
        elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            self._containers.add(self._current)
            self._add_zip(path)
        else:
            raise refuse(
                str(path), "file", "type", path.suffix or path.name,
                f"cannot be read as {self._what} data: expected a zip, a folder or {' or '.join(self._extensions)} "
                "files",
            )

    def _add_file(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise refuse(str(path), "file", "path", str(path), exc.strerror or str(exc)) from None

        def read() -> bytes:
            if size > MAX_FILE_BYTES:
                raise refuse(str(path), "file", "size", size, f"is larger than the {_size(MAX_FILE_BYTES)} limit")
            try:
                return path.read_bytes()
            except OSError as exc:
                raise refuse(str(path), "file", "path", str(path), exc.strerror or str(exc)) from None

        self._offer(DataFile(str(path), path.name, size, read))

    def _add_zip(self, path: Path) -> None:
        zf = self._stack.enter_context(open_zip(path, str(path)))
        for info in zf.infolist():
            name = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or not name or name.startswith("."):
                continue
            if not self._data_suffix(name):
                self._unread[self._current].append(name)
                continue

            def read(info: zipfile.ZipInfo = info) -> bytes:
                return read_member(zf, str(path), info)

            self._offer(DataFile(f"{path} [{info.filename}]", name, info.file_size, read))

    def ignored(self) -> list[str]:
        """Each path given that holds files the import does not read, and why, e.g. ``Job Zones.xlsx: ignored,
        not one of the O*NET files careerpath reads``; so that no file given is passed over in silence."""
        lines = []
        for given in self.given:
            unread = self._unread.get(given, [])
            if not unread:
                continue
            if not self._taken.get(given):
                whole = "holds none of the" if given in self._containers else "is not one of the"
                lines.append(f"{given}: ignored, {whole} {self._what} files careerpath reads")
            else:
                names = ", ".join(unread[:5]) + (f" and {len(unread) - 5} more" if len(unread) > 5 else "")
                lines.append(f"{given}: {len(unread)} other file(s) in it not read, not needed: {names}")
        return lines

    def missing(self, needed: dict[str, str], hint: str) -> None:
        """Refuse when a needed kind of file (kind -> file name shown) was not found, naming what was given."""
        absent = [shown for kind, shown in needed.items() if kind not in self.files]
        if absent:
            raise refuse(
                ", ".join(self.given) or "(no files given)", "files", "missing", ", ".join(absent),
                f"not found among the files given; {hint}",
            )
