"""A plan as a file worth sharing: printable pages (PNG, SVG, PDF), a table (CSV, Markdown) or a calendar (ICS).

Every writer renders to memory first and then replaces the target in one rename, so a failure never leaves
half a file; the same input gives the same bytes (no dates or random ids in the output).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import unicodedata
from pathlib import Path

from careerpath.graph.catalog_credits import catalog_credit
from careerpath.graph.draw import scheduled
from careerpath.graph.draw_text import (
    drawing_context,
    format_date,
    format_hours,
    format_money,
    format_number,
    format_total_cost,
)
from careerpath.graph.errors import CareerpathError
from careerpath.graph.export_page import plan_image_figure, plan_page_figure, plan_page_figures
from careerpath.graph.export_sheet import pdf_bytes
from careerpath.graph.export_table import person_rows, row_cells, why_text
from careerpath.graph.export_text import (
    ExportOptions,
    constraints_text,
    finish_date,
    footer_text,
    full_dates,
    missing_lines,
    objective_text,
    pace_words,
    page_date,
    person_label,
)
from careerpath.graph.files import write_atomic
from careerpath.graph.formatting import end_words
from careerpath.graph.model import Catalog
from careerpath.graph.palette import STATUS, status_key
from careerpath.graph.plan_types import Person, Plan, PlanRequest, Step
from careerpath.graph.renewal import lapses_line, renewal_words
from careerpath.graph.step_reasons import (
    STARTED_NOT_IN_PLAN,
    needed_before,
    needed_by,
    reason_sentence,
    started_left_out,
    step_reason,
)

FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "csv", "md", "ics")
_EXTENSIONS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".csv": "csv", ".md": "md", ".markdown": "md",
               ".ics": "ics", ".ical": "ics", ".ifb": "ics"}
NEED_SCHEDULE = "a schedule (hours per week and a start date) is needed"


def extension_format(path: str | os.PathLike[str]) -> str | None:
    """The format a file's extension names, in any case (".markdown" is Markdown, ".ical" a calendar); None for
    any other extension or none."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def resolve_format(path: str | os.PathLike[str], options: ExportOptions) -> str:
    """The format to write: the one asked for, else the one the extension names; anything else is refused."""
    target = Path(path)
    if options.format is not None:
        fmt = options.format.lower().lstrip(".")
        fmt = "md" if fmt == "markdown" else fmt
        if fmt not in FORMATS:
            raise CareerpathError(f"cannot export {target}: unknown format {options.format!r}; "
                                  f"expected one of {', '.join(FORMATS)}")
        return fmt
    fmt = extension_format(target)
    if fmt is None:
        raise CareerpathError(f"cannot export {target}: unknown file extension {target.suffix or '(none)'!r}; "
                              f"use one of {', '.join('.' + f for f in FORMATS)} or give a format")
    return fmt


