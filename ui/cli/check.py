"""``main.py check --db PATH``: a full integrity check of a database file, one Chinese line."""
from __future__ import annotations

import sys
from pathlib import Path

from models.safety.integrity import full_check


def add_parser(commands) -> None:
    p = commands.add_parser(
        "check", help="完整检查数据库文件是否损坏", description=(
            "对数据库文件做完整的完整性检查（PRAGMA integrity_check 和外键检查），输出一行结论。\n"
            "退出码：0 完好；1 已损坏或不是本程序的数据库；2 参数有误或文件不存在。"))
    p.add_argument("--db", metavar="路径", required=True, help="要检查的数据库文件")
    p.set_defaults(run=run)


def run(args) -> int:
    path = Path(args.db)
    if not path.is_file():
        print(f"错误：数据库文件不存在：{path}", file=sys.stderr)
        return 2
    result = full_check(path)
    print(result.verdict)
    return 0 if result.ok else 1
