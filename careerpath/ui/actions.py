"""Every menu command of the main window, with its shortcut and status tip, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Std = QKeySequence.StandardKey


@dataclass
class Actions:
    new_profile: QAction
    demo_profile: QAction
    rename_profile: QAction
    delete_profile: QAction
    export_plan: QAction
    print_plan: QAction
    copy_image: QAction
    import_esco: QAction
    import_onet: QAction
    import_badges: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    edit_catalog: QAction
    export_catalog: QAction
    update_catalog: QAction
    restore_catalog: QAction
    find_profile: QAction
    find_role: QAction
    fastest: QAction
    cheapest: QAction
    fewest: QAction
    compare: QAction
    next_up: QAction
    discover: QAction
    catalog: QAction
    evidence: QAction
    presentation: QAction
    chart_larger: QAction
    chart_smaller: QAction
    chart_fit: QAction
    ask_where_applied: QAction
    show_profile_panel: QAction
    themes: dict[str, QAction]
    about: QAction
    recent_menu: QMenu


def _action(window: QMainWindow, text: str, tip: str, shortcut: QKeySequence | Std | str | None = None) -> QAction:
    action = QAction(text, window)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    return action


def unique_keys(*keys: Std | str) -> list[QKeySequence]:
    """The key sequences in order, each once; a standard key brings every binding it has on this platform.

    The bindings differ by platform and may repeat a key given by name (StandardKey.Redo is Ctrl+Shift+Z on
    Linux desktops and macOS, Ctrl+Y then Ctrl+Shift+Z on Windows), and a key registered twice is an
    "ambiguous shortcut" that Qt ignores.
    """
    out: list[QKeySequence] = []
    for key in keys:
        for seq in QKeySequence.keyBindings(key) if isinstance(key, Std) else [QKeySequence(key)]:
            if not seq.isEmpty() and seq not in out:
                out.append(seq)
    return out


def undo_keys() -> list[QKeySequence]:
    return unique_keys(Std.Undo)


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Shift+Z and Ctrl+Y everywhere (both are common), and whatever else the platform uses for redo."""
    return unique_keys("Ctrl+Shift+Z", "Ctrl+Y", Std.Redo)


