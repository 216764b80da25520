"""The boxes of the plan graph: a step, what the person has, the role; each in a full, compact or mini form."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from careerpath.graph.draw_text import Meter, Para, format_hours, format_money, truncate_lines
from careerpath.graph.model import Catalog
from careerpath.graph.palette import STATUS, status_key
from careerpath.graph.plan_types import Person, Plan, Step
from careerpath.graph.renewal import renewal_words


def skill_name(catalog: Catalog, skill: str) -> str:
    found = catalog.skills.get(skill)
    return found.name if found else skill


def held_skills(catalog: Catalog, person: Person) -> dict[str, str | None]:
    """Skills the person has: those recorded, and those granted by completed credentials."""
    held = dict(person.have)
    for cid in sorted(person.done):
        cred = catalog.credentials.get(cid)
        for skill in cred.grants if cred else ():
            held.setdefault(skill, None)
    return held


def role_skills(catalog: Catalog, plan: Plan) -> list[str]:
    role = catalog.roles.get(plan.role)
    if role is not None:
        return role.all_skills()
    seen: dict[str, None] = {}
    for step in plan.steps:
        seen.update(dict.fromkeys(step.covers))
    seen.update(dict.fromkeys(m.skill for m in plan.missing))
    return list(seen)


# --- nodes -------------------------------------------------------------------------------------------------

PAD, PARA_GAP, BADGE_GAP = 0.08, 0.035, 0.06


@dataclass
class Node:
    key: str
    kind: str  # step | have | role | dummy | group | message
    paras: list[Para] = field(default_factory=list)
    w: float = 0.0
    h: float = 0.0
    x: float = 0.0  # left, natural inches
    y: float = 0.0  # top, natural inches, growing downwards
    step: Step | None = None
    number: int = 0
    sep_before: int = -1  # index of the paragraph a thin rule goes above
    pad: float = PAD

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def fit(self) -> None:
        """Size the box around its paragraphs."""
        if self.kind == "dummy":
            self.w, self.h = 0.0, 0.06
            return
        inner_w = max((p.indent + p.w for p in self.paras), default=0.0)
        inner_h = sum(p.h for p in self.paras) + PARA_GAP * max(len(self.paras) - 1, 0)
        if self.sep_before > 0:
            inner_h += 0.04
        self.w = max(self.w, inner_w + 2 * self.pad)
        self.h = max(self.h, inner_h + 2 * self.pad)


@dataclass(frozen=True)
class Mode:
    """How much each box says: ``full`` for a graph on its own, ``compact`` and ``mini`` for a crowded page.

    Attributes:
        readable: the least font size (points, after scaling) at which this mode is used without looking
            for a terser one.
        box_gap: vertical space between boxes of a column, inches.
    """

    name: str
    title: float
    small: float
    name_chars: int
    name_lines: int
    list_cap: int
    readable: float
    box_gap: float
    pad: float
    col_gap: float
    group: bool  # gather steps without prerequisites in a frame (clearer), or spread them over the columns
    spread: float  # how much taller than its tallest column the graph may grow to keep arrows straight


FULL = Mode("full", 9.0, 7.5, 24, 4, 8, 7.5, 0.2, 0.08, 0.55, True, 1.3)
COMPACT = Mode("compact", 8.0, 6.8, 20, 2, 5, 7.0, 0.16, 0.07, 0.5, True, 1.2)
MINI = Mode("mini", 7.5, 6.5, 20, 1, 4, 99.0, 0.07, 0.045, 0.42, False, 1.05)  # wins only on size
MODES = (FULL, COMPACT, MINI)


# --- step names cut to fit, each still told apart from the others -------------------------------------------

ELLIPSIS = "…"
SHOWN_PAST = 5  # a name cut at its end shows this many characters past where it differs from another, or more


def _end_cut(name: str, chars: int, lines: int) -> str:
    """``name`` in ``lines`` lines of ``chars`` characters, cut at its end. One line is cut by characters, not
    words, to keep as much of the name as fits."""
    if lines == 1:
        return name if len(name) <= chars else name[: chars - 1].rstrip() + ELLIPSIS
    return "\n".join(truncate_lines(name, chars, lines))


def _common(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` begin with alike."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _bare(text: str) -> str:
    return "".join(text.split())  # a wrapped or cut name compared with whole ones: spaces and breaks aside


def _middle_text(name: str, budget: int, start: int, alike: list[str]) -> str | None:
    """``name`` in ``budget`` characters, its beginning and, after an ellipsis, what tells it apart from ``alike``
    (names that begin as it does, up to the word at ``start``): its end, where theirs differ, else the part from
    ``start``. None where its beginning up to ``start`` fits as it is."""
    room = budget - max(4, budget // 4) - 2  # the beginning keeps a quarter; an ellipsis and a space between
    if room < 3:
        return None
    differing = name[start:]
    tail = name[-min(room, max(len(differing), round(budget * 0.45))):].lstrip()
    if len(tail) >= len(name) - 4:
        return None  # nearly all of it: nothing worth leaving out
    if name[-len(tail) - 1] != " " and " " in tail[:-3]:
        tail = tail[tail.index(" ") + 1:]  # from a word's start, not the middle of one
    after = ""
    if any(other.endswith(tail) for other in alike):  # they end alike too: show where it differs
        tail, after = differing[: room - 1].rstrip(), ELLIPSIS
        if " " in tail:  # whole words: "Security…", not "Security Eng…"
            tail = tail[: tail.rindex(" ")].rstrip(" ,;:–-")
    head = name[: budget - len(tail) - len(after) - 2].rstrip()
    if len(head) >= start:
        return None
    return f"{head}{ELLIPSIS} {tail}{after}"


def _middle_cut(name: str, chars: int, lines: int, differs_at: int, alike: list[str]) -> str | None:
    """``name`` with its middle left out, in ``lines`` lines of ``chars`` characters: "Google Cloud Pr… Cloud
    Architect" beside "Google Cloud Pr… Security Engineer". None when no such cut fits."""
    start = name.rfind(" ", 0, differs_at) + 1  # the word it differs in
    for budget in range(chars * lines, 7, -1):
        text = _middle_text(name, budget, start, alike)
        if text is None:
            return None
        if lines == 1:
            return text
        wrapped = textwrap.wrap(text, width=chars, break_on_hyphens=True)
        if len(wrapped) <= lines:
            return "\n".join(wrapped)
    return None


