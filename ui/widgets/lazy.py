"""Pages that refresh lazily: now when on screen, otherwise the next time they are shown.

A page mixes ``LazyRefresh`` in before ``QWidget``, defines ``refresh()`` (which starts with
``self._dirty = False``) and calls ``self.watch(window)``. Nothing off screen is computed when the
window opens or when data changes; the main window's ``on_shown`` and Qt's ``showEvent`` both
catch up a page that went stale while hidden.
"""
from __future__ import annotations

from models import ledger
from models.changes import PROBLEM_WORK, Changes
from models.ledger import LedgerFilter

AT_ONCE = 5000   # problems: a page counts a campaign this size at once, a bigger one in a background job


def counted_at_once(store, campaign_id: int) -> bool:
    """Whether a page's figures for this campaign are quick enough to count on the GUI thread."""
    # counting stops past the limit: the question is only whether there are more (12 ms saved at 100,000)
    return ledger.count(store, LedgerFilter(campaign_id=campaign_id), at_most=AT_ONCE + 1) <= AT_ONCE


class LazyRefresh:
    _dirty = True   # a new page has never been filled
    SHOWS: tuple[str, ...] = PROBLEM_WORK   # the tables on this page (models/changes.py)

    def watch(self, window, *, campaign: bool = True) -> None:
        """Refresh (or mark stale) when an action wrote a table this page shows, and on campaign switches."""
        if campaign:
            window.campaign_changed.connect(self._campaign_switched)
        window.data_changed.connect(self._data_changed)

    def _campaign_switched(self, _campaign_id) -> None:
        self.refresh_when_seen()

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(*self.SHOWS):
            self.refresh_when_seen()

    def refresh_when_seen(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def on_shown(self) -> None:
        if self._dirty and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._dirty:
            self.refresh()
