"""A re-import that changes only the stored credit (the O*NET release, named once Read Me.txt is given) says so."""

from __future__ import annotations

from pathlib import Path

from careerpath.cli import run
from careerpath.importers import import_onet
from careerpath.importers.common import credit_change, merge_summary
from careerpath.storage import open_store
from tests.importers.files import onet_tables, write_onet_text


def _release_without_read_me(tmp_path: Path) -> tuple[list[Path], Path]:
    folder = write_onet_text(tmp_path / "onet", onet_tables())
    read_me = tmp_path / "elsewhere" / "Read Me.txt"  # not beside the files: only found when given
    read_me.parent.mkdir()
    read_me.write_text("O*NET 29.2 Database\nFebruary 2025 Release\n", "utf-8")
    return sorted(folder.glob("*.txt")), read_me


def test_the_command_line_says_the_credit_changed_instead_of_no_changes(tmp_path: Path, capsys) -> None:
    files, read_me = _release_without_read_me(tmp_path)
    db = str(tmp_path / "o.sqlite3")
    assert run(["--db", db, "import", "onet", *map(str, files)]) == 0
    assert "no release number" in capsys.readouterr().out

    assert run(["--db", db, "import", "onet", *map(str, files), str(read_me)]) == 0
    out = capsys.readouterr().out

    assert "read; updated the stored O*NET credit: it now reads O*NET 29.2 Database, USDOL/ETA\n" in out
    assert "no changes" not in out
    assert run(["--db", db, "import", "onet", *map(str, files), str(read_me)]) == 0
    assert "read; no changes\n" in capsys.readouterr().out  # and the same files again change nothing


def test_credit_change_is_none_on_a_first_import_and_joins_other_changes(tmp_path: Path) -> None:
    files, read_me = _release_without_read_me(tmp_path)
    first, second = import_onet(files), import_onet([*files, read_me])
    with open_store(tmp_path / "c.sqlite3") as store:
        assert credit_change(store.load_catalog().meta, first) is None  # nothing stored to change
        store.import_catalog(first)
        credit = credit_change(store.load_catalog().meta, second)

    assert credit == "updated the stored O*NET credit: it now reads O*NET 29.2 Database, USDOL/ETA"
    assert merge_summary("added 1 role", True, credit) == f"added 1 role; {credit}"
    assert merge_summary("no changes", False, None) == "no changes"
