"""What every badge reader shares: where a badge comes from, and reading dates, names and alignments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.importers.badge_types import Alignment, Badge, BadgeProblem


class FormatError(Exception):
    """The text is not a badge document at all; ``field`` and ``message`` say why."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"field '{field}' {message}")


@dataclass
class Ctx:
    """Where a badge comes from, and what was noted about its file, for every badge read from it."""

    source: Path
    container: str = "json"
    notes: list[str] = field(default_factory=list)
    index: int | None = None
    prefix: str = ""

    def at(self, index: int, prefix: str) -> Ctx:
        return Ctx(self.source, self.container, list(self.notes), index, prefix)

    def label(self) -> str:
        return str(self.source) if self.index is None else f"{self.source} [{self.index}]"

    def problem(self, field: str, message: str) -> BadgeProblem:
        return BadgeProblem(self.label(), self.prefix + field, message)

    def badge(self, **kwargs: Any) -> Badge:
        notes = tuple(self.notes) + tuple(kwargs.pop("notes", ()))
        return Badge(source=self.source, index=self.index, container=self.container, notes=notes, **kwargs)

    def broken(self, field: str, message: str, **kwargs: Any) -> Badge:
        return self.badge(problems=(self.problem(field, message),), **kwargs)


def url_only(ctx: Ctx, urls: tuple[str, ...], why: str, **kwargs: Any) -> Badge:
    notes = (*kwargs.pop("notes", ()), f"{why}: content only reachable by URL; not fetched")
    return ctx.badge(url_only=True, urls=urls, notes=notes, **kwargs)


# ---------------------------------------------------------------- field helpers


def text_of(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO 8601 date or date-time (its date part as written), or a Unix time (Open Badges 1.0)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, dt.UTC).date()
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}(?:$|[T ])", value.strip()):
        return dt.date.fromisoformat(value.strip()[:10])
    if isinstance(value, str) and value.strip().isdigit():
        return dt.datetime.fromtimestamp(int(value.strip()), dt.UTC).date()
    raise ValueError("not a date")


#: A date-time at the very start of its day (00:00, seconds and their fractions zero), in whatever zone it is written.
_DAY_START = re.compile(r"\d{4}-\d{2}-\d{2}[T ]00:00(?::00(?:[.,]0+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.IGNORECASE)


def parse_expiry(value: Any) -> dt.date | None:
    """The last day a badge counts, from its expiry (``expires``, ``validUntil``, a JWT's ``exp``...).

    A date alone is that last day (it counts through it). A date-time is the moment the badge stops being valid:
    it counts on the day of that moment as written (the issuer's calendar, UTC for a Unix time), as it is valid
    for part of it, but not when the moment is the very start of the day ("2027-03-01T00:00:00-05:00"): it is
    valid for none of 1 March, so its last day is 28 February.
    """
    day = parse_date(value)
    if day is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    starts_day = (value % 86_400 == 0 if isinstance(value, (int, float)) and not isinstance(value, bool)
                  else _DAY_START.fullmatch(value.strip()) is not None)
    return day - dt.timedelta(days=1) if starts_day else day


def read_date(doc: dict[str, Any], keys: tuple[str, ...], ctx: Ctx, problems: list[BadgeProblem],
              notes: list[str], *, required_valid: bool,
              parse: Callable[[Any], dt.date | None] = parse_date) -> dt.date | None:
    """The first of ``keys`` that ``doc`` has, read by ``parse`` (:func:`parse_expiry` for an expiry)."""
    for key in keys:
        if doc.get(key) is None:
            continue
        try:
            return parse(doc[key])
        except (ValueError, OverflowError, OSError):
            message = f"= {str(doc[key])[:60]!r} is not a date (expected YYYY-MM-DD or an ISO 8601 date-time)"
            if required_valid:  # an unreadable expiry date: we cannot tell whether the badge still counts
                problems.append(ctx.problem(key, message))
            else:
                notes.append(f"field '{ctx.prefix}{key}' {message}; ignored")
            return None
    return None


def alignments(value: Any) -> tuple[Alignment, ...]:
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        found = Alignment(
            url=text_of(item.get("targetUrl", item.get("url"))),
            code=text_of(item.get("targetCode", item.get("code"))),
            name=text_of(item.get("targetName", item.get("name"))),
            framework=text_of(item.get("targetFramework", item.get("framework"))),
        )
        if found.url or found.code or found.name:
            out.append(found)
    return tuple(out)


def issuer_name(value: Any, where: str, notes: list[str]) -> str | None:
    if isinstance(value, dict):
        return text_of(value.get("name"))
    if text_of(value):
        notes.append(f"issuer '{where}' is only a URL ({value}); not fetched, so the issuer is unknown")
    return None
