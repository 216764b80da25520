"""The Missing skills tab gives a skill's name the width its reason leaves.

At a fixed 160 px, ESCO's long skill names wrapped while "granted by no credential" had 900 px to itself."""

from __future__ import annotations

from careerpath.graph.model import Catalog
from careerpath.graph.plan_types import Missing
from careerpath.graph.planner import REASON_NO_CREDENTIAL
from careerpath.ui.missing_table import MissingTable
from careerpath.ui.models import MissingModel

LONG = "provide information on chiropractic treatment outcomes"


def test_a_long_skill_name_is_shown_whole_beside_a_short_reason(qtbot) -> None:
    model = MissingModel()
    model.set_missing(Catalog(), [Missing(LONG, REASON_NO_CREDENTIAL), Missing("neurology", REASON_NO_CREDENTIAL)])
    table = MissingTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(1000, 300)
    table.show()
    qtbot.waitExposed(table)
    table.fit_columns()
    name, reason = table.columnWidth(0), table.columnWidth(1)
    assert name >= table.fontMetrics().horizontalAdvance(f"✗ {LONG}")  # not cut, not wrapped
    assert reason >= table.fontMetrics().horizontalAdvance("granted by no credential")
    assert name > reason
    assert name + reason <= table.viewport().width() + 1
