"""The 今日提醒 digest (on opening and from the menus) and 工具 → 设置; the layout of 总览."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ui import jobs

if TYPE_CHECKING:   # the digest, its dialog and 设置 load when first used, not while the window opens
    from models.workflow import reminders
    from ui.workflow.overview_page import OverviewPage
    from ui.workflow.reminders_dialog import RemindersDialog
    from ui.workflow.settings_dialog import SettingsDialog


# The digest reads every open problem (0.7 s of work on 100,000): it starts once the first page is
# up, so that it does not hold up that page (both are Python work, which runs one thread at a time).
DIGEST_AFTER_MS = 1000


class _FirstShow(QObject):
    """The first time the window appears: once it is on screen, work out the digest in the
    background (it reads every open problem and this month's reports) and show it only when
    there is something to say. Opening the window never waits for it."""

    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.job: jobs.Job | None = None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if obj is self.window_ and event.type() == QEvent.Type.Show:
            self.window_.removeEventFilter(self)
            QTimer.singleShot(DIGEST_AFTER_MS, self, self.start)   # dies with the window
        return False

    def start(self) -> None:
        from models.workflow import reminders
        from ui.workflow.reminders_dialog import DISMISSED_KEY
        from ui.workflow.settings_dialog import show_reminders_on_open

        w = self.window_
        cid = w.campaign_id
        if cid is None or not show_reminders_on_open(w.settings) \
                or w.settings.value(DISMISSED_KEY, "") == date.today().isoformat():
            return
        self.job = jobs.Job(w, "今日提醒", lambda store, _progress: reminders.digest(store, cid),
                            store=w.store, connection=jobs.READER, quiet=True,
                            on_success=lambda digest: self._computed(cid, digest))
        self.job.start()     # a failure stays quiet: opening must not fail over a reminder

    def _computed(self, cid: int, digest: reminders.Digest) -> None:
        self.job = None
        w = self.window_
        if digest.has_content and w.isVisible() and w.campaign_id == cid:
            asking = QApplication.activeModalWidget()
            if isinstance(asking, QDialog):   # a question is open (the first start's 操作人): after its answer
                asking.finished.connect(lambda _result: QTimer.singleShot(0, self, lambda: self._computed(cid, digest)))
                return
            _show(w, digest)


def _show(window, digest: reminders.Digest) -> RemindersDialog:
    from ui.workflow.reminders_dialog import RemindersDialog

    for old in window.findChildren(RemindersDialog):   # one digest on screen; a closed one is already gone
        old.close()
    dialog = RemindersDialog(window, digest)
    dialog.show()
    return dialog


def show_reminders(window) -> RemindersDialog | None:
    """整改 / 帮助 → 今日提醒: always shows, even when there is nothing to say."""
    if window.campaign_id is None:
        window.show_error("请先选择监督专题。", "今日提醒")
        return None
    from models.workflow import reminders

    digest = window.operations.run("无法生成今日提醒", reminders.digest, window.store, window.campaign_id)
    return _show(window, digest) if digest is not None else None


def open_settings(window) -> SettingsDialog:
    from ui.workflow.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window)
    dialog.open()
    return dialog


def install(window, overview_page: OverviewPage) -> None:
    """今日提醒 and 设置 in the menus; the 总览 page takes back its remembered layout (月调度: when built,
    ui/pages/later.py)."""
    overview_page.restore_layout(window.settings)
    window.add_action("workflow", "今日提醒…", lambda: show_reminders(window),
                      tip="查看逾期、今日到期、7日内到期的问题和本月未报送进展的单位")
    window.add_action("help", "今日提醒…", lambda: show_reminders(window))
    window.add_action("tools", "设置…", lambda: open_settings(window), tip="操作人名称、到期预警天数", writes=True)
    window.installEventFilter(_FirstShow(window))
