"""Feature: 总览, 月调度, 满意度测评 pages, the 今日提醒 digest and 工具 → 设置."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QTimer

from models.workflow import reminders
from ui import jobs
from ui.workflow_views.dispatch_page import DispatchPage
from ui.workflow_views.evaluation_page import EvaluationPage
from ui.workflow_views.overview_page import OverviewPage
from ui.workflow_views.reminders_dialog import DISMISSED_KEY, RemindersDialog
from ui.workflow_views.settings_dialog import SettingsDialog, show_reminders_on_open


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
            QTimer.singleShot(0, self, self.start)   # after the first paint; dies with the window
        return False

    def start(self) -> None:
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
            _show(w, digest)


def _show(window, digest: reminders.Digest) -> RemindersDialog:
    old = getattr(window, "_reminders_dialog", None)
    if old is not None:
        old.close()
    dialog = RemindersDialog(window, digest)
    window._reminders_dialog = dialog
    dialog.show()
    return dialog


def show_reminders(window) -> RemindersDialog | None:
    """整改 / 帮助 → 今日提醒: always shows, even when there is nothing to say."""
    if window.campaign_id is None:
        window.show_error("请先选择监督专题。", "今日提醒")
        return None
    digest = window.run_action(reminders.digest, window.store, window.campaign_id, title="无法生成今日提醒")
    return _show(window, digest) if digest is not None else None


def open_settings(window) -> SettingsDialog:
    dialog = SettingsDialog(window)
    dialog.open()
    return dialog


def install(window) -> None:
    page = OverviewPage(window)
    window.add_page("overview", "总览", page, order=10)
    page.restore_layout(window.settings)
    dispatch_page = DispatchPage(window)
    window.add_page("dispatch", "月调度", dispatch_page, order=40)
    dispatch_page.restore_layout(window.settings)
    window.add_page("evaluation", "满意度测评", EvaluationPage(window), order=60)
    window.add_action("workflow", "今日提醒…", lambda: show_reminders(window),
                      tip="查看逾期、今日到期、7日内到期的问题和本月未报送进展的单位")
    window.add_action("help", "今日提醒…", lambda: show_reminders(window))
    window.add_action("tools", "设置…", lambda: open_settings(window), tip="操作人名称、到期预警天数", writes=True)
    window.installEventFilter(_FirstShow(window))
