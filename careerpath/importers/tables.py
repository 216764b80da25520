"""Tables read by column name: CSV and tab-separated text here, xlsx in :mod:`careerpath.importers.xlsx`.

Rows are named in messages by where they start (``line 12`` for text, ``row 12`` for a worksheet), so a
refusal points at the record a user can open and fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Protocol

from careerpath.importers.common import DataFile, Progress, refuse


def decode_text(data: DataFile, raw: bytes) -> str:
    """UTF-8 text (a BOM is dropped); anything else is refused naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise refuse(data.label, f"line {line}", "encoding", f"byte {exc.start}", "is not UTF-8 text") from None


def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class Table(Protocol):
    """Rows of a file under a header; ``where`` names a row in messages (e.g. ``line 12`` or ``row 12``)."""

    label: str
    header: list[str]

    def rows(self) -> Iterator[tuple[str, list[str]]]: ...

    def fraction(self) -> float: ...


class TextTable:
    """A CSV (ESCO) or tab-separated (O*NET text) file, each record with its first line number."""

    def __init__(self, data: DataFile, *, delimiter: str = ",", quoted: bool = True) -> None:
        self.label = data.label
        self._text = decode_text(data, data.read_bytes())
        self._stream = io.StringIO(self._text)
        quoting = csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
        self._reader = csv.reader(self._stream, delimiter=delimiter, quoting=quoting, strict=quoted)
        first = self._next()
        if first is None:
            raise refuse(self.label, "line 1", "header", "", "the file is empty: no header line")
        self.header = first[1]

    def _next(self) -> tuple[int, list[str]] | None:
        start = self._reader.line_num + 1
        try:
            return start, next(self._reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise refuse(self.label, f"line {start}", "record", "", f"is not valid CSV: {exc}") from None

    def rows(self) -> Iterator[tuple[str, list[str]]]:
        width = len(self.header)
        while (item := self._next()) is not None:
            line, row = item
            if not row or (len(row) == 1 and not row[0]):
                continue  # a blank line
            if len(row) != width:
                raise refuse(
                    self.label, f"line {line}", "fields", len(row),
                    f"the record has {len(row)} fields but the header has {width}",
                )
            yield f"line {line}", row

    def fraction(self) -> float:
        return self._stream.tell() / max(1, len(self._text))


def columns(table: Table, required: dict[str, tuple[str, ...]], optional: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map logical column names to positions, matching header names case- and spacing-insensitively.

    ``required`` and ``optional`` map a logical name to the header names it may have (across versions).
    A missing required column is refused, naming it and listing the header found.
    """
    index: dict[str, int] = {}
    for pos, name in enumerate(table.header):
        index.setdefault(_norm(name), pos)

    def position(spellings: tuple[str, ...]) -> int | None:
        return next((index[_norm(n)] for n in spellings if _norm(n) in index), None)

    found: dict[str, int] = {}
    missing: list[str] = []
    for logical, spellings in required.items():
        pos = position(spellings)
        if pos is None:
            missing.append(spellings[0])
        else:
            found[logical] = pos
    for logical, spellings in optional.items():
        pos = position(spellings)
        if pos is not None:
            found[logical] = pos
    if missing:
        raise refuse(
            table.label, "header", "columns", ", ".join(table.header),
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}",
        )
    return found


Getter = Callable[[str], str]


def records(table: Table, progress: Progress, cols: dict[str, int]) -> Iterator[tuple[str, Getter]]:
    """Each row as ``(where, get)``: ``get(column)`` is the stripped value, '' for a column the file lacks."""
    for count, (where, row) in enumerate(table.rows(), start=1):
        width = len(row)

        def get(name: str, row: list[str] = row, width: int = width) -> str:
            pos = cols.get(name)
            return row[pos].strip() if pos is not None and pos < width else ""

        yield where, get
        if count % 2000 == 0:
            progress.update(table.fraction())
    progress.update(1.0)
