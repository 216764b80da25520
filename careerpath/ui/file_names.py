"""The file a Save… writes and in which format: one rule for Export plan… and Export portfolio….

A name is written in the format its extension names, whatever format the dialog had chosen ("tara.pdf" is a
PDF); a name without one gets the chosen format's extension (file dialogs without a default suffix hand back the
name as typed, "tara"); any other extension is refused, as a file named "tara.txt" or "tara.svg" that holds
something else would not open where it is sent.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path

from careerpath.graph.file_stems import file_part

# A dot inside a name ("Tara v1.5", "Dr. Ng - Analyst") does not start an extension: one is letters and digits,
# a letter first, as long as the longest export format's.
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}")


def typed_extension(path: Path) -> str | None:
    """The extension at the end of ``path``'s name, lower case and without its dot; None when there is none."""
    suffix = path.suffix
    return suffix[1:].lower() if _EXTENSION.fullmatch(suffix) else None


def export_target(path: str, formats: Collection[str], selected: str) -> tuple[Path, str]:
    """The file to write for the name ``path`` typed in the file dialog, and its format (one of ``formats``).

    Raises:
        ValueError: the name ends in an extension that is not one of ``formats``; the message says which are.
    """
    target = Path(path)
    typed = typed_extension(target)
    if typed in formats:
        return target, typed
    if typed is None:
        return target.with_name(f"{target.name.rstrip('.') or target.name}.{selected}"), selected
    names = [f".{f}" for f in formats]
    choices = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    raise ValueError(f"Not saved: .{typed} is not one of the export formats. End the file name with {choices}.")


def proposed_name(parts: Sequence[str | None], ext: str, fallback: str) -> str:
    """The name a Save… dialog proposes: ``parts`` ("Ana", "Data analyst") joined by " - ", each as
    ``file_part`` makes it (what a file system refuses becomes "-"; cut short enough for the whole name to be one
    a file system takes), then ``.ext``; ``fallback`` stands in for a part with nothing left."""
    return " - ".join(file_part(part or "", fallback, keep_spaces=True) for part in parts) + f".{ext}"
