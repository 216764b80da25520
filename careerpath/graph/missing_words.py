"""Why a skill is missing, in words for a person: the app, its exports and the command line say it so.

The plan's JSON keeps its fixed reason codes (careerpath.graph.plan_types REASON_*), which programs read. Said as
they are, two of them mislead where the role asks a level: "granted by no credential" for Python asked at advanced
reads as if the catalog had no Python course, while it has three, all at beginner; and a skill the profile lists,
held below the level asked, is missing with no word of the level. The words here say both. Likewise where the
credentials at the level asked are excluded or blocked: "granted only by excluded credentials" for Python asked at
advanced left Python Basics, at beginner, unsaid, and the excluded Advanced Python unnamed; the words name both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from careerpath.graph.caps import Money, missing_reason
from careerpath.graph.model import LEVELS, Catalog, Credential, level_rank
from careerpath.graph.plan_types import REASON_BLOCKED, REASON_EXCLUDED, REASON_NO_CREDENTIAL, Missing, Person, Plan
from careerpath.graph.problem import situation

_NAMED = 3  # credentials named before "and N more"


@dataclass(frozen=True)
class MissingWords:
    """A missing requirement's reason in words, in parts: ``reason`` may be shared by several skills (exports
    group by it); ``held`` and ``lower`` are this requirement's own ("" where there is nothing to say)."""

    reason: str  # "granted by no credential at advanced or above", "left out by the budget ($300)"
    held: str = ""  # "you hold it at beginner" (", the role asks advanced" where ``reason`` does not say it)
    lower: str = ""  # "3 grant it at beginner: Python Basics, Py 101, Intro to Python"
    #: The credentials at the level asked that ``reason`` speaks of ("Advanced Python"), then any others held
    #: back for another cause ("Expert Python; excluded: Advanced Python")
    held_back: str = ""

    @property
    def detail(self) -> str:
        """What is this requirement's own, for after its name in a list grouped by ``reason``."""
        return "; ".join(x for x in (self.held, self.held_back, self.lower) if x)

    def text(self) -> str:
        """The whole, on one line: "you hold it at beginner — granted by no credential at advanced or above (3
        grant it at beginner: …)" (not "; " outside the brackets, which separates the skills of a list)."""
        own = "; ".join(x for x in (self.held_back, self.lower) if x)
        said = self.reason + (f" ({own})" if own else "")
        return f"{self.held} — {said}" if self.held else said


def _at_or_above(level: str) -> str:
    return f"at {level}" if level == LEVELS[-1] else f"at {level} or above"


def _names(creds: list[Credential], with_level: bool) -> str:
    names = [f"{c.name} ({c.level})" if with_level else c.name for c in creds[:_NAMED]]
    more = len(creds) - _NAMED
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _lower(catalog: Catalog, skill: str, asked: str, it: str) -> str:
    """"3 grant it at beginner: Python Basics, …": the credentials granting ``skill`` below ``asked``."""
    rank = level_rank(asked)
    assert rank is not None
    creds = [c for c in catalog.credentials.values()
             if skill in c.grants and c.level is not None and level_rank(c.level) < rank]  # type: ignore[operator]
    if not creds:
        return ""
    levels = {c.level for c in creds}
    at = f"at {creds[0].level}" if len(levels) == 1 else "at lower levels"
    return f"{len(creds)} grant{'s' if len(creds) == 1 else ''} {it} {at}: {_names(creds, len(levels) > 1)}"


