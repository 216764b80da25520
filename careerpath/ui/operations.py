"""One function per user intent on a profile: the only way widgets change stored data.

Each function is keyword-only, makes one undoable change through the Store (never SQL) and returns the
:class:`~careerpath.ui.session.Changes`; a refused change raises a ``CareerpathError`` with a message for the
user and changes nothing. None of them shows a dialog: asking the user is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable

from careerpath.graph.errors import CareerpathError
from careerpath.storage import InvalidInput
from careerpath.ui.session import Changes, Session
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
        store.rename_profile(old, new)
        return new.strip()

    return run(ProfileCommand(session, old, f"Rename “{old}” to “{new.strip()}”", mutate, profiles=True))


def delete_profile(*, session: Session, name: str) -> Changes:
    store = session.store

    def mutate() -> None:
        store.delete_profile(name)
        return None

    return run(ProfileCommand(session, name, f"Delete profile “{name}”", mutate, profiles=True))


def set_current_role(*, session: Session, role_id: str | None, add_required_skills: bool = True) -> Changes:
    name = _current(session)
    store = session.store
    label = _role_name(session, role_id) if role_id else "none"

    def mutate() -> str:
        store.set_current_role(name, role_id, add_required_skills=add_required_skills)
        return name

    return run(ProfileCommand(session, name, f"Set current role to {label}", mutate))


# ---------------------------------------------------------------- target, progress, exclusions


def set_target(*, session: Session, role_id: str) -> Changes:
    name = _current(session)
    store = session.store

    def mutate() -> str:
        store.add_target(name, role_id)
        return name

    return run(ProfileCommand(session, name, f"Target {_role_name(session, role_id)}", mutate))


def remove_target(*, session: Session, role_id: str) -> Changes:
    name = _current(session)
    store = session.store

    def mutate() -> str:
        store.remove_target(name, role_id)
        return name

    return run(ProfileCommand(session, name, f"Forget target {_role_name(session, role_id)}", mutate))


def set_progress(
    *, session: Session, credential_id: str, status: str | None, hours: float | None = None, date: str | None = None
) -> Changes:
    """planned | in-progress (hours done) | completed (date, default today); None clears the record."""
    name = _current(session)
    store = session.store
    cname = _credential_name(session, credential_id)
    if status is not None and status not in STATUS_WORDS:
        raise InvalidInput(f"credential {credential_id!r}", "status", status, "must be planned, in-progress or "
                           "completed")

    def mutate() -> str:
        if status is None:
            store.clear_progress(name, credential_id)
        else:
            store.set_progress(name, credential_id, status, hours=hours, date=date)
        return name

    text = f"Clear progress of “{cname}”" if status is None else f"Mark “{cname}” {STATUS_WORDS[status]}"
    return run(ProfileCommand(session, name, text, mutate))


def set_excluded(*, session: Session, credential_id: str, excluded: bool = True) -> Changes:
    name = _current(session)
    store = session.store
    cname = _credential_name(session, credential_id)

    def mutate() -> str:
        store.set_excluded(name, credential_id, excluded)
        return name

    return run(ProfileCommand(session, name, f"{'Exclude' if excluded else 'Allow'} “{cname}”", mutate))


def set_excluded_provider(*, session: Session, provider: str, excluded: bool = True) -> Changes:
    name = _current(session)
    store = session.store

    def mutate() -> str:
        store.set_excluded_provider(name, provider, excluded)
        return name

    return run(ProfileCommand(session, name, f"{'Exclude' if excluded else 'Allow'} provider “{provider}”", mutate))


# ---------------------------------------------------------------- skills held


def add_skills(*, session: Session, skill_ids: Iterable[str], level: str | None = None) -> Changes:
    name = _current(session)
    store = session.store
    ids = list(dict.fromkeys(skill_ids))
    skills = session.catalog.skills
    label = skills[ids[0]].name if len(ids) == 1 and ids[0] in skills else f"{len(ids)} skills"

    def mutate() -> str:
        store.add_skills(name, ids, level=level)
        return name

    return run(ProfileCommand(session, name, f"Add skill {label}", mutate))


def remove_skills(*, session: Session, skill_ids: Iterable[str]) -> Changes:
    name = _current(session)
    store = session.store
    ids = list(dict.fromkeys(skill_ids))
    skills = session.catalog.skills
    label = skills[ids[0]].name if len(ids) == 1 and ids[0] in skills else f"{len(ids)} skills"

    def mutate() -> str:
        store.remove_skills(name, ids)
        return name

    return run(ProfileCommand(session, name, f"Remove skill {label}", mutate))


def set_skill_level(*, session: Session, skill_id: str, level: str | None) -> Changes:
    name = _current(session)
    store = session.store

    def mutate() -> str:
        store.set_skill_level(name, skill_id, level)
        return name

    skill = session.catalog.skills.get(skill_id)
    return run(ProfileCommand(session, name, f"Set level of {skill.name if skill else skill_id}", mutate))


# ---------------------------------------------------------------- notes


def add_note(*, session: Session, text: str) -> Changes:
    name = _current(session)
    store = session.store

    def mutate() -> str:
        store.add_note(name, text)
        return name

    return run(ProfileCommand(session, name, "Add note", mutate, plan=False))


def delete_note(*, session: Session, note_id: int) -> Changes:
    name = _current(session)
    store = session.store

    def mutate() -> str:
        store.delete_note(name, note_id)
        return name

    return run(ProfileCommand(session, name, "Delete note", mutate, plan=False))


def open_demo_profile(*, session: Session) -> Changes:
    """Create the demo profile (or show it, if it exists): a person part way through a plan, with a note."""
    from careerpath.ui.demo import DEMO_NAME, choose_demo  # imports the planner: only when asked

    if DEMO_NAME in session.profile_names():
        session.set_current(DEMO_NAME)
        return Changes(DEMO_NAME, plan=True)
    spec = choose_demo(session.catalog)
    store = session.store

    def mutate() -> str:
        with store.transaction("creating the demo profile"):
            store.create_profile(DEMO_NAME, spec.current_role)
            store.add_target(DEMO_NAME, spec.target)
            for cid in spec.completed:
                store.set_progress(DEMO_NAME, cid, "completed")
            for cid, hours in spec.in_progress.items():
                store.set_progress(DEMO_NAME, cid, "in-progress", hours=hours)
            store.add_note(DEMO_NAME, spec.note)
        return DEMO_NAME

    return run(ProfileCommand(session, None, "Open demo profile", mutate, profiles=True))
