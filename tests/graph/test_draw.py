"""The plan chart and the timeline: laid out from measured text, nothing overlapping, status never by colour alone."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import subprocess
import sys
from dataclasses import replace

import matplotlib
import pytest
from matplotlib.backend_bases import ResizeEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Text

from careerpath.graph import draw, draw_layout, draw_nodes, draw_text, palette
from careerpath.graph.draw import plan_graph_figure, timeline_figure
from careerpath.graph.draw_layout import plan_dag
from careerpath.graph.model import Catalog, Credential, Group, Role, Skill
from careerpath.graph.plan_types import Missing, Person, Plan, Step
from careerpath.graph.schedule import schedule

NAMES = [
    "SQL Basics", "Advanced SQL for Analytics", "Statistics Fundamentals", "Python for Data Analysis",
    "Data Visualization with Tableau", "Power BI Essentials", "Excel Modeling", "Machine Learning Foundations",
    "Deep Learning Specialization: Neural Networks and Deep Learning", "Cloud Data Engineering on AWS",
    "Spark and Big Data Processing", "Data Ethics and Governance", "A/B Testing & Experimentation",
    "Business Communication for Analysts", "Agile Project Management", "Linux Command Line",
    "Git and Version Control", "dbt Fundamentals", "Airflow Orchestration", "Docker Containers",
    "Looker Studio Dashboards", "R Programming", "Bayesian Inference", "Time Series Forecasting",
    "Natural Language Processing with Transformers", "Data Warehousing Concepts", "Kubernetes Basics",
    "Storytelling with Data", "Probability Theory", "Linear Algebra Refresher",
]
PROVIDERS = ["Example Academy", "Open University of the Web", "DataCamp-like Institute", "Coursework Inc.",
             "Free Code Hub"]
START = dt.date(2026, 3, 2)


def make_case(n: int = 25, *, dated: bool = True, names: list[str] | None = None,
              statuses: bool = True) -> tuple[Catalog, Person, Plan]:
    """A catalog, a person and a hand-built plan of ``n`` steps with short prerequisite chains.

    Every third step is independent; the others need the step one or two before them (by ``requires``),
    which gives several layers, long edges and steps without prerequisites. The first two steps are done,
    the third in progress; with ``dated`` the steps run back to back from START.
    """
    names = names or NAMES
    skills = {"held1": Skill("held1", "Spreadsheets"), "held2": Skill("held2", "Communication"),
              "nope": Skill("nope", "Quantum Leadership")}
    creds: dict[str, Credential] = {}
    for i in range(n):
        cid = f"c{i:02d}"
        for sid in (f"s{i:02d}", f"x{i:02d}"):
            skills[sid] = Skill(sid, ("Skill " if sid[0] == "s" else "Extra ") + f"{names[i % len(names)][:12]} {i}")
        requires = (f"c{i - 2:02d}",) if i >= 3 and i % 3 and i % 2 else (
            (f"c{i - 1:02d}",) if i >= 3 and i % 3 else ())
        creds[cid] = Credential(cid, names[i % len(names)], (f"s{i:02d}", f"x{i:02d}"),
                                provider=PROVIDERS[i % len(PROVIDERS)], hours=8 + (i * 7) % 40,
                                cost=float((i * 37) % 200), currency="USD", requires=requires)
    role = Role("senior-ds", "Senior Data Scientist",
                (*(f"s{i:02d}" for i in range(n)), "held1", "held2", "nope"))
    catalog = Catalog(skills, creds, {role.id: role},
                      {"name": "Synthetic catalog", "attribution": "Data © Example Org, CC-BY-4.0"})
    unlocks: dict[str, list[str]] = {}
    for cid, cred in creds.items():
        for pre in cred.requires:
            unlocks.setdefault(pre, []).append(cid)
    steps = []
    day = START
    for i, (cid, cred) in enumerate(creds.items()):
        status = ("completed" if i < 2 else "in-progress" if i == 2 else "planned") if statuses else "planned"
        weeks = max(1, round(cred.hours / 6))
        start, end = (day, day + dt.timedelta(days=7 * weeks - 1)) if dated else (None, None)
        day += dt.timedelta(days=7 * weeks)
        steps.append(Step(cid, cred.name, cred.provider, cred.hours, cred.cost, cred.currency, (f"s{i:02d}",),
                          tuple(unlocks.get(cid, ())), status, start, end))
    plan = Plan(role.id, role.name, "hours", False, True, tuple(steps),
                (Missing("nope", "granted by no credential"),), "USD",
                finish=day - dt.timedelta(days=1) if dated else None)
    return catalog, Person(have={"held1": "advanced", "held2": None}, name="Ana Ruiz"), plan


def texts(fig: Figure) -> list[tuple[str, object]]:
    """Every visible, non-empty text of a drawn figure with its window extent."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip()]


