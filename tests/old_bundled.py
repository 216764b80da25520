"""A database as an older careerpath left it: its working catalog is the bundled catalog as the first release
shipped it, as far as this version's still holds those entities (the shipped history says which), and the user
changed a cost and added a credential of their own, which a profile completed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from careerpath.graph.catalog_io import load_catalog
from careerpath.graph.model import Catalog
from careerpath.resources import bundled_catalog_path
from careerpath.storage import catalog_edits as ce
from careerpath.storage import open_store
from careerpath.storage.bundled_update import load_history

EDITED = "comptia-data-plus"  # the credential whose cost the user changed
OWN = "epic-clarity-data-model"  # the credential the user added


def first_release_catalog() -> Catalog:
    bundled = load_catalog(bundled_catalog_path())
    history = load_history()
    ids = {key for key, digests in history.entities.items() if any(0 in r for r in digests.values())}
    parts = {table: {i: e for i, e in getattr(bundled, table).items() if (kind, i) in ids}
             for kind, table in (("skill", "skills"), ("credential", "credentials"), ("role", "roles"))}
    while True:  # drop what names an entity the first release did not have, until nothing does
        creds = {i: c for i, c in parts["credentials"].items()
                 if set(c.grants) | set(c.requires_skills) <= parts["skills"].keys()
                 and {x for g in c.requires_any for x in g.of} | set(c.requires) <= parts["credentials"].keys()}
        if creds.keys() == parts["credentials"].keys():
            break
        parts["credentials"] = creds
    parts["roles"] = {i: r for i, r in parts["roles"].items()
                      if set(r.requires) | set(r.optional) | {x for g in r.requires_any for x in g.of}
                      | set(r.levels) <= parts["skills"].keys()}
    return Catalog(**parts, meta=dict(bundled.meta))


def make_old_database(path: Path | str) -> None:
    with open_store(path) as store:
        store.import_catalog(first_release_catalog())
        edited = store.load_catalog().credentials[EDITED]
        ce.update_entity(store, replace(edited, cost=199.5))
        ce.add_entity(store, {"id": OWN, "name": "Epic Clarity Data Model (in-house)", "provider": "Hospital IT",
                              "hours": 16, "grants": [edited.grants[0]]}, "credential")
        store.create_profile("Ana Souza", "registered-nurse")
        store.set_progress("Ana Souza", OWN, "completed", date="2025-11-02")
