"""A small catalog built in code, for the storage tests (a module of its own: conftest is not importable)."""

from __future__ import annotations

import copy
from typing import Any

from careerpath.graph.catalog_io import catalog_from_dict
from careerpath.graph.model import Catalog

SMALL: dict[str, Any] = {
    "format": "careerpath-catalog",
    "version": 1,
    "name": "Tiny data careers",
    "license": "CC0-1.0",
    "x-origin": {"built": "in code", "n": [1, 2.5, None]},
    "skills": [
        {"id": "sql", "name": "SQL", "kind": "skill", "aliases": ["structured query language"], "x-esco": "S1"},
        {"id": "python", "name": "Python", "kind": "language"},
        {"id": "statistics", "name": "Statistics", "kind": "knowledge", "description": "numbers"},
        {"id": "tableau", "name": "Tableau", "kind": "tool"},
        {"id": "power-bi", "name": "Power BI", "kind": "tool"},
    ],
    "credentials": [
        {"id": "sql-basics", "name": "SQL Basics", "provider": "Example Academy", "hours": 12, "cost": 0,
         "currency": "USD", "mode": "online", "level": "beginner", "grants": ["sql"], "tags": ["db"]},
        {"id": "sql-advanced", "name": "Advanced SQL", "provider": "Example Academy", "hours": 20, "cost": 49,
         "currency": "USD", "level": "advanced", "grants": ["sql"], "requires": ["sql-basics"], "valid_years": 3,
         "x-notes": {"keep": True}},
        {"id": "py-intro", "name": "Python Intro", "provider": "Snake School", "hours": 30, "cost": 99,
         "grants": ["python"]},
        {"id": "stats-101", "name": "Statistics 101", "provider": "Uni Online", "hours": 40, "cost": 0,
         "grants": ["statistics"], "requires_any": [{"count": 1, "of": ["sql-basics", "py-intro"]}],
         "requires_skills": ["sql"]},
        {"id": "viz", "name": "Dashboards", "provider": "Snake School", "hours": 8, "cost": 20,
         "grants": ["tableau", "power-bi"]},
    ],
    "roles": [
        {"id": "data-analyst", "name": "Data Analyst", "code": "15-2051",
         "requires": ["sql", "statistics"], "requires_any": [{"count": 1, "of": ["tableau", "power-bi"]}],
         "optional": ["python"], "levels": {"sql": "intermediate"}, "x-demand": "high"},
        {"id": "data-engineer", "name": "Data Engineer", "requires": ["sql", "python"]},
    ],
}


def small_dict() -> dict[str, Any]:
    """A fresh deep copy of the small catalog, to edit in a test."""
    return copy.deepcopy(SMALL)


def make_catalog(data: dict[str, Any] | None = None) -> Catalog:
    return catalog_from_dict(data if data is not None else small_dict(), "<test catalog>")
