"""Plan > right-click a step > Exclude provider: also offer the other names the catalog gives its organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from careerpath.graph.providers import similar_providers
from careerpath.ui import operations as ops

if TYPE_CHECKING:
    from careerpath.ui.main_window import MainWindow


def exclude_provider(window: MainWindow, provider: str) -> None:
    """Exclude ``provider`` for the current client and re-plan; where the catalog names the same organisation
    other ways ("The Linux Foundation" beside "The Linux Foundation (CNCF)"), say so and offer to exclude those
    too. An exclusion matches one name exactly, so without the question a client who said "no more Linux
    Foundation exams" would get the next one under its other name."""
    counts: dict[str, int] = {}
    for cred in window.session.catalog.credentials.values():
        if cred.provider:
            counts[cred.provider] = counts.get(cred.provider, 0) + 1
    profile = window.session.profile()
    done = profile.excluded_providers if profile is not None else set()
    similar = [p for p in similar_providers(provider, counts) if p not in done]
    also: list[str] = []
    if similar:
        listed = "\n".join(f"• {p} ({counts[p]} credential{'s' if counts[p] != 1 else ''})" for p in similar)
        answer = QMessageBox.question(
            window, "Exclude provider",
            f"The catalog also has credentials from providers that share the name “{provider}”:\n\n{listed}\n\n"
            f"Exclude {'it' if len(similar) == 1 else 'them'} too? (No excludes only “{provider}”.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return
        if answer == QMessageBox.StandardButton.Yes:
            also = similar
    window.run_op(lambda: ops.set_excluded_provider(session=window.session, provider=provider, excluded=True,
                                                    also=also))
