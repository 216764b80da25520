"""A small, careful reader of the first worksheet of an .xlsx file, as rows of text (no dependency).

Safety: an xlsx is a zip, so every part goes through the same size and compression-ratio checks as any
zip member (:func:`careerpath.importers.common.read_member`). Its XML is parsed by the standard library's
ElementTree over expat, which never fetches external entities or DTDs; expat 2.4.1 and later also cap entity
amplification, so "billion laughs" and quadratic blow-ups fail (see "XML vulnerabilities" in the Python
documentation; this environment has ``pyexpat.EXPAT_VERSION`` expat_2.5.0, but a Python built against an older
system expat would not). So as not to depend on that version, and in the spirit of defusedxml, a part whose
prolog declares a DOCTYPE (where entities would be declared) is refused before it is parsed: spreadsheets
never carry one.

Why not openpyxl: it would be a new dependency for four files, and it reads no faster.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree as ET

from careerpath.importers.common import DataFile, open_zip, read_member, refuse

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PROLOG_SCAN = 64 * 1024


def _check_prolog(label: str, data: bytes) -> None:
    """Refuse XML with a DOCTYPE (entities, external references) or that is not UTF-8 XML at all."""
    head = data[:_PROLOG_SCAN]
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while pos < len(head) and head[pos] in b" \t\r\n":
            pos += 1
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
        elif head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos)
        elif head.startswith(b"<!", pos):
            raise refuse(label, "xml", "prolog", head[pos:pos + 20].decode("latin-1"),
                         "declares a DOCTYPE or entities; refused as unsafe (spreadsheets never need one)")
        elif head.startswith(b"<", pos):
            return
        else:
            raise refuse(label, "xml", "start", head[pos:pos + 20].decode("latin-1"), "is not UTF-8 XML")
        if end < 0:
            raise refuse(label, "xml", "prolog", "", "is unterminated or longer than 64 KB")
        pos = end + 2


def _parse(label: str, data: bytes) -> ET.Element:
    _check_prolog(label, data)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise refuse(label, "xml", "position", f"line {exc.position[0]}, column {exc.position[1]}",
                     f"is not well-formed XML: {exc}") from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _column_index(ref: str) -> int:
    """``"C7"`` -> 2: the zero-based column of a cell reference."""
    col = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            col = col * 26 + (ord(ch) - 64)
        else:
            break
    return col - 1


def _number_text(text: str) -> str:
    # Writers may store a whole number such as a commodity code as 4.3232202E7; give it back as digits.
    if "E" in text or "e" in text:
        try:
            value = float(text)
        except ValueError:
            return text
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
    return text


def _text_of(element: ET.Element) -> str:
    """The text of a rich-text string (``<si>`` or ``<is>``): its runs, without phonetic hints (``rPh``)."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