def missing_words(catalog: Catalog, plan: Plan, missing: Missing, person: Person | None = None,
                  money: Money | None = None) -> MissingWords:
    """Why ``missing`` is missing from ``plan``, in words (``person``, the plan's, says the levels held; ``money``
    writes a budget, see careerpath.graph.caps)."""
    role = catalog.roles.get(plan.role)
    levels = role.levels if role is not None else {}
    reason = missing_reason(plan, missing, money) if money is not None else missing_reason(plan, missing)
    one = len(missing.skills) == 1

    def it(skill: str) -> str:
        return "it" if one else catalog.skills[skill].name if skill in catalog.skills else skill

    lower: list[str] = []
    if missing.reason in (REASON_NO_CREDENTIAL, REASON_EXCLUDED, REASON_BLOCKED):
        # none grants it at the level asked that a plan can take: some may below, and a plan could take those
        lower = [x for sk in missing.skills if sk in levels and (x := _lower(catalog, sk, levels[sk], it(sk)))]
    if lower:  # the level asked, without which the courses named below it would contradict the reason
        asked = {sk: levels[sk] for sk in missing.skills if sk in levels}
        if len(set(asked.values())) == 1:
            at = _at_or_above(next(iter(asked.values())))
        else:  # an "any N of" group asking its skills at several levels
            at = ", ".join(f"{_at_or_above(lvl)} for {it(sk)}" for sk, lvl in asked.items())
        if missing.reason == REASON_NO_CREDENTIAL:
            reason = f"{reason} {at}"
        elif len(set(asked.values())) == 1:  # "granted at advanced or above only by excluded credentials"
            reason = reason.replace("granted ", f"granted {at} ", 1)
        else:
            reason = f"{reason}, {at}"
    held_back = _held_back(catalog, missing, it, one)
    return MissingWords(reason, _held(catalog, missing, person, levels, it, bool(lower)), "; ".join(lower),
                        held_back)


#: What keeps a credential at the level asked out of every plan, as the words say it before the names
_HELD_BACK_WORDS = {"excluded": "excluded", "blocked": "out of reach"}


def _held_back(catalog: Catalog, missing: Missing, it: Callable[[str], str], one: bool) -> str:
    """"Advanced Python; of excluded provider Q: Pro Python": the credentials at the level asked that no plan can
    take (Missing.held_back), those the reason speaks of first, by their names alone."""
    first = "excluded" if missing.reason == REASON_EXCLUDED else "blocked"
    parts: list[str] = []
    for sk in missing.skills:
        kinds: dict[str, list[Credential]] = {}
        for skill, cid, why in missing.held_back:
            cred = catalog.credentials.get(cid)
            if skill == sk and cred is not None:
                kind = f"of excluded provider {cred.provider}" if why == "provider" else why
                kinds.setdefault(kind, []).append(cred)
        for kind in sorted(kinds, key=lambda k: (k != first, k)):
            label = "" if kind == first and one else f"{_HELD_BACK_WORDS.get(kind, kind)}: "
            parts.append(("" if one else f"for {it(sk)}, ") + label + _names(kinds[kind], False))
    return "; ".join(parts)


def _held(catalog: Catalog, missing: Missing, person: Person | None, levels: dict[str, str],
          it: Callable[[str], str], said_level: bool) -> str:
    """"you hold it at beginner, the role asks advanced": the skills of ``missing`` held below the level asked
    (held at it, or with no level recorded, they would not be missing); the level asked is left to the reason
    where it says it (``said_level``)."""
    if person is None or not any(sk in levels for sk in missing.skills):  # an ESCO role asks no level
        return ""
    held_at = situation(catalog, person).held
    below = [(sk, lvl) for sk in missing.skills if sk in levels and (lvl := held_at.get(sk)) is not None]
    if not below:
        return ""
    if said_level or len({levels[sk] for sk, _ in below}) == 1:
        asks = "" if said_level else f", the role asks {levels[below[0][0]]}"
        return "you hold " + " and ".join(f"{it(sk)} at {lvl}" for sk, lvl in below) + asks
    return "you hold " + " and ".join(f"{it(sk)} at {lvl} (the role asks {levels[sk]})" for sk, lvl in below)


def missing_text(catalog: Catalog, plan: Plan, missing: Missing, person: Person | None = None,
                 money: Money | None = None) -> str:
    """Why ``missing`` is missing, on one line (see :func:`missing_words`)."""
    return missing_words(catalog, plan, missing, person, money).text()
