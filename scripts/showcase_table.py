"""Print the README's table of showcase pivots: each plan as ``careerpath plan`` computes it on the bundled catalog.

A person at the ``from`` role holds that role's required skills; each row is ``careerpath plan --catalog
resources/catalog.json --role TO --have <from's skills> --json``, run in this process.
``python scripts/showcase_table.py`` prints the Markdown table; tests/test_readme.py checks the README holds it.
"""

from __future__ import annotations

import contextlib
import io
import json

from careerpath.cli import run
from careerpath.graph.catalog_io import load_catalog
from careerpath.resources import bundled_catalog_path


def rows() -> list[tuple[str, str, int, float, float, bool]]:
    path = bundled_catalog_path()
    catalog = load_catalog(path)
    out = []
    for pivot in catalog.meta.get("showcase_pivots", []):
        src, dst = catalog.roles[pivot["from"]], catalog.roles[pivot["to"]]
        args = ["plan", "--catalog", str(path), "--role", dst.id, "--json"]
        if src.requires:
            args += ["--have", *src.requires]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            if run(args) != 0:
                raise SystemExit(f"careerpath {' '.join(args)} failed")
        plan = json.loads(buffer.getvalue())
        out.append((src.name, dst.name, len(plan["steps"]), plan["total_hours"], plan["total_cost"], plan["complete"]))
    return out


def table() -> str:
    lines = ["| From | To | Credentials | Hours | Cost (USD) |", "| --- | --- | ---: | ---: | ---: |"]
    for src, dst, n, hours, cost, complete in rows():
        mark = "" if complete else " (incomplete)"
        lines.append(f"| {src} | {dst}{mark} | {n} | {hours:g} | {cost:,.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
