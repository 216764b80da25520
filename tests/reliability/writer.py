"""A second writer for the concurrency tests: ``python -m tests.reliability.writer DB TAG N``.

Adds N notes to profile Ann through a real Store, printing ``ok <i>`` after each one is saved, and reopening
the store now and then as separate app and command-line runs would.
"""

from __future__ import annotations

import sys

from careerpath.graph.errors import CareerpathError
from careerpath.storage import open_store


def main(db: str, tag: str, n: int) -> int:
    store = open_store(db)
    try:
        for i in range(n):
            if i % 25 == 24:
                store.close()
                store = open_store(db)
            store.add_note("Ann", f"{tag} {i}")
            print(f"ok {i}", flush=True)
    except CareerpathError as exc:
        print(f"error {exc}", flush=True)
        return 2
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
