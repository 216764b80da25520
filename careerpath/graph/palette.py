"""The colours of the plan graph, the timeline and the exports, and how a step status looks.

Plain data, no drawing: the app sends a ChartColours to its drawing process, and every page and
chart takes its statuses' markers, words and hues from here."""

from __future__ import annotations

from dataclasses import dataclass

INK, MUTED, FAINT, RULE = "#1A1A1A", "#555555", "#8A8A8A", "#C8C8C8"
ROLE_FILL, ROLE_EDGE, WARN = "#1F3A5F", "#0F2440", "#D55E00"


@dataclass(frozen=True)
class StatusStyle:
    """How a step status looks: a text marker and a word as well as colours, so colour is never the only cue."""

    label: str
    marker: str
    colour: str  # Okabe-Ito, colour-blind safe
    dark: str  # the same hue dark enough for text on white
    fill: str
    hatch: str | None
    linestyle: str | tuple[int, tuple[int, int]]
    linewidth: float


STATUS: dict[str, StatusStyle] = {
    "done": StatusStyle("done", "✓", "#009E73", "#00664A", "#D9F2E9", "xxxx", "solid", 2.0),
    "in-progress": StatusStyle("in progress", "◐", "#E69F00", "#8A5A00", "#FCEBC8", "////", (0, (4, 2)), 1.5),
    "planned": StatusStyle("planned", "○", "#0072B2", "#004F7C", "#DDEBF7", None, "solid", 1.1),
}


@dataclass(frozen=True)
class StatusColours:
    """A step status's colours on one chart background."""

    edge: str  # the Okabe-Ito hue itself: box border, timeline bar, number badge
    text: str  # the hue in words ("✓ done"), readable on the background and on ``fill``
    fill: str  # box fill and legend swatch
    badge_text: str  # the step number on an ``edge`` disc


@dataclass(frozen=True)
class ChartColours:
    """Every colour of the plan graph and the timeline, for one background.

    :data:`LIGHT_COLOURS` is for paper (exports, print) and a light window; :data:`DARK_COLOURS` for a dark
    window. Both keep the statuses' Okabe-Ito hues and their markers, words, borders and hatches, so the
    statuses read the same in both. Plain strings only: the app sends this to its drawing process.
    """

    background: str
    ink: str
    muted: str
    faint: str  # the frame around steps without prerequisites
    rule: str  # edges of neutral boxes, the timeline's axis
    grid: str
    arrow: str
    box: str  # the "You have" box
    group: str  # inside the frame around steps without prerequisites
    role_fill: str
    role_edge: str
    role_rule: str
    role_eyebrow: str
    role_name: str
    role_ok: str
    role_warn: str
    role_text: str
    done: StatusColours
    in_progress: StatusColours
    planned: StatusColours

    def status(self, key: str) -> StatusColours:
        """The colours of a key of STATUS."""
        return {"done": self.done, "in-progress": self.in_progress}.get(key, self.planned)

    def tone(self, name: str) -> str:
        """A text colour by name: a field of this class, or a key of STATUS for that status's words."""
        return self.status(name).text if name in STATUS else str(getattr(self, name))


def _paper_status(key: str) -> StatusColours:
    st = STATUS[key]
    # White on the green and orange discs is 3.4:1 and 2.3:1, under WCAG AA's 4.5:1; ink there is 5:1 and 8:1.
    return StatusColours(st.colour, st.dark, st.fill, "white" if key == "planned" else INK)


#: For paper (exports, print) and a light window.
LIGHT_COLOURS = ChartColours(
    background="white", ink=INK, muted=MUTED, faint=FAINT, rule=RULE, grid="#E3E3E3", arrow="#6B6B6B",
    box="#F4F5F7", group="#FAFAFA", role_fill=ROLE_FILL, role_edge=ROLE_EDGE, role_rule="#5A7394",
    role_eyebrow="#BFD3EA", role_name="white", role_ok="#B9F0D9", role_warn="#FFD27F", role_text="#E8EEF5",
    done=_paper_status("done"), in_progress=_paper_status("in-progress"), planned=_paper_status("planned"),
)
#: On the dark window palette (ui/theme.py): its Base colour behind, light ink, the hues lightened for words
#: and darkened for fills. tests/graph/test_draw_theme.py checks every text against its background (WCAG AA).
DARK_COLOURS = ChartColours(
    background="#16181B", ink="#E6E6E6", muted="#A9AFB6", faint="#6F767E", rule="#596068", grid="#2E3238",
    arrow="#9298A0", box="#23272C", group="#1B1E22", role_fill=ROLE_FILL, role_edge="#7F9CC2",
    role_rule="#5A7394", role_eyebrow="#BFD3EA", role_name="white", role_ok="#B9F0D9", role_warn="#FFD27F",
    role_text="#E8EEF5",
    done=StatusColours("#009E73", "#45C9A0", "#10302A", "#16181B"),
    in_progress=StatusColours("#E69F00", "#F0B545", "#35290F", "#16181B"),
    planned=StatusColours("#0072B2", "#6DB7EE", "#12283A", "white"),
)


def status_key(status: str) -> str:
    """Normalise a step status (callers may pass ``completed`` or ``in_progress``) to a key of STATUS."""
    s = status.strip().lower().replace("_", "-").replace(" ", "-")
    if s in ("done", "completed", "complete"):
        return "done"
    if s in ("in-progress", "started", "active"):
        return "in-progress"
    return "planned"
