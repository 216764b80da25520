"""Writing a whole file at once: to a temporary file beside the target, then renamed over it."""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from pathlib import Path


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the file about to be replaced, or None when there is none."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode) & 0o777  # never carry setuid/setgid/sticky over
    except OSError:
        return None


def _open_temp(target: Path, private: bool) -> tuple[int, str]:
    folder = target.parent or Path(".")
    if private:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)  # always 0600
    # mkstemp would ignore the umask; 0666 through os.open lets the kernel apply it, as for any new file.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = str(folder / f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, private: bool) -> None:
    """Write bytes to a temporary file beside ``path`` and rename it over: never half a file.

    ``private`` files (personal data the app keeps, or dumps of it) are the owner's only, 0600, always. Any other
    file is a document the user asked for: a new one gets the permissions the umask gives a new file, and one that
    replaces an existing file keeps that file's permissions.
    """
    target = Path(path)
    fd, tmp = _open_temp(target, private)
    try:
        keep = None if private else _existing_mode(target)
        if keep is not None:
            os.chmod(tmp, keep)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
