"""Typed errors of the core; the UI and the command line decide how to show them."""

from __future__ import annotations

from dataclasses import dataclass


class CareerpathError(Exception):
    """Base of every error careerpath reports to a user as a message, not a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalog: where it is and what is wrong."""

    entity: str  # e.g. "credential 'sql-basics'" or "catalog"
    field: str  # e.g. "grants[0]"
    value: object
    message: str

    def __str__(self) -> str:
        if self.value is None:  # a key absent or null in the file: Python's "None" would mean nothing to its author
            return f"{self.entity}: field '{self.field}' (absent or null): {self.message}"
        return f"{self.entity}: field '{self.field}' = {self.value!r}: {self.message}"


class CatalogError(CareerpathError):
    """A catalog was refused; ``problems`` lists every reason (up to a cap).

    ``truncated``: more were found than listed; ``total``: how many, where the reader counted them all.
    """

    def __init__(self, source: str, problems: list[Problem], truncated: bool = False,
                 total: int | None = None) -> None:
        self.source = source
        self.problems = problems
        self.truncated = truncated
        self.total = total if total is not None and total > len(problems) else None
        super().__init__(self.report())

    def report(self) -> str:
        shown = len(self.problems)
        if not self.truncated:
            head = f"{shown} problem(s)"
        else:
            head = f"{self.total or f'more than {shown}'} problem(s), the first {shown} listed"
        lines = [f"{self.source}: {head}"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class UnknownIdError(CareerpathError):
    """An id given by a user does not exist; carries the closest existing ids."""

    def __init__(self, kind: str, ident: str, suggestions: list[str], *, shown: list[str] | None = None) -> None:
        """``shown``: the suggestions as the message writes them (an id with its name), where not the bare ids."""
        self.kind = kind
        self.ident = ident
        self.suggestions = suggestions
        hint = f" (did you mean: {', '.join(shown or suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown {kind} id {ident!r}{hint}")


class PlanError(CareerpathError):
    """A plan request that cannot be answered as asked (e.g. a cost objective over mixed currencies)."""