def export_plan(plan: Plan, catalog: Catalog, person: Person, path: str | os.PathLike[str],
                options: ExportOptions | None = None) -> Path:
    """Write the plan to ``path`` in the format asked (or named by the extension); returns the path.

    A CSV file starts with a UTF-8 byte order mark, for spreadsheets (read it back with ``utf-8-sig``); the bytes
    of :func:`export_bytes` (standard output, a preview) have none.

    Raises:
        CareerpathError: unknown format, a calendar of a plan without dates, or the file cannot be written
            (the message names the path and the system's reason). Nothing is left behind on failure.
    """
    options = options or ExportOptions()
    target = Path(path)
    fmt = resolve_format(target, options)
    data = export_bytes(plan, catalog, person, fmt, options)
    if fmt == "csv":  # without a BOM, Excel on Windows reads the file in the local code page: "DonnÃ©es"
        data = codecs.BOM_UTF8 + data
    try:
        write_atomic(target, data, private=False)  # a document to print or share: the umask decides
    except OSError as exc:
        raise CareerpathError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def export_bytes(plan: Plan, catalog: Catalog, person: Person, fmt: str, options: ExportOptions | None = None) -> bytes:
    """The bytes of a plan in one of FORMATS (for a file, the clipboard or standard output)."""
    options = options or ExportOptions()
    if fmt == "csv":
        return plan_csv(plan, options.required, catalog, person, options.request,
                        footer_text(catalog, options)).encode("utf-8")
    if fmt == "md":
        return plan_markdown(plan, catalog, person, options).encode("utf-8")
    if fmt == "ics":
        return plan_ics(plan, catalog, options, person).encode("utf-8")
    if fmt not in ("png", "svg", "pdf"):
        raise CareerpathError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    title = f"Career plan: {plan.role_name or plan.role}"
    metadata: dict[str, str | None] = {
        "png": {"Title": title, "Software": "careerpath"},
        "svg": {"Title": title, "Creator": "careerpath", "Date": None},
        "pdf": {"Title": title, "Creator": "careerpath", "CreationDate": None},
    }[fmt]
    with drawing_context():
        if fmt == "pdf":
            return pdf_bytes(plan_page_figures(plan, catalog, person, options), options.dpi, metadata)
        # One image holds the whole plan: a long plan's pages stacked top to bottom.
        buf = io.BytesIO()
        plan_image_figure(plan, catalog, person, options).savefig(buf, format=fmt, dpi=options.dpi, metadata=metadata)
    return buf.getvalue()


def export_page_images(plan: Plan, catalog: Catalog, person: Person,
                       options: ExportOptions | None = None) -> list[bytes]:
    """Each page of the plan as a PNG of its own, in order (to print one sheet per page)."""
    options = options or ExportOptions()
    out = []
    with drawing_context():
        for fig in plan_page_figures(plan, catalog, person, options):
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=options.dpi, metadata={"Software": "careerpath"})
            out.append(buf.getvalue())
    return out


# --- tables and calendars --------------------------------------------------------------------------------

CSV_COLUMNS = ("order", "credential", "name", "provider", "hours", "cost", "currency", "status", "start", "end",
               "covers", "reason", "covers_names", "hours_done", "total_hours", "completed", "attribution")