def step_names(names: list[str], chars: int, lines: int) -> list[str]:
    """Each name in at most ``lines`` lines of about ``chars`` characters, as a box shows it.

    A name cut at its end that reads as the cut of another too ("Google Cloud Profes…" for three Google Cloud
    Professional credentials) is cut in the middle instead, to keep what tells it apart.
    """
    out = []
    for i, name in enumerate(names):
        cut = _end_cut(name, chars, lines)
        shown = _bare(cut).removesuffix(ELLIPSIS)
        if not cut.endswith(ELLIPSIS):
            out.append(cut)
            continue
        # others it is told apart from only in its last few characters shown ("…Cloud Arc…", "…Cloud Sec…")
        alike = [other for j, other in enumerate(names)
                 if j != i and _common(_bare(name), _bare(other)) > len(shown) - SHOWN_PAST]
        if not alike:
            out.append(cut)
            continue
        differs_at = max(_common(name, other) for other in alike)
        out.append(_middle_cut(name, chars, lines, differs_at, alike) or cut)
    return out


def step_node(step: Step, number: int, catalog: Catalog, roleset: set[str], mode: Mode, meter: Meter,
              name: str | None = None, person: Person | None = None) -> Node:
    """A step's box; ``name``: its name as cut to fit (see step_names), else cut here; ``person``, the plan's, says
    whether the step renews a credential that expired."""
    key = status_key(step.status)
    st = STATUS[key]
    badge = max(meter.size("00", mode.small, "bold")) + 0.03
    name = name if name is not None else _end_cut(step.name, mode.name_chars, mode.name_lines)
    if mode is MINI:
        name = f"{st.marker} {name}"
    paras = [Para(name, mode.title, "bold", "ink", indent=badge + BADGE_GAP)]
    money = format_money(step.cost, step.currency)
    node = Node(step.credential, "step", step=step, number=number, pad=mode.pad)
    if mode is FULL:
        if step.provider:
            paras.append(Para("\n".join(truncate_lines(step.provider, 30, 2)), mode.small, tone="muted"))
        paras.append(Para(f"{format_hours(step.hours)} · {money}", mode.small))
        paras.append(Para(f"{st.marker} {renewal_words(person, step.credential) or st.label}", mode.small, "bold", key))
        cred = catalog.credentials.get(step.credential)
        grants = list(cred.grants) if cred else list(step.covers)
        main = [skill_name(catalog, s) for s in grants if s in roleset]
        other = [skill_name(catalog, s) for s in grants if s not in roleset]
        if main or other:
            node.sep_before = len(paras)
        if main:
            paras.append(Para("\n".join(truncate_lines("◆ " + ", ".join(main), 32, 4)), mode.small - 0.5, "bold"))
        if other:
            paras.append(Para("\n".join(truncate_lines("also " + ", ".join(other), 34, 3)), mode.small - 0.5,
                              tone="muted"))
    elif mode is COMPACT:
        paras.append(Para(f"{st.marker} {format_hours(step.hours)} · {money}", mode.small, tone=key))
    node.paras = [p.measure(meter) for p in paras]
    node.fit()
    return node