def collisions(fig: Figure, tol: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of texts whose extents intersect, and texts running off the figure (paired with "OFF")."""
    boxes = texts(fig)
    width, height = fig.bbox.width, fig.bbox.height
    bad = []
    for a, ba in boxes:
        if ba.x0 < -tol or ba.y0 < -tol or ba.x1 > width + tol or ba.y1 > height + tol:
            bad.append((a, "OFF"))
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        if min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > tol and min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > tol:
            bad.append((a, b))
    return bad


def escapes(fig: Figure, tol: float = 0.5) -> list[str]:
    """Texts that cross the edge of a box (step, role, "You have") instead of sitting inside or outside it."""
    boxes = [p.get_window_extent(fig.canvas.get_renderer()) for ax in fig.axes for p in ax.patches
             if isinstance(p, FancyBboxPatch) and p.get_zorder() == 2]
    out = []
    for text, bb in texts(fig):
        for b in boxes:
            meets = min(bb.x1, b.x1) - max(bb.x0, b.x0) > tol and min(bb.y1, b.y1) - max(bb.y0, b.y0) > tol
            inside = b.x0 - tol <= bb.x0 and bb.x1 <= b.x1 + tol and b.y0 - tol <= bb.y0 and bb.y1 <= b.y1 + tol
            if meets and not inside:
                out.append(text)
    return out


def all_text(fig: Figure) -> str:
    return "\n".join(t for t, _ in texts(fig))


# --- the plan graph ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5, 30])
def test_no_label_overlaps_or_runs_off_a_grown_figure(n: int) -> None:
    catalog, person, plan = make_case(n)
    fig = plan_graph_figure(plan, catalog, person)
    assert collisions(fig) == []
    assert escapes(fig) == []
    assert len(texts(fig)) > 4 * n


@pytest.mark.parametrize("dpi", [72, 150])
def test_no_overlaps_at_other_resolutions(dpi: int) -> None:
    catalog, person, plan = make_case(30)
    assert collisions(plan_graph_figure(plan, catalog, person, dpi=dpi)) == []


@pytest.mark.parametrize(("size", "dpi", "n"), [((6.0, 4.0), 100, 30), ((14.0, 5.0), 96, 30), ((4.0, 9.0), 100, 30),
                                               ((12.0, 7.0), 50, 30), ((6.0, 4.0), 72, 5), ((9.0, 5.0), 144, 8)])
def test_a_given_figure_is_reused_and_everything_fits_in_it(size: tuple[float, float], dpi: int, n: int) -> None:
    catalog, person, plan = make_case(n)
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    assert plan_graph_figure(plan, catalog, person, fig=fig) is fig
    assert tuple(fig.get_size_inches()) == size
    assert collisions(fig) == []
    assert escapes(fig) == []


LONG_SKILL = "maintain healthcare user data confidentiality"  # a skill of the bundled health data analyst


@pytest.mark.parametrize(("n", "size", "dpi"), [(4, (6.0, 4.0), 100), (8, (4.0, 9.0), 100), (1, (6.0, 4.0), 72),
                                               (4, (11.0, 4.0), 96), (8, (9.0, 5.0), 144)])
def test_a_long_skill_line_stays_inside_the_role_box(n: int, size: tuple[float, float], dpi: int) -> None:
    catalog, person, plan = make_case(n)
    catalog = Catalog({**catalog.skills, "s00": Skill("s00", LONG_SKILL)}, catalog.credentials, catalog.roles,
                      catalog.meta)
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    plan_graph_figure(plan, catalog, person, fig=fig)
    assert f"→ {LONG_SKILL} · step 1" in all_text(fig)
    assert escapes(fig) == []
    assert collisions(fig) == []


def test_the_figure_grows_with_the_plan() -> None:
    catalog, person, small = make_case(3)
    _, _, big = make_case(30)
    w3, h3 = plan_graph_figure(small, catalog, person).get_size_inches()
    w30, h30 = plan_graph_figure(big, catalog, person).get_size_inches()
    assert w30 * h30 > 3 * w3 * h3
    assert draw.graph_natural_size(big, catalog, person) == pytest.approx((w30, h30))


def test_a_resized_canvas_redraws_at_the_new_size() -> None:
    catalog, person, plan = make_case(8)
    fig = Figure(figsize=(5, 3), dpi=100)
    FigureCanvasAgg(fig)
    plan_graph_figure(plan, catalog, person, fig=fig)
    def largest() -> float:
        return max(t.get_fontsize() for t in fig.findobj(Text) if t.get_text())

    before = largest()
    fig.set_size_inches(14, 8)
    ResizeEvent("resize_event", fig.canvas)._process()
    after = largest()
    assert after > before
    assert collisions(fig) == []


def test_boxes_show_number_name_provider_hours_cost_status_and_skills() -> None:
    catalog, person, plan = make_case(5)
    text = all_text(plan_graph_figure(plan, catalog, person))
    for number, step in enumerate(plan.steps, 1):
        assert step.name.split()[0] in text
        assert str(number) in text
    assert "Open University of the Web" in text
    assert "15 h · $37" in text
    assert "✓ done" in text and "◐ in progress" in text and "○ planned" in text
    assert "◆ Skill SQL Basics 0" in text  # a role skill, emphasised
    assert "also Extra SQL Basics 0" in text  # a skill the role does not need
    assert "You have" in text and "• Spreadsheets (advanced)" in text
    assert "Senior Data Scientist" in text and "✗ Quantum Leadership · missing" in text


def test_status_is_shown_by_colour_and_by_marker_and_border() -> None:
    styles = list(palette.STATUS.values())
    assert len({s.colour for s in styles}) == 3
    assert len({s.marker for s in styles}) == 3
    assert len({(str(s.linestyle), s.linewidth, s.hatch) for s in styles}) == 3
    assert palette.status_key("completed") == palette.status_key("done") == "done"
    assert palette.status_key("in_progress") == "in-progress"
    assert palette.status_key("whatever") == "planned"


def test_empty_plan_says_there_is_nothing_to_take() -> None:
    catalog, person, plan = make_case(3)
    reached = Plan(plan.role, plan.role_name, "hours", True, True, ())
    text = all_text(plan_graph_figure(reached, catalog, person))
    assert "Nothing to take: you already meet this role" in text
    assert "✓ you already meet it" in text
    stuck = Plan(plan.role, plan.role_name, "hours", False, True, (), (Missing("nope", "granted by no credential"),))
    assert "No credential in this catalog brings you closer" in all_text(plan_graph_figure(stuck, catalog, person))


def test_a_group_left_short_is_named_by_its_skills_in_the_role_box() -> None:
    """The role box listed an N-of-M group left short by its joined ids ("✗ tableau | power-bi · missing")."""
    from careerpath.graph.catalog_io import load_catalog
    from careerpath.graph.plan_types import PlanRequest
    from careerpath.graph.planner import make_plan
    from tests.graph.test_planner import SAMPLE

    catalog = load_catalog(SAMPLE)
    plan = make_plan(catalog, Person(), PlanRequest(role="data-analyst", max_cost=50))
    text = all_text(plan_graph_figure(plan, catalog, Person()))
    assert "✗ 1 of Tableau | Power BI · missing" in text and "tableau | power-bi" not in text


def test_prerequisite_edges_come_from_catalog_and_unlocks_forwards_only_and_reduced() -> None:
    skills = {k: Skill(k, k.upper()) for k in ("a", "b", "c", "d", "e", "held")}
    creds = {
        "A": Credential("A", "A", ("a",)),
        "B": Credential("B", "B", ("b",), requires=("A",)),
        "C": Credential("C", "C", ("c",), requires_any=(Group(1, ("A", "X")),), requires_skills=("b",)),
        "D": Credential("D", "D", ("d",), requires=("A", "C"), requires_skills=("held",)),
        "E": Credential("E", "E", ("e",)),
        "X": Credential("X", "X", ("a",)),
    }
    catalog = Catalog(skills, creds, {"r": Role("r", "R", ("d", "e"))})

    def step(cid: str, unlocks: tuple[str, ...] = ()) -> Step:
        return Step(cid, cid, "", 1, 0, None, (), unlocks)

    plan = Plan("r", "R", "hours", True, True, (step("A"), step("B"), step("C"), step("D"), step("E", ("A",))))
    dag = plan_dag(plan, catalog, Person(have={"held": None}))
    # B needs A; C needs A (1 of A, X) and skill b from B; D needs A and C: A->D is implied, so reduced away.
    # E claims to unlock A, which comes earlier: ignored, edges only run forwards.
    assert sorted(dag.edges) == [("A", "B"), ("B", "C"), ("C", "D")]
    assert list(dag.nodes) == ["A", "B", "C", "D", "E"]


def test_layers_put_every_prerequisite_left_of_what_needs_it() -> None:
    catalog, person, plan = make_case(30)
    lay = draw_layout.layout_plan(plan, catalog, person, draw_nodes.FULL, draw_text.Meter())
    x = {n.key: n.x for n in lay.nodes}
    dag = plan_dag(plan, catalog, person)
    assert dag.number_of_edges() > 10
    for u, v in dag.edges:
        assert x[u] < x[v], (u, v)
    role = next(n for n in lay.nodes if n.kind == "role")
    assert all(n.x + n.w < role.x for n in lay.nodes if n.kind == "step")


def test_independent_steps_are_gathered_in_a_frame_in_full_mode_and_spread_in_mini() -> None:
    catalog, person, plan = make_case(30)
    full = draw_layout.layout_plan(plan, catalog, person, draw_nodes.FULL, draw_text.Meter())
    assert full.group is not None
    mini = draw_layout.layout_plan(plan, catalog, person, draw_nodes.MINI, draw_text.Meter())
    assert mini.group is None
    assert mini.h < full.h / 2


def test_barycenter_ordering_removes_crossings() -> None:
    layers = [["a", "b", "c"], ["z", "y", "x"]]
    down = {"a": ["x"], "b": ["y"], "c": ["z"]}
    up = {"x": ["a"], "y": ["b"], "z": ["c"]}
    assert draw_layout._crossings(layers, down) == 3
    ordered = draw_layout._order(layers, up, down)
    assert draw_layout._crossings(ordered, down) == 0


def test_layout_is_deterministic() -> None:
    catalog, person, plan = make_case(30)

    def snapshot() -> list[tuple[str, float, float]]:
        lay = draw_layout.layout_plan(plan, catalog, person, draw_nodes.FULL, draw_text.Meter())
        return [(n.key, round(n.x, 9), round(n.y, 9)) for n in lay.nodes]

    assert snapshot() == snapshot()


def test_measured_sizes_hold_what_matplotlib_draws() -> None:
    meter = draw_text.Meter()
    fig = Figure(dpi=150)
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    for text, size, weight in [("Statistics Fundamentals", 9, "bold"), ("WWW mmm ✓ ◐ ○", 7.5, "normal"),
                               ("two\nlines here", 8, "normal"), ("Ünïcödé — “quotes” ½", 11, "bold")]:
        t = Text(0, 0, text, fontsize=size, fontweight=weight, fontfamily=draw_text.FONT, parse_math=False)
        t.set_figure(fig)
        bb = t.get_window_extent(renderer)
        w, h = meter.size(text, size, weight)
        assert bb.width / 150 <= w <= bb.width / 150 * 1.15 + 0.03
        assert bb.height / 150 <= h + 0.01


@pytest.mark.parametrize("name", ["Save $5 on $x^2$ \\frac{a}{b} course", "<b>Bold</b> & \"quoted\" 'names'",
                                  "Rocket 🚀 launch 🎉", "עברית ومرحبا", "a" * 120, "   "])
def test_awkward_names_do_not_crash(name: str) -> None:
    catalog, person, plan = make_case(4, names=[name, "Plain"])
    fig = plan_graph_figure(plan, catalog, person)
    with draw_text.drawing_context():  # quiet about the emoji DejaVu Sans lacks
        fig.savefig(io.BytesIO(), format="png")
        assert collisions(fig) == []
    if "$" in name:
        assert any("$5 on $x^2$" in t for t, _ in texts(fig))


def test_drawing_leaves_global_matplotlib_state_alone() -> None:
    before = dict(matplotlib.rcParams)
    catalog, person, plan = make_case(5)
    plan_graph_figure(plan, catalog, person)
    timeline_figure(plan)
    assert dict(matplotlib.rcParams) == before


def test_no_pyplot_is_imported() -> None:
    code = ("import sys, json; import careerpath.graph.draw, careerpath.graph.export; "
            "print(json.dumps('matplotlib.pyplot' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) is False


# --- the timeline --------------------------------------------------------------------------------------------


def test_timeline_has_one_labelled_bar_per_dated_step() -> None:
    _, _, plan = make_case(30)
    fig = timeline_figure(plan)
    bars = [p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 30
    text = all_text(fig)
    for number, step in enumerate(plan.steps, 1):
        assert f"\n{number}\n" in f"\n{text}\n"
        assert step.name[:20] in text
    assert "wk 0" in text and "2 Mar 2026" in text
    assert collisions(fig) == []
    # Bars start at their step's week: the fourth step starts after the first three.
    fourth = sorted(bars, key=lambda p: p.get_y())[3]
    assert fourth.get_x() == pytest.approx((plan.steps[3].start - START).days / 7)


def test_timeline_of_a_plan_with_no_steps_does_not_ask_for_a_schedule() -> None:
    """Audit: with every step done the timeline said "set hours per week and a start date", though both were set."""
    met = Plan("r", "Role", "hours", True, True, ())
    text = all_text(timeline_figure(met))
    assert draw.NOTHING_TO_SCHEDULE in text and draw.NO_SCHEDULE not in text
    stuck = Plan("r", "Role", "hours", False, True, (), (Missing("nope", "granted by no credential"),))
    assert draw.NOTHING_REACHABLE in all_text(timeline_figure(stuck))


@pytest.mark.parametrize("width", [6.0, 8.0, 10.0, 12.4, 16.0])
@pytest.mark.parametrize("first", [dt.date(2026, 12, 21), dt.date(2026, 11, 30), dt.date(2027, 6, 7)])
def test_timeline_week_labels_never_run_together(width: float, first: dt.date) -> None:
    """Audit: "21 Dec 2026" and "11 Jan 2027" ran together, the labels that carry a year being the widest."""
    _, _, plan = make_case(12, dated=False)
    steps, day = [], first
    for step in plan.steps:
        end = day + dt.timedelta(days=int(step.hours * 7 / 6))
        steps.append(replace(step, start=day, end=end))
        day = end + dt.timedelta(days=1)
    fig = timeline_figure(replace(plan, steps=tuple(steps), finish=day), fig=Figure(figsize=(width, 4.0), dpi=100))
    FigureCanvasAgg(fig)
    labels = [t for t in texts(fig) if t[0].startswith("wk ")]
    assert len(labels) >= 2
    for (a, ba), (b, bb) in itertools.pairwise(sorted(labels, key=lambda t: t[1].x0)):
        assert bb.x0 - ba.x1 > 4, (a, b, width)


def test_timeline_leaves_out_undated_steps_and_says_so_when_none_are_dated() -> None:
    _, _, plan = make_case(6, dated=False)
    fig = timeline_figure(plan)
    assert draw.NO_SCHEDULE in all_text(fig)
    assert collisions(fig) == []
    _, _, dated = make_case(6)
    mixed = Plan(dated.role, dated.role_name, "hours", True, True, dated.steps[:3] + plan.steps[3:])
    bars = [p for ax in timeline_figure(mixed).axes for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 3


def test_timeline_bars_meet_end_to_start_when_steps_share_a_day() -> None:
    _, _, undated = make_case(8, dated=False)
    plan = schedule(undated, 8, START)  # 8 + 7i % 40 hours at 8 h/week: most steps start on the day one ends
    shared = [n for n in range(1, 8) if plan.steps[n].start == plan.steps[n - 1].end]
    assert len(shared) >= 4  # the case this test is about
    bars = sorted((p for ax in timeline_figure(plan).axes for p in ax.patches if isinstance(p, Rectangle)),
                  key=lambda p: p.get_y())
    assert len(bars) == 8
    for n in range(1, 8):
        end, next_start = bars[n - 1].get_x() + bars[n - 1].get_width(), bars[n].get_x()
        assert end <= next_start + 1e-9, f"step {n} runs into step {n + 1}"
        if n in shared:
            assert end == pytest.approx(next_start)  # they meet: no gap either
        assert next_start == pytest.approx((plan.steps[n].start - START).days / 7)
    last = bars[-1]
    assert last.get_x() + last.get_width() == pytest.approx(((plan.steps[-1].end - START).days + 1) / 7)


def test_timeline_title_says_partial_plan_ends_unless_the_plan_is_complete() -> None:
    """The title of the Timeline tab, as the stat card beside it says it (it said "finish" for a partial plan)."""
    _, _, partial = make_case(4)
    assert not partial.complete
    title = "Timeline · 12 weeks · 2 Mar 2026 → {} 24 May 2026"
    assert title.format("partial plan ends") in all_text(timeline_figure(partial)).splitlines()
    complete = replace(partial, complete=True, missing=())
    assert title.format("finish") in all_text(timeline_figure(complete)).splitlines()


def test_timeline_fits_a_given_small_figure() -> None:
    _, _, plan = make_case(30)
    fig = Figure(figsize=(7, 4), dpi=100)
    FigureCanvasAgg(fig)
    assert timeline_figure(plan, fig=fig) is fig
    assert collisions(fig) == []


# --- formatting ----------------------------------------------------------------------------------------------


def test_money_hours_and_totals() -> None:
    assert draw_text.format_money(0, "USD") == "free"
    assert draw_text.format_money(49, "USD") == "$49"
    assert draw_text.format_money(1200, "EUR") == "€1,200"
    assert draw_text.format_money(12.5, "CHF") == "12.50 CHF"
    assert draw_text.format_money(3, None) == "3"
    assert draw_text.format_hours(12.5) == "12.5 h"
    steps = [Step("a", "A", "", 1, 120, "EUR", (), ()), Step("b", "B", "", 1, 49, "USD", (), ()),
             Step("c", "C", "", 1, 30, "EUR", (), ())]
    assert draw_text.format_total_cost(steps) == "€150 + $49"
    assert draw_text.format_total_cost([]) == "free"


def test_wrapping_by_measured_width() -> None:
    meter = draw_text.Meter()
    lines = draw_text.wrap_to_width(meter, "Deep Learning Specialization: Neural Networks and Deep Learning", 8, 1.2, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(meter.size(line, 8)[0] <= 1.2 for line in lines)
    assert draw_text.wrap_to_width(meter, "x" * 80, 8, 1.0, 9)[0] != "x" * 80
    assert draw_text.fit_text(meter, "short", 8, 3.0) == "short"
