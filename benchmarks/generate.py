"""A seeded generator of catalogs at ESCO scale, and of people to plan for, for benchmarks and tests.

The shape follows what real catalogs look like: skills and credentials fall into domains; inside a domain
a credential grants a handful of neighbouring skills (so a role's skills share credentials and the covering
problem is not trivial); credentials sit on tiers 0 to ``depth - 1`` and each credential above tier 0 needs
something from the tier just below it (``requires``, an N-of-M ``requires_any`` group or ``requires_skills``),
so prerequisite chains reach ``depth`` credentials. Every skill is granted by 1 to 8 credentials. Hours run
from 5 to 200 and costs from 0 to 2000 USD, growing with the tier.

The same seed always gives the same catalog and the same people.

Usage::

    python benchmarks/generate.py --out catalog.json [--seed 1] [--skills 14000 --credentials 10000 --roles 3000]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerpath.graph.catalog_io import catalog_from_dict
from careerpath.graph.files import write_atomic
from careerpath.graph.model import LEVELS, Catalog
from careerpath.graph.plan_types import Person

DOMAINS = (
    "data", "cloud", "security", "software", "networks", "finance", "accounting", "marketing", "sales",
    "logistics", "health", "nursing", "teaching", "design", "manufacturing", "energy", "construction",
    "law", "hospitality", "agriculture", "media", "hr", "project", "research", "languages",
)
MODES = ("online", "in-person", "blended")
TIER_SHARE = (0.34, 0.24, 0.17, 0.12, 0.08, 0.05)  # credentials per tier, lowest first (depth 6)
GRANTERS = (1, 2, 3, 4, 5, 6, 7, 8)  # how many credentials grant a skill ...
GRANTER_WEIGHTS = (3.0, 4.0, 4.0, 3.0, 2.0, 1.5, 1.0, 0.5)  # ... and how often


@dataclass(frozen=True)
class Size:
    skills: int = 14_000
    credentials: int = 10_000
    roles: int = 3_000
    role_skills: int = 30
    depth: int = 6

    @property
    def domains(self) -> int:
        return max(1, min(self.skills // 280, self.credentials // 200) or 1)


ESCO = Size()
SMALL = Size(skills=300, credentials=200, roles=50, role_skills=12, depth=4)


def _tier_shares(depth: int) -> list[float]:
    shares = list(TIER_SHARE[:depth]) + [TIER_SHARE[-1]] * max(0, depth - len(TIER_SHARE))
    total = sum(shares)
    return [s / total for s in shares]


def _near(rng: random.Random, pool: list[int], centre: float, spread: int) -> int:
    """An element of ``pool`` (sorted by position) close to relative position ``centre``."""
    k = round(centre * (len(pool) - 1)) + rng.randint(-spread, spread)
    return pool[min(len(pool) - 1, max(0, k))]


def catalog_dict(seed: int = 1, size: Size = ESCO) -> dict[str, Any]:
    """The catalog as the JSON object of catalog-format.md (not validated; see ``generate``)."""
    rng = random.Random(seed)
    n_dom = size.domains
    dom_names = [DOMAINS[d % len(DOMAINS)] + (f"-{d // len(DOMAINS) + 1}" if d >= len(DOMAINS) else "")
                 for d in range(n_dom)]
    skill_dom = [i * n_dom // size.skills for i in range(size.skills)]
    cred_dom = [i * n_dom // size.credentials for i in range(size.credentials)]
    dom_skills: list[list[int]] = [[] for _ in range(n_dom)]
    dom_creds: list[list[int]] = [[] for _ in range(n_dom)]
    for i, d in enumerate(skill_dom):
        dom_skills[d].append(i)
    for i, d in enumerate(cred_dom):
        dom_creds[d].append(i)
    shares = _tier_shares(size.depth)
    tier = rng.choices(range(size.depth), weights=shares, k=size.credentials)
    # Every tier below one that a domain has must exist in it too: a credential needs something one tier down.
    for d in range(n_dom):
        for t in range(size.depth - 1, 0, -1):
            have = [c for c in dom_creds[d] if tier[c] == t]
            if have and not any(tier[c] == t - 1 for c in dom_creds[d]):
                tier[have[0]] = t - 1

    # Grants: each skill by 1-8 credentials of its domain near its own position.
    grants: list[list[int]] = [[] for _ in range(size.credentials)]
    granters: list[list[int]] = [[] for _ in range(size.skills)]
    for s in range(size.skills):
        creds = dom_creds[skill_dom[s]]
        pos = dom_skills[skill_dom[s]].index(s) / max(1, len(dom_skills[skill_dom[s]]) - 1)
        want = min(len(creds), rng.choices(GRANTERS, weights=GRANTER_WEIGHTS)[0])
        while len(granters[s]) < want:
            c = _near(rng, creds, pos, 10 + want)
            if c not in granters[s]:
                granters[s].append(c)
                grants[c].append(s)
    for c in range(size.credentials):
        if not grants[c]:  # every credential grants something: take a near skill with room for one more
            skills = dom_skills[cred_dom[c]]
            pos = dom_creds[cred_dom[c]].index(c) / max(1, len(dom_creds[cred_dom[c]]) - 1)
            s = _near(rng, skills, pos, 15)
            if len(granters[s]) >= GRANTERS[-1]:
                s = min(skills, key=lambda k: (len(granters[k]), k))
            granters[s].append(c)
            grants[c].append(s)
    # A skill sits on the highest tier of its granters: requiring it from a higher tier keeps the graph acyclic.
    skill_tier = [max(tier[c] for c in granters[s]) for s in range(size.skills)]
    by_tier: dict[tuple[int, int], list[int]] = {}
    for c in range(size.credentials):
        by_tier.setdefault((cred_dom[c], tier[c]), []).append(c)
    skills_by_tier: dict[tuple[int, int], list[int]] = {}
    for s in range(size.skills):
        skills_by_tier.setdefault((skill_dom[s], skill_tier[s]), []).append(s)

    cid = [f"cr{c:05d}" for c in range(size.credentials)]
    sid = [f"sk{s:05d}" for s in range(size.skills)]
    providers = [f"{dom_names[d].title()} Institute" for d in range(n_dom)] + [
        "Open Academy", "Global Learning", "Skillhub", "Career College", "Tech University", "Pro Certs"]
    credentials = []
    for c in range(size.credentials):
        d, t = cred_dom[c], tier[c]
        pos = dom_creds[d].index(c) / max(1, len(dom_creds[d]) - 1)
        req: list[int] = []
        groups: list[dict[str, Any]] = []
        req_sk: list[int] = []
        if t > 0:
            below = by_tier[(d, t - 1)]
            kind = rng.random()
            below_sk = skills_by_tier.get((d, t - 1), [])
            if kind < 0.25 and len(below) >= 2:
                of = sorted({_near(rng, below, pos, 6) for _ in range(rng.randint(2, 4))})
                if len(of) >= 2:
                    groups.append({"count": 2 if len(of) >= 3 and rng.random() < 0.3 else 1,
                                   "of": [cid[x] for x in of]})
            elif kind < 0.45 and below_sk:
                req_sk.append(_near(rng, below_sk, pos, 4))
            if not groups and not req_sk:
                req.append(_near(rng, below, pos, 4))
            if rng.random() < 0.2:  # a second, looser prerequisite from any lower tier
                lower = by_tier[(d, rng.randrange(t))]
                extra = _near(rng, lower, pos, 8)
                if extra not in req:
                    req.append(extra)
            if rng.random() < 0.15:
                lower_sk = skills_by_tier.get((d, rng.randrange(t)), [])
                if lower_sk:
                    extra = _near(rng, lower_sk, pos, 8)
                    if extra not in req_sk:
                        req_sk.append(extra)
        hours = min(200.0, max(5.0, round(math.exp(rng.gauss(math.log(18 + 14 * t), 0.55)) * 2) / 2))
        cost = 0.0 if rng.random() < 0.25 else float(
            min(2000, max(0, round(math.exp(rng.gauss(math.log(120 + 90 * t), 0.8)) / 5) * 5)))
        level_i = min(len(LEVELS) - 1, t * len(LEVELS) // size.depth)
        entry: dict[str, Any] = {
            "id": cid[c], "name": f"{dom_names[d].title()} certificate {c} (tier {t})",
            "provider": providers[d] if rng.random() < 0.6 else rng.choice(providers[n_dom:]),
            "hours": hours, "cost": cost, "currency": "USD", "mode": rng.choice(MODES),
            "grants": [sid[s] for s in grants[c]],
            "requires": [cid[x] for x in req], "requires_any": groups, "requires_skills": [sid[s] for s in req_sk],
        }
        if rng.random() < 0.85:
            entry["level"] = LEVELS[level_i]
        credentials.append(entry)

    roles = []
    for r in range(size.roles):
        d = rng.randrange(n_dom)
        doms = [d] + [rng.randrange(n_dom) for _ in range(rng.randint(0, 2))]
        want = max(2, round(rng.gauss(size.role_skills, 3)))
        picked: dict[int, None] = {}
        centres = [(dd, rng.random()) for dd in doms for _ in range(rng.randint(2, 4) if dd == d else 1)]
        spread = 12
        while len(picked) < want:
            dd, centre = rng.choice(centres)
            s = _near(rng, dom_skills[dd], centre, spread)
            if s in picked:
                spread += 1  # so that a role near a domain's edge still finds enough skills
            picked[s] = None
        chosen = [sid[s] for s in picked]
        role: dict[str, Any] = {"id": f"role{r:04d}", "name": f"{dom_names[d].title()} role {r}",
                                "code": f"{1000 + d * 37 % 9000}.{r}"}
        if len(chosen) > 6 and rng.random() < 0.35:
            of = chosen[-rng.randint(3, 4):]
            chosen = chosen[: len(chosen) - len(of)]
            role["requires_any"] = [{"count": rng.randint(1, 2), "of": of}]
        role["requires"] = chosen
        if rng.random() < 0.2:
            role["levels"] = {s: rng.choice(LEVELS[:3]) for s in rng.sample(chosen, min(3, len(chosen)))}
        role["optional"] = [sid[_near(rng, dom_skills[d], rng.random(), 12)] for _ in range(rng.randint(0, 3))]
        role["optional"] = [s for s in dict.fromkeys(role["optional"]) if s not in chosen]
        roles.append(role)

    skills = [{"id": sid[s], "name": f"{dom_names[skill_dom[s]]} skill {s}",
               "kind": rng.choice(("skill", "knowledge", "tool"))} for s in range(size.skills)]
    return {
        "format": "careerpath-catalog", "version": 1,
        "name": f"Generated catalog (seed {seed}, {size.skills} skills)",
        "source": "benchmarks/generate.py", "license": "CC0-1.0",
        "skills": skills, "credentials": credentials, "roles": roles,
    }


def generate(seed: int = 1, size: Size = ESCO) -> Catalog:
    """A validated Catalog (through ``catalog_from_dict``), the same for the same seed and size."""
    return catalog_from_dict(catalog_dict(seed, size), source=f"<generated seed={seed}>")


def random_person(catalog: Catalog, role_id: str, rng: random.Random) -> Person:
    """Someone on the way to ``role_id``: holds some of its skills, has done a few credentials, maybe one started."""
    role = catalog.roles[role_id]
    needed = role.all_skills()
    have: dict[str, str | None] = {}
    for s in rng.sample(needed, round(len(needed) * rng.uniform(0.0, 0.5))):
        have[s] = None if rng.random() < 0.7 else rng.choice(LEVELS)
    by_skill = catalog.granted_by()
    granting = sorted({c for s in needed for c in by_skill.get(s, ())})
    entry_level = [c for c in granting if not catalog.credentials[c].requires
                   and not catalog.credentials[c].requires_any and not catalog.credentials[c].requires_skills]
    done = set(rng.sample(entry_level, min(len(entry_level), rng.randint(0, 3))))
    in_progress: dict[str, float] = {}
    if rng.random() < 0.2:
        open_ = [c for c in granting if c not in done]
        if open_:
            c = rng.choice(open_)
            in_progress[c] = round(catalog.credentials[c].hours * rng.uniform(0.1, 0.9), 1)
    return Person(have=have, done=frozenset(done), in_progress=in_progress)


def random_pairs(catalog: Catalog, n: int, seed: int = 7) -> list[tuple[Person, str]]:
    """``n`` (person, role id) pairs, the same for the same catalog and seed."""
    rng = random.Random(seed)
    roles = sorted(catalog.roles)
    out = []
    for _ in range(n):
        role_id = rng.choice(roles)
        out.append((random_person(catalog, role_id, rng), role_id))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skills", type=int, default=ESCO.skills)
    parser.add_argument("--credentials", type=int, default=ESCO.credentials)
    parser.add_argument("--roles", type=int, default=ESCO.roles)
    parser.add_argument("--role-skills", type=int, default=ESCO.role_skills)
    parser.add_argument("--depth", type=int, default=ESCO.depth)
    args = parser.parse_args(argv)
    size = Size(args.skills, args.credentials, args.roles, args.role_skills, args.depth)
    t0 = time.perf_counter()
    data = catalog_dict(args.seed, size)
    catalog = catalog_from_dict(data, source=args.out)  # validate before writing
    write_atomic(args.out, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), private=False)
    print(f"{Path(args.out)}: {catalog.counts()} in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
