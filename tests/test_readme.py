"""The README stays true: its showcase table is what the command line prints, its commands exist."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_showcase_table_is_what_the_planner_prints() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import showcase_table
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    table = re.search(r"<!-- showcase:start -->\n(.*?)\n<!-- showcase:end -->", README, re.S)
    assert table, "README lost its showcase markers"
    assert table.group(1).strip() == showcase_table.table(), "run: python scripts/showcase_table.py"
    assert table.group(1).count("\n") - 1 >= 25  # at least 25 pivots
    assert "(incomplete)" not in table.group(1)


def test_the_two_commands_and_attributions() -> None:
    assert "./dev run" in README and "./dev test" in README
    assert "ESCO classification of the European Commission" in README
    assert "O*NET 29.2 Database" in README and "USDOL/ETA" in README
    assert "./dev test" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_every_subcommand_in_the_readme_exists() -> None:
    from careerpath.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    known = set(sub.choices)
    used = set(re.findall(r"^careerpath ([a-z-]+) ", README, re.M)) - {"is"}  # "careerpath is an offline..."
    assert used and used <= known, used - known


def test_images_the_readme_shows_exist() -> None:
    for link in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / link).is_file(), link
