"""``main.py export KIND --db PATH … --out DIR``: the documents of the 导出与打印 menu without the
window, written by the same functions. Prints each file written, one per line; a file that could
not be written is named on stderr with its reason (exit 1); bad arguments exit 2."""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from models.documents import exports
from models.documents.output import Written, file_name
from models.store import Store, StoreError, ValidationError

KINDS = {
    "letters": "问题交办函（Word）：每个交办批次，按 --mode 和 --form 的各种方式",
    "bulletin": "简报（Word），期号接着上一期",
    "ledger": "问题清单（Excel），本专题全部问题",
    "rectification": "整改台账（Excel）",
    "closed": "销号清单（Excel）",
    "dispatch": "月调度表（Excel），--month 指定月份",
    "stats": "统计表（Excel）",
    "forms": "满意度测评表、各次测评结果表、申请销号和已销号问题的销号审批表（Word）",
}
ALL = "全部"


class CliError(Exception):
    """A bad argument or a database that cannot be used: one Chinese sentence, exit 2."""


def add_parser(commands) -> None:
    kinds = "\n".join(f"  {k:<14}{v}" for k, v in KINDS.items())
    p = commands.add_parser(
        "export", help="不打开窗口，导出文书和台账", description=(
            "不打开窗口，把文书和台账写到 --out 文件夹，与菜单“导出与打印”生成的内容相同。\n"
            "每写成一个文件输出一行路径；有文件没能写成时在错误输出中说明原因，退出码为 1；参数有误时退出码为 2。\n\n"
            f"可导出的种类：\n{kinds}"))
    p.add_argument("kind", metavar="种类", choices=list(KINDS), help="要导出的种类，见上表")
    p.add_argument("--db", metavar="路径", required=True, help="数据库文件")
    p.add_argument("--out", metavar="文件夹", required=True, help="保存到的文件夹（没有时新建）")
    p.add_argument("--campaign", metavar="名称或编号",
                   help="监督专题的名称或编号（默认：窗口开始页的专题，没有时为最新的专题）")
    p.add_argument("--batch", metavar="文号或编号", help="只导出这个交办批次的交办函（默认：全部批次）")
    p.add_argument("--mode", metavar="方式", default=ALL,
                   choices=[m.key for m in exports.LETTER_MODES] + [ALL],
                   help="交办函的方式：主送（一份，主送公文格式设置中的主送机关）、各牵头单位（一份，主送各牵头单位）、"
                        "分别（每个牵头单位一份，各编文号）、全部（默认）")
    p.add_argument("--form", metavar="格式", default=ALL, choices=[*exports.LETTER_FORMS, ALL],
                   help="交办函的格式：公文、信函、全部（默认）")
    p.add_argument("--date", metavar="成文日期", help="交办函的成文日期，如 2026-07-01（默认：今天）")
    p.add_argument("--month", metavar="年-月", help="月调度表的月份，如 2026-06（默认：本月）")
    p.add_argument("--issue", metavar="期号", type=int, help="简报的期号（默认：上一期加一）")
    p.set_defaults(run=run)


def run(args) -> int:
    try:
        store = _open(Path(args.db))
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    try:
        campaign_id = _campaign(store, args.campaign)
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"无法新建保存文件夹：{out}") from exc
        written = _EXPORTS[args.kind](store, campaign_id, args, out)
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    for path in written.paths:
        print(path, flush=True)
    for name, why in written.failed:
        print(f"未能生成：{name}：{why}", file=sys.stderr)
    return 1 if written.failed else 0


def _open(path: Path) -> Store:
    if not path.is_file():
        raise CliError(f"数据库文件不存在：{path}")
    try:
        return Store(path, create=False)
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def _campaign(store: Store, wanted: str | None) -> int:
    from models.campaigns import list_campaigns

    camps = list_campaigns(store)
    if not camps:
        raise CliError("数据库中还没有监督专题。")
    if not wanted:
        start = store.get_setting("start_campaign_id") or ""
        if start.isdigit() and any(c.id == int(start) for c in camps):
            return int(start)
        return camps[0].id
    if wanted.isdigit() and any(c.id == int(wanted) for c in camps):
        return int(wanted)
    named = [c for c in camps if c.name == wanted.strip()]
    if len(named) == 1:
        return named[0].id
    listing = "；".join(f"{c.id}：{c.name}（{c.year}年）" for c in camps)
    if named:
        raise CliError(f"有 {len(named)} 个专题都叫“{wanted}”，请用编号指定：{listing}")
    raise CliError(f"找不到监督专题“{wanted}”。已有的专题（编号：名称）：{listing}")


