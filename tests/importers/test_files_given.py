"""Every file given to an import is accounted for: read, used for the release, or not read with why."""

from __future__ import annotations

import zipfile
from pathlib import Path

from careerpath.importers import import_esco, import_onet
from tests.importers.files import esco_tables, onet_tables, write_esco_zips, write_onet_text


def test_a_folder_s_other_files_are_named_as_not_read(tmp_path: Path) -> None:
    folder = write_onet_text(tmp_path / "onet", onet_tables())
    (folder / "Job Zones.txt").write_text("O*NET-SOC Code\tJob Zone\n", "utf-8")
    (folder / "PROVENANCE.md").write_text("where these came from\n", "utf-8")
    (folder / "Read Me.txt").write_text("O*NET 29.2 Database\n", "utf-8")

    catalog = import_onet([folder])

    assert catalog.files[-1] == f"{folder / 'Read Me.txt'} (for the release number)"
    assert catalog.ignored == [f"{folder}: 2 other file(s) in it not read, not needed: Job Zones.txt, PROVENANCE.md"]


def test_a_read_me_beside_the_files_is_named_with_them(tmp_path: Path) -> None:
    folder = write_onet_text(tmp_path / "onet", onet_tables())
    (folder / "Read Me.txt").write_text("O*NET 29.2 Database\n", "utf-8")

    catalog = import_onet(sorted(folder.glob("[!R]*.txt")))  # the data files alone, as the README once said

    assert catalog.meta["onet"]["release"] == "29.2"
    assert catalog.files[-1] == f"{folder / 'Read Me.txt'} (beside the files given, for the release number)"
    assert catalog.ignored == []


def test_esco_names_the_zip_members_it_does_not_need(tmp_path: Path) -> None:
    classification, relations = write_esco_zips(tmp_path, esco_tables())
    with zipfile.ZipFile(classification, "a") as zf:
        zf.writestr("skillGroups_en.csv", "conceptUri\n")
        zf.writestr("README.pdf", b"%PDF")

    catalog = import_esco([classification, relations])

    assert catalog.ignored == [f"{classification}: 2 other file(s) in it not read, not needed: skillGroups_en.csv, "
                               "README.pdf"]
