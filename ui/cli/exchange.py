"""``main.py exchange export|import|identity``: 三级联动交换包 without the window, through the same
model functions as the 文件 → 三级联动交换 menu.

Exit codes: 0 written / applied (with --dry-run: there is something to apply), 1 nothing new,
2 wrong arguments, 3 refused (the package or the database said no; the sentence is printed).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.store import Store, StoreError

APPLIED, NOTHING_NEW, USAGE, REFUSED = 0, 1, 2, 3


def add_parser(commands) -> None:
    p = commands.add_parser("exchange", help="三级联动交换包：写出、导入、本机关信息", description=(
        "不打开窗口，写出或导入三级联动交换包。\n"
        "退出码：0 已写出/已应用（试运行时表示有变化）；1 没有新内容；2 参数有误；3 被拒绝（输出一句原因）。"))
    sub = p.add_subparsers(dest="action", title="操作", metavar="操作", parser_class=type(p))
    sub.required = True
    e = sub.add_parser("export", help="为另一个机关写交换包")
    e.add_argument("--db", required=True, metavar="路径", help="数据库文件")
    e.add_argument("--to", required=True, metavar="机关", help="收件机关名称，如“某某市人大常委会”")
    e.add_argument("--campaign", metavar="名称", help="只导出这个监督专题（可写“名称 年度”）")
    e.add_argument("--out", required=True, metavar="文件", help="交换包文件（.zip）")
    e.add_argument("--everything", action="store_true", help="导出全部内容（不只是对方尚未确认收到的）")
    i = sub.add_parser("import", help="导入交换包")
    i.add_argument("--db", required=True, metavar="路径", help="数据库文件")
    i.add_argument("file", metavar="文件", nargs="+", help="交换包文件（.zip）；可一次给出多个（成批导入，只备份一次）")
    i.add_argument("--dry-run", action="store_true", help="只列出会有哪些变化，不修改数据库")
    i.add_argument("--accept-new-key", action="store_true", help="对方更换了签名密钥，已电话核对指纹后接受")
    d = sub.add_parser("identity", help="查看或设置本机关名称和层级")
    d.add_argument("--db", required=True, metavar="路径", help="数据库文件")
    d.add_argument("--office", metavar="名称", help="本机关名称，如“某某县人大常委会”")
    d.add_argument("--level", choices=("省", "市", "县"), help="层级")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    path = Path(args.db)
    if not path.is_file():
        print(f"错误：数据库文件不存在：{path}", file=sys.stderr)
        return USAGE
    try:
        store = Store(path, create=False)
    except StoreError as exc:
        print(f"拒绝：{exc}", file=out)
        return REFUSED
    try:
        return _run(store, args, out)
    except StoreError as exc:
        print(f"拒绝：{exc}", file=out)
        return REFUSED
    finally:
        store.close()


def _run(store: Store, args: argparse.Namespace, out) -> int:
    from models.sync import export, identity, merge

    if args.action == "identity":
        me = identity.identity(store)
        if args.office or args.level:
            me = identity.set_office(store, args.office or me.office, args.level or me.level)
        print(f"本机关：{me.office or '（未设置）'}；层级：{me.level}；密钥指纹：{me.fingerprint}", file=out)
        return APPLIED
    if args.action == "export":
        result = export.export_package(store, to_office=args.to, out=args.out,
                                       campaign_id=export.campaign_by_label(store, args.campaign), everything=args.everything)
        print(f"已写出交换包：{result.path}（写给{result.recipient}的第{result.number}号，{result.change_count} 条变更，"
              f"佐证材料 {result.blob_count} 个，{result.blob_bytes / 1024 ** 2:.1f} MB）", file=out)
        return APPLIED if result.change_count else NOTHING_NEW
    if len(args.file) == 1:
        results: list = [merge.import_package(store, args.file[0], dry_run=args.dry_run,
                                              accept_new_key=args.accept_new_key)]
    elif args.dry_run:  # each package on its own against the database as it is
        results = []
        for name in args.file:
            try:
                results.append(merge.import_package(store, name, dry_run=True, accept_new_key=args.accept_new_key))
            except StoreError as exc:
                results.append(exc)
    else:  # several packages (a city's counties): one backup, each package its own transaction
        results = merge.import_many(store, args.file, accept_new_key=args.accept_new_key, fast_commits=True)
    for name, changes in zip(args.file, results, strict=True):
        if len(args.file) > 1:
            print(f"== {Path(name).name}", file=out)
        if isinstance(changes, StoreError):
            print(f"拒绝：{changes}", file=out)
            continue
        for line in changes.lines():
            print(line, file=out)
        if not args.dry_run and changes.has_changes:
            print("已应用。", file=out)
    if args.dry_run:
        print("（试运行，未修改数据库）", file=out)
    good = [c for c in results if not isinstance(c, StoreError)]
    if not good:
        raise results[0]
    return APPLIED if any(c.has_changes for c in good) else NOTHING_NEW
