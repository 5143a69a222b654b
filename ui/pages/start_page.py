"""The start page, shown while the database has no campaign: create one, or open the demo."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from models.campaigns import campaign_counts
from ui.action_gate import mark_writing
from ui.dialogs import messages
from ui.dialogs.campaign_dialog import CampaignDialog

# Windows opened on demo files; kept here so Python does not collect them while shown.
OPEN_WINDOWS: list = []


class StartPage(QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window_ = window
        self.dialog: CampaignDialog | None = None
        title = QLabel("联动监督问题清单管理系统", self)
        title.setObjectName("start_title")
        font = title.font()
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.8)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "本数据库中还没有监督专题。\n"
            "请先新建一个监督专题（如“积极应对人口老龄化　加快发展养老服务”），再录入问题清单；\n"
            "也可以先打开演示数据看看程序怎样使用（演示数据另存为单独的文件，不会混入您的数据）。", self)
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setFixedWidth(640)
        intro.setMinimumHeight(intro.heightForWidth(640))
        self.new_button = QPushButton("新建监督专题", self)
        mark_writing(self.new_button)
        self.new_button.setObjectName("start_new_campaign")
        self.demo_button = QPushButton("打开演示数据", self)
        self.demo_button.setObjectName("start_open_demo")
        for b in (self.new_button, self.demo_button):
            b.setMinimumSize(220, 44)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_campaign)
        self.demo_button.clicked.connect(self.open_demo)
        path = QLabel(f"数据库文件：{window.store.path}", self)
        path.setStyleSheet("color: #666;")
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (title, intro):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(16)
        layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        layout.addWidget(path, 0, Qt.AlignmentFlag.AlignHCenter)

    def new_campaign(self) -> CampaignDialog:
        return open_campaign_dialog(self.window_, self)

    def open_demo(self):
        """A fresh demo database in its own new file, shown in a new window."""
        from models import paths

        try:
            from models import demo
        except ImportError:
            messages.inform(self.window_, "打开演示数据", "本版本未附带演示数据。")
            return None
        store = self.window_.run_action(demo.create_demo_database, paths.demo_db_path(),
                                        title="无法创建演示数据")
        if store is None:
            return None
        from ui.main_window import MainWindow

        other = MainWindow(store, settings=self.window_.settings)
        counts = campaign_counts(store)
        if counts:   # open on the demo's main campaign, not a small carried-over one
            other.set_campaign(max(counts, key=counts.get))
        OPEN_WINDOWS.append(other)
        other.show()
        return other


def open_campaign_dialog(window, parent: QWidget | None = None, campaign_id: int | None = None) -> CampaignDialog:
    """Open the campaign dialog (non-blocking); a new campaign becomes the current one."""
    dialog = CampaignDialog(window.store, campaign_id, parent or window)

    def saved() -> None:
        window.reload_campaigns(select_id=dialog.saved_id if campaign_id is None else window.campaign_id)
        window.notify_changed()

    dialog.accepted.connect(saved)
    if parent is not None and hasattr(parent, "dialog"):
        parent.dialog = dialog
    dialog.open()
    return dialog
