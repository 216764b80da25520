"""Credentials that expire: ``valid_years`` after completion, a credential no longer counts as done."""

from __future__ import annotations

import datetime as dt
import math

from careerpath.graph.model import Credential


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