def have_node(catalog: Catalog, person: Person, plan: Plan, mode: Mode, meter: Meter) -> Node:
    held = held_skills(catalog, person)
    relevant = [s for s in role_skills(catalog, plan) if s in held]
    extra = sorted(s for step in plan.steps for s in _requires_skills(catalog, step.credential) if s in held)
    relevant += [s for s in dict.fromkeys(extra) if s not in relevant]
    items = []
    for s in relevant[: mode.list_cap]:
        level = held.get(s)
        items.append(f"• {skill_name(catalog, s)}" + (f" ({level})" if level else ""))
    if len(relevant) > mode.list_cap:
        items.append(f"+{len(relevant) - mode.list_cap} more")
    if not items:
        items = ["none of this role's", "skills yet"]
    paras = [Para("You have", mode.title, "bold")]
    paras.append(Para("\n".join(items), mode.small))
    done = [c for c in person.done if c in catalog.credentials]
    if done:
        paras.append(Para(f"{len(done)} completed credential{'s' if len(done) != 1 else ''}", mode.small,
                          tone="muted"))
    node = Node("__have__", "have", paras=[p.measure(meter) for p in paras], pad=mode.pad)
    node.fit()
    return node


def role_node(catalog: Catalog, person: Person, plan: Plan, mode: Mode, meter: Meter, *,
              skills: bool = True) -> Node:
    """The role: its name, whether the plan reaches it and (with ``skills``) where each of its skills comes from."""
    held = held_skills(catalog, person)
    source = {s: i for i, step in enumerate(plan.steps, 1) for s in step.covers}
    missing = {m.skill: m for m in plan.missing}
    role = catalog.roles.get(plan.role)
    required = set(role.requires) if role else set(source) | set(missing)
    lines = []
    for s in role_skills(catalog, plan):
        name = skill_name(catalog, s)
        if s in missing:
            count = missing[s].count
            lines.append(f"✗ {name}" + (f" (×{count})" if count != 1 else "") + " · missing")
        elif s in source:
            lines.append(f"→ {name} · step {source[s]}")
        elif s in held:
            lines.append(f"✓ {name} · you have")
        elif s in required:
            lines.append(f"✗ {name} · missing")
    for s, m in missing.items():
        if m.of:  # an N-of-M group: its skills by name, as the steps table and the command line say it
            lines.append(f"✗ {m.count} of {' | '.join(skill_name(catalog, sk) for sk in m.of)} · missing")
        elif not any(line.startswith(f"✗ {skill_name(catalog, s)}") for line in lines):
            lines.append(f"✗ {skill_name(catalog, s)}" + (f" (×{m.count})" if m.count != 1 else "") + " · missing")
    cap = mode.list_cap + 4
    if len(lines) > cap:
        lines = [*lines[: cap - 1], f"+{len(lines) - cap + 1} more"]
    if not plan.steps and plan.complete:
        verdict = "✓ you already meet it"
    elif plan.complete:
        verdict = "reached by this plan"
    else:
        n = sum(m.count for m in plan.missing)
        verdict = f"⚠ {n} skill{'s' if n != 1 else ''} still missing"
    name = "\n".join(truncate_lines(plan.role_name or plan.role, 22, 3))
    paras = [
        Para("★ TARGET ROLE", mode.small - 0.5, "bold", "role_eyebrow"),
        Para(name, mode.title + 2, "bold", "role_name"),
        Para(verdict, mode.small, "bold", "role_warn" if not plan.complete else "role_ok"),
    ]
    if mode is MINI or not skills:
        lines = []
    if lines:
        paras.append(Para("\n".join(lines), mode.small - 0.5, tone="role_text"))
    node = Node("__role__", "role", paras=[p.measure(meter) for p in paras], pad=mode.pad)
    node.sep_before = 3 if lines else -1
    node.fit()
    return node


def _requires_skills(catalog: Catalog, cid: str) -> tuple[str, ...]:
    cred = catalog.credentials.get(cid)
    return cred.requires_skills if cred else ()
