"""Qt application set-up: Chinese translations, fonts, organisation names for QSettings."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSize, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

APP_NAME = "联动监督问题清单管理系统"
ORG_NAME = "LiandongJiandu"
DESKTOP_FILE = "cn.liandong.jiandu"   # the installed desktop entry (packaging/meta.py APP_ID)
# resources/ beside ui/: the source tree, the Windows install (pkgs/) and the PyInstaller bundle alike
ICON_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def configure_names() -> None:
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)


def app_icon() -> QIcon:
    """The application icon in every drawn size (title bar, task bar, Alt+Tab)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = ICON_FOLDER / f"app-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own zh_CN translation so standard dialogs and buttons are Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            translators.append(tr)
    return translators


def install_excepthook() -> None:
    """A bug never ends in a silent crash: show a Chinese message with the details folded."""
    def hook(exc_type, exc, tb):
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(text)
        app = QApplication.instance()
        if app is None:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "程序出错",
                          "程序遇到意外错误，刚才的操作可能没有完成，已保存的数据不受影响。\n"
                          "请记下出错前的操作并联系技术人员。")
        box.setDetailedText(text)
        box.exec()
    sys.excepthook = hook


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    configure_names()
    install_translations(app)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_FILE)  # lets UOS/Kylin task bars match windows to the menu entry
    return app
