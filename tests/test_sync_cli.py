"""The headless exchange commands (python main.py exchange …) and 撤销 of an imported package."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sync_offices import county_with_problems, office, problem_by_number

from models.store import Store, ValidationError
from models.sync import merge, undo

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "exchange", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    return proc.returncode, proc.stdout + proc.stderr


def test_export_then_import_then_again_from_the_command_line(tmp_path):
    county, _ = county_with_problems(tmp_path / "county.db", 2)
    county.close()
    office(tmp_path / "city.db", "某市人大常委会", "市").close()
    pkg = tmp_path / "县第1号.zip"
    code, text = cli("export", "--db", str(tmp_path / "county.db"), "--to", "某市人大常委会",
                     "--campaign", "积极应对人口老龄化 加快发展养老服务 2026", "--out", str(pkg))
    assert code == 0 and "写给某市人大常委会的第1号" in text, text
    code, text = cli("import", "--db", str(tmp_path / "city.db"), str(pkg), "--dry-run")
    assert code == 0 and "新增问题：2 条" in text and "试运行" in text, text
    assert Store(tmp_path / "city.db").scalar("SELECT count(*) FROM problems") == 0
    code, text = cli("import", "--db", str(tmp_path / "city.db"), str(pkg))
    assert code == 0 and "已应用。" in text, text
    code, text = cli("import", "--db", str(tmp_path / "city.db"), str(pkg))
    assert code == 1 and "没有新内容。" in text, text
    pkg.write_bytes(pkg.read_bytes()[:300])
    code, text = cli("import", "--db", str(tmp_path / "city.db"), str(pkg))
    assert code == 3 and "已损坏或不完整" in text and "Traceback" not in text, text
    code, text = cli("identity", "--db", str(tmp_path / "city.db"))
    assert code == 0 and "本机关：某市人大常委会；层级：市" in text
    code, text = cli("export", "--db", str(tmp_path / "city.db"))
    assert code == 2


def test_several_packages_at_once_one_refused(tmp_path):
    for n, name in enumerate(("甲县人大常委会", "乙县人大常委会")):
        county, _ = county_with_problems(tmp_path / f"c{n}.db", 2, name=name, prefix=f"{n}")
        from models.sync import export

        export.export_package(county, to_office="某市人大常委会", out=tmp_path / f"{n}.zip")
        county.close()
    office(tmp_path / "city.db", "某市人大常委会", "市").close()
    (tmp_path / "坏.zip").write_bytes(b"PK\x03\x04 not really")
    code, text = cli("import", "--db", str(tmp_path / "city.db"), str(tmp_path / "0.zip"), str(tmp_path / "坏.zip"),
                     str(tmp_path / "1.zip"))
    assert code == 0, text
    assert text.count("已应用。") == 2 and "== 坏.zip\n拒绝：交换包“坏.zip”已损坏或不完整" in text
    assert Store(tmp_path / "city.db").scalar("SELECT count(*) FROM problems") == 4
    code, text = cli("identity", "--db", str(tmp_path / "city.db"), "--level", "省")
    assert code == 0 and "本机关：某市人大常委会；层级：省" in text


def test_an_imported_package_is_undone_while_nothing_came_after(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 2)
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    from models.sync import export

    export.export_package(county, to_office="某市人大常委会", out=tmp_path / "1.zip")
    result = merge.import_package(city, tmp_path / "1.zip")
    [pkg] = undo.imported_packages(city)
    assert result.package_id == pkg["id"] and undo.undo_refusal(city, pkg["id"]) == ""
    assert "已撤销某县人大常委会第1号交换包" in undo.undo_package(city, pkg["id"])
    assert city.scalar("SELECT count(*) FROM problems") == 0 and undo.imported_packages(city) == []
    # imported again, then edited: undoing would lose the edit, so it is refused
    merge.import_package(city, tmp_path / "1.zip")
    from models.problems import form_from_problem, get_problem, update_problem

    pid = problem_by_number(city, "某县·2026-001")["id"]
    form = form_from_problem(city, get_problem(city, pid))
    form.place = "市里改的"
    update_problem(city, pid, form)
    [pkg] = undo.imported_packages(city)
    with pytest.raises(ValidationError, match="之后本机又有其他修改（如“修改”）"):
        undo.undo_package(city, pkg["id"])
