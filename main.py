"""联动监督问题清单管理系统 — start the program: parse arguments, open the store, show the window."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    from ui.cli.args import ChineseParser, chinese_argparse

    with chinese_argparse():   # argparse's own words are looked up while the parser is built
        parser = ChineseParser(prog="main.py", description="联动监督问题清单管理系统",
                               epilog="不打开窗口的命令：\n  main.py export 种类 --db 路径 --out 文件夹 …  导出文书和台账\n"
                                      "  main.py check --db 路径                       完整检查数据库文件\n"
                                      "  main.py exchange export|import|identity …     三级联动交换包\n"
                                      "各命令的说明：main.py export --help、main.py check --help")
        _add_arguments(parser)
        return parser.parse_args(argv)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="路径", help="打开指定的数据库文件（默认：用户数据文件夹中的数据库）")
    parser.add_argument("--demo", action="store_true",
                        help="打开演示数据库（新建于用户数据文件夹，或 --db 指定的新路径；不会覆盖已有文件）")
    # For build checks: show the window, optionally save a picture of it, then quit.
    parser.add_argument("--smoke", nargs="?", const="", default=None, metavar="PNG", help=argparse.SUPPRESS)


def resolve_db(args: argparse.Namespace) -> tuple[Path, bool]:
    """(path, create_demo). Refuses --demo onto an existing file."""
    from models import paths

    if args.demo:
        path = Path(args.db) if args.db else paths.demo_db_path()
        if path.exists():
            raise SystemExit(f"错误：{path} 已存在。演示数据库只能新建，不会覆盖已有文件，请换一个路径。")
        return path, True
    return (Path(args.db) if args.db else paths.default_db_path()), False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from ui.cli import is_command

    if is_command(argv):   # main.py export … / check … / exchange …: no window (ui/cli)
        from ui.cli import run

        return run(argv)
    args = parse_args(argv)
    try:
        path, demo = resolve_db(args)
    except SystemExit as exc:
        if sys.stderr is None:  # started from an icon (no console): say it in a window
            from ui.app import create_app
            from ui.startup import show_error

            create_app(sys.argv[:1])
            show_error("无法打开演示数据", str(exc.code))
        raise
    if not demo:   # the file's quick check runs while Qt and the window load (models/safety/integrity.py)
        from models.safety.integrity import check_early

        check_early(path)

    from ui.app import create_app, install_excepthook
    from ui.main_window import open_window

    app = create_app(sys.argv[:1])
    install_excepthook()
    # a path typed with --db may be mistyped: it is created only after asking
    window = open_window(path, demo=demo, ask_create=bool(args.db) and not demo)
    if window is None:
        return 1
    window.show()
    if args.smoke is not None:
        return smoke_check(app, window, args.smoke)
    return app.exec()


def smoke_check(app, window, picture: str) -> int:
    """Check that every module and library of this installation loads (bundle_check), let the window
    paint, report that it is visible, save it as PNG if asked, and quit: 0 only when both hold."""
    from PySide6.QtCore import QTimer

    import bundle_check

    missing = bundle_check.problems()
    if sys.stderr is not None:
        for line in missing:
            print(f"安装不完整：{line}", file=sys.stderr, flush=True)
    if sys.stdout is not None:
        print(f"已检查 {bundle_check.module_count()} 个模块和 {len(bundle_check.NATIVE_CALLS)} 个编译库："
              + (f"{len(missing)} 个问题" if missing else "齐全"), flush=True)

    def done() -> None:
        if picture:
            window.grab().save(picture)
        from PySide6.QtCore import QCoreApplication

        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")  # "取消" when zh_CN is loaded
        if sys.stdout is not None:  # a windowed Windows build has no console
            print(f"窗口已显示：{window.windowTitle()}（{window.width()}×{window.height()}），"
                  f"Qt 标准按钮“Cancel”显示为“{cancel}”", flush=True)
        app.exit(0 if window.isVisible() and not missing else 1)

    QTimer.singleShot(1500, done)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
