"""Workbooks in the shapes real problem lists come in, built by the import tests."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from models.campaigns import create_campaign
from models.domain import Campaign, Unit
from models.exchange import mapping, preview, reader, rows, unit_names
from models.units import create_unit
from models.vocab import DEFAULT_CATEGORIES

# a county's sample list, kept in the repository (written by tests/data/make_sample_ledger.py)
FIXTURE = Path(__file__).resolve().parent / "data" / "问题清单-示例县.xlsx"
HEADER = ["序号", "问题来源", "问题描述", "责任单位", "配合单位", "督办部门", "整改时限", "状态"]


def campaign(store, year: int = 2024) -> int:
    return create_campaign(store, Campaign(name="积极应对人口老龄化", year=year))


def units(store, *names: str, kind: str = "政府部门") -> list[int]:
    return [create_unit(store, Unit(name=n, kind=kind)) for n in names]


def book(path: Path, data: list[list], *, title: str | None = "某县问题清单", merges: list[str] = (),
         header: list[str] = HEADER, sheets: dict[str, list[list]] | None = None) -> Path:
    """A sheet with an optional title row, the header, then ``data`` rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    if title:
        ws.append([title])
    ws.append(header)
    for row in data:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    for name, extra in (sheets or {}).items():
        other = wb.create_sheet(name)
        for row in extra:
            other.append(row)
    wb.save(path)
    return path


def row(n, desc, unit="县民政局", deadline="2024-12-31", source="专题调研", coop=None, sup=None, status=None):
    return [n, source, desc, unit, coop, sup, deadline, status]


def load(store, path: Path, sheet: str | None = None, default_source: str = ""):
    """Read → header → mapping → rows, the way the wizard does before the units step."""
    table = reader.read_sheet(path, sheet)
    head = mapping.find_header_row(table)
    texts = mapping.headers(table, head)
    cols, _ = mapping.mapping_for(store, texts)
    extracted = rows.extract_rows(table, head, cols, list(DEFAULT_CATEGORIES))
    return table, texts, cols, extracted


def plan_creating_all(store, extracted) -> preview.UnitPlan:
    return preview.UnitPlan(create={n.name: n.kind for n in unit_names.unknown_units(store, extracted.rows)})
