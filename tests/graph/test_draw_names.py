"""Step names in the terse boxes of the plan graph (audit bigdata D5): each step is told apart from the others,
and the names use the width a drawing area leaves beside a graph that fits it by height."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from careerpath.graph import draw, draw_layout, draw_nodes, draw_text
from tests.graph.test_draw import make_case, texts

# the names of Tom's plan to ESCO "cloud engineer" that read alike, cut to 20 characters
GOOGLE = ["Google Cloud Professional Cloud Architect", "Google Cloud Professional Cloud Security Engineer",
          "Google Cloud Professional Cloud Database Engineer"]
MICROSOFT = ["Microsoft Certified: Security Operations Analyst Associate (SC-200)",
             "Microsoft Certified: Security, Compliance, and Identity Fundamentals (SC-900)"]
OTHERS = ["Google Cloud Digital Leader", "Certified Kubernetes Application Developer (CKAD)", "SQL Basics"]
NAMES = [*GOOGLE, *MICROSOFT, *OTHERS]


@pytest.mark.parametrize(("chars", "lines"), [(20, 1), (28, 1), (20, 2), (24, 4)])
def test_names_that_begin_alike_are_cut_in_the_middle_and_stay_apart(chars: int, lines: int) -> None:
    shown = draw_nodes.step_names(NAMES, chars, lines)

    assert len(set(shown)) == len(NAMES), shown
    for name, text in zip(NAMES, shown, strict=True):
        assert len(text.split("\n")) <= lines
        assert all(len(line) <= chars for line in text.split("\n")), text
        if len(name) <= chars:
            assert text == name
    if (chars, lines) == (20, 1):
        assert shown[:5] == ["Google Cl… Architect", "Google Cl… Security…", "Google Cl… Database…",
                             "Microsoft… (SC-200)", "Microsoft… (SC-900)"]
        # a name told apart by its own beginning is cut at its end, as before
        assert shown[5:7] == ["Google Cloud Digita…", "Certified Kubernete…"]
    if (chars, lines) == (20, 2):
        assert shown[0] == "Google Cloud Profes…\nCloud Architect"


def test_names_unlike_each_other_are_cut_as_before() -> None:
    names = ["Certified Kubernetes Application Developer (CKAD)", "HashiCorp Certified: Vault Associate"]
    assert draw_nodes.step_names(names, 20, 1) == ["Certified Kubernete…", "HashiCorp Certified…"]
    assert draw_nodes.step_names(names, 20, 2) == [
        "\n".join(draw_text.truncate_lines(name, 20, 2)) for name in names]


@pytest.mark.parametrize("size", [(7.0, 2.2), (6.0, 1.5)])
def test_a_crowded_graph_tells_every_step_apart_in_its_terse_boxes(size: tuple[float, float]) -> None:
    catalog, person, plan = make_case(len(NAMES), names=NAMES, statuses=False)
    fig = Figure(figsize=size, dpi=100)
    FigureCanvasAgg(fig)
    lay = draw.draw_graph_in(fig.add_axes((0, 0, 1, 1)), plan, catalog, person)

    assert lay.mode is not draw_nodes.FULL
    names = [n.paras[0].text for n in lay.nodes if n.kind == "step"]
    assert len(set(names)) == len(names), names
    drawn = [t for t, _ in texts(fig)]
    assert all(name in drawn for name in names)


def test_room_beside_a_graph_fitted_by_height_gives_its_names_more_characters() -> None:
    catalog, person, plan = make_case(len(NAMES), names=NAMES, statuses=False)
    meter = draw_text.Meter()
    mode = draw_nodes.MINI
    cut = draw_layout.layout_plan(plan, catalog, person, mode, meter, aspect=10.0, name_chars=mode.name_chars)
    assert cut.w < 10.0 * cut.h  # a wide, low area: the graph fits it by height, with room beside it

    wide = draw_layout.layout_plan(plan, catalog, person, mode, meter, aspect=10.0)

    assert wide.h <= cut.h + 1e-9 and wide.w <= 10.0 * cut.h  # drawn no smaller in that area
    names = [n.paras[0].text for n in wide.nodes if n.kind == "step"]
    assert sum(len(t) for t in names) > sum(len(n.paras[0].text) for n in cut.nodes if n.kind == "step")
    assert "○ Google Cloud Professional Cloud Architect" in names
    # no room beside it (a narrow area): the names stay as they were
    narrow = draw_layout.layout_plan(plan, catalog, person, mode, meter, aspect=1.0)
    assert [n.paras[0].text for n in narrow.nodes] == [n.paras[0].text for n in cut.nodes]


def test_a_plan_whose_names_fit_draws_as_before() -> None:
    catalog, person, plan = make_case(4, names=["SQL Basics", "Excel Modeling", "R Programming", "Linux Basics"],
                                      statuses=False)
    meter = draw_text.Meter()
    for mode in draw_nodes.MODES:
        given = draw_layout.layout_plan(plan, catalog, person, mode, meter, aspect=6.0, name_chars=mode.name_chars)
        free = draw_layout.layout_plan(plan, catalog, person, mode, meter, aspect=6.0)
        assert [(n.paras[0].text, n.x, n.y, n.w) for n in free.nodes] == [
            (n.paras[0].text, n.x, n.y, n.w) for n in given.nodes]


def test_step_boxes_say_where_each_step_was_drawn() -> None:
    catalog, person, plan = make_case(6, statuses=False)
    fig = Figure(figsize=(8.0, 3.0), dpi=120)
    FigureCanvasAgg(fig)
    draw.plan_graph_figure(plan, catalog, person, fig=fig)

    boxes = dict(draw.step_boxes(fig))

    assert list(boxes) == [s.credential for s in plan.steps]
    height = fig.bbox.height
    drawn = texts(fig)
    for step in plan.steps:
        x, y, w, h = boxes[step.credential]
        extent = next(e for t, e in drawn if step.name[:8] in t)  # the name, as the box shows it
        assert x <= extent.x0 and extent.x1 <= x + w
        assert y <= height - extent.y1 and height - extent.y0 <= y + h
