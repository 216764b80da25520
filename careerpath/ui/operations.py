"""One function per user intent on a profile: the only way widgets change stored data.

Each function is keyword-only, makes one undoable change through the Store (never SQL) and returns the
:class:`~careerpath.ui.session.Changes`; a refused change raises a ``CareerpathError`` with a message for the
user and changes nothing. None of them shows a dialog: asking the user is the caller's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from careerpath.graph.errors import CareerpathError
from careerpath.storage import InvalidInput, Store
from careerpath.ui.session import Changes, Session
from careerpath.ui.text import date_text
from careerpath.ui.undo import ProfileCommand, run

STATUS_WORDS = {"planned": "planned", "in-progress": "in progress", "completed": "completed"}


def _credential_name(session: Session, cid: str) -> str:
    cred = session.catalog.credentials.get(cid)
    return cred.name if cred else cid


def _role_name(session: Session, rid: str) -> str:
    role = session.catalog.roles.get(rid)
    return role.name if role else rid


def _current(session: Session) -> str:
    if session.current is None:
        raise CareerpathError("No profile is open: create one first (File > New profile).")
    return session.current


# ---------------------------------------------------------------- profiles


def create_profile(
    *, session: Session, name: str, current_role: str | None = None, skills: Iterable[str] | None = None,
    target: str | None = None,
) -> Changes:
    """A new profile. With ``current_role``, that role's required skills are held, or only ``skills`` of them."""
    store = session.store
    keep = None if skills is None else set(skills)

    def mutate() -> str:
        with store.transaction("creating a profile"):
            profile = store.create_profile(name, current_role)
            if keep is not None:
                drop = [s for s in profile.skills if s not in keep]
                if drop:
                    store.remove_skills(profile.name, drop)
            if target is not None:
                store.add_target(profile.name, target)
        return profile.name

    return run(ProfileCommand(session, None, f"Create profile “{name.strip()}”", mutate, profiles=True))


def rename_profile(*, session: Session, old: str, new: str) -> Changes:
    store = session.store

    def mutate() -> str:
        return store.rename_profile(old, new)  # as stored: trimmed, in NFC

    return run(ProfileCommand(session, old, f"Rename “{old}” to “{new.strip()}”", mutate, profiles=True))


def delete_profile(*, session: Session, name: str) -> Changes:
    store = session.store

    def mutate() -> None:
        store.delete_profile(name)
        return None

    return run(ProfileCommand(session, name, f"Delete profile “{name}”", mutate, profiles=True))


#: ProfileCommand merge ids: consecutive changes of one kind to one profile undo as one step.
MERGE_PACE = 1
MERGE_START = 2


def _edit(session: Session, name: str, text: str, change: Callable[[Store], object], *, plan: bool = True,
          merge: int = -1) -> Changes:
    """One undoable change to the open profile ``name``: ``change(store)`` inside the command's snapshots."""

    def mutate() -> str:
        change(session.store)
        return name

    return run(ProfileCommand(session, name, text, mutate, plan=plan, merge=merge))


def _skills_label(session: Session, ids: list[str]) -> str:
    skills = session.catalog.skills
    return skills[ids[0]].name if len(ids) == 1 and ids[0] in skills else f"{len(ids)} skills"


def set_current_role(*, session: Session, role_id: str | None, add_required_skills: bool = True) -> Changes:
    name = _current(session)
    label = _role_name(session, role_id) if role_id else "none"
    return _edit(session, name, f"Set current role to {label}",
                 lambda store: store.set_current_role(name, role_id, add_required_skills=add_required_skills))


def set_hours_per_week(*, session: Session, hours: float | None) -> Changes:
    """The open profile's study pace (hours per week); None clears it, so the default applies."""
    name = _current(session)
    label = f"{hours:g} h/week" if isinstance(hours, (int, float)) else "the default"
    # a run of clicks on the pace box's arrows is one undo step
    return _edit(session, name, f"Set pace to {label}", lambda store: store.set_hours_per_week(name, hours),
                 merge=MERGE_PACE)


def set_start(*, session: Session, day: dt.date | None) -> Changes:
    """The open profile's start date; None clears it, so plans start today (as they do once the day has passed)."""
    name = _current(session)
    label = date_text(day) if day is not None else "today"
    # a run of steps through the date box's days (arrows, the wheel) is one undo step
    # the limit counts from the session's day, as the Start box does, not from the system date
    return _edit(session, name, f"Set start to {label}",
                 lambda store: store.set_start(name, day, today=session.today()), merge=MERGE_START)


def make_finish_the_plan(*, session: Session, role_id: str, finish: dt.date, hours_per_week: float) -> Changes:
    """Accept the finish date on show as the plan for ``role_id``: later plans are measured against it."""
    name = _current(session)
    return _edit(session, name, f"Make {date_text(finish)} the plan for {_role_name(session, role_id)}",
                 lambda store: store.record_baseline(name, role_id, finish, hours_per_week, on=session.today(),
                                                     replace=True))


