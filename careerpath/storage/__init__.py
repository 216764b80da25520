"""The Qt-free SQLite storage of the working catalog and the profiles."""

from careerpath.storage.catalog_rows import ImportReport
from careerpath.storage.db import Store, open_store
from careerpath.storage.errors import (
    DatabaseTooNew,
    InvalidInput,
    NotADatabase,
    ProfileExists,
    ProfileNotFound,
    StorageError,
)
from careerpath.storage.paths import default_data_dir, default_db_path
from careerpath.storage.profiles import Baseline, Note, Profile, ProgressEntry, SkillHeld
from careerpath.storage.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Baseline",
    "DatabaseTooNew",
    "ImportReport",
    "InvalidInput",
    "NotADatabase",
    "Note",
    "Profile",
    "ProfileExists",
    "ProfileNotFound",
    "ProgressEntry",
    "SkillHeld",
    "StorageError",
    "Store",
    "default_data_dir",
    "default_db_path",
    "open_store",
]
