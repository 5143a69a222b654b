"""The command line: ``main.py export KIND …`` writes documents without the window, and
``main.py check`` checks a database file. It calls the same functions as the menus
(models.documents.exports / data); it is the program's other face, so it lives beside the
window's code, but it imports no Qt."""
from __future__ import annotations

import sys

from ui.cli.args import ChineseParser, chinese_argparse

COMMANDS = ("export", "check", "exchange")


def is_command(argv: list[str]) -> bool:
    """True when the arguments ask for a command instead of the window."""
    return bool(argv) and argv[0] in COMMANDS


def build_parser() -> ChineseParser:
    from ui.cli import check, exchange, export

    parser = ChineseParser(prog="main.py", description="联动监督问题清单管理系统：命令行（不打开窗口）。")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=ChineseParser)
    commands.required = True
    export.add_parser(commands)
    check.add_parser(commands)
    exchange.add_parser(commands)
    return parser


def run(argv: list[str]) -> int:
    """Parse ``argv`` (without the program name) and run the command; returns the exit code."""
    _speak_utf8()
    with chinese_argparse():
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:   # --help (0) or a bad argument (2): argparse has said why
            return int(exc.code or 0)
    return args.run(args)


def _speak_utf8() -> None:
    """A console or pipe that cannot show a character gets "?" instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
