"""The command line: a contract other tools drive. Bad input exits 2 with one message on stderr, nothing on stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from careerpath import __version__
from careerpath.graph.errors import CareerpathError
from careerpath.graph.json_values import has_surrogate

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from careerpath.cli import (
        admin_cmds,
        catalog_cmds,
        desktop_cmds,
        discover_cmds,
        evidence_cmds,
        export_cmds,
        plan_cmds,
        profile_cmds,
    )

    parser = _Parser(
        prog="careerpath",
        description="Plan the provably cheapest or fastest set of credentials to a target role. "
        "Without a subcommand, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"careerpath {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the SQLite file to use (default: $CAREERPATH_DB, "
                        "else careerpath.sqlite3 in your data folder)")
    parser.add_argument("--read-only", action="store_true",
                        help="open the database without saving any change (the desktop app or a command; "
                        "a command that would change it is refused)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    catalog_cmds.register(sub)
    profile_cmds.register(sub)
    plan_cmds.register(sub)
    export_cmds.register(sub)
    discover_cmds.register(sub)
    admin_cmds.register(sub)
    evidence_cmds.register(sub)
    desktop_cmds.register(sub)
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    # --db may also follow the subcommand; move it to the front so one definition serves both places
    argv = _hoist_db(argv)
    args = parser.parse_args(argv)
    if args.command is None:
        from careerpath.ui.app import run_app

        return run_app(db_path=args.db, read_only=args.read_only)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        _check_text(parser, args)
        return handler(args)
    except CareerpathError as exc:
        print(f"careerpath: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0


# Arguments that name a file: any bytes the system allows are fine there (Python keeps them as surrogates).
_PATH_METAVARS = frozenset({"FILE", "PATH", "DIR"})


def _shown(value: str) -> str:
    """An argument as typed, its bytes that are not UTF-8 written as escapes (\\xed), shortened."""
    try:
        text = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte decodes to: given by a caller of run(), not a terminal
        text = value.encode("utf-8", "backslashreplace").decode("ascii")
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _check_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse an argument that is not UTF-8 text (e.g. a name typed in a Latin-1 terminal), except a file's.

    Python hands such bytes on as lone surrogates, which SQLite and the output refuse with a traceback.
    """
    actions, command = list(parser._actions), ""
    while actions:
        action = actions.pop()
        value = getattr(args, action.dest, None)
        if isinstance(action, argparse._SubParsersAction):
            if isinstance(value, str) and value in action.choices:
                actions.extend(action.choices[value]._actions)
                command = action.choices[value].prog.removeprefix(parser.prog).strip()
            continue
        if action.metavar in _PATH_METAVARS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and has_surrogate(item):
                label = action.option_strings[0] if action.option_strings else action.metavar or action.dest.upper()
                raise CareerpathError(f"{command or parser.prog}: {label} {_shown(item)} is not UTF-8 text; "
                                      "careerpath reads names and text as UTF-8")


def _hoist_db(argv: list[str]) -> list[str]:
    out: list[str] = []
    front: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db" and i + 1 < len(argv):
            front += [arg, argv[i + 1]]
            i += 2
            continue
        if arg.startswith("--db="):
            front.append(arg)
        else:
            out.append(arg)
        i += 1
    return front + out