def _cell(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a catalog is outside data, so defuse it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def plan_csv(plan: Plan, required: frozenset[str] = frozenset(), catalog: Catalog | None = None,
             person: Person | None = None, request: PlanRequest | None = None, credit: str | None = None) -> str:
    """The steps as CSV (RFC 4180, CRLF); covers are the role skill ids separated by ';', reason says why a step
    is there besides them (required by the user, needed before later steps) in the words of the other exports,
    and covers_names the same skills by name (ESCO's ids are web addresses; without a catalog, the ids again).
    Columns are only ever added at the end: ``hours`` stays the hours left, ``hours_done`` (a credential in
    progress) and ``total_hours`` (its full hours) say what the app's "12/30 h" does, ``completed`` the day a
    completed credential was completed, where known.

    Given the catalog and the person, the person's completed credentials that led toward the role come first,
    with no order, status ``done`` and no dates, as in the other exports and the app's steps table; the
    credentials they have started that the plan leaves out come last, with no order, status ``in-progress``,
    their remaining hours and a reason that starts "not in this plan" (``request``, the plan's, says why).

    ``attribution`` names the catalog and holds its credits (``credit``, else the catalog's own), as every
    export's footer does: ESCO's and O*NET's licences ask for theirs wherever their labels go. It is a column on
    every row, not a closing line: a comment row would read as one more step to ``csv.DictReader`` and to a
    spreadsheet's sort or filter, and a row filtered or copied out keeps its credit.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def number(value: float) -> str:
        return format_number(value).replace(",", "")

    if credit is None:
        credit = catalog_credit(catalog) if catalog is not None else ""

    def row(order: int | str, s: Step, reason: str) -> list[object]:
        cred = catalog.credentials.get(s.credential) if catalog is not None else None
        done = person.in_progress.get(s.credential) if person is not None and s.status == "in-progress" else None
        day = person.done_on.get(s.credential) if person is not None and s.status == "done" else None
        return [order, _cell(s.credential), _cell(s.name), _cell(s.provider), number(s.hours), number(s.cost),
                s.currency or "", status_key(s.status), s.start.isoformat() if s.start else "",
                s.end.isoformat() if s.end else "", _cell(";".join(s.covers)), _cell(reason),
                _cell("; ".join(skill_name(sk) for sk in s.covers)), "" if done is None else number(done),
                number(cred.hours if cred is not None else s.hours), day.isoformat() if day else "", _cell(credit)]

    def skill_name(skill: str) -> str:
        found = catalog.skills.get(skill) if catalog is not None else None
        return found.name if found is not None else skill

    if catalog is not None and person is not None:
        for done in person_rows(plan, catalog, person, required):
            if done.number is None:
                writer.writerow(row("", done.step, needed_before(plan, needed_by(catalog, plan, done.step.credential))))
    for i, s in enumerate(plan.steps, 1):
        writer.writerow(row(i, s, step_reason(plan, s, required)))
    if catalog is not None and person is not None:
        for left in started_left_out(catalog, plan, person, request):
            cred = catalog.credentials[left.credential]
            step = Step(cred.id, cred.name, cred.provider, max(0.0, cred.hours - left.hours_done), cred.cost,
                        cred.currency, (), (), "in-progress")
            writer.writerow(row("", step, f"not in this plan: {left.reason}"))
    return out.getvalue()


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: no table breaks, no emphasis, links or HTML by accident."""
    out = text.replace("\\", "\\\\").replace("\r", " ").replace("\n", " ")
    for ch in "`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def plan_markdown(plan: Plan, catalog: Catalog, person: Person, options: ExportOptions | None = None) -> str:
    options = options or ExportOptions()
    name = person_label(person, options)
    lines = [f"# Career plan: {_md(plan.role_name or plan.role)}", ""]
    lines.append(" · ".join(x for x in (f"For **{_md(name)}**" if name else "", format_date(page_date(options)),
                                        _md(objective_text(plan, options))) if x))
    lines.append("")
    limits = constraints_text(plan, catalog, options)
    if limits:
        lines += [_md(limits), ""]
    totals = [format_hours(plan.total_hours), format_total_cost(plan.steps, plan.currency),
              f"{len(plan.steps)} credential{'s' if len(plan.steps) != 1 else ''}"]
    finish = finish_date(plan)
    if scheduled(plan) and finish is not None:
        # "finish 16 Jun 2027 at 6 h/week": the date straight after its verb (the page's tile puts it above)
        totals.append(f"{end_words(plan)} {format_date(finish)}{pace_words(options)}")
    lines += [f"**Total:** {_md(' · '.join(totals))}", ""]
    if lapsing := lapses_line(catalog, plan, person) if scheduled(plan) else "":
        lines += [f"⚠ {_md(lapsing)}.", ""]
    if plan.steps:
        lines.append("| # | Credential | Provider | Hours | Cost | Dates | Status | What it is for |")
        lines.append("|---:|---|---|---:|---:|---|---|---|")
        rows = person_rows(plan, catalog, person, options.required)
        for cells, row in zip(row_cells(rows, False), rows, strict=True):
            if row.completed_on is None:
                cells[5] = full_dates(row.step)
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    else:
        lines.append("Nothing to take: you already meet this role." if plan.complete
                     else "No credential in this catalog brings you closer to this role.")
    missing = missing_lines(plan, catalog, person)
    if missing:
        lines += ["", "## Missing", ""] + [f"- {_md(m)}" for m in missing]
    left_out = started_left_out(catalog, plan, person, options.request)
    if left_out:
        lines += ["", f"## {STARTED_NOT_IN_PLAN}", ""] + [f"- {_md(x.text())}" for x in left_out]
    lines += ["", "---", "", _md(footer_text(catalog, options)), ""]
    return "\n".join(lines)


def _ics_text(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n")
    text = text.replace("\n", "\\n")
    return "".join(ch for ch in text if ch == "\t" or (ord(ch) >= 32 and ord(ch) != 127))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with one space), never inside a UTF-8 character."""
    out: list[str] = []
    cur, used, limit = [], 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if used + n > limit:
            out.append("".join(cur))
            cur, used, limit = [" "], 1, 75
        cur.append(ch)
        used += n
    out.append("".join(cur))
    return "\r\n".join(out)


def plan_ics(plan: Plan, catalog: Catalog, options: ExportOptions | None = None, person: Person | None = None) -> str:
    """The dated steps as an iCalendar file: one all-day VEVENT per step, stable UIDs, CRLF, folded lines.

    The calendar is named after the person (``options.person_name``, else ``person``'s name), whose name is also
    in each UID: a coach importing two clients' plans gets two sets of events, not one updating the other. The
    catalog and its credits, as in every export's footer, are the calendar's description (X-WR-CALDESC) and end
    each event's description.
    """
    options = options or ExportOptions()
    who = person_label(person, options) if person is not None else options.person_name
    undated = [s.name for s in plan.steps if s.start is None or s.end is None]
    if not plan.steps:
        raise CareerpathError("cannot export a calendar: the plan has no steps")
    if undated:
        which = "the plan has no dates" if len(undated) == len(plan.steps) else (
            f"{len(undated)} step(s) have no dates ({', '.join(undated[:3])}{'…' if len(undated) > 3 else ''})")
        raise CareerpathError(f"cannot export a calendar: {which}; {NEED_SCHEDULE}")
    # RFC 5545: the moment the file was made, in UTC. Midnight UTC of the local day it was (options.today) was up to
    # a day off: made at 00:00 in Sydney on 1 Mar (13:00 UTC on 28 Feb), it read 11 hours in the future.
    made = options.created or dt.datetime.now(dt.UTC)
    stamp = f"{made.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    role = plan.role_name or plan.role
    title = f"Career plan for {who}: {role}" if who else f"Career plan: {role}"
    credit = footer_text(catalog, options)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//careerpath//plan export//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_text(title)}", f"X-WR-CALDESC:{_ics_text(credit)}"]
    # Without a name the UIDs stay what they were, so a calendar imported before still updates in place.
    owner = f"{unicodedata.normalize('NFC', who)}\x1f" if who else ""
    n = len(plan.steps)
    for i, s in enumerate(plan.steps, 1):
        assert s.start is not None and s.end is not None
        uid = hashlib.sha256(f"{owner}{plan.role}\x1f{s.credential}".encode()).hexdigest()[:32]
        st = STATUS[status_key(s.status)]
        desc = [f"Step {i} of {n} towards {role}" + (f", for {who}" if who else ""), f"Provider: {s.provider or '—'}",
                f"{format_hours(s.hours)} · {format_money(s.cost, s.currency)}",
                f"Status: {renewal_words(person, s.credential) or st.label}"]
        reason = "" if s.covers else step_reason(plan, s, options.required)
        if s.covers:
            desc.append(f"What it is for: {why_text(catalog, plan, s, options.required)}")
        elif reason:
            desc.append(reason_sentence(reason))
        # Each event too: imported into an existing calendar, the events keep the skill labels and lose the
        # calendar's own properties, and the licences ask for the credit wherever the labels go.
        desc += ["", credit]
        lines += ["BEGIN:VEVENT", f"UID:{uid}@careerpath", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{s.start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{s.end + dt.timedelta(days=1):%Y%m%d}",  # DTEND is exclusive for dates
                  f"SUMMARY:{_ics_text(f'Step {i}: {s.name}')}", f"DESCRIPTION:{_ics_text(chr(10).join(desc))}",
                  "TRANSP:TRANSPARENT"]
        cred = catalog.credentials.get(s.credential)
        if cred is not None and cred.url and not any(ch.isspace() or ord(ch) < 32 for ch in cred.url):
            lines.append(f"URL:{cred.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


__all__ = ["FORMATS", "ExportOptions", "export_bytes", "export_page_images", "export_plan", "plan_csv", "plan_ics",
           "plan_image_figure", "plan_markdown", "plan_page_figure", "plan_page_figures", "resolve_format"]
