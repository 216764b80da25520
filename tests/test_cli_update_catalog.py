"""``careerpath update-catalog``: a database an older careerpath made takes this version's bundled catalog, and
keeps the credential the user added (which a profile completed) and the cost the user changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.resources import bundled_catalog_path
from careerpath.storage import open_store
from tests.old_bundled import EDITED, OWN, make_old_database


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def old_db(tmp_path: Path) -> str:
    path = str(tmp_path / "old.sqlite3")
    make_old_database(path)
    return path


def _counts(db: str) -> str:
    with open_store(db) as store:
        return store.load_catalog().counts()


def test_dry_run_lists_what_would_change_and_what_stays_and_changes_nothing(capsys, old_db: str) -> None:
    before = _counts(old_db)

    code, out, _ = cli(capsys, "--db", old_db, "update-catalog", "--dry-run")

    assert code == 0
    first, *lines = out.splitlines()
    assert first.startswith("would update the working catalog from the bundled catalog (as of ")
    assert re.search(r"adds \d+ skills, \d+ credentials, \d+ roles", first)
    assert ("  keep credential “CompTIA Data+ (DA0-001)” (comptia-data-plus): you changed it, so yours stays "
            "(careerpath's differs in cost)") in lines
    assert "  keep the 1 entity you added (careerpath never shipped it)" in lines
    assert any(line.startswith("  add role ") for line in lines)
    assert lines[-1] == "  nothing was changed (--dry-run)"
    assert _counts(old_db) == before


def test_the_update_takes_the_bundled_catalog_and_keeps_the_users_credential_and_cost(capsys, old_db: str) -> None:
    code, out, _ = cli(capsys, "--db", old_db, "update-catalog")

    assert code == 0
    assert out.startswith("updated the working catalog from the bundled catalog")
    assert re.search(r"added \d+ skills, \d+ credentials, \d+ roles", out) and "kept the 1 entity you added" in out
    bundled = load_catalog(bundled_catalog_path())
    with open_store(old_db) as store:
        catalog = store.load_catalog()
        assert set(bundled.roles) <= set(catalog.roles)
        assert catalog.credentials[EDITED].cost == 199.5
        assert catalog.credentials[OWN].name == "Epic Clarity Data Model (in-house)"
        assert store.get_profile("Ana Souza").progress[OWN].status == "completed"

    code, out, _ = cli(capsys, "--db", old_db, "update-catalog")
    assert code == 0 and out.startswith("the working catalog is up to date with the bundled catalog")


def test_a_read_only_database_is_refused_with_nothing_changed(capsys, old_db: str) -> None:
    code, out, err = cli(capsys, "--db", old_db, "--read-only", "update-catalog")

    assert code == 2 and out == ""
    assert "opened read-only" in err and "nothing was changed" in err
