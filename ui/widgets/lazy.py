"""Pages that refresh lazily: now when on screen, otherwise the next time they are shown.

A page mixes ``LazyRefresh`` in before ``QWidget``, defines ``refresh()`` (which starts with
``self._dirty = False``) and calls ``self.watch(window)``. Nothing off screen is computed when the
window opens or when data changes; the main window's ``on_shown`` and Qt's ``showEvent`` both
catch up a page that went stale while hidden.
"""
from __future__ import annotations


class LazyRefresh:
    _dirty = True   # a new page has never been filled

    def watch(self, window, *, campaign: bool = True) -> None:
        """Refresh (or mark stale) on the window's data changes, and on campaign switches."""
        if campaign:
            window.campaign_changed.connect(lambda _cid: self.refresh_when_seen())
        window.data_changed.connect(self.refresh_when_seen)

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