def build_actions(window: QMainWindow, undo: QAction, redo: QAction) -> Actions:
    """Create the actions and the menu bar; returns the actions for wiring and enabling."""
    a = Actions(
        new_profile=_action(window, "&New profile…", "Create a profile for yourself or a client", Std.New),
        demo_profile=_action(window, "Open de&mo profile", "A made-up person part way through a plan"),
        rename_profile=_action(window, "&Rename profile…", "Rename the current profile", "F2"),
        delete_profile=_action(window, "&Delete profile", "Delete the current profile (undo brings it back)"),
        export_plan=_action(window, "&Export plan…", "Save the plan as an image, a PDF, a table or a calendar",
                            "Ctrl+E"),
        print_plan=_action(window, "&Print…", "Print the plan on one page", Std.Print),
        copy_image=_action(window, "&Copy plan image", "Copy the plan picture to the clipboard", "Ctrl+Shift+C"),
        import_esco=_action(window, "Import E&SCO…",  # &E is Export plan's
                            "Add ESCO occupations and skills (the CSV download) to the catalog"),
        import_onet=_action(window, "Import &O*NET…", "Add O*NET occupations (database release files) to the catalog"),
        import_badges=_action(window, "Import &badges…", "Earned Open Badges / Credly badges into the current profile"),
        quit=_action(window, "&Quit", "Close careerpath", Std.Quit),
        undo=undo,
        redo=redo,
        # Ctrl+Shift+E (the editor author's choice) is Skills & evidence's already; B as in Ctrl+B, the browser
        edit_catalog=_action(window, "Edit &catalog…", "Add, change or delete skills, credentials and roles",
                             "Ctrl+Shift+B"),
        export_catalog=_action(window, "E&xport catalog…", "Save the working catalog as a catalog file"),
        update_catalog=_action(window, "Up&date from the bundled catalog…",
                               "Take the new entities and corrections of the catalog careerpath ships; your own "
                               "entities and edits stay"),
        restore_catalog=_action(window, "Restore the &bundled catalog…",
                                "Replace the working catalog with the bundled one; profiles stay"),
        find_profile=_action(window, "F&ind profile", "Find a profile (a client) by any part of the name",
                             "Ctrl+K"),
        find_role=_action(window, "&Find target role", "Search the roles by name, code or skill", "Ctrl+L"),
        fastest=_action(window, "Fas&test plan", "Least hours of study", "Ctrl+1"),
        cheapest=_action(window, "C&heapest plan", "Least money", "Ctrl+2"),
        fewest=_action(window, "Fe&west credentials", "Fewest credentials to take", "Ctrl+3"),
        compare=_action(window, "&Compare roles…", "Two to five roles side by side", "Ctrl+Shift+R"),
        next_up=_action(window, "&Next up", "What you can start now", "Ctrl+Shift+N"),
        discover=_action(window, "Where can I &go?…", "Every role ranked for this profile by the plan that reaches it",
                         "Ctrl+Shift+G"),
        catalog=_action(window, "Catalog &browser…", "Read skills, credentials and roles", "Ctrl+B"),
        evidence=_action(window, "Skills && &evidence…", "Skill levels, evidence of use and follow-ups",
                         "Ctrl+Shift+E"),
        presentation=_action(window, "Pre&sentation mode", "Full screen, larger type, no editing", "F11"),
        chart_larger=_action(window, "Chart &larger", "Draw the chart larger, to scroll (also Ctrl and the wheel)",
                             Std.ZoomIn),
        chart_smaller=_action(window, "Chart s&maller", "Draw the chart smaller", Std.ZoomOut),
        chart_fit=_action(window, "&Fit the chart", "Draw the chart to fit its tab again", "Ctrl+0"),
        ask_where_applied=_action(window, "&Ask where a completed credential will be used",
                                  "After a tick, ask where you will apply it (kept as planned evidence)"),
        show_profile_panel=_action(window, "Profile &panel", "Show or hide the profile panel", "Ctrl+Shift+P"),
        themes={},
        about=_action(window, "&About careerpath", "Version, catalog and licences"),
        recent_menu=QMenu("&Recent targets", window),
    )
    # Ctrl+= too: on US and UK keyboards "+" needs Shift, and Ctrl+= is how browsers and editors zoom in
    a.chart_larger.setShortcuts(unique_keys(Std.ZoomIn, "Ctrl+="))
    undo.setShortcuts(undo_keys())
    redo.setShortcuts(redo_keys())
    undo.setStatusTip("Undo the last change to a profile or the catalog")
    redo.setStatusTip("Redo the change undone")
    a.presentation.setCheckable(True)
    a.ask_where_applied.setCheckable(True)
    a.show_profile_panel.setCheckable(True)
    a.show_profile_panel.setChecked(True)
    objective = QActionGroup(window)
    for act in (a.fastest, a.cheapest, a.fewest):
        act.setCheckable(True)
        objective.addAction(act)
    a.fastest.setChecked(True)

    bar = window.menuBar()
    m = bar.addMenu("&File")
    for act in (a.new_profile, a.demo_profile, a.rename_profile, a.delete_profile):
        m.addAction(act)
    m.addAction(a.find_profile)
    m.addSeparator()
    for act in (a.export_plan, a.print_plan, a.copy_image):
        m.addAction(act)
    m.addSeparator()
    for act in (a.import_esco, a.import_onet, a.import_badges):
        m.addAction(act)
    m.addSeparator()
    m.addAction(a.quit)
    m = bar.addMenu("&Edit")
    m.addAction(undo)
    m.addAction(redo)
    m.addSeparator()
    for act in (a.edit_catalog, a.export_catalog, a.update_catalog, a.restore_catalog):
        m.addAction(act)
    m = bar.addMenu("&Plan")
    m.addAction(a.find_role)
    m.addMenu(a.recent_menu)
    m.addSeparator()
    for act in (a.fastest, a.cheapest, a.fewest):
        m.addAction(act)
    m.addSeparator()
    m.addAction(a.compare)
    m.addAction(a.next_up)
    m.addAction(a.discover)
    m = bar.addMenu("&View")
    m.addAction(a.catalog)
    m.addAction(a.evidence)
    m.addAction(a.show_profile_panel)
    m.addAction(a.ask_where_applied)
    m.addSeparator()
    theme_menu = m.addMenu("&Theme")
    themes = QActionGroup(window)
    for key, label in (("system", "Follow the &system"), ("light", "&Light"), ("dark", "&Dark")):
        act = _action(window, label, f"{label.replace('&', '')} colours")
        act.setCheckable(True)
        themes.addAction(act)
        theme_menu.addAction(act)
        a.themes[key] = act
    m.addSeparator()
    for act in (a.chart_larger, a.chart_smaller, a.chart_fit):
        m.addAction(act)
    m.addSeparator()
    m.addAction(a.presentation)
    # also the window's: presentation mode hides the menu bar, and a menu's hidden action takes no keys, so F11
    # could enter presentation mode but not leave it
    window.addAction(a.presentation)
    m = bar.addMenu("&Help")
    m.addAction(a.about)
    return a
