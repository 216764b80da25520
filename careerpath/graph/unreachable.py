"""Why a required credential is out of reach, for the planner's refusal: the prerequisites one level down that
no plan can meet, each with its cause."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from careerpath.graph.model import Catalog


def blockers(catalog: Catalog, cid: str, ok: Collection[str], excluded: Collection[str],
             holds: Callable[[str], bool], grants: Mapping[str, Sequence[str]]) -> list[str]:
    """What keeps credential ``cid`` out of reach: "'cc' (excluded)", "1 of 'a' (excluded), 'b' (out of reach)",
    "skill 'c' (granted only by excluded 'cc')". ``ok``: the credentials done or within reach; ``holds``: whether
    the person holds a skill; ``grants``: skill id -> the credentials granting it."""
    creds = catalog.credentials

    def why(dep: str) -> str:
        if dep in excluded:
            return f"{dep!r} (excluded)"
        return f"{dep!r} (not in the catalog)" if dep not in creds else f"{dep!r} (out of reach)"

    cred = creds[cid]
    out = [why(d) for d in cred.requires if d not in ok]
    for group in cred.requires_any:
        if sum(1 for d in group.of if d in ok) < group.count:
            out.append(f"{group.count} of " + ", ".join(repr(d) if d in ok else why(d) for d in group.of))
    for skill in cred.requires_skills:
        granters = list(grants.get(skill, ()))
        if holds(skill) or any(c in ok for c in granters):
            continue
        banned = [c for c in granters if c in excluded]
        if not granters:
            out.append(f"skill {skill!r} (granted by no credential)")
        elif banned:
            out.append(f"skill {skill!r} (granted only by excluded {', '.join(map(repr, banned))}"
                       + (" or credentials out of reach)" if len(banned) < len(granters) else ")"))
        else:
            out.append(f"skill {skill!r} (granted only by credentials out of reach)")
    return out or ["none of its ways in is open"]
