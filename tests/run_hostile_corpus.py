"""Every hostile file through the import and 反馈表 paths, one subprocess each, time and memory measured.

    python tests/run_hostile_corpus.py [--large] [--keep DIR]

Prints per file and path: outcome, seconds, peak memory (MB, the child's max RSS) and the message;
then the totals issue 9 asks for: files, refused with Chinese messages, English text or tracebacks
(target 0), hangs (target 0), database changed when refused (target 0), worst time and memory.
Exit code 1 when a target is missed.
"""
from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_corpus import make_corpus  # noqa: E402

TIMEOUT_S = 60
_ALLOWED = {"Excel", "WPS", "Word", "xlsx", "xls"}


def english(message: str, file_name: str) -> bool:
    text = re.sub(r"“[^”]*”", "", message.replace(file_name, ""))   # the file's own words, quoted
    words = re.findall(r"[A-Za-z_]{3,}", text)
    return "Traceback" in message or any(w not in _ALLOWED for w in words)


def template_db(folder: Path) -> Path:
    from models.campaigns import create_campaign
    from models.domain import Campaign, Unit
    from models.problems import ProblemForm, create_problem
    from models.store import Store
    from models.units import create_unit
    from models.workflow import rules

    db = folder / "模板.db"
    store = Store(db)
    cid = create_campaign(store, Campaign(name="积极应对人口老龄化", year=2024))
    for name in ("县民政局", "县财政局"):
        create_unit(store, Unit(name=name, kind="政府部门"))
    for i in range(1, 4):
        pid = create_problem(store, ProblemForm(number=f"2024-{i:03d}", source="专题调研", description=f"已有问题第{i}个",
                                                lead_unit="县民政局", deadline="2024-12-31"), campaign_id=cid)
        rules.apply_transition(store, pid, "整改中")
    store.close()
    return db


def _hwm_mb(pid: int) -> float:
    """The child's own peak memory (VmHWM starts afresh at exec, unlike rusage's maxrss, which would
    count this runner's size copied by fork)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def probe(mode: str, path: Path, db: Path) -> dict:
    started = time.monotonic()
    peak = 0.0
    child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "hostile_probe.py"), mode, str(path), str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    exited = os.pidfd_open(child.pid)
    try:
        while True:
            peak = max(peak, _hwm_mb(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > TIMEOUT_S:
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                return {"outcome": "hang", "message": "", "seconds": TIMEOUT_S, "mb": peak}
            select.select([exited], [], [], 0.02)   # wake when the child ends, else sample memory again
    finally:
        os.close(exited)
    seconds = time.monotonic() - started
    out_text = child.stdout.read().decode("utf-8", "replace").strip().splitlines()
    err_text = child.stderr.read().decode("utf-8", "replace")
    try:
        result = json.loads(out_text[-1])
    except (IndexError, ValueError):
        result = {"outcome": "traceback", "message": (err_text or f"退出码 {status}")[-600:]}
    result.update(seconds=seconds, mb=max(peak, result.pop("peak_mb", 0.0)))
    return result


def main() -> int:
    large = "--large" in sys.argv
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        files = make_corpus(work / "corpus", large=large)
        template = template_db(work)
        totals = {"files": len(files), "runs": 0, "refused_cn": 0, "read": 0, "english": 0, "hangs": 0,
                  "changed_when_refused": 0}
        worst_s, worst_mb = (0.0, ""), (0.0, "")
        for path in files:
            for mode in ("import", "reply"):
                db = work / "probe.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(template, db)
                r = probe(mode, path, db)
                totals["runs"] += 1
                label = f"{path.name} [{'导入' if mode == 'import' else '反馈表'}]"
                bad_text = english(r.get("message", ""), path.name) or r["outcome"] == "traceback"
                if r["outcome"] == "hang":
                    totals["hangs"] += 1
                elif bad_text:
                    totals["english"] += 1
                elif r["outcome"] == "refused":
                    totals["refused_cn"] += 1
                else:
                    totals["read"] += 1
                if r["outcome"] == "refused" and r.get("db_changed"):
                    totals["changed_when_refused"] += 1
                worst_s = max(worst_s, (r["seconds"], label))
                worst_mb = max(worst_mb, (r["mb"], label))
                print(f"{'⚠ ' if bad_text else ''}{label:38} {r['outcome']:9} {r['seconds']:6.2f} s {r['mb']:7.1f} MB  "
                      f"{(r.get('message') or '；'.join(r.get('reasons', [])))[:150]}", flush=True)
        print()
        print(f"文件 {totals['files']} 个，运行 {totals['runs']} 次（导入和反馈表两条路径）")
        print(f"拒绝且为中文说明 {totals['refused_cn']} 次；读入（问题行在预览中标出或导入）{totals['read']} 次")
        print(f"英文或异常堆栈 {totals['english']} 次（目标 0）；卡住 {totals['hangs']} 次（目标 0）；"
              f"拒绝时数据库被改动 {totals['changed_when_refused']} 次（目标 0）")
        print(f"最长用时 {worst_s[0]:.2f} s（{worst_s[1]}）；最大内存 {worst_mb[0]:.0f} MB（{worst_mb[1]}）")
        missed = totals["english"] or totals["hangs"] or totals["changed_when_refused"] or worst_s[0] > 30 \
            or worst_mb[0] > 500
        return 1 if missed else 0
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
