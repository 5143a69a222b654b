"""Benchmarks of the document writers, beside plain openpyxl / python-docx writing the same cells.

Run: /work/venv/bin/python tests/bench_documents.py   (targets from issue 4; not part of pytest)
Each benchmark is a function ``bench_*() -> list[str]`` printing its figures; main runs them all.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.store import Store, now_text  # noqa: E402


def make_ledger_store(path: Path, problems: int = 1000, reports_each: int = 3) -> tuple[Store, int]:
    """A campaign with ``problems`` problems (long Chinese text) and ``reports_each`` reports each."""
    store = Store(path)
    ts = now_text()
    with store.transaction() as conn:
        cid = conn.execute("INSERT INTO campaigns(name, year, created_at, updated_at) VALUES (?, ?, ?, ?)",
                           ("积极应对人口老龄化　加快发展养老服务", 2025, ts, ts)).lastrowid
        unit_ids = [conn.execute("INSERT INTO units(name, short_name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                                 (f"某某县第{i}局", f"县{i}局", ts, ts)).lastrowid for i in range(20)]
        for i in range(problems):
            pid = conn.execute(
                "INSERT INTO problems(campaign_id, number, source, category, place, description, lead_unit_id, "
                "kind, deadline, status, progress, created_at, updated_at) "
                "VALUES (?, ?, '执法检查', '设施建设', '城关镇', ?, ?, '限期整改', ?, '整改中', 40, ?, ?)",
                (cid, f"2025-{i + 1:04d}", f"第{i + 1}号敬老院消防设施老化，应急照明不足，部分房间未安装烟感报警器，"
                 "夜间值守人员不足，存在安全隐患。", unit_ids[i % 20], f"2025-{i % 12 + 1:02d}-28", ts, ts)).lastrowid
            conn.executemany(
                "INSERT INTO progress_reports(problem_id, report_date, unit_id, measures, result, percent, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(pid, f"2025-{m + 3:02d}-15", unit_ids[i % 20],
                  "召开专题会议研究整改方案，明确责任人和完成时限，已完成部分设施更换。", "已更换应急照明12处", 20 * (m + 1),
                  ts, ts) for m in range(reports_each)])
    return store, cid


def bench_rectification_xlsx() -> list[str]:
    """整改台账 of 1,000 problems with 3,000 progress rows: target 1.5 s."""
    from openpyxl import Workbook

    from models.documents import export_data, xlsx_ledgers

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        store, cid = make_ledger_store(tmp_path / "bench.db")
        t0 = time.perf_counter()
        data = export_data.rectification(store, cid)
        t1 = time.perf_counter()
        spec = xlsx_ledgers.rectification_spec(data)
        xlsx_ledgers.write_rectification(tmp_path / "整改台账.xlsx", data)
        t2 = time.perf_counter()
        # plain openpyxl writing the same cell values, no styles or page setup
        t3 = time.perf_counter()
        wb = Workbook()
        ws = wb.active
        ws.append([c.label for c in spec.columns])
        for row in spec.rows:
            ws.append(row)
        wb.save(tmp_path / "plain.xlsx")
        t4 = time.perf_counter()
        store.close()
    rows = len(spec.rows)
    lines = [
        f"整改台账 {len(data.items)} 个问题 + {data.report_count} 条进展 = {rows} 行",
        f"  本程序：读取 {t1 - t0:.2f} s + 写入 {t2 - t1:.2f} s = {t2 - t0:.2f} s（目标 ≤ 1.5 s）",
        f"  纯 openpyxl 写同样的单元格（无样式、无打印设置）：{t4 - t3:.2f} s",
    ]
    print("\n".join(lines))
    return lines


def bench_letter_docx() -> list[str]:
    """交办函 with a 200-row 附件 (from a handover batch in the store): target 1 s."""
    from docx import Document

    from models.documents import data as gather
    from models.documents.docx_writer import write_docx
    from models.documents.letter import ANNEX_COLUMNS, deadline_text, letter_content, subject_text
    from models.workflow.handover import HandoverForm, create_batch

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        store, cid = make_ledger_store(tmp_path / "bench.db", problems=200, reports_each=0)
        store.execute("UPDATE problems SET status = '待交办', legal_basis = '《河南省养老服务条例》第二十三条', "
                      "suggestion = '限期完成消防设施改造，配齐夜间值守人员。'")
        ids = store.column("SELECT id FROM problems ORDER BY number")
        batch = create_batch(store, cid, HandoverForm(doc_number="某人常办〔2025〕12号", handover_date="2025-06-30",
                                                      occasion="联动监督问题交办会", default_deadline="2025-12-31"), ids)
        t0 = time.perf_counter()
        [letter] = gather.letter_data(store, batch)
        t1 = time.perf_counter()
        content = letter_content(letter)
        write_docx(content, tmp_path / "交办函.docx")
        t2 = time.perf_counter()
        # plain python-docx writing the same annex cells (no fonts, no page setup, no letter text)
        t3 = time.perf_counter()
        doc = Document()
        table = doc.add_table(rows=1, cols=len(ANNEX_COLUMNS))
        for cell, col in zip(table.rows[0].cells, ANNEX_COLUMNS, strict=True):
            cell.text = col.header
        for i, p in enumerate(letter.problems, 1):
            cells = table.add_row().cells
            values = [str(i), p.description, p.legal_basis, subject_text(p), p.supervisor, deadline_text(p),
                      p.requirement]
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
        doc.save(str(tmp_path / "plain.docx"))
        t4 = time.perf_counter()
        store.close()
    lines = [
        f"交办函 附件 {len(letter.problems)} 行",
        f"  本程序：读取 {t1 - t0:.2f} s + 排版写入 {t2 - t1:.2f} s = {t2 - t0:.2f} s（目标 ≤ 1 s）",
        f"  纯 python-docx 写同样的表格单元格（无字体、无版式）：{t4 - t3:.2f} s",
    ]
    print("\n".join(lines))
    return lines


def main() -> None:
    for name, func in sorted(globals().items()):
        if name.startswith("bench_") and callable(func):
            func()


if __name__ == "__main__":
    main()