def _sheet(what: str, specs):
    def export(store: Store, campaign_id: int, args, out: Path) -> Written:
        from models.documents.output import write_each
        from models.documents.xlsx_ledgers import write_sheets

        sheets = specs(store, campaign_id, args)
        return write_each([(out / file_name(what(args) if callable(what) else what, ".xlsx"),
                            lambda path: write_sheets(path, sheets))])
    return export


def _month(args) -> tuple[int, int]:
    if not args.month:
        today = date.today()
        return today.year, today.month
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?", args.month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise CliError(f"月份“{args.month}”无法识别，请写成 2026-06。")
    return int(m.group(1)), int(m.group(2))


def _batches(store: Store, campaign_id: int, wanted: str | None) -> list[int]:
    from models.workflow.handover import list_batches, normalize_doc_number

    batches = list(reversed(list_batches(store, campaign_id)))   # oldest first
    if not wanted:
        if not batches:
            raise CliError("本专题还没有交办批次，没有交办函可导出。")
        return [b["id"] for b in batches]
    if wanted.isdigit() and any(b["id"] == int(wanted) for b in batches):
        return [int(wanted)]
    hit = [b["id"] for b in batches if (b["doc_number"] or "") == normalize_doc_number(wanted)]
    if hit:
        return hit
    listing = "；".join(f"{b['id']}：{b['doc_number'] or '（无文号）'}" for b in batches) or "（无）"
    raise CliError(f"本专题中找不到交办批次“{wanted}”。已有的批次（编号：文号）：{listing}")


def _letters(store: Store, campaign_id: int, args, out: Path) -> Written:
    from models.normalize import DateError, parse_date
    from models.workflow.handover import get_batch

    try:
        when = parse_date(args.date) if args.date else date.today()
    except DateError as exc:
        raise CliError(str(exc)) from exc
    modes = [m for m in exports.LETTER_MODES if args.mode in (ALL, m.key)]
    forms = [(k, v) for k, v in exports.LETTER_FORMS.items() if args.form in (ALL, k)]
    result = Written()
    for batch_id in _batches(store, campaign_id, args.batch):
        batch = get_batch(store, batch_id)
        folder = out / "交办函" / file_name(batch.doc_number or f"交办批次{batch_id}", "")
        for mode in modes:
            for form_name, letter_form in forms:
                try:
                    letters = exports.plan_letters(store, batch_id, mode, letter_form=letter_form,
                                                   letter_date=when.isoformat())
                except ValidationError as exc:   # office names not filled in, a 文号 taken
                    raise CliError(str(exc)) from exc
                targets = exports.letter_paths(letters, folder / f"{mode.key}-{form_name}", per_unit=mode.per_unit)
                done = exports.write_letters(letters, targets, store=store, batch_id=batch_id)
                result.paths += done.paths
                result.failed += done.failed
    return result


def _bulletin(store: Store, campaign_id: int, args, out: Path) -> Written:
    from models.documents import data
    from models.documents.bulletin import write_bulletin
    from models.documents.output import write_each

    issue = args.issue or int(store.get_setting("doc.last_issue", "0") or 0) + 1
    if issue < 1:
        raise CliError("期号应为正整数。")
    content = data.bulletin_data(store, campaign_id, issue=issue)
    written = write_each([(out / file_name(f"简报第{issue}期", ".docx"), lambda path: write_bulletin(content, path))])
    if written.paths:
        store.set_setting("doc.last_issue", str(issue))   # as the menu does after writing
    return written


def _forms(store: Store, campaign_id: int, args, out: Path) -> Written:
    return exports.write_forms(store, campaign_id, out)


_EXPORTS = {
    "letters": _letters,
    "bulletin": _bulletin,
    "ledger": _sheet("问题清单", lambda s, c, a: exports.problem_list_specs(s, exports.whole_ledger(c))),
    "rectification": _sheet("整改台账", lambda s, c, a: exports.rectification_specs(s, c)),
    "closed": _sheet("销号清单", lambda s, c, a: exports.closed_specs(s, c)),
    "dispatch": _sheet(lambda a: "月调度表-{}年{}月".format(*_month(a)),
                       lambda s, c, a: exports.dispatch_specs(s, c, *_month(a))),
    "stats": _sheet("整改情况统计", lambda s, c, a: exports.statistics_specs(s, c)),
    "forms": _forms,
}
