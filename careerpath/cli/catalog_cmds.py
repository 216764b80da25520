"""``careerpath validate``, ``import catalog``, ``update-catalog`` and ``export-catalog``."""

from __future__ import annotations

import argparse

from careerpath.cli import import_cmds
from careerpath.cli.common import back_up_if_due, is_stdout, open_store, write_stdout
from careerpath.graph.catalog_io import catalog_text, load_catalog, save_catalog


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a catalog file; list every problem")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("import", help="merge a file into the working catalog (its values replace yours)")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=type(p))
    k = kinds.add_parser("catalog", help="a careerpath catalog file")
    k.add_argument("file", metavar="FILE")
    k.set_defaults(handler=cmd_import_catalog)
    import_cmds.register(kinds)

    p = sub.add_parser("update-catalog", help="take the bundled catalog of this careerpath, keeping your own entities "
                                              "and edits")
    p.add_argument("--dry-run", action="store_true", help="list what would change and what stays; change nothing")
    p.set_defaults(handler=cmd_update_catalog)

    p = sub.add_parser("export-catalog", help="write the working catalog as a catalog file")
    p.add_argument("file", metavar="FILE", help="the file to write, or - for standard output")
    p.set_defaults(handler=cmd_export_catalog)


def cmd_validate(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.file)
    print(f"{args.file}: valid catalog {catalog.name!r}: {catalog.counts()}")
    return 0


def cmd_import_catalog(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.file)
    with open_store(args) as store:
        report = store.import_catalog(catalog)
        back_up_if_due(store)
    print(f"imported {args.file}: {report.summary()}")
    return 0


def cmd_update_catalog(args: argparse.Namespace) -> int:
    from careerpath.storage.bundled_update import check_update, read_bundled, update_bundled

    bundled = read_bundled()
    source = f"the bundled catalog{f' (as of {bundled.as_of})' if bundled.as_of else ''}"
    with open_store(args) as store:
        update = check_update(store, bundled)
        if update.changed and not args.dry_run:
            update, _edit = update_bundled(store, bundled)  # planned again in its transaction
            back_up_if_due(store)
    if not update.changed:
        print(f"the working catalog is up to date with {source}: {update.summary()}")
        lines = update.lines()  # what was kept, and why
    elif args.dry_run:
        print(f"would update the working catalog from {source}: {update.summary()}")
        lines = [*update.lines(), "nothing was changed (--dry-run)"]
    else:
        print(f"updated the working catalog from {source}: {update.summary(done=True)}")
        lines = [line for line in update.lines() if line.startswith("keep")]
    for line in lines:
        print(f"  {line}")
    return 0


def cmd_export_catalog(args: argparse.Namespace) -> int:
    from careerpath.graph.errors import CareerpathError

    with open_store(args) as store:
        catalog = store.load_catalog()
    if is_stdout(args.file):
        write_stdout(catalog_text(catalog).encode("utf-8"))
        return 0
    try:
        save_catalog(catalog, args.file)
    except OSError as exc:
        raise CareerpathError(f"cannot write {args.file}: {exc.strerror or exc}") from None
    print(f"wrote {args.file}: {catalog.counts()}")
    return 0
