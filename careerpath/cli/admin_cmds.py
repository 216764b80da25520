"""``careerpath backup``, ``careerpath restore`` and ``careerpath profile export``: copies of a user's own data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from careerpath.cli.common import is_stdout, open_store
from careerpath.graph.errors import CareerpathError
from careerpath.graph.files import write_atomic

# careerpath.storage (and sqlite_utils) is imported inside the commands: other commands start faster without it.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back the database up (default: into the backups folder beside it)")
    p.add_argument("--out", metavar="FILE", help="write the backup to FILE instead")
    p.add_argument("--list", action="store_true", help="list the backups kept, newest first")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="replace the database by a backup, after checking the backup")
    p.add_argument("file", metavar="FILE", help="a backup (or any careerpath database file)")
    p.set_defaults(handler=cmd_restore)


def _db_path(args: argparse.Namespace) -> Path:
    from careerpath.storage import default_db_path

    return Path(args.db).expanduser() if args.db else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    from careerpath.storage import open_store
    from careerpath.storage.backup import backup_dir, list_backups
    from careerpath.storage.errors import StorageError

    path = _db_path(args)
    if args.list:
        backups = list_backups(path)
        if not backups:
            print(f"no backups of {path} in {backup_dir(path)}")
        for b in backups:
            print(f"{b.taken:%Y-%m-%d %H:%M:%S} UTC  {b.reason:<22}  {b.path}")
        return 0
    if not path.is_file():
        raise StorageError(f"{path}: no database there to back up")
    # read-only is enough to copy it, and daily_backup=False: this command takes one anyway
    with open_store(path, fallback_read_only=True, daily_backup=False) as store:
        dest = store.backup(args.out)
    print(f"backed up {path} to {dest}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from careerpath.storage.restore import restore_database

    path = _db_path(args)
    report = restore_database(path, Path(args.file).expanduser())
    print(f"restored {path} from {report.source} (schema version {report.version}, {report.profiles} profile(s))")
    if report.safety_backup is not None:
        print(f"the state it replaced is kept in {report.safety_backup}")
    for kept in report.set_aside:
        print(f"the unusable file it replaced is kept as {kept}")
    return 0


def cmd_profile_export(args: argparse.Namespace) -> int:
    """Everything held about one person, as JSON (the right of access; a coach hands it to the client)."""
    with open_store(args) as store:
        data = store.profile_to_json(args.name)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if is_stdout(args.file):
        print(text, end="")
        return 0
    try:
        write_atomic(args.file, text.encode("utf-8"), private=True)  # everything held about a person: 0600
    except OSError as exc:
        raise CareerpathError(f"cannot write {args.file}: {exc.strerror or exc}") from None
    print(f"wrote everything held about {data['name']!r} to {args.file}")
    return 0
