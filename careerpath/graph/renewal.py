"""Credentials that expire: ``valid_years`` after completion, a credential no longer counts as done."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from careerpath.graph.formatting import format_date, format_hours
from careerpath.graph.model import Catalog, Credential
from careerpath.graph.plan_types import Person, Plan
from careerpath.graph.step_reasons import completed_toward


def expires_on(cred: Credential, completed: dt.date) -> dt.date | None:
    """The day a credential completed on ``completed`` stops being valid; None when it never expires, which is
    also when it would expire after 31 December 9999, the last day a date can hold (``valid_years`` 9999, say).

    Examples
    --------
    >>> from careerpath.graph.model import Credential
    >>> c = Credential("aws", "AWS", ("cloud",), valid_years=3)
    >>> expires_on(c, dt.date(2024, 2, 29))
    datetime.date(2027, 3, 1)
    >>> expires_on(c, dt.date(9999, 12, 31)) is None
    True
    """
    if cred.valid_years is None or not math.isfinite(cred.valid_years):
        return None
    # whole years first (29 February rolls over to 1 March), then any fraction as days of a 365.25-day year
    whole = int(cred.valid_years)
    year = completed.year + whole
    if year > dt.MAXYEAR:
        return None
    try:
        base = completed.replace(year=year)
    except ValueError:
        base = dt.date(year, 3, 1)
    try:
        return base + dt.timedelta(days=round((cred.valid_years - whole) * 365.25))
    except OverflowError:
        return None


def is_expired(cred: Credential, completed: dt.date, today: dt.date) -> bool:
    end = expires_on(cred, completed)
    return end is not None and today >= end


def days_left(cred: Credential, completed: dt.date, today: dt.date) -> int | None:
    """Days until the credential expires (negative once it has); None when it never expires."""
    end = expires_on(cred, completed)
    return None if end is None else (end - today).days


# --- what a plan says about them ------------------------------------------------------------------------------
# A plan is made as of today (the catalog format's H and C0): a credential valid today counts as held however soon
# it lapses. These are the words that keep that from going unsaid.


@dataclass(frozen=True)
class Lapse:
    """A credential the plan counts as held that expires before the plan ends."""

    credential: str
    name: str
    expires: dt.date
    hours: float  # what taking it again would add

    def text(self, finish: dt.date, day: Callable[[dt.date], str] = format_date) -> str:
        """"CompTIA Data+ expires on 1 Mar 2027, before this plan ends (8 May 2027): renew it by then, or the
        plan grows by its 60 h"."""
        return (f"{self.name} expires on {day(self.expires)}, before this plan ends ({day(finish)}): renew it by "
                f"then, or the plan grows by its {format_hours(self.hours)}")


def lapses(catalog: Catalog, plan: Plan, person: Person) -> list[Lapse]:
    """The credentials of ``person.expires_on`` that a dated plan counts on (each grants a role skill or a step needs
    it first, as the steps table lists them done) and that expire on or before its finish, soonest first."""
    if plan.finish is None or not plan.steps:
        return []
    ids = completed_toward(catalog, plan, sorted(person.expires_on, key=lambda c: (person.expires_on[c], c)))
    return [Lapse(cid, catalog.credentials[cid].name, person.expires_on[cid], catalog.credentials[cid].hours)
            for cid in ids if person.expires_on[cid] <= plan.finish]


def lapses_line(catalog: Catalog, plan: Plan, person: Person, day: Callable[[dt.date], str] = format_date) -> str:
    """Every lapse of the plan in one line ("" for none), for a note above the steps."""
    if plan.finish is None:
        return ""
    return "; ".join(x.text(plan.finish, day) for x in lapses(catalog, plan, person))


def renewal_words(person: Person | None, credential: str, day: Callable[[dt.date], str] = format_date) -> str:
    """"renew · expired 1 Mar 2027" for a step that takes again a credential whose validity ran out; "" else."""
    expired = person.expired_on.get(credential) if person is not None else None
    return f"renew · expired {day(expired)}" if expired is not None else ""


def expired_since(plan: Plan, person: Person, since: dt.date,
                  day: Callable[[dt.date], str] = format_date) -> str:
    """Why a plan may finish later than the one seen on ``since`` though nothing was done differently: the
    credentials that expired after that day and that the plan now takes again ("" for none)."""
    steps = [s for s in plan.steps if (end := person.expired_on.get(s.credential)) is not None and end > since]
    if not steps:
        return ""
    said = ", ".join(f"{s.name} expired on {day(person.expired_on[s.credential])}" for s in steps)
    hours = format_hours(sum(s.hours for s in steps))
    return f"{said}, after that plan was made: renewing {'it' if len(steps) == 1 else 'them'} adds {hours}."
