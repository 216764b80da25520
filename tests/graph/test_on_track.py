"""The on-track words the app and the command line share: a finish date against the baseline's."""

from __future__ import annotations

import datetime as dt

import pytest

from careerpath.graph.on_track import ON_TRACK_DAYS, track

SEEN = dt.date(2027, 2, 10)
WAS = dt.date(2027, 7, 16)


@pytest.mark.parametrize(("days", "state", "line"), [
    (0, "on-track", "on track"),
    (ON_TRACK_DAYS, "on-track", "on track"),
    (-ON_TRACK_DAYS, "on-track", "on track"),
    (ON_TRACK_DAYS + 1, "later", "4 days later than planned on 10 Feb 2027"),
    (-13, "earlier", "13 days earlier than planned on 10 Feb 2027"),
    (14, "later", "2 weeks later than planned on 10 Feb 2027"),
    (42, "later", "6 weeks later than planned on 10 Feb 2027"),
    (203, "later", "29 weeks later than planned on 10 Feb 2027"),
    (-45, "earlier", "6 weeks earlier than planned on 10 Feb 2027"),
])
def test_the_line_says_how_far_and_which_way(days: int, state: str, line: str) -> None:
    found = track("Data Analyst", SEEN, WAS, 10, WAS + dt.timedelta(days=days), 10)
    assert (found.state, found.line, found.days) == (state, line, days)


def test_the_story_gives_both_dates_and_both_paces_in_the_callers_date_words() -> None:
    found = track("Data Analyst", SEEN, WAS, 10, dt.date(2028, 2, 4), 7.5)
    assert found.story == ("On 10 Feb 2027 the plan for Data Analyst finished on 16 Jul 2027 at 10 h/week; "
                           "now 4 Feb 2028 at 7.5 h/week.")
    iso = track("Data Analyst", SEEN, WAS, 10, dt.date(2028, 2, 4), 10, day=dt.date.isoformat)
    assert iso.line == "29 weeks later than planned on 2027-02-10"
    assert iso.story.startswith("On 2027-02-10 the plan for Data Analyst finished on 2027-07-16 at 10 h/week")
