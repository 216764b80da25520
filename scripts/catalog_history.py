"""Write ``resources/catalog-history.json``: the fingerprints of every bundled catalog careerpath has shipped.

Every version of ``resources/catalog.json`` in git (and the file as it is now, if it differs) is read with this
careerpath and each entity fingerprinted as :mod:`careerpath.storage.bundled_update` does. Run it after changing
the bundled catalog: ``python scripts/catalog_history.py``. tests/storage/test_bundled_update.py checks that the
history holds the bundled catalog of this version.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from careerpath.graph.catalog_io import load_catalog
from careerpath.storage.bundled_update import HISTORY_FILE, History, file_digest, fingerprints

ROOT = Path(__file__).resolve().parent.parent
CATALOG = "resources/catalog.json"


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True).stdout


def versions() -> list[tuple[str, str, bytes]]:
    """(commit, date, file bytes) of each version of the bundled catalog, oldest first; the working file last."""
    out = []
    for line in _git("log", "--reverse", "--format=%h %ad", "--date=short", "--", CATALOG).decode().splitlines():
        commit, date = line.split()
        out.append((commit, date, _git("show", f"{commit}:{CATALOG}")))
    now = (ROOT / CATALOG).read_bytes()
    if not out or out[-1][2] != now:
        out.append(("working tree", "", now))
    return out


def build() -> History:
    history = History()
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for commit, date, data in versions():
            path = Path(tmp) / "catalog.json"
            path.write_bytes(data)
            digest = file_digest(path)
            if digest in seen:
                continue
            seen.add(digest)
            catalog = load_catalog(path)
            info = {"sha256": digest, "as_of": str(catalog.meta.get("as_of") or ""), "commit": commit, "date": date}
            history.add_release(info, fingerprints(catalog))
    return history


def main() -> None:
    data = build().to_dict()
    # one entity a line: a new release changes a few lines, not one huge one
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items()
             if k not in ("skills", "credentials", "roles")]
    for table in ("skills", "credentials", "roles"):
        inner = ",\n".join(f"  {json.dumps(i, ensure_ascii=False)}: {json.dumps(d)}" for i, d in data[table].items())
        lines.append(f"{json.dumps(table)}: {{\n{inner}\n }}")
    target = ROOT / "resources" / HISTORY_FILE
    target.write_text("{\n " + ",\n ".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {target}: {len(data['releases'])} bundled catalogs")


if __name__ == "__main__":
    main()
