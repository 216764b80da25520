"""The small xlsx reader: cell placement, string kinds, numbers, and refusal of unsafe or broken XML."""

from __future__ import annotations

import io
import zipfile

import pytest

from careerpath.graph.errors import CatalogError
from careerpath.importers.common import DataFile
from careerpath.importers.xlsx import XlsxTable
from tests.importers.files import xlsx_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _table(data: bytes, name: str = "t.xlsx") -> XlsxTable:
    return XlsxTable(DataFile(name, name, len(data), lambda: data))


def _sheet(rows_xml: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f'{prolog}<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>'.encode()


def test_reads_header_and_rows_with_gaps_where_cells_are_absent() -> None:
    table = _table(xlsx_bytes([["a", "b", "c"], ["1", "", "x & y"], ["", "", "z"]]))

    assert table.header == ["a", "b", "c"]
    assert list(table.rows()) == [("row 2", ["1", "", "x & y"]), ("row 3", ["", "", "z"])]
    assert table.fraction() == 1.0


@pytest.mark.parametrize("shared", [True, False])
def test_shared_and_inline_strings_read_alike(shared: bool) -> None:
    rows = [["name", "note"], ["Ünïcode ✓", "<tag> & \"quotes\""]]

    table = _table(xlsx_bytes(rows, shared=shared))

    assert [r for _w, r in table.rows()] == [rows[1]]


def test_columns_beyond_z_and_cells_without_reference() -> None:
    cells = '<c r="A2" t="inlineStr"><is><t>first</t></is></c><c r="AB2"><v>7</v></c><c><v>8</v></c>'
    sheet = _sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2">{cells}</row>')

    (_where, row), = _table(xlsx_bytes([], sheet_xml=sheet)).rows()

    assert row[0] == "first" and row[27] == "7" and row[28] == "8" and len(row) == 29


def test_rich_text_runs_join_and_phonetic_hints_are_dropped() -> None:
    data = io.BytesIO()
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>')
    sst = (f'<sst xmlns="{MAIN}"><si><t>h</t></si><si><r><t>Big</t></r><r><t xml:space="preserve"> Data</t></r>'
           '<rPh sb="0" eb="1"><t>hint</t></rPh></si></sst>')
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}"><sheets><sheet name="s"/></sheets></workbook>')
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", sst)

    table = _table(data.getvalue())  # no relationships part: the conventional part names are used

    assert [r for _w, r in table.rows()] == [["Big Data"]]


def test_numbers_in_exponent_form_come_back_as_digits() -> None:
    cells = '<c r="A2"><v>4.3232202E7</v></c><c r="B2"><v>4.12</v></c><c r="C2"><v>1e400</v></c>'
    sheet = _sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row><row r="2">{cells}</row>')

    (_where, row), = _table(xlsx_bytes([], sheet_xml=sheet)).rows()

    assert row == ["43232202", "4.12", "1e400"]


def test_a_doctype_is_refused_before_parsing() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    sheet = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>', prolog=laughs)

    with pytest.raises(CatalogError, match="DOCTYPE") as info:
        _table(xlsx_bytes([], sheet_xml=sheet))
    assert info.value.source == "t.xlsx [xl/worksheets/data.xml]"


def test_a_doctype_after_comments_is_still_found() -> None:
    sheet = _sheet("", prolog='<?xml version="1.0"?>\n<!-- made by hand --><!DOCTYPE x SYSTEM "file:///etc/passwd">')

    with pytest.raises(CatalogError, match="DOCTYPE"):
        _table(xlsx_bytes([], sheet_xml=sheet))


def test_malformed_xml_names_the_position() -> None:
    sheet = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="A2"><v>1</c></row>')

    table = _table(xlsx_bytes([], sheet_xml=sheet))
    with pytest.raises(CatalogError, match="not well-formed XML") as info:
        list(table.rows())
    assert info.value.problems[0].value.startswith("line 1, column")


def test_a_shared_string_that_does_not_exist_is_named() -> None:
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>99</v></c></row>')
    data = xlsx_bytes([["h"]], sheet_xml=sheet)

    with pytest.raises(CatalogError) as info:
        list(_table(data).rows())
    problem = info.value.problems[0]
    assert (problem.entity, problem.field, problem.value) == ("row 2", "cell B2", "99")


def test_an_empty_sheet_has_no_header() -> None:
    with pytest.raises(CatalogError, match="no header row"):
        _table(xlsx_bytes([]))


def test_a_zip_without_a_workbook_is_not_an_xlsx() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")

    with pytest.raises(CatalogError, match=r"not an \.xlsx workbook"):
        _table(data.getvalue(), "report.xlsx")