# ---------------------------------------------------------------- target, progress, exclusions


def set_target(*, session: Session, role_id: str) -> Changes:
    name = _current(session)
    return _edit(session, name, f"Target {_role_name(session, role_id)}",
                 lambda store: store.add_target(name, role_id))


def remove_target(*, session: Session, role_id: str) -> Changes:
    name = _current(session)
    return _edit(session, name, f"Forget target {_role_name(session, role_id)}",
                 lambda store: store.remove_target(name, role_id))


def set_progress(
    *, session: Session, credential_id: str, status: str | None, hours: float | None = None, date: str | None = None
) -> Changes:
    """planned | in-progress (hours done) | completed (date, default the session's day); None clears the record."""
    name = _current(session)
    if status == "completed" and date is None:
        date = session.today().isoformat()  # the Store's default is the system's day, not the app's
    cname = _credential_name(session, credential_id)
    if status is not None and status not in STATUS_WORDS:
        raise InvalidInput(f"credential {credential_id!r}", "status", status, "must be planned, in-progress or "
                           "completed")
    if status is None:
        return _edit(session, name, f"Clear progress of “{cname}”",
                     lambda store: store.clear_progress(name, credential_id))
    return _edit(session, name, f"Mark “{cname}” {STATUS_WORDS[status]}",
                 lambda store: store.set_progress(name, credential_id, status, hours=hours, date=date))


def set_excluded(*, session: Session, credential_id: str, excluded: bool = True) -> Changes:
    name = _current(session)
    cname = _credential_name(session, credential_id)
    return _edit(session, name, f"{'Exclude' if excluded else 'Allow'} “{cname}”",
                 lambda store: store.set_excluded(name, credential_id, excluded))


def set_excluded_provider(*, session: Session, provider: str, excluded: bool = True,
                          also: Sequence[str] = ()) -> Changes:
    """Exclude (or allow) ``provider`` and the providers in ``also`` (other names of its organisation): one step
    to undo, one re-plan."""
    name = _current(session)
    names = [provider, *also]
    label = f"provider “{provider}”" if not also else "providers " + ", ".join(f"“{p}”" for p in names)

    def change(store: Store) -> None:
        for each in names:
            store.set_excluded_provider(name, each, excluded)

    return _edit(session, name, f"{'Exclude' if excluded else 'Allow'} {label}", change)


# ---------------------------------------------------------------- skills held


def add_skills(*, session: Session, skill_ids: Iterable[str], level: str | None = None) -> Changes:
    name = _current(session)
    ids = list(dict.fromkeys(skill_ids))
    return _edit(session, name, f"Add skill {_skills_label(session, ids)}",
                 lambda store: store.add_skills(name, ids, level=level))


def remove_skills(*, session: Session, skill_ids: Iterable[str]) -> Changes:
    name = _current(session)
    ids = list(dict.fromkeys(skill_ids))
    return _edit(session, name, f"Remove skill {_skills_label(session, ids)}",
                 lambda store: store.remove_skills(name, ids))


def set_skill_level(*, session: Session, skill_id: str, level: str | None) -> Changes:
    name = _current(session)
    skill = session.catalog.skills.get(skill_id)
    return _edit(session, name, f"Set level of {skill.name if skill else skill_id}",
                 lambda store: store.set_skill_level(name, skill_id, level))


# ---------------------------------------------------------------- notes


def add_note(*, session: Session, text: str) -> Changes:
    name = _current(session)
    return _edit(session, name, "Add note", lambda store: store.add_note(name, text), plan=False)


def delete_note(*, session: Session, note_id: int) -> Changes:
    name = _current(session)
    return _edit(session, name, "Delete note", lambda store: store.delete_note(name, note_id), plan=False)


def open_demo_profile(*, session: Session) -> Changes:
    """Create the demo profile (or show it, if it exists): a person part way through a plan, with a note."""
    from careerpath.ui.demo import DEMO_NAME, choose_demo  # imports the planner: only when asked

    if DEMO_NAME in session.profile_names():
        session.set_current(DEMO_NAME)
        return Changes(DEMO_NAME, plan=True)
    spec = choose_demo(session.catalog)
    store = session.store
    day = session.today().isoformat()  # the demo's completions are dated by the app's day, as a tick is

    def mutate() -> str:
        with store.transaction("creating the demo profile"):
            store.create_profile(DEMO_NAME, spec.current_role)
            store.add_target(DEMO_NAME, spec.target)
            for cid in spec.completed:
                store.set_progress(DEMO_NAME, cid, "completed", date=day)
            for cid, hours in spec.in_progress.items():
                store.set_progress(DEMO_NAME, cid, "in-progress", hours=hours)
            store.add_note(DEMO_NAME, spec.note)
        return DEMO_NAME

    return run(ProfileCommand(session, None, "Open demo profile", mutate, profiles=True))
