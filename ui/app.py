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


# Words Qt's own zh_CN file leaves in English (Qt 6.11): the file dialog's "Look in:" and
# "Files of type:", and the type column's "Folder"/"Drive". Keyed on (context, source text).
MISSING_QT_WORDS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Look in:"): "查找范围：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Files of type:"): "文件类型：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QShortcut", "Control"): "Ctrl",
}


class MissingQtWords(QTranslator):
    """Fills the gaps of qtbase_zh_CN, so no English shows in Qt's standard dialogs."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 (Qt signature)
        return MISSING_QT_WORDS.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 (Qt name)
        return False


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own zh_CN translation so standard dialogs and buttons are Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators: list[QTranslator] = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            translators.append(tr)
    if not any(isinstance(t, MissingQtWords) for t in app.findChildren(QTranslator)):
        supplement = MissingQtWords(app)
        app.installTranslator(supplement)
        translators.append(supplement)
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
