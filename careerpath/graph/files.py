"""Writing a whole file at once: to a temporary file beside the target, then renamed over it.

A symlink is written through (the temporary file goes beside the file it points to, so the link survives), and
a path that is not a regular file (a terminal, a pipe, a FIFO, ``/dev/null``) is written straight into: renaming a
file over it would destroy it for everyone else who uses it. So is a file with other hard links: a rename would
leave the other names holding the old content, split from this one without a word.
"""

from __future__ import annotations

import errno
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


def _is_stream(path: Path) -> bool:
    """True when ``path`` (through any links) exists and is not a regular file: a device, a FIFO, a socket..."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # absent (or a dangling link): a new file is made, as for any other path
        return False


def _write_into(path: Path, data: bytes) -> None:
    # no O_CREAT: the thing was there a moment ago; no O_TRUNC or fsync, which a pipe or a terminal refuses
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _hard_linked(target: Path) -> bool:
    try:
        return os.stat(target).st_nlink > 1
    except OSError:
        return False


def _rewrite_in_place(target: Path, data: bytes, private: bool) -> None:
    """Overwrite a hard-linked file, as ``cp`` and ``>`` do: every name it has sees the new content.

    Not atomic, but the old content is only touched once the room for the new is reserved, so a full disk fails
    before anything changed; only a crash in the middle of the write itself can leave a mix.
    """
    if private:
        os.chmod(target, 0o600)  # before the personal data goes in; the mode is the inode's, for every name
    fd = os.open(target, os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))  # no O_TRUNC
    with os.fdopen(fd, "r+b") as fh:
        if data and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError as exc:
                if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise  # no room: nothing was written
        fh.write(data)
        fh.truncate()
        fh.flush()
        os.fsync(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, private: bool) -> None:
    """Write bytes to a temporary file beside ``path`` and rename it over: never half a file.

    ``private`` files (personal data the app keeps, or dumps of it) are the owner's only, 0600, always. Any other
    file is a document the user asked for: a new one gets the permissions the umask gives a new file, and one that
    replaces an existing file keeps that file's permissions.

    A symlink is followed: the file it points to is replaced and the link kept. A path that exists and is not a
    regular file (``/dev/stdout``, a FIFO) is written straight into, as ``>`` in a shell would; its permissions
    are not changed, and a directory is refused by the system. A file with several hard links is rewritten in
    place (see :func:`_rewrite_in_place`), so that all its names keep sharing one content: they are one file to
    whoever linked them.
    """
    if _is_stream(Path(path)):
        _write_into(Path(path), data)
        return
    # realpath, not Path.resolve(strict=True): a dangling link creates its target, as `echo > link` does
    target = Path(os.path.realpath(path))
    if target.is_symlink():
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))  # a loop realpath gave up on
    if _hard_linked(target):
        _rewrite_in_place(target, data, private)
        return
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