class XlsxTable:
    """The first worksheet of an .xlsx file as a table: the first row is the header.

    Rows are named ``row N`` in messages, N being the spreadsheet's own row number.
    """

    def __init__(self, data: DataFile) -> None:
        self.label = data.label
        raw = data.read_bytes()
        with open_zip(data.label, data.label, io.BytesIO(raw)) as zf:
            sheet_name, strings_name = self._locate(zf)
            self._strings = self._shared_strings(zf, strings_name) if strings_name else []
            self._sheet = self._member(zf, sheet_name)
        _check_prolog(f"{self.label} [{sheet_name}]", self._sheet)
        self._sheet_label = f"{self.label} [{sheet_name}]"
        self._stream = io.BytesIO(self._sheet)
        self._rows = self._iter_rows()
        first = next(self._rows, None)
        if first is None:
            raise refuse(self.label, "row 1", "header", "", "the worksheet is empty: no header row")
        self.header = first[1]

    # ------------------------------------------------------------ parts

    def _member(self, zf: zipfile.ZipFile, name: str) -> bytes:
        try:
            info = zf.getinfo(name)
        except KeyError:
            raise refuse(self.label, "xlsx", "part", name, "is missing: not a complete .xlsx file") from None
        return read_member(zf, self.label, info)

    def _locate(self, zf: zipfile.ZipFile) -> tuple[str, str | None]:
        """The first worksheet's part and the shared strings' part, from the workbook and its relationships."""
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise refuse(self.label, "xlsx", "part", "xl/workbook.xml", "is missing: not an .xlsx workbook")
        targets: dict[str, str] = {}
        strings: str | None = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else None
        if "xl/_rels/workbook.xml.rels" in names:
            rels = _parse(f"{self.label} [xl/_rels/workbook.xml.rels]", self._member(zf, "xl/_rels/workbook.xml.rels"))
            for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[rel.get("Id", "")] = target
                if rel.get("Type", "").endswith("/sharedStrings"):
                    strings = target
        workbook = _parse(f"{self.label} [xl/workbook.xml]", self._member(zf, "xl/workbook.xml"))
        sheet = next((el for el in workbook.iter() if _local(el.tag) == "sheet"), None)
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id", "")) if sheet is not None else None
        if target is None:
            target = "xl/worksheets/sheet1.xml"
        if target not in names:
            raise refuse(self.label, "xlsx", "worksheet", target, "is missing: the workbook has no worksheet")
        return target, strings if strings in names else None

    def _shared_strings(self, zf: zipfile.ZipFile, name: str) -> list[str]:
        root = _parse(f"{self.label} [{name}]", self._member(zf, name))
        return [_text_of(si) for si in root if _local(si.tag) == "si"]

    # ------------------------------------------------------------ rows

    def _shared(self, value: str, row: int, ref: str | None) -> str:
        try:
            return self._strings[int(value)]
        except (ValueError, IndexError):
            raise refuse(self._sheet_label, f"row {row}", f"cell {ref or '?'}", value,
                         "refers to a shared string that does not exist") from None

    def _iter_rows(self) -> Iterator[tuple[int, list[str]]]:
        # iterparse keeps memory flat: each row is read, turned into text and cleared. The loop is the hot
        # path of an O*NET import (a million cells), hence the local names and the cached column letters.
        row_tag = v_tag = is_tag = ""
        columns: dict[str, int] = {}
        number = 0
        try:
            for _event, element in ET.iterparse(self._stream, events=("end",)):
                tag = element.tag
                if tag != row_tag:
                    if row_tag or _local(tag) != "row":
                        continue
                    row_tag = tag
                    namespace = tag[: -len("row")]
                    v_tag, is_tag = f"{namespace}v", f"{namespace}is"
                number = int(element.get("r") or number + 1)
                values: dict[int, str] = {}
                column = -1
                for cell in element:
                    ref = cell.get("r")
                    if ref is None:
                        column += 1
                    else:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters, -1)
                        if column < 0:
                            column = columns[letters] = _column_index(letters)
                    text = ""
                    for child in cell:
                        if child.tag == v_tag:
                            kind = cell.get("t")
                            text = child.text or ""
                            if kind == "s":
                                text = self._shared(text, number, ref)
                            elif kind is None or kind == "n":
                                text = _number_text(text)
                        elif child.tag == is_tag:
                            text = _text_of(child)
                    values[column] = text
                element.clear()
                width = max(values, default=-1) + 1
                yield number, [values.get(i, "") for i in range(width)]
        except ET.ParseError as exc:
            raise refuse(self._sheet_label, "xml", "position", f"line {exc.position[0]}, column {exc.position[1]}",
                         f"is not well-formed XML: {exc}") from None
        except ValueError as exc:
            raise refuse(self._sheet_label, f"after row {number}", "row", "", f"has a bad row number: {exc}") from None

    def rows(self) -> Iterator[tuple[str, list[str]]]:
        width = len(self.header)
        for number, values in self._rows:
            if not any(values):
                continue
            if len(values) < width:
                values.extend([""] * (width - len(values)))
            yield f"row {number}", values

    def fraction(self) -> float:
        return self._stream.tell() / max(1, len(self._sheet))
